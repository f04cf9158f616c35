import Foundation
import HTTPTypes
import KAMCore
import KAMTestSupport
import KAMWeb
import Testing

@Suite("Account team API")
struct TeamAPITests {
    @Test(arguments: TestEngine.allCases)
    func teamMembersGainAccessThroughTheAPIAndOutsidersSeeNothing(_ engine: TestEngine) async throws {
        try await WebHarness.run(engine) { web in
            let c = web.company
            let account = try await c.account("Iron Triangle Bank", owner: c.otherSales)
            let owner = try await web.signIn(c.otherSales)
            let expert = try await web.signIn(c.expert)

            // Outside the team: 404 for the account and its team, nothing in lists or exports.
            #expect(try await web.send(.get, "/api/v1/accounts/\(account.id)", cookie: expert).status == .notFound)
            #expect(try await web.send(.get, "/api/v1/accounts/\(account.id)/team", cookie: expert).status == .notFound)
            #expect(try await web.send(.get, "/api/v1/accounts?q=Iron", cookie: expert).items().isEmpty)
            let exportBefore = try await web.send(.get, "/api/v1/exports/accounts.csv", cookie: expert)
            #expect(!exportBefore.text.contains("Iron Triangle Bank"))

            let added = try await web.send(.post, "/api/v1/accounts/\(account.id)/team", cookie: owner,
                                           json: ["userID": c.expert.id, "role": "customer_lead_expert", "access": "read"])
            #expect(added.status == .created)
            #expect(added.headers[.eTag] == "\"1\"")
            let memberID = try added.jsonObject()["id"] as? Int ?? 0
            #expect(added.headers[.location] == "/api/v1/team-members/\(memberID)")
            #expect(try added.jsonObject()["userName"] as? String == "Expert")

            // On the team with read access: sees the account, its team and the export row; cannot edit.
            #expect(try await web.send(.get, "/api/v1/accounts/\(account.id)", cookie: expert).status == .ok)
            #expect(try await web.send(.get, "/api/v1/accounts/\(account.id)/team", cookie: expert).items().count == 1)
            #expect(try await web.send(.get, "/api/v1/exports/accounts.csv", cookie: expert).text.contains("Iron Triangle Bank"))
            let denied = try await web.send(.patch, "/api/v1/accounts/\(account.id)", cookie: expert, json: ["name": "x"],
                                            headers: [.ifMatch: "\"1\""])
            #expect(denied.status == .forbidden)
            let selfPromotion = try await web.send(.patch, "/api/v1/team-members/\(memberID)", cookie: expert, json: ["access": "edit"],
                                                   headers: [.ifMatch: "\"1\""])
            #expect(selfPromotion.status == .forbidden)

            // The owner grants edit; a stale If-Match is refused with 412.
            let granted = try await web.send(.patch, "/api/v1/team-members/\(memberID)", cookie: owner, json: ["access": "edit"],
                                             headers: [.ifMatch: "\"1\""])
            #expect(granted.status == .ok)
            #expect(try granted.jsonObject()["access"] as? String == "edit")
            let stale = try await web.send(.patch, "/api/v1/team-members/\(memberID)", cookie: owner, json: ["access": "read"],
                                           headers: [.ifMatch: "\"1\""])
            #expect(stale.status == .preconditionFailed)
            let edited = try await web.send(.patch, "/api/v1/accounts/\(account.id)", cookie: expert, json: ["description": "from the expert"],
                                            headers: [.ifMatch: "\"1\""])
            #expect(edited.status == .ok)

            // Removing the member takes the access away again.
            #expect(try await web.send(.delete, "/api/v1/team-members/\(memberID)", cookie: owner, headers: [.ifMatch: "\"2\""]).status == .noContent)
            #expect(try await web.send(.get, "/api/v1/accounts/\(account.id)", cookie: expert).status == .notFound)
            let history = try await web.send(.get, "/api/v1/accounts/\(account.id)/history", cookie: owner)
            #expect(try history.items().compactMap { $0["entity"] as? String }.filter { $0 == "account_team_member" }.count == 3)
        }
    }

    @Test(arguments: TestEngine.allCases)
    func badMembershipInputListsEveryFieldAndWritesNothing(_ engine: TestEngine) async throws {
        try await WebHarness.run(engine) { web in
            let c = web.company
            let account = try await c.account("Input Bank", owner: c.otherSales)
            let owner = try await web.signIn(c.otherSales)
            let bad = try await web.send(.post, "/api/v1/accounts/\(account.id)/team", cookie: owner,
                                         json: ["role": "wizard", "access": "admin", "from": "2026-02-30", "colour": "red"])
            #expect(bad.status == .unprocessableContent)
            #expect(try bad.problemFields() == ["userID", "role", "access", "from", "colour"])
            // A wrong type and a domain rule in one request: both reported at once.
            let mixed = try await web.send(.post, "/api/v1/accounts/\(account.id)/team", cookie: owner,
                                           json: ["userID": c.otherSales.id, "role": "wizard", "from": "2026-05-01", "to": "2026-01-01"])
            #expect(try mixed.problemFields() == ["role", "userID", "to"])
            let owned = try await web.send(.post, "/api/v1/accounts/\(account.id)/team", cookie: owner,
                                           json: ["userID": c.otherSales.id, "role": "expert", "from": "2026-05-01", "to": "2026-01-01"])
            #expect(owned.status == .unprocessableContent)
            #expect(try owned.problemFields() == ["userID", "to"])
            #expect(try await web.store.database.count("account_team_members") == 0)
        }
    }
}

@Suite("Iron triangle report")
struct IronTriangleReportTests {
    @Test(arguments: TestEngine.allCases)
    func incompleteTrianglesAreReportedAndFlaggedUntilFilled(_ engine: TestEngine) async throws {
        try await WebHarness.run(engine) { web in
            let c = web.company
            let key = try await c.account("Triangle Bank", owner: c.sales)
            let hidden = try await c.account("Hidden Bank", owner: c.otherSales)
            let admin = try await c.caller(c.admin)
            for account in [key, hidden] {
                var version = account.version
                for status in ["candidate", "qualified"] {
                    version = try await web.store.accounts.move(account.id, MoveRequest(field: .status, to: status, reason: "review"),
                                                                expectedVersion: version, caller: admin).version
                }
            }
            let sales = try await web.signIn(c.sales)
            let report = try await web.send(.get, "/api/v1/reports/iron-triangle", cookie: sales)
            let items = try report.items()
            // Only what the caller may see: the other salesperson's key account is not in their report.
            #expect(items.map { $0["name"] as? String } == ["Triangle Bank"])
            #expect(items.first?["missing"] as? [String] == ["customer_lead_expert", "solution_manager"])
            #expect(items.first?["needsLeadExpert"] as? Bool == true)
            let page = try await web.send(.get, "/accounts/\(key.id)", cookie: sales)
            #expect(page.text.contains("id=\"needs-lead-expert\""))
            #expect(try await web.send(.get, "/reports/iron-triangle", cookie: sales).text.contains("Triangle Bank"))

            for (user, role) in [(c.expert, "customer_lead_expert"), (c.director, "solution_manager")] {
                let added = try await web.send(.post, "/api/v1/accounts/\(key.id)/team", cookie: sales, json: ["userID": user.id, "role": role])
                #expect(added.status == .created)
            }
            #expect(try await web.send(.get, "/api/v1/reports/iron-triangle", cookie: sales).items().isEmpty)
            let filled = try await web.send(.get, "/accounts/\(key.id)", cookie: sales)
            #expect(!filled.text.contains("id=\"needs-lead-expert\"") && filled.text.contains("Expert"))
            #expect(try await web.send(.get, "/reports/iron-triangle", cookie: sales).text.contains("id=\"triangle-complete\""))
        }
    }
}
