import Foundation
import HTTPTypes
import KAMCore
import KAMTestSupport
import KAMWeb
import Testing

@Suite("Lifecycle: stage criteria checked from data, and the communication channel matrix")
struct LifecycleAPITests {
    static func items(_ lifecycle: [String: Any], stage: String) -> [String: Bool?] {
        let stages = (lifecycle["checklist"] as? [String: Any])?["stages"] as? [[String: Any]] ?? []
        let items = stages.first { $0["stage"] as? String == stage }?["items"] as? [[String: Any]] ?? []
        return Dictionary(uniqueKeysWithValues: items.map { ($0["key"] as? String ?? "", $0["met"] as? Bool) })
    }

    @Test(arguments: TestEngine.allCases)
    func theStableStageAsksForChannelsAndAnExecutiveMeeting(_ engine: TestEngine) async throws {
        try await WebHarness.run(engine) { web in
            let c = web.company
            let admin = try await web.signIn(c.admin)
            let sales = try await web.signIn(c.sales)
            let account = try await c.account("Stable Bank", owner: c.sales)
            let elsewhere = try await c.account("Elsewhere Bank", owner: c.otherSales)
            let cio = try await ActivityAPITests.person(web, admin, "Cio", at: account.id)
            let ceo = try await ActivityAPITests.person(web, admin, "Ceo", at: account.id)
            let stranger = try await ActivityAPITests.person(web, admin, "Stranger", at: elsewhere.id)
            let path = "/api/v1/accounts/\(account.id)/lifecycle"
            var stable = Self.items(try await web.send(.get, path, cookie: sales).jsonObject(), stage: "stable")
            #expect(stable.values.allSatisfy { $0 == false } && stable.count == 5)

            // Bad input: named field by field, nothing written.
            let refused = try await web.send(.post, "/api/v1/accounts/\(account.id)/channels", cookie: sales,
                                             json: ["kind": "technical", "ourUserID": c.sales.id, "coldAfterDays": 0])
            #expect(try refused.problemFields() == ["theirPersonID", "coldAfterDays"])
            let foreign = try await web.send(.post, "/api/v1/accounts/\(account.id)/channels", cookie: sales,
                                             json: ["kind": "management", "ourUserID": c.director.id, "theirPersonID": stranger, "medium": "Monthly"])
            #expect(try foreign.problemFields() == ["theirPersonID"])
            #expect(try await ActivityAPITests.count(web, "communication_channels") == 0)

            var ids: [String: Int] = [:]
            for (kind, ours, theirs, medium) in [("technical", c.sales.id, cio as Int64?, "Weekly stand-up"), ("management", c.director.id, ceo, "Quarterly"),
                                                 ("complaint", c.sales.id, nil, "Hotline 0120-000-000")] {
                var body: [String: Any] = ["kind": kind, "ourUserID": ours, "medium": medium]
                if let theirs { body["theirPersonID"] = theirs }
                let made = try await web.send(.post, "/api/v1/accounts/\(account.id)/channels", cookie: sales, json: body)
                #expect(made.status == .created, Comment(rawValue: made.text))
                ids[kind] = try made.jsonObject()["id"] as? Int
            }
            // Never met across the technical and management channels yet: both cold; the complaint channel is a door, never cold.
            stable = Self.items(try await web.send(.get, path, cookie: sales).jsonObject(), stage: "stable")
            #expect(stable["complaint_channel"] == true && stable["technical_channel"] == false && stable["management_channel"] == false)

            let today = web.store.today()
            let meeting = try await web.send(.post, "/api/v1/accounts/\(account.id)/activities", cookie: sales, json: [
                "kind": "executive_meeting", "occurredOn": today.adding(days: -10).description, "subject": "Annual steering",
                "ourParticipants": [c.sales.id, c.director.id], "theirParticipants": [cio, ceo]])
            #expect(meeting.status == .created)
            _ = try await web.send(.post, "/api/v1/accounts/\(account.id)/team", cookie: admin, json: ["userID": c.admin.id, "role": "executive_sponsor"])
            let lifecycle = try await web.send(.get, path, cookie: sales).jsonObject()
            stable = Self.items(lifecycle, stage: "stable")
            #expect(stable.values.allSatisfy { $0 == true }, Comment(rawValue: "\(stable)"))
            #expect(Self.items(lifecycle, stage: "strengthening")["stable_holds"] == true)
            #expect(Self.items(lifecycle, stage: "strengthening")["mutual_purchasing"] == false)
            #expect(lifecycle["lastExecutiveMeeting"] as? String == today.adding(days: -10).description)
            let channels = lifecycle["channels"] as? [[String: Any]] ?? []
            #expect(channels.first { $0["kind"] as? String == "technical" }?["lastContact"] as? String == today.adding(days: -10).description)

            // A shorter patience makes the technical channel cold; switching it off takes it out of the count too.
            let technical = "/api/v1/channels/\(ids["technical"] ?? 0)"
            let impatient = try await web.send(.patch, technical, cookie: sales, json: ["coldAfterDays": 7], headers: [.ifMatch: "\"1\""])
            #expect(try impatient.jsonObject()["isCold"] as? Bool == true, Comment(rawValue: impatient.text))
            #expect(try await web.send(.patch, technical, cookie: sales, json: ["active": false], headers: [.ifMatch: "\"1\""]).status
                    == .preconditionFailed)
            let off = try await web.send(.patch, technical, cookie: sales, json: ["active": false, "coldAfterDays": 90], headers: [.ifMatch: "\"2\""])
            #expect(try off.jsonObject()["isCold"] as? Bool == false && (try off.jsonObject()["active"] as? Bool) == false)
            #expect(Self.items(try await web.send(.get, path, cookie: sales).jsonObject(), stage: "stable")["technical_channel"] == false)

            // A channel whose user has left the company can still be switched off.
            let directorVersion = try await web.send(.get, "/api/v1/users/\(c.director.id)", cookie: admin).headers[.eTag] ?? "\"1\""
            #expect(try await web.send(.patch, "/api/v1/users/\(c.director.id)", cookie: admin, json: ["active": false],
                                       headers: [.ifMatch: directorVersion]).status == .ok)
            let management = try await web.send(.patch, "/api/v1/channels/\(ids["management"] ?? 0)", cookie: sales, json: ["active": false],
                                                headers: [.ifMatch: "\"1\""])
            #expect(management.status == .ok, Comment(rawValue: management.text))

            // Who may: the reader reads but adds nothing; an outsider does not see the account's channels.
            let reader = try await web.signIn(c.readOnly)
            #expect(try await web.send(.get, technical, cookie: reader).status == .ok)
            #expect(try await web.send(.post, "/api/v1/accounts/\(account.id)/channels", cookie: reader,
                                       json: ["kind": "complaint", "ourUserID": c.sales.id, "medium": "x"]).status == .forbidden)
            let outsider = try await web.signIn(c.otherSales)
            #expect(try await web.send(.get, technical, cookie: outsider).status == .notFound)
            #expect(try await web.send(.get, path, cookie: outsider).status == .notFound)

            // The page: criteria ticked, the matrix, and a bad channel keeps what was typed.
            let page = try await web.send(.get, "/accounts/\(account.id)/lifecycle", cookie: sales)
            #expect(page.status == .ok && page.text.contains("class=\"met\" id=\"stage-stable-executive_meeting\""))
            #expect(page.text.contains("class=\"unmet\" id=\"stage-stable-technical_channel\"") && page.text.contains("Hotline 0120-000-000"))
            let typed = try await web.form("/accounts/\(account.id)/channels", cookie: sales,
                                           [("_csrf", try await web.csrf(sales)), ("kind", "technical"), ("ourUserID", String(c.sales.id)),
                                            ("theirPersonID", ""), ("medium", "Slack channel #core"), ("coldAfterDays", "30")])
            #expect(typed.status == .unprocessableContent && typed.text.contains("value=\"Slack channel #core\""))
        }
    }
}
