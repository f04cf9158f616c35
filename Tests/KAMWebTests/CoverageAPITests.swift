import Foundation
import HTTPTypes
import KAMCore
import KAMTestSupport
import KAMWeb
import Testing

@Suite("Sales teams and coverage API")
struct CoverageAPITests {
    @Test(arguments: TestEngine.allCases)
    func coveringAnAccountLetsTheCovererAndTheirManagerSeeItEverywhereButNotEditIt(_ engine: TestEngine) async throws {
        try await WebHarness.run(engine) { web in
            let c = web.company
            let account = try await c.account("Coverage Heavy Industries", owner: c.otherSales)
            let admin = try await web.signIn(c.admin)
            let sales = try await web.signIn(c.sales)
            let director = try await web.signIn(c.director)

            for cookie in [sales, director] {
                #expect(try await web.send(.get, "/api/v1/accounts/\(account.id)", cookie: cookie).status == .notFound)
                #expect(try await web.send(.get, "/api/v1/accounts?q=Coverage", cookie: cookie).items().isEmpty)
            }
            // Neither the salesperson nor a director who cannot see the account may cover it.
            let refused = try await web.send(.post, "/api/v1/accounts/\(account.id)/coverage", cookie: director,
                                             json: ["line": "regional", "userID": c.sales.id])
            #expect(refused.status == .notFound)

            let added = try await web.send(.post, "/api/v1/accounts/\(account.id)/coverage", cookie: admin,
                                           json: ["line": "regional", "userID": c.sales.id])
            #expect(added.status == .created)
            let coverageID = try added.jsonObject()["id"] as? Int ?? 0
            #expect(try added.jsonObject()["coveredBy"] as? String == "Sales")

            for cookie in [sales, director] {
                #expect(try await web.send(.get, "/api/v1/accounts/\(account.id)", cookie: cookie).status == .ok)
                let listed = try await web.send(.get, "/api/v1/accounts?q=Coverage", cookie: cookie)
                #expect(try listed.items().map { $0["id"] as? Int } == [Int(account.id)])
                #expect(try listed.jsonObject()["total"] as? Int == 1)
                #expect(try await web.send(.get, "/api/v1/exports/accounts.csv", cookie: cookie).text.contains("Coverage Heavy Industries"))
            }
            // Coverage reads; it does not edit. The director above edits what they see.
            let edit = try await web.send(.patch, "/api/v1/accounts/\(account.id)", cookie: sales, json: ["description": "x"],
                                          headers: [.ifMatch: "\"1\""])
            #expect(edit.status == .forbidden)
            let salesRecover = try await web.send(.post, "/api/v1/accounts/\(account.id)/coverage", cookie: sales,
                                                  json: ["line": "industry", "userID": c.sales.id])
            #expect(salesRecover.status == .forbidden)

            // Ending the coverage today takes the access away again; the row stays as history.
            let ended = try await web.send(.patch, "/api/v1/coverage/\(coverageID)", cookie: director,
                                           json: ["to": web.store.today().description], headers: [.ifMatch: "\"1\""])
            #expect(ended.status == .ok)
            #expect(try await web.send(.get, "/api/v1/accounts/\(account.id)", cookie: sales).status == .notFound)
            #expect(try await web.send(.get, "/api/v1/accounts/\(account.id)/coverage", cookie: admin).items().count == 1)
        }
    }

    @Test(arguments: TestEngine.allCases)
    func aSalesTeamCoversForAllItsMembers(_ engine: TestEngine) async throws {
        try await WebHarness.run(engine) { web in
            let c = web.company
            let account = try await c.account("Team Covered Telecom", owner: c.otherSales, industry: .telecom)
            let admin = try await web.signIn(c.admin)
            let expert = try await web.signIn(c.expert)
            let team = try await web.send(.post, "/api/v1/sales-teams", cookie: admin,
                                          json: ["name": "Telecom desk", "leaderID": c.director.id, "memberIDs": [c.expert.id]])
            #expect(team.status == .created)
            let teamID = try team.jsonObject()["id"] as? Int ?? 0
            #expect(Set(try team.jsonObject()["memberIDs"] as? [Int] ?? []) == [Int(c.director.id), Int(c.expert.id)])
            let covered = try await web.send(.post, "/api/v1/accounts/\(account.id)/coverage", cookie: admin,
                                             json: ["line": "industry", "salesTeamID": teamID])
            #expect(covered.status == .created)
            #expect(try await web.send(.get, "/api/v1/accounts/\(account.id)", cookie: expert).status == .ok)

            // Leaving the team leaves the coverage.
            let changed = try await web.send(.patch, "/api/v1/sales-teams/\(teamID)", cookie: admin, json: ["memberIDs": [Int]()],
                                             headers: [.ifMatch: "\"1\""])
            #expect(changed.status == .ok)
            #expect(try await web.send(.get, "/api/v1/accounts/\(account.id)", cookie: expert).status == .notFound)
            // Only administrators and directors shape teams, and a director only from their own people:
            // joining another branch's team would open its accounts to them.
            let refused = try await web.send(.post, "/api/v1/sales-teams", cookie: expert, json: ["name": "Mine"])
            #expect(refused.status == .forbidden)
            let director = try await web.signIn(c.director)
            let outsider = try await web.send(.post, "/api/v1/sales-teams", cookie: director,
                                              json: ["name": "Mixed", "memberIDs": [c.sales.id, c.otherSales.id]])
            #expect(try outsider.problemFields() == ["memberIDs[1]"])
            let own = try await web.send(.post, "/api/v1/sales-teams", cookie: director, json: ["name": "Mine", "memberIDs": [c.sales.id]])
            #expect(own.status == .created)
            let foreign = try await web.send(.post, "/api/v1/sales-teams", cookie: admin, json: ["name": "Other branch", "memberIDs": [c.otherSales.id]])
            let foreignID = try foreign.jsonObject()["id"] as? Int ?? 0
            let takeover = try await web.send(.patch, "/api/v1/sales-teams/\(foreignID)", cookie: director,
                                              json: ["memberIDs": [c.director.id, c.otherSales.id]], headers: [.ifMatch: "\"1\""])
            #expect(takeover.status == .forbidden)
        }
    }

    @Test(arguments: TestEngine.allCases)
    func badCoverageIsRefusedWithEveryFieldNamedAndNothingWritten(_ engine: TestEngine) async throws {
        try await WebHarness.run(engine) { web in
            let c = web.company
            let account = try await c.account("Careful Bank", owner: c.sales)
            let admin = try await web.signIn(c.admin)
            // A deactivated user cannot cover anything.
            let version = try await web.send(.get, "/api/v1/users/\(c.readOnly.id)", cookie: admin).headers[.eTag] ?? ""
            let gone = try await web.send(.patch, "/api/v1/users/\(c.readOnly.id)", cookie: admin, json: ["active": false],
                                          headers: [.ifMatch: version])
            #expect(gone.status == .ok)
            let deleted = try await web.send(.post, "/api/v1/accounts/\(account.id)/coverage", cookie: admin,
                                             json: ["line": "regional", "userID": c.readOnly.id, "from": "2026-02-01", "to": "2026-01-01"])
            #expect(deleted.status == .unprocessableContent)
            #expect(try deleted.problemFields() == ["userID", "to"])
            let both = try await web.send(.post, "/api/v1/accounts/\(account.id)/coverage", cookie: admin,
                                          json: ["line": "solution", "userID": c.sales.id, "salesTeamID": 1])
            #expect(try both.problemFields() == ["salesTeamID"])
            let neither = try await web.send(.post, "/api/v1/accounts/\(account.id)/coverage", cookie: admin, json: ["line": "nowhere"])
            #expect(try neither.problemFields() == ["line", "userID"])
            _ = try await web.send(.post, "/api/v1/accounts/\(account.id)/coverage", cookie: admin, json: ["line": "support", "userID": c.expert.id])
            let twice = try await web.send(.post, "/api/v1/accounts/\(account.id)/coverage", cookie: admin, json: ["line": "support", "userID": c.expert.id])
            #expect(try twice.problemFields() == ["userID"])
            #expect(try await web.send(.get, "/api/v1/accounts/\(account.id)/coverage", cookie: admin).items().count == 1)
            let badTeam = try await web.send(.post, "/api/v1/sales-teams", cookie: admin, json: ["name": "", "memberIDs": [c.readOnly.id, 999]])
            #expect(try badTeam.problemFields() == ["name", "memberIDs[0]", "memberIDs[1]"])
            #expect(try await web.send(.get, "/api/v1/sales-teams", cookie: admin).items().isEmpty)
        }
    }

    @Test(arguments: TestEngine.allCases)
    func theMatrixShowsGapsAndOverlapsOverWhatTheCallerSees(_ engine: TestEngine) async throws {
        try await WebHarness.run(engine) { web in
            let c = web.company
            let full = try await c.account("Alpha Fully Covered", owner: c.sales)
            let doubled = try await c.account("Beta Doubled", owner: c.sales)
            _ = try await c.account("Gamma Hidden", owner: c.otherSales)
            let admin = try await web.signIn(c.admin)
            for line in CoverageLine.allCases {
                _ = try await web.send(.post, "/api/v1/accounts/\(full.id)/coverage", cookie: admin, json: ["line": line.rawValue, "userID": c.sales.id])
            }
            _ = try await web.send(.post, "/api/v1/accounts/\(doubled.id)/coverage", cookie: admin, json: ["line": "regional", "userID": c.sales.id])
            _ = try await web.send(.post, "/api/v1/accounts/\(doubled.id)/coverage", cookie: admin, json: ["line": "regional", "userID": c.director.id])

            let sales = try await web.signIn(c.sales)
            let matrix = try await web.send(.get, "/api/v1/reports/coverage-matrix", cookie: sales).jsonObject()
            let rows = matrix["rows"] as? [[String: Any]] ?? []
            #expect(rows.map { $0["name"] as? String } == ["Alpha Fully Covered", "Beta Doubled"])
            let states = rows.map { ($0["cells"] as? [[String: Any]] ?? []).map { $0["state"] as? String ?? "" } }
            #expect(states == [["covered", "covered", "covered", "covered"], ["overlap", "gap", "gap", "gap"]])
            let problems = try await web.send(.get, "/api/v1/reports/coverage-matrix?problems=true", cookie: sales).jsonObject()
            #expect((problems["rows"] as? [[String: Any]] ?? []).map { $0["name"] as? String } == ["Beta Doubled"])
            let everyone = try await web.send(.get, "/api/v1/reports/coverage-matrix?problems=true", cookie: admin).jsonObject()
            #expect((everyone["rows"] as? [[String: Any]] ?? []).map { $0["name"] as? String } == ["Beta Doubled", "Gamma Hidden"])
            #expect(try await web.send(.get, "/api/v1/reports/coverage-matrix?region=mars", cookie: sales).status == .unprocessableContent)
        }
    }
}
