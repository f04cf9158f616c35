import Foundation
import Hummingbird
import KAMCore
import KAMHTML
import KAMStore

struct PursuitPageModel: Sendable {
    var opportunity: Opportunity
    var pursuit: Pursuit
    var process: SalesProcess
    var users: [(id: UserID, name: String)]
    var canEdit: Bool
    /// Only the form that failed carries what was typed and its messages.
    var forms: [OpportunityPursuitView.Form: FormState]
}

extension PageHandlers {
    func moveOpportunityStage(_ request: Request, _ context: AppContext) async throws -> Response {
        let session = try session(context)
        let id = try APISupport.id(context)
        let pairs = try await FormBody.read(request, context, csrfExpected: session.csrfToken)
        let version = Int(FormBody.value(pairs, "_version") ?? "") ?? 0
        do {
            var draft = try await store.opportunities.get(id, caller: session.caller).opportunity.draft
            draft.stage = OpportunityStage(rawValue: FormBody.value(pairs, "stage") ?? draft.stage.rawValue)
            _ = try await store.opportunities.update(id, draft, expectedVersion: version, caller: session.caller,
                                                     stageReason: FormBody.value(pairs, "stageReason"))
            return Pages.redirect(Paths.opportunity(id) + "#stage")
        } catch {
            var (failed, _) = try FormState.failed(error, form: pairs, version: version, Catalog(context.language))
            // The stage form shows the stage and the reason; other fields' problems (an owner since deactivated) are said above it.
            let elsewhere = failed.errors.filter { !["stage", "stageReason"].contains($0.key) }.values.flatMap { $0 }
            if !elsewhere.isEmpty { failed.generalError = ([failed.generalError].compactMap { $0 } + elsewhere).joined(separator: " ") }
            return try await renderOpportunity(id, session: session, context: context, pursuitForm: (.stage, failed), status: .unprocessableContent)
        }
    }

    func savePursuitFromPage(_ request: Request, _ context: AppContext) async throws -> Response {
        let session = try session(context)
        let id = try APISupport.id(context)
        let pairs = try await FormBody.read(request, context, csrfExpected: session.csrfToken)
        let version = Int(FormBody.value(pairs, "_version") ?? "") ?? 0
        let fields = FormBody.compactingRows(FormBody.joined(pairs.filter { !$0.0.hasPrefix("_") }), of: ["competitors", "closePlan"])
        do {
            let input = Inputs.pursuit(JSONValue.fromForm(fields), fromForm: true)
            _ = try await store.opportunities.savePursuit(id, input.value, expectedVersion: version, caller: session.caller, inputIssues: input.issues)
            return Pages.redirect(Paths.opportunity(id) + "#pursuit")
        } catch {
            let (failed, _) = try FormState.failed(error, form: fields, version: version, Catalog(context.language))
            return try await renderOpportunity(id, session: session, context: context, pursuitForm: (.pursuit, failed), status: .unprocessableContent)
        }
    }

    func pursuitModel(_ opportunity: Opportunity, canEdit: Bool, session: SignedInSession,
                      failed: (OpportunityPursuitView.Form, FormState)?) async throws -> PursuitPageModel {
        let pursuit = try await store.opportunities.pursuit(opportunity.id, caller: session.caller)
        var forms: [OpportunityPursuitView.Form: FormState] = [
            .stage: FormState(values: ["stage": opportunity.stage.rawValue]),
            .pursuit: OpportunityPursuitView.values(pursuit),
        ]
        if let (form, state) = failed { forms[form] = state }
        // Active users, and whoever owns a step already (deactivated or not), so saving the form keeps the step's owner.
        let owners = Set(pursuit.closePlan.compactMap(\.ownerID))
        return PursuitPageModel(opportunity: opportunity, pursuit: pursuit, process: try await store.documents.current(SalesProcess.self).document,
                                users: try await store.users.all().filter { $0.active || owners.contains($0.id) }.map { ($0.id, $0.displayName) },
                                canEdit: canEdit && session.caller.policy.mayEditAnything, forms: forms)
    }
}

enum OpportunityPursuitView {
    enum Form: String, Sendable { case stage, pursuit }

    static func values(_ p: Pursuit) -> FormState {
        var state = FormState()
        state.values["metCriteria"] = p.criteria.filter { $0.met && $0.check == .manual }.map { "\($0.stageKey).\($0.criterionKey)" }.joined(separator: ",")
        for (index, competitor) in p.competitors.enumerated() {
            state.values["competitors[\(index)].name"] = competitor.name
            state.values["competitors[\(index)].strengths"] = competitor.strengths ?? ""
            state.values["competitors[\(index)].note"] = competitor.note ?? ""
        }
        for (index, step) in p.closePlan.enumerated() {
            state.values["closePlan[\(index)].title"] = step.title
            state.values["closePlan[\(index)].dueOn"] = step.dueOn.description
            state.values["closePlan[\(index)].ownerID"] = step.ownerID.map(String.init) ?? ""
            state.values["closePlan[\(index)].doneOn"] = step.doneOn?.description ?? ""
        }
        return state
    }

    static func render(_ t: Catalog, _ m: PursuitPageModel, csrf: String) -> HTML {
        HTML {
            stage(t, m, csrf: csrf)
            if m.pursuit.track == .staged { pursuit(t, m, csrf: csrf) }
        }
    }

    static func stage(_ t: Catalog, _ m: PursuitPageModel, csrf: String) -> HTML {
        section(.id(Form.stage.rawValue)) {
            h2 { t.text("pursuit.stage_title") }
            let state = m.forms[.stage] ?? FormState()
            if let error = state.generalError { p(.class("form-error"), .role("alert")) { error } }
            if m.canEdit {
                form(.method("post"), .action(Paths.opportunityStage(m.opportunity.id)), .class("card"), .id("stage-form")) {
                    Pages.csrfField(csrf)
                    input(.type("hidden"), .name("_version"), .value(String(m.opportunity.version)))
                    FormFields.select(t, "opportunity.stage", name: "stage", state: state,
                                      choices: m.process.allStages.map { ($0.rawValue, t.stageName($0, process: m.process)) })
                    FormFields.textArea(t, "pursuit.stage_reason", name: "stageReason", state: state, rows: 2)
                    button(.type("submit"), .id("move-stage")) { t.text("pursuit.move") }
                }
            }
            if !m.pursuit.moves.isEmpty {
                table(.id("stage-moves")) {
                    thead { tr { th(.scope("col")) { t.text("pursuit.when") }; th(.scope("col")) { t.text("pursuit.move_col") }
                                 th(.scope("col")) { t.text("pursuit.reason") }; th(.scope("col")) { t.text("pursuit.by") } } }
                    tbody {
                        for move in m.pursuit.moves {
                            tr {
                                td { t.dateTime(move.at) }
                                td { move.from.map { t.stageName($0, process: m.process) } ?? "—"; " → "; t.stageName(move.to, process: m.process) }
                                td {
                                    move.reason ?? ""
                                    if !move.skipped.isEmpty { " "; span(.class("badge warn")) { t.text("pursuit.skipped", String(move.skipped.count)) } }
                                }
                                td { move.by }
                            }
                        }
                    }
                }
            }
        }
    }

    static func pursuit(_ t: Catalog, _ m: PursuitPageModel, csrf: String) -> HTML {
        let state = m.forms[.pursuit] ?? FormState()
        let ticked = Set(state["metCriteria"].split(separator: ",").map(String.init))
        let userChoices = m.users.map { (String($0.id), $0.name) }
        return section(.id(Form.pursuit.rawValue)) {
            h2 { t.text("pursuit.title") }
            if let error = state.generalError { p(.class("form-error"), .role("alert")) { error } }
            FormFields.errors(state, "metCriteria")
            form(.method("post"), .action(Paths.opportunityPursuit(m.opportunity.id)), .id("pursuit-form")) {
                Pages.csrfField(csrf)
                input(.type("hidden"), .name("_version"), .value(String(m.opportunity.version)))
                for stage in m.process.stages where !stage.exitCriteria.isEmpty {
                    fieldset(.class("criteria")) {
                        legend { t.stageName(stage.stage, process: m.process); " · "; t.text("pursuit.exit_criteria") }
                        ul(.class("checklist")) {
                            for criterion in stage.exitCriteria {
                                let reference = "\(stage.key).\(criterion.key)"
                                let met = m.pursuit.criteria.first { $0.stageKey == stage.key && $0.criterionKey == criterion.key }?.met ?? false
                                li(.class(met ? "met" : "unmet")) {
                                    if criterion.check == .manual {
                                        label {
                                            input(.type("checkbox"), .name("metCriteria"), .value(reference), .checked(ticked.contains(reference)),
                                                  .disabled(!m.canEdit))
                                            " "; criterion.label
                                        }
                                    } else {
                                        span(.class(met ? "badge ok" : "badge")) { met ? "✓" : "—" }; " "; criterion.label; " "
                                        span(.class("muted")) { t.label(criterion.check) }
                                    }
                                }
                            }
                        }
                    }
                }
                h3 { t.text("pursuit.competitors") }
                table(.id("competitors")) {
                    thead { tr { th(.scope("col")) { t.text("pursuit.competitor") }; th(.scope("col")) { t.text("pursuit.strengths") }
                                 th(.scope("col")) { t.text("strengthening.note") } } }
                    tbody {
                        for index in 0..<(rowCount(state, "competitors") + (m.canEdit ? 1 : 0)) {
                            tr {
                                td { FormFields.text(t, "pursuit.competitor", name: "competitors[\(index)].name", state: state) }
                                td { FormFields.text(t, "pursuit.strengths", name: "competitors[\(index)].strengths", state: state, maxLength: 2000) }
                                td { FormFields.text(t, "strengthening.note", name: "competitors[\(index)].note", state: state, maxLength: 2000) }
                            }
                        }
                    }
                }
                h3 { t.text("pursuit.close_plan") }
                table(.id("close-plan")) {
                    thead {
                        tr { th(.scope("col")) { t.text("pursuit.step") }; th(.scope("col")) { t.text("pursuit.due") }
                             th(.scope("col")) { t.text("pursuit.owner") }; th(.scope("col")) { t.text("pursuit.done") } }
                    }
                    tbody {
                        for index in 0..<(rowCount(state, "closePlan") + (m.canEdit ? 1 : 0)) {
                            tr {
                                td { FormFields.text(t, "pursuit.step", name: "closePlan[\(index)].title", state: state) }
                                td { FormFields.text(t, "pursuit.due", name: "closePlan[\(index)].dueOn", state: state, type: "date", maxLength: 10) }
                                td { FormFields.select(t, "pursuit.owner", name: "closePlan[\(index)].ownerID", state: state, choices: userChoices, blank: "—") }
                                td { FormFields.text(t, "pursuit.done", name: "closePlan[\(index)].doneOn", state: state, type: "date", maxLength: 10) }
                            }
                        }
                    }
                }
                if m.canEdit { button(.type("submit"), .id("save-pursuit")) { t.text("pursuit.save") } }
            }
        }
    }

    static func rowCount(_ state: FormState, _ prefix: String) -> Int { FormBody.rowCount(state.values.keys, prefix) }
}
