import Foundation
import Hummingbird
import KAMCore
import KAMHTML
import KAMStore

/// Names a plan's page shows for the ids its body holds.
struct PlanNames: Sendable {
    var people: [PersonID: String]
    var lines: [(id: ProductLineID, name: String)]
    var users: [UserID: String]

    func line(_ id: ProductLineID) -> String { lines.first { $0.id == id }?.name ?? "#\(id)" }
}

extension PageHandlers {
    func plansPage(_ request: Request, _ context: AppContext) async throws -> Response {
        let session = try session(context)
        let id = try APISupport.id(context)
        return Pages.response(try await renderPlans(id, session: session, context: context, failed: nil))
    }

    func renderPlans(_ accountID: AccountID, session: SignedInSession, context: AppContext, failed: FormState?) async throws -> HTML {
        let account = try await store.accounts.get(accountID, caller: session.caller)
        let plans = try await store.plans.plans(of: accountID, caller: session.caller)
        let today = store.today()
        let state = failed ?? FormState(values: ["title": "\(account.name) \(today.year + 1)",
                                                 "periodStart": CalendarDate(year: today.year + 1, month: 1, day: 1).description,
                                                 "periodEnd": CalendarDate(year: today.year + 1, month: 12, day: 31).description])
        return PlanViews.list(Catalog(context.language), account: account, plans: plans, form: state,
                              canEdit: session.caller.policy.mayEditAnything && session.caller.policy.canEdit(account), session: session)
    }

    func createPlanFromPage(_ request: Request, _ context: AppContext) async throws -> Response {
        let session = try session(context)
        let id = try APISupport.id(context)
        let pairs = try await FormBody.read(request, context, csrfExpected: session.csrfToken)
        do {
            let input = Inputs.plan(JSONValue.fromForm(pairs.filter { !$0.0.hasPrefix("_") }), fromForm: true)
            let plan = try await store.plans.create(at: id, input.value, caller: session.caller, inputIssues: input.issues)
            return Pages.redirect(Paths.planEdit(plan.id))
        } catch {
            let (failed, _) = try FormState.failed(error, form: pairs, version: nil, Catalog(context.language))
            return Pages.response(try await renderPlans(id, session: session, context: context, failed: failed), status: .unprocessableContent)
        }
    }

    func planPage(_ request: Request, _ context: AppContext) async throws -> Response {
        let session = try session(context)
        let view = try await store.plans.get(try APISupport.id(context), caller: session.caller)
        return Pages.response(PlanViews.page(Catalog(context.language), view, names: try await planNames(view.plan), printable: false, session: session))
    }

    func planPrintPage(_ request: Request, _ context: AppContext) async throws -> Response {
        let session = try session(context)
        let view = try await store.plans.get(try APISupport.id(context), caller: session.caller)
        return Pages.response(PlanViews.page(Catalog(context.language), view, names: try await planNames(view.plan), printable: true, session: session))
    }

    func planComparePage(_ request: Request, _ context: AppContext) async throws -> Response {
        let session = try session(context)
        let id = try APISupport.id(context)
        let view = try await store.plans.get(id, caller: session.caller)
        let left = Int(APISupport.query(request, "left") ?? "") ?? max(1, view.plan.revision - 1)
        let right = Int(APISupport.query(request, "right") ?? "") ?? view.plan.revision
        let comparison = try await APIHandlers.comparison(store, id, left, right, caller: session.caller)
        return Pages.response(PlanViews.compare(Catalog(context.language), view, comparison, names: try await planNames(view.plan), session: session))
    }

    func approvePlanFromPage(_ request: Request, _ context: AppContext) async throws -> Response {
        try await planAction(request, context) { store, id, version, caller in try await store.plans.approve(id, expectedVersion: version, caller: caller) }
    }

    func clonePlanFromPage(_ request: Request, _ context: AppContext) async throws -> Response {
        try await planAction(request, context) { store, id, _, caller in try await store.plans.clone(id, caller: caller) }
    }

    private func planAction(_ request: Request, _ context: AppContext,
                            act: (KAMStore, AccountPlanID, Int, Caller) async throws -> AccountPlan) async throws -> Response {
        let session = try session(context)
        let id = try APISupport.id(context)
        let pairs = try await FormBody.read(request, context, csrfExpected: session.csrfToken)
        let version = Int(FormBody.value(pairs, "_version") ?? "") ?? 0
        let plan = try await act(store, id, version, session.caller)
        return Pages.redirect(Paths.plan(plan.id))
    }

    func planNames(_ plan: AccountPlan) async throws -> PlanNames {
        var people: [PersonID: String] = [:]
        var query = PersonQuery()
        query.accountID = plan.accountID
        query.limit = 500
        let t = Catalog(.en)
        for person in try await store.persons.list(query, caller: .system).items { people[person.id] = t.personName(person.name) }
        return PlanNames(people: people, lines: try await store.catalogue.productLines().map { ($0.id, $0.name) }, users: try await userNames())
    }
}

enum PlanViews {
    static func list(_ t: Catalog, account: Account, plans: [AccountPlan], form state: FormState, canEdit: Bool, session: SignedInSession) -> HTML {
        Pages.layout(t, title: t.text("plans.title", account.name), session: session) {
            h1 { t.text("plans.title", account.name) }
            p { a(.href(Paths.account(account.id))) { t.text("purchases.back") } }
            if plans.isEmpty { p(.class("muted")) { t.text("plans.none") } } else {
                table(.id("plans")) {
                    thead { tr { th(.scope("col")) { t.text("plans.plan") }; th(.scope("col")) { t.text("plans.period") }
                                 th(.scope("col")) { t.text("plans.status") }; th(.scope("col")) { t.text("plans.revision") } } }
                    tbody {
                        for plan in plans {
                            tr {
                                td { a(.href(Paths.plan(plan.id)), .class("plan-link")) { plan.draft.title } }
                                td { t.date(plan.draft.periodStart); " – "; t.date(plan.draft.periodEnd) }
                                td { t.label(plan.status) }
                                td { String(plan.revision) }
                            }
                        }
                    }
                }
            }
            if canEdit {
                form(.method("post"), .action(Paths.accountPlans(account.id)), .class("card"), .id("new-plan-form")) {
                    Pages.csrfField(session.csrfToken)
                    h2 { t.text("plans.new") }
                    if let error = state.generalError { p(.class("form-error"), .role("alert")) { error } }
                    FormFields.text(t, "plans.plan_title", name: "title", state: state, required: true)
                    div(.class("grid")) {
                        FormFields.text(t, "plans.period_start", name: "periodStart", state: state, type: "date", maxLength: 10)
                        FormFields.text(t, "plans.period_end", name: "periodEnd", state: state, type: "date", maxLength: 10)
                    }
                    button(.type("submit"), .id("create-plan")) { t.text("plans.create") }
                }
            }
        }
    }

    static func page(_ t: Catalog, _ v: AccountPlanView, names: PlanNames, printable: Bool, session: SignedInSession) -> HTML {
        let plan = v.plan
        let d = plan.draft
        return Pages.layout(t, title: d.title, session: session) {
            if !printable {
                div(.class("actions no-print")) {
                    a(.href(Paths.accountPlans(plan.accountID))) { t.text("plans.all") }
                    " · "; a(.href(Paths.planPrint(plan.id)), .id("print-plan")) { t.text("plans.printable") }
                    if plan.revision > 1 { " · "; a(.href(Paths.planCompare(plan.id)), .id("compare-plan")) { t.text("plans.compare") } }
                    if v.canEdit { " · "; a(.href(Paths.planEdit(plan.id)), .id("edit-plan")) { t.text("plans.edit") } }
                }
                actions(t, v, csrf: session.csrfToken)
            } else {
                p(.class("no-print")) { a(.href(Paths.plan(plan.id))) { t.text("plans.back") }; " · "; t.text("documents.print_hint") }
            }
            article(.class("document"), .id("plan")) {
                h1(.id("plan-title")) { d.title }
                p {
                    v.accountName; " · "; t.date(d.periodStart); " – "; t.date(d.periodEnd); " · "
                    span(.id("plan-status")) { t.label(plan.status) }; " · "; t.text("plans.revision_of", String(plan.revision))
                    if let approved = plan.approvedRevision, let by = plan.approvedBy {
                        " · "; span(.id("plan-approved")) { t.text("plans.approved_by", String(approved), by) }
                    }
                }
                situation(t, d)
                section(.id("plan-priorities")) {
                    h2 { t.text("plans.part2") }
                    ol { for priority in d.priorities { li { strong { priority.goal }; if let initiative = priority.initiative { " — "; initiative } } } }
                }
                relationships(t, d, names: names)
                targets(t, d, v, names: names)
                objectives(t, d, v, names: names)
                whiteSpace(t, d, names: names)
            }
        }
    }

    static func actions(_ t: Catalog, _ v: AccountPlanView, csrf: String) -> HTML {
        div(.class("actions no-print"), .id("plan-actions")) {
            if v.canApprove && v.plan.status != .approved {
                form(.method("post"), .action(Paths.planApprove(v.plan.id)), .class("inline")) {
                    Pages.csrfField(csrf)
                    input(.type("hidden"), .name("_version"), .value(String(v.plan.version)))
                    button(.type("submit"), .id("approve-plan")) { t.text("plans.approve") }
                }
            }
            if v.canEdit {
                form(.method("post"), .action(Paths.planClone(v.plan.id)), .class("inline")) {
                    Pages.csrfField(csrf)
                    button(.type("submit"), .id("clone-plan")) { t.text("plans.clone") }
                }
            }
        }
    }

    static func situation(_ t: Catalog, _ d: AccountPlanDraft) -> HTML {
        section(.id("plan-situation")) {
            h2 { t.text("plans.part1") }
            h3 { t.text("plans.industry_trends") }; p(.class("prose")) { d.situation.industryTrends }
            h3 { t.text("plans.customer_situation") }; p(.class("prose")) { d.situation.customerSituation }
            table(.id("swot")) {
                tbody {
                    tr {
                        td { h3 { t.text("plans.strengths") }; ul { for item in d.situation.strengths { li { item } } } }
                        td { h3 { t.text("plans.weaknesses") }; ul { for item in d.situation.weaknesses { li { item } } } }
                    }
                    tr {
                        td { h3 { t.text("plans.opportunities") }; ul { for item in d.situation.opportunities { li { item } } } }
                        td { h3 { t.text("plans.threats") }; ul { for item in d.situation.threats { li { item } } } }
                    }
                }
            }
        }
    }

    static func portrait(_ p: Portrait) -> String { "\(p.closeness) / \(p.recognition) / \(p.priceAcceptance)" }

    static func relationships(_ t: Catalog, _ d: AccountPlanDraft, names: PlanNames) -> HTML {
        section(.id("plan-relationships")) {
            h2 { t.text("plans.part3") }
            table {
                thead { tr { th(.scope("col")) { t.text("plans.person") }; th(.scope("col")) { t.text("plans.now") }
                             th(.scope("col")) { t.text("plans.target") }; th(.scope("col")) { t.text("plans.actions") } } }
                tbody {
                    for r in d.relationships {
                        tr { td { names.people[r.personID] ?? "#\(r.personID)" }; td { portrait(r.current) }; td { portrait(r.target) }; td { r.actions ?? "" } }
                    }
                }
            }
            p(.class("muted")) { t.text("plans.portrait_legend") }
        }
    }

    static func targets(_ t: Catalog, _ d: AccountPlanDraft, _ v: AccountPlanView, names: PlanNames) -> HTML {
        section(.id("plan-targets")) {
            h2 { t.text("plans.part4") }
            table(.id("targets")) {
                thead {
                    tr { th(.scope("col")) { t.text("plans.product_line") }
                         for q in 1...4 { th(.scope("col")) { "Q\(q)" } } }
                }
                tbody {
                    for line in Array(Set(d.targets.map(\.productLineID))).sorted() {
                        tr {
                            th(.scope("row")) { names.line(line) }
                            for q in 1...4 {
                                td(.class("number")) {
                                    if let target = d.targets.first(where: { $0.productLineID == line && $0.quarter == q }) {
                                        t.money(target.revenue); br(); span(.class("muted")) { t.text("plans.margin", t.money(target.margin)) }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            for quota in v.quotas {
                // The plan's revenue targets against the owner's quota, in the quota's currency.
                let planned = d.targets.filter { $0.revenue.currency == quota.amount.currency }.reduce(Int64(0)) { $0 + $1.revenue.minorUnits }
                p(.class("plan-quota")) {
                    t.text("plans.quota", t.money(quota.amount), t.date(quota.periodStart), t.date(quota.periodEnd)); " "
                    t.text("plans.quota_share", t.money(Money(minorUnits: planned, currency: quota.amount.currency)),
                           t.percent(quota.amount.minorUnits > 0 ? Double(planned) / Double(quota.amount.minorUnits) : 0))
                }
            }
        }
    }

    static func objectives(_ t: Catalog, _ d: AccountPlanDraft, _ v: AccountPlanView, names: PlanNames) -> HTML {
        section(.id("plan-objectives")) {
            h2 { t.text("plans.objectives") }
            table(.id("objectives")) {
                thead {
                    tr { th(.scope("col")) { t.text("plans.objective") }; th(.scope("col")) { t.text("plans.owner") }; th(.scope("col")) { t.text("plans.due") }
                         th(.scope("col")) { t.text("plans.status") }; th(.scope("col")) { t.text("plans.measure") }; th(.scope("col")) { t.text("plans.progress") } }
                }
                tbody {
                    for (index, objective) in d.objectives.enumerated() {
                        let progress = index < v.progress.count ? v.progress[index] : nil
                        tr {
                            td {
                                objective.title
                                if !objective.actions.isEmpty {
                                    ul { for action in objective.actions { li { action.title; " · "; names.users[action.ownerID] ?? ""; " · "; t.date(action.dueOn) } } }
                                }
                            }
                            td { names.users[objective.ownerID] ?? "" }; td { t.date(objective.dueOn) }; td { t.label(objective.status) }
                            td { t.label(objective.measure) }
                            td(.class("number")) {
                                if let progress {
                                    (progress.actual.map { t.decimal($0, digits: objective.measure == .revenueBooked ? 0 : 1) } ?? "—"); " / "
                                    t.decimal(progress.target, digits: objective.measure == .revenueBooked ? 0 : 1)
                                    if let share = progress.share { " ("; t.percent(share); ")" }
                                }
                            }
                        }
                    }
                }
            }
            p(.class("muted")) { t.text("plans.measured_in", v.reportingCurrency) }
        }
    }

    static func whiteSpace(_ t: Catalog, _ d: AccountPlanDraft, names: PlanNames) -> HTML {
        let lines = names.lines.filter { line in d.whiteSpace.contains { $0.productLineID == line.id } }
        return section(.id("plan-white-space")) {
            h2 { t.text("plans.white_space") }
            table(.id("white-space")) {
                thead { tr { th(.scope("col")) { t.text("plans.buying_unit") }; for line in lines { th(.scope("col")) { line.name } } } }
                tbody {
                    for unit in d.buyingUnits {
                        tr {
                            th(.scope("row")) { unit }
                            for line in lines {
                                if let cell = d.whiteSpace.first(where: { $0.buyingUnit == unit && $0.productLineID == line.id }) {
                                    td(.class("ws-\(cell.state.rawValue)")) { t.label(cell.state); if let note = cell.note { br(); span(.class("muted")) { note } } }
                                } else {
                                    td { "" }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    static func compare(_ t: Catalog, _ v: AccountPlanView, _ c: PlanComparison, names: PlanNames, session: SignedInSession) -> HTML {
        Pages.layout(t, title: t.text("plans.compare_title", v.plan.draft.title), session: session) {
            h1 { t.text("plans.compare_title", v.plan.draft.title) }
            p { a(.href(Paths.plan(v.plan.id))) { t.text("plans.back") } }
            form(.method("get"), .action(Paths.planCompare(v.plan.id)), .class("inline")) {
                for side in ["left", "right"] {
                    select(.name(side), .ariaLabel(side)) {
                        for revision in v.revisions {
                            option(.value(String(revision.revision)), .selected(revision.revision == (side == "left" ? c.left.revision : c.right.revision))) {
                                t.text("plans.revision_of", String(revision.revision)); " · "; revision.createdBy
                            }
                        }
                    }
                }
                button(.type("submit")) { t.text("plans.compare") }
            }
            p(.id("differing")) {
                c.differingParts.isEmpty ? t.text("plans.same") : t.text("plans.differ", c.differingParts.map { t.label($0) }.joined(separator: ", "))
            }
            div(.class("compare grid")) {
                for revision in [c.left, c.right] {
                    section(.class("compare-side")) {
                        h2 { t.text("plans.revision_of", String(revision.revision)); " · "; revision.createdBy; " · "; t.dateTime(revision.createdAt) }
                        situation(t, revision.draft)
                        relationships(t, revision.draft, names: names)
                        whiteSpace(t, revision.draft, names: names)
                        ul(.class("compare-objectives")) { for objective in revision.draft.objectives { li { objective.title; " · "; t.date(objective.dueOn) } } }
                    }
                }
            }
        }
    }
}
