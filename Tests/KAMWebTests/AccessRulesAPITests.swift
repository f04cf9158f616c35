import Foundation
import HTTPTypes
import KAMCore
import KAMTestSupport
import KAMWeb
import Testing

/// Rules found in review: viewers change nothing, private fields stay private in the history, and
/// an edit never drops what the editor could not see.
@Suite("Access rules through the API")
struct AccessRulesAPITests {
    @Test(arguments: TestEngine.allCases)
    func companyWideViewersCreateNothing(_ engine: TestEngine) async throws {
        try await WebHarness.run(engine) { web in
            let account = try await web.company.account("Viewer Bank", owner: web.company.sales)
            let reader = try await web.signIn(web.company.readOnly)
            let persons = try await web.store.database.count("key_persons")
            let person = try await web.send(.post, "/api/v1/key-persons", cookie: reader, json: PersonAPITests.person(account.id))
            #expect(person.status == .forbidden)
            let opportunity = try await web.send(.post, "/api/v1/opportunities", cookie: reader,
                                                 json: ["name": "x", "accountID": Int(account.id), "ownerID": Int(web.company.readOnly.id),
                                                        "amount": ["minorUnits": 100, "currency": "JPY"]])
            #expect(opportunity.status == .forbidden)
            #expect(try await web.store.database.count("key_persons") == persons)
            #expect(try await web.store.database.count("opportunities") == 0)
        }
    }

    @Test(arguments: TestEngine.allCases)
    func historyHidesPrivateFieldsFromThoseWhoMayNotSeeThem(_ engine: TestEngine) async throws {
        try await WebHarness.run(engine) { web in
            let account = try await web.company.account("Private Bank", owner: web.company.sales)
            let sales = try await web.signIn(web.company.sales)
            var body = PersonAPITests.person(account.id)
            body["notes"] = "prefers morning meetings"
            #expect(try await web.send(.post, "/api/v1/key-persons", cookie: sales, json: body).status == .created)
            let own = try await web.send(.get, "/api/v1/accounts/\(account.id)/history", cookie: sales)
            #expect(own.text.contains("prefers morning meetings") && own.text.contains("囲碁"))
            let reader = try await web.signIn(web.company.readOnly)
            let redacted = try await web.send(.get, "/api/v1/accounts/\(account.id)/history", cookie: reader)
            #expect(redacted.status == .ok)
            #expect(redacted.text.contains("山田"))
            #expect(!redacted.text.contains("prefers morning meetings") && !redacted.text.contains("囲碁"))
            let page = try await web.send(.get, "/accounts/\(account.id)", cookie: reader)
            #expect(!page.text.contains("prefers morning meetings") && !page.text.contains("囲碁"))
        }
    }

    @Test(arguments: TestEngine.allCases)
    func editingAPersonKeepsTheirJobsAtAccountsTheEditorCannotSee(_ engine: TestEngine) async throws {
        try await WebHarness.run(engine) { web in
            let c = web.company
            let mine = try await c.account("Mine Bank", owner: c.sales)
            let theirs = try await c.account("Their Bank", owner: c.otherSales)
            let admin = try await web.signIn(c.admin)
            var body = PersonAPITests.person(mine.id)
            body["employments"] = [["accountID": Int(theirs.id), "title": "部長", "from": "2015-04-01", "to": "2019-03-31"],
                                   ["accountID": Int(mine.id), "title": "社長", "from": "2019-04-01"]]
            let created = try await web.send(.post, "/api/v1/key-persons", cookie: admin, json: body)
            #expect(created.status == .created)
            let id = try created.jsonObject()["id"] as? Int ?? 0

            let sales = try await web.signIn(c.sales)
            let seen = try await web.send(.get, "/api/v1/key-persons/\(id)", cookie: sales)
            let jobs = try seen.jsonObject()["employments"] as? [[String: Any]] ?? []
            #expect(jobs.map { $0["accountID"] as? Int } == [Int(mine.id)])
            #expect(!seen.text.contains("Their Bank") && !seen.text.contains("部長"))
            let edited = try await web.send(.patch, "/api/v1/key-persons/\(id)", cookie: sales, json: ["email": "new@example.jp"],
                                            headers: [.ifMatch: "\"1\""])
            #expect(edited.status == .ok)
            let full = try await web.send(.get, "/api/v1/key-persons/\(id)", cookie: admin)
            #expect(Set((try full.jsonObject()["employments"] as? [[String: Any]] ?? []).compactMap { $0["accountID"] as? Int })
                    == [Int(mine.id), Int(theirs.id)])
            #expect(try full.jsonObject()["email"] as? String == "new@example.jp")
        }
    }
}
