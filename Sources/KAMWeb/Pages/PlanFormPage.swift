import Foundation
import Hummingbird
import KAMCore
import KAMHTML
import KAMStore

extension PageHandlers {
    func planEditPage(_ request: Request, _ context: AppContext) async throws -> Response {
        let session = try session(context)
        let view = try await store.plans.get(try APISupport.id(context), caller: session.caller)
        guard view.canEdit else { throw StoreError.forbidden }
        return Pages.response(PlanForm.render(Catalog(context.language), view, state: PlanForm.values(view.plan.draft), version: view.plan.version,
                                              names: try await planNames(view.plan), session: session))
    }

    func savePlanFromPage(_ request: Request, _ context: AppContext) async throws -> Response {
        let session = try session(context)
        let id = try APISupport.id(context)
        let raw = try await FormBody.read(request, context, csrfExpected: session.csrfToken)
        let version = Int(FormBody.value(raw, "_version") ?? "") ?? 0
        let plan = try await store.plans.get(id, caller: session.caller)
        var pairs = FormBody.compactingRows(raw.filter { !$0.0.hasPrefix("_") }, of: ["priorities", "relationships", "targets", "objectives"])
        let objectives = SalesProcessView.rowCount(pairs, "objectives")
        pairs = FormBody.compactingRows(pairs, of: (0..<objectives).map { "objectives[\($0)].actions" })
        pairs = try await PlanForm.completed(pairs, portraits: try await store.plans.portraits(of: plan.plan.accountID, caller: session.caller))
        do {
            let input = Inputs.plan(JSONValue.fromForm(pairs), fromForm: true)
            _ = try await store.plans.update(id, input.value, expectedVersion: version, caller: session.caller, inputIssues: input.issues)
            return Pages.redirect(Paths.plan(id))
        } catch {
            let t = Catalog(context.language)
            var (failed, failedVersion) = try FormState.failed(error, form: pairs, version: version, t)
            for (field, messages) in failed.errors where field.hasSuffix(".minorUnits") {
                failed.errors[field.replacingOccurrences(of: ".minorUnits", with: ".decimal"), default: []] += messages
            }
            return Pages.response(PlanForm.render(t, plan, state: failed, version: failedVersion ?? version, names: try await planNames(plan.plan),
                                                  session: session), status: .unprocessableContent)
        }
    }
}

enum PlanForm {
    static func values(_ d: AccountPlanDraft) -> FormState {
        var v: [String: String] = ["title": d.title, "periodStart": d.periodStart.description, "periodEnd": d.periodEnd.description,
                                   "situation.industryTrends": d.situation.industryTrends, "situation.customerSituation": d.situation.customerSituation,
                                   "situation.strengths": d.situation.strengths.joined(separator: "\n"),
                                   "situation.weaknesses": d.situation.weaknesses.joined(separator: "\n"),
                                   "situation.opportunities": d.situation.opportunities.joined(separator: "\n"),
                                   "situation.threats": d.situation.threats.joined(separator: "\n"), "buyingUnits": d.buyingUnits.joined(separator: "\n")]
        for (i, p) in d.priorities.enumerated() { v["priorities[\(i)].goal"] = p.goal; v["priorities[\(i)].initiative"] = p.initiative ?? "" }
        for (i, r) in d.relationships.enumerated() {
            let f = "relationships[\(i)]."
            v[f + "personID"] = String(r.personID); v[f + "actions"] = r.actions ?? ""
            for (part, portrait) in [("current", r.current), ("target", r.target)] {
                v[f + part + ".closeness"] = String(portrait.closeness); v[f + part + ".recognition"] = String(portrait.recognition)
                v[f + part + ".priceAcceptance"] = String(portrait.priceAcceptance)
            }
        }
        for (i, target) in d.targets.enumerated() {
            let f = "targets[\(i)]."
            v[f + "productLineID"] = String(target.productLineID); v[f + "quarter"] = String(target.quarter)
            v[f + "revenue.decimal"] = target.revenue.decimalString; v[f + "revenue.currency"] = target.revenue.currency
            v[f + "margin.decimal"] = target.margin.decimalString
        }
        for (i, o) in d.objectives.enumerated() {
            let f = "objectives[\(i)]."
            v[f + "title"] = o.title; v[f + "ownerID"] = String(o.ownerID); v[f + "dueOn"] = o.dueOn.description; v[f + "status"] = o.status.rawValue
            v[f + "measure"] = o.measure.rawValue; v[f + "target"] = PortfolioForm.format(o.target)
            v[f + "typedActual"] = o.typedActual.map(PortfolioForm.format) ?? ""
            for (a, action) in o.actions.enumerated() {
                v[f + "actions[\(a)].title"] = action.title; v[f + "actions[\(a)].ownerID"] = String(action.ownerID)
                v[f + "actions[\(a)].dueOn"] = action.dueOn.description; v[f + "actions[\(a)].taskID"] = action.taskID.map(String.init) ?? ""
            }
        }
        for (i, cell) in d.whiteSpace.enumerated() {
            v["whiteSpace[\(i)].buyingUnit"] = cell.buyingUnit; v["whiteSpace[\(i)].productLineID"] = String(cell.productLineID)
            v["whiteSpace[\(i)].state"] = cell.state.rawValue
        }
        return FormState(values: v)
    }

    /// A relationship row without its "now" takes the person's portrait now; a target row's margin
    /// is in its revenue's currency.
    static func completed(_ pairs: [(String, String)], portraits: [PersonID: Portrait]) async throws -> [(String, String)] {
        var out = pairs
        let values = Dictionary(pairs, uniquingKeysWith: { first, _ in first })
        for i in 0..<SalesProcessView.rowCount(pairs, "relationships") {
            let f = "relationships[\(i)]."
            guard let person = values[f + "personID"].flatMap({ Int64($0) }), let now = portraits[person] else { continue }
            for (key, level) in [("closeness", now.closeness), ("recognition", now.recognition), ("priceAcceptance", now.priceAcceptance)]
            where (values[f + "current." + key] ?? "").isEmpty {
                out.removeAll { $0.0 == f + "current." + key }
                out.append((f + "current." + key, String(level)))
            }
        }
        for i in 0..<SalesProcessView.rowCount(pairs, "targets") {
            let f = "targets[\(i)]."
            out.removeAll { $0.0 == f + "margin.currency" }
            out.append((f + "margin.currency", values[f + "revenue.currency"] ?? ""))
            if (values[f + "margin.decimal"] ?? "").isEmpty { out.removeAll { $0.0 == f + "margin.decimal" }; out.append((f + "margin.decimal", "0")) }
        }
        return out
    }

    static func render(_ t: Catalog, _ v: AccountPlanView, state s: FormState, version: Int, names: PlanNames, session: SignedInSession) -> HTML {
        let pairs = s.values.map { ($0.key, $0.value) }
        let users = names.users.sorted { $0.value < $1.value }.map { (String($0.key), $0.value) }
        let people = names.people.sorted { $0.value < $1.value }.map { (String($0.key), $0.value) }
        let levels = (1...5).map { (String($0), String($0)) }
        let lines = names.lines.map { (String($0.id), $0.name) }
        return Pages.layout(t, title: t.text("plans.edit_title", v.plan.draft.title), session: session) {
            h1 { t.text("plans.edit_title", v.plan.draft.title) }
            p { a(.href(Paths.plan(v.plan.id))) { t.text("plans.back") } }
            if let error = s.generalError { p(.class("form-error"), .role("alert")) { error } }
            form(.method("post"), .action(Paths.plan(v.plan.id)), .id("plan-form"), .novalidate(true)) {
                Pages.csrfField(session.csrfToken)
                input(.type("hidden"), .name("_version"), .value(String(version)))
                FormFields.text(t, "plans.plan_title", name: "title", state: s, required: true)
                div(.class("grid")) {
                    FormFields.text(t, "plans.period_start", name: "periodStart", state: s, type: "date", maxLength: 10)
                    FormFields.text(t, "plans.period_end", name: "periodEnd", state: s, type: "date", maxLength: 10)
                }
                fieldset {
                    legend { t.text("plans.part1") }
                    FormFields.textArea(t, "plans.industry_trends", name: "situation.industryTrends", state: s)
                    FormFields.textArea(t, "plans.customer_situation", name: "situation.customerSituation", state: s)
                    div(.class("grid")) {
                        for key in ["strengths", "weaknesses", "opportunities", "threats"] {
                            FormFields.textArea(t, "plans.\(key)", name: "situation.\(key)", state: s, rows: 3)
                        }
                    }
                    p(.class("muted")) { t.text("plans.one_per_line") }
                }
                fieldset {
                    legend { t.text("plans.part2") }
                    for i in 0..<(SalesProcessView.rowCount(pairs, "priorities") + 1) {
                        div(.class("grid")) {
                            FormFields.text(t, "plans.goal", name: "priorities[\(i)].goal", state: s, maxLength: 500)
                            FormFields.text(t, "plans.initiative", name: "priorities[\(i)].initiative", state: s, maxLength: 2000)
                        }
                    }
                }
                fieldset {
                    legend { t.text("plans.part3") }
                    p(.class("muted")) { t.text("plans.now_blank") }
                    for i in 0..<(SalesProcessView.rowCount(pairs, "relationships") + 1) {
                        let f = "relationships[\(i)]."
                        div(.class("grid")) {
                            FormFields.select(t, "plans.person", name: f + "personID", state: s, choices: people, blank: "—")
                            for part in ["current", "target"] {
                                for key in ["closeness", "recognition", "priceAcceptance"] {
                                    FormFields.select(t, "plans.\(part)_\(key)", name: f + part + "." + key, state: s, choices: levels, blank: "—")
                                }
                            }
                            FormFields.text(t, "plans.actions", name: f + "actions", state: s, maxLength: 2000)
                        }
                    }
                }
                fieldset {
                    legend { t.text("plans.part4") }
                    for i in 0..<(SalesProcessView.rowCount(pairs, "targets") + 2) {
                        let f = "targets[\(i)]."
                        div(.class("grid")) {
                            FormFields.select(t, "plans.product_line", name: f + "productLineID", state: s, choices: lines, blank: "—")
                            FormFields.select(t, "plans.quarter", name: f + "quarter", state: s, choices: (1...4).map { (String($0), "Q\($0)") }, blank: "—")
                            FormFields.text(t, "plans.revenue", name: f + "revenue.decimal", state: s, maxLength: 24)
                            FormFields.text(t, "plans.margin_label", name: f + "margin.decimal", state: s, maxLength: 24)
                            FormFields.text(t, "documents.currency", name: f + "revenue.currency", state: s, maxLength: 3)
                        }
                    }
                }
                fieldset {
                    legend { t.text("plans.objectives") }
                    for i in 0..<(SalesProcessView.rowCount(pairs, "objectives") + 1) {
                        let f = "objectives[\(i)]."
                        div(.class("card objective-row")) {
                            div(.class("grid")) {
                                FormFields.text(t, "plans.objective", name: f + "title", state: s, maxLength: 300)
                                FormFields.select(t, "plans.owner", name: f + "ownerID", state: s, choices: users, blank: "—")
                                FormFields.text(t, "plans.due", name: f + "dueOn", state: s, type: "date", maxLength: 10)
                                // Blank on the spare row, so an untouched one is left out (blank reads as open, typed).
                                FormFields.vocabulary(t, "plans.status", name: f + "status", state: s, ObjectiveStatus.self, blank: "—")
                                FormFields.vocabulary(t, "plans.measure", name: f + "measure", state: s, MeasureKind.self, blank: "—")
                                FormFields.text(t, "plans.target_value", name: f + "target", state: s, maxLength: 20)
                                FormFields.text(t, "plans.typed_actual", name: f + "typedActual", state: s, maxLength: 20)
                            }
                            let actions = SalesProcessView.rowCount(pairs, f + "actions")
                            for a in 0..<actions {
                                for key in ["title", "ownerID", "dueOn", "taskID"] {
                                    input(.type("hidden"), .name(f + "actions[\(a)].\(key)"), .value(s[f + "actions[\(a)].\(key)"]))
                                }
                                p(.class("muted")) { "→ "; s[f + "actions[\(a)].title"]; " · "; s[f + "actions[\(a)].dueOn"] }
                            }
                            div(.class("grid")) {
                                FormFields.text(t, "plans.new_action", name: f + "actions[\(actions)].title", state: s, maxLength: 300)
                                FormFields.select(t, "plans.owner", name: f + "actions[\(actions)].ownerID", state: s, choices: users, blank: "—")
                                FormFields.text(t, "plans.due", name: f + "actions[\(actions)].dueOn", state: s, type: "date", maxLength: 10)
                            }
                        }
                    }
                }
                fieldset {
                    legend { t.text("plans.white_space") }
                    FormFields.textArea(t, "plans.buying_units", name: "buyingUnits", state: s, rows: 3)
                    p(.class("muted")) { t.text("plans.grid_hint") }
                    let units = s["buyingUnits"].split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
                    table(.id("white-space-form")) {
                        thead { tr { th(.scope("col")) { t.text("plans.buying_unit") }; for line in names.lines { th(.scope("col")) { line.name } } } }
                        tbody {
                            for (u, unit) in units.enumerated() {
                                tr {
                                    th(.scope("row")) { unit }
                                    for (l, line) in names.lines.enumerated() {
                                        let k = u * max(1, names.lines.count) + l
                                        let current = (0..<SalesProcessView.rowCount(pairs, "whiteSpace")).first {
                                            s["whiteSpace[\($0)].buyingUnit"] == unit && s["whiteSpace[\($0)].productLineID"] == String(line.id)
                                        }.map { s["whiteSpace[\($0)].state"] } ?? ""
                                        td {
                                            input(.type("hidden"), .name("whiteSpace[\(k)].buyingUnit"), .value(unit))
                                            input(.type("hidden"), .name("whiteSpace[\(k)].productLineID"), .value(String(line.id)))
                                            select(.name("whiteSpace[\(k)].state"), .id("ws-\(u)-\(l)"), .ariaLabel("\(unit) · \(line.name)")) {
                                                option(.value(""), .selected(current.isEmpty)) { "—" }
                                                for state in WhiteSpaceState.allCases {
                                                    option(.value(state.rawValue), .selected(current == state.rawValue)) { t.label(state) }
                                                }
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
                div(.class("actions")) { button(.type("submit"), .id("save-plan")) { t.text("plans.save") } }
            }
        }
    }
}
