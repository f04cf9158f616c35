import Foundation
import HTTPTypes
import KAMCore
import KAMTestSupport
import KAMWeb
import Testing

@Suite("The one task list: owners, accounts and who may change what")
struct TaskAPITests {
    @Test(arguments: TestEngine.allCases)
    func tasksBelongToTheirOwnerAndFollowTheirAccount(_ engine: TestEngine) async throws {
        try await WebHarness.run(engine) { web in
            let c = web.company
            let admin = try await web.signIn(c.admin)
            let sales = try await web.signIn(c.sales)
            let director = try await web.signIn(c.director)
            let reader = try await web.signIn(c.readOnly)
            let other = try await web.signIn(c.otherSales)
            let executiveUser = try await web.store.users.create(username: "exec", displayName: "Exec", email: nil, role: .executive, managerID: nil,
                                                                 locale: "ja", timeZone: "Asia/Tokyo",
                                                                 passwordHash: PasswordHashing.hash(TestCompany.password, cost: 4), caller: .system)
            let executive = try await web.signIn(executiveUser)

            // Personal tasks: for oneself, or a director's for their team; the reader sets none.
            let mine = try await web.send(.post, "/api/v1/tasks", cookie: sales, json: ["title": "Prepare QBR deck", "dueOn": "2026-12-10"])
            let mineOwner = try mine.jsonObject()["ownerID"] as? Int
            #expect(mine.status == .created && mineOwner == Int(c.sales.id), Comment(rawValue: mine.text))
            let mineID = try mine.jsonObject()["id"] as? Int ?? 0
            #expect(try await web.send(.post, "/api/v1/tasks", cookie: director,
                                       json: ["title": "Call the CFO", "dueOn": "2026-12-03", "ownerID": c.sales.id]).status == .created)
            #expect(try await web.send(.post, "/api/v1/tasks", cookie: sales,
                                       json: ["title": "Not yours", "dueOn": "2026-12-03", "ownerID": c.otherSales.id]).status == .forbidden)
            #expect(try await web.send(.post, "/api/v1/tasks", cookie: reader, json: ["title": "Read", "dueOn": "2026-12-03"]).status == .forbidden)
            let before = try await ActivityAPITests.count(web, "tasks")
            let bad = try await web.send(.post, "/api/v1/tasks", cookie: sales, json: ["title": " ", "status": "later"])
            #expect(try bad.problemFields() == ["title", "status", "dueOn"])
            let nobody = try await web.send(.post, "/api/v1/tasks", cookie: admin, json: ["title": "Ghost", "dueOn": "2026-12-03", "ownerID": 99_999])
            #expect(try nobody.problemFields() == ["ownerID"])
            #expect(try await ActivityAPITests.count(web, "tasks") == before)

            // The owner's list, sorted by due date; someone else's personal task is not theirs to see.
            let listed = try await web.send(.get, "/api/v1/tasks", cookie: sales).items()
            #expect(listed.compactMap { $0["title"] as? String } == ["Call the CFO", "Prepare QBR deck"])
            #expect(try await web.send(.get, "/api/v1/tasks/\(mineID)", cookie: other).status == .notFound)
            #expect(try await web.send(.get, "/api/v1/tasks?dueBy=2026-12-05", cookie: sales).items().count == 1)

            // Done sets the moment it was completed; open again clears it.
            let done = try await web.send(.patch, "/api/v1/tasks/\(mineID)", cookie: sales, json: ["status": "done"], headers: [.ifMatch: "\"1\""])
            let completedAt = try done.jsonObject()["completedAt"]
            #expect(done.status == .ok && completedAt is String, Comment(rawValue: done.text))
            let reopened = try await web.send(.patch, "/api/v1/tasks/\(mineID)", cookie: sales, json: ["status": "open"], headers: [.ifMatch: "\"2\""])
            #expect(try reopened.jsonObject()["completedAt"] == nil)
            #expect(try await web.send(.get, "/api/v1/tasks?status=done", cookie: sales).items().isEmpty)

            // At an account: set by whoever edits it, seen by whoever sees it, changed by its owner (an executive too) or the account's editors.
            let account = try await c.account("Task Bank", owner: c.sales)
            let forExecutive = try await web.send(.post, "/api/v1/tasks", cookie: sales,
                                                  json: ["title": "Open the door at the CEO", "dueOn": "2026-12-15", "accountID": account.id,
                                                         "ownerID": executiveUser.id])
            #expect(forExecutive.status == .created, Comment(rawValue: forExecutive.text))
            let forExpert = try await web.send(.post, "/api/v1/tasks", cookie: sales,
                                               json: ["title": "Sizing", "dueOn": "2026-12-16", "accountID": account.id, "ownerID": c.expert.id])
            let executiveTask = try forExecutive.jsonObject()["id"] as? Int ?? 0
            let expertTask = try forExpert.jsonObject()["id"] as? Int ?? 0
            #expect(try await web.send(.post, "/api/v1/tasks", cookie: other,
                                       json: ["title": "x", "dueOn": "2026-12-16", "accountID": account.id]).status == .notFound)
            #expect(try await web.send(.get, "/api/v1/tasks?account=\(account.id)", cookie: reader).items().count == 2)
            #expect(try await web.send(.get, "/api/v1/tasks?account=\(account.id)", cookie: other).status == .notFound)
            #expect(try await web.send(.patch, "/api/v1/tasks/\(executiveTask)", cookie: executive, json: ["status": "done"],
                                       headers: [.ifMatch: "\"1\""]).status == .ok)
            #expect(try await web.send(.patch, "/api/v1/tasks/\(expertTask)", cookie: executive, json: ["status": "done"],
                                       headers: [.ifMatch: "\"1\""]).status == .forbidden)
            #expect(try await web.send(.patch, "/api/v1/tasks/\(expertTask)", cookie: reader, json: ["status": "done"],
                                       headers: [.ifMatch: "\"1\""]).status == .forbidden)
            let moved = try await web.send(.patch, "/api/v1/tasks/\(expertTask)", cookie: sales, json: ["accountID": account.id + 1000, "dueOn": "2026-12-20"],
                                           headers: [.ifMatch: "\"1\""])
            #expect(try moved.problemFields() == ["accountID"], Comment(rawValue: moved.text))
            let audit = try await web.send(.get, "/api/v1/accounts/\(account.id)/history", cookie: admin).text
            #expect(audit.contains("\"task\""))

            // Handing a task over: its owner alone may not (the executive). A colleague outside the account's team may be
            // given a task there; their list shows it without naming an account they cannot open.
            #expect(try await web.send(.patch, "/api/v1/tasks/\(executiveTask)", cookie: executive, json: ["ownerID": c.expert.id],
                                       headers: [.ifMatch: "\"2\""]).status == .forbidden)
            let outside = try await web.send(.post, "/api/v1/tasks", cookie: sales,
                                             json: ["title": "Outside help", "dueOn": "2026-12-16", "accountID": account.id, "ownerID": c.otherSales.id])
            #expect(outside.status == .created)
            let theirs = try await web.send(.get, "/api/v1/tasks", cookie: other).items()
            #expect(theirs.first { $0["title"] as? String == "Outside help" }?["accountName"] == nil && theirs.count == 1)
            let outsideID = theirs.first?["id"] as? Int ?? 0
            let outsideDone = try await web.send(.patch, "/api/v1/tasks/\(outsideID)", cookie: other, json: ["status": "done"],
                                                 headers: [.ifMatch: "\"1\""])
            let named = try outsideDone.jsonObject()["accountName"]
            #expect(outsideDone.status == .ok && named == nil, Comment(rawValue: outsideDone.text))
            // An owner who has left keeps their tasks, which can still be closed.
            let expertVersion = try await web.send(.get, "/api/v1/users/\(c.expert.id)", cookie: admin).headers[.eTag] ?? "\"1\""
            #expect(try await web.send(.patch, "/api/v1/users/\(c.expert.id)", cookie: admin, json: ["active": false],
                                       headers: [.ifMatch: expertVersion]).status == .ok)
            let closed = try await web.send(.patch, "/api/v1/tasks/\(expertTask)", cookie: sales, json: ["status": "cancelled"],
                                            headers: [.ifMatch: "\"1\""])
            #expect(closed.status == .ok, Comment(rawValue: closed.text))
        }
    }
}
