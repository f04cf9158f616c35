import Foundation
import HTTPTypes
import HummingbirdTesting
import KAMCore
import KAMTestSupport
import KAMWeb
import Testing

@Suite("Account plans: four parts, objectives with measures and tasks, revisions, approval, cloning, quotas")
struct PlanAPITests {
    static func version(_ response: TestResponse) -> String { MonetisationAPITests.version(response) }

    @Test(arguments: TestEngine.allCases)
    func aPlanIsWrittenMeasuredRevisedApprovedAndCloned(_ engine: TestEngine) async throws {
        try await WebHarness.run(engine) { web in
            let c = web.company
            let admin = try await web.signIn(c.admin)
            let sales = try await web.signIn(c.sales)
            let account = try await c.account("Planned Steel", owner: c.sales)
            let person = try await web.send(.post, "/api/v1/key-persons", cookie: sales, json: [
                "name": ["family": "Sato", "given": "Ken"], "employments": [["accountID": account.id, "title": "CIO"]],
                "portrait": ["closeness": 2, "recognition": 3, "priceAcceptance": 2, "evidence": "first meeting"]])
            let personID = try person.jsonObject()["id"] as? Int ?? 0
            let line = try await web.send(.post, "/api/v1/product-lines", cookie: admin, json: ["code": "MES", "name": "MES suite"])
            let lineID = try line.jsonObject()["id"] as? Int ?? 0
            let year = web.store.today().year
            let start = "\(year)-01-01", end = "\(year)-12-31"
            var body: [String: Any] = [
                "title": "Planned Steel \(year)", "periodStart": start, "periodEnd": end,
                "situation": ["industryTrends": "Green steel", "customerSituation": "New CEO", "strengths": ["Incumbent in two plants"],
                              "weaknesses": ["No contact in finance"], "opportunities": ["Plant 3"], "threats": ["Rival Systems"]],
                "priorities": [["goal": "Cut energy use", "initiative": "Furnace programme"], ["goal": "Digitise QA"]],
                "relationships": [["personID": personID, "current": ["closeness": 2, "recognition": 3, "priceAcceptance": 2],
                                   "target": ["closeness": 4, "recognition": 4, "priceAcceptance": 3], "actions": "Invite to the user summit"]],
                "targets": [["productLineID": lineID, "quarter": 3, "revenue": ["decimal": "120000", "currency": "USD"],
                             "margin": ["decimal": "40000", "currency": "USD"]]],
                "objectives": [["title": "Hold a workshop a month", "ownerID": c.sales.id, "dueOn": "\(year)-12-15", "measure": "activities_held", "target": 12,
                                "actions": [["title": "Book the Q3 workshop", "ownerID": c.sales.id, "dueOn": "\(year)-07-01"]]],
                               ["title": "Win Plant 3", "ownerID": c.sales.id, "dueOn": "\(year)-11-30", "measure": "opportunities_won", "target": 1],
                               ["title": "Reference visit", "ownerID": c.sales.id, "dueOn": "\(year)-06-30", "target": 1, "typedActual": 1]],
                "buyingUnits": ["Plant IT", "Finance"],
                "whiteSpace": [["buyingUnit": "Plant IT", "productLineID": lineID, "state": "installed"],
                               ["buyingUnit": "Finance", "productLineID": lineID, "state": "competitor", "note": "Rival Systems"]],
            ]
            // An objective due before the period, a person from elsewhere, a cell of an unknown unit: all named, nothing written.
            var bad = body
            bad["objectives"] = [["title": "Too early", "ownerID": c.sales.id, "dueOn": "\(year - 1)-12-31"]]
            bad["relationships"] = [["personID": 424242, "current": ["closeness": 2, "recognition": 2, "priceAcceptance": 2],
                                     "target": ["closeness": 9, "recognition": 2, "priceAcceptance": 2]]]
            bad["whiteSpace"] = [["buyingUnit": "Legal", "productLineID": lineID, "state": "potential"]]
            let refused = try await web.send(.post, "/api/v1/accounts/\(account.id)/plans", cookie: sales, json: bad)
            #expect(try refused.problemFields() == ["objectives[0].dueOn", "relationships[0].target.closeness", "relationships[0].personID",
                                                    "whiteSpace[0].buyingUnit"])
            #expect(try await web.send(.get, "/api/v1/accounts/\(account.id)/plans", cookie: sales).items().isEmpty)

            let created = try await web.send(.post, "/api/v1/accounts/\(account.id)/plans", cookie: sales, json: body)
            #expect(created.status == .created, Comment(rawValue: created.text))
            let planID = try created.jsonObject()["id"] as? Int ?? 0
            let path = "/api/v1/plans/\(planID)"
            // The action is a task in its owner's list, from the plan's objective.
            let tasks = try await web.send(.get, "/api/v1/tasks", cookie: sales).items()
            #expect(tasks.contains { $0["title"] as? String == "Book the Q3 workshop" && $0["source"] as? String == "objective" })

            // Measures computed from the account's data within the period.
            #expect(try await web.send(.post, "/api/v1/accounts/\(account.id)/activities", cookie: sales,
                                       json: ["kind": "workshop", "occurredOn": web.store.today().description, "subject": "MES workshop"]).status == .created)
            let won = try await web.send(.post, "/api/v1/opportunities", cookie: sales,
                                         json: ["name": "Plant 3", "accountID": account.id, "stage": "won", "expectedClose": web.store.today().description,
                                                "amount": ["minorUnits": 100, "currency": "USD"]])
            #expect(won.status == .created)
            #expect(try await web.send(.post, "/api/v1/quotas", cookie: try await web.signIn(c.director), json: [
                "userID": c.sales.id, "periodStart": start, "periodEnd": end, "amount": ["decimal": "1000000", "currency": "USD"]]).status == .created)
            var view = try await web.send(.get, path, cookie: sales).jsonObject()
            let progress = view["progress"] as? [[String: Any]] ?? []
            #expect(progress.map { $0["actual"] as? Double } == [1, 1, 1])
            #expect(progress[1]["share"] as? Double == 1 && (view["quotas"] as? [[String: Any]])?.count == 1)
            #expect(view["canApprove"] as? Bool == false && view["canEdit"] as? Bool == true)

            // A salesperson cannot approve their own plan; their director can.
            #expect(try await web.send(.post, path + "/approve", cookie: sales, headers: [.ifMatch: "\"1\""]).status == .forbidden)
            let approved = try await web.send(.post, path + "/approve", cookie: try await web.signIn(c.director), headers: [.ifMatch: "\"1\""])
            #expect(approved.status == .ok, Comment(rawValue: approved.text))
            #expect(try approved.jsonObject()["status"] as? String == "approved" && (try approved.jsonObject()["approvedRevision"] as? Int) == 1)

            // A new revision goes back to draft; the first stays and the two compare.
            body["whiteSpace"] = [["buyingUnit": "Plant IT", "productLineID": lineID, "state": "installed"],
                                  ["buyingUnit": "Finance", "productLineID": lineID, "state": "open_opportunity"]]
            let revised = try await web.send(.put, path, cookie: sales, json: body, headers: [.ifMatch: Self.version(approved)])
            #expect(revised.status == .ok, Comment(rawValue: revised.text))
            #expect(try revised.jsonObject()["revision"] as? Int == 2 && (try revised.jsonObject()["status"] as? String) == "draft")
            let tasksAfter = try await web.send(.get, "/api/v1/tasks", cookie: sales).items().filter { $0["title"] as? String == "Book the Q3 workshop" }
            #expect(tasksAfter.count == 1)
            let compared = try await web.send(.get, path + "/compare?left=1&right=2", cookie: sales).jsonObject()
            #expect(compared["differingParts"] as? [String] == ["white_space"])

            let clone = try await web.send(.post, path + "/clone", cookie: sales)
            #expect(clone.status == .created, Comment(rawValue: clone.text))
            let cloned = try clone.jsonObject()
            let clonedDraft = cloned["draft"] as? [String: Any] ?? [:]
            #expect(clonedDraft["periodStart"] as? String == "\(year + 1)-01-01" && cloned["clonedFrom"] as? Int == planID)
            #expect((clonedDraft["whiteSpace"] as? [[String: Any]])?.count == 2)
            view = try await web.send(.get, "/api/v1/plans/\(cloned["id"] as? Int ?? 0)", cookie: sales).jsonObject()
            #expect((view["plan"] as? [String: Any])?["revision"] as? Int == 1)

            // Who may see and change it.
            #expect(try await web.send(.get, path, cookie: try await web.signIn(c.otherSales)).status == .notFound)
            let reader = try await web.signIn(c.readOnly)
            #expect(try await web.send(.get, path, cookie: reader).status == .ok)
            #expect(try await web.send(.put, path, cookie: reader, json: body, headers: [.ifMatch: "\"3\""]).status == .forbidden)
            #expect(try await web.send(.post, "/api/v1/quotas", cookie: sales, json: [
                "userID": c.sales.id, "periodStart": start, "periodEnd": end, "amount": ["decimal": "1", "currency": "USD"]]).status == .forbidden)
        }
    }

    @Test(arguments: TestEngine.allCases)
    func thePlanPagesWriteTheGridPrintAndCompare(_ engine: TestEngine) async throws {
        try await WebHarness.run(engine) { web in
            let c = web.company
            let admin = try await web.signIn(c.admin)
            let sales = try await web.signIn(c.sales)
            let account = try await c.account("Paged Plan Co", owner: c.sales)
            let line = try await web.send(.post, "/api/v1/product-lines", cookie: admin, json: ["code": "ERP", "name": "ERP suite"])
            let lineID = String(try line.jsonObject()["id"] as? Int ?? 0)
            let csrf = try await web.csrf(sales)
            let year = web.store.today().year
            let made = try await web.form("/accounts/\(account.id)/plans", cookie: sales,
                                          [("_csrf", csrf), ("title", "Paged plan"), ("periodStart", "\(year)-01-01"), ("periodEnd", "\(year)-12-31")])
            #expect(made.status == .seeOther, Comment(rawValue: made.text))
            let edit = made.headers[.location] ?? ""
            let planPath = edit.replacingOccurrences(of: "/edit", with: "")
            // Buying units first; then the grid has their rows.
            #expect(try await web.form(planPath, cookie: sales, [("_csrf", csrf), ("_version", "1"), ("title", "Paged plan"), ("periodStart", "\(year)-01-01"),
                                                                 ("periodEnd", "\(year)-12-31"), ("buyingUnits", "Plant IT\nFinance")]).status == .seeOther)
            let form = try await web.send(.get, edit, cookie: sales)
            #expect(form.text.contains("id=\"ws-1-0\""))
            let refused = try await web.form(planPath, cookie: sales, [
                ("_csrf", csrf), ("_version", "2"), ("title", "Paged plan"), ("periodStart", "\(year)-01-01"), ("periodEnd", "\(year)-12-31"),
                ("buyingUnits", "Plant IT\nFinance"), ("situation.strengths", "Typed strength"),
                ("objectives[0].title", "Typed objective"), ("objectives[0].ownerID", String(c.sales.id)), ("objectives[0].dueOn", "\(year - 1)-05-01"),
                ("objectives[0].status", ""), ("objectives[0].measure", "")])
            #expect(refused.status == .unprocessableContent && refused.text.contains("Typed strength") && refused.text.contains("Typed objective"))
            let saved = try await web.form(planPath, cookie: sales, [
                ("_csrf", csrf), ("_version", "2"), ("title", "Paged plan"), ("periodStart", "\(year)-01-01"), ("periodEnd", "\(year)-12-31"),
                ("buyingUnits", "Plant IT\nFinance"), ("situation.strengths", "Typed strength"),
                // A browser's spare objective row, untouched.
                ("objectives[0].title", ""), ("objectives[0].status", ""), ("objectives[0].measure", ""), ("objectives[0].actions[0].title", ""),
                ("whiteSpace[0].buyingUnit", "Plant IT"), ("whiteSpace[0].productLineID", lineID), ("whiteSpace[0].state", "installed"),
                ("whiteSpace[1].buyingUnit", "Finance"), ("whiteSpace[1].productLineID", lineID), ("whiteSpace[1].state", "")])
            #expect(saved.status == .seeOther, Comment(rawValue: saved.text))
            let page = try await web.send(.get, planPath, cookie: sales)
            #expect(page.text.contains("class=\"ws-installed\"") && page.text.contains("Typed strength"))
            #expect(try await web.send(.get, planPath + "/print", cookie: sales).text.contains("Plant IT"))
            let compare = try await web.send(.get, planPath + "/compare?left=2&right=3", cookie: sales)
            #expect(compare.status == .ok && compare.text.contains("White space"))
        }
    }
}
