import Foundation
import HTTPTypes
import KAMCore
import KAMTestSupport
import KAMWeb
import Testing

@Suite("Investment strategy per class, the strategy library and accounts' strategies")
struct StrategyAPITests {
    static func investment(expertHoursA: Int = 120, dropD: Bool = false) -> [String: Any] {
        let rows: [[String: Any]] = [
            ["accountClass": "A", "visitsPerQuarter": 6, "executiveSponsorRequired": true, "expertHoursPerQuarter": expertHoursA, "presalesTier": 1,
             "discountAuthorityPercent": 15, "reviewCadenceMonths": 1],
            ["accountClass": "B", "visitsPerQuarter": 3, "executiveSponsorRequired": true, "expertHoursPerQuarter": 40, "presalesTier": 2,
             "discountAuthorityPercent": 10, "reviewCadenceMonths": 3],
            ["accountClass": "C", "visitsPerQuarter": 4, "executiveSponsorRequired": false, "expertHoursPerQuarter": 80, "presalesTier": 1,
             "discountAuthorityPercent": 12.5, "reviewCadenceMonths": 3],
            ["accountClass": "D", "visitsPerQuarter": 1, "executiveSponsorRequired": false, "expertHoursPerQuarter": 0, "presalesTier": 3,
             "discountAuthorityPercent": 5, "reviewCadenceMonths": 6],
        ]
        return ["classes": dropD ? Array(rows.prefix(3)) : rows]
    }

    @Test(arguments: TestEngine.allCases)
    func aClassEntitlesAnAccountAndRoutesItsPresales(_ engine: TestEngine) async throws {
        try await WebHarness.run(engine) { web in
            let c = web.company
            let admin = try await web.signIn(c.admin)
            let sales = try await web.signIn(c.sales)
            let standard = try await web.send(.get, "/api/v1/investment-strategy", cookie: sales)
            #expect(standard.status == .ok && standard.headers[.eTag] == "\"0\"")
            #expect((try standard.jsonObject()["classes"] as? [Any])?.count == 4)
            #expect(try await web.send(.put, "/api/v1/investment-strategy", cookie: sales, json: Self.investment(),
                                       headers: [.ifMatch: "\"0\""]).status == .forbidden)
            var broken = Self.investment(dropD: true)
            var rows = broken["classes"] as? [[String: Any]] ?? []
            rows[0]["visitsPerQuarter"] = -1
            rows[1]["presalesTier"] = 7
            broken["classes"] = rows
            let refused = try await web.send(.put, "/api/v1/investment-strategy", cookie: admin, json: broken, headers: [.ifMatch: "\"0\""])
            #expect(try refused.problemFields() == ["classes", "classes[0].visitsPerQuarter", "classes[1].presalesTier"])
            let saved = try await web.send(.put, "/api/v1/investment-strategy", cookie: admin, json: Self.investment(expertHoursA: 20),
                                           headers: [.ifMatch: "\"0\""])
            #expect(saved.status == .ok && saved.headers[.eTag] == "\"1\"", Comment(rawValue: saved.text))

            // An unclassified account is entitled to nothing yet; class A: a sponsor and 20 expert hours.
            let account = try await c.account("Entitled Bank", owner: c.sales)
            #expect(try await web.send(.get, "/api/v1/accounts/\(account.id)/strategy", cookie: sales).jsonObject()["entitlements"] == nil)
            try await ClassificationAPITests.move(web, admin, account.id, "class", to: "A")
            func lines() async throws -> [String: [String: Any]] {
                let strategy = try await web.send(.get, "/api/v1/accounts/\(account.id)/strategy", cookie: sales).jsonObject()
                let rows = (strategy["entitlements"] as? [String: Any])?["lines"] as? [[String: Any]] ?? []
                return Dictionary(uniqueKeysWithValues: rows.map { ($0["item"] as? String ?? "", $0) })
            }
            var check = try await lines()
            #expect(check["executive_sponsor"]?["effort"] as? String == "short" && check["expert_hours"]?["effort"] as? String == "short")
            #expect(check["visits"]?["effort"] as? String == "not_recorded" && check["discount_authority"]?["entitled"] as? String == "15")
            for (user, role, hours) in [(c.admin, "executive_sponsor", 0), (c.expert, "expert", 40)] {
                let added = try await web.send(.post, "/api/v1/accounts/\(account.id)/team", cookie: admin,
                                               json: ["userID": user.id, "role": role, "hoursPerQuarter": hours])
                #expect(added.status == .created, Comment(rawValue: added.text))
            }
            check = try await lines()
            #expect(check["executive_sponsor"]?["effort"] as? String == "in_line")
            #expect(check["expert_hours"]?["actual"] as? String == "40" && check["expert_hours"]?["effort"] as? String == "over")

            // Pre-sales queue by class, for key accounts: A is tier 1, and B's tier 2 once the strategy says so.
            try await ClassificationAPITests.move(web, admin, account.id, "status", to: "qualified")
            try await ClassificationAPITests.move(web, admin, account.id, "class", to: "B")
            func tier() async throws -> Int? {
                let request = try await web.send(.post, "/api/v1/accounts/\(account.id)/presales-requests", cookie: sales, json: ["kind": "demo"])
                #expect(request.status == .created, Comment(rawValue: request.text))
                return try request.jsonObject()["tier"] as? Int
            }
            #expect(try await tier() == 2)
            // A class left over on an account that is no longer a key account does not lift its queue.
            try await ClassificationAPITests.move(web, admin, account.id, "status", to: "disqualified")
            #expect(try await tier() == 3)
        }
    }

    @Test(arguments: TestEngine.allCases)
    func strategiesAreAssignedFromTheLibraryWithOwnerAndStatus(_ engine: TestEngine) async throws {
        try await WebHarness.run(engine) { web in
            let c = web.company
            let admin = try await web.signIn(c.admin)
            let sales = try await web.signIn(c.sales)
            let other = try await web.signIn(c.otherSales)
            let library = try await web.send(.get, "/api/v1/strategy-library", cookie: sales).jsonObject()
            let strategies = library["strategies"] as? [[String: Any]] ?? []
            #expect(Set(strategies.compactMap { $0["key"] as? String }) == ["develop", "expand", "maintain", "harvest", "recover"])
            #expect(Set(strategies.flatMap { $0["classes"] as? [String] ?? [] }) == ["A", "B", "C", "D"])
            #expect(strategies.allSatisfy { ($0["tactics"] as? [Any])?.isEmpty == false })

            let bad = try await web.send(.put, "/api/v1/strategy-library", cookie: admin, json: ["strategies": [
                ["key": "Grow Big", "name": "", "classes": ["A", "E"], "tactics": [["key": "t", "name": "T"], ["key": "t", "name": "T2"]]],
                ["key": "recover", "name": "Recover"], ["key": "recover", "name": "Again"]]], headers: [.ifMatch: "\"0\""])
            #expect(try bad.problemFields() == ["strategies[0].key", "strategies[0].name", "strategies[0].classes", "strategies[0].tactics[1].key",
                                                "strategies[2].key"])

            let account = try await c.account("Strategic Bank", owner: c.sales)
            let path = "/api/v1/accounts/\(account.id)/strategy-assignments"
            let made = try await web.send(.post, path, cookie: sales, json: ["strategyKey": "expand", "tacticKey": "cross_sell", "ownerID": c.sales.id,
                                                                              "dueOn": "2027-03-31", "note": "two lines"])
            #expect(made.status == .created, Comment(rawValue: made.text))
            let assignment = try made.jsonObject()
            #expect(assignment["strategyName"] as? String == "Expand" && assignment["tacticName"] as? String == "Cross-sell"
                && assignment["status"] as? String == "planned")
            #expect(try await web.send(.post, path, cookie: sales, json: ["strategyKey": "expand", "tacticKey": "land_reference"]).problemFields()
                == ["tacticKey"])
            #expect(try await web.send(.post, path, cookie: sales, json: ["strategyKey": "conquer", "ownerID": 999_999]).problemFields()
                == ["strategyKey"])
            #expect(try await web.send(.post, path, cookie: sales, json: ["strategyKey": "expand", "ownerID": 999_999]).problemFields() == ["ownerID"])
            #expect(try await web.send(.post, path, cookie: other, json: ["strategyKey": "expand"]).status == .notFound)

            let id = assignment["id"] as? Int ?? 0
            let done = try await web.send(.patch, "/api/v1/strategy-assignments/\(id)", cookie: sales, json: ["status": "active"],
                                          headers: [.ifMatch: "\"1\""])
            let due = try done.jsonObject()["dueOn"] as? String
            #expect(done.status == .ok && done.headers[.eTag] == "\"2\"" && due == "2027-03-31")
            #expect(try await web.send(.patch, "/api/v1/strategy-assignments/\(id)", cookie: sales, json: ["status": "done"],
                                       headers: [.ifMatch: "\"1\""]).status == .preconditionFailed)
            #expect(try await web.send(.patch, "/api/v1/strategy-assignments/\(id)", cookie: sales, json: ["strategyKey": "harvest"],
                                       headers: [.ifMatch: "\"2\""]).problemFields() == ["strategyKey"])
            #expect(try await web.send(.get, "/api/v1/strategy-assignments/\(id)", cookie: other).status == .notFound)
            let listed = try await web.send(.get, "/api/v1/accounts/\(account.id)/strategy", cookie: sales).jsonObject()
            #expect((listed["assignments"] as? [[String: Any]])?.map { $0["status"] as? String } == ["active"])

            // A library edit keeps assignments; a removed strategy shows its key.
            let saved = try await web.send(.put, "/api/v1/strategy-library", cookie: admin, json: ["strategies": [
                ["key": "harvest", "name": "Harvest", "classes": ["D"], "tactics": [["key": "remote", "name": "Remote"]]]]], headers: [.ifMatch: "\"0\""])
            #expect(saved.status == .ok, Comment(rawValue: saved.text))
            let after = try await web.send(.get, "/api/v1/strategy-assignments/\(id)", cookie: sales).jsonObject()
            #expect(after["strategyName"] as? String == "expand" && after["tacticName"] as? String == "cross_sell")

            // The page: the assign form keeps what was typed when it fails.
            let csrf = try await web.csrf(sales)
            let failed = try await web.form("/accounts/\(account.id)/strategy-assignments", cookie: sales,
                                            [("_csrf", csrf), ("strategyKey", "nonsense"), ("ownerID", String(c.sales.id)), ("note", "kept note")])
            #expect(failed.status == .unprocessableContent && failed.text.contains("kept note") && failed.text.contains("field-strategyKey-error"))
            let page = try await web.send(.get, "/accounts/\(account.id)/strategy", cookie: sales)
            #expect(page.status == .ok && page.text.contains("id=\"assignment-\(id)\""))
        }
    }
}
