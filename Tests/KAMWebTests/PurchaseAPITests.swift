import Foundation
import HTTPTypes
import KAMCore
import KAMTestSupport
import KAMWeb
import Testing

@Suite("Product catalogue, exchange rates and purchase history")
struct PurchaseAPITests {
    /// A catalogue of one product, JPY as the reporting currency and USD rates from 2025-01-01.
    static func catalogue(_ web: WebHarness, _ admin: String) async throws -> Int {
        let line = try await web.send(.post, "/api/v1/product-lines", cookie: admin, json: ["code": "CORE", "name": "Core banking"])
        #expect(line.status == .created)
        let product = try await web.send(.post, "/api/v1/products", cookie: admin, json: [
            "lineID": try line.jsonObject()["id"] as? Int ?? 0, "code": "CB-LEDGER", "name": "Ledger",
            "listPrices": [["minorUnits": 1_000_000, "currency": "JPY"], ["minorUnits": 7_000, "currency": "USD"]]])
        #expect(product.status == .created, Comment(rawValue: product.text))
        let settings = try await web.send(.get, "/api/v1/company-settings", cookie: admin)
        let version = try settings.jsonObject()["version"] as? Int ?? 0
        #expect(try await web.send(.patch, "/api/v1/company-settings", cookie: admin, json: ["reportingCurrency": "JPY"],
                                   headers: [.ifMatch: "\"\(version)\""]).status == .ok)
        for (day, rate) in [("2025-01-01", "150"), ("2025-06-01", "160.5")] {
            #expect(try await web.send(.post, "/api/v1/exchange-rates", cookie: admin,
                                       json: ["currency": "USD", "day": day, "rate": rate]).status == .ok)
        }
        return try product.jsonObject()["id"] as? Int ?? 0
    }

    static func transaction(_ account: Int64, _ product: Int, _ date: String, _ reference: String, amount: Int, margin: Int,
                            currency: String = "USD") -> [String: Any] {
        ["accountID": account, "date": date, "productID": product, "orderReference": reference,
         "amount": ["minorUnits": amount, "currency": currency], "margin": ["minorUnits": margin, "currency": currency]]
    }

    @Test(arguments: TestEngine.allCases)
    func catalogueAndRatesRefuseBadInputAndAreAdministered(_ engine: TestEngine) async throws {
        try await WebHarness.run(engine) { web in
            let admin = try await web.signIn(web.company.admin)
            let sales = try await web.signIn(web.company.sales)
            _ = try await Self.catalogue(web, admin)
            #expect(try await web.send(.post, "/api/v1/product-lines", cookie: sales, json: ["code": "X", "name": "X"]).status == .forbidden)
            let bad = try await web.send(.post, "/api/v1/products", cookie: admin, json: [
                "lineID": 999_999, "code": "has space", "name": "",
                "listPrices": [["minorUnits": -5, "currency": "USD"], ["minorUnits": 1, "currency": "XXX"]]])
            #expect(bad.status == .unprocessableContent)
            #expect(try bad.problemFields() == ["lineID", "code", "name", "listPrices[0].minorUnits", "listPrices[1].currency"])
            let taken = try await web.send(.post, "/api/v1/products", cookie: admin, json: ["lineID": 1, "code": "CB-LEDGER", "name": "Again"])
            #expect(try taken.problemFields().contains("code"))
            let badRate = try await web.send(.post, "/api/v1/exchange-rates", cookie: admin, json: ["currency": "JPY", "day": "2025-13-01", "rate": "-1"])
            #expect(try badRate.problemFields() == ["currency", "day", "rate"])
            let rates = try await web.send(.get, "/api/v1/exchange-rates?currency=USD", cookie: sales).jsonObject()
            #expect((rates["items"] as? [[String: Any]] ?? []).map { $0["rate"] as? String } == ["150", "160.5"])
            let unknown = try await web.send(.get, "/api/v1/exchange-rates?currency=usd", cookie: sales)
            #expect(try unknown.status == .unprocessableContent && unknown.problemFields() == ["currency"])
        }
    }

    @Test(arguments: TestEngine.allCases)
    func transactionsAreConvertedWithTheRateOfTheDayAndRollUpToTheParent(_ engine: TestEngine) async throws {
        try await WebHarness.run(engine) { web in
            let c = web.company
            let admin = try await web.signIn(c.admin)
            let product = try await Self.catalogue(web, admin)
            let group = try await c.account("Sakura Holdings", owner: c.sales)
            let branch = try await c.account("Sakura Osaka", owner: c.sales, parent: group.id)
            let sales = try await web.signIn(c.sales)
            let first = try await web.send(.post, "/api/v1/transactions", cookie: sales,
                                           json: Self.transaction(group.id, product, "2025-03-15", "PO-1", amount: 10_000, margin: 3_000))
            #expect(first.status == .created, Comment(rawValue: first.text))
            // 100.00 USD at 150 JPY = 15,000 JPY (no minor units in yen).
            #expect((try first.jsonObject()["reportingAmount"] as? [String: Any])?["minorUnits"] as? Int == 15_000)
            let second = try await web.send(.post, "/api/v1/transactions", cookie: sales,
                                            json: Self.transaction(group.id, product, "2025-07-01", "PO-2", amount: 1_001, margin: -200))
            // 10.01 USD at 160.5 = 1,606.605 → 1,607 JPY; the margin −2.00 USD → −321 JPY.
            #expect((try second.jsonObject()["reportingAmount"] as? [String: Any])?["minorUnits"] as? Int == 1_607)
            #expect((try second.jsonObject()["reportingMargin"] as? [String: Any])?["minorUnits"] as? Int == -321)
            #expect(try await web.send(.post, "/api/v1/transactions", cookie: sales,
                                       json: Self.transaction(branch.id, product, "2025-08-01", "PO-3", amount: 500_000, margin: 100_000,
                                                              currency: "JPY")).status == .created)
            let own = try await web.send(.get, "/api/v1/accounts/\(group.id)/transactions", cookie: sales).jsonObject()
            #expect(own["totalCount"] as? Int == 2)
            let rolled = try await web.send(.get, "/api/v1/accounts/\(group.id)/transactions?branches=true", cookie: sales).jsonObject()
            #expect(rolled["totalCount"] as? Int == 3)
            #expect((rolled["transactions"] as? [[String: Any]] ?? []).map { $0["orderReference"] as? String } == ["PO-3", "PO-2", "PO-1"])
            let years = rolled["years"] as? [[String: Any]] ?? []
            #expect(years.map { $0["year"] as? Int } == [2025])
            #expect((years.first?["amount"] as? [String: Any])?["minorUnits"] as? Int == 15_000 + 1_607 + 500_000)

            // Refused, naming the field, and nothing stored.
            let early = try await web.send(.post, "/api/v1/transactions", cookie: sales,
                                           json: Self.transaction(group.id, product, "2024-12-31", "PO-9", amount: 100, margin: 10))
            #expect(try early.problemFields() == ["date"])
            #expect((try early.jsonObject()["errors"] as? [[String: Any]])?.first?["code"] as? String == "no_exchange_rate")
            var wrong = Self.transaction(group.id, 999_999, "2999-01-01", "", amount: 0, margin: 10)
            wrong["margin"] = ["minorUnits": 5, "currency": "EUR"]
            let bad = try await web.send(.post, "/api/v1/transactions", cookie: sales, json: wrong)
            #expect(try bad.problemFields() == ["productID", "date", "orderReference", "amount.minorUnits", "margin.currency"])
            let duplicate = try await web.send(.post, "/api/v1/transactions", cookie: sales,
                                               json: Self.transaction(group.id, product, "2025-03-15", "PO-1", amount: 10_000, margin: 3_000))
            #expect(duplicate.status == .conflict)
            // Someone who cannot see the account does not learn it exists; read-only users cannot add.
            let other = try await web.signIn(c.otherSales)
            let hidden = try await web.send(.post, "/api/v1/transactions", cookie: other,
                                            json: Self.transaction(group.id, product, "2025-03-15", "PO-5", amount: 100, margin: 10))
            #expect(try hidden.problemFields() == ["accountID"])
            #expect(try await web.send(.get, "/api/v1/accounts/\(group.id)/transactions", cookie: other).status == .notFound)
            let readOnly = try await web.signIn(c.readOnly)
            #expect(try await web.send(.post, "/api/v1/transactions", cookie: readOnly,
                                       json: Self.transaction(group.id, product, "2025-03-15", "PO-6", amount: 100, margin: 10)).status == .forbidden)
            let after = try await web.send(.get, "/api/v1/accounts/\(group.id)/transactions?branches=true", cookie: sales).jsonObject()
            #expect(after["totalCount"] as? Int == 3)
            // Once amounts are converted, the reporting currency stays.
            let settings = try await web.send(.get, "/api/v1/company-settings", cookie: admin)
            let change = try await web.send(.patch, "/api/v1/company-settings", cookie: admin, json: ["reportingCurrency": "EUR"],
                                            headers: [.ifMatch: "\"\(try settings.jsonObject()["version"] as? Int ?? 0)\""])
            #expect(change.status == .conflict)
        }
    }

    @Test(arguments: TestEngine.allCases)
    func importIsAllOrNothingNamesRowAndColumnAndCanRunTwice(_ engine: TestEngine) async throws {
        try await WebHarness.run(engine) { web in
            let c = web.company
            let admin = try await web.signIn(c.admin)
            _ = try await Self.catalogue(web, admin)
            let account = try await c.account("Hanami Bank", owner: c.sales)
            let hidden = try await c.account("Hidden Bank", owner: c.otherSales)
            let sales = try await web.signIn(c.sales)
            let good = """
                account_id,date,product,order_reference,currency,amount,margin\r
                \(account.id),2025-02-01,CB-LEDGER,A-1,USD,100.50,20\r
                \(account.id),2025-06-02,CB-LEDGER,A-2,JPY,120000,30000\r
                \(account.id),2025-06-02,CB-LEDGER,"A-3, split",USD,7,1.25\r

                """
            let first = try await web.send(.post, "/api/v1/imports/transactions?name=feb.csv", cookie: sales, body: good, contentType: "text/csv")
            #expect(first.status == .ok, Comment(rawValue: first.text))
            #expect(try first.jsonObject()["inserted"] as? Int == 3)
            let again = try await web.send(.post, "/api/v1/imports/transactions", cookie: sales, body: good, contentType: "text/csv")
            #expect(try again.jsonObject()["inserted"] as? Int == 0)
            #expect(try again.jsonObject()["unchanged"] as? Int == 3)

            let bad = """
                account_id,date,product,order_reference,currency,amount,margin
                \(account.id),2025-02-10,CB-LEDGER,B-1,USD,10,1
                \(account.id),2025-02-30,CB-LEDGER,B-2,USD,10,1
                \(account.id),2025-02-11,NOPE,B-3,USD,10.555,1
                \(hidden.id),2025-02-11,CB-LEDGER,B-4,USD,10,1
                \(account.id),2025-02-12,CB-LEDGER,A-1,USD,999,1
                \(account.id),2024-02-12,CB-LEDGER,B-5,USD,5,10

                """
            let refused = try await web.send(.post, "/api/v1/imports/transactions", cookie: sales, body: bad, contentType: "text/csv")
            #expect(refused.status == .unprocessableContent)
            let errors = (try refused.jsonObject()["errors"] as? [[String: Any]] ?? []).map {
                "\($0["row"] as? Int ?? 0):\($0["field"] as? String ?? ""):\($0["code"] as? String ?? "")"
            }
            // The file's own mistakes first; what needs the database is checked once they are fixed.
            #expect(errors == ["3:date:invalid_date", "4:amount:invalid_amount", "7:margin:exceeds_amount"])
            let fixedText = bad.replacingOccurrences(of: "2025-02-30", with: "2025-02-28").replacingOccurrences(of: "10.555", with: "10.55")
                .replacingOccurrences(of: "2024-02-12,CB-LEDGER,B-5,USD,5,10", with: "2024-02-12,CB-LEDGER,B-5,USD,5,1")
            let stored = try await web.send(.post, "/api/v1/imports/transactions", cookie: sales, body: fixedText, contentType: "text/csv")
            let storedErrors = (try stored.jsonObject()["errors"] as? [[String: Any]] ?? []).map {
                "\($0["row"] as? Int ?? 0):\($0["field"] as? String ?? ""):\($0["code"] as? String ?? "")"
            }
            #expect(storedErrors == ["4:product:unknown_product", "5:account_id:unknown_account", "6:order_reference:conflicts_with_existing",
                                     "7:date:no_exchange_rate"])
            // Row 2 was fine, but nothing of the file was written.
            let history = try await web.send(.get, "/api/v1/accounts/\(account.id)/transactions", cookie: sales).jsonObject()
            #expect(history["totalCount"] as? Int == 3)
            let audit = try await web.send(.get, "/api/v1/accounts/\(account.id)/history", cookie: sales).jsonObject()
            #expect((audit["items"] as? [[String: Any]] ?? []).filter { $0["action"] as? String == "import_transactions" }.count == 1)
            #expect(try await web.send(.post, "/api/v1/imports/transactions", cookie: sales, body: good,
                                       contentType: "application/json").status == .unsupportedMediaType)
        }
    }
}
