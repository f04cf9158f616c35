import Foundation
import HTTPTypes
import KAMCore
import KAMTestSupport
import KAMWeb
import Testing

@Suite("Account API")
struct AccountAPITests {
    static var valid: [String: Any] { ["name": "華星通信集団", "industry": "telecom", "region": "china", "size": "enterprise"] }

    @Test(arguments: TestEngine.allCases)
    func createReadUpdateWithETags(_ engine: TestEngine) async throws {
        try await WebHarness.run(engine) { web in
            let cookie = try await web.signIn(web.company.sales)
            let created = try await web.send(.post, "/api/v1/accounts", cookie: cookie, json: Self.valid)
            #expect(created.status == .created)
            #expect(created.headers[.eTag] == "\"1\"")
            let id = try created.jsonObject()["id"] as? Int ?? 0
            #expect(created.headers[.location] == "/api/v1/accounts/\(id)")
            let account = try created.jsonObject()
            #expect(account["timeZone"] as? String == "Asia/Shanghai")
            #expect(account["ownerID"] as? Int == Int(web.company.sales.id))

            let patched = try await web.send(.patch, "/api/v1/accounts/\(id)", cookie: cookie, json: ["name": "华星通信集团"],
                                             headers: [.ifMatch: "\"1\""])
            #expect(patched.status == .ok)
            #expect(patched.headers[.eTag] == "\"2\"")
            #expect(try patched.jsonObject()["industry"] as? String == "telecom")

            let stale = try await web.send(.patch, "/api/v1/accounts/\(id)", cookie: cookie, json: ["name": "late"], headers: [.ifMatch: "\"1\""])
            #expect(stale.status == .preconditionFailed)
            #expect(try stale.jsonObject()["changedBy"] as? String == "Sales")
            #expect(try stale.jsonObject()["currentVersion"] as? Int == 2)
            let missing = try await web.send(.patch, "/api/v1/accounts/\(id)", cookie: cookie, json: ["name": "late"])
            #expect(missing.status.code == 428)
            let read = try await web.send(.get, "/api/v1/accounts/\(id)", cookie: cookie)
            #expect(try read.jsonObject()["name"] as? String == "华星通信集团")
            let history = try await web.send(.get, "/api/v1/accounts/\(id)/history", cookie: cookie)
            #expect(try history.items().map { $0["action"] as? String } == ["update", "create"])
        }
    }

    @Test(arguments: TestEngine.allCases)
    func invalidInputListsEveryFieldAndWritesNothing(_ engine: TestEngine) async throws {
        try await WebHarness.run(engine) { web in
            let cookie = try await web.signIn(web.company.admin)
            let bad: [String: Any] = ["name": "", "industry": "mining", "region": "mars", "size": 3, "website": "javascript:alert(1)",
                                      "timeZone": "Mars/Olympus", "parentID": 9999, "nickname": "x"]
            let audit = try await web.store.database.count("audit_log")
            let response = try await web.send(.post, "/api/v1/accounts", cookie: cookie, json: bad)
            #expect(response.status == .unprocessableContent)
            #expect(response.headers[.contentType] == "application/problem+json")
            // Type errors and the domain's findings come back in one answer.
            #expect(try response.problemFields() == ["industry", "region", "size", "nickname", "name", "website", "timeZone", "parentID"])
            let second = try await web.send(.post, "/api/v1/accounts", cookie: cookie,
                                            json: ["name": "", "industry": "banking", "region": "japan", "website": "javascript:alert(1)",
                                                   "timeZone": "Mars/Olympus", "parentID": 9999])
            #expect(second.status == .unprocessableContent)
            #expect(try second.problemFields() == ["name", "website", "timeZone", "parentID"])
            let messages = (try second.jsonObject()["errors"] as? [[String: Any]] ?? []).compactMap { $0["message"] as? String }
            #expect(messages.allSatisfy { !$0.isEmpty && !$0.hasPrefix("error.") })
            #expect(try await web.store.database.count("accounts") == 0)
            #expect(try await web.store.database.count("audit_log") == audit)
        }
    }

    @Test(arguments: TestEngine.allCases)
    func accessFollowsOwnershipOnEveryRoute(_ engine: TestEngine) async throws {
        try await WebHarness.run(engine) { web in
            let mine = try await web.company.account("Mine", owner: web.company.sales)
            let theirs = try await web.company.account("Theirs", owner: web.company.otherSales)
            let sales = try await web.signIn(web.company.sales)
            #expect(try await web.send(.get, "/api/v1/accounts", cookie: sales).items().map { $0["name"] as? String } == ["Mine"])
            #expect(try await web.send(.get, "/api/v1/accounts?q=Theirs", cookie: sales).items().isEmpty)
            #expect(try await web.send(.get, "/api/v1/accounts/\(theirs.id)", cookie: sales).status == .notFound)
            #expect(try await web.send(.get, "/api/v1/accounts/\(theirs.id)/history", cookie: sales).status == .notFound)
            let patch = try await web.send(.patch, "/api/v1/accounts/\(theirs.id)", cookie: sales, json: ["name": "x"], headers: [.ifMatch: "\"1\""])
            #expect(patch.status == .notFound)
            #expect(try await web.send(.get, "/accounts/\(theirs.id)", cookie: sales).status == .notFound)
            // Giving an account to someone outside one's scope is refused as a field problem.
            let handOff = try await web.send(.patch, "/api/v1/accounts/\(mine.id)", cookie: sales,
                                             json: ["ownerID": Int(web.company.otherSales.id)], headers: [.ifMatch: "\"1\""])
            #expect(try handOff.problemFields() == ["ownerID"])
            let reader = try await web.signIn(web.company.readOnly)
            #expect(try await web.send(.get, "/api/v1/accounts", cookie: reader).items().count == 2)
            let denied = try await web.send(.patch, "/api/v1/accounts/\(mine.id)", cookie: reader, json: ["name": "x"], headers: [.ifMatch: "\"1\""])
            #expect(denied.status == .forbidden)
            let director = try await web.signIn(web.company.director)
            #expect(try await web.send(.get, "/api/v1/accounts", cookie: director).items().map { $0["name"] as? String } == ["Mine"])
        }
    }

    @Test(arguments: TestEngine.allCases)
    func movesDeleteAndRestoreThroughTheAPI(_ engine: TestEngine) async throws {
        try await WebHarness.run(engine) { web in
            let account = try await web.company.account("Nordbank AG", owner: web.company.sales)
            let cookie = try await web.signIn(web.company.sales)
            let noReason = try await web.send(.post, "/api/v1/accounts/\(account.id)/moves", cookie: cookie,
                                              json: ["field": "stage", "to": "stable", "reason": ""], headers: [.ifMatch: "\"1\""])
            #expect(try noReason.problemFields() == ["reason"])
            let moved = try await web.send(.post, "/api/v1/accounts/\(account.id)/moves", cookie: cookie,
                                           json: ["field": "stage", "to": "stable", "reason": "executive meeting held"],
                                           headers: [.ifMatch: "\"1\""])
            #expect(moved.status == .ok)
            #expect(try moved.jsonObject()["stage"] as? String == "stable")
            let moves = try await web.send(.get, "/api/v1/accounts/\(account.id)/moves", cookie: cookie)
            #expect(try moves.items().first?["reason"] as? String == "executive meeting held")
            #expect(try await web.send(.delete, "/api/v1/accounts/\(account.id)", cookie: cookie, headers: [.ifMatch: "\"1\""]).status == .preconditionFailed)
            #expect(try await web.send(.delete, "/api/v1/accounts/\(account.id)", cookie: cookie, headers: [.ifMatch: "\"2\""]).status == .noContent)
            #expect(try await web.send(.get, "/api/v1/accounts/\(account.id)", cookie: cookie).status == .notFound)
            #expect(try await web.send(.get, "/api/v1/accounts?deleted=true", cookie: cookie).items().count == 1)
            #expect(try await web.send(.post, "/api/v1/accounts/\(account.id)/restore", cookie: cookie, json: [:]).status == .ok)
            #expect(try await web.send(.get, "/api/v1/accounts/\(account.id)", cookie: cookie).status == .ok)
        }
    }

    @Test(arguments: TestEngine.allCases)
    func listQueryParametersAreChecked(_ engine: TestEngine) async throws {
        try await WebHarness.run(engine) { web in
            let cookie = try await web.signIn(web.company.admin)
            let bad = try await web.send(.get, "/api/v1/accounts?industry=mining&limit=0&sort=size&cursor=%25%25", cookie: cookie)
            #expect(bad.status == .unprocessableContent)
            #expect(try bad.problemFields() == ["industry", "limit", "sort", "cursor"])
            // A yes/no parameter is `true` or `false` (empty: not given), never read as `false` from anything else.
            for uri in ["/api/v1/accounts?deleted=null", "/api/v1/accounts/1?deleted=yes", "/api/v1/key-persons?deleted=1"] {
                let response = try await web.send(.get, uri, cookie: cookie)
                #expect(try response.status == .unprocessableContent && response.problemFields() == ["deleted"], "\(uri)")
            }
            #expect(try await web.send(.get, "/api/v1/accounts?deleted=&industry=", cookie: cookie).status == .ok)
        }
    }
}
