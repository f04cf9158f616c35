import Foundation
import HTTPTypes
import KAMCore
import KAMTestSupport
import KAMWeb
import Testing

@Suite("Purchase models fitted across accounts and each account's outlook")
struct PurchaseOutlookTests {
    @Test(arguments: TestEngine.allCases)
    func theFitMatchesTheModelsOnTheSameDataAndTheOutlookExplainsAnAccount(_ engine: TestEngine) async throws {
        try await WebHarness.run(engine) { web in
            let c = web.company
            let admin = try await web.signIn(c.admin)
            let product = try await PurchaseAPITests.catalogue(web, admin)
            let today = web.store.today()
            // Twelve accounts with different rhythms (every 30 to 140 days) that started buying 4 to 2 years ago.
            var records: [PurchaseRecord] = []
            var accounts: [Account] = []
            for index in 0..<12 {
                let owner = index == 0 ? c.otherSales : c.sales
                let account = try await c.account("Rhythm \(index)", owner: owner, industry: index % 2 == 0 ? .banking : .retail)
                accounts.append(account)
                let gap = 30 + index * 10, purchases = index % 4 == 3 ? 2 : 4 + index % 5
                for n in 0..<purchases {
                    let day = today.adding(days: -1500 + index * 60 + n * gap)
                    guard day <= today else { break }
                    let response = try await web.send(.post, "/api/v1/transactions", cookie: admin,
                                                      json: PurchaseAPITests.transaction(account.id, product, day.description, "R\(index)-\(n)",
                                                                                         amount: 150_000 + 7_000 * index + 900 * n, margin: 30_000, currency: "JPY"))
                    #expect(response.status == .created, Comment(rawValue: response.text))
                    records.append(PurchaseRecord(customerID: String(account.id), day: day.daysSince1970, amount: Double(150_000 + 7_000 * index + 900 * n)))
                }
            }
            let sales = try await web.signIn(c.sales)
            #expect(try await web.send(.post, "/api/v1/purchase-models/fit", cookie: sales).status == .forbidden)
            let none = try await web.send(.get, "/api/v1/purchase-models/latest", cookie: sales).jsonObject()
            #expect(none["fit"] is NSNull || none["fit"] == nil)
            let fitted = try await web.send(.post, "/api/v1/purchase-models/fit", cookie: admin)
            #expect(fitted.status == .ok, Comment(rawValue: fitted.text))
            let bg = try fitted.jsonObject()["bgnbd"] as? [String: Any] ?? [:]
            // The same models on the same summaries, computed here without the server.
            let expected = try BetaGeometricNBD.fit(PurchaseSummarizer.summarize(records, unit: .week, calibrationEnd: today.daysSince1970))
            for (key, value) in [("r", expected.parameters.r), ("alpha", expected.parameters.alpha), ("a", expected.parameters.a), ("b", expected.parameters.b)] {
                #expect(abs((bg[key] as? Double ?? 0) - value) <= 1e-9 * max(1, value), "\(key)")
            }
            #expect(try fitted.jsonObject()["accounts"] as? Int == 12)

            let outlook = try await web.send(.get, "/api/v1/accounts/\(accounts[10].id)/purchase-outlook", cookie: sales)
            #expect(outlook.status == .ok)
            let body = try outlook.jsonObject()
            let projection = body["projection"] as? [String: Any] ?? [:]
            let summary = projection["summary"] as? [String: Any] ?? [:]
            #expect(summary["frequency"] as? Double == 3)
            let purchases = projection["expectedPurchases"] as? Double ?? -1
            let alive = projection["probabilityActive"] as? Double ?? -1
            #expect(purchases > 0 && alive > 0 && alive <= 1)
            let own = PurchaseSummary(customerID: "", frequency: 3, recency: summary["recency"] as? Double ?? 0, age: summary["age"] as? Double ?? 0)
            #expect(abs(purchases - BetaGeometricNBD.expectedPurchases(expected.parameters, own, horizon: 52)) < 1e-9)
            let regularity = body["regularity"] as? [String: Any] ?? [:]
            #expect(regularity["quartersObserved"] as? Int == 8)
            // Accounts like it: only those whose history reaches a year past this account's age
            // (the first four, which started 1,500 to 1,320 days ago against this one's 900 plus a year); the one this user cannot see is nameless.
            let lookAlike = body["lookAlike"] as? [String: Any] ?? [:]
            let neighbours = lookAlike["neighbours"] as? [[String: Any]] ?? []
            #expect(neighbours.count == 4)
            #expect(Set(neighbours.compactMap { $0["accountID"] as? Int }) == Set(accounts[1...3].map { Int($0.id) } + [0]))
            #expect(neighbours.contains { $0["accountID"] as? Int == 0 && $0["name"] as? String == "" })
            let similarities = neighbours.map { $0["similarity"] as? Double ?? 0 }
            #expect(similarities == similarities.sorted(by: >))
            let mean = Double(neighbours.reduce(0) { $0 + ($1["purchases"] as? Int ?? 0) }) / 4
            #expect(lookAlike["expectedPurchases"] as? Double == mean)
            #expect(try await web.send(.get, "/api/v1/accounts/\(accounts[0].id)/purchase-outlook", cookie: sales).status == .notFound)

            // The page explains both estimates from the same figures.
            let page = try await web.send(.get, "/accounts/\(accounts[10].id)/purchases", cookie: sales)
            #expect(page.status == .ok)
            for id in ["purchase-regularity", "purchase-projection", "purchase-model", "look-alike-neighbours", "purchase-transactions"] {
                #expect(page.text.contains("id=\"\(id)\""), "\(id)")
            }
            #expect(page.text.contains("An account you cannot see"))
            #expect(!page.text.contains("Rhythm 0<"))
            #expect(try await web.send(.get, "/accounts/\(accounts[0].id)/purchases", cookie: sales).status == .notFound)

            // The account page says the same in short and links to the explanation.
            let accountPage = try await web.send(.get, "/accounts/\(accounts[10].id)", cookie: sales).text
            #expect(accountPage.contains("id=\"account-outlook\"") && accountPage.contains("id=\"outlook-more\""))
            let value = (projection["expectedValue"] as? [String: Any]).flatMap { $0["minorUnits"] as? Int }
            #expect(value != nil)
            let currency = (projection["expectedValue"] as? [String: Any])?["currency"] as? String ?? ""
            let shown = Catalog(.en).money(Money(minorUnits: Int64(value ?? 0), currency: currency))
            #expect(accountPage.contains("<dd id=\"outlook-value\">\(shown)</dd>"), "\(shown)")
        }
    }
}
