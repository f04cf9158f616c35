import Foundation
import HTTPTypes
import HummingbirdTesting
import KAMCore
import KAMStore
import KAMTestSupport
import KAMWeb
import SQLKit
import Testing

@Suite("People across organisations: our side, outside people and placeholders")
struct PeopleAcrossOrganisationsTests {
    static func create(_ web: WebHarness, _ cookie: String, _ json: [String: Any]) async throws -> TestResponse {
        try await web.send(.post, "/api/v1/key-persons", cookie: cookie, json: json)
    }

    static func id(_ response: TestResponse) throws -> Int {
        #expect(response.status == .created, Comment(rawValue: response.text))
        return try response.jsonObject()["id"] as? Int ?? 0
    }

    @Test(arguments: TestEngine.allCases)
    func ourPeopleAndOutsidePeopleJoinTheMapAndTheBestPathStartsFromOurSide(_ engine: TestEngine) async throws {
        try await WebHarness.run(engine) { web in
            let c = web.company
            let account = try await c.account("Outside Bank", owner: c.sales)
            let sales = try await web.signIn(c.sales)
            let other = try await web.signIn(c.otherSales)
            let ceo = try await ConnectionAPITests.person(web, sales, "Ceo", at: account.id)
            let cfo = try await ConnectionAPITests.person(web, sales, "Cfo", at: account.id, reportsTo: ceo)

            // Without any of our people on the map, the best path needs a starting person.
            let noneOfOurs = try await web.send(.get, "/api/v1/accounts/\(account.id)/relationship-map/best-path?to=\(cfo)", cookie: sales)
            #expect(noneOfOurs.status == .unprocessableContent)
            #expect(noneOfOurs.text.contains("no_people_of_ours_on_map"))

            let me = try Self.id(try await Self.create(web, sales, ["name": ["family": "Sales", "given": "Sam"], "kind": "colleague",
                                                                    "userID": c.sales.id, "organisation": "Key accounts"]))
            let partner = try Self.id(try await Self.create(web, sales, ["name": ["family": "Integrator", "given": "Ian"], "kind": "partner",
                                                                         "organisation": "SI Partner Ltd", "recordedForAccountID": account.id]))
            // Our own people are known to everyone; an outside person only to those who see their account.
            #expect(try await web.send(.get, "/api/v1/key-persons/\(me)", cookie: other).status == .ok)
            #expect(try await web.send(.get, "/api/v1/key-persons/\(partner)", cookie: other).status == .notFound)
            let otherList = try await web.send(.get, "/api/v1/key-persons?q=integrator", cookie: other)
            #expect(try otherList.items().isEmpty)
            let salesList = try await web.send(.get, "/api/v1/key-persons?q=integrator", cookie: sales)
            #expect(try salesList.items().map { $0["id"] as? Int } == [partner])
            let shown = try await web.send(.get, "/api/v1/key-persons/\(partner)", cookie: sales).jsonObject()
            #expect(shown["kind"] as? String == "partner")
            #expect(shown["organisation"] as? String == "SI Partner Ltd")
            #expect(shown["recordedForAccountID"] as? Int == Int(account.id))

            let influence = try await web.send(.post, "/api/v1/connections", cookie: sales,
                                               json: ["fromPersonID": me, "toPersonID": ceo, "strength": 5, "stance": "supporter",
                                                      "status": "verified"])
            #expect(influence.status == .created)
            #expect(try influence.jsonObject()["accountID"] as? Int == Int(account.id))

            let map = try await web.send(.get, "/api/v1/accounts/\(account.id)/relationship-map", cookie: sales).jsonObject()
            let people = (map["people"] as? [[String: Any]] ?? []).reduce(into: [Int: [String: Any]]()) { $0[$1["id"] as? Int ?? 0] = $1 }
            #expect(people[me]?["affiliation"] as? String == "our_side")
            #expect(people[me]?["kind"] as? String == "colleague")
            // Recorded for the account, the partner is on its map before anyone connects them.
            #expect(people[partner]?["affiliation"] as? String == "external")
            #expect(people[partner]?["organisation"] as? String == "SI Partner Ltd")
            #expect(people[ceo]?["affiliation"] as? String == "account")

            // From our side by default: our colleague → CEO (5/5) → CFO (reporting line, 2/5).
            let path = try await web.send(.get, "/api/v1/accounts/\(account.id)/relationship-map/best-path?to=\(cfo)", cookie: sales)
            #expect(path.status == .ok, Comment(rawValue: path.text))
            let chain = try path.jsonObject()
            #expect(chain["path"] as? [Int] == [me, ceo, cfo])
            #expect(abs((chain["product"] as? Double ?? 0) - 0.4) < 1e-12)
            // The page's path finder starts from our people when no one is chosen.
            let page = try await web.send(.get, "/accounts/\(account.id)/map?from=&to=\(cfo)", cookie: sales)
            #expect(page.status == .ok)
            #expect(page.text.contains("id=\"path-hops\""))
        }
    }

    @Test(arguments: TestEngine.allCases)
    func outsidePeopleAreCheckedFieldByFieldAndNothingIsWritten(_ engine: TestEngine) async throws {
        try await WebHarness.run(engine) { web in
            let c = web.company
            let account = try await c.account("Checked Retail", owner: c.sales, industry: .retail)
            let hidden = try await c.account("Hidden Telecom", owner: c.otherSales, industry: .telecom)
            let sales = try await web.signIn(c.sales)
            let before = try await web.store.database.count("key_persons")
            let cases: [([String: Any], String, String)] = [
                (["name": ["family": "Nowhere"], "kind": "consultant"], "recordedForAccountID", "required"),
                (["name": ["family": "Contact"], "organisation": "Acme", "employments": [["accountID": account.id]]], "organisation", "only_outside_people"),
                (["name": ["family": "Partner"], "kind": "partner", "userID": c.sales.id, "recordedForAccountID": account.id], "userID", "only_colleagues"),
                (["name": ["family": "Rival"], "kind": "competitor", "recordedForAccountID": hidden.id], "recordedForAccountID", "unknown_account"),
                (["name": ["family": "Ghost"], "kind": "colleague", "userID": 999_999], "userID", "unknown_user"),
                (["name": ["family": "CFO"], "isPlaceholder": true], "employments", "placeholder_needs_job"),
                (["name": ["family": "CFO"], "kind": "partner", "isPlaceholder": true, "recordedForAccountID": account.id], "isPlaceholder", "only_contacts"),
                (["name": ["family": "Odd"], "kind": "alien", "recordedForAccountID": account.id], "kind", "invalid_choice"),
                // Someone else's entry as one of our people needs an account the caller edits.
                (["name": ["family": "Boss"], "kind": "colleague", "userID": c.admin.id], "recordedForAccountID", "editable_account_required"),
            ]
            for (json, field, code) in cases {
                let refused = try await Self.create(web, sales, json)
                #expect(refused.status == .unprocessableContent, Comment(rawValue: "\(json): \(refused.text)"))
                let problem = try refused.jsonObject()
                let errors = problem["errors"] as? [[String: Any]] ?? []
                #expect(errors.contains { $0["field"] as? String == field && $0["code"] as? String == code },
                        Comment(rawValue: "\(field) \(code): \(refused.text)"))
            }
            #expect(try await web.store.database.count("key_persons") == before)
        }
    }

    @Test(arguments: TestEngine.allCases)
    func aPlaceholderIsReplacedByTheRealPersonWithItsJobReportsConnectionsAndRoles(_ engine: TestEngine) async throws {
        try await WebHarness.run(engine) { web in
            let c = web.company
            let account = try await c.account("Placeholder Manufacturing", owner: c.sales, industry: .manufacturing)
            let sales = try await web.signIn(c.sales)
            let ceo = try await ConnectionAPITests.person(web, sales, "Ceo", at: account.id)
            let placeholder = try Self.id(try await Self.create(web, sales, [
                "name": ["family": "CFO", "given": ""], "isPlaceholder": true,
                "employments": [["accountID": account.id, "title": "CFO", "department": "Finance", "reportsToID": ceo]]]))
            let analyst = try await ConnectionAPITests.person(web, sales, "Analyst", at: account.id, reportsTo: placeholder)
            let sways = try await web.send(.post, "/api/v1/connections", cookie: sales,
                                           json: ["fromPersonID": placeholder, "toPersonID": ceo, "strength": 4, "stance": "supporter"])
            let connection = try Self.id(sways)
            let deal = try await web.send(.post, "/api/v1/opportunities", cookie: sales,
                                          json: ["name": "ERP", "accountID": account.id, "ownerID": c.sales.id,
                                                 "amount": ["minorUnits": 100_000, "currency": "EUR"]])
            let opportunity = try Self.id(deal)
            let chain = try await web.send(.put, "/api/v1/opportunities/\(opportunity)/decision-chain", cookie: sales,
                                           json: ["entries": [["personID": placeholder, "role": "decision_maker"], ["personID": ceo, "role": "approver"]]])
            #expect(chain.status == .ok, Comment(rawValue: chain.text))

            // The deal's map names the role nobody fills yet.
            let onDeal = try await web.send(.get, "/api/v1/opportunities/\(opportunity)/decision-chain", cookie: sales).text
            #expect(onDeal.contains("\"kind\":\"role_without_person\",\"personID\":\(placeholder)"))
            let map = try await web.send(.get, "/api/v1/accounts/\(account.id)/relationship-map", cookie: sales).jsonObject()
            let shown = (map["people"] as? [[String: Any]] ?? []).first { $0["id"] as? Int == placeholder }
            #expect(shown?["isPlaceholder"] as? Bool == true)
            let mapPage = try await web.send(.get, "/accounts/\(account.id)/map", cookie: sales)
            #expect(mapPage.text.contains("not yet identified"))

            // A real person from elsewhere, with no job here yet, fills the position.
            let elsewhere = try await c.account("Former Employer", owner: c.sales)
            let real = try await ConnectionAPITests.person(web, sales, "Real", at: elsewhere.id)
            let notPlaceholder = try await web.send(.post, "/api/v1/key-persons/\(ceo)/replace", cookie: sales, json: ["personID": real],
                                                    headers: [.ifMatch: "\"1\""])
            #expect(notPlaceholder.status == .conflict)
            #expect(notPlaceholder.text.contains("not_a_placeholder"))
            let unknown = try await web.send(.post, "/api/v1/key-persons/\(placeholder)/replace", cookie: sales, json: ["personID": 987_654],
                                             headers: [.ifMatch: "\"1\""])
            #expect(unknown.status == .unprocessableContent)
            #expect(unknown.text.contains("unknown_person"))
            let stale = try await web.send(.post, "/api/v1/key-persons/\(placeholder)/replace", cookie: sales, json: ["personID": real],
                                           headers: [.ifMatch: "\"7\""])
            #expect(stale.status == .preconditionFailed)

            let replaced = try await web.send(.post, "/api/v1/key-persons/\(placeholder)/replace", cookie: sales, json: ["personID": real],
                                              headers: [.ifMatch: "\"1\""])
            #expect(replaced.status == .ok, Comment(rawValue: replaced.text))
            let result = try replaced.jsonObject()
            #expect(result["reportsMoved"] as? [Int] == [analyst])
            #expect(result["connectionsMoved"] as? [Int] == [connection])
            #expect(result["decisionChainsChanged"] as? [Int] == [opportunity])
            #expect(result["jobsTakenOver"] as? [Int] == [Int(account.id)])

            #expect(try await web.send(.get, "/api/v1/key-persons/\(placeholder)", cookie: sales).status == .notFound)
            let person = try await web.send(.get, "/api/v1/key-persons/\(real)", cookie: sales).jsonObject()
            let jobs = person["employments"] as? [[String: Any]] ?? []
            #expect(jobs.contains { $0["accountID"] as? Int == Int(account.id) && $0["title"] as? String == "CFO" && $0["reportsToID"] as? Int == ceo })
            let analystNow = try await web.send(.get, "/api/v1/key-persons/\(analyst)", cookie: sales).jsonObject()
            #expect((analystNow["employments"] as? [[String: Any]])?.first?["reportsToID"] as? Int == real)
            #expect(analystNow["version"] as? Int == 2)
            let moved = try await web.send(.get, "/api/v1/connections/\(connection)", cookie: sales).jsonObject()
            #expect(moved["fromPersonID"] as? Int == real)
            let chainNow = try await web.send(.get, "/api/v1/opportunities/\(opportunity)/decision-chain", cookie: sales).jsonObject()
            #expect((chainNow["entries"] as? [[String: Any]])?.map { $0["personID"] as? Int } == [real, ceo])
            #expect(chainNow["version"] as? Int == 2)
            let history = try await web.send(.get, "/api/v1/accounts/\(account.id)/history", cookie: sales).text
            #expect(history.contains("\"action\":\"replace\""))
            // Gone is gone: the placeholder cannot be replaced twice.
            let again = try await web.send(.post, "/api/v1/key-persons/\(placeholder)/replace", cookie: sales, json: ["personID": ceo],
                                           headers: [.ifMatch: "\"2\""])
            #expect(again.status == .notFound)
        }
    }

    @Test(arguments: TestEngine.allCases)
    func aReplacementThatWouldMakeAReportingLoopIsRefusedAndNothingIsWritten(_ engine: TestEngine) async throws {
        try await WebHarness.run(engine) { web in
            let c = web.company
            let account = try await c.account("Loop Insurance", owner: c.sales)
            let sales = try await web.signIn(c.sales)
            let ceo = try await ConnectionAPITests.person(web, sales, "Ceo", at: account.id)
            let placeholder = try Self.id(try await Self.create(web, sales, [
                "name": ["family": "COO"], "isPlaceholder": true,
                "employments": [["accountID": account.id, "title": "COO", "reportsToID": ceo]]]))
            let manager = try await ConnectionAPITests.person(web, sales, "Manager", at: account.id, reportsTo: placeholder)
            // The person found reports to someone under the placeholder: taking its place would close a loop.
            let real = try await ConnectionAPITests.person(web, sales, "Real", at: account.id, reportsTo: manager)
            let counts = try await web.store.database.read { db in
                try await db.raw("SELECT (SELECT count(*) FROM employments) AS e, (SELECT count(*) FROM audit_log) AS a").first()
                    .map { (try $0.decode(column: "e", as: Int.self), try $0.decode(column: "a", as: Int.self)) }
            }
            let loop = try await web.send(.post, "/api/v1/key-persons/\(placeholder)/replace", cookie: sales, json: ["personID": real],
                                          headers: [.ifMatch: "\"1\""])
            #expect(loop.status == .unprocessableContent, Comment(rawValue: loop.text))
            #expect(loop.text.contains("\"field\":\"personID\""))
            #expect(loop.text.contains("cycle"))
            let after = try await web.store.database.read { db in
                try await db.raw("SELECT (SELECT count(*) FROM employments) AS e, (SELECT count(*) FROM audit_log) AS a").first()
                    .map { (try $0.decode(column: "e", as: Int.self), try $0.decode(column: "a", as: Int.self)) }
            }
            #expect(after?.0 == counts?.0 && after?.1 == counts?.1)
            let managerNow = try await web.send(.get, "/api/v1/key-persons/\(manager)", cookie: sales).jsonObject()
            #expect((managerNow["employments"] as? [[String: Any]])?.first?["reportsToID"] as? Int == placeholder)
            #expect(try await web.send(.get, "/api/v1/key-persons/\(placeholder)", cookie: sales).status == .ok)
        }
    }

    @Test(arguments: TestEngine.allCases)
    func aSecondWriterOfTheSameConnectionHearsAConflict(_ engine: TestEngine) async throws {
        try await WebHarness.run(engine) { web in
            let c = web.company
            let account = try await c.account("Race Logistics", owner: c.sales)
            let sales = try await web.signIn(c.sales)
            let a = try await ConnectionAPITests.person(web, sales, "Alpha", at: account.id)
            let b = try await ConnectionAPITests.person(web, sales, "Beta", at: account.id)
            #expect(try await web.send(.post, "/api/v1/connections", cookie: sales,
                                       json: ["fromPersonID": a, "toPersonID": b, "strength": 3]).status == .created)
            // What the duplicate check cannot stop (two transactions passing it at once), the unique
            // index does: the same row written past the check is refused as a conflict.
            await #expect(throws: StoreError.conflict(code: "duplicate", field: nil)) {
                try await web.store.database.write { db in
                    try await db.raw("""
                        INSERT INTO person_connections (kind, from_person_id, to_person_id, strength, stance, status, account_id,
                            version, created_at, updated_at)
                        VALUES ('influence', \(bind: a), \(bind: b), 2, 'neutral', 'hypothesis', \(bind: account.id), 1, 0, 0)
                        """).run()
                }
            }
            #expect(try await web.store.database.count("person_connections") == 1)
        }
    }

    @Test(arguments: TestEngine.allCases)
    func aConnectionMovedToAnotherAccountLeavesATraceInBothHistories(_ engine: TestEngine) async throws {
        try await WebHarness.run(engine) { web in
            let c = web.company
            let first = try await c.account("First Chemicals", owner: c.sales)
            let second = try await c.account("Second Chemicals", owner: c.sales)
            let sales = try await web.signIn(c.sales)
            let a = try await ConnectionAPITests.person(web, sales, "Alpha", at: first.id)
            let b = try await ConnectionAPITests.person(web, sales, "Beta", at: first.id)
            let z = try await ConnectionAPITests.person(web, sales, "Zeta", at: second.id)
            let connection = try Self.id(try await web.send(.post, "/api/v1/connections", cookie: sales,
                                                            json: ["fromPersonID": a, "toPersonID": b, "strength": 3]))
            let moved = try await web.send(.patch, "/api/v1/connections/\(connection)", cookie: sales, json: ["toPersonID": z],
                                           headers: [.ifMatch: "\"1\""])
            #expect(moved.status == .ok, Comment(rawValue: moved.text))
            #expect(try moved.jsonObject()["accountID"] as? Int == Int(second.id))
            let left = try await web.send(.get, "/api/v1/accounts/\(first.id)/history", cookie: sales).text
            #expect(left.contains("\"action\":\"move_out\""))
            let arrived = try await web.send(.get, "/api/v1/accounts/\(second.id)/history", cookie: sales).text
            #expect(arrived.contains("\"entity\":\"connection\"") && arrived.contains("\"action\":\"update\""))
        }
    }

    @Test(arguments: TestEngine.allCases)
    func evidenceWithSeparatorsAndEscapesComesBackAsTyped(_ engine: TestEngine) async throws {
        try await WebHarness.run(engine) { web in
            let c = web.company
            let account = try await c.account("Escaping Steel", owner: c.sales)
            let sales = try await web.signIn(c.sales)
            let a = try await ConnectionAPITests.person(web, sales, "Alpha", at: account.id)
            let b = try await ConnectionAPITests.person(web, sales, "Beta", at: account.id)
            let evidence = #"Said so, twice; at dinner \c \s \\ = "quoted" 日本語"#
            let first = try Self.id(try await web.send(.post, "/api/v1/connections", cookie: sales,
                                                       json: ["fromPersonID": a, "toPersonID": b, "strength": 3, "evidence": evidence]))
            let second = try Self.id(try await web.send(.post, "/api/v1/connections", cookie: sales,
                                                        json: ["fromPersonID": b, "toPersonID": a, "strength": 2]))
            let listed = try await web.send(.get, "/api/v1/accounts/\(account.id)/connections", cookie: sales).items()
            #expect(listed.map { $0["id"] as? Int } == [first, second])
            #expect(listed.first?["evidence"] as? String == evidence)
            #expect(listed.last?["evidence"] == nil)
            let map = try await web.send(.get, "/api/v1/accounts/\(account.id)/relationship-map", cookie: sales).jsonObject()
            let connections = map["connections"] as? [[String: Any]] ?? []
            #expect(connections.first?["evidence"] as? String == evidence)
            let single = try await web.send(.get, "/api/v1/connections/\(first)", cookie: sales).jsonObject()
            #expect(single["createdAt"] as? String == listed.first?["createdAt"] as? String)
        }
    }
}
