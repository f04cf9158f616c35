import Foundation
import HTTPTypes
import HummingbirdTesting
import KAMCore
import KAMTestSupport
import KAMWeb
import Testing

@Suite("The small-order fast track: quote, order, contract")
struct SalesDocumentAPITests {
    @Test(arguments: TestEngine.allCases)
    func aSmallOrderGoesFromQuoteToContract(_ engine: TestEngine) async throws {
        try await WebHarness.run(engine) { web in
            let c = web.company
            let sales = try await web.signIn(c.sales)
            let account = try await c.account("Quick Parts", owner: c.sales)
            let made = try await web.send(.post, "/api/v1/opportunities", cookie: sales,
                                          json: ["name": "Spare pumps", "accountID": account.id, "amount": ["minorUnits": 300_000, "currency": "USD"]])
            let opportunity = try made.jsonObject()
            let id = opportunity["id"] as? Int ?? 0
            #expect(opportunity["track"] as? String == "fast_track")
            let quotes = "/api/v1/opportunities/\(id)/quotes"
            func documentCount() async throws -> Int { try await web.send(.get, "/api/v1/opportunities/\(id)/documents", cookie: sales).items().count }

            // Negative quantities and prices, a discount beyond the authority of an unclassified account (the smallest, 5 %): each line named.
            let bad = try await web.send(.post, quotes, cookie: sales, json: [
                "currency": "USD", "lines": [["description": "Pump", "quantity": -2, "unitPriceMinor": 100_000],
                                             ["description": "Seal kit", "quantity": 1, "unitPrice": "-5.00"],
                                             ["description": "Service", "quantity": 1, "unitPriceMinor": 50_000, "discountPercent": 7.5]]])
            #expect(try bad.problemFields() == ["lines[0].quantity", "lines[1].unitPriceMinor", "lines[2].discountPercent"])
            #expect(bad.text.contains("beyond_authority"))
            #expect(try await documentCount() == 0)

            let quote = try await web.send(.post, quotes, cookie: sales, json: [
                "currency": "USD", "validUntil": "2031-01-31",
                "lines": [["description": "Pump", "quantity": 2, "unitPrice": "1000.00"],
                          ["description": "Service", "quantity": 1, "unitPriceMinor": 50_000, "discountPercent": 5]]])
            #expect(quote.status == .created, Comment(rawValue: quote.text))
            let quoteJSON = try quote.jsonObject()
            let quoteID = quoteJSON["id"] as? Int ?? 0
            let year = web.store.today().year
            #expect(quoteJSON["number"] as? String == "Q-\(year)-00001" && quoteJSON["status"] as? String == "draft")
            #expect((quoteJSON["net"] as? [String: Any])?["minorUnits"] as? Int == 200_000 + 47_500)
            let document = "/api/v1/sales-documents/\(quoteID)"

            // A contract before an order, and an order before the customer accepted, are refused; nothing is written.
            let early = try await web.send(.post, document + "/contract", cookie: sales, headers: [.ifMatch: "\"1\""])
            #expect(try early.problemFields() == ["source"] && early.text.contains("order_required"))
            let unaccepted = try await web.send(.post, document + "/order", cookie: sales, headers: [.ifMatch: "\"1\""])
            #expect(try unaccepted.problemFields() == ["status"])
            #expect(try await web.send(.patch, document, cookie: sales, json: ["status": "accepted"], headers: [.ifMatch: "\"1\""]).problemFields() == ["status"])
            #expect(try await documentCount() == 1)

            // The draft's lines can change; once sent they cannot.
            let edited = try await web.send(.patch, document, cookie: sales, json: ["lines": [["description": "Pump", "quantity": 3, "unitPrice": "1000"]]],
                                            headers: [.ifMatch: "\"1\""])
            let editedNet = (try edited.jsonObject()["net"] as? [String: Any])?["minorUnits"] as? Int
            #expect(edited.status == .ok && editedNet == 300_000)
            #expect(try await web.send(.patch, document, cookie: sales, json: ["status": "sent"], headers: [.ifMatch: "\"2\""]).status == .ok)
            #expect(try await web.send(.patch, document, cookie: sales, json: ["lines": [["description": "Pump", "quantity": 9, "unitPriceMinor": 1]]],
                                       headers: [.ifMatch: "\"3\""]).problemFields() == ["lines"])
            #expect(try await web.send(.patch, document, cookie: sales, json: ["status": "accepted"], headers: [.ifMatch: "\"3\""]).status == .ok)

            // The order wins the opportunity at the order's value; a second order from the same quote is refused.
            let order = try await web.send(.post, document + "/order", cookie: sales, headers: [.ifMatch: "\"4\""])
            #expect(order.status == .created, Comment(rawValue: order.text))
            let orderJSON = try order.jsonObject()
            #expect(orderJSON["number"] as? String == "O-\(year)-00001" && orderJSON["status"] as? String == "confirmed" && orderJSON["sourceID"] as? Int == quoteID)
            // Making the order took the quote's version: a second order from it is refused whichever version is sent.
            #expect(try await web.send(.post, document + "/order", cookie: sales, headers: [.ifMatch: "\"4\""]).status == .preconditionFailed)
            #expect(try await web.send(.post, document + "/order", cookie: sales, headers: [.ifMatch: "\"5\""]).problemFields() == ["source"])
            let won = try await web.send(.get, "/api/v1/opportunities/\(id)", cookie: sales).jsonObject()
            #expect(won["stage"] as? String == "won" && (won["amount"] as? [String: Any])?["minorUnits"] as? Int == 300_000)
            let pursuit = try await web.send(.get, "/api/v1/opportunities/\(id)/pursuit", cookie: sales).jsonObject()
            #expect(pursuit["cycleDays"] as? Int == 0 && (pursuit["moves"] as? [[String: Any]])?.first?["reason"] as? String == "O-\(year)-00001")

            let orderID = orderJSON["id"] as? Int ?? 0
            let contract = try await web.send(.post, "/api/v1/sales-documents/\(orderID)/contract", cookie: sales, headers: [.ifMatch: "\"1\""])
            #expect(contract.status == .created, Comment(rawValue: contract.text))
            let contractJSON = try contract.jsonObject()
            #expect(contractJSON["number"] as? String == "C-\(year)-00001" && contractJSON["status"] as? String == "draft")
            let contractID = contractJSON["id"] as? Int ?? 0
            for (version, status) in [(1, "sent"), (2, "signed")] {
                #expect(try await web.send(.patch, "/api/v1/sales-documents/\(contractID)", cookie: sales, json: ["status": status],
                                           headers: [.ifMatch: "\"\(version)\""]).status == .ok)
            }

            // Quoting on a won opportunity, or on a large one, is refused.
            #expect(try await web.send(.post, quotes, cookie: sales, json: ["currency": "USD", "lines": [["description": "x", "quantity": 1, "unitPriceMinor": 1]]])
                .problemFields() == ["opportunityID"])
            let large = try await web.send(.post, "/api/v1/opportunities", cookie: sales,
                                           json: ["name": "Plant", "accountID": account.id, "amount": ["minorUnits": 90_000_000, "currency": "USD"]])
            #expect(try await web.send(.post, "/api/v1/opportunities/\(try large.jsonObject()["id"] as? Int ?? 0)/quotes", cookie: sales,
                                       json: ["currency": "USD", "lines": [["description": "x", "quantity": 1, "unitPriceMinor": 1]]]).problemFields() == ["opportunityID"])

            // Who sees and changes the documents; the printable page.
            #expect(try await web.send(.get, document, cookie: try await web.signIn(c.otherSales)).status == .notFound)
            let reader = try await web.signIn(c.readOnly)
            #expect(try await web.send(.get, document, cookie: reader).status == .ok)
            #expect(try await web.send(.patch, "/api/v1/sales-documents/\(contractID)", cookie: reader, json: ["status": "cancelled"],
                                       headers: [.ifMatch: "\"3\""]).status == .forbidden)
            let page = try await web.send(.get, "/documents/\(contractID)", cookie: sales)
            #expect(page.status == .ok && page.text.contains("C-\(year)-00001") && page.text.contains("Pump") && page.text.contains("Signed"))
            #expect(!page.text.contains("id=\"document-actions\"><form"))
        }
    }

    @Test(arguments: TestEngine.allCases)
    func theDiscountAuthorityFollowsTheAccountsClass(_ engine: TestEngine) async throws {
        try await WebHarness.run(engine) { web in
            let c = web.company
            let admin = try await web.signIn(c.admin)
            let sales = try await web.signIn(c.sales)
            let account = try await c.account("Class A Metals", owner: c.sales)
            for (version, move) in [(1, ["field": "status", "to": "qualified", "reason": "Qualified"]), (2, ["field": "class", "to": "A", "reason": "Top"])] {
                let moved = try await web.send(.post, "/api/v1/accounts/\(account.id)/moves", cookie: admin, json: move, headers: [.ifMatch: "\"\(version)\""])
                #expect(moved.status == .ok, Comment(rawValue: moved.text))
            }
            let made = try await web.send(.post, "/api/v1/opportunities", cookie: sales,
                                          json: ["name": "Valves", "accountID": account.id, "amount": ["minorUnits": 100_000, "currency": "USD"]])
            let id = try made.jsonObject()["id"] as? Int ?? 0
            func quote(_ percent: Double) async throws -> TestResponse {
                try await web.send(.post, "/api/v1/opportunities/\(id)/quotes", cookie: sales, json: [
                    "currency": "USD", "lines": [["description": "Valve", "quantity": 10, "unitPriceMinor": 10_000, "discountPercent": percent]]])
            }
            // Class A's authority is 15 % in the standard investment strategy.
            #expect(try await quote(15).status == .created)
            #expect(try await quote(15.5).problemFields() == ["lines[0].discountPercent"])

            // The opportunity page offers the quote form with the authority; a refused form keeps the lines typed.
            let page = try await web.send(.get, "/opportunities/\(id)", cookie: sales)
            #expect(page.text.contains("id=\"quote-form\"") && page.text.contains("up to 15 %"))
            let csrf = try await web.csrf(sales)
            let refused = try await web.form("/opportunities/\(id)/quotes", cookie: sales, [
                ("_csrf", csrf), ("currency", "USD"), ("lines[0].description", "Typed valve"), ("lines[0].quantity", "-1"), ("lines[0].unitPrice", "12.50")])
            #expect(refused.status == .unprocessableContent && refused.text.contains("Typed valve"))
            let created = try await web.form("/opportunities/\(id)/quotes", cookie: sales, [
                ("_csrf", csrf), ("currency", "USD"), ("lines[0].description", "Typed valve"), ("lines[0].quantity", "4"), ("lines[0].unitPrice", "12.50"),
                ("lines[1].description", ""), ("lines[1].quantity", "")])
            #expect(created.status == .seeOther, Comment(rawValue: created.text))
            let documentPage = try await web.send(.get, created.headers[.location] ?? "/", cookie: sales)
            #expect(documentPage.text.contains("Typed valve") && documentPage.text.contains("id=\"mark-sent\""))
        }
    }
}
