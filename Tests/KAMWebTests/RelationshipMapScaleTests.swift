import Foundation
import HTTPTypes
import KAMCore
@testable import KAMStore
import KAMTestSupport
@testable import KAMWeb
import SQLKit
import Testing

@Suite("Relationship maps at scale")
struct RelationshipMapScaleTests {
    /// 200 people, six reports to a manager: the org chart of a large account's buying centre.
    static func orgChart(_ count: Int) -> (people: [MapPerson], lines: [RelationshipMap.ReportingLine]) {
        let people = (1...Int64(count)).map {
            MapPerson(id: $0, name: PersonName(family: "P\($0)", given: ""), title: nil, department: nil, accountID: 1,
                      affiliation: .account, kind: .contact, organisation: nil, isPlaceholder: false, portrait: nil, portraitUpdatedOn: nil)
        }
        let lines = (2...Int64(count)).map { RelationshipMap.ReportingLine(report: $0, manager: ($0 - 2) / 6 + 1) }
        return (people, lines)
    }

    @Test func twoHundredPeopleFitAFewScreensWithoutOverlappingBoxes() {
        let (people, lines) = Self.orgChart(200)
        let layout = RelationshipMapLayout(people: people, lines: lines)
        #expect(layout.boxes.count == 200)
        // One box per column would be 167 leaves × 168 px ≈ 28,000 px wide; teams stacked under
        // their manager keep it to the 33 teams of the third level.
        #expect(layout.width < 6_000, Comment(rawValue: "width \(layout.width)"))
        #expect(layout.height < 1_200, Comment(rawValue: "height \(layout.height)"))
        let w = RelationshipMapLayout.boxWidth, h = RelationshipMapLayout.boxHeight
        let boxes = Array(layout.boxes.values)
        for (i, a) in boxes.enumerated() {
            #expect(a.x >= 0 && a.y >= 0 && a.x + w <= layout.width && a.y + h <= layout.height)
            for b in boxes[(i + 1)...] {
                let apart = a.x + w <= b.x || b.x + w <= a.x || a.y + h <= b.y || b.y + h <= a.y
                #expect(apart, Comment(rawValue: "boxes overlap at \(a) and \(b)"))
            }
        }
        // Managers sit above their reports.
        for line in lines {
            if let manager = layout.boxes[line.manager], let report = layout.boxes[line.report] { #expect(manager.y < report.y) }
        }
    }

    @Test(arguments: TestEngine.allCases)
    func aHairballIsDrawnByItsStrongestConnectionsAndTabledPageByPage(_ engine: TestEngine) async throws {
        try await WebHarness.run(engine) { web in
            let c = web.company
            let account = try await c.account("Hairball Holdings", owner: c.sales)
            let sales = try await web.signIn(c.sales)
            var people: [Int] = []
            for index in 0..<50 { people.append(try await ConnectionAPITests.person(web, sales, "P\(index)", at: account.id)) }
            // 1,600 connections, more than the drawing keeps; written past the API, which is not what is tested.
            var rows: [String] = []
            for (index, pair) in people.flatMap({ a in people.filter { $0 != a }.map { (a, $0) } }).prefix(1_600).enumerated() {
                let status = index % 3 == 0 ? "verified" : "hypothesis"
                rows.append("('influence', \(pair.0), \(pair.1), \(index % 5 + 1), 'neutral', '\(status)', \(account.id), 1, 0, 0)")
            }
            let values = rows
            try await web.store.database.write { db in
                for chunk in stride(from: 0, to: values.count, by: 400) {
                    try await db.raw(SQLQueryString("""
                        INSERT INTO person_connections (kind, from_person_id, to_person_id, strength, stance, status, account_id,
                            version, created_at, updated_at) VALUES \(values[chunk..<min(values.count, chunk + 400)].joined(separator: ", "))
                        """)).run()
                }
            }
            let page = try await web.send(.get, "/accounts/\(account.id)/map", cookie: sales)
            #expect(page.status == .ok)
            let html = page.text
            #expect(html.contains("id=\"map-drawing-capped\""))
            #expect(html.components(separatedBy: "class=\"connection influence\"").count - 1 == RelationshipMapModel.drawnConnectionsAtMost)
            #expect(html.contains("Connections 1–500 of 1,600"))
            #expect(html.contains("id=\"map-connections-next\""))
            #expect(!html.contains("id=\"map-connections-previous\""))
            let last = try await web.send(.get, "/accounts/\(account.id)/map?page=3", cookie: sales).text
            #expect(last.contains("Connections 1,501–1,600 of 1,600"))
            #expect(last.contains("id=\"map-connections-previous\"") && !last.contains("id=\"map-connections-next\""))
            // Hypotheses hidden: 534 verified connections, all drawn, two table pages.
            let verified = try await web.send(.get, "/accounts/\(account.id)/map?hypotheses=hide", cookie: sales).text
            #expect(!verified.contains("id=\"map-drawing-capped\""))
            #expect(verified.contains("Connections 1–500 of 534"))
            #expect(verified.contains("hypotheses=hide&amp;page=1"))
        }
    }

    @Test(arguments: TestEngine.allCases)
    func theDrawingShowsEveryoneAndThePeopleTablePagesBy500(_ engine: TestEngine) async throws {
        try await WebHarness.run(engine) { web in
            let c = web.company
            let account = try await c.account("Crowded Holdings", owner: c.sales)
            let sales = try await web.signIn(c.sales)
            let first = try await ConnectionAPITests.person(web, sales, "Head", at: account.id)
            // 1,199 more people under the head, written past the API, which is not what is tested.
            let ids = (1...1_199).map { Int64(first) + Int64($0) * 7 }
            try await web.store.database.write { db in
                for chunk in stride(from: 0, to: ids.count, by: 300) {
                    let slice = ids[chunk..<min(ids.count, chunk + 300)]
                    try await db.raw(SQLQueryString("""
                        INSERT INTO key_persons (id, family_name, given_name, name_search, phones, legal_basis, created_at, updated_at)
                        VALUES \(slice.map { "(\($0), 'Crowd\($0)', 'X', 'crowd\($0) x', '[]', 'legitimate_interest', 0, 0)" }.joined(separator: ", "))
                        """)).run()
                    try await db.raw(SQLQueryString("""
                        INSERT INTO employments (person_id, account_id, title, reports_to_id, position)
                        VALUES \(slice.map { "(\($0), \(account.id), 'Staff', \(first), 0)" }.joined(separator: ", "))
                        """)).run()
                }
            }
            let html = try await web.send(.get, "/accounts/\(account.id)/map", cookie: sales).text
            #expect(html.components(separatedBy: "class=\"person account\"").count - 1 == 1_200)
            let table = (html.components(separatedBy: "id=\"map-people\"").last ?? "").components(separatedBy: "</table>").first ?? ""
            #expect(table.components(separatedBy: "<tr>").count - 2 == 500)
            #expect(html.contains("People 1–500 of 1,200") && html.contains("id=\"map-people-next\""))
            #expect(html.contains("people_page=1#map-people"))
            let last = try await web.send(.get, "/accounts/\(account.id)/map?people_page=2&page=0", cookie: sales).text
            #expect(last.contains("People 1,001–1,200 of 1,200") && !last.contains("id=\"map-people-next\""))
            #expect(last.contains("id=\"map-people-previous\""))
            // Four pickers of 1,200 names would be most of the page: they type ahead over one shared list.
            let list = (html.components(separatedBy: "<datalist id=\"map-people-choices\">").last ?? "").components(separatedBy: "</datalist>").first ?? ""
            #expect(list.components(separatedBy: "<option value=").count - 1 == 1_200)
            #expect(html.components(separatedBy: "list=\"map-people-choices\"").count - 1 == 4)
            #expect(!html.contains("<select name=\"from\"") && !html.contains("<select name=\"fromPersonID\""))
            let typed = try await web.send(.get, "/accounts/\(account.id)/map?to=\(ids[5])&from=\(first)", cookie: sales).text
            #expect(typed.contains("id=\"path-hops\"") && typed.contains("value=\"\(ids[5])\""))
            // Each box is drawn from shared shapes: the whole page stays well under a kilobyte a person.
            #expect(html.utf8.count < 1_200 * 1_000, Comment(rawValue: "\(html.utf8.count) bytes"))
        }
    }
}
