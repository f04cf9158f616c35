import Foundation
import HTTPTypes
import KAMCore
import KAMStore
import KAMTestSupport
import Testing

@Suite("The yearly assessment: figures from the year's data, decisions kept per year, export")
struct AssessmentAPITests {
    @Test func criteriaJudgeEachFigureAndSuggestOnlyWithSomethingToJudge() throws {
        let criteria = AssessmentCriteria(targetsPercent: 90, reviewsOnTimePercent: 80, objectivesPercent: 70, customerScore: 60)
        #expect(criteria.suggestion(AssessmentFigures()) == nil)
        #expect(criteria.suggestion(AssessmentFigures(targetsPercent: 90, customerScore: 60)) == .qualified)
        #expect(criteria.suggestion(AssessmentFigures(targetsPercent: 95, reviewsOnTimePercent: 79)) == .notQualified)
        #expect(criteria.judge(AssessmentFigures(objectivesPercent: 70))[.objectives] == .some(true))
        #expect(AssessmentFigures.percent(9, of: 10) == 90 && AssessmentFigures.percent(1, of: 0) == nil)
        #expect(throws: ValidationFailure.self) { try AssessmentCriteria(customerScore: 101).validate() }
    }

    @Test(arguments: TestEngine.allCases)
    func theYearIsPrefilledDecidedOnceAtATimeAndExported(_ engine: TestEngine) async throws {
        let clock = TestClock("2027-01-10T03:00:00Z")
        try await WebHarness.run(engine, now: { clock.now }) { web in
            let c = web.company
            var admin = try await web.signIn(c.admin)
            let team = try await web.send(.post, "/api/v1/sales-teams", cookie: admin, json: ["name": "Assessed team", "memberIDs": [c.sales.id]])
            let teamID = try #require(try team.jsonObject()["id"] as? Int)
            let account = try await c.account("Assessed Bank", owner: c.sales)
            try await EvaluationAPITests.qualify(web, account, admin: admin)
            #expect(try await web.send(.post, "/api/v1/quotas", cookie: admin, json: [
                "userID": c.sales.id, "periodStart": "2027-01-01", "periodEnd": "2027-12-31", "amount": ["minorUnits": 1_000_000, "currency": "JPY"]]).status == .created)
            // The catalogue makes JPY the reporting currency: quota and booking are in yen.
            let product = try await PurchaseAPITests.catalogue(web, admin)

            clock.set("2027-04-10T02:00:00Z")
            admin = try await web.signIn(c.admin)
            let booked = try await web.send(.post, "/api/v1/transactions", cookie: admin, json: PurchaseAPITests.transaction(
                account.id, product, "2027-03-01", "A-1", amount: 900_000, margin: 100_000, currency: "JPY"))
            #expect(booked.status == .created, Comment(rawValue: booked.text))
            let sales = try await web.signIn(c.sales)
            #expect(try await web.send(.post, "/api/v1/accounts/\(account.id)/evaluations", cookie: sales,
                                       json: ["kind": "customer", "dueOn": "2027-04-10", "result": "qualified"]).status == .created)
            #expect(try await web.send(.post, "/api/v1/accounts/\(account.id)/scores", cookie: sales,
                                       json: ["levels": ScoringAPITests.entered]).status == .created)
            admin = try await web.signIn(c.admin)

            let listed = try await web.send(.get, "/api/v1/assessments?year=2027", cookie: admin)
            #expect(listed.status == .ok, Comment(rawValue: listed.text))
            let items = try listed.items()
            let person = try #require(items.first { $0["subject"] as? String == "salesperson" && $0["subjectID"] as? Int == Int(c.sales.id) })
            let figures = person["figures"] as? [String: Any] ?? [:]
            // 900,000 booked against a quota of 1,000,000; the one review held on its day.
            #expect(figures["targetsPercent"] as? Int == 90 && figures["reviewsOnTimePercent"] as? Int == 100, Comment(rawValue: "\(person)"))
            #expect(figures["customerScore"] as? Double != nil && figures["objectivesPercent"] == nil)
            #expect(items.contains { $0["subject"] as? String == "team" && $0["subjectID"] as? Int == teamID })
            let line = try #require(items.first { $0["subject"] as? String == "key_account" && $0["subjectID"] as? Int == Int(account.id) })
            #expect(line["version"] as? Int == 0 && line["decision"] == nil)

            // Salespeople do not see the company's assessment; read-only users see and cannot decide.
            #expect(try await web.send(.get, "/api/v1/assessments?year=2027", cookie: sales).status == .forbidden)
            let readOnly = try await web.signIn(c.readOnly)
            #expect(try await web.send(.get, "/api/v1/assessments?year=2027", cookie: readOnly).status == .ok)
            let decision: [String: Any] = ["year": 2027, "subject": "key_account", "subjectID": account.id, "decision": "qualified",
                                           "comment": "Grew, reviewed on time", "version": 0]
            #expect(try await web.send(.post, "/api/v1/assessments/decisions", cookie: readOnly, json: decision).status == .forbidden)
            // Bad input names its fields, and nothing is kept.
            #expect(try await web.send(.post, "/api/v1/assessments/decisions", cookie: admin,
                                       json: ["year": 1999, "subject": "account", "subjectID": account.id, "decision": "maybe"]).problemFields()
                    == ["year", "subject", "decision"])
            #expect(try await web.send(.get, "/api/v1/assessments?year=abc", cookie: admin).problemFields() == ["year"])

            let decided = try await web.send(.post, "/api/v1/assessments/decisions", cookie: admin, json: decision)
            #expect(decided.status == .ok, Comment(rawValue: decided.text))
            #expect(try decided.jsonObject()["version"] as? Int == 1)
            // A second decision on the version already replaced is refused, naming who decided.
            let stale = try await web.send(.post, "/api/v1/assessments/decisions", cookie: admin, json: decision.merging(["decision": "not_qualified"]) { $1 })
            #expect(stale.status == .preconditionFailed)
            // Kept per year: 2028 starts blank.
            let next = try await web.send(.get, "/api/v1/assessments?year=2028", cookie: admin).items()
            #expect(next.first { $0["subject"] as? String == "key_account" }?["decision"] == nil)

            let csv = try await web.send(.get, "/api/v1/exports/assessments.csv?year=2027", cookie: admin)
            #expect(csv.status == .ok && csv.headers[.contentType] == "text/csv; charset=utf-8")
            #expect(csv.text.hasPrefix("year,subject,subject_id,name,targets_percent"))
            #expect(csv.text.contains("2027,key_account,\(account.id),Assessed Bank,") && csv.text.contains("qualified,Grew, reviewed on time") == false)
            #expect(csv.text.contains("\"Grew, reviewed on time\""))

            // The page lists the three kinds; a decision from it keeps what was typed when refused.
            let page = try await web.send(.get, "/assessments?year=2027", cookie: admin)
            #expect(page.status == .ok && page.text.contains("id=\"assessment-key_account-\(account.id)\""))
            let csrf = try await web.csrf(admin)
            let refused = try await web.form("/assessments/decisions", cookie: admin, [("_csrf", csrf), ("year", "2027"), ("subject", "key_account"),
                                                                                     ("subjectID", String(account.id)), ("decision", "not_qualified"),
                                                                                     ("comment", "Typed and kept"), ("version", "0")])
            #expect(refused.status == .conflict && refused.text.contains("value=\"Typed and kept\""))
            let saved = try await web.form("/assessments/decisions", cookie: admin, [("_csrf", csrf), ("year", "2027"), ("subject", "team"),
                                                                                   ("subjectID", String(teamID)), ("decision", "not_qualified"), ("version", "0")])
            #expect(saved.status == .seeOther)

            // Administrators set the criteria; out-of-range bars are refused.
            #expect(try await web.send(.put, "/api/v1/assessment-criteria", cookie: admin, json: ["customerScore": 101],
                                       headers: [.ifMatch: "\"0\""]).problemFields() == ["customerScore"])
            #expect(try await web.send(.put, "/api/v1/assessment-criteria", cookie: admin, json: ["targetsPercent": 95],
                                       headers: [.ifMatch: "\"0\""]).status == .ok)
            let again = try await web.send(.get, "/api/v1/assessments?year=2027", cookie: admin).items()
            let judged = again.first { $0["subject"] as? String == "salesperson" && $0["subjectID"] as? Int == Int(c.sales.id) }
            #expect((judged?["met"] as? [String: Bool])?["targets"] == false)
        }
    }
}
