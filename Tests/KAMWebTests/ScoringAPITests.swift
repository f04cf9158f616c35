import Foundation
import HTTPTypes
import HummingbirdTesting
import KAMCore
import KAMTestSupport
import KAMWeb
import Testing

@Suite("Scoring model revisions and account scorecards")
struct ScoringAPITests {
    static let entered = ["product_fit": 5, "centralised_procurement": 4, "industry_position": 3, "strategic_value": 5,
                          "scale_match": 2, "industry_understanding": 4, "tailoring": 3]

    @Test(arguments: TestEngine.allCases)
    func scoresAreExplainedPerIndicatorAndKeepTheirRevision(_ engine: TestEngine) async throws {
        try await WebHarness.run(engine) { web in
            let c = web.company
            let admin = try await web.signIn(c.admin)
            let sales = try await web.signIn(c.sales)
            let model = try await web.send(.get, "/api/v1/scoring-model", cookie: sales)
            #expect(model.status == .ok && model.headers[.eTag] == "\"1\"")
            #expect((try model.jsonObject()["indicators"] as? [Any])?.count == 9)

            // An account of the salesperson's, large, buying in 3 of its last 4 quarters.
            let account = try await c.account("Scored Bank", owner: c.sales)
            let product = try await PurchaseAPITests.catalogue(web, admin)
            let today = web.store.today()
            for (n, back) in [300, 200, 10].enumerated() {
                let day = today.adding(days: -back)
                #expect(try await web.send(.post, "/api/v1/transactions", cookie: sales, json: PurchaseAPITests.transaction(
                    account.id, product, day.description, "S-\(n)", amount: 100_000, margin: 20_000, currency: "JPY")).status == .created)
            }
            let scored = try await web.send(.post, "/api/v1/accounts/\(account.id)/scores", cookie: sales,
                                            json: ["levels": Self.entered, "note": "first review"])
            #expect(scored.status == .created, Comment(rawValue: scored.text))
            let card = try scored.jsonObject()["scorecard"] as? [String: Any] ?? [:]
            let lines = card["lines"] as? [[String: Any]] ?? []
            // Derived levels come from the data: size large → 4; purchases in 3 of the quarters since the first.
            let regularity = PurchaseRegularity.of(purchaseDays: [300, 200, 10].map { today.adding(days: -$0) }, today: today)
            #expect(lines.first { $0["key"] as? String == "size" }?["level"] as? Int == 4)
            #expect(lines.first { $0["key"] as? String == "continuous_purchasing" }?["level"] as? Int == regularity.level)
            // The same card computed here from the standard model.
            let standard = ScoringModel(revision: 1, draft: .standard, createdAt: Date(), createdBy: "")
            let expected = try AccountScoring.score(standard, entered: Self.entered,
                                                    derived: DerivedLevels(continuousPurchasing: regularity.level, size: 4))
            #expect(abs((card["total"] as? Double ?? -1) - expected.total) < 1e-9)
            #expect(card["qualifies"] as? Bool == expected.qualifies && card["complete"] as? Bool == true)
            let points = lines.map { $0["points"] as? Double ?? -1 }
            #expect(points.count == 9 && zip(points, expected.lines.map(\.points)).allSatisfy { abs($0 - $1) < 1e-9 })

            // Bad levels: named, nothing stored.
            let bad = try await web.send(.post, "/api/v1/accounts/\(account.id)/scores", cookie: sales,
                                         json: ["levels": ["product_fit": 7, "continuous_purchasing": 5, "nope": 1]])
            #expect(try bad.problemFields() == ["levels.continuous_purchasing", "levels.nope", "levels.product_fit"])

            // A new revision: refused when broken or stale, kept apart from the old scores.
            var edited = try model.jsonObject()
            edited["threshold"] = 90
            edited.removeValue(forKey: "revision"); edited.removeValue(forKey: "createdAt"); edited.removeValue(forKey: "createdBy")
            #expect(try await web.send(.put, "/api/v1/scoring-model", cookie: sales, json: edited, headers: [.ifMatch: "\"1\""]).status == .forbidden)
            var broken = edited
            broken["indicators"] = [["key": "a", "name": "A", "weight": -1, "levels": [["level": 1, "meaning": "x"], ["level": 2, "meaning": "y"]]],
                                    ["key": "b", "name": "B", "weight": 0, "levels": [["level": 1, "meaning": "x"]]]]
            let refused = try await web.send(.put, "/api/v1/scoring-model", cookie: admin, json: broken, headers: [.ifMatch: "\"1\""])
            #expect(try refused.problemFields() == ["indicators[0].weight", "indicators[1].levels"])
            broken["indicators"] = [["key": "a", "name": "A", "weight": 0, "levels": [["level": 1, "meaning": "x"], ["level": 2, "meaning": "y"]]]]
            #expect(try await web.send(.put, "/api/v1/scoring-model", cookie: admin, json: broken,
                                       headers: [.ifMatch: "\"1\""]).problemFields() == ["indicators"])
            let second = try await web.send(.put, "/api/v1/scoring-model", cookie: admin, json: edited, headers: [.ifMatch: "\"1\""])
            #expect(second.status == .ok && second.headers[.eTag] == "\"2\"", Comment(rawValue: second.text))
            #expect(try await web.send(.put, "/api/v1/scoring-model", cookie: admin, json: edited,
                                       headers: [.ifMatch: "\"1\""]).status == .preconditionFailed)
            let revisions = try await web.send(.get, "/api/v1/scoring-model/revisions", cookie: sales).jsonObject()
            #expect((revisions["items"] as? [[String: Any]] ?? []).map { $0["revision"] as? Int } == [2, 1])

            // Re-scoring keeps what was entered and uses the new revision; the old card keeps revision 1.
            let rescored = try await web.send(.post, "/api/v1/scores/rescore", cookie: sales, json: ["accountIDs": [account.id]])
            #expect(rescored.status == .ok, Comment(rawValue: rescored.text))
            let history = try await web.send(.get, "/api/v1/accounts/\(account.id)/scores", cookie: sales).jsonObject()
            let cards = (history["items"] as? [[String: Any]] ?? []).map { $0["scorecard"] as? [String: Any] ?? [:] }
            #expect(cards.map { $0["revision"] as? Int } == [2, 1])
            #expect(cards.map { $0["threshold"] as? Double } == [90, 60])
            #expect(cards[0]["total"] as? Double == cards[1]["total"] as? Double)

            // A branch's purchases count for the account, re-scored in a batch as when scored alone.
            let branch = try await c.account("Scored Branch", owner: c.sales, parent: account.id)
            #expect(try await web.send(.post, "/api/v1/transactions", cookie: sales, json: PurchaseAPITests.transaction(
                branch.id, product, today.adding(days: -100).description, "B-1", amount: 50_000, margin: 5_000, currency: "JPY")).status == .created)
            let widened = PurchaseRegularity.of(purchaseDays: [300, 200, 100, 10].map { today.adding(days: -$0) }, today: today).level
            #expect(widened != regularity.level)
            func purchasingLevel(_ response: TestResponse) throws -> Int? {
                let object = try response.jsonObject()
                let card = (object["items"] as? [[String: Any]])?.first?["scorecard"] as? [String: Any] ?? object["scorecard"] as? [String: Any]
                return (card?["lines"] as? [[String: Any]])?.first { $0["key"] as? String == "continuous_purchasing" }?["level"] as? Int
            }
            let batch = try await web.send(.post, "/api/v1/scores/rescore", cookie: sales, json: ["accountIDs": [account.id, branch.id]])
            #expect(try purchasingLevel(batch) == widened)
            let alone = try await web.send(.post, "/api/v1/accounts/\(account.id)/scores", cookie: sales, json: ["levels": Self.entered])
            #expect(try purchasingLevel(alone) == widened)

            // Who may score: not someone who only reads, and nobody who cannot see the account.
            let readOnly = try await web.signIn(c.readOnly)
            #expect(try await web.send(.post, "/api/v1/accounts/\(account.id)/scores", cookie: readOnly, json: [:]).status == .forbidden)
            let other = try await web.signIn(c.otherSales)
            #expect(try await web.send(.post, "/api/v1/accounts/\(account.id)/scores", cookie: other, json: [:]).status == .notFound)
            #expect(try await web.send(.post, "/api/v1/scores/rescore", cookie: other, json: ["accountIDs": [account.id]]).status == .notFound)
        }
    }

    @Test(arguments: TestEngine.allCases)
    func theScorecardPageScoresKeepsWhatWasChosenOnErrorAndTheListRescores(_ engine: TestEngine) async throws {
        try await WebHarness.run(engine) { web in
            let c = web.company
            let account = try await c.account("Paged Bank", owner: c.sales)
            let sales = try await web.signIn(c.sales)
            let csrf = try await web.csrf(sales)
            let empty = try await web.send(.get, "/accounts/\(account.id)/scorecard", cookie: sales)
            #expect(empty.status == .ok && empty.text.contains("id=\"scorecard-none\"") && empty.text.contains("id=\"score-form\""))
            let refused = try await web.form("/accounts/\(account.id)/scorecard", cookie: sales,
                                             [("_csrf", csrf), ("level.product_fit", "9"), ("level.tailoring", "3"), ("note", "kept")])
            #expect(refused.status == .unprocessableContent)
            #expect(refused.text.contains("Not a level of this indicator"))
            // What was chosen stays chosen.
            #expect(refused.text.contains("<option value=\"3\" selected>3 — Configurable</option>"))
            #expect(refused.text.contains(">kept</textarea>"))
            let saved = try await web.form("/accounts/\(account.id)/scorecard", cookie: sales,
                                           [("_csrf", csrf), ("level.product_fit", "4"), ("level.tailoring", "3"), ("note", "page")])
            #expect(saved.status == .seeOther)
            let page = try await web.send(.get, "/accounts/\(account.id)/scorecard", cookie: sales)
            #expect(page.text.contains("id=\"scorecard-lines\"") && page.text.contains("4 / 5 — Most of what they buy in our area"))
            #expect(page.text.contains("id=\"scorecard-total\" class=\"below\""))
            let list = try await web.send(.get, "/accounts", cookie: sales)
            #expect(list.text.contains("form=\"rescore-form\"") && list.text.contains("id=\"rescore-selected\""))
            let rescored = try await web.form("/accounts/rescore", cookie: sales, [("_csrf", csrf), ("account", String(account.id))])
            #expect(rescored.status == .ok && rescored.text.contains("id=\"rescored\""))
            let scores = try await web.send(.get, "/api/v1/accounts/\(account.id)/scores", cookie: sales).jsonObject()
            #expect((scores["items"] as? [Any])?.count == 2)
            let readOnly = try await web.signIn(c.readOnly)
            #expect(!(try await web.send(.get, "/accounts", cookie: readOnly).text.contains("rescore-form")))
        }
    }

    /// The form's fields for a model: what the settings page sends.
    static func modelForm(_ draft: ScoringModelDraft) -> [(String, String)] {
        var fields = [("name", draft.name), ("threshold", String(draft.threshold))]
        for (i, indicator) in draft.indicators.enumerated() {
            let prefix = "indicators[\(i)]."
            fields += [(prefix + "key", indicator.key), (prefix + "name", indicator.name), (prefix + "description", indicator.description),
                       (prefix + "weight", String(indicator.weight)), (prefix + "source", indicator.source.rawValue)]
            for (j, level) in indicator.levels.enumerated() {
                fields += [(prefix + "levels[\(j)].level", String(level.level)), (prefix + "levels[\(j)].meaning", level.meaning)]
            }
            // The page's spare rows arrive blank and are skipped.
            fields += [(prefix + "levels[\(indicator.levels.count)].level", ""), (prefix + "levels[\(indicator.levels.count)].meaning", "")]
        }
        let spare = "indicators[\(draft.indicators.count)]."
        // A browser sends the spare row's source select too: it always has a value.
        return fields + [(spare + "key", ""), (spare + "name", ""), (spare + "description", ""), (spare + "weight", ""), (spare + "source", "entered"),
                         (spare + "levels[0].level", "")]
    }

    @Test(arguments: TestEngine.allCases)
    func anAdministratorEditsTheModelOnItsPage(_ engine: TestEngine) async throws {
        try await WebHarness.run(engine) { web in
            let admin = try await web.signIn(web.company.admin)
            let csrf = try await web.csrf(admin)
            let page = try await web.send(.get, "/settings/scoring", cookie: admin)
            #expect(page.status == .ok && page.text.contains("id=\"scoring-model-form\"") && page.text.contains("value=\"product_fit\""))
            var draft = ScoringModelDraft.standard
            draft.threshold = 65
            draft.indicators[0].weight = 3
            var bad = Self.modelForm(draft)
            bad[bad.firstIndex { $0.0 == "indicators[0].weight" }!].1 = "-2"
            bad[bad.firstIndex { $0.0 == "indicators[1].levels[0].level" }!].1 = "one"
            let refused = try await web.form("/settings/scoring", cookie: admin, [("_csrf", csrf), ("_version", "1")] + bad)
            #expect(refused.status == .unprocessableContent)
            #expect(refused.text.contains("field-indicators-0--weight-error") && refused.text.contains("value=\"-2\"") && refused.text.contains("value=\"one\""))
            let saved = try await web.form("/settings/scoring", cookie: admin, [("_csrf", csrf), ("_version", "1")] + Self.modelForm(draft))
            #expect(saved.status == .seeOther, Comment(rawValue: saved.text))
            let model = try await web.send(.get, "/api/v1/scoring-model", cookie: admin)
            let threshold = try model.jsonObject()["threshold"] as? Double
            #expect(model.headers[.eTag] == "\"2\"" && threshold == 65)
            let stale = try await web.form("/settings/scoring", cookie: admin, [("_csrf", csrf), ("_version", "1")] + Self.modelForm(draft))
            #expect(stale.status == .unprocessableContent && stale.text.contains("form-error"))
        }
    }
}
