import Foundation
import Hummingbird
import KAMCore
import KAMHTML
import KAMStore

extension PageHandlers {
    func cadencesPage(_ request: Request, _ context: AppContext) async throws -> Response {
        let session = try session(context)
        let current = try await store.documents.current(EvaluationCadences.self)
        return Pages.response(CadenceView.render(Catalog(context.language), current, form: CadenceView.values(current.document),
                                                 canEdit: session.caller.policy.isAdministrator, session: session))
    }

    func saveCadencesFromPage(_ request: Request, _ context: AppContext) async throws -> Response {
        let session = try session(context)
        let pairs = try await FormBody.read(request, context, csrfExpected: session.csrfToken)
        let revision = Int(FormBody.value(pairs, "_version") ?? "") ?? 0
        let input = Inputs.evaluationCadences(JSONValue.fromForm(pairs.filter { !$0.0.hasPrefix("_") }), fromForm: true)
        do {
            _ = try await store.documents.save(input.value, expectedRevision: revision, caller: session.caller, inputIssues: input.issues)
            return Pages.redirect(Paths.cadences)
        } catch {
            let t = Catalog(context.language)
            let (failed, _) = try FormState.failed(error, form: pairs, version: nil, t)
            let status: HTTPResponse.Status = if case StoreError.versionConflict = error { .conflict } else { .unprocessableContent }
            return Pages.response(CadenceView.render(t, try await store.documents.current(EvaluationCadences.self), form: failed,
                                                     canEdit: session.caller.policy.isAdministrator, session: session), status: status)
        }
    }
}

/// The review cadences an administrator sets: months per kind, anchored or floating, and whether
/// a class's own cadence (from the investment strategy) overrides it.
enum CadenceView {
    static func values(_ cadences: EvaluationCadences) -> FormState {
        var state = FormState()
        for (index, kind) in EvaluationKind.allCases.enumerated() {
            let cadence = cadences.cadence(kind)
            let prefix = "cadences[\(index)]."
            state.values[prefix + "kind"] = kind.rawValue
            state.values[prefix + "months"] = String(cadence.months)
            state.values[prefix + "anchoring"] = cadence.anchoring.rawValue
            state.values[prefix + "followsClass"] = cadence.followsClass ? "true" : ""
        }
        state.values["remindDaysBefore"] = String(cadences.remindDaysBefore)
        return state
    }

    static func render(_ t: Catalog, _ current: Revised<EvaluationCadences>, form state: FormState, canEdit: Bool, session: SignedInSession) -> HTML {
        Pages.layout(t, title: t.text("cadences.title"), session: session) {
            h1 { t.text("cadences.title") }
            p(.class("muted")) {
                current.revision == 0 ? t.text("cadences.standard")
                    : t.text("portfolio.rules_revision", String(current.revision), current.createdBy ?? "", current.createdAt.map { t.dateTime($0) } ?? "")
            }
            if let error = state.generalError { p(.class("form-error"), .role("alert")) { error } }
            FormFields.errors(state, "cadences")
            form(.method("post"), .action(Paths.cadences), .id("cadences-form")) {
                Pages.csrfField(session.csrfToken)
                input(.type("hidden"), .name("_version"), .value(String(current.revision)))
                table {
                    thead {
                        tr {
                            th(.scope("col")) { t.text("reviews.kind") }; th(.scope("col")) { t.text("cadences.months") }
                            th(.scope("col")) { t.text("cadences.anchoring") }; th(.scope("col")) { t.text("cadences.follows_class") }
                        }
                    }
                    tbody {
                        for (index, kind) in EvaluationKind.allCases.enumerated() {
                            let prefix = "cadences[\(index)]."
                            tr(.data("kind", kind.rawValue)) {
                                th(.scope("row")) {
                                    input(.type("hidden"), .name(prefix + "kind"), .value(kind.rawValue))
                                    t.label(kind)
                                }
                                td(.class(state.errors[prefix + "months"] != nil ? "invalid" : "")) {
                                    input(.type("number"), .name(prefix + "months"), .id(FormFields.fieldID(prefix + "months")), .value(state[prefix + "months"]),
                                          .disabled(!canEdit), .ariaLabel(t.text("cadences.months") + " · " + t.label(kind)))
                                    FormFields.errors(state, prefix + "months")
                                }
                                td {
                                    select(.name(prefix + "anchoring"), .disabled(!canEdit), .ariaLabel(t.text("cadences.anchoring") + " · " + t.label(kind))) {
                                        for anchoring in CadenceAnchoring.allCases {
                                            option(.value(anchoring.rawValue), .selected(state[prefix + "anchoring"] == anchoring.rawValue)) { t.label(anchoring) }
                                        }
                                    }
                                }
                                td {
                                    input(.type("checkbox"), .name(prefix + "followsClass"), .value("true"), .checked(state[prefix + "followsClass"] == "true"),
                                          .disabled(!canEdit), .ariaLabel(t.text("cadences.follows_class") + " · " + t.label(kind)))
                                }
                            }
                        }
                    }
                }
                FormFields.text(t, "cadences.remind_days_before", name: "remindDaysBefore", state: state, type: "number")
                if canEdit { button(.type("submit"), .id("save-cadences")) { t.text("cadences.save") } }
            }
        }
    }
}
