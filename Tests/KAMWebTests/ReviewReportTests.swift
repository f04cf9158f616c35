import Foundation
import HTTPTypes
import KAMCore
import KAMStore
import KAMTestSupport
import Testing

@Suite("Review discipline by team and class, and the portfolio's direction")
struct ReviewReportTests {
    @Test(arguments: TestEngine.allCases)
    func theReportCountsReviewsOnTimeByTeamAndClassAndTheTrendFollowsTheScores(_ engine: TestEngine) async throws {
        let clock = TestClock("2027-01-10T03:00:00Z")
        try await WebHarness.run(engine, now: { clock.now }) { web in
            let c = web.company
            let admin = try await web.signIn(c.admin)
            let team = try await web.send(.post, "/api/v1/sales-teams", cookie: admin, json: ["name": "東日本チーム", "memberIDs": [c.sales.id]])
            #expect(team.status == .created, Comment(rawValue: team.text))
            let punctual = try await c.account("Punctual Bank", owner: c.sales)
            let late = try await c.account("Late Steel", owner: c.otherSales)
            for account in [punctual, late] { try await EvaluationAPITests.qualify(web, account, admin: admin) }

            // The punctual account's customer review is held on its due day; the other's is not held at all.
            clock.set("2027-04-10T02:00:00Z")
            let sales = try await web.signIn(c.sales)
            let held = try await web.send(.post, "/api/v1/accounts/\(punctual.id)/evaluations", cookie: sales,
                                          json: ["kind": "customer", "dueOn": "2027-04-10", "result": "qualified"])
            #expect(held.status == .created, Comment(rawValue: held.text))
            // Two scores each: one up, one down.
            var levels = ScoringAPITests.entered
            for (account, cookie, steps) in [(punctual, sales, [2, 5]), (late, try await web.signIn(c.otherSales), [5, 1])] {
                for level in steps {
                    levels["strategic_value"] = level
                    levels["product_fit"] = level
                    let scored = try await web.send(.post, "/api/v1/accounts/\(account.id)/scores", cookie: cookie, json: ["levels": levels])
                    #expect(scored.status == .created, Comment(rawValue: scored.text))
                }
            }
            clock.set("2027-04-20T02:00:00Z")
            let director = try await web.signIn(c.admin)
            let report = try await web.send(.get, "/api/v1/reports/reviews", cookie: director)
            #expect(report.status == .ok, Comment(rawValue: report.text))
            let body = try report.jsonObject()
            let trend = body["trend"] as? [String: Any] ?? [:]
            #expect(trend["improved"] as? Int == 1 && trend["declined"] as? Int == 1)
            let teams = body["byTeam"] as? [[String: Any]] ?? []
            let east = teams.first { $0["key"] as? String == "東日本チーム" }
            // Punctual Bank: one held on time, the plan review (also due 10 April) overdue.
            #expect((east?["share"] as? [String: Any])?["onTime"] as? Int == 1)
            #expect((east?["share"] as? [String: Any])?["overdue"] as? Int == 1)
            #expect(east?["percent"] as? Int == 50)
            // Late Steel's owner is on no team: both its reviews overdue.
            let none = teams.first { $0["key"] as? String == "" }
            #expect(none?["percent"] as? Int == 0 && (none?["share"] as? [String: Any])?["overdue"] as? Int == 2)
            #expect(((body["total"] as? [String: Any])?["held"] as? Int) == 1)

            // A salesperson's report covers only what they see.
            let own = try await web.send(.get, "/api/v1/reports/reviews", cookie: try await web.signIn(c.sales)).jsonObject()
            #expect((own["trend"] as? [String: Any])?["declined"] as? Int == 0)

            // The page shows the same figures; the account's reviews page draws the trend.
            let page = try await web.send(.get, "/reports/reviews", cookie: director)
            #expect(page.status == .ok && page.text.contains("id=\"trend-improved\">1<") && page.text.contains("東日本チーム"))
            let accountPage = try await web.send(.get, "/accounts/\(punctual.id)/reviews", cookie: director)
            #expect(accountPage.text.contains("id=\"trend-svg\"") && accountPage.text.contains("class=\"trend-line\""))
            #expect(accountPage.text.contains("review-mark result-qualified"))
            #expect(accountPage.text.contains("id=\"trend-direction\">Improved<"))
        }
    }

    @Test(arguments: TestEngine.allCases)
    func anAdministratorSetsTheCadencesOnTheirPageAndBadMonthsAreRefusedKeepingWhatWasTyped(_ engine: TestEngine) async throws {
        try await WebHarness.run(engine) { web in
            let c = web.company
            let admin = try await web.signIn(c.admin)
            let page = try await web.send(.get, "/settings/review-cadences", cookie: admin)
            #expect(page.status == .ok && page.text.contains("id=\"cadences-form\""))
            func fields(_ months: [String], csrf: String) -> [(String, String)] {
                var fields = [("_csrf", csrf), ("_version", "0"), ("remindDaysBefore", "7")]
                for (index, kind) in EvaluationKind.allCases.enumerated() {
                    fields += [("cadences[\(index)].kind", kind.rawValue), ("cadences[\(index)].months", months[index]),
                               ("cadences[\(index)].anchoring", index == 1 ? "floating" : "anchored")]
                }
                return fields + [("cadences[1].followsClass", "true")]
            }
            let csrf = try await web.csrf(admin)
            let refused = try await web.form("/settings/review-cadences", cookie: admin, fields(["3", "0", "6", "6", "-2"], csrf: csrf))
            #expect(refused.status == .unprocessableContent)
            // What was typed stays, each bad field says why, and nothing was saved.
            #expect(refused.text.contains("value=\"-2\"") && refused.text.contains("value=\"floating\" selected"))
            #expect(refused.text.components(separatedBy: "class=\"invalid\"").count - 1 == 2)
            #expect(try await web.send(.get, "/api/v1/evaluation-cadences", cookie: admin).jsonObject()["revision"] as? Int == 0)

            let saved = try await web.form("/settings/review-cadences", cookie: admin, fields(["3", "1", "6", "6", "12"], csrf: csrf))
            #expect(saved.status == .seeOther)
            let stored = try await web.send(.get, "/api/v1/evaluation-cadences", cookie: admin).jsonObject()
            let customer = (stored["cadences"] as? [[String: Any]] ?? []).first { $0["kind"] as? String == EvaluationKind.allCases[1].rawValue }
            #expect(customer?["months"] as? Int == 1 && customer?["anchoring"] as? String == "floating" && customer?["followsClass"] as? Bool == true)
            #expect(stored["remindDaysBefore"] as? Int == 7 && stored["revision"] as? Int == 1)
            // Others see the cadences and cannot change them.
            let sales = try await web.signIn(c.sales)
            #expect(!(try await web.send(.get, "/settings/review-cadences", cookie: sales).text.contains("save-cadences")))
            #expect(try await web.form("/settings/review-cadences", cookie: sales, fields(["3", "3", "6", "6", "12"], csrf: try await web.csrf(sales)))
                .status == .forbidden)
        }
    }

    @Test(arguments: TestEngine.allCases)
    func theChecklistIsPrefilledFromTheAccountAndItsVerdictsFeedBack(_ engine: TestEngine) async throws {
        let clock = TestClock("2027-01-10T03:00:00Z")
        try await WebHarness.run(engine, now: { clock.now }) { web in
            let c = web.company
            let admin = try await web.signIn(c.admin)
            let account = try await c.account("Checklist Bank", owner: c.sales)
            try await EvaluationAPITests.qualify(web, account, admin: admin)
            let sales = try await web.signIn(c.sales)
            #expect(try await web.send(.post, "/api/v1/accounts/\(account.id)/team", cookie: sales,
                                       json: ["userID": c.expert.id, "role": "customer_lead_expert", "access": "read"]).status == .created)
            let assigned = try await web.send(.post, "/api/v1/accounts/\(account.id)/strategy-assignments", cookie: sales,
                                              json: ["strategyKey": "expand", "ownerID": c.sales.id])
            let assignment = try #require(try assigned.jsonObject()["id"] as? Int)

            // The coverage form lists the expert on the team; the strategy form, the assigned strategy.
            let coverage = try await web.send(.get, "/accounts/\(account.id)/reviews?kind=coverage", cookie: sales)
            #expect(coverage.text.contains("data-key=\"person.\(c.expert.id)\"") && coverage.text.contains(c.expert.displayName))
            let strategy = try await web.send(.get, "/accounts/\(account.id)/reviews?kind=strategy", cookie: sales)
            #expect(strategy.text.contains("data-key=\"strategy.\(assignment)\"") && strategy.text.contains("Expand"))

            // Six months on, the coverage review judges the expert to be reassigned: a task for the owner.
            clock.set("2027-07-10T02:00:00Z")
            let later = try await web.signIn(c.sales)
            let csrf = try await web.csrf(later)
            let held = try await web.form("/accounts/\(account.id)/reviews", cookie: later, [
                ("_csrf", csrf), ("kind", "coverage"), ("dueOn", "2027-07-10"), ("result", "adjust"), ("participantIDs", String(c.sales.id)),
                ("checklist[0].key", "person.\(c.expert.id)"), ("checklist[0].verdict", "reassign"), ("checklist[0].note", "Needs a banking expert"),
                ("checklist[1].key", "person.999"), ("checklist[1].verdict", ""), ("checklist[1].note", "")])
            #expect(held.status == .seeOther, Comment(rawValue: String(held.text.prefix(300))))
            let tasks = try await web.send(.get, "/api/v1/tasks?account=\(account.id)", cookie: later).items()
            #expect(tasks.contains { ($0["title"] as? String)?.hasPrefix("Reassign coverage: \(c.expert.displayName)") == true
                && $0["ownerID"] as? Int == Int(c.sales.id) })
            let recorded = try await web.send(.get, "/api/v1/accounts/\(account.id)/evaluations", cookie: later).jsonObject()["held"] as? [[String: Any]] ?? []
            #expect((recorded.first?["checklist"] as? [[String: Any]])?.count == 1, "the unjudged point is not recorded")

            // The strategy review drops the strategy: its assignment ends.
            let dropped = try await web.send(.post, "/api/v1/accounts/\(account.id)/evaluations", cookie: later, json: [
                "kind": "strategy", "dueOn": "2027-07-10", "result": "adjust", "checklist": [["key": "strategy.\(assignment)", "verdict": "drop"]]])
            #expect(dropped.status == .created, Comment(rawValue: dropped.text))
            #expect(try await web.send(.get, "/api/v1/strategy-assignments/\(assignment)", cookie: later).jsonObject()["status"] as? String == "dropped")
        }
    }
}
