import Foundation
import HTTPTypes
import KAMCore
import KAMTestSupport
import Testing

@Suite("CSV export")
struct ExportTests {
    @Test(arguments: TestEngine.allCases)
    func exportFollowsFiltersAccessAndDefusesFormulas(_ engine: TestEngine) async throws {
        try await WebHarness.run(engine) { web in
            let admin = try await web.signIn(web.company.admin)
            #expect(try await web.send(.post, "/api/v1/custom-fields", cookie: admin,
                                       json: ["key": "tier", "label": "Tier", "type": "choice", "choices": ["gold", "silver"]]).status == .created)
            for (name, owner, tier) in [("=HYPERLINK(\"http://evil\")", web.company.sales, "gold"), ("Bank, \"Quoted\"", web.company.sales, "silver"),
                                        ("Hidden from sales", web.company.otherSales, "gold")] {
                let created = try await web.send(.post, "/api/v1/accounts", cookie: admin, json: [
                    "name": name, "industry": "banking", "region": "europe", "ownerID": Int(owner.id), "customFields": ["tier": tier]])
                #expect(created.status == .created)
            }
            let sales = try await web.signIn(web.company.sales)
            let export = try await web.send(.get, "/api/v1/exports/accounts.csv", cookie: sales)
            #expect(export.status == .ok)
            #expect(export.headers[.contentType] == "text/csv; charset=utf-8")
            let lines = export.text.split(separator: "\r\n").map(String.init)
            #expect(lines.count == 3)
            #expect(lines[0].hasPrefix("\u{FEFF}id,name,industry"))
            #expect(lines[0].hasSuffix(",tier"))
            #expect(lines.contains { $0.contains(",\"'=HYPERLINK(\"\"http://evil\"\")\",") })
            #expect(lines.contains { $0.contains(",\"Bank, \"\"Quoted\"\"\",") && $0.hasSuffix(",silver") })
            #expect(!export.text.contains("Hidden from sales"))
            let filtered = try await web.send(.get, "/api/v1/exports/accounts.csv?cf.tier=gold", cookie: admin)
            #expect(filtered.text.split(separator: "\r\n").count == 3)
            #expect(try await web.send(.get, "/api/v1/exports/accounts.csv").status == .unauthorized)
        }
    }
}
