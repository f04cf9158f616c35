import Foundation
import Hummingbird
import KAMCore
import KAMHTML
import KAMStore

extension PageHandlers {
    /// The scoring model: everyone reads it, an administrator edits it (saving adds a revision;
    /// old scorecards keep theirs).
    func scoringModelPage(_ request: Request, _ context: AppContext) async throws -> Response {
        let session = try session(context)
        let model = try await store.scoring.model()
        return Pages.response(ScoringModelView.render(Catalog(context.language), model, form: ScoringModelView.values(model.draft),
                                                      canEdit: session.caller.policy.isAdministrator, session: session))
    }

    func saveScoringModelFromPage(_ request: Request, _ context: AppContext) async throws -> Response {
        let session = try session(context)
        let pairs = try await FormBody.read(request, context, csrfExpected: session.csrfToken)
        let revision = Int(FormBody.value(pairs, "_version") ?? "") ?? 0
        let input = Inputs.scoringModel(JSONValue.fromForm(ScoringModelView.filled(pairs)), fromForm: true)
        do {
            _ = try await store.scoring.saveModel(input.value, expectedRevision: revision, caller: session.caller, inputIssues: input.issues)
            return Pages.redirect(Paths.scoringModel)
        } catch {
            let t = Catalog(context.language)
            let (failed, _) = try FormState.failed(error, form: pairs, version: nil, t)
            return Pages.response(ScoringModelView.render(t, try await store.scoring.model(), form: failed, canEdit: true, session: session),
                                  status: .unprocessableContent)
        }
    }
}

enum ScoringModelView {
    /// Room for one more indicator, and one more level per indicator, in the form.
    static let spareLevels = 1

    static func values(_ draft: ScoringModelDraft) -> FormState {
        var state = FormState()
        state.values["name"] = draft.name
        state.values["threshold"] = PortfolioForm.format(draft.threshold)
        for (i, indicator) in draft.indicators.enumerated() {
            let prefix = "indicators[\(i)]."
            state.values[prefix + "key"] = indicator.key
            state.values[prefix + "name"] = indicator.name
            state.values[prefix + "description"] = indicator.description
            state.values[prefix + "weight"] = PortfolioForm.format(indicator.weight)
            state.values[prefix + "source"] = indicator.source.rawValue
            for (j, level) in indicator.levels.enumerated() {
                state.values[prefix + "levels[\(j)].level"] = String(level.level)
                state.values[prefix + "levels[\(j)].meaning"] = level.meaning
            }
        }
        return state
    }

    /// The indicator index of a field name (`indicators[3].name` → 3); the form parser keeps rows below 100.
    static func indicatorIndex(_ key: String) -> Int? {
        guard key.hasPrefix("indicators[") else { return nil }
        guard let i = Int(key.dropFirst("indicators[".count).prefix { $0.isNumber }), i < 100 else { return nil }
        return i
    }

    /// What the form sent, less its spare rows: blank fields go, and so does an indicator row
    /// whose key, name and weight are all blank (its source select always sends a value).
    static func filled(_ pairs: [(String, String)]) -> [(String, String)] {
        let values = pairs.filter { !$0.0.hasPrefix("_") && !$0.1.trimmingCharacters(in: .whitespaces).isEmpty }
        var used: Set<Int> = []
        for (key, _) in values {
            guard let i = indicatorIndex(key) else { continue }
            let field = key.dropFirst("indicators[\(i)].".count)
            if field == "key" || field == "name" || field == "weight" { used.insert(i) }
        }
        return values.filter { key, _ in indicatorIndex(key).map(used.contains) ?? true }
    }

    /// How many indicator rows and level rows the form shows: what was typed, plus room for one more.
    static func rows(_ state: FormState) -> (indicators: Int, levels: [Int]) {
        var indicators = 0
        var levels: [Int: Int] = [:]
        for key in state.values.keys {
            guard let i = indicatorIndex(key) else { continue }
            indicators = max(indicators, i + 1)
            if let range = key.range(of: "levels["), let j = Int(key[range.upperBound...].prefix { $0.isNumber }), j < 100 {
                levels[i] = max(levels[i] ?? 0, j + 1)
            }
        }
        return (indicators + 1, (0...indicators).map { (levels[$0] ?? 4) + spareLevels })
    }

    static func render(_ t: Catalog, _ model: ScoringModel, form state: FormState, canEdit: Bool, session: SignedInSession) -> HTML {
        let (indicatorRows, levelRows) = rows(state)
        return Pages.layout(t, title: t.text("scoring_model.title"), session: session) {
            h1 { t.text("scoring_model.title") }
            p(.class("muted"), .id("scoring-model-revision")) { t.text("portfolio.rules_revision", String(model.revision), model.createdBy, t.dateTime(model.createdAt)) }
            if let error = state.generalError { p(.class("form-error"), .role("alert")) { error } }
            FormFields.errors(state, "indicators")
            form(.method("post"), .action(Paths.scoringModel), .id("scoring-model-form")) {
                Pages.csrfField(session.csrfToken)
                input(.type("hidden"), .name("_version"), .value(String(model.revision)))
                FormFields.text(t, "scoring_model.name", name: "name", state: state, required: true)
                FormFields.text(t, "scoring_model.threshold", name: "threshold", state: state, type: "number", maxLength: 12)
                for i in 0..<indicatorRows {
                    let prefix = "indicators[\(i)]."
                    fieldset(.class("indicator"), .id("indicator-\(i)")) {
                        legend { state[prefix + "name"].isEmpty ? t.text("scoring_model.new_indicator") : state[prefix + "name"] }
                        FormFields.text(t, "scoring_model.key", name: prefix + "key", state: state, maxLength: 60)
                        FormFields.text(t, "scoring_model.indicator_name", name: prefix + "name", state: state)
                        FormFields.text(t, "scoring_model.weight", name: prefix + "weight", state: state, type: "number", maxLength: 12)
                        FormFields.vocabulary(t, "scoring_model.source", name: prefix + "source", state: state, IndicatorSource.self)
                        FormFields.textArea(t, "scoring_model.description", name: prefix + "description", state: state, rows: 2)
                        FormFields.errors(state, prefix + "levels")
                        table(.class("levels")) {
                            thead { tr { th(.scope("col")) { t.text("scoring.level") }; th(.scope("col")) { t.text("scoring_model.meaning") } } }
                            tbody {
                                for j in 0..<levelRows[i] {
                                    let level = prefix + "levels[\(j)]."
                                    tr {
                                        td {
                                            input(.type("number"), .name(level + "level"), .value(state[level + "level"]), .ariaLabel(t.text("scoring.level")))
                                            FormFields.errors(state, level + "level")
                                        }
                                        td {
                                            input(.type("text"), .name(level + "meaning"), .value(state[level + "meaning"]), .maxlength(200),
                                                  .ariaLabel(t.text("scoring_model.meaning")))
                                            FormFields.errors(state, level + "meaning")
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
                if canEdit { button(.type("submit"), .id("save-scoring-model")) { t.text("scoring_model.save") } }
            }
        }
    }
}
