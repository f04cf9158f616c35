import Foundation
import HTTPTypes
import KAMCore
import KAMTestSupport
import KAMWeb
import Testing

@Suite("Relationship map page")
struct RelationshipMapPageTests {
    @Test(arguments: TestEngine.allCases)
    func theMapShowsTheOrgChartAsItWasOnAPastDay(_ engine: TestEngine) async throws {
        try await WebHarness.run(engine) { web in
            let c = web.company
            let account = try await c.account("Dated Chemicals", owner: c.sales, industry: .energy)
            let sales = try await web.signIn(c.sales)
            let boss = try await ConnectionAPITests.person(web, sales, "Boss", at: account.id)
            for (family, from, to) in [("Formerly", "2019-04-01", "2022-03-31"), ("Nowadays", "2022-04-01", nil)] {
                var job: [String: Any] = ["accountID": account.id, "title": "CFO", "from": from, "reportsToID": boss]
                if let to { job["to"] = to }
                #expect(try await web.send(.post, "/api/v1/key-persons", cookie: sales,
                                           json: ["name": ["family": family, "given": "X"], "employments": [job]]).status == .created)
            }
            let today = try await web.send(.get, "/accounts/\(account.id)/map", cookie: sales).text
            #expect(today.contains("Nowadays") && !today.contains("Formerly") && !today.contains("id=\"map-as-of\""))
            let then = try await web.send(.get, "/accounts/\(account.id)/map?on=2021-01-15", cookie: sales).text
            #expect(then.contains("Formerly") && !then.contains("Nowadays"))
            #expect(then.contains("id=\"map-as-of\"") && then.contains("value=\"2021-01-15\""))
            #expect(then.contains("/relationship-map/graphml?on=2021-01-15"))
            let graph = try await web.send(.get, "/api/v1/accounts/\(account.id)/relationship-map/graphml?on=2021-01-15", cookie: sales).text
            #expect(graph.contains("Formerly") && !graph.contains("Nowadays"))
            // A date that is no date: today's chart, the field kept as typed with its error.
            let wrong = try await web.send(.get, "/accounts/\(account.id)/map?on=2021-13-45", cookie: sales)
            #expect(wrong.status == .ok)
            #expect(wrong.text.contains("value=\"2021-13-45\"") && wrong.text.contains("field-on-error") && wrong.text.contains("Nowadays"))
        }
    }

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
            let orgChart = (html.components(separatedBy: "<g class=\"reporting-lines\">").last ?? "").components(separatedBy: "</g>").first ?? ""
            #expect(orgChart.components(separatedBy: "<path d=").count - 1 == 2)
            #expect(html.contains("stroke=\"#2e7d32\" stroke-width=\"5\""))
            #expect(html.contains("stroke=\"#c62828\" stroke-width=\"2\" stroke-dasharray=\"6 4\""))
            #expect(html.components(separatedBy: "class=\"person account\"").count - 1 == 3)
            for person in [ceo, cfo, buyer] { #expect(html.contains("href=\"/people/\(person)\"")) }
            #expect(html.contains("Trusted adviser") && html.contains("Rumour from the canteen"))
            // The CFO sways the CEO strongly and the CEO sits atop the chart: the CFO weighs most.
            let ranking = html.components(separatedBy: "id=\"map-top-influence\"").last ?? ""
            #expect(ranking.contains("<li>"))
            // How the purchaser reaches the CEO: one opportunity-less hop of strength 2, a hypothesis.
            let path = try await web.send(.get, "/accounts/\(account.id)/map?from=\(buyer)&to=\(ceo)", cookie: sales).text
            #expect(path.contains("id=\"path-hops\""))
            let hops = (path.components(separatedBy: "id=\"path-hops\"").last ?? "").components(separatedBy: "</ol>").first ?? ""
            #expect(hops.components(separatedBy: "<li>").count == 2)
            #expect(path.contains("0.4"))
            let none = try await web.send(.get, "/accounts/\(account.id)/map?from=\(ceo)&to=\(ceo)", cookie: sales).text
            #expect(none.contains("id=\"path-hops\"") || none.contains("id=\"path-none\""))
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

    @Test(arguments: TestEngine.allCases)
    func theOpportunityPageKeepsItsDecisionChainAndTheDealHasItsOwnMap(_ engine: TestEngine) async throws {
        try await WebHarness.run(engine) { web in
            let c = web.company
            let account = try await c.account("Chain Page Retail", owner: c.sales, industry: .retail)
            let sales = try await web.signIn(c.sales)
            let csrf = try await web.csrf(sales)
            let boss = try await ConnectionAPITests.person(web, sales, "Boss", at: account.id)
            let deal = try await web.send(.post, "/api/v1/opportunities", cookie: sales,
                                          json: ["name": "Store refit", "accountID": account.id, "amount": ["minorUnits": 9_000, "currency": "EUR"]])
            let dealID = try deal.jsonObject()["id"] as? Int ?? 0
            let empty = try await web.send(.get, "/opportunities/\(dealID)", cookie: sales).text
            #expect(empty.contains("id=\"chain-empty\"") && empty.contains("id=\"chain-form\""))

            // Half an attitude is refused by the field, and what was typed stays.
            let bad = try await web.form("/opportunities/\(dealID)/decision-chain", cookie: sales,
                                         [("_csrf", csrf), ("_version", "0"), ("personID", String(boss)), ("role", "decision_maker"),
                                          ("current.closeness", "2"), ("note", "Met at the fair")])
            #expect(bad.status == .unprocessableContent)
            #expect(bad.text.contains("Met at the fair"))
            #expect(bad.text.contains("field invalid"))
            #expect(try await web.store.database.count("decision_chain_entries") == 0)

            let ok = try await web.form("/opportunities/\(dealID)/decision-chain", cookie: sales,
                                        [("_csrf", csrf), ("_version", "0"), ("personID", String(boss)), ("role", "decision_maker"),
                                         ("current.closeness", "2"), ("current.recognition", "3"), ("current.priceAcceptance", "1"),
                                         ("target.closeness", "4"), ("target.recognition", "4"), ("target.priceAcceptance", "3")])
            #expect(ok.status == .seeOther)
            let page = try await web.send(.get, "/opportunities/\(dealID)", cookie: sales).text
            #expect(page.contains("id=\"chain-entries\""))
            #expect(page.contains("2 / 3 / 1") && page.contains("4 / 4 / 3"))
            let map = try await web.send(.get, "/accounts/\(account.id)/map?opportunity=\(dealID)", cookie: sales)
            #expect(map.status == .ok)
            #expect(map.text.contains("id=\"map-deal\"") && map.text.contains("Store refit"))
            // A deal of another account is not shown on this account's map.
            let other = try await c.account("Other Retail", owner: c.sales, industry: .retail)
            #expect(try await web.send(.get, "/accounts/\(other.id)/map?opportunity=\(dealID)", cookie: sales).status == .notFound)

            // A stale form names who saved in between; removing takes the person off.
            let stale = try await web.form("/opportunities/\(dealID)/decision-chain/remove", cookie: sales,
                                           [("_csrf", csrf), ("_version", "0"), ("personID", String(boss))])
            #expect(stale.status == .conflict || stale.status == .preconditionFailed)
            let removed = try await web.form("/opportunities/\(dealID)/decision-chain/remove", cookie: sales,
                                             [("_csrf", csrf), ("_version", "1"), ("personID", String(boss))])
            #expect(removed.status == .seeOther)
            #expect(try await web.send(.get, "/opportunities/\(dealID)", cookie: sales).text.contains("id=\"chain-empty\""))
        }
    }

    @Test(arguments: TestEngine.allCases)
    func connectionsAreRecordedVerifiedAndRemovedFromTheMapPage(_ engine: TestEngine) async throws {
        try await WebHarness.run(engine) { web in
            let c = web.company
            let account = try await c.account("Form Map Healthcare", owner: c.sales, industry: .healthcare)
            let sales = try await web.signIn(c.sales)
            let csrf = try await web.csrf(sales)
            let head = try await ConnectionAPITests.person(web, sales, "Head", at: account.id)
            let nurse = try await ConnectionAPITests.person(web, sales, "Nurse", at: account.id, reportsTo: head)
            let page = try await web.send(.get, "/accounts/\(account.id)/map", cookie: sales).text
            #expect(page.contains("id=\"connection-form\""))

            // Someone swaying themself is refused by the field, and the evidence typed stays.
            let bad = try await web.form("/accounts/\(account.id)/connections", cookie: sales,
                                         [("_csrf", csrf), ("fromPersonID", String(nurse)), ("toPersonID", String(nurse)), ("kind", "influence"),
                                          ("strength", "4"), ("stance", "supporter"), ("status", "hypothesis"), ("evidence", "Ward rounds together")])
            #expect(bad.status == .unprocessableContent)
            #expect(bad.text.contains("Ward rounds together") && bad.text.contains("field invalid"))
            #expect(try await web.store.database.count("person_connections") == 0)

            let ok = try await web.form("/accounts/\(account.id)/connections", cookie: sales,
                                        [("_csrf", csrf), ("fromPersonID", String(nurse)), ("toPersonID", String(head)), ("kind", "influence"),
                                         ("strength", "4"), ("stance", "supporter"), ("status", "hypothesis"), ("evidence", "Ward rounds together")])
            #expect(ok.status == .seeOther)
            let listed = try await web.send(.get, "/api/v1/accounts/\(account.id)/connections", cookie: sales).items()
            #expect(listed.count == 1 && listed[0]["status"] as? String == "hypothesis")
            let id = listed[0]["id"] as? Int ?? 0
            #expect(try await web.form("/connections/\(id)/verify", cookie: sales, [("_csrf", csrf), ("_version", "1")]).status == .seeOther)
            #expect(try await web.send(.get, "/api/v1/connections/\(id)", cookie: sales).jsonObject()["verifiedBy"] as? Int == Int(c.sales.id))
            #expect(try await web.form("/connections/\(id)/delete", cookie: sales, [("_csrf", csrf), ("_version", "2")]).status == .seeOther)
            #expect(try await web.send(.get, "/api/v1/accounts/\(account.id)/connections", cookie: sales).items().isEmpty)

            // A read-only user sees the map without the form.
            let readOnly = try await web.signIn(c.readOnly)
            #expect(!(try await web.send(.get, "/accounts/\(account.id)/map", cookie: readOnly).text.contains("id=\"connection-form\"")))
        }
    }
}
