import Foundation
import Hummingbird
import KAMCore
import KAMHTML
import KAMStore

extension PageHandlers {
    /// The sales process: everyone reads it, administrators edit it (a spare stage, criterion and
    /// threshold row each time; blank rows are dropped).
    func salesProcessPage(_ request: Request, _ context: AppContext) async throws -> Response {
        let session = try session(context)
        let current = try await store.documents.current(SalesProcess.self)
        return Pages.response(SalesProcessView.render(Catalog(context.language), current, form: SalesProcessView.values(current.document),
                                                      canEdit: session.caller.policy.isAdministrator, session: session))
    }

    func saveSalesProcessFromPage(_ request: Request, _ context: AppContext) async throws -> Response {
        let session = try session(context)
        let pairs = try await FormBody.read(request, context, csrfExpected: session.csrfToken)
        let revision = Int(FormBody.value(pairs, "_version") ?? "") ?? 0
        var fields = FormBody.compactingRows(pairs.filter { !$0.0.hasPrefix("_") }, of: ["stages", "largeDealThresholds"])
        // Each stage's criteria are numbered within it; compact them too, stage by stage.
        let stageCount = SalesProcessView.rowCount(fields, "stages")
        fields = FormBody.compactingRows(fields, of: (0..<stageCount).map { "stages[\($0)].exitCriteria" })
        let input = Inputs.salesProcess(JSONValue.fromForm(fields), fromForm: true)
        do {
            _ = try await store.documents.save(input.value, expectedRevision: revision, caller: session.caller, inputIssues: input.issues)
            return Pages.redirect(Paths.salesProcess)
        } catch {
            let t = Catalog(context.language)
            var (failed, _) = try FormState.failed(error, form: fields, version: nil, t)
            for (field, messages) in failed.errors where field.hasSuffix(".minorUnits") {
                failed.errors[field.replacingOccurrences(of: ".minorUnits", with: ".decimal"), default: []] += messages
            }
            return Pages.response(SalesProcessView.render(t, try await store.documents.current(SalesProcess.self), form: failed, canEdit: true,
                                                          session: session), status: .unprocessableContent)
        }
    }
}

enum SalesProcessView {
    static func values(_ process: SalesProcess) -> FormState {
        var state = FormState()
        for (index, stage) in process.stages.enumerated() {
            let prefix = "stages[\(index)]."
            state.values[prefix + "key"] = stage.key
            state.values[prefix + "name"] = stage.name
            state.values[prefix + "probabilityPercent"] = String(stage.probabilityPercent)
            for (c, criterion) in stage.exitCriteria.enumerated() {
                state.values[prefix + "exitCriteria[\(c)].key"] = criterion.key
                state.values[prefix + "exitCriteria[\(c)].label"] = criterion.label
                state.values[prefix + "exitCriteria[\(c)].check"] = criterion.check.rawValue
            }
        }
        for (index, threshold) in process.largeDealThresholds.enumerated() {
            state.values["largeDealThresholds[\(index)].currency"] = threshold.currency
            state.values["largeDealThresholds[\(index)].decimal"] = threshold.decimalString
        }
        return state
    }

    static func rowCount(_ pairs: [(String, String)], _ prefix: String) -> Int { FormBody.rowCount(pairs.map(\.0), prefix) }

    static func render(_ t: Catalog, _ current: Revised<SalesProcess>, form state: FormState, canEdit: Bool, session: SignedInSession) -> HTML {
        let pairs = state.values.map { ($0.key, $0.value) }
        let stages = rowCount(pairs, "stages") + (canEdit ? 1 : 0)
        let thresholds = rowCount(pairs, "largeDealThresholds") + (canEdit ? 1 : 0)
        return Pages.layout(t, title: t.text("sales_process.title"), session: session) {
            h1 { t.text("sales_process.title") }
            p(.class("muted")) {
                current.revision == 0 ? t.text("sales_process.standard")
                    : t.text("portfolio.rules_revision", String(current.revision), current.createdBy ?? "", current.createdAt.map { t.dateTime($0) } ?? "")
            }
            p { t.text("sales_process.explain") }
            if let error = state.generalError { p(.class("form-error"), .role("alert")) { error } }
            FormFields.errors(state, "stages")
            form(.method("post"), .action(Paths.salesProcess), .id("sales-process-form")) {
                Pages.csrfField(session.csrfToken)
                input(.type("hidden"), .name("_version"), .value(String(current.revision)))
                for index in 0..<stages {
                    let prefix = "stages[\(index)]."
                    fieldset(.class("card stage-row")) {
                        legend { t.text("sales_process.stage", String(index + 1)) }
                        div(.class("grid")) {
                            FormFields.text(t, "sales_process.key", name: prefix + "key", state: state, maxLength: 60)
                            FormFields.text(t, "sales_process.name", name: prefix + "name", state: state, maxLength: 100)
                            FormFields.text(t, "sales_process.probability", name: prefix + "probabilityPercent", state: state, type: "number", maxLength: 3)
                        }
                        let criteria = rowCount(pairs, prefix + "exitCriteria") + (canEdit ? 1 : 0)
                        for c in 0..<criteria {
                            let field = prefix + "exitCriteria[\(c)]."
                            div(.class("grid")) {
                                FormFields.text(t, "sales_process.criterion_key", name: field + "key", state: state, maxLength: 60)
                                FormFields.text(t, "sales_process.criterion_label", name: field + "label", state: state)
                                // Blank on the spare row, so an untouched one counts as left out (blank reads as "ticked by the team").
                                FormFields.vocabulary(t, "sales_process.check", name: field + "check", state: state, CriterionCheck.self, blank: "—")
                            }
                        }
                    }
                }
                h2 { t.text("sales_process.thresholds") }
                p(.class("muted")) { t.text("sales_process.thresholds_explain") }
                for index in 0..<thresholds {
                    div(.class("grid")) {
                        FormFields.text(t, "sales_process.currency", name: "largeDealThresholds[\(index)].currency", state: state, maxLength: 3)
                        FormFields.text(t, "sales_process.threshold", name: "largeDealThresholds[\(index)].decimal", state: state, maxLength: 24)
                    }
                }
                if canEdit { button(.type("submit"), .id("save-sales-process")) { t.text("form.save") } }
            }
        }
    }
}
