import Foundation
import Hummingbird
import KAMCore
import KAMHTML
import KAMStore

struct ScorecardPageModel: Sendable {
    var accountID: AccountID
    var accountName: String
    var model: ScoringModel
    var scores: [AccountScore]
    var canScore: Bool
    var form: FormState
}

extension PageHandlers {
    func scorecardPage(_ request: Request, _ context: AppContext) async throws -> Response {
        let session = try session(context)
        return Pages.response(try await renderScorecard(try APISupport.id(context), form: nil, session: session, context: context))
    }

    /// The form's entered levels (`level.KEY`) and note; a failure shows the page again with what was chosen.
    func scoreAccountFromPage(_ request: Request, _ context: AppContext) async throws -> Response {
        let session = try session(context)
        let id = try APISupport.id(context)
        let form = try await FormBody.read(request, context, csrfExpected: session.csrfToken)
        var levels: [String: Int] = [:]
        var issues: [FieldIssue] = []
        for (key, value) in form where key.hasPrefix("level.") && !value.isEmpty {
            let indicator = String(key.dropFirst("level.".count))
            if let level = Int(value) { levels[indicator] = level } else { issues.append(FieldIssue(field: "levels.\(indicator)", code: "expected_integer")) }
        }
        let note = FormBody.value(form, "note").flatMap { $0.isEmpty ? nil : $0 }
        do {
            _ = try await store.scoring.score(id, entered: levels, note: note, caller: session.caller, inputIssues: issues)
            return Pages.redirect(Paths.scorecard(id))
        } catch {
            var failed = try FormState.failed(error, form: form, version: nil, Catalog(context.language)).state
            // The store names levels as `levels.KEY`, the form's fields are `level.KEY`.
            for (field, messages) in failed.errors where field.hasPrefix("levels.") {
                failed.errors["level." + field.dropFirst("levels.".count)] = messages
            }
            return Pages.response(try await renderScorecard(id, form: failed, session: session, context: context), status: .unprocessableContent)
        }
    }

    /// Re-scores the accounts ticked in the list and shows each one's new result.
    func rescoreFromList(_ request: Request, _ context: AppContext) async throws -> Response {
        let session = try session(context)
        let form = try await FormBody.read(request, context, csrfExpected: session.csrfToken)
        let ids = form.filter { $0.0 == "account" }.compactMap { Int64($0.1) }
        guard !ids.isEmpty else { return Pages.redirect(Paths.accounts) }
        let scores = try await store.scoring.rescore(ids, caller: session.caller)
        var names: [AccountID: String] = [:]
        for score in scores { names[score.accountID] = try await store.accounts.get(score.accountID, caller: session.caller).name }
        return Pages.response(RescoreView.render(Catalog(context.language), scores, names: names, session: session))
    }

    func renderScorecard(_ id: AccountID, form: FormState?, session: SignedInSession, context: AppContext) async throws -> HTML {
        let account = try await store.accounts.get(id, caller: session.caller)
        let scores = try await store.scoring.scores(of: id, caller: session.caller)
        var state = form ?? FormState()
        if form == nil, let latest = scores.first {
            for (key, level) in latest.entered { state.values["level.\(key)"] = String(level) }
        }
        let model = ScorecardPageModel(accountID: id, accountName: account.name, model: try await store.scoring.model(), scores: scores,
                                       canScore: session.caller.policy.mayEditAnything && session.caller.policy.canEdit(account), form: state)
        return ScorecardView.render(Catalog(context.language), model, session: session)
    }
}

enum ScorecardView {
    static func render(_ t: Catalog, _ m: ScorecardPageModel, session: SignedInSession) -> HTML {
        Pages.layout(t, title: t.text("scoring.title", m.accountName), session: session) {
            h1 { t.text("scoring.title", m.accountName) }
            p { a(.href(Paths.account(m.accountID))) { t.text("purchases.back") } }
            if let latest = m.scores.first {
                card(t, latest)
            } else {
                p(.class("muted"), .id("scorecard-none")) { t.text("scoring.none") }
            }
            if m.canScore { scoreForm(t, m, csrf: session.csrfToken) }
            if m.scores.count > 1 { history(t, m.scores) }
        }
    }

    static func card(_ t: Catalog, _ score: AccountScore) -> HTML {
        let card = score.scorecard
        return section(.id("scorecard")) {
            h2 { t.text("scoring.latest") }
            p(.id("scorecard-total"), .class(card.qualifies ? "qualifies" : "below")) {
                t.text(card.qualifies ? "scoring.qualifies" : card.complete ? "scoring.below" : "scoring.incomplete",
                       t.decimal(card.total), t.decimal(card.threshold))
            }
            p(.class("muted")) { t.text("scoring.scored_by", score.scoredBy, t.dateTime(score.scoredAt), String(card.revision)) }
            if let note = score.note { p(.id("scorecard-note")) { note } }
            table(.id("scorecard-lines")) {
                thead {
                    tr {
                        th(.scope("col")) { t.text("scoring.indicator") }; th(.scope("col")) { t.text("scoring.level") }
                        th(.scope("col")) { t.text("scoring.weight") }; th(.scope("col")) { t.text("scoring.points") }
                    }
                }
                tbody {
                    for line in card.lines {
                        tr(.class(line.level == nil ? "flagged" : "")) {
                            td { line.name; if line.source != .entered { span(.class("muted")) { " · " + t.label(line.source) } } }
                            td { line.level.map { "\($0) / \(line.highest)" + (line.meaning.map { " — " + $0 } ?? "") } ?? t.text("scoring.missing") }
                            td { t.percent(line.share) }
                            td { t.decimal(line.points) }
                        }
                    }
                }
            }
        }
    }

    static func scoreForm(_ t: Catalog, _ m: ScorecardPageModel, csrf: String) -> HTML {
        section(.id("score-form")) {
            h2 { t.text("scoring.score_now", String(m.model.revision)) }
            form(.method("post"), .action(Paths.scorecard(m.accountID))) {
                Pages.csrfField(csrf)
                for indicator in m.model.indicators where indicator.source == .entered {
                    FormFields.select(t, "", name: "level.\(indicator.key)", state: m.form,
                                      choices: indicator.levels.map { (String($0.level), "\($0.level) — \($0.meaning)") },
                                      blank: t.text("scoring.not_scored"), rawLabel: indicator.name)
                    if !indicator.description.isEmpty { p(.class("muted")) { indicator.description } }
                }
                for indicator in m.model.indicators where indicator.source != .entered {
                    p(.class("muted")) { indicator.name + ": " + t.label(indicator.source) }
                }
                FormFields.textArea(t, "scoring.note", name: "note", state: m.form, rows: 2)
                button(.type("submit"), .id("score-submit")) { t.text("scoring.save") }
            }
        }
    }

    static func history(_ t: Catalog, _ scores: [AccountScore]) -> HTML {
        section(.id("score-history")) {
            h2 { t.text("scoring.history") }
            table {
                thead {
                    tr {
                        th(.scope("col")) { t.text("scoring.when") }; th(.scope("col")) { t.text("scoring.revision") }
                        th(.scope("col")) { t.text("scoring.total") }; th(.scope("col")) { t.text("scoring.result") }
                    }
                }
                tbody {
                    for score in scores {
                        tr {
                            td { t.dateTime(score.scoredAt) + " · " + score.scoredBy }; td { String(score.scorecard.revision) }
                            td { t.decimal(score.scorecard.total) + " / " + t.decimal(score.scorecard.threshold) }
                            td { t.text(score.scorecard.qualifies ? "scoring.result_qualifies" : "scoring.result_not") }
                        }
                    }
                }
            }
        }
    }
}

enum RescoreView {
    static func render(_ t: Catalog, _ scores: [AccountScore], names: [AccountID: String], session: SignedInSession) -> HTML {
        Pages.layout(t, title: t.text("scoring.rescored", String(scores.count)), session: session) {
            h1 { t.text("scoring.rescored", String(scores.count)) }
            table(.id("rescored")) {
                thead {
                    tr {
                        th(.scope("col")) { t.text("accounts.name") }; th(.scope("col")) { t.text("scoring.total") }
                        th(.scope("col")) { t.text("scoring.result") }
                    }
                }
                tbody {
                    for score in scores {
                        tr {
                            td { a(.href(Paths.scorecard(score.accountID))) { names[score.accountID] ?? "#\(score.accountID)" } }
                            td { t.decimal(score.scorecard.total) + " / " + t.decimal(score.scorecard.threshold) }
                            td {
                                t.text(score.scorecard.qualifies ? "scoring.result_qualifies"
                                       : score.scorecard.complete ? "scoring.result_not" : "scoring.result_incomplete")
                            }
                        }
                    }
                }
            }
            p { a(.href(Paths.accounts)) { t.text("scoring.back_to_list") } }
        }
    }
}
