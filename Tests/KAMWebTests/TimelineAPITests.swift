import Foundation
import HTTPTypes
import KAMCore
import KAMTestSupport
import KAMWeb
import Testing

@Suite("An account's timeline")
struct TimelineAPITests {
    @Test(arguments: TestEngine.allCases)
    func theTimelineMergesEverySourceNewestFirstAndPagesWithoutGapsOrRepeats(_ engine: TestEngine) async throws {
        try await WebHarness.run(engine) { web in
            let c = web.company
            let admin = try await web.signIn(c.admin)
            let sales = try await web.signIn(c.sales)
            let account = try await c.account("Timeline Bank", owner: c.sales)
            let person = try await ActivityAPITests.person(web, admin, "Tanaka", at: account.id)
            // The account's own day: moves and deals recorded now fall on it in the account's time zone.
            let today = Timeline.day(of: Date(), in: TimeZone(identifier: account.timeZone)!)
            for (i, day) in [today, today.adding(days: -40), today, today.adding(days: -3), today.adding(days: -400)].enumerated() {
                let made = try await web.send(.post, "/api/v1/accounts/\(account.id)/activities", cookie: sales,
                                              json: ["kind": "visit", "occurredOn": day.description, "subject": "Visit \(i)", "theirParticipants": [person],
                                                     "portraitUpdates": i == 0 ? [["personID": person, "closeness": 3, "recognition": 3, "priceAcceptance": 3]] : []])
                #expect(made.status == .created, Comment(rawValue: made.text))
            }
            let moved = try await web.send(.post, "/api/v1/accounts/\(account.id)/moves", cookie: sales,
                                           json: ["field": "stage", "to": "stable", "reason": "Channels in place"], headers: [.ifMatch: "\"1\""])
            #expect(moved.status == .ok, Comment(rawValue: moved.text))
            let deal = try await web.send(.post, "/api/v1/opportunities", cookie: sales,
                                          json: ["name": "Core renewal", "accountID": account.id, "amount": ["minorUnits": 5_000_000, "currency": "JPY"]])
            #expect(deal.status == .created)

            let all = try await web.send(.get, "/api/v1/accounts/\(account.id)/timeline?limit=200", cookie: sales).jsonObject()
            let entries = all["items"] as? [[String: Any]] ?? []
            #expect(all["nextCursor"] == nil)
            // Today: the two visits (newest id first), then the portrait the first one reassessed, the move, the deal.
            let todays = entries.filter { $0["on"] as? String == today.description }
            #expect(todays.compactMap { $0["source"] as? String }.prefix(2) == ["activity", "activity"])
            #expect(todays.compactMap { $0["title"] as? String }.prefix(2) == ["Visit 2", "Visit 0"])
            let sources = todays.compactMap { $0["source"] as? String }
            #expect(sources.firstIndex(of: "portrait")! < sources.firstIndex(of: "move")! && sources.last == "opportunity")
            #expect(entries.first { $0["source"] as? String == "move" }?["to"] as? String == "stable")
            #expect(entries.first { $0["source"] as? String == "opportunity" }?["title"] as? String == "Core renewal")
            let days = entries.compactMap { $0["on"] as? String }
            #expect(days == days.sorted(by: >))
            #expect(entries.last?["title"] as? String == "Visit 4")

            // Paging two at a time gives the same sequence: nothing lost, nothing twice.
            var paged: [String] = []
            var cursor: String?
            var pages = 0
            repeat {
                let page = try await web.send(.get, "/api/v1/accounts/\(account.id)/timeline?limit=2" + (cursor.map { "&cursor=\($0)" } ?? ""),
                                              cookie: sales).jsonObject()
                paged += (page["items"] as? [[String: Any]] ?? []).map { "\($0["source"] ?? "")-\($0["id"] ?? "")" }
                cursor = page["nextCursor"] as? String
                pages += 1
            } while cursor != nil && pages < 50
            #expect(paged == entries.map { "\($0["source"] ?? "")-\($0["id"] ?? "")" })

            let onlyMoves = try await web.send(.get, "/api/v1/accounts/\(account.id)/timeline?sources=move", cookie: sales).items()
            #expect(onlyMoves.count == 1)
            let bad = try await web.send(.get, "/api/v1/accounts/\(account.id)/timeline?sources=gossip&limit=x", cookie: sales)
            #expect(try bad.problemFields() == ["limit", "sources"])
            #expect(try await web.send(.get, "/api/v1/accounts/\(account.id)/timeline?cursor=2026-01-01_move_x_1", cookie: sales).problemFields()
                    == ["cursor"])
            #expect(try await web.send(.get, "/api/v1/accounts/\(account.id)/timeline", cookie: try await web.signIn(c.otherSales)).status
                    == .notFound)

            // The page shows the same story, escaped, with a link to older entries when there are more.
            let page = try await web.send(.get, "/accounts/\(account.id)/timeline", cookie: sales)
            #expect(page.status == .ok && page.text.contains("Visit 0") && page.text.contains("Core renewal") && page.text.contains("Channels in place"))
        }
    }
}
