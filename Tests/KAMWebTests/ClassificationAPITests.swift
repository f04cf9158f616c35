import Foundation
import HTTPTypes
import KAMCore
import KAMTestSupport
import KAMWeb
import Testing

@Suite("ABCD classification: rules, preview, apply and the moves it makes")
struct ClassificationAPITests {
    /// Five key accounts with revenue 1,000…5,000 yen and margins chosen so that, with the top 40 %
    /// high on each axis, each class is reached: P4 A, P5 B, P1 C, P2 and P3 D.
    static let margins = [400, 100, 50, 300, 200]

    static func rules(potentialShare: Double = 0.4) -> [String: Any] {
        ["contribution": ["inputs": [["input": "revenue_12m", "weight": 1]], "threshold": ["kind": "top_share", "value": 0.4]],
         "potential": ["inputs": [["input": "margin_12m", "weight": 1]], "threshold": ["kind": "top_share", "value": potentialShare]]]
    }

    /// Moves an account to the status given through the API, with the version it has.
    static func move(_ web: WebHarness, _ cookie: String, _ id: Int64, _ field: String, to: String) async throws {
        let account = try await web.send(.get, "/api/v1/accounts/\(id)", cookie: cookie)
        let version = try account.jsonObject()["version"] as? Int ?? 0
        let moved = try await web.send(.post, "/api/v1/accounts/\(id)/moves", cookie: cookie, json: ["field": field, "to": to, "reason": "test"],
                                       headers: [.ifMatch: "\"\(version)\""])
        #expect(moved.status == .ok, Comment(rawValue: moved.text))
    }

    /// P1…P4 are the salesperson's, P5 another salesperson's; all key accounts with one purchase each.
    static func portfolio(_ web: WebHarness, _ admin: String) async throws -> [Int64] {
        let c = web.company
        let product = try await PurchaseAPITests.catalogue(web, admin)
        var ids: [Int64] = []
        for index in 0..<5 {
            let account = try await c.account("P\(index + 1)", owner: index == 4 ? c.otherSales : c.sales)
            let day = web.store.today().adding(days: -30).description
            #expect(try await web.send(.post, "/api/v1/transactions", cookie: admin, json: PurchaseAPITests.transaction(
                account.id, product, day, "P-\(index)", amount: 1_000 * (index + 1), margin: margins[index], currency: "JPY")).status == .created)
            try await move(web, admin, account.id, "status", to: "qualified")
            ids.append(account.id)
        }
        return ids
    }

    /// An account that is not a key account: never classified.
    static func portfolioOutsider(_ web: WebHarness, _ admin: String) async throws -> Int64 {
        try await web.company.account("Outsider", owner: web.company.sales).id
    }

    static func classes(_ run: [String: Any]) -> [Int64: String] {
        var out: [Int64: String] = [:]
        for entry in run["accounts"] as? [[String: Any]] ?? [] {
            out[Int64(entry["accountID"] as? Int ?? 0)] = (entry["placement"] as? [String: Any])?["accountClass"] as? String
        }
        return out
    }

    @Test(arguments: TestEngine.allCases)
    func rulesPreviewAndApplyMoveEachAccountWithItsReason(_ engine: TestEngine) async throws {
        try await WebHarness.run(engine) { web in
            let admin = try await web.signIn(web.company.admin)
            let sales = try await web.signIn(web.company.sales)
            let ids = try await Self.portfolio(web, admin)

            // The standard rules until someone saves; only administrators save, broken rules are named field by field.
            let standard = try await web.send(.get, "/api/v1/classification/rules", cookie: sales)
            #expect(standard.status == .ok && standard.headers[.eTag] == "\"0\"")
            #expect(try await web.send(.put, "/api/v1/classification/rules", cookie: sales, json: Self.rules(),
                                       headers: [.ifMatch: "\"0\""]).status == .forbidden)
            let broken = try await web.send(.put, "/api/v1/classification/rules", cookie: admin, json: [
                "contribution": ["inputs": [["input": "revenue_12m", "weight": -1]], "threshold": ["kind": "top_share", "value": 1.5]],
                "potential": ["inputs": [["input": "margin_12m", "weight": 0], ["input": "nonsense", "weight": 1]],
                              "threshold": ["kind": "absolute", "value": 50]]], headers: [.ifMatch: "\"0\""])
            #expect(broken.status == .unprocessableContent)
            #expect(try broken.problemFields() == ["contribution.inputs[0].weight", "contribution.threshold", "potential.inputs",
                                                   "potential.inputs[1].input"])
            let saved = try await web.send(.put, "/api/v1/classification/rules", cookie: admin, json: Self.rules(), headers: [.ifMatch: "\"0\""])
            #expect(saved.status == .ok && saved.headers[.eTag] == "\"1\"", Comment(rawValue: saved.text))
            #expect(try await web.send(.put, "/api/v1/classification/rules", cookie: admin, json: Self.rules(),
                                       headers: [.ifMatch: "\"0\""]).status == .preconditionFailed)

            // The salesperson's preview: their four accounts placed, the fifth counted but not shown; nothing stored.
            let preview = try await web.send(.post, "/api/v1/classification/preview", cookie: sales, json: [:])
            #expect(preview.status == .ok, Comment(rawValue: preview.text))
            let seen = try preview.jsonObject()
            #expect(seen["portfolioSize"] as? Int == 5 && seen["hiddenAccounts"] as? Int == 1 && seen["applied"] as? Bool == false)
            #expect(Self.classes(seen) == [ids[0]: "C", ids[1]: "D", ids[2]: "D", ids[3]: "A"])
            #expect(try await web.send(.get, "/api/v1/accounts/\(ids[3])", cookie: admin).jsonObject()["accountClass"] == nil)

            // Applying: administrators only, with a reason; every account moves and says why.
            #expect(try await web.send(.post, "/api/v1/classification/apply", cookie: sales, json: ["reason": "Q4"]).status == .forbidden)
            #expect(try await web.send(.post, "/api/v1/classification/apply", cookie: admin, json: [:]).problemFields() == ["reason"])
            let applied = try await web.send(.post, "/api/v1/classification/apply", cookie: admin, json: ["reason": "Q4 review"])
            #expect(applied.status == .ok, Comment(rawValue: applied.text))
            #expect(Self.classes(try applied.jsonObject()) == [ids[0]: "C", ids[1]: "D", ids[2]: "D", ids[3]: "A", ids[4]: "B"])
            #expect(try await web.send(.get, "/api/v1/accounts/\(ids[3])", cookie: sales).jsonObject()["accountClass"] as? String == "A")
            let moves = try await web.send(.get, "/api/v1/accounts/\(ids[3])/moves", cookie: sales).jsonObject()["items"] as? [[String: Any]] ?? []
            #expect(moves.contains { $0["field"] as? String == "class" && $0["from"] as? String == "" && $0["to"] as? String == "A"
                && $0["reason"] as? String == "Q4 review" })

            // Explained per input: P4's revenue (4,000) is above 3 of the 4 others.
            let placement = try await web.send(.get, "/api/v1/accounts/\(ids[3])/classification", cookie: sales).jsonObject()
            let part = ((placement["placement"] as? [String: Any])?["contributionParts"] as? [[String: Any]])?.first ?? [:]
            #expect(part["input"] as? String == "revenue_12m" && part["value"] as? Double == 4_000 && part["percentile"] as? Double == 75)
            #expect(placement["rulesRevision"] as? Int == 1)
            #expect(try await web.send(.get, "/api/v1/accounts/\(ids[4])/classification", cookie: sales).status == .notFound)
            let never = try await Self.portfolioOutsider(web, admin)
            #expect(try await web.send(.get, "/api/v1/accounts/\(never)/classification", cookie: admin).jsonObject()["placement"] == nil)

            // The same rules again move nobody; a tighter potential would move P4 down to B, previewed only.
            let again = try await web.send(.post, "/api/v1/classification/apply", cookie: admin, json: ["reason": "again"]).jsonObject()
            #expect((again["accounts"] as? [[String: Any]] ?? []).allSatisfy { ($0["currentClass"] as? String) == ($0["placement"] as? [String: Any])?["accountClass"] as? String })
            let tighter = try await web.send(.post, "/api/v1/classification/preview", cookie: admin, json: Self.rules(potentialShare: 0.2)).jsonObject()
            #expect(Self.classes(tighter)[ids[3]] == "B" && tighter["rulesRevision"] == nil)
            #expect(try await web.send(.get, "/api/v1/accounts/\(ids[3])", cookie: sales).jsonObject()["accountClass"] as? String == "A")

            // Applying needs the rules it was shown (If-Match, optional); look-alike inputs are an administrator's to preview.
            #expect(try await web.send(.post, "/api/v1/classification/apply", cookie: admin, json: ["reason": "stale"],
                                       headers: [.ifMatch: "\"0\""]).status == .preconditionFailed)
            var costly = Self.rules()
            costly["potential"] = ["inputs": [["input": "look_alike_value", "weight": 1]], "threshold": ["kind": "top_share", "value": 0.4]]
            #expect(try await web.send(.post, "/api/v1/classification/preview", cookie: sales, json: costly).status == .forbidden)
            #expect(try await web.send(.post, "/api/v1/classification/preview", cookie: admin, json: costly).status == .ok)

            // An account that stops being a key account loses its class at the next classification, as a move.
            try await Self.move(web, admin, ids[2], "status", to: "disqualified")
            let leaving = try await web.send(.post, "/api/v1/classification/preview", cookie: admin, json: [:]).jsonObject()["leaving"] as? [[String: Any]] ?? []
            #expect(leaving.map { Int64($0["accountID"] as? Int ?? 0) } == [ids[2]] && leaving.first?["currentClass"] as? String == "D")
            #expect(try await web.send(.post, "/api/v1/classification/apply", cookie: admin, json: ["reason": "requalified"],
                                       headers: [.ifMatch: "\"1\""]).status == .ok)
            #expect(try await web.send(.get, "/api/v1/accounts/\(ids[2])", cookie: admin).jsonObject()["accountClass"] == nil)
            let removed = try await web.send(.get, "/api/v1/accounts/\(ids[2])/moves", cookie: admin).jsonObject()["items"] as? [[String: Any]] ?? []
            #expect(removed.first?["field"] as? String == "class" && removed.first?["from"] as? String == "D" && removed.first?["to"] as? String == "")
            #expect(try await web.send(.get, "/api/v1/accounts/\(ids[2])/classification", cookie: admin).jsonObject()["placement"] == nil)

            // The list filters by class; a manual move to another class is a move like any other.
            let listed = try await web.send(.get, "/api/v1/accounts?class=A", cookie: admin).jsonObject()["items"] as? [[String: Any]] ?? []
            #expect(listed.map { Int64($0["id"] as? Int ?? 0) } == [ids[3]])
            try await Self.move(web, admin, ids[1], "class", to: "C")
            #expect(try await web.send(.get, "/api/v1/accounts/\(ids[1])", cookie: admin).jsonObject()["accountClass"] as? String == "C")
            #expect(try await web.send(.get, "/api/v1/accounts?class=Z", cookie: admin).problemFields() == ["class"])
        }
    }

    @Test(arguments: TestEngine.allCases)
    func thePortfolioPagePreviewsAThresholdAndAppliesIt(_ engine: TestEngine) async throws {
        try await WebHarness.run(engine) { web in
            let admin = try await web.signIn(web.company.admin)
            let ids = try await Self.portfolio(web, admin)
            #expect(try await web.send(.put, "/api/v1/classification/rules", cookie: admin, json: Self.rules(), headers: [.ifMatch: "\"0\""]).status == .ok)
            #expect(try await web.send(.post, "/api/v1/classification/apply", cookie: admin, json: ["reason": "first"]).status == .ok)
            let page = try await web.send(.get, "/portfolio", cookie: admin)
            #expect(page.status == .ok && page.text.contains("id=\"dot-\(ids[3])\"") && !page.text.contains("id=\"portfolio-moves\""))

            // The form's rules with a tighter potential: P4 would move from A to B.
            var query = PortfolioQuery.standard
            query["potential.threshold.value"] = "20"
            let preview = try await web.send(.get, "/portfolio?" + PortfolioQuery.encode(query), cookie: admin)
            #expect(preview.status == .ok)
            let moves = preview.text.components(separatedBy: "id=\"portfolio-moves\"").last ?? ""
            #expect(moves.contains("/accounts/\(ids[3])\"") && moves.components(separatedBy: "class=\"move\"").count == 2)
            // A threshold out of range is named at its field and the typed value kept.
            query["potential.threshold.value"] = "150"
            let bad = try await web.send(.get, "/portfolio?" + PortfolioQuery.encode(query), cookie: admin)
            #expect(bad.status == .unprocessableContent && bad.text.contains("field-potential-threshold-value-error") && bad.text.contains("value=\"150\""))

            // Saving from the page: a reason is required; then the rules are revision 2 and P4 is B.
            query["potential.threshold.value"] = "20"
            let csrf = try await web.csrf(admin)
            let missing = try await web.form("/portfolio", cookie: admin, [("_csrf", csrf), ("_version", "1")] + query.sorted { $0.key < $1.key })
            #expect(missing.status == .unprocessableContent && missing.text.contains("field-reason-error"))
            let done = try await web.form("/portfolio", cookie: admin,
                                          [("_csrf", csrf), ("_version", "1"), ("reason", "tighter")] + query.sorted { $0.key < $1.key })
            #expect(done.status == .seeOther && done.headers[.location] == "/portfolio?applied=1")
            #expect(try await web.send(.get, "/api/v1/classification/rules", cookie: admin).headers[.eTag] == "\"2\"")
            #expect(try await web.send(.get, "/api/v1/accounts/\(ids[3])", cookie: admin).jsonObject()["accountClass"] as? String == "B")
        }
    }
}

/// The portfolio form's fields for `ClassificationAPITests.rules()` (top shares in percent).
enum PortfolioQuery {
    static var standard: [String: String] {
        var fields: [String: String] = [:]
        for axis in ["contribution", "potential"] {
            for input in ClassificationInput.allCases { fields["\(axis).weight.\(input.rawValue)"] = "0" }
            fields["\(axis).threshold.kind"] = "top_share"
            fields["\(axis).threshold.value"] = "40"
        }
        fields["contribution.weight.revenue_12m"] = "1"
        fields["potential.weight.margin_12m"] = "1"
        return fields
    }

    static func encode(_ fields: [String: String]) -> String {
        fields.sorted { $0.key < $1.key }.map { key, value in
            "\(key.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? key)=\(value.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? value)"
        }.joined(separator: "&")
    }
}
