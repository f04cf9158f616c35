import Foundation
import HTTPTypes
import KAMCore
import KAMTestSupport
import KAMWeb
import Testing

@Suite("Relationship map page")
struct RelationshipMapPageTests {
    @Test(arguments: TestEngine.allCases)
    func theMapDrawsTheOrgChartAndInfluenceAndHidesHypothesesOnRequest(_ engine: TestEngine) async throws {
        try await WebHarness.run(engine) { web in
            let c = web.company
            let account = try await c.account("Drawn Insurance", owner: c.sales, industry: .insurance)
            let sales = try await web.signIn(c.sales)
            let ceo = try await ConnectionAPITests.person(web, sales, "Chief", at: account.id)
            let cfo = try await ConnectionAPITests.person(web, sales, "Money", at: account.id, reportsTo: ceo)
            let buyer = try await ConnectionAPITests.person(web, sales, "Purchaser", at: account.id, reportsTo: cfo)
            #expect(try await web.send(.post, "/api/v1/connections", cookie: sales,
                                       json: ["fromPersonID": cfo, "toPersonID": ceo, "strength": 5, "stance": "supporter",
                                              "status": "verified", "evidence": "Trusted adviser"]).status == .created)
            #expect(try await web.send(.post, "/api/v1/connections", cookie: sales,
                                       json: ["fromPersonID": buyer, "toPersonID": ceo, "strength": 2, "stance": "opponent",
                                              "evidence": "Rumour from the canteen"]).status == .created)

            let page = try await web.send(.get, "/accounts/\(account.id)/map", cookie: sales)
            #expect(page.status == .ok)
            let html = page.text
            #expect(html.contains("<svg"))
            // Two reporting lines, two influence curves (width by strength, colour by stance), three boxes.
            #expect(html.components(separatedBy: "stroke=\"#9e9e9e\"").count - 1 == 2)
            #expect(html.contains("stroke=\"#2e7d32\" stroke-width=\"5\""))
            #expect(html.contains("stroke=\"#c62828\" stroke-width=\"2\" stroke-dasharray=\"6 4\""))
            #expect(html.components(separatedBy: "class=\"person account\"").count - 1 == 3)
            for person in [ceo, cfo, buyer] { #expect(html.contains("href=\"/people/\(person)\"")) }
            #expect(html.contains("Trusted adviser") && html.contains("Rumour from the canteen"))
            // The account page links to the map.
            #expect(try await web.send(.get, "/accounts/\(account.id)", cookie: sales).text.contains("href=\"/accounts/\(account.id)/map\""))

            let verifiedOnly = try await web.send(.get, "/accounts/\(account.id)/map?hypotheses=hide", cookie: sales).text
            #expect(verifiedOnly.contains("Trusted adviser"))
            #expect(!verifiedOnly.contains("Rumour from the canteen"))
            #expect(!verifiedOnly.contains("stroke-dasharray=\"6 4\""))

            // Outsiders do not learn the account exists.
            let outsider = try await web.signIn(c.otherSales)
            #expect(try await web.send(.get, "/accounts/\(account.id)/map", cookie: outsider).status == .notFound)
        }
    }
}
