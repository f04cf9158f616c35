import Foundation
import HTTPTypes
import KAMCore
import KAMTestSupport
import KAMWeb
import Testing

@Suite("Users, roles and the manager hierarchy through the API")
struct UserAPITests {
    @Test(arguments: TestEngine.allCases)
    func administratorsManageUsersAndTheHierarchyGrantsReading(_ engine: TestEngine) async throws {
        try await WebHarness.run(engine) { web in
            let c = web.company
            let admin = try await web.signIn(c.admin)
            let sales = try await web.signIn(c.sales)
            let newUser: [String: Any] = ["username": "kam.lee", "displayName": "Lee", "password": "long enough password",
                                          "role": "key_account_manager", "timeZone": "Asia/Seoul"]
            #expect(try await web.send(.post, "/api/v1/users", cookie: sales, json: newUser).status == .forbidden)
            let created = try await web.send(.post, "/api/v1/users", cookie: admin, json: newUser)
            #expect(created.status == .created)
            let leeID = try created.jsonObject()["id"] as? Int ?? 0
            #expect(try await web.send(.post, "/api/v1/users", cookie: admin, json: newUser).status == .conflict)
            let bad = try await web.send(.post, "/api/v1/users", cookie: admin,
                                         json: ["username": "a b", "displayName": "", "password": "short", "role": "king"])
            #expect(try bad.problemFields() == ["role", "username", "displayName", "password"])

            // Lee manages Sales: Lee reads Sales's account (manager above the owner) but cannot edit it.
            let account = try await c.account("Hierarchy Bank", owner: c.sales)
            let put = try await web.send(.patch, "/api/v1/users/\(c.sales.id)", cookie: admin, json: ["managerID": leeID],
                                         headers: [.ifMatch: "\"\(c.sales.version)\""])
            #expect(put.status == .ok)
            let lee = try await web.send(.post, "/api/v1/session", json: ["username": "kam.lee", "password": "long enough password"])
            let leeCookie = String((lee.headers[.setCookie] ?? "").split(separator: ";")[0])
            #expect(try await web.send(.get, "/api/v1/accounts/\(account.id)", cookie: leeCookie).status == .ok)
            #expect(try await web.send(.patch, "/api/v1/accounts/\(account.id)", cookie: leeCookie, json: ["name": "x"],
                                       headers: [.ifMatch: "\"1\""]).status == .forbidden)

            // Loops are refused, whichever way round, and a stale version answers 412.
            let loop = try await web.send(.patch, "/api/v1/users/\(leeID)", cookie: admin, json: ["managerID": c.sales.id],
                                          headers: [.ifMatch: "\"1\""])
            #expect(loop.status == .unprocessableContent)
            #expect(try loop.problemFields() == ["managerID"])
            let selfManaged = try await web.send(.patch, "/api/v1/users/\(leeID)", cookie: admin, json: ["managerID": leeID, "role": "emperor"],
                                                 headers: [.ifMatch: "\"1\""])
            #expect(try selfManaged.problemFields() == ["role", "managerID"])
            let stale = try await web.send(.patch, "/api/v1/users/\(c.sales.id)", cookie: admin, json: ["displayName": "S"],
                                           headers: [.ifMatch: "\"\(c.sales.version)\""])
            #expect(stale.status == .preconditionFailed)

            // Deactivating signs the user out and keeps them off teams; nobody may report to them.
            let off = try await web.send(.patch, "/api/v1/users/\(leeID)", cookie: admin, json: ["active": false], headers: [.ifMatch: "\"1\""])
            #expect(off.status == .ok)
            #expect(try await web.send(.get, "/api/v1/accounts", cookie: leeCookie).status == .unauthorized)
            let owner = try await web.signIn(c.sales)
            let team = try await web.send(.post, "/api/v1/accounts/\(account.id)/team", cookie: owner,
                                          json: ["userID": leeID, "role": "expert"])
            #expect(try team.problemFields() == ["userID"])
            let toInactive = try await web.send(.patch, "/api/v1/users/\(c.expert.id)", cookie: admin, json: ["managerID": leeID],
                                                headers: [.ifMatch: "\"1\""])
            #expect(try toInactive.problemFields() == ["managerID"])

            // An administrator cannot lock themselves out.
            let selfOff = try await web.send(.patch, "/api/v1/users/\(c.admin.id)", cookie: admin, json: ["active": false],
                                             headers: [.ifMatch: "\"1\""])
            #expect(try selfOff.problemFields() == ["active"])
            let history = try await web.store.database.read { db in
                try await db.raw("SELECT count(*) AS n FROM audit_log WHERE entity = 'user' AND action = 'update'").first()?
                    .decode(column: "n", as: Int.self)
            }
            #expect(history == 2)
        }
    }
}
