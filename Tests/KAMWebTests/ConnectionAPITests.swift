import Foundation
import HTTPTypes
import KAMCore
import KAMTestSupport
import KAMWeb
import Testing

@Suite("Influence connections and the relationship map API")
struct ConnectionAPITests {
    /// Creates a key person employed at `account` (reporting to `manager`) and returns their id.
    static func person(_ web: WebHarness, _ cookie: String, _ family: String, at account: AccountID,
                       reportsTo manager: Int? = nil) async throws -> Int {
        var job: [String: Any] = ["accountID": account, "title": "\(family) title"]
        if let manager { job["reportsToID"] = manager }
        let created = try await web.send(.post, "/api/v1/key-persons", cookie: cookie,
                                         json: ["name": ["family": family, "given": "X"], "employments": [job]])
        #expect(created.status == .created)
        return try created.jsonObject()["id"] as? Int ?? 0
    }

    @Test(arguments: TestEngine.allCases)
    func connectionsAreRecordedVerifiedVersionedAuditedAndRemoved(_ engine: TestEngine) async throws {
        try await WebHarness.run(engine) { web in
            let c = web.company
            let account = try await c.account("Influence Bank", owner: c.sales)
            let sales = try await web.signIn(c.sales)
            let ceo = try await Self.person(web, sales, "Ceo", at: account.id)
            let cfo = try await Self.person(web, sales, "Cfo", at: account.id, reportsTo: ceo)

            let created = try await web.send(.post, "/api/v1/connections", cookie: sales,
                                             json: ["fromPersonID": cfo, "toPersonID": ceo, "strength": 4, "stance": "supporter",
                                                    "evidence": "golf partners"])
            #expect(created.status == .created)
            let connection = try created.jsonObject()
            let id = connection["id"] as? Int ?? 0
            #expect(connection["accountID"] as? Int == Int(account.id))
            #expect(connection["status"] as? String == "hypothesis")
            #expect(connection["verifiedBy"] == nil)

            // Verifying records who and when; a stale version is refused and changes nothing.
            let verified = try await web.send(.patch, "/api/v1/connections/\(id)", cookie: sales, json: ["status": "verified"],
                                              headers: [.ifMatch: "\"1\""])
            #expect(verified.status == .ok)
            #expect(try verified.jsonObject()["verifiedBy"] as? Int == Int(c.sales.id))
            #expect(try verified.jsonObject()["version"] as? Int == 2)
            let stale = try await web.send(.patch, "/api/v1/connections/\(id)", cookie: sales, json: ["strength": 1],
                                           headers: [.ifMatch: "\"1\""])
            #expect(stale.status == .preconditionFailed)
            #expect(try await web.send(.get, "/api/v1/connections/\(id)", cookie: sales).jsonObject()["strength"] as? Int == 4)

            let listed = try await web.send(.get, "/api/v1/accounts/\(account.id)/connections", cookie: sales)
            #expect(try listed.items().map { $0["id"] as? Int } == [id])
            let history = try await web.send(.get, "/api/v1/accounts/\(account.id)/history", cookie: sales).text
            #expect(history.contains("\"entity\":\"connection\""))

            let removed = try await web.send(.delete, "/api/v1/connections/\(id)", cookie: sales, headers: [.ifMatch: "\"2\""])
            #expect(removed.status == .noContent)
            #expect(try await web.send(.get, "/api/v1/connections/\(id)", cookie: sales).status == .notFound)
            #expect(try await web.send(.get, "/api/v1/accounts/\(account.id)/connections", cookie: sales).items().isEmpty)
        }
    }

    @Test(arguments: TestEngine.allCases)
    func badConnectionsAreRefusedWithEachFieldNamedAndNothingWritten(_ engine: TestEngine) async throws {
        try await WebHarness.run(engine) { web in
            let c = web.company
            let account = try await c.account("Refusing Telecom", owner: c.sales, industry: .telecom)
            let sales = try await web.signIn(c.sales)
            let admin = try await web.signIn(c.admin)
            let a = try await Self.person(web, sales, "Alpha", at: account.id)
            let b = try await Self.person(web, sales, "Beta", at: account.id)
            let gone = try await Self.person(web, sales, "Gone", at: account.id)
            #expect(try await web.send(.delete, "/api/v1/key-persons/\(gone)", cookie: sales, headers: [.ifMatch: "\"1\""]).status == .noContent)
            let other = try await c.account("Elsewhere Retail", owner: c.otherSales, industry: .retail)
            let stranger = try await Self.person(web, admin, "Stranger", at: other.id)
            let before = try await web.store.database.count("person_connections")
            let audit = try await web.store.database.count("audit_log")

            let selfLoop = try await web.send(.post, "/api/v1/connections", cookie: sales,
                                              json: ["fromPersonID": a, "toPersonID": a, "strength": 6])
            #expect(selfLoop.status == .unprocessableContent)
            #expect(try selfLoop.problemFields() == ["toPersonID", "strength"])
            let unknown = try await web.send(.post, "/api/v1/connections", cookie: sales,
                                             json: ["fromPersonID": 999_999, "toPersonID": gone, "strength": 0, "stance": "hostile"])
            #expect(unknown.status == .unprocessableContent)
            #expect(try unknown.problemFields() == ["fromPersonID", "toPersonID", "strength", "stance"])
            let missing = try await web.send(.post, "/api/v1/connections", cookie: sales, json: ["fromPersonID": a])
            #expect(try missing.problemFields() == ["toPersonID", "strength"])

            // Someone else's account: its people are unknown to the salesperson, and their edit is refused.
            let foreign = try await web.send(.post, "/api/v1/connections", cookie: sales,
                                             json: ["fromPersonID": a, "toPersonID": stranger, "strength": 3])
            #expect(try foreign.problemFields() == ["toPersonID"])

            #expect(try await web.send(.post, "/api/v1/connections", cookie: sales,
                                       json: ["fromPersonID": a, "toPersonID": b, "strength": 3]).status == .created)
            let twice = try await web.send(.post, "/api/v1/connections", cookie: sales,
                                           json: ["fromPersonID": a, "toPersonID": b, "strength": 5])
            #expect(try twice.problemFields() == ["toPersonID"])
            #expect(try await web.store.database.count("person_connections") == before + 1)
            #expect(try await web.store.database.count("audit_log") == audit + 1)

            // A read-only user sees the connection and the map but changes nothing.
            let readOnly = try await web.signIn(c.readOnly)
            #expect(try await web.send(.get, "/api/v1/accounts/\(account.id)/relationship-map", cookie: readOnly).status == .ok)
            #expect(try await web.send(.post, "/api/v1/connections", cookie: readOnly,
                                       json: ["fromPersonID": b, "toPersonID": a, "strength": 3]).status == .forbidden)
            // Outsiders do not learn the map exists.
            let outsider = try await web.signIn(c.otherSales)
            #expect(try await web.send(.get, "/api/v1/accounts/\(account.id)/relationship-map", cookie: outsider).status == .notFound)
            #expect(try await web.send(.get, "/api/v1/accounts/\(account.id)/connections", cookie: outsider).status == .notFound)
        }
    }

    /// A hand-made map with known answers: the org chart (CEO ← CFO, CEO ← CTO) plus influences.
    /// Reporting lines count as influence of strength 2 from the manager unless one is recorded.
    @Test(arguments: TestEngine.allCases)
    func theMapRanksPeopleFindsTheStrongestPathAndFlagsGaps(_ engine: TestEngine) async throws {
        try await WebHarness.run(engine) { web in
            let c = web.company
            let account = try await c.account("Map Manufacturing", owner: c.sales, industry: .manufacturing)
            let sales = try await web.signIn(c.sales)
            let ceo = try await Self.person(web, sales, "Ceo", at: account.id)
            let cfo = try await Self.person(web, sales, "Cfo", at: account.id, reportsTo: ceo)
            let cto = try await Self.person(web, sales, "Cto", at: account.id, reportsTo: ceo)
            let buyer = try await Self.person(web, sales, "Buyer", at: account.id, reportsTo: cfo)
            let visitor = try await Self.person(web, sales, "Visitor", at: account.id)
            for (from, to, strength) in [(cfo, ceo, 5), (buyer, cfo, 5), (cto, cfo, 1)] {
                #expect(try await web.send(.post, "/api/v1/connections", cookie: sales,
                                           json: ["fromPersonID": from, "toPersonID": to, "strength": strength, "status": "verified"]).status == .created)
            }
            let map = try await web.send(.get, "/api/v1/accounts/\(account.id)/relationship-map", cookie: sales)
            #expect(map.status == .ok)
            let body = try map.jsonObject()
            #expect(Set((body["people"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? Int }) == [ceo, cfo, cto, buyer, visitor])
            let lines = (body["reportingLines"] as? [[String: Any]] ?? []).map { [$0["report"] as? Int ?? 0, $0["manager"] as? Int ?? 0] }
            #expect(Set(lines) == [[cfo, ceo], [cto, ceo], [buyer, cfo]])
            // PageRank on the reversed graph: whoever sways the most-swayed ranks first. The CEO
            // sways everyone through the org chart, the CFO sways the CEO with strength 5.
            let ranking = (body["influenceRanking"] as? [[String: Any]] ?? []).compactMap { $0["personID"] as? Int }
            #expect(ranking.count == 5)
            let values = (body["influenceRanking"] as? [[String: Any]] ?? []).compactMap { $0["value"] as? Double }
            #expect(abs(values.reduce(0, +) - 1) < 1e-9)
            #expect(values == values.sorted(by: >))
            // Nobody's portrait has been assessed: every person of the account is flagged.
            let gaps = (body["coverageGaps"] as? [[String: Any]] ?? []).filter { $0["kind"] as? String == "stale_portrait" }
            #expect(Set(gaps.compactMap { $0["personID"] as? Int }) == [ceo, cfo, cto, buyer, visitor])

            // Buyer → CFO (5/5) → CEO (5/5) = 1.0 beats CTO → CFO (1/5); from the CTO the org chart
            // is no way up (reporting lines run manager → report), so the only way is the weak tie.
            let best = try await web.send(.get, "/api/v1/accounts/\(account.id)/relationship-map/best-path?from=\(buyer),\(cto)&to=\(ceo)",
                                          cookie: sales)
            #expect(try best.jsonObject()["path"] as? [Int] == [buyer, cfo, ceo])
            #expect(try best.jsonObject()["product"] as? Double == 1.0)
            let weak = try await web.send(.get, "/api/v1/accounts/\(account.id)/relationship-map/best-path?from=\(cto)&to=\(ceo)", cookie: sales)
            #expect(try weak.jsonObject()["path"] as? [Int] == [cto, cfo, ceo])
            #expect(abs((try weak.jsonObject()["product"] as? Double ?? 0) - 0.2) < 1e-12)
            let hops = try weak.jsonObject()["hops"] as? [[String: Any]] ?? []
            #expect(hops.map { $0["strength"] as? Int } == [1, 5])
            let none = try await web.send(.get, "/api/v1/accounts/\(account.id)/relationship-map/best-path?from=\(ceo)&to=\(cto)", cookie: sales)
            #expect(try none.jsonObject()["path"] as? [Int] == [ceo, cto])
            // Nobody is tied to the visitor.
            let unreachable = try await web.send(.get, "/api/v1/accounts/\(account.id)/relationship-map/best-path?from=\(buyer)&to=\(visitor)",
                                                 cookie: sales)
            #expect(unreachable.status == .ok)
            #expect(unreachable.text.contains("\"path\":null"))
            let bad = try await web.send(.get, "/api/v1/accounts/\(account.id)/relationship-map/best-path?from=x&to=999999", cookie: sales)
            #expect(bad.status == .unprocessableContent)
            #expect(try bad.problemFields() == ["from[0]"])
            let offMap = try await web.send(.get, "/api/v1/accounts/\(account.id)/relationship-map/best-path?from=\(buyer)&to=999999",
                                            cookie: sales)
            #expect(try offMap.problemFields() == ["to"])

            // The org chart on another day: someone who joins in 2099 is not on today's map.
            let newcomer = try await web.send(.post, "/api/v1/key-persons", cookie: sales, json: [
                "name": ["family": "Newcomer", "given": "X"], "employments": [["accountID": account.id, "from": "2099-01-01", "reportsToID": ceo]]])
            let newcomerID = try newcomer.jsonObject()["id"] as? Int ?? 0
            func people(_ query: String) async throws -> Set<Int> {
                let body = try await web.send(.get, "/api/v1/accounts/\(account.id)/relationship-map\(query)", cookie: sales).jsonObject()
                return Set((body["people"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? Int })
            }
            #expect(try await !people("").contains(newcomerID))
            #expect(try await people("?on=2099-06-01").contains(newcomerID))
            #expect(try await web.send(.get, "/api/v1/accounts/\(account.id)/relationship-map?on=2099-13-01", cookie: sales).problemFields() == ["on"])
        }
    }

    /// Review findings: the map shows a person's current job only where the caller may see it, a
    /// duplicate check never tells whether hidden people are connected, and a connection recorded
    /// from one account's map cannot land on another's.
    @Test(arguments: TestEngine.allCases)
    func hiddenJobsAndHiddenConnectionsDoNotLeak(_ engine: TestEngine) async throws {
        try await WebHarness.run(engine) { web in
            let c = web.company
            let account = try await c.account("Leak Test Bank", owner: c.sales)
            let elsewhere = try await c.account("Hidden Employer", owner: c.otherSales, industry: .retail)
            let sales = try await web.signIn(c.sales)
            let admin = try await web.signIn(c.admin)
            let ceo = try await Self.person(web, sales, "Ceo", at: account.id)
            // Once at the visible bank, now at an employer the salesperson cannot see.
            let mover = try await web.send(.post, "/api/v1/key-persons", cookie: admin, json: [
                "name": ["family": "Mover", "given": "X"],
                "employments": [["accountID": account.id, "title": "Old title", "from": "2015-01-01", "to": "2020-01-01"],
                                ["accountID": elsewhere.id, "title": "Secret title", "department": "Secret department", "from": "2020-01-01"]]])
            let moverID = try mover.jsonObject()["id"] as? Int ?? 0
            #expect(try await web.send(.post, "/api/v1/connections", cookie: sales,
                                       json: ["fromPersonID": moverID, "toPersonID": ceo, "strength": 3]).status == .created)
            let map = try await web.send(.get, "/api/v1/accounts/\(account.id)/relationship-map", cookie: sales)
            #expect(!map.text.contains("Secret"))
            let entry = (try map.jsonObject()["people"] as? [[String: Any]] ?? []).first { $0["id"] as? Int == moverID }
            #expect(entry?["name"] != nil && entry?["title"] == nil)
            #expect(try await web.send(.get, "/api/v1/accounts/\(account.id)/relationship-map", cookie: admin).text.contains("Secret title"))

            // Two people the salesperson cannot see, connected by someone who can: the answer is the
            // same as for two strangers, never "duplicate".
            let a = try await Self.person(web, admin, "HiddenA", at: elsewhere.id)
            let b = try await Self.person(web, admin, "HiddenB", at: elsewhere.id)
            #expect(try await web.send(.post, "/api/v1/connections", cookie: admin,
                                       json: ["fromPersonID": a, "toPersonID": b, "strength": 3]).status == .created)
            let probe = try await web.send(.post, "/api/v1/connections", cookie: sales, json: ["fromPersonID": a, "toPersonID": b, "strength": 3])
            #expect(try probe.problemFields() == ["fromPersonID", "toPersonID"])
            #expect(!probe.text.contains("duplicate"))

            // Recorded from the bank's map, a connection to someone working elsewhere is refused by the field.
            let own = try await c.account("Own Branch", owner: c.sales, industry: .retail)
            let branchPerson = try await Self.person(web, sales, "Branch", at: own.id)
            let csrf = try await web.csrf(sales)
            let refused = try await web.form("/accounts/\(account.id)/connections", cookie: sales,
                                             [("_csrf", csrf), ("fromPersonID", String(ceo)), ("toPersonID", String(branchPerson)),
                                              ("kind", "influence"), ("strength", "2"), ("stance", "neutral"), ("status", "hypothesis")])
            #expect(refused.status == .unprocessableContent)
            #expect(refused.text.contains("field invalid"))
            #expect(try await web.send(.get, "/api/v1/accounts/\(own.id)/connections", cookie: sales).items().isEmpty)
        }
    }
}
