import Foundation
import HTTPTypes
import KAMCore
import KAMTestSupport
import KAMWeb
import Testing

@Suite("Decision chains per opportunity")
struct DecisionChainAPITests {
    @Test(arguments: TestEngine.allCases)
    func aChainHasRolesAttitudesItsOwnConnectionsAndFindsIndirectKeyPersons(_ engine: TestEngine) async throws {
        try await WebHarness.run(engine) { web in
            let c = web.company
            let account = try await c.account("Chain Logistics", owner: c.sales, industry: .logistics)
            let sales = try await web.signIn(c.sales)
            let ceo = try await ConnectionAPITests.person(web, sales, "Ceo", at: account.id)
            let cfo = try await ConnectionAPITests.person(web, sales, "Cfo", at: account.id, reportsTo: ceo)
            let advisor = try await ConnectionAPITests.person(web, sales, "Advisor", at: account.id)
            let deal = try await web.send(.post, "/api/v1/opportunities", cookie: sales,
                                          json: ["name": "Fleet renewal", "accountID": account.id, "amount": ["minorUnits": 500_000, "currency": "EUR"]])
            let dealID = try deal.jsonObject()["id"] as? Int ?? 0
            // Account-wide the advisor barely counts; on this deal the CEO listens to them.
            #expect(try await web.send(.post, "/api/v1/connections", cookie: sales,
                                       json: ["fromPersonID": advisor, "toPersonID": ceo, "strength": 2]).status == .created)
            #expect(try await web.send(.post, "/api/v1/connections", cookie: sales,
                                       json: ["fromPersonID": advisor, "toPersonID": ceo, "strength": 5, "opportunityID": dealID,
                                              "status": "verified"]).status == .created)
            #expect(try await web.send(.post, "/api/v1/connections", cookie: sales,
                                       json: ["fromPersonID": cfo, "toPersonID": ceo, "strength": 4]).status == .created)

            let empty = try await web.send(.get, "/api/v1/opportunities/\(dealID)/decision-chain", cookie: sales)
            #expect(empty.status == .ok)
            #expect(try empty.jsonObject()["version"] as? Int == 0)
            let saved = try await web.send(.put, "/api/v1/opportunities/\(dealID)/decision-chain", cookie: sales, json: ["entries": [
                ["personID": ceo, "role": "decision_maker", "current": ["closeness": 2, "recognition": 3, "priceAcceptance": 2],
                 "target": ["closeness": 4, "recognition": 4, "priceAcceptance": 3]],
                ["personID": cfo, "role": "evaluator"],
                ["personID": advisor, "role": "coach", "note": "Knows the board"],
            ]])
            #expect(saved.status == .ok)
            let body = try saved.jsonObject()
            #expect(body["version"] as? Int == 1)
            let entries = body["entries"] as? [[String: Any]] ?? []
            #expect(entries.map { $0["role"] as? String } == ["decision_maker", "evaluator", "coach"])
            #expect((entries[0]["target"] as? [String: Any])?["closeness"] as? Int == 4)
            // The deal's own connection replaces the account-wide one between the same two people.
            let map = body["map"] as? [String: Any] ?? [:]
            let strengths = (map["connections"] as? [[String: Any]] ?? []).filter { $0["fromPersonID"] as? Int == advisor }.map { $0["strength"] as? Int }
            #expect(strengths == [5])
            // The advisor sways the decision maker from outside their reporting line; the CFO is in it.
            let indirect = body["indirectKeyPersons"] as? [[String: Any]] ?? []
            #expect(indirect.map { $0["personID"] as? Int } == [advisor])
            #expect(indirect.first?["path"] as? [Int] == [advisor, ceo])
            // The decision maker is cold on this deal and nobody of ours reaches them.
            let gaps = Set((map["coverageGaps"] as? [[String: Any]] ?? []).filter { $0["personID"] as? Int == ceo }.compactMap { $0["kind"] as? String })
            #expect(gaps.isSuperset(of: ["low_closeness", "no_verified_path"]))
            // Account-wide nothing changed.
            let accountMap = try await web.send(.get, "/api/v1/accounts/\(account.id)/relationship-map", cookie: sales).jsonObject()
            #expect((accountMap["connections"] as? [[String: Any]] ?? []).filter { $0["fromPersonID"] as? Int == advisor }.map { $0["strength"] as? Int } == [2])

            // Saved whole: a second save replaces the list, a stale version is refused.
            let stale = try await web.send(.put, "/api/v1/opportunities/\(dealID)/decision-chain", cookie: sales,
                                           json: ["entries": [["personID": ceo, "role": "approver"]]], headers: [.ifMatch: "\"0\""])
            #expect(stale.status == .preconditionFailed)
            let replaced = try await web.send(.put, "/api/v1/opportunities/\(dealID)/decision-chain", cookie: sales,
                                              json: ["entries": [["personID": ceo, "role": "approver"]]], headers: [.ifMatch: "\"1\""])
            #expect(try replaced.jsonObject()["version"] as? Int == 2)
            #expect((try replaced.jsonObject()["entries"] as? [[String: Any]] ?? []).count == 1)
            let history = try await web.send(.get, "/api/v1/accounts/\(account.id)/history", cookie: sales).text
            #expect(history.contains("\"entity\":\"decision_chain\""))
        }
    }

    @Test(arguments: TestEngine.allCases)
    func aDealHasReportingLinesOfItsOwnOverTheOrgChart(_ engine: TestEngine) async throws {
        try await WebHarness.run(engine) { web in
            let c = web.company
            let account = try await c.account("Deal Chart Foods", owner: c.sales, industry: .retail)
            let other = try await c.account("Elsewhere Foods", owner: c.sales, industry: .retail)
            let sales = try await web.signIn(c.sales)
            let ceo = try await ConnectionAPITests.person(web, sales, "Ceo", at: account.id)
            let cfo = try await ConnectionAPITests.person(web, sales, "Cfo", at: account.id, reportsTo: ceo)
            let cio = try await ConnectionAPITests.person(web, sales, "Cio", at: account.id, reportsTo: ceo)
            let analyst = try await ConnectionAPITests.person(web, sales, "Analyst", at: account.id, reportsTo: cio)
            let stranger = try await ConnectionAPITests.person(web, sales, "Stranger", at: other.id)
            let deal = try await web.send(.post, "/api/v1/opportunities", cookie: sales,
                                          json: ["name": "Cost study", "accountID": account.id, "amount": ["minorUnits": 90_000, "currency": "EUR"]])
            let dealID = try deal.jsonObject()["id"] as? Int ?? 0
            func line(_ manager: Int, _ report: Int, deal: Int? = dealID) -> [String: Any] {
                var body: [String: Any] = ["kind": "reporting", "fromPersonID": manager, "toPersonID": report, "strength": 2]
                if let deal { body["opportunityID"] = deal }
                return body
            }
            // On this deal the analyst works for the CFO, not for the CIO.
            let created = try await web.send(.post, "/api/v1/connections", cookie: sales, json: line(cfo, analyst))
            #expect(created.status == .created)
            let lineID = try created.jsonObject()["id"] as? Int ?? 0
            func managers(_ map: [String: Any]) -> [Int: Int] {
                Dictionary((map["reportingLines"] as? [[String: Any]] ?? []).map { ($0["report"] as? Int ?? 0, $0["manager"] as? Int ?? 0) },
                           uniquingKeysWith: { first, _ in first })
            }
            let onDeal = try await web.send(.get, "/api/v1/opportunities/\(dealID)/decision-chain", cookie: sales).jsonObject()
            #expect(managers(onDeal["map"] as? [String: Any] ?? [:]) == [cfo: ceo, cio: ceo, analyst: cfo])
            let accountMap = try await web.send(.get, "/api/v1/accounts/\(account.id)/relationship-map", cookie: sales).jsonObject()
            #expect(managers(accountMap) == [cfo: ceo, cio: ceo, analyst: cio])
            #expect((accountMap["connections"] as? [[String: Any]] ?? []).isEmpty)
            // The deal's GraphML draws the bent chart once, the account's the org chart.
            let dealGraph = try await web.send(.get, "/api/v1/accounts/\(account.id)/relationship-map/graphml?opportunity=\(dealID)", cookie: sales).text
            #expect(dealGraph.contains("source=\"\(cfo)\" target=\"\(analyst)\""))
            #expect(!dealGraph.contains("source=\"\(cio)\" target=\"\(analyst)\""))
            #expect(dealGraph.components(separatedBy: "target=\"\(analyst)\"").count == 2)
            let accountGraph = try await web.send(.get, "/api/v1/accounts/\(account.id)/relationship-map/graphml", cookie: sales).text
            #expect(accountGraph.contains("source=\"\(cio)\" target=\"\(analyst)\""))
            #expect(try await web.send(.get, "/api/v1/accounts/\(other.id)/relationship-map/graphml?opportunity=\(dealID)",
                                       cookie: sales).problemFields() == ["opportunity"])

            // Refused, nothing written: the org chart outside a deal, a second manager on the deal,
            // a loop with the chart as the deal bends it, someone from another account.
            #expect(try await web.send(.post, "/api/v1/connections", cookie: sales, json: line(cio, cfo, deal: nil)).problemFields() == ["opportunityID"])
            let second = try await web.send(.post, "/api/v1/connections", cookie: sales, json: line(cio, analyst))
            #expect(second.status == .unprocessableContent)
            #expect(try second.problemFields() == ["toPersonID"])
            let loop = try await web.send(.post, "/api/v1/connections", cookie: sales, json: line(analyst, ceo))
            #expect(loop.status == .unprocessableContent)
            #expect(try loop.problemFields() == ["fromPersonID"])
            #expect(try await web.send(.post, "/api/v1/connections", cookie: sales, json: line(stranger, cio)).problemFields() == ["fromPersonID"])
            let all = try await web.send(.get, "/api/v1/accounts/\(account.id)/connections", cookie: sales).items()
            #expect(all.map { $0["id"] as? Int } == [lineID])

            // Moving the line to the CIO is allowed: it replaces the deal's own line, not a second one.
            let moved = try await web.send(.patch, "/api/v1/connections/\(lineID)", cookie: sales, json: ["fromPersonID": cio],
                                           headers: [.ifMatch: "\"1\""])
            #expect(moved.status == .ok)
            let page = try await web.send(.get, "/accounts/\(account.id)/map?opportunity=\(dealID)", cookie: sales).text
            #expect(page.contains("value=\"reporting\""))
            #expect(page.contains("/relationship-map/graphml?opportunity=\(dealID)"))
            let accountPage = try await web.send(.get, "/accounts/\(account.id)/map", cookie: sales).text
            #expect(!accountPage.contains("value=\"reporting\""))
        }
    }

    @Test(arguments: TestEngine.allCases)
    func badChainsAreRefusedEntryByEntryAndOutsidersSeeNothing(_ engine: TestEngine) async throws {
        try await WebHarness.run(engine) { web in
            let c = web.company
            let account = try await c.account("Refused Chain Energy", owner: c.sales, industry: .energy)
            let sales = try await web.signIn(c.sales)
            let ceo = try await ConnectionAPITests.person(web, sales, "Ceo", at: account.id)
            let deal = try await web.send(.post, "/api/v1/opportunities", cookie: sales,
                                          json: ["name": "Grid", "accountID": account.id, "amount": ["minorUnits": 1, "currency": "EUR"]])
            let dealID = try deal.jsonObject()["id"] as? Int ?? 0
            let audit = try await web.store.database.count("audit_log")
            let bad = try await web.send(.put, "/api/v1/opportunities/\(dealID)/decision-chain", cookie: sales, json: ["entries": [
                ["personID": ceo, "role": "decision_maker", "current": ["closeness": 6, "recognition": 3, "priceAcceptance": 0]],
                ["personID": ceo, "role": "kingmaker"],
                ["personID": 987_654, "role": "user", "target": ["closeness": 3]],
            ]])
            #expect(bad.status == .unprocessableContent)
            #expect(try bad.problemFields() == ["entries[0].current.closeness", "entries[0].current.priceAcceptance", "entries[1].role",
                                                 "entries[1].personID", "entries[2].personID", "entries[2].target.recognition",
                                                 "entries[2].target.priceAcceptance"])
            #expect(try await web.store.database.count("decision_chain_entries") == 0)
            #expect(try await web.store.database.count("audit_log") == audit)
            #expect(try await web.send(.put, "/api/v1/opportunities/\(dealID)/decision-chain", cookie: sales,
                                       json: ["people": []]).problemFields() == ["people", "entries"])

            let outsider = try await web.signIn(c.otherSales)
            #expect(try await web.send(.get, "/api/v1/opportunities/\(dealID)/decision-chain", cookie: outsider).status == .notFound)
            #expect(try await web.send(.put, "/api/v1/opportunities/\(dealID)/decision-chain", cookie: outsider,
                                       json: ["entries": []]).status == .notFound)
            let readOnly = try await web.signIn(c.readOnly)
            #expect(try await web.send(.get, "/api/v1/opportunities/\(dealID)/decision-chain", cookie: readOnly).status == .ok)
            #expect(try await web.send(.put, "/api/v1/opportunities/\(dealID)/decision-chain", cookie: readOnly,
                                       json: ["entries": []]).status == .forbidden)
        }
    }

    /// Review findings: a colleague's entry for someone this caller cannot see does not lock them
    /// out of the chain, and an entry for someone in the recycle bin comes back on restore.
    @Test(arguments: TestEngine.allCases)
    func unseenAndDeletedPeopleKeepTheirEntries(_ engine: TestEngine) async throws {
        try await WebHarness.run(engine) { web in
            let c = web.company
            let account = try await c.account("Kept Entries Telecom", owner: c.sales, industry: .telecom)
            let elsewhere = try await c.account("Partner Elsewhere", owner: c.otherSales, industry: .retail)
            let sales = try await web.signIn(c.sales)
            let admin = try await web.signIn(c.admin)
            let ceo = try await ConnectionAPITests.person(web, sales, "Ceo", at: account.id)
            let temp = try await ConnectionAPITests.person(web, sales, "Temp", at: account.id)
            let partner = try await ConnectionAPITests.person(web, admin, "Partner", at: elsewhere.id)
            let deal = try await web.send(.post, "/api/v1/opportunities", cookie: sales,
                                          json: ["name": "Backbone", "accountID": account.id, "amount": ["minorUnits": 1, "currency": "EUR"]])
            let dealID = try deal.jsonObject()["id"] as? Int ?? 0
            let first = try await web.send(.put, "/api/v1/opportunities/\(dealID)/decision-chain", cookie: admin, json: ["entries": [
                ["personID": ceo, "role": "decision_maker"], ["personID": temp, "role": "user"], ["personID": partner, "role": "influencer"]]])
            #expect(first.status == .ok)
            // The salesperson cannot see the partner, yet changes the CEO's entry and keeps the rest.
            let edited = try await web.send(.put, "/api/v1/opportunities/\(dealID)/decision-chain", cookie: sales, json: ["entries": [
                ["personID": ceo, "role": "approver"], ["personID": temp, "role": "user"], ["personID": partner, "role": "influencer"]]],
                headers: [.ifMatch: "\"1\""])
            #expect(edited.status == .ok)
            // A later save needs the version it was based on.
            #expect(try await web.send(.put, "/api/v1/opportunities/\(dealID)/decision-chain", cookie: sales,
                                       json: ["entries": []]).status == .preconditionRequired)
            // Temp goes to the recycle bin; a save meanwhile does not lose their entry.
            #expect(try await web.send(.delete, "/api/v1/key-persons/\(temp)", cookie: sales, headers: [.ifMatch: "\"1\""]).status == .noContent)
            let without = try await web.send(.get, "/api/v1/opportunities/\(dealID)/decision-chain", cookie: admin)
            #expect((try without.jsonObject()["entries"] as? [[String: Any]] ?? []).compactMap { $0["personID"] as? Int } == [ceo, partner])
            #expect(try await web.send(.put, "/api/v1/opportunities/\(dealID)/decision-chain", cookie: admin, json: ["entries": [
                ["personID": ceo, "role": "decision_maker"], ["personID": partner, "role": "influencer"]]], headers: [.ifMatch: "\"2\""]).status == .ok)
            #expect(try await web.send(.post, "/api/v1/key-persons/\(temp)/restore", cookie: admin).status == .ok)
            let restored = try await web.send(.get, "/api/v1/opportunities/\(dealID)/decision-chain", cookie: admin)
            #expect(Set((try restored.jsonObject()["entries"] as? [[String: Any]] ?? []).compactMap { $0["personID"] as? Int }) == [ceo, temp, partner])
        }
    }

    /// The owner of a deal on an account they only read keeps the deal's chain and its connections,
    /// but not the account-wide map.
    @Test(arguments: TestEngine.allCases)
    func aDealsOwnerEditsItsChainAndItsConnectionsButNotTheAccountsMap(_ engine: TestEngine) async throws {
        try await WebHarness.run(engine) { web in
            let c = web.company
            let account = try await c.account("Read Only Mining", owner: c.otherSales, industry: .energy)
            let admin = try await web.signIn(c.admin)
            #expect(try await web.send(.post, "/api/v1/accounts/\(account.id)/team", cookie: admin,
                                       json: ["userID": c.sales.id, "role": "salesperson", "access": "read"]).status == .created)
            let a = try await ConnectionAPITests.person(web, admin, "Alpha", at: account.id)
            let b = try await ConnectionAPITests.person(web, admin, "Beta", at: account.id)
            let sales = try await web.signIn(c.sales)
            let deal = try await web.send(.post, "/api/v1/opportunities", cookie: sales,
                                          json: ["name": "Own deal", "accountID": account.id, "ownerID": c.sales.id,
                                                 "amount": ["minorUnits": 10, "currency": "EUR"]])
            #expect(deal.status == .created)
            let dealID = try deal.jsonObject()["id"] as? Int ?? 0
            #expect(try await web.send(.post, "/api/v1/connections", cookie: sales,
                                       json: ["fromPersonID": a, "toPersonID": b, "strength": 3]).status == .forbidden)
            let own = try await web.send(.post, "/api/v1/connections", cookie: sales,
                                         json: ["fromPersonID": a, "toPersonID": b, "strength": 3, "opportunityID": dealID])
            #expect(own.status == .created)
            let id = try own.jsonObject()["id"] as? Int ?? 0
            #expect(try await web.send(.patch, "/api/v1/connections/\(id)", cookie: sales, json: ["strength": 4],
                                       headers: [.ifMatch: "\"1\""]).status == .ok)
            #expect(try await web.send(.put, "/api/v1/opportunities/\(dealID)/decision-chain", cookie: sales,
                                       json: ["entries": [["personID": b, "role": "decision_maker"]]]).status == .ok)
            #expect(try await web.send(.delete, "/api/v1/connections/\(id)", cookie: sales, headers: [.ifMatch: "\"2\""]).status == .noContent)
        }
    }
}
