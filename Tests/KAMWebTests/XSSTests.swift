import Foundation
import HTTPTypes
import KAMCore
import KAMTestSupport
import KAMWeb
import Testing

/// Stores hostile text through the API in every free-text field, then requests every page and
/// parses the HTML to prove that none of it became markup.
@Suite("Cross-site scripting through stored data")
struct XSSTests {
    static let payloads = [
        "<kamxss>", "\"><kamxss a=\"", "'><kamxss a='", "</textarea><kamxss>", "</title><kamxss>", "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>", "\" onmouseover=\"alert(1)", "' autofocus onfocus='alert(1)", "<svg/onload=alert(1)>",
        "&lt;kamxss&gt;", "<!--", "]]><kamxss>", "<a href=\"javascript:alert(1)\">x</a>", "{{7*7}}", "\u{202E}<kamxss>",
    ]

    @Test(arguments: TestEngine.allCases)
    func storedPayloadsNeverBecomeMarkup(_ engine: TestEngine) async throws {
        try await WebHarness.run(engine) { web in
            let cookie = try await web.signIn(web.company.admin)
            // Fields have length limits: the whole corpus goes where 10,000 characters fit, a
            // shorter mix where 200 do, and the core break-outs into 40-character fields.
            let payload = Self.payloads.joined(separator: " ")
            let short = Self.payloads.prefix(7).joined(separator: " ")
            let tiny = "<kamxss>\"'><b>"
            #expect(try await web.send(.post, "/api/v1/custom-fields", cookie: cookie,
                                       json: ["key": "note", "label": "Label \(short)", "type": "text"]).status == .created)
            let refused = try await web.send(.post, "/api/v1/accounts", cookie: cookie,
                                             json: ["name": "x", "industry": "banking", "region": "japan", "website": "javascript:alert(1)"])
            #expect(try refused.problemFields() == ["website"])
            let refusedTab = try await web.send(.post, "/api/v1/accounts", cookie: cookie,
                                                json: ["name": "x", "industry": "banking", "region": "japan", "website": " JaVaScRiPt:alert(1)"])
            #expect(try refusedTab.problemFields() == ["website"])
            let account = try await web.send(.post, "/api/v1/accounts", cookie: cookie, json: [
                "name": "Acc \(short)", "industry": "banking", "region": "japan", "description": "Desc \(payload)",
                "website": "https://example.com/\"><kamxss>", "customFields": ["note": "Value \(short)"],
            ])
            #expect(account.status == .created)
            let accountID = try account.jsonObject()["id"] as? Int ?? 0
            let branch = try await web.send(.post, "/api/v1/accounts", cookie: cookie, json: [
                "name": "Branch \(short)", "industry": "retail", "region": "korea", "parentID": accountID])
            #expect(branch.status == .created)
            let person = try await web.send(.post, "/api/v1/key-persons", cookie: cookie, json: [
                "name": ["family": "F \(tiny)", "given": "G \(tiny)", "familyReading": "R \(tiny)", "givenReading": "S"],
                "phones": [["label": "L \(tiny)", "number": "+81 3-0000-0000"]], "notes": "N \(payload)",
                "employments": [["accountID": accountID, "title": "T \(short)", "department": "D \(short)"]],
                "facts": [["kind": "hobby", "value": "V \(payload)", "source": "S \(short)", "recordedOn": "2025-01-01"]],
                "portrait": ["closeness": 3, "recognition": 3, "priceAcceptance": 3, "evidence": "E \(payload)"],
            ])
            #expect(person.status == .created)
            let personID = try person.jsonObject()["id"] as? Int ?? 0
            let opportunity = try await web.send(.post, "/api/v1/opportunities", cookie: cookie, json: [
                "name": "O \(short)", "accountID": accountID, "amount": ["minorUnits": 30_000_000, "currency": "EUR"]])
            let opportunityID = try opportunity.jsonObject()["id"] as? Int ?? 0
            // The sales process's names, a pursuit's competitors and close plan, and a stage move's reason carry it too.
            var process = MonetisationAPITests.processJSON(0)
            if var stages = process["stages"] as? [[String: Any]] {
                stages[0]["name"] = String(payload.prefix(90))
                stages[0]["exitCriteria"] = [["key": "hostile", "label": String(payload.prefix(190))]]
                process["stages"] = stages
            }
            #expect(try await web.send(.put, "/api/v1/sales-process", cookie: cookie, json: process, headers: [.ifMatch: "\"0\""]).status == .ok)
            #expect(try await web.send(.put, "/api/v1/opportunities/\(opportunityID)/pursuit", cookie: cookie, json: [
                "competitors": [["name": "C \(short)", "strengths": "S \(payload)"]], "closePlan": [["title": "T \(short)", "dueOn": "2031-01-01"]],
                "metCriteria": ["prospecting.hostile"]], headers: [.ifMatch: "\"1\""]).status == .ok)
            #expect(try await web.send(.patch, "/api/v1/opportunities/\(opportunityID)", cookie: cookie,
                                       json: ["stage": "won", "stageReason": "R \(payload)"], headers: [.ifMatch: "\"2\""]).status == .ok)
            let moved = try await web.send(.post, "/api/v1/accounts/\(accountID)/moves", cookie: cookie,
                                           json: ["field": "status", "to": "candidate", "reason": "M \(payload)"], headers: [.ifMatch: "\"1\""])
            #expect(moved.status == .ok)

            // Organisation records carry text too: team, territory and model names, skills, request notes and reasons.
            let team = try await web.send(.post, "/api/v1/sales-teams", cookie: cookie,
                                          json: ["name": "Team \(short)", "memberIDs": [web.company.expert.id]])
            #expect(team.status == .created)
            #expect(try await web.send(.post, "/api/v1/accounts/\(accountID)/coverage", cookie: cookie,
                                       json: ["line": "industry", "salesTeamID": try team.jsonObject()["id"] as? Int ?? 0]).status == .created)
            let model = try await web.send(.post, "/api/v1/territory-models", cookie: cookie, json: ["name": "Model \(short)"])
            let modelID = try model.jsonObject()["id"] as? Int ?? 0
            #expect(try await web.send(.post, "/api/v1/territory-models/\(modelID)/territories", cookie: cookie,
                                       json: ["name": "Territory \(short)", "line": "regional", "userID": web.company.sales.id]).status == .created)
            #expect(try await web.send(.put, "/api/v1/experts/\(web.company.expert.id)", cookie: cookie,
                                       json: ["skills": [tiny, "<script>x</script>"], "languages": [tiny]]).status == .created)
            let asked = try await web.send(.post, "/api/v1/accounts/\(accountID)/expert-requests", cookie: cookie,
                                           json: ["expertID": web.company.expert.id, "hoursPerQuarter": 10, "note": "Note \(payload)"])
            #expect(asked.status == .created)
            _ = try await web.send(.post, "/api/v1/expert-requests/\(try asked.jsonObject()["id"] as? Int ?? 0)/decision", cookie: cookie,
                                   json: ["accept": false, "reason": "Reason \(payload)"], headers: [.ifMatch: "\"1\""])

            #expect(try await web.send(.post, "/api/v1/accounts/\(accountID)/presales-requests", cookie: cookie,
                                       json: ["kind": "demo", "note": "Presales \(payload)"]).status == .created)

            // A colleague who sways the first person, with the payload as evidence: drawn on the map.
            let colleague = try await web.send(.post, "/api/v1/key-persons", cookie: cookie, json: [
                "name": ["family": "C \(tiny)", "given": "H \(tiny)"],
                "employments": [["accountID": accountID, "title": "T \(short)", "reportsToID": personID]]])
            #expect(try await web.send(.post, "/api/v1/connections", cookie: cookie,
                                       json: ["fromPersonID": try colleague.jsonObject()["id"] as? Int ?? 0, "toPersonID": personID,
                                              "strength": 4, "evidence": "Evidence \(payload)"]).status == .created)

            // A purchase whose order reference is the payload: listed on the purchases page.
            let line = try await web.send(.post, "/api/v1/product-lines", cookie: cookie, json: ["code": "XSS", "name": "Line \(short)"])
            let product = try await web.send(.post, "/api/v1/products", cookie: cookie,
                                             json: ["lineID": try line.jsonObject()["id"] as? Int ?? 0, "code": "XSS-1", "name": "Product \(short)"])
            let purchase = try await web.send(.post, "/api/v1/transactions", cookie: cookie, json: [
                "accountID": accountID, "date": "2025-01-15", "productID": try product.jsonObject()["id"] as? Int ?? 0,
                "orderReference": String(payload.prefix(100)), "amount": ["minorUnits": 100, "currency": "USD"],
                "margin": ["minorUnits": 10, "currency": "USD"]])
            #expect(purchase.status == .created, Comment(rawValue: purchase.text))

            // A key account, classified with the payload as the reason, under a strategy library and an assignment that carry it.
            #expect(try await web.send(.post, "/api/v1/accounts/\(accountID)/moves", cookie: cookie,
                                       json: ["field": "status", "to": "qualified", "reason": "Q \(payload)"], headers: [.ifMatch: "\"2\""]).status == .ok)
            #expect(try await web.send(.post, "/api/v1/classification/apply", cookie: cookie, json: ["reason": "C \(payload)"]).status == .ok)
            #expect(try await web.send(.put, "/api/v1/strategy-library", cookie: cookie, json: ["strategies": [[
                "key": "hostile", "name": "S \(short)", "description": "D \(payload)", "classes": ["A", "B", "C", "D"],
                "tactics": [["key": "t", "name": "T \(short)", "description": "TD \(payload)"]]]]], headers: [.ifMatch: "\"0\""]).status == .ok)
            #expect(try await web.send(.post, "/api/v1/accounts/\(accountID)/strategy-assignments", cookie: cookie,
                                       json: ["strategyKey": "hostile", "tacticKey": "t", "note": "N \(payload)"]).status == .created)

            // An activity, its follow-up and a task, each carrying the payload: on the activity, timeline and task pages.
            let activity = try await web.send(.post, "/api/v1/accounts/\(accountID)/activities", cookie: cookie, json: [
                "kind": "executive_meeting", "occurredOn": "2025-02-01", "subject": "A \(short)", "notes": "N \(payload)", "agenda": "G \(short)",
                "outcomes": "O \(short)", "theirParticipants": [personID], "ourParticipants": [web.company.admin.id],
                "followUps": [["title": "F \(short)", "ownerID": web.company.admin.id, "dueOn": "2025-02-08"]],
                "portraitUpdates": [["personID": personID, "closeness": 4, "recognition": 4, "priceAcceptance": 4, "evidence": "E \(short)"]]])
            #expect(activity.status == .created, Comment(rawValue: activity.text))
            let activityID = try activity.jsonObject()["id"] as? Int ?? 0
            #expect(try await web.send(.post, "/api/v1/tasks", cookie: cookie,
                                       json: ["title": "T \(short)", "note": "N \(short)", "dueOn": "2025-03-01"]).status == .created)
            #expect(try await web.send(.post, "/api/v1/accounts/\(accountID)/channels", cookie: cookie,
                                       json: ["kind": "technical", "ourUserID": web.company.admin.id, "theirPersonID": personID,
                                              "medium": "M \(short)", "note": "N \(payload)"]).status == .created)
            let incident = try await web.send(.post, "/api/v1/accounts/\(accountID)/incidents", cookie: cookie,
                                              json: ["title": "I \(short)", "severity": "major", "occurredOn": "2025-02-02", "summary": "S \(payload)",
                                                     "rootCause": "R \(short)"])
            #expect(incident.status == .created, Comment(rawValue: incident.text))
            let incidentID = try incident.jsonObject()["id"] as? Int ?? 0
            #expect(try await web.send(.post, "/api/v1/incidents/\(incidentID)/events", cookie: cookie, json: ["note": "E \(payload)"]).status == .created)
            #expect(try await web.send(.post, "/api/v1/accounts/\(accountID)/mutual-purchases", cookie: cookie,
                                       json: ["year": 2025, "amount": ["minorUnits": 100, "currency": "USD"], "description": "P \(short)"]).status == .created)
            #expect(try await web.send(.post, "/api/v1/accounts/\(accountID)/consulting-engagements", cookie: cookie,
                                       json: ["title": "E \(short)", "scope": "S \(payload)", "leadUserID": web.company.admin.id,
                                              "from": "2025-01-01"]).status == .created)
            #expect(try await web.send(.post, "/api/v1/accounts/\(accountID)/governance-seats", cookie: cookie,
                                       json: ["body": "board", "holderUserID": web.company.admin.id, "from": "2025-01-01",
                                              "note": "N \(payload)"]).status == .created)
            #expect(try await web.send(.post, "/api/v1/accounts/\(accountID)/complaints", cookie: cookie,
                                       json: ["summary": "C \(payload)", "receivedOn": "2025-02-03", "raisedByPersonID": personID]).status == .created)

            // A held review's findings and actions, on the account's reviews and on "my reviews".
            for status in ["candidate", "qualified"] {
                let version = try await web.send(.get, "/api/v1/accounts/\(accountID)", cookie: cookie).jsonObject()["version"] as? Int ?? 0
                #expect(try await web.send(.post, "/api/v1/accounts/\(accountID)/moves", cookie: cookie,
                                           json: ["field": "status", "to": status, "reason": "R \(short)"], headers: [.ifMatch: "\"\(version)\""]).status == .ok)
            }
            let owed = try await web.send(.get, "/api/v1/accounts/\(accountID)/evaluations", cookie: cookie).jsonObject()["next"] as? [[String: Any]] ?? []
            let review = try await web.send(.post, "/api/v1/accounts/\(accountID)/evaluations", cookie: cookie, json: [
                "kind": "coverage", "dueOn": owed.first { $0["kind"] as? String == "coverage" }?["dueOn"] as? String ?? "", "result": "adjust",
                "findings": "F \(payload)", "checklist": [["key": "K \(short)", "verdict": "V \(tiny)"]],
                "actions": [["title": "A \(short)", "ownerID": web.company.admin.id]]])
            #expect(review.status == .created, Comment(rawValue: review.text))
            let pages = ["/accounts/\(accountID)/reviews", "/reviews?scope=team", "/notifications", "/reports/reviews", "/settings/review-cadences", "/assessments", "/accounts/\(accountID)/activities", "/activities/\(activityID)", "/accounts/\(accountID)/timeline", "/tasks",
                         "/tasks?account=\(accountID)", "/accounts/\(accountID)/lifecycle", "/accounts/\(accountID)/incidents",
                         "/incidents/\(incidentID)", "/accounts/\(accountID)/complaints", "/accounts/\(accountID)/strengthening", "/portfolio", "/accounts/\(accountID)/strategy", "/settings/strategies", "/settings/investment",
                         "/accounts", "/accounts?q=\(Self.query(payload))", "/accounts/\(accountID)/map", "/accounts/\(accountID)/purchases", "/reports/coverage", "/presales", "/experts", "/experts?account=\(accountID)",
                         "/experts/\(web.company.expert.id)", "/expert-requests", "/settings/sales-teams", "/settings/territories",
                         "/settings/territories/\(modelID)", "/settings/users", "/accounts/\(accountID)", "/accounts/\(accountID)/edit",
                         "/people", "/people/\(personID)", "/people/\(personID)/edit", "/opportunities", "/opportunities/\(opportunityID)",
                         "/opportunities/\(opportunityID)/edit", "/pipeline", "/settings/sales-process", "/settings/fields", "/accounts/new", "/reports/iron-triangle", "/recycle-bin", "/login"]
            for path in pages {
                let page = try await web.send(.get, path, cookie: path == "/login" ? nil : cookie)
                #expect(page.status == .ok, "\(path)")
                let problems = Self.markupProblems(page.text)
                #expect(problems.isEmpty, "\(path): \(problems)")
            }
            // The payload text itself is shown, escaped, where it was typed.
            let accountPage = try await web.send(.get, "/accounts/\(accountID)", cookie: cookie).text
            #expect(accountPage.contains("&lt;kamxss&gt;"))
            #expect(accountPage.contains("&amp;lt;kamxss&amp;gt;"))
        }
    }

    static func query(_ text: String) -> String {
        text.prefix(20).addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
    }

    /// Tags the page should not have: our escaping writes `<` only for real tags, so every `<…>`
    /// is a tag; none may be a payload tag, carry an event handler or link to a script URL.
    static func markupProblems(_ html: String) -> [String] {
        var problems: [String] = []
        var rest = Substring(html)
        // The relationship map, the portfolio and a review trend draw one SVG of their own; any other <svg> came from data.
        var ownDrawing = false
        while let open = rest.firstIndex(of: "<") {
            guard let close = rest[open...].firstIndex(of: ">") else { problems.append("unclosed <"); break }
            let tag = String(rest[rest.index(after: open)..<close])
            rest = rest[rest.index(after: close)...]
            let name = tag.prefix { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "/" || $0 == "!" }.lowercased()
            if name == "svg", !ownDrawing, tag.contains(#"id="map-drawing""#) || tag.contains(#"id="portfolio-svg""#)
                || tag.contains(#"id="trend-svg""#) {
                ownDrawing = true
            } else if ["kamxss", "/kamxss", "script", "img", "svg", "iframe", "b", "/b"].contains(name) {
                problems.append("tag <\(name)>")
            }
            // Attribute names only: drop quoted values, which are escaped text.
            var unquoted = ""
            var inQuote = false
            for ch in tag {
                if ch == "\"" { inQuote.toggle(); continue }
                if !inQuote { unquoted.append(ch) }
            }
            if inQuote { problems.append("unbalanced quote in <\(tag.prefix(40))>") }
            for word in unquoted.split(whereSeparator: { $0 == " " || $0 == "\n" }) {
                let attribute = word.split(separator: "=").first.map { $0.lowercased() } ?? ""
                if attribute.hasPrefix("on") || attribute == "autofocus" && name != "input" { problems.append("attribute \(attribute) in <\(name)>") }
            }
            if tag.lowercased().contains("href=\"javascript:") { problems.append("javascript link") }
        }
        return problems
    }
}
