import Foundation
import HTTPTypes
import KAMCore
import KAMTestSupport
import KAMWeb
import Testing

@Suite("Key person and opportunity API")
struct PersonAPITests {
    static func person(_ account: AccountID, reportsTo: Int? = nil) -> [String: Any] {
        var job: [String: Any] = ["accountID": Int(account), "title": "代表取締役社長", "department": "経営企画部", "from": "2019-04-01"]
        if let reportsTo { job["reportsToID"] = reportsTo }
        return ["name": ["family": "山田", "given": "太郎", "familyReading": "やまだ", "givenReading": "たろう"],
                "email": "t.yamada@example.jp", "phones": [["label": "mobile", "number": "+81 90-0000-0000"]],
                "legalBasis": "legitimate_interest", "employments": [job],
                "facts": [["kind": "hobby", "value": "囲碁", "source": "会食 2025-06", "recordedOn": "2025-06-12"]],
                "portrait": ["closeness": 3, "recognition": 4, "priceAcceptance": 2, "evidence": "first meeting"]]
    }

    @Test(arguments: TestEngine.allCases)
    func personLifecycleWithPortraitHistory(_ engine: TestEngine) async throws {
        try await WebHarness.run(engine) { web in
            let account = try await web.company.account("みずなみ銀行", owner: web.company.sales)
            let cookie = try await web.signIn(web.company.sales)
            let created = try await web.send(.post, "/api/v1/key-persons", cookie: cookie, json: Self.person(account.id))
            #expect(created.status == .created)
            let id = try created.jsonObject()["id"] as? Int ?? 0
            let portrait = try await web.send(.post, "/api/v1/key-persons/\(id)/portrait", cookie: cookie,
                                              json: ["closeness": 4, "recognition": 4, "priceAcceptance": 3, "evidence": "workshop"],
                                              headers: [.ifMatch: "\"1\""])
            #expect(portrait.status == .ok)
            let history = try await web.send(.get, "/api/v1/key-persons/\(id)/portrait-history", cookie: cookie)
            #expect(try history.items().compactMap { ($0["portrait"] as? [String: Any])?["closeness"] as? Int } == [4, 3])
            let outOfRange = try await web.send(.post, "/api/v1/key-persons/\(id)/portrait", cookie: cookie,
                                                json: ["closeness": 0, "recognition": 6, "priceAcceptance": 3], headers: [.ifMatch: "\"2\""])
            #expect(try outOfRange.problemFields() == ["closeness", "recognition"])
            let list = try await web.send(.get, "/api/v1/key-persons?account=\(account.id)", cookie: cookie)
            #expect(try list.items().first?["title"] as? String == "代表取締役社長")
            let search = try await web.send(.get, "/api/v1/key-persons?q=%E3%82%84%E3%81%BE%E3%81%A0", cookie: cookie)
            #expect(try search.items().count == 1)
            // A reader of the account sees the person without private facts.
            let reader = try await web.signIn(web.company.readOnly)
            let seen = try await web.send(.get, "/api/v1/key-persons/\(id)", cookie: reader).jsonObject()
            #expect((seen["facts"] as? [Any])?.isEmpty == true)
        }
    }

    /// Experts on the team see personal fields only once an account editor grants it, and lose
    /// them when the grant is taken back; the person page follows the same rule.
    @Test(arguments: TestEngine.allCases)
    func expertsSeePersonalFieldsOnlyWhenGranted(_ engine: TestEngine) async throws {
        try await WebHarness.run(engine) { web in
            let c = web.company
            let account = try await c.account("Grant Bank", owner: c.sales)
            let owner = try await web.signIn(c.sales)
            let id = try await web.send(.post, "/api/v1/key-persons", cookie: owner, json: Self.person(account.id)).jsonObject()["id"] as? Int ?? 0
            let member = try await web.send(.post, "/api/v1/accounts/\(account.id)/team", cookie: owner,
                                            json: ["userID": c.expert.id, "role": "expert", "access": "read"])
            let memberID = try member.jsonObject()["id"] as? Int ?? 0
            #expect(try member.jsonObject()["privateFields"] as? Bool == false)
            let expert = try await web.signIn(c.expert)
            func facts() async throws -> [Any] {
                try await web.send(.get, "/api/v1/key-persons/\(id)", cookie: expert).jsonObject()["facts"] as? [Any] ?? []
            }
            #expect(try await facts().isEmpty)
            #expect(!(try await web.send(.get, "/people/\(id)", cookie: expert).text.contains("囲碁")))
            let granted = try await web.send(.patch, "/api/v1/team-members/\(memberID)", cookie: owner, json: ["privateFields": true],
                                             headers: [.ifMatch: "\"1\""])
            #expect(try granted.jsonObject()["privateFields"] as? Bool == true)
            #expect(try await facts().count == 1)
            #expect(try await web.send(.get, "/people/\(id)", cookie: expert).text.contains("囲碁"))
            // Taken back, the fields are gone; even with edit access the expert cannot grant them to themself.
            _ = try await web.send(.patch, "/api/v1/team-members/\(memberID)", cookie: owner, json: ["privateFields": false, "access": "edit"],
                                   headers: [.ifMatch: "\"2\""])
            #expect(try await facts().isEmpty)
            let selfGrant = try await web.send(.patch, "/api/v1/team-members/\(memberID)", cookie: expert, json: ["privateFields": true],
                                               headers: [.ifMatch: "\"3\""])
            #expect(selfGrant.status == .unprocessableContent)
            #expect(try selfGrant.problemFields() == ["privateFields"])
            #expect(try await facts().isEmpty)
        }
    }

    @Test(arguments: TestEngine.allCases)
    func badPersonInputNamesTheFields(_ engine: TestEngine) async throws {
        try await WebHarness.run(engine) { web in
            let account = try await web.company.account("Bank", owner: web.company.sales)
            let cookie = try await web.signIn(web.company.sales)
            var bad = Self.person(account.id)
            bad["email"] = "not-an-email"
            bad["phones"] = [["label": "x", "number": "call me"]]
            bad["name"] = ["family": "", "given": "x"]
            let response = try await web.send(.post, "/api/v1/key-persons", cookie: cookie, json: bad)
            #expect(response.status == .unprocessableContent)
            #expect(try response.problemFields() == ["name.family", "email", "phones[0].number"])
            var badDate = Self.person(account.id)
            badDate["employments"] = [["accountID": Int(account.id), "from": "2025-02-30"]]
            #expect(try await web.send(.post, "/api/v1/key-persons", cookie: cookie, json: badDate).problemFields() == ["employments[0].from"])
            // An unknown choice, a domain rule and an embedded portrait out of range: one answer lists all three.
            var mixed = Self.person(account.id)
            mixed["legalBasis"] = "because"
            mixed["email"] = "not-an-email"
            mixed["portrait"] = ["closeness": 9, "recognition": 3, "priceAcceptance": 3]
            #expect(try await web.send(.post, "/api/v1/key-persons", cookie: cookie, json: mixed).problemFields()
                    == ["legalBasis", "email", "portrait.closeness"])
            #expect(try await web.store.database.count("key_persons") == 0)
        }
    }

    @Test(arguments: TestEngine.allCases)
    func opportunitiesThroughTheAPI(_ engine: TestEngine) async throws {
        try await WebHarness.run(engine) { web in
            let account = try await web.company.account("Bank", owner: web.company.sales)
            let cookie = try await web.signIn(web.company.sales)
            let created = try await web.send(.post, "/api/v1/opportunities", cookie: cookie,
                                             json: ["name": "勘定系更改", "accountID": Int(account.id),
                                                    "amount": ["minorUnits": 250_000_000, "currency": "JPY"], "stage": "qualification",
                                                    "expectedClose": "2027-03-31"])
            #expect(created.status == .created)
            let id = try created.jsonObject()["id"] as? Int ?? 0
            let moved = try await web.send(.patch, "/api/v1/opportunities/\(id)", cookie: cookie, json: ["stage": "proposal", "stageReason": "RFP arrived"],
                                           headers: [.ifMatch: "\"1\""])
            #expect(try moved.jsonObject()["stage"] as? String == "proposal")
            let bad = try await web.send(.post, "/api/v1/opportunities", cookie: cookie,
                                         json: ["name": "x", "accountID": 424242, "amount": ["minorUnits": 1, "currency": "ABC"]])
            #expect(try bad.problemFields() == ["accountID", "amount.currency"])
            let arabicDigit = try await web.send(.post, "/api/v1/opportunities", cookie: cookie,
                                                 json: ["name": "x", "accountID": Int(account.id), "amount": ["decimal": "12.٣", "currency": "USD"]])
            #expect(try arabicDigit.problemFields() == ["amount.decimal"])
            let other = try await web.signIn(web.company.otherSales)
            #expect(try await web.send(.get, "/api/v1/opportunities/\(id)", cookie: other).status == .notFound)
            #expect(try await web.send(.get, "/api/v1/opportunities", cookie: other).items().isEmpty)
        }
    }

    @Test(arguments: TestEngine.allCases)
    func customFieldsAreAdministered(_ engine: TestEngine) async throws {
        try await WebHarness.run(engine) { web in
            let admin = try await web.signIn(web.company.admin)
            let created = try await web.send(.post, "/api/v1/custom-fields", cookie: admin,
                                             json: ["key": "core_system", "label": "Core system", "type": "choice",
                                                    "choices": ["in-house", "vendor"], "industry": "banking"])
            #expect(created.status == .created)
            let sales = try await web.signIn(web.company.sales)
            #expect(try await web.send(.post, "/api/v1/custom-fields", cookie: sales,
                                       json: ["key": "x", "label": "x", "type": "text"]).status == .forbidden)
            var account = AccountAPITests.valid
            account["industry"] = "banking"
            account["customFields"] = ["core_system": "mainframe"]
            #expect(try await web.send(.post, "/api/v1/accounts", cookie: sales, json: account).problemFields() == ["customFields.core_system"])
            account["customFields"] = ["core_system": "vendor"]
            #expect(try await web.send(.post, "/api/v1/accounts", cookie: sales, json: account).status == .created)
            #expect(try await web.send(.get, "/api/v1/accounts?cf.core_system=vendor", cookie: sales).items().count == 1)
            #expect(try await web.send(.get, "/api/v1/accounts?cf.core_system=in-house", cookie: sales).items().isEmpty)
        }
    }
}
