import Foundation
import HTTPTypes
import HummingbirdTesting
import KAMCore
import KAMTestSupport
import KAMWeb
import Testing

@Suite("Monetisation: the staged process with exit criteria, pursuits, the pipeline and the weighted forecast")
struct MonetisationAPITests {
    /// The standard process as an administrator would send it, the first stage renamed.
    static func processJSON(_ n: Int) -> [String: Any] {
        ["stages": SalesProcess.standard.stages.enumerated().map { index, stage -> [String: Any] in
            ["key": stage.key, "name": index == 0 ? "\(stage.name) \(n)" : stage.name, "probabilityPercent": stage.probabilityPercent,
             "exitCriteria": stage.exitCriteria.map { ["key": $0.key, "label": $0.label, "check": $0.check.rawValue] }]
        }, "largeDealThresholds": SalesProcess.standard.largeDealThresholds.map { ["currency": $0.currency, "minorUnits": $0.minorUnits] }]
    }

    static func processForm(_ n: Int) -> [(String, String)] {
        var fields: [(String, String)] = []
        for (index, stage) in SalesProcess.standard.stages.enumerated() {
            let prefix = "stages[\(index)]."
            fields += [(prefix + "key", stage.key), (prefix + "name", index == 0 ? "\(stage.name) \(n)" : stage.name),
                       (prefix + "probabilityPercent", String(stage.probabilityPercent))]
            for (c, criterion) in stage.exitCriteria.enumerated() {
                fields += [(prefix + "exitCriteria[\(c)].key", criterion.key), (prefix + "exitCriteria[\(c)].label", criterion.label),
                           (prefix + "exitCriteria[\(c)].check", criterion.check.rawValue)]
            }
        }
        for (index, threshold) in SalesProcess.standard.largeDealThresholds.enumerated() {
            fields += [("largeDealThresholds[\(index)].currency", threshold.currency), ("largeDealThresholds[\(index)].decimal", threshold.decimalString)]
        }
        return fields
    }

    static func version(_ response: TestResponse) -> String { "\"\((response.headers[HTTPField.Name.eTag] ?? "0").filter { $0.isNumber })\"" }

    @Test(arguments: TestEngine.allCases)
    func aLargeOpportunityLeavesAStageOnlyWithItsExitCriteriaMetOrAReason(_ engine: TestEngine) async throws {
        try await WebHarness.run(engine) { web in
            let c = web.company
            let sales = try await web.signIn(c.sales)
            let account = try await c.account("Tokai Steel", owner: c.sales)
            let created = try await web.send(.post, "/api/v1/opportunities", cookie: sales,
                                             json: ["name": "Plant MES", "accountID": account.id, "amount": ["minorUnits": 80_000_000, "currency": "JPY"]])
            #expect(created.status == .created, Comment(rawValue: created.text))
            let opportunity = try created.jsonObject()
            let id = opportunity["id"] as? Int ?? 0
            #expect(opportunity["track"] as? String == "staged" && opportunity["foundOn"] as? String == web.store.today().description)
            let path = "/api/v1/opportunities/\(id)"

            // Skipping two stages' criteria without a reason is refused, and nothing changes.
            let skipped = try await web.send(.patch, path, cookie: sales, json: ["stage": "proposal"], headers: [.ifMatch: "\"1\""])
            #expect(try skipped.problemFields() == ["stageReason"])
            #expect(skipped.text.contains("Budget confirmed") && skipped.text.contains("The customer confirmed the need"))
            var pursuit = try await web.send(.get, path + "/pursuit", cookie: sales)
            #expect(try pursuit.jsonObject()["stage"] as? String == "prospecting" && Self.version(pursuit) == "\"1\"")
            #expect((try pursuit.jsonObject()["moves"] as? [[String: Any]])?.count == 1)

            // A computed criterion cannot be ticked; an unknown one is named.
            let badTicks = try await web.send(.put, path + "/pursuit", cookie: sales,
                                              json: ["metCriteria": ["prospecting.close_date", "nowhere.at_all"], "closePlan": [["title": ""]]],
                                              headers: [.ifMatch: "\"1\""])
            #expect(try badTicks.problemFields() == ["metCriteria[0]", "metCriteria[1]", "closePlan[0].title", "closePlan[0].dueOn"])

            // The team ticks the need and sets a close date: the first stage's criteria hold.
            pursuit = try await web.send(.put, path + "/pursuit", cookie: sales,
                                         json: ["metCriteria": ["prospecting.need_confirmed"], "competitors": [["name": "Rival Systems", "strengths": "Price"]],
                                                "closePlan": [["title": "Steering committee", "dueOn": "2031-02-01", "ownerID": c.sales.id]]],
                                         headers: [.ifMatch: "\"1\""])
            #expect(pursuit.status == .ok, Comment(rawValue: pursuit.text))
            let dated = try await web.send(.patch, path, cookie: sales, json: ["expectedClose": "2031-03-31"], headers: [.ifMatch: Self.version(pursuit)])
            #expect(dated.status == .ok, Comment(rawValue: dated.text))
            let qualified = try await web.send(.patch, path, cookie: sales, json: ["stage": "qualification"], headers: [.ifMatch: Self.version(dated)])
            #expect(qualified.status == .ok, Comment(rawValue: qualified.text))

            // Winning now skips the rest: with a reason it is recorded, skipped criteria listed, cycle time counted.
            let won = try await web.send(.patch, path, cookie: sales, json: ["stage": "won", "stageReason": "Signed at the CEO's dinner"],
                                         headers: [.ifMatch: Self.version(qualified)])
            #expect(won.status == .ok, Comment(rawValue: won.text))
            #expect(try won.jsonObject()["closedOn"] as? String == web.store.today().description)
            let after = try await web.send(.get, path + "/pursuit", cookie: sales).jsonObject()
            let moves = after["moves"] as? [[String: Any]] ?? []
            #expect(moves.map { $0["to"] as? String } == ["won", "qualification", "prospecting"])
            #expect(moves.first?["reason"] as? String == "Signed at the CEO's dinner")
            #expect(Set(moves.first?["skipped"] as? [String] ?? []) == ["qualification.budget_confirmed", "qualification.decision_chain",
                                                                         "proposal.proposal_presented", "negotiation.terms_agreed"])
            #expect((moves[1]["skipped"] as? [String]) == [])
            #expect(after["cycleDays"] as? Int == 0 && after["probabilityPercent"] as? Int == 100)
            let criteria = after["criteria"] as? [[String: Any]] ?? []
            #expect(criteria.first { $0["criterionKey"] as? String == "competitors" }?["met"] as? Bool == true)
            #expect(criteria.first { $0["criterionKey"] as? String == "close_plan" }?["met"] as? Bool == true)

            // A stage the process does not have is refused.
            let unknown = try await web.send(.patch, path, cookie: sales, json: ["stage": "celebration"], headers: [.ifMatch: Self.version(won)])
            #expect(try unknown.problemFields() == ["stage"])

            // A small opportunity takes the fast track: no stage gates.
            let small = try await web.send(.post, "/api/v1/opportunities", cookie: sales,
                                           json: ["name": "Spare sensors", "accountID": account.id, "amount": ["minorUnits": 900_000, "currency": "JPY"]])
            #expect(try small.jsonObject()["track"] as? String == "fast_track")
            let smallID = try small.jsonObject()["id"] as? Int ?? 0
            #expect(try await web.send(.patch, "/api/v1/opportunities/\(smallID)", cookie: sales, json: ["stage": "negotiation"],
                                       headers: [.ifMatch: "\"1\""]).status == .ok)

            // Who may see and change it.
            #expect(try await web.send(.get, path + "/pursuit", cookie: try await web.signIn(c.otherSales)).status == .notFound)
            let reader = try await web.signIn(c.readOnly)
            #expect(try await web.send(.get, path + "/pursuit", cookie: reader).status == .ok)
            #expect(try await web.send(.put, path + "/pursuit", cookie: reader, json: ["competitors": []],
                                       headers: [.ifMatch: Self.version(won)]).status == .forbidden)
        }
    }

    @Test(arguments: TestEngine.allCases)
    func theForecastWeighsOpenOpportunitiesByStageOrTheirOwnProbability(_ engine: TestEngine) async throws {
        try await WebHarness.run(engine) { web in
            let c = web.company
            let admin = try await web.signIn(c.admin)
            let sales = try await web.signIn(c.sales)
            #expect(try await web.send(.post, "/api/v1/exchange-rates", cookie: admin, json: ["currency": "JPY", "day": "2020-01-01", "rate": "0.01"]).status == .ok)
            let mine = try await c.account("Forecast Bank", owner: c.sales)
            let theirs = try await c.account("Elsewhere Trading", owner: c.otherSales)
            func add(_ account: Account, _ amount: Int64, _ currency: String, _ stage: String, _ close: String?, probability: Int? = nil) async throws {
                var json: [String: Any] = ["name": "Deal \(amount)", "accountID": account.id, "amount": ["minorUnits": amount, "currency": currency],
                                           "stage": stage, "ownerID": account.ownerID]
                if let close { json["expectedClose"] = close }
                if let probability { json["probabilityPercent"] = probability }
                let made = try await web.send(.post, "/api/v1/opportunities", cookie: admin, json: json)
                #expect(made.status == .created, Comment(rawValue: made.text))
            }
            try await add(mine, 100_000_000, "USD", "qualification", "2030-02-10")         // 25 % of 1,000,000.00
            try await add(mine, 40_000_000, "JPY", "proposal", "2030-03-31")              // 50 % of 400,000.00 USD
            try await add(mine, 2_000_000, "USD", "negotiation", "2030-05-01", probability: 90)  // 90 % of 20,000.00
            try await add(mine, 5_000_00, "USD", "won", "2030-01-15")                      // won counts whole, not in the pipeline
            try await add(mine, 7_000_00, "USD", "lost", "2030-01-20")                     // lost counts nothing
            try await add(mine, 3_000_00, "KRW", "proposal", "2030-02-01")                 // no rate: left out and named
            try await add(mine, 1_000_00, "USD", "proposal", nil)                          // undated
            try await add(theirs, 999_000_00, "USD", "negotiation", "2030-02-01")
            // An account in the recycle bin takes its opportunities out of everyone's forecast.
            let gone = try await c.account("Gone Holdings", owner: c.otherSales)
            try await add(gone, 555_000_00, "USD", "negotiation", "2030-02-01")
            #expect(try await web.send(.delete, "/api/v1/accounts/\(gone.id)", cookie: admin, headers: [.ifMatch: "\"1\""]).status == .noContent)

            let window = "?from=2030-01-01&to=2030-12-31"
            let forecast = try await web.send(.get, "/api/v1/forecast" + window, cookie: sales).jsonObject()
            let periods = forecast["periods"] as? [[String: Any]] ?? []
            #expect(periods.map { $0["period"] as? String } == ["2030-Q1", "2030-Q2"])
            func minor(_ object: Any?) -> Int? { (object as? [String: Any])?["minorUnits"] as? Int }
            #expect(minor(periods[0]["pipeline"]) == 100_000_000 + 40_000_000)
            #expect(minor(periods[0]["weighted"]) == 25_000_000 + 20_000_000)
            #expect(minor(periods[0]["won"]) == 5_000_00 && periods[0]["wonCount"] as? Int == 1)
            #expect(minor(periods[1]["weighted"]) == 1_800_000)
            #expect(minor((forecast["total"] as? [String: Any])?["weighted"]) == 46_800_000)
            #expect(forecast["unconvertedCurrencies"] as? [String] == ["KRW"] && forecast["undatedOpenCount"] as? Int == 1)
            let byStage = (periods[0]["byStage"] as? [[String: Any]] ?? []).map { $0["stage"] as? String }
            #expect(byStage == ["qualification", "proposal"])

            // The director sees their salesperson's numbers; the other key account manager sees only their own.
            let director = try await web.send(.get, "/api/v1/forecast" + window, cookie: try await web.signIn(c.director)).jsonObject()
            #expect(minor((director["total"] as? [String: Any])?["weighted"]) == 46_800_000)
            let other = try await web.send(.get, "/api/v1/forecast" + window, cookie: try await web.signIn(c.otherSales)).jsonObject()
            #expect(minor((other["total"] as? [String: Any])?["weighted"]) == 74_925_000)
            let everyone = try await web.send(.get, "/api/v1/forecast" + window, cookie: admin).jsonObject()
            #expect(minor((everyone["total"] as? [String: Any])?["weighted"]) == 46_800_000 + 74_925_000)
            let monthly = try await web.send(.get, "/api/v1/forecast" + window + "&by=month&owner=\(c.sales.id)", cookie: admin).jsonObject()
            #expect((monthly["periods"] as? [[String: Any]] ?? []).map { $0["period"] as? String } == ["2030-01", "2030-02", "2030-03", "2030-05"])
            #expect(try await web.send(.get, "/api/v1/forecast?from=2030-05-01&to=2030-01-01&by=week", cookie: sales).problemFields() == ["to", "by"])

            // The board: large open opportunities by stage, the columns' sums weighted.
            let board = try await web.send(.get, "/api/v1/pipeline", cookie: sales).jsonObject()
            let columns = board["columns"] as? [[String: Any]] ?? []
            #expect(columns.map { $0["stage"] as? String } == ["prospecting", "qualification", "proposal", "negotiation"])
            #expect(columns[1]["count"] as? Int == 1 && minor(columns[1]["weighted"]) == 25_000_000)
            #expect(!String(describing: board).contains("Elsewhere"))

            let page = try await web.send(.get, "/pipeline" + window, cookie: sales)
            #expect(page.status == .ok && page.text.contains("Deal 100000000") && page.text.contains("2030-Q1") && !page.text.contains("Elsewhere"))
        }
    }

    @Test(arguments: TestEngine.allCases)
    func administratorsConfigureTheStagesAndThresholds(_ engine: TestEngine) async throws {
        try await WebHarness.run(engine) { web in
            let c = web.company
            let admin = try await web.signIn(c.admin)
            let sales = try await web.signIn(c.sales)
            let account = try await c.account("Configured Co", owner: c.sales)
            let made = try await web.send(.post, "/api/v1/opportunities", cookie: sales,
                                          json: ["name": "Old stage", "accountID": account.id, "stage": "negotiation",
                                                 "amount": ["minorUnits": 90_000_000, "currency": "JPY"]])
            let oldID = try made.jsonObject()["id"] as? Int ?? 0

            let bad = try await web.send(.put, "/api/v1/sales-process", cookie: admin, json: [
                "stages": [["key": "won", "name": "Won early", "probabilityPercent": 150],
                           ["key": "discovery", "name": "", "probabilityPercent": 10, "exitCriteria": [["key": "fit", "label": "Fit", "check": "telepathy"]]]],
                "largeDealThresholds": [["currency": "XXX", "minorUnits": 5]]], headers: [.ifMatch: "\"0\""])
            #expect(try bad.problemFields() == ["stages[0].key", "stages[0].probabilityPercent", "stages[1].name", "stages[1].exitCriteria[0].check",
                                                "largeDealThresholds[0].currency"])
            #expect(try await web.send(.put, "/api/v1/sales-process", cookie: sales, json: Self.processJSON(1), headers: [.ifMatch: "\"0\""]).status == .forbidden)

            let saved = try await web.send(.put, "/api/v1/sales-process", cookie: admin, json: [
                "stages": [["key": "discovery", "name": "Discovery", "probabilityPercent": 15, "exitCriteria": [["key": "pain", "label": "Pain named"]]],
                           ["key": "commit", "name": "Commit", "probabilityPercent": 80]],
                "largeDealThresholds": [["currency": "JPY", "decimal": "1000000"]]], headers: [.ifMatch: "\"0\""])
            #expect(saved.status == .ok, Comment(rawValue: saved.text))
            #expect(try await web.send(.get, "/api/v1/sales-process", cookie: sales).jsonObject()["revision"] as? Int == 1)

            // New opportunities take the new stages and threshold; one in a removed stage keeps it but cannot re-enter it.
            let fresh = try await web.send(.post, "/api/v1/opportunities", cookie: sales,
                                           json: ["name": "Now large", "accountID": account.id, "stage": "discovery",
                                                  "amount": ["minorUnits": 2_000_000, "currency": "JPY"]])
            let freshTrack = try fresh.jsonObject()["track"] as? String
            #expect(fresh.status == .created && freshTrack == "staged")
            let freshID = try fresh.jsonObject()["id"] as? Int ?? 0
            let gated = try await web.send(.patch, "/api/v1/opportunities/\(freshID)", cookie: sales, json: ["stage": "commit"], headers: [.ifMatch: "\"1\""])
            #expect(try gated.problemFields() == ["stageReason"] && gated.text.contains("Pain named"))
            #expect(try await web.send(.patch, "/api/v1/opportunities/\(oldID)", cookie: sales, json: ["name": "Old stage, renamed"],
                                       headers: [.ifMatch: "\"1\""]).status == .ok)
            #expect(try await web.send(.post, "/api/v1/opportunities", cookie: sales,
                                       json: ["name": "Nope", "accountID": account.id, "stage": "negotiation",
                                              "amount": ["minorUnits": 1, "currency": "JPY"]]).problemFields() == ["stage"])

            // The settings page: everyone reads it; an administrator's refused form keeps what was typed.
            let page = try await web.send(.get, "/settings/sales-process", cookie: sales)
            #expect(page.status == .ok && page.text.contains("Pain named") && !page.text.contains("save-sales-process"))
            let csrf = try await web.csrf(admin)
            let refused = try await web.form("/settings/sales-process", cookie: admin, [
                ("_csrf", csrf), ("_version", "1"), ("stages[0].key", "discovery"), ("stages[0].name", "Typed discovery"),
                ("stages[0].probabilityPercent", "101"), ("stages[1].key", ""), ("stages[1].name", ""), ("stages[1].probabilityPercent", "")])
            #expect(refused.status == .unprocessableContent && refused.text.contains("Typed discovery"))
            // As a browser sends it: a blank spare stage, and a blank spare criterion row under each stage.
            var spare: [(String, String)] = [("stages[4].key", ""), ("stages[4].name", ""), ("stages[4].probabilityPercent", ""),
                                             ("stages[4].exitCriteria[0].key", ""), ("stages[4].exitCriteria[0].label", ""), ("stages[4].exitCriteria[0].check", "")]
            for stage in 0..<4 { spare += [("stages[\(stage)].exitCriteria[2].key", ""), ("stages[\(stage)].exitCriteria[2].check", "")] }
            let form = try await web.form("/settings/sales-process", cookie: admin, [("_csrf", csrf), ("_version", "1")] + Self.processForm(7) + spare)
            #expect(form.status == .seeOther, Comment(rawValue: form.text))
            #expect(try await web.send(.get, "/api/v1/sales-process", cookie: sales).text.contains("Prospecting 7"))
        }
    }

    @Test(arguments: TestEngine.allCases)
    func theOpportunityPageMovesStagesAndKeepsTheReasonTypedWhenRefused(_ engine: TestEngine) async throws {
        try await WebHarness.run(engine) { web in
            let c = web.company
            let sales = try await web.signIn(c.sales)
            let account = try await c.account("Page Motors", owner: c.sales)
            let made = try await web.send(.post, "/api/v1/opportunities", cookie: sales,
                                          json: ["name": "Line 3 retrofit", "accountID": account.id, "amount": ["minorUnits": 60_000_000, "currency": "JPY"]])
            let id = try made.jsonObject()["id"] as? Int ?? 0
            let csrf = try await web.csrf(sales)
            let refused = try await web.form("/opportunities/\(id)/stage", cookie: sales,
                                             [("_csrf", csrf), ("_version", "1"), ("stage", "negotiation"), ("stageReason", "")])
            #expect(refused.status == .unprocessableContent && refused.text.contains("Give a reason"))
            let pursuit = try await web.form("/opportunities/\(id)/pursuit", cookie: sales, [
                ("_csrf", csrf), ("_version", "1"), ("metCriteria", "prospecting.need_confirmed"), ("competitors[0].name", "Acme Automation"),
                ("competitors[0].strengths", ""), ("competitors[1].name", ""), ("closePlan[0].title", "Typed step"), ("closePlan[0].dueOn", "someday")])
            #expect(pursuit.status == .unprocessableContent && pursuit.text.contains("Typed step") && pursuit.text.contains("Acme Automation"))
            let saved = try await web.form("/opportunities/\(id)/pursuit", cookie: sales, [
                ("_csrf", csrf), ("_version", "1"), ("metCriteria", "prospecting.need_confirmed"), ("competitors[0].name", "Acme Automation"),
                ("closePlan[0].title", "Pilot sign-off"), ("closePlan[0].dueOn", "2031-01-15"), ("closePlan[0].ownerID", String(c.sales.id))])
            #expect(saved.status == .seeOther, Comment(rawValue: saved.text))
            let moved = try await web.form("/opportunities/\(id)/stage", cookie: sales,
                                           [("_csrf", csrf), ("_version", "2"), ("stage", "negotiation"), ("stageReason", "Customer asked for terms")])
            #expect(moved.status == .seeOther, Comment(rawValue: moved.text))
            let page = try await web.send(.get, "/opportunities/\(id)", cookie: sales)
            #expect(page.text.contains("Customer asked for terms") && page.text.contains("Pilot sign-off") && page.text.contains("Acme Automation"))
            #expect(page.text.contains("id=\"opportunity-stage\">Negotiation<"))
        }
    }
}
