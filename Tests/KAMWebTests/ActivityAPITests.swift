import Foundation
import HTTPTypes
import KAMCore
import KAMTestSupport
import KAMWeb
import SQLKit
import Testing

@Suite("Activities: participants, follow-ups as tasks, portraits reassessed on the spot")
struct ActivityAPITests {
    static func person(_ web: WebHarness, _ admin: String, _ family: String, at account: AccountID) async throws -> Int64 {
        let made = try await web.send(.post, "/api/v1/key-persons", cookie: admin,
                                      json: ["name": ["family": family, "given": "Test"], "employments": [["accountID": account]]])
        #expect(made.status == .created, Comment(rawValue: made.text))
        return Int64(try made.jsonObject()["id"] as? Int ?? 0)
    }

    static func count(_ web: WebHarness, _ table: String) async throws -> Int {
        try await web.store.database.read { db in
            try await db.raw("SELECT count(*) AS n FROM \(unsafeRaw: table)").first()?.decode(column: "n", as: Int.self) ?? -1
        }
    }

    @Test(arguments: TestEngine.allCases)
    func loggingAnActivityWritesItsTasksAndPortraitsTogether(_ engine: TestEngine) async throws {
        try await WebHarness.run(engine) { web in
            let c = web.company
            let admin = try await web.signIn(c.admin)
            let sales = try await web.signIn(c.sales)
            let account = try await c.account("Activity Bank", owner: c.sales)
            let elsewhere = try await c.account("Other Bank", owner: c.otherSales)
            let cio = try await Self.person(web, admin, "Cio", at: account.id)
            let cfo = try await Self.person(web, admin, "Cfo", at: account.id)
            let stranger = try await Self.person(web, admin, "Stranger", at: elsewhere.id)
            let foreignDeal = try await web.send(.post, "/api/v1/opportunities", cookie: admin,
                                                 json: ["name": "Foreign", "accountID": elsewhere.id, "amount": ["minorUnits": 100, "currency": "JPY"]])
            let foreignDealID = try foreignDeal.jsonObject()["id"] as? Int ?? 0

            // Bad input: every problem named at once, and nothing written.
            let before = (try await Self.count(web, "activities"), try await Self.count(web, "tasks"), try await Self.count(web, "portrait_assessments"))
            let refused = try await web.send(.post, "/api/v1/accounts/\(account.id)/activities", cookie: sales, json: [
                "kind": "executive_meeting", "occurredOn": "2026-11-20", "subject": "Steering committee",
                "theirParticipants": [cio, stranger], "opportunityID": foreignDealID,
                "followUps": [["title": "Send the minutes", "dueOn": "2026-11-27"]],
                "portraitUpdates": [["personID": cfo, "closeness": 7, "recognition": 3, "priceAcceptance": 2]],
            ])
            #expect(refused.status == .unprocessableContent)
            #expect(try refused.problemFields() == ["theirParticipants[1]", "opportunityID", "followUps[0].ownerID",
                                                    "portraitUpdates[0].personID", "portraitUpdates[0].closeness"])
            #expect(try await (Self.count(web, "activities"), Self.count(web, "tasks"), Self.count(web, "portrait_assessments")) == before)
            let unknownKind = try await web.send(.post, "/api/v1/accounts/\(account.id)/activities", cookie: sales,
                                                 json: ["kind": "party", "subject": "", "occurredOn": "2026-02-30"])
            #expect(try unknownKind.problemFields() == ["kind", "subject", "occurredOn"])

            // Logged: the meeting, its follow-up in the expert's task list, the CIO's portrait moved with the meeting as evidence.
            let logged = try await web.send(.post, "/api/v1/accounts/\(account.id)/activities", cookie: sales, json: [
                "kind": "executive_meeting", "occurredOn": "2026-11-20", "subject": "Steering committee", "agenda": "Roadmap 2027",
                "outcomes": "Pilot agreed", "ourParticipants": [c.sales.id, c.expert.id], "theirParticipants": [cio, cfo],
                "followUps": [["title": "Send the pilot plan", "ownerID": c.expert.id, "dueOn": "2026-11-27"]],
                "portraitUpdates": [["personID": cio, "closeness": 4, "recognition": 5, "priceAcceptance": 2, "evidence": "Backed the pilot"]],
            ])
            #expect(logged.status == .created, Comment(rawValue: logged.text))
            let activity = try logged.jsonObject()
            let activityID = activity["id"] as? Int ?? 0
            #expect((activity["theirParticipants"] as? [[String: Any]])?.compactMap { $0["id"] as? Int } == [Int(cio), Int(cfo)])
            #expect((activity["ourParticipants"] as? [[String: Any]])?.compactMap { $0["name"] as? String } == ["Sales", "Expert"])
            #expect(activity["portraitPersonIDs"] as? [Int] == [Int(cio)])
            let taskIDs = activity["followUpTaskIDs"] as? [Int] ?? []
            #expect(taskIDs.count == 1)

            let person = try await web.send(.get, "/api/v1/key-persons/\(cio)", cookie: sales).jsonObject()
            let portrait = (person["person"] as? [String: Any])?["portrait"] as? [String: Any] ?? person["portrait"] as? [String: Any]
            #expect(portrait?["closeness"] as? Int == 4 && portrait?["recognition"] as? Int == 5 && portrait?["priceAcceptance"] as? Int == 2)
            let history = try await web.send(.get, "/api/v1/key-persons/\(cio)/portrait-history", cookie: sales).text
            #expect(history.contains("Backed the pilot"))

            let expert = try await web.signIn(c.expert)
            let tasks = try await web.send(.get, "/api/v1/tasks", cookie: expert).items()
            #expect(tasks.map { $0["id"] as? Int } == taskIDs)
            #expect(tasks.first?["source"] as? String == "follow_up" && tasks.first?["sourceID"] as? Int == activityID)
            #expect(tasks.first?["accountID"] as? Int == Int(account.id) && tasks.first?["title"] as? String == "Send the pilot plan")

            // Changing it: If-Match required and checked; follow-ups are the tasks' own business afterwards.
            let path = "/api/v1/activities/\(activityID)"
            #expect(try await web.send(.patch, path, cookie: sales, json: ["subject": "x"]).status == .preconditionRequired)
            #expect(try await web.send(.patch, path, cookie: sales, json: ["subject": "x"], headers: [.ifMatch: "\"7\""]).status == .preconditionFailed)
            let late = try await web.send(.patch, path, cookie: sales, json: ["followUps": [["title": "More", "ownerID": c.sales.id, "dueOn": "2026-12-01"]]],
                                          headers: [.ifMatch: "\"1\""])
            #expect(try late.problemFields() == ["followUps"])
            let edited = try await web.send(.patch, path, cookie: sales, json: ["outcomes": "Pilot agreed, budget in Q1", "theirParticipants": [cio]],
                                            headers: [.ifMatch: "\"1\""])
            #expect(edited.status == .ok && edited.headers[.eTag] == "\"2\"", Comment(rawValue: edited.text))
            #expect((try edited.jsonObject()["theirParticipants"] as? [[String: Any]])?.count == 1)
            #expect(try edited.jsonObject()["subject"] as? String == "Steering committee")

            // Who may: the reader sees but may not log; someone with no tie does not see the account's activities at all.
            let reader = try await web.signIn(c.readOnly)
            #expect(try await web.send(.get, "/api/v1/accounts/\(account.id)/activities", cookie: reader).items().count == 1)
            #expect(try await web.send(.post, "/api/v1/accounts/\(account.id)/activities", cookie: reader,
                                       json: ["kind": "call", "occurredOn": "2026-11-21", "subject": "Hello"]).status == .forbidden)
            let outsider = try await web.signIn(c.otherSales)
            #expect(try await web.send(.get, path, cookie: outsider).status == .notFound)
            #expect(try await web.send(.get, "/api/v1/accounts/\(account.id)/activities", cookie: outsider).status == .notFound)
        }
    }

    @Test(arguments: TestEngine.allCases)
    func activitiesListNewestFirstInPages(_ engine: TestEngine) async throws {
        try await WebHarness.run(engine) { web in
            let c = web.company
            let sales = try await web.signIn(c.sales)
            let account = try await c.account("Paged Bank", owner: c.sales)
            let days = ["2026-03-01", "2026-05-02", "2026-05-02", "2026-01-09", "2026-07-30"]
            for (i, day) in days.enumerated() {
                let made = try await web.send(.post, "/api/v1/accounts/\(account.id)/activities", cookie: sales,
                                              json: ["kind": i % 2 == 0 ? "call" : "visit", "occurredOn": day, "subject": "Touch \(i)"])
                #expect(made.status == .created, Comment(rawValue: made.text))
            }
            var seen: [String] = []
            var cursor: String?
            repeat {
                let page = try await web.send(.get, "/api/v1/accounts/\(account.id)/activities?limit=2" + (cursor.map { "&cursor=\($0)" } ?? ""),
                                              cookie: sales).jsonObject()
                seen += (page["items"] as? [[String: Any]] ?? []).compactMap { $0["subject"] as? String }
                cursor = page["nextCursor"] as? String
            } while cursor != nil
            #expect(seen == ["Touch 4", "Touch 2", "Touch 1", "Touch 0", "Touch 3"])
            let calls = try await web.send(.get, "/api/v1/accounts/\(account.id)/activities?kind=call", cookie: sales).items()
            #expect(calls.compactMap { $0["subject"] as? String } == ["Touch 4", "Touch 2", "Touch 0"])
            let bad = try await web.send(.get, "/api/v1/accounts/\(account.id)/activities?kind=party&cursor=zz", cookie: sales)
            #expect(try bad.problemFields() == ["kind"])
            #expect(try await web.send(.get, "/api/v1/accounts/\(account.id)/activities?cursor=zz", cookie: sales).problemFields() == ["cursor"])
        }
    }

    @Test(arguments: TestEngine.allCases)
    func aPortraitReassessedAtAnAccountStaysOnItsTimeline(_ engine: TestEngine) async throws {
        try await WebHarness.run(engine) { web in
            let c = web.company
            let admin = try await web.signIn(c.admin)
            let sales = try await web.signIn(c.sales)
            let former = try await c.account("Former Employer", owner: c.sales)
            let current = try await c.account("Current Employer", owner: c.otherSales)
            // Someone who has moved on: still a person of the former account's history, working at the current one.
            let made = try await web.send(.post, "/api/v1/key-persons", cookie: admin, json: [
                "name": ["family": "Mover", "given": "Test"],
                "employments": [["accountID": former.id, "from": "2020-01-01", "to": "2026-01-01"], ["accountID": current.id, "from": "2026-01-02"]]])
            #expect(made.status == .created, Comment(rawValue: made.text))
            let person = try made.jsonObject()["id"] as? Int ?? 0
            let logged = try await web.send(.post, "/api/v1/accounts/\(former.id)/activities", cookie: sales, json: [
                "kind": "dinner", "occurredOn": "2026-11-01", "subject": "Farewell dinner", "theirParticipants": [person],
                "ourParticipants": [c.expert.id],
                "portraitUpdates": [["personID": person, "closeness": 5, "recognition": 2, "priceAcceptance": 2]]])
            #expect(logged.status == .created, Comment(rawValue: logged.text))
            let formerPortraits = try await web.send(.get, "/api/v1/accounts/\(former.id)/timeline?sources=portrait", cookie: sales).items()
            #expect(formerPortraits.compactMap { $0["detail"] as? String } == ["Farewell dinner"])
            let currentPortraits = try await web.send(.get, "/api/v1/accounts/\(current.id)/timeline?sources=portrait", cookie: admin).items()
            #expect(!currentPortraits.contains { $0["detail"] as? String == "Farewell dinner" })

            // The expert who took part leaves the company: the activity can still be edited, and keeps them.
            let activity = try logged.jsonObject()["id"] as? Int ?? 0
            let version = try await web.send(.get, "/api/v1/users/\(c.expert.id)", cookie: admin).headers[.eTag] ?? "\"1\""
            #expect(try await web.send(.patch, "/api/v1/users/\(c.expert.id)", cookie: admin, json: ["active": false],
                                       headers: [.ifMatch: version]).status == .ok)
            let edited = try await web.send(.patch, "/api/v1/activities/\(activity)", cookie: sales, json: ["notes": "Wished them well"],
                                            headers: [.ifMatch: "\"1\""])
            #expect(edited.status == .ok, Comment(rawValue: edited.text))
            #expect((try edited.jsonObject()["ourParticipants"] as? [[String: Any]])?.count == 1)
            let ahead = try await web.send(.post, "/api/v1/accounts/\(former.id)/activities", cookie: sales,
                                           json: ["kind": "visit", "occurredOn": "2099-01-01", "subject": "Far future"])
            #expect(try ahead.problemFields() == ["occurredOn"])
        }
    }
}
