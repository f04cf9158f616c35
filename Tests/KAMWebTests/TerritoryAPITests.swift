import Foundation
import HTTPTypes
import KAMCore
import KAMTestSupport
import KAMWeb
import Testing

@Suite("Territory models API")
struct TerritoryAPITests {
    @Test(arguments: TestEngine.allCases)
    func previewShowsTheMovesApplyMakesThemAndANewDraftReplacesTheActiveModel(_ engine: TestEngine) async throws {
        try await WebHarness.run(engine) { web in
            let c = web.company
            let bank = try await c.account("Tokyo Bank", owner: c.otherSales, industry: .banking)
            let shop = try await c.account("Osaka Shop", owner: c.otherSales, industry: .retail)
            let admin = try await web.signIn(c.admin)
            let model = try await web.send(.post, "/api/v1/territory-models", cookie: admin, json: ["name": "FY2027"])
            #expect(model.status == .created)
            let modelID = try model.jsonObject()["id"] as? Int ?? 0
            #expect(try model.jsonObject()["state"] as? String == "draft")

            let japan = try await web.send(.post, "/api/v1/territory-models/\(modelID)/territories", cookie: admin,
                                           json: ["name": "Japan", "line": "regional", "rule": ["regions": ["japan"]]])
            let japanID = try japan.jsonObject()["id"] as? Int ?? 0
            let banks = try await web.send(.post, "/api/v1/territory-models/\(modelID)/territories", cookie: admin,
                                           json: ["name": "Japan banks", "line": "regional", "parentID": japanID, "userID": c.sales.id,
                                                  "rule": ["industries": ["banking"]]])
            #expect(banks.status == .created)
            let banksID = try banks.jsonObject()["id"] as? Int ?? 0
            // Japan itself has no coverer yet: it groups, so the shop goes nowhere.
            let preview = try await web.send(.get, "/api/v1/territory-models/\(modelID)/preview", cookie: admin)
            #expect(try preview.items().map { $0["accountName"] as? String } == ["Tokyo Bank"])
            #expect(try preview.items().first?["to"] as? Int == banksID)
            // A preview changes nothing.
            let sales = try await web.signIn(c.sales)
            #expect(try await web.send(.get, "/api/v1/accounts/\(bank.id)", cookie: sales).status == .notFound)

            let applied = try await web.send(.post, "/api/v1/territory-models/\(modelID)/apply", cookie: admin, headers: [.ifMatch: "\"1\""])
            #expect(applied.status == .ok)
            #expect(try applied.jsonObject()["total"] as? Int == 1)
            #expect(try await web.send(.get, "/api/v1/accounts/\(bank.id)", cookie: sales).status == .ok)
            #expect(try await web.send(.get, "/api/v1/accounts/\(shop.id)", cookie: sales).status == .notFound)
            let coverage = try await web.send(.get, "/api/v1/accounts/\(bank.id)/coverage", cookie: admin).items()
            #expect(coverage.map { $0["territoryID"] as? Int } == [banksID])
            #expect(try await web.send(.get, "/api/v1/territory-models/\(modelID)/preview", cookie: admin).items().isEmpty)
            // The active model is no longer edited in place.
            let frozen = try await web.send(.post, "/api/v1/territory-models/\(modelID)/territories", cookie: admin,
                                            json: ["name": "Late", "line": "industry"])
            #expect(frozen.status == .conflict)

            // A copy becomes the next draft; moving the banks to the director and applying archives FY2027.
            let next = try await web.send(.post, "/api/v1/territory-models", cookie: admin, json: ["name": "FY2028", "copyFrom": modelID])
            let nextID = try next.jsonObject()["id"] as? Int ?? 0
            let copied = try next.jsonObject()["territories"] as? [[String: Any]] ?? []
            #expect(copied.count == 2)
            let copiedJapan = copied.first { $0["name"] as? String == "Japan" }?["id"] as? Int
            let copiedBanks = copied.first { $0["name"] as? String == "Japan banks" }
            #expect(copiedBanks?["parentID"] as? Int == copiedJapan)
            let copiedBanksID = copiedBanks?["id"] as? Int ?? 0
            let reassigned = try await web.send(.patch, "/api/v1/territories/\(copiedBanksID)", cookie: admin,
                                                json: ["userID": c.director.id], headers: [.ifMatch: "\"1\""])
            #expect(reassigned.status == .ok)
            _ = try await web.send(.patch, "/api/v1/territories/\(copiedJapan ?? 0)", cookie: admin,
                                   json: ["userID": c.otherSales.id], headers: [.ifMatch: "\"1\""])
            let nextPreview = try await web.send(.get, "/api/v1/territory-models/\(nextID)/preview", cookie: admin).items()
            #expect(nextPreview.map { $0["accountName"] as? String } == ["Osaka Shop", "Tokyo Bank"])
            let version = try await web.send(.get, "/api/v1/territory-models/\(nextID)", cookie: admin).headers[.eTag] ?? ""
            #expect(try await web.send(.post, "/api/v1/territory-models/\(nextID)/apply", cookie: admin, headers: [.ifMatch: version]).status == .ok)
            let models = try await web.send(.get, "/api/v1/territory-models", cookie: admin).items()
            #expect(models.map { $0["state"] as? String } == ["active", "archived"])
            // The salesperson's territory coverage ended today; the director's began.
            #expect(try await web.send(.get, "/api/v1/accounts/\(bank.id)", cookie: sales).status == .notFound)
            let rows = try await web.send(.get, "/api/v1/accounts/\(bank.id)/coverage", cookie: admin).items()
            #expect(rows.count == 2)
            #expect(rows.filter { $0["to"] == nil }.map { $0["coveredBy"] as? String } == ["Director"])
        }
    }

    @Test(arguments: TestEngine.allCases)
    func territoriesAreForAdministratorsAndBadOnesAreRefused(_ engine: TestEngine) async throws {
        try await WebHarness.run(engine) { web in
            let c = web.company
            let admin = try await web.signIn(c.admin)
            let sales = try await web.signIn(c.sales)
            #expect(try await web.send(.get, "/api/v1/territory-models", cookie: sales).status == .forbidden)
            #expect(try await web.send(.post, "/api/v1/territory-models", cookie: sales, json: ["name": "Mine"]).status == .forbidden)
            let model = try await web.send(.post, "/api/v1/territory-models", cookie: admin, json: ["name": "Draft"])
            let modelID = try model.jsonObject()["id"] as? Int ?? 0
            let a = try await web.send(.post, "/api/v1/territory-models/\(modelID)/territories", cookie: admin, json: ["name": "A", "line": "regional"])
            let aID = try a.jsonObject()["id"] as? Int ?? 0
            let b = try await web.send(.post, "/api/v1/territory-models/\(modelID)/territories", cookie: admin,
                                       json: ["name": "B", "line": "regional", "parentID": aID])
            let bID = try b.jsonObject()["id"] as? Int ?? 0
            let loop = try await web.send(.patch, "/api/v1/territories/\(aID)", cookie: admin, json: ["parentID": bID], headers: [.ifMatch: "\"1\""])
            #expect(loop.status == .unprocessableContent)
            #expect(try loop.problemFields() == ["parentID"])
            let bad = try await web.send(.post, "/api/v1/territory-models/\(modelID)/territories", cookie: admin,
                                         json: ["name": "", "line": "regional", "userID": 999, "rule": ["regions": ["atlantis"]]])
            #expect(try bad.problemFields() == ["name", "userID", "rule.regions"])
            let territories = try await web.send(.get, "/api/v1/territory-models/\(modelID)", cookie: admin).jsonObject()["territories"] as? [Any]
            #expect(territories?.count == 2)
            #expect(try await web.send(.post, "/api/v1/territory-models/\(modelID)/apply", cookie: admin, headers: [.ifMatch: "\"7\""]).status
                    == .preconditionFailed)
        }
    }
}
