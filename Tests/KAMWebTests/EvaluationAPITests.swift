import Foundation
import HTTPTypes
import KAMCore
import KAMStore
import KAMTestSupport
import Testing

@Suite("The review calendar through the API: my reviews, recording a review, cadences")
struct EvaluationAPITests {
    /// Makes `account` a key account (as of the clock's now) through the API.
    static func qualify(_ web: WebHarness, _ account: Account, admin: String) async throws {
        for (version, status) in [(1, "candidate"), (2, "qualified")] {
            let moved = try await web.send(.post, "/api/v1/accounts/\(account.id)/moves", cookie: admin,
                                           json: ["field": "status", "to": status, "reason": "Review test"], headers: [.ifMatch: "\"\(version)\""])
            #expect(moved.status == .ok, Comment(rawValue: moved.text))
        }
    }

    static func reviews(_ web: WebHarness, _ query: String, cookie: String) async throws -> [[String: Any]] {
        let response = try await web.send(.get, "/api/v1/reviews" + query, cookie: cookie)
        #expect(response.status == .ok, Comment(rawValue: response.text))
        return try response.items()
    }

    @Test(arguments: TestEngine.allCases)
    func aReviewFallsDueItsRecordSetsTheNextDateAndAFailedRequalificationMovesTheStatus(_ engine: TestEngine) async throws {
        let clock = TestClock("2027-01-10T03:00:00Z")
        try await WebHarness.run(engine, now: { clock.now }) { web in
            let c = web.company
            var admin = try await web.signIn(c.admin)
            let account = try await c.account("Review Bank", owner: c.sales)
            try await Self.qualify(web, account, admin: admin)
            let unrelated = try await c.account("Other Trading", owner: c.otherSales)
            try await Self.qualify(web, unrelated, admin: admin)

            var sales = try await web.signIn(c.sales)
            let mine = try await Self.reviews(web, "", cookie: sales)
            // Five kinds at the one account of theirs, the soonest first; Tokyo's 10 January plus three months.
            #expect(Set(mine.map { $0["accountID"] as? Int }) == [Int(account.id)])
            #expect(mine.count == 5 && mine.first?["dueOn"] as? String == "2027-04-10")
            #expect(mine.first { $0["kind"] as? String == "customer" }?["state"] as? String == "upcoming")
            #expect(mine.first { $0["kind"] as? String == "yearly" }?["dueOn"] as? String == "2028-01-10")
            // The director sees their salesperson's account in the team view, not the other one's.
            let director = try await web.signIn(c.director)
            #expect(Set(try await Self.reviews(web, "?scope=team", cookie: director).map { $0["accountID"] as? Int }) == [Int(account.id)])
            #expect(Set(try await Self.reviews(web, "?scope=team", cookie: admin).map { $0["accountID"] as? Int }) == [Int(account.id), Int(unrelated.id)])
            #expect(try await web.send(.get, "/api/v1/reviews?scope=everyone&state=late", cookie: sales).problemFields() == ["scope", "state"])

            // Ten days past the due date it is overdue.
            clock.set("2027-04-20T01:00:00Z")
            sales = try await web.signIn(c.sales)
            admin = try await web.signIn(c.admin)
            let overdue = try await Self.reviews(web, "?state=overdue", cookie: sales)
            #expect(Set(overdue.map { $0["kind"] as? String }) == ["customer", "plan_execution"])
            #expect(overdue.first?["daysOverdue"] as? Int == 10)

            let path = "/api/v1/accounts/\(account.id)/evaluations"
            // Bad input is refused field by field, and nothing is written.
            let bad = try await web.send(.post, path, cookie: sales, json: [
                "kind": "customer", "dueOn": "2027-04-10", "heldOn": "2027-05-01", "result": "on_track",
                "actions": [["title": "Nobody's job"], ["title": "", "ownerID": c.sales.id]]])
            #expect(bad.status == .unprocessableContent)
            #expect(try bad.problemFields() == ["heldOn", "result", "actions[0].ownerID", "actions[1].title"])
            #expect(try await web.send(.post, path, cookie: sales, json: ["kind": "customer", "dueOn": "2027-07-10", "result": "qualified"])
                .problemFields() == ["dueOn"])
            #expect((try await web.send(.get, path, cookie: sales).jsonObject()["held"] as? [Any])?.isEmpty == true)

            // Others cannot record it: not found for whom it is invisible, forbidden for read-only.
            let review: [String: Any] = ["kind": "customer", "dueOn": "2027-04-10", "result": "qualified", "participantIDs": [c.sales.id, c.director.id],
                                         "findings": "Volumes steady; SLA to revise", "checklist": [["key": "score", "verdict": "72"]],
                                         "actions": [["title": "Send the revised SLA", "ownerID": c.sales.id, "dueOn": "2027-05-01"]]]
            #expect(try await web.send(.post, path, cookie: try await web.signIn(c.otherSales), json: review).status == .notFound)
            #expect(try await web.send(.post, path, cookie: try await web.signIn(c.readOnly), json: review).status == .forbidden)

            let held = try await web.send(.post, path, cookie: sales, json: review)
            #expect(held.status == .created, Comment(rawValue: held.text))
            let record = try held.jsonObject()
            #expect(record["heldOn"] as? String == "2027-04-20" && record["onTime"] as? Bool == false)
            #expect(record["participantIDs"] as? [Int] == [Int(c.sales.id), Int(c.director.id)].sorted())
            let taskID = ((record["actions"] as? [[String: Any]])?.first?["taskID"] as? Int) ?? 0
            let task = try await web.send(.get, "/api/v1/tasks/\(taskID)", cookie: sales).jsonObject()
            #expect(task["title"] as? String == "Send the revised SLA" && task["source"] as? String == "evaluation")

            // The next one is anchored to the previous due date, not to the late day it was held.
            let calendar = try await web.send(.get, path, cookie: sales).jsonObject()
            let next = calendar["next"] as? [[String: Any]] ?? []
            #expect(next.first { $0["kind"] as? String == "customer" }?["dueOn"] as? String == "2027-07-10")
            #expect((calendar["held"] as? [[String: Any]])?.count == 1)

            // Recording the same review twice is refused and writes nothing.
            let twice = try await web.send(.post, path, cookie: sales, json: review)
            let code = try twice.jsonObject()["code"] as? String
            #expect(twice.status == .conflict && code == "already_held")
            #expect((try await web.send(.get, path, cookie: sales).jsonObject()["held"] as? [Any])?.count == 1)
            #expect(try await web.send(.get, "/api/v1/tasks?account=\(account.id)", cookie: sales).items().count == 1)

            // A failed requalification moves the account out of the key accounts, with the review as the reason.
            clock.set("2027-07-12T01:00:00Z")
            sales = try await web.signIn(c.sales)
            let failed = try await web.send(.post, path, cookie: sales, json: ["kind": "customer", "dueOn": "2027-07-10", "result": "disqualified",
                                                                               "findings": "Volumes moved to a competitor"])
            #expect(failed.status == .created, Comment(rawValue: failed.text))
            let moved = try await web.send(.get, "/api/v1/accounts/\(account.id)", cookie: sales).jsonObject()
            #expect(moved["status"] as? String == "disqualified")
            let moves = try await web.send(.get, "/api/v1/accounts/\(account.id)/moves", cookie: sales).items()
            #expect(moves.contains { ($0["reason"] as? String)?.contains("Volumes moved to a competitor") == true && $0["to"] as? String == "disqualified" })
            #expect(try await Self.reviews(web, "", cookie: sales).isEmpty)
        }
    }

    @Test(arguments: TestEngine.allCases)
    func administratorsSetTheCadencesAndTheCalendarFollows(_ engine: TestEngine) async throws {
        let clock = TestClock("2027-01-31T03:00:00Z")
        try await WebHarness.run(engine, now: { clock.now }) { web in
            let c = web.company
            let admin = try await web.signIn(c.admin)
            let account = try await c.account("Cadence Steel", owner: c.sales)
            try await Self.qualify(web, account, admin: admin)
            let standard = try await web.send(.get, "/api/v1/evaluation-cadences", cookie: try await web.signIn(c.sales)).jsonObject()
            #expect(standard["revision"] as? Int == 0 && (standard["cadences"] as? [Any])?.count == 5)

            var cadences: [[String: Any]] = EvaluationKind.allCases.map { ["kind": $0.rawValue, "months": 6] }
            cadences[0]["months"] = 0
            cadences[1]["months"] = -3
            let refused = try await web.send(.put, "/api/v1/evaluation-cadences", cookie: admin, json: ["cadences": Array(cadences.dropLast())],
                                             headers: [.ifMatch: "\"0\""])
            #expect(try refused.problemFields() == ["cadences[0].months", "cadences[1].months", "cadences"])
            #expect(try await web.send(.get, "/api/v1/evaluation-cadences", cookie: admin).jsonObject()["revision"] as? Int == 0)
            #expect(try await web.send(.put, "/api/v1/evaluation-cadences", cookie: try await web.signIn(c.sales), json: ["cadences": cadences],
                                       headers: [.ifMatch: "\"0\""]).status == .forbidden)

            // The customer review monthly: from 31 January, the last day of February.
            cadences = EvaluationKind.allCases.map { ["kind": $0.rawValue, "months": $0 == .customer ? 1 : 6, "anchoring": "anchored"] }
            let saved = try await web.send(.put, "/api/v1/evaluation-cadences", cookie: admin, json: ["cadences": cadences, "remindDaysBefore": 30],
                                           headers: [.ifMatch: "\"0\""])
            #expect(saved.status == .ok, Comment(rawValue: saved.text))
            let next = try await web.send(.get, "/api/v1/accounts/\(account.id)/evaluations", cookie: admin).jsonObject()["next"] as? [[String: Any]] ?? []
            let customer = next.first { $0["kind"] as? String == "customer" }
            #expect(customer?["dueOn"] as? String == "2027-02-28" && customer?["state"] as? String == "due_soon")
            #expect(next.first { $0["kind"] as? String == "coverage" }?["dueOn"] as? String == "2027-07-31")
        }
    }

    @Test(arguments: TestEngine.allCases)
    func myReviewsPageLeadsToTheFormWhichKeepsWhatWasTypedWhenRefused(_ engine: TestEngine) async throws {
        let clock = TestClock("2027-03-01T03:00:00Z")
        try await WebHarness.run(engine, now: { clock.now }) { web in
            let c = web.company
            let account = try await c.account("Page Review <Corp>", owner: c.sales)
            try await Self.qualify(web, account, admin: try await web.signIn(c.admin))
            clock.set("2027-06-05T03:00:00Z")
            let sales = try await web.signIn(c.sales)
            let list = try await web.send(.get, "/reviews", cookie: sales)
            #expect(list.status == .ok && list.text.contains("Page Review &lt;Corp&gt;") && list.text.contains("due-overdue"))
            #expect(list.text.contains("/accounts/\(account.id)/reviews?kind=customer"))
            let form = try await web.send(.get, "/accounts/\(account.id)/reviews?kind=customer", cookie: sales)
            #expect(form.status == .ok && form.text.contains("name=\"dueOn\" value=\"2027-06-01\""))

            let csrf = try await web.csrf(sales)
            let fields: [(String, String)] = [("_csrf", csrf), ("kind", "customer"), ("dueOn", "2027-06-01"), ("result", "qualified"),
                                              ("findings", "Typed findings <b>kept</b>"), ("actions[0].title", "Call the CFO"), ("actions[0].ownerID", ""),
                                              ("actions[1].title", ""), ("actions[1].ownerID", "")]
            let refused = try await web.form("/accounts/\(account.id)/reviews", cookie: sales, fields)
            #expect(refused.status == .unprocessableContent)
            #expect(refused.text.contains("Typed findings &lt;b&gt;kept&lt;/b&gt;") && refused.text.contains("value=\"Call the CFO\""))
            #expect(refused.text.contains("field-actions-0--ownerID-error"))
            #expect((try await web.send(.get, "/api/v1/accounts/\(account.id)/evaluations", cookie: sales).jsonObject()["held"] as? [Any])?.isEmpty == true)

            var fixed = fields
            fixed[6] = ("actions[0].ownerID", String(c.sales.id))
            let saved = try await web.form("/accounts/\(account.id)/reviews", cookie: sales, fixed)
            #expect(saved.status == .seeOther, Comment(rawValue: saved.text))
            let page = try await web.send(.get, "/accounts/\(account.id)/reviews", cookie: sales)
            #expect(page.text.contains("Typed findings &lt;b&gt;kept&lt;/b&gt;") && page.text.contains("Call the CFO"))
            // An action typed without a date is due two weeks after the review.
            let action = try await web.send(.get, "/api/v1/tasks?account=\(account.id)", cookie: sales).items().first
            #expect(action?["title"] as? String == "Call the CFO" && action?["dueOn"] as? String == "2027-06-19")
            // The next customer review, anchored: 1 September.
            #expect(page.text.contains("Sep 1, 2027"))
            // The same form sent again is refused: that due date has been answered.
            let again = try await web.form("/accounts/\(account.id)/reviews", cookie: sales, fixed)
            #expect(again.status == .conflict && again.text.contains("already been recorded"))
        }
    }
}
