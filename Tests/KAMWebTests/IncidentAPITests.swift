import Foundation
import HTTPTypes
import KAMCore
import KAMTestSupport
import KAMWeb
import Testing

@Suite("Incidents closed by root cause, complaints held to their deadlines")
struct IncidentAPITests {
    @Test(arguments: TestEngine.allCases)
    func anIncidentClosesOnlyOnceItsCauseAndResponsibilityAreKnown(_ engine: TestEngine) async throws {
        try await WebHarness.run(engine) { web in
            let c = web.company
            let sales = try await web.signIn(c.sales)
            let account = try await c.account("Incident Bank", owner: c.sales)
            let list = "/api/v1/accounts/\(account.id)/incidents"
            let refused = try await web.send(.post, list, cookie: sales,
                                             json: ["title": "", "severity": "apocalyptic", "occurredOn": "2099-01-01", "status": "closed"])
            #expect(try refused.problemFields() == ["title", "severity", "occurredOn", "responsibleParty", "rootCause"])
            #expect(try await ActivityAPITests.count(web, "incidents") == 0)

            let opened = try await web.send(.post, list, cookie: sales,
                                            json: ["title": "Core banking batch failed", "severity": "critical", "occurredOn": "2026-11-28",
                                                   "summary": "Night batch stopped at 02:10"])
            #expect(opened.status == .created, Comment(rawValue: opened.text))
            let id = try opened.jsonObject()["id"] as? Int ?? 0
            let path = "/api/v1/incidents/\(id)"
            let noted = try await web.send(.post, path + "/events", cookie: sales, json: ["note": "Vendor NOC engaged"])
            #expect(noted.status == .created && noted.headers[.eTag] == "\"2\"", Comment(rawValue: noted.text))
            #expect(try await web.send(.post, path + "/events", cookie: sales, json: ["note": " "]).problemFields() == ["note"])
            let resolved = try await web.send(.patch, path, cookie: sales, json: ["status": "resolved"], headers: [.ifMatch: "\"2\""])
            #expect(resolved.status == .ok)
            let early = try await web.send(.patch, path, cookie: sales, json: ["status": "closed"], headers: [.ifMatch: "\"3\""])
            #expect(try early.problemFields() == ["responsibleParty", "rootCause"])
            let closed = try await web.send(.patch, path, cookie: sales, json: ["status": "closed", "responsibleParty": "their_operators",
                                                                                "rootCause": "A manual restart skipped a step"],
                                            headers: [.ifMatch: "\"3\""])
            #expect(closed.status == .ok, Comment(rawValue: closed.text))
            let incident = try closed.jsonObject()
            #expect(incident["closedAt"] is String && incident["responsibleParty"] as? String == "their_operators")
            let events = incident["events"] as? [[String: Any]] ?? []
            #expect(events.map { ($0["status"] as? String) ?? ($0["note"] as? String ?? "") } == ["open", "Vendor NOC engaged", "resolved", "closed"])

            let timeline = try await web.send(.get, "/api/v1/accounts/\(account.id)/timeline?sources=incident", cookie: sales).items()
            #expect(timeline.first?["title"] as? String == "Core banking batch failed" && timeline.first?["to"] as? String == "closed")
            let reader = try await web.signIn(c.readOnly)
            #expect(try await web.send(.get, path, cookie: reader).status == .ok)
            #expect(try await web.send(.post, path + "/events", cookie: reader, json: ["note": "x"]).status == .forbidden)
            #expect(try await web.send(.get, path, cookie: try await web.signIn(c.otherSales)).status == .notFound)

            // The page shows the incident's timeline, and a refused closure keeps what was typed.
            let page = try await web.send(.get, "/incidents/\(id)", cookie: sales)
            #expect(page.status == .ok && page.text.contains("Vendor NOC engaged") && page.text.contains("A manual restart skipped a step"))
            let reopen = try await web.form("/incidents/\(id)", cookie: sales, [
                ("_csrf", try await web.csrf(sales)), ("_version", "4"), ("title", "Core batch failed again"), ("severity", "critical"),
                ("occurredOn", "2026-11-28"), ("status", "closed"), ("responsibleParty", "undetermined"), ("rootCause", "")])
            #expect(reopen.status == .unprocessableContent && reopen.text.contains("value=\"Core batch failed again\""))
        }
    }

    @Test(arguments: TestEngine.allCases)
    func aComplaintIsAcknowledgedAndResolvedByItsDeadlines(_ engine: TestEngine) async throws {
        try await WebHarness.run(engine) { web in
            let c = web.company
            let admin = try await web.signIn(c.admin)
            let sales = try await web.signIn(c.sales)
            let account = try await c.account("Complaint Bank", owner: c.sales)
            let elsewhere = try await c.account("Other Complaint Bank", owner: c.sales)
            let cio = try await ActivityAPITests.person(web, admin, "Cio", at: account.id)
            let hotline = try await web.send(.post, "/api/v1/accounts/\(account.id)/channels", cookie: sales,
                                             json: ["kind": "complaint", "ourUserID": c.sales.id, "medium": "Hotline"])
            let foreign = try await web.send(.post, "/api/v1/accounts/\(elsewhere.id)/channels", cookie: sales,
                                             json: ["kind": "complaint", "ourUserID": c.sales.id, "medium": "Other hotline"])
            let hotlineID = try hotline.jsonObject()["id"] as? Int ?? 0
            let list = "/api/v1/accounts/\(account.id)/complaints"
            let bad = try await web.send(.post, list, cookie: sales, json: [
                "summary": "Invoices are wrong", "receivedOn": "2026-11-20", "acknowledgeBy": "2026-11-19", "resolveBy": "2026-11-18",
                "resolvedOn": "2026-11-25", "channelID": try foreign.jsonObject()["id"] as? Int ?? 0])
            #expect(try bad.problemFields() == ["acknowledgeBy", "resolveBy", "acknowledgedOn", "resolution", "channelID"])
            #expect(try await ActivityAPITests.count(web, "complaints") == 0)

            // Deadlines default to the next day and two weeks; a complaint received long ago and never acknowledged is late on both.
            let received = try await web.send(.post, list, cookie: sales, json: [
                "summary": "Invoices are wrong", "receivedOn": "2026-11-01", "channelID": hotlineID, "raisedByPersonID": cio])
            #expect(received.status == .created, Comment(rawValue: received.text))
            let complaint = try received.jsonObject()
            #expect(complaint["acknowledgeBy"] as? String == "2026-11-02" && complaint["resolveBy"] as? String == "2026-11-15")
            #expect(complaint["acknowledgementLate"] as? Bool == true && complaint["resolutionLate"] as? Bool == true)
            #expect(complaint["channelMedium"] as? String == "Hotline")
            let id = complaint["id"] as? Int ?? 0
            let acknowledged = try await web.send(.patch, "/api/v1/complaints/\(id)", cookie: sales, json: ["acknowledgedOn": "2026-11-02"],
                                                  headers: [.ifMatch: "\"1\""])
            #expect(try acknowledged.jsonObject()["acknowledgementLate"] as? Bool == false)
            let resolved = try await web.send(.patch, "/api/v1/complaints/\(id)", cookie: sales,
                                              json: ["resolvedOn": "2026-11-10", "resolution": "Credit notes issued"], headers: [.ifMatch: "\"2\""])
            #expect(try resolved.jsonObject()["resolutionLate"] as? Bool == false, Comment(rawValue: resolved.text))
            // Clearing a deadline puts the default back; the person it came from may have gone meanwhile.
            _ = try await web.send(.delete, "/api/v1/key-persons/\(cio)", cookie: admin, headers: [.ifMatch: "\"1\""])
            let cleared = try await web.send(.patch, "/api/v1/complaints/\(id)", cookie: sales, json: ["acknowledgeBy": NSNull()],
                                             headers: [.ifMatch: "\"3\""])
            let defaulted = try cleared.jsonObject()["acknowledgeBy"] as? String
            #expect(cleared.status == .ok && defaulted == "2026-11-02", Comment(rawValue: cleared.text))

            // On the page: recorded, acknowledged today by its row's button, and seen on the timeline.
            let csrf = try await web.csrf(sales)
            #expect(try await web.form("/accounts/\(account.id)/complaints", cookie: sales,
                                       [("_csrf", csrf), ("summary", "Portal is slow"), ("receivedOn", web.store.today().description),
                                        ("channelID", String(hotlineID))]).status == .seeOther)
            let second = try await web.send(.get, list, cookie: sales).items().first { $0["summary"] as? String == "Portal is slow" }
            let secondID = second?["id"] as? Int ?? 0
            #expect(try await web.form("/complaints/\(secondID)", cookie: sales,
                                       [("_csrf", csrf), ("_version", "1"), ("acknowledgedOn", web.store.today().description)]).status == .seeOther)
            #expect(try await web.send(.get, "/api/v1/complaints/\(secondID)", cookie: sales).jsonObject()["acknowledgedOn"] as? String
                    == web.store.today().description)
            let page = try await web.send(.get, "/accounts/\(account.id)/complaints", cookie: sales).text
            #expect(page.contains("Credit notes issued") && page.contains("complaint-\(secondID)"))
            let missing = try await web.form("/accounts/\(account.id)/complaints", cookie: sales,
                                             [("_csrf", csrf), ("summary", "Typed but undated"), ("receivedOn", "")])
            #expect(missing.status == .unprocessableContent && missing.text.contains("Typed but undated"))
            let timeline = try await web.send(.get, "/api/v1/accounts/\(account.id)/timeline?sources=complaint", cookie: sales).items()
            #expect(timeline.count == 2)
        }
    }
}
