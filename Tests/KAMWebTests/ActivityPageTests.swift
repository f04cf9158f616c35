import Foundation
import HTTPTypes
import KAMCore
import KAMTestSupport
import KAMWeb
import Testing

@Suite("Activity, timeline and task pages")
struct ActivityPageTests {
    @Test(arguments: TestEngine.allCases)
    func anActivityLoggedOnThePageMakesTasksAndMovesAPortrait(_ engine: TestEngine) async throws {
        try await WebHarness.run(engine) { web in
            let c = web.company
            let admin = try await web.signIn(c.admin)
            let sales = try await web.signIn(c.sales)
            let csrf = try await web.csrf(sales)
            let account = try await c.account("Form Bank", owner: c.sales)
            let cio = try await ActivityAPITests.person(web, admin, "Suzuki", at: account.id)
            let page = try await web.send(.get, "/accounts/\(account.id)/activities", cookie: sales)
            #expect(page.status == .ok && page.text.contains("id=\"activity-form\"") && page.text.contains("Suzuki"))

            // A follow-up without an owner: refused, and what was typed is still there.
            let typed: [(String, String)] = [
                ("_csrf", csrf), ("kind", "demo"), ("occurredOn", "2026-11-30"), ("subject", "Demo of the new core"),
                ("ourParticipants", String(c.sales.id)), ("ourParticipants", String(c.expert.id)), ("theirParticipants", String(cio)),
                ("followUps[0].title", "Send the deck"), ("followUps[0].ownerID", ""), ("followUps[0].dueOn", "2026-12-04"),
                ("followUps[1].title", ""), ("followUps[1].ownerID", ""), ("followUps[1].dueOn", ""),
                ("portraitUpdates[0].personID", String(cio)), ("portraitUpdates[0].closeness", "5"), ("portraitUpdates[0].recognition", "4"),
                ("portraitUpdates[0].priceAcceptance", "3"), ("portraitUpdates[0].evidence", "Asked for a quote"),
            ]
            let refused = try await web.form("/accounts/\(account.id)/activities", cookie: sales, typed)
            #expect(refused.status == .unprocessableContent)
            #expect(refused.text.contains("value=\"Send the deck\"") && refused.text.contains("value=\"Demo of the new core\""))
            #expect(refused.text.contains("id=\"field-followUps-0--ownerID-error\""))
            #expect(try await ActivityAPITests.count(web, "activities") == 0)

            var fixed = typed
            fixed[8] = ("followUps[0].ownerID", String(c.expert.id))
            let logged = try await web.form("/accounts/\(account.id)/activities", cookie: sales, fixed)
            #expect(logged.status == .seeOther, Comment(rawValue: logged.text))
            let activities = try await web.send(.get, "/api/v1/accounts/\(account.id)/activities", cookie: sales).items()
            #expect(activities.count == 1 && (activities.first?["ourParticipants"] as? [Any])?.count == 2)
            let activityID = activities.first?["id"] as? Int ?? 0
            let person = try await web.send(.get, "/api/v1/key-persons/\(cio)", cookie: sales).text
            #expect(person.contains("\"closeness\":5"))

            // The activity's page shows its follow-up; the expert finds it in their tasks and closes it there.
            let shown = try await web.send(.get, "/activities/\(activityID)", cookie: sales)
            #expect(shown.text.contains("Send the deck") && shown.text.contains("id=\"activity-portraits\""))
            let expert = try await web.signIn(c.expert)
            let tasks = try await web.send(.get, "/tasks", cookie: expert)
            #expect(tasks.text.contains("Send the deck") && tasks.text.contains("/activities/\(activityID)"))
            let taskID = try await web.send(.get, "/api/v1/tasks", cookie: expert).items().first?["id"] as? Int ?? 0
            let closed = try await web.form("/tasks/\(taskID)", cookie: expert, [("_csrf", try await web.csrf(expert)), ("_version", "1"), ("status", "done")])
            #expect(closed.status == .seeOther)
            #expect(try await web.send(.get, "/api/v1/tasks/\(taskID)", cookie: expert).jsonObject()["status"] as? String == "done")
            #expect(!(try await web.send(.get, "/tasks", cookie: expert).text.contains("Send the deck")))

            // Editing the activity on its page; a stale version says so and keeps the typed subject.
            let edit: [(String, String)] = [("_csrf", csrf), ("_version", "1"), ("kind", "workshop"), ("occurredOn", "2026-11-30"),
                                            ("subject", "Workshop on the core"), ("theirParticipants", String(cio))]
            #expect(try await web.form("/activities/\(activityID)", cookie: sales, edit).status == .seeOther)
            let stale = try await web.form("/activities/\(activityID)", cookie: sales, edit.map { $0.0 == "subject" ? ($0.0, "Stale subject") : $0 })
            #expect(stale.status == .unprocessableContent && stale.text.contains("value=\"Stale subject\""))
            let after = try await web.send(.get, "/api/v1/activities/\(activityID)", cookie: sales).jsonObject()
            #expect(after["kind"] as? String == "workshop" && (after["ourParticipants"] as? [Any])?.isEmpty == true)

            // A task set by hand for oneself on the tasks page.
            let madeByHand = try await web.form("/tasks", cookie: sales, [("_csrf", csrf), ("title", "Book the QBR room"), ("ownerID", String(c.sales.id)),
                                                                          ("dueOn", "2026-12-09")])
            #expect(madeByHand.status == .seeOther)
            let missing = try await web.form("/tasks", cookie: sales, [("_csrf", csrf), ("title", "No date"), ("ownerID", String(c.sales.id)), ("dueOn", "")])
            #expect(missing.status == .unprocessableContent && missing.text.contains("value=\"No date\""))
            #expect(try await web.send(.get, "/tasks", cookie: sales).text.contains("Book the QBR room"))
        }
    }
}
