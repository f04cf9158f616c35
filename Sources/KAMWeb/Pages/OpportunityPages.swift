import Foundation
import Hummingbird
import KAMCore
import KAMHTML
import KAMStore

enum OpportunityViews {
    static func list(_ t: Catalog, _ rows: [OpportunitySummary], process: SalesProcess, session: SignedInSession) -> HTML {
        Pages.layout(t, title: t.text("opportunities.title"), session: session) {
            h1 { t.text("opportunities.title") }
            div(.class("actions")) {
                a(.href(Paths.newOpportunity), .id("new-opportunity")) { t.text("opportunities.new") }
                " "; a(.href(Paths.pipeline), .id("open-pipeline")) { t.text("pipeline.title") }
            }
            table(.id("opportunity-list")) {
                thead { tr { th { t.text("opportunity.name") }; th { t.text("opportunity.account") }; th { t.text("opportunity.amount") }
                             th { t.text("opportunity.stage") }; th { t.text("opportunity.expected_close") }; th { t.text("opportunity.owner") } } }
                tbody {
                    for row in rows {
                        tr {
                            td { a(.href(Paths.opportunity(row.opportunity.id)), .class("opportunity-link")) { row.opportunity.name } }
                            td { a(.href(Paths.account(row.opportunity.accountID))) { row.accountName } }
                            td { t.money(row.opportunity.amount) }
                            td { t.stageName(row.opportunity.stage, process: process); " "; trackBadge(t, row.opportunity.track) }
                            td { row.opportunity.expectedClose.map(t.date) ?? "—" }
                            td { row.ownerName }
                        }
                    }
                }
            }
        }
    }

    static func trackBadge(_ t: Catalog, _ track: SalesTrack) -> HTML {
        span(.class(track == .staged ? "badge" : "badge ok")) { t.label(track) }
    }

    static func page(_ t: Catalog, _ o: Opportunity, accountName: String, ownerName: String, canEdit: Bool, chain: DecisionChainModel,
                     pursuit: PursuitPageModel, fastTrack: FastTrackModel?, session: SignedInSession) -> HTML {
        Pages.layout(t, title: o.name, session: session) {
            h1(.id("opportunity-name")) { o.name }
            if canEdit { div(.class("actions")) { a(.href(Paths.editOpportunity(o.id)), .id("edit-opportunity")) { t.text("opportunity.edit") } } }
            dl(.class("facts card")) {
                dt { t.text("opportunity.account") }; dd { a(.href(Paths.account(o.accountID))) { accountName } }
                dt { t.text("opportunity.amount") }; dd(.id("opportunity-amount")) { t.money(o.amount) }
                dt { t.text("opportunity.track") }; dd(.id("opportunity-track")) { trackBadge(t, o.track) }
                dt { t.text("opportunity.stage") }; dd(.id("opportunity-stage")) { t.stageName(o.stage, process: pursuit.process) }
                dt { t.text("opportunity.probability") }
                dd(.id("opportunity-probability")) {
                    t.text("pursuit.percent", String(pursuit.pursuit.probabilityPercent))
                    if o.probabilityPercent == nil { " "; span(.class("muted")) { t.text("pursuit.from_stage") } }
                }
                dt { t.text("opportunity.expected_close") }; dd { o.expectedClose.map(t.date) ?? "—" }
                dt { t.text("opportunity.found_on") }; dd { t.date(o.foundOn) }
                if let cycle = o.cycleDays { dt { t.text("opportunity.cycle_time") }; dd(.id("cycle-time")) { t.text("pursuit.days", String(cycle)) } }
                dt { t.text("opportunity.owner") }; dd { ownerName }
            }
            if let fastTrack { SalesDocumentPage.fastTrack(t, fastTrack, csrf: session.csrfToken) }
            OpportunityPursuitView.render(t, pursuit, csrf: session.csrfToken)
            DecisionChainViews.render(t, chain, csrf: session.csrfToken)
        }
    }

    static func state(_ d: OpportunityDraft) -> FormState {
        FormState(values: ["name": d.name, "accountID": d.accountID == 0 ? "" : String(d.accountID), "amount.decimal": d.amount.decimalString,
                           "amount.currency": d.amount.currency, "stage": d.stage.rawValue,
                           "expectedClose": d.expectedClose?.description ?? "", "ownerID": String(d.ownerID),
                           "probabilityPercent": d.probabilityPercent.map(String.init) ?? "", "foundOn": d.foundOn?.description ?? ""])
    }

    static func form(_ t: Catalog, id: OpportunityID?, version: Int?, state s: FormState, owners: [User], process: SalesProcess,
                     session: SignedInSession) -> HTML {
        let heading = t.text(id == nil ? "opportunity.new_title" : "opportunity.edit_title")
        return Pages.layout(t, title: heading, session: session) {
            h1 { heading }
            if let error = s.generalError { p(.class("notice"), .role("alert")) { error } }
            KAMHTML.form(.method("post"), .action(id.map(Paths.opportunity) ?? Paths.opportunities), .id("opportunity-form"), .novalidate(true)) {
                Pages.csrfField(session.csrfToken)
                if let version { input(.type("hidden"), .name("_version"), .value(String(version))) }
                FormFields.text(t, "opportunity.name", name: "name", state: s, required: true)
                FormFields.text(t, "opportunity.account_id", name: "accountID", state: s, maxLength: 20)
                FormFields.text(t, "opportunity.amount", name: "amount.decimal", state: s, maxLength: 24)
                FormFields.select(t, "opportunity.currency", name: "amount.currency", state: s,
                                  choices: Money.minorUnitDigits.keys.sorted().map { ($0, $0) })
                // A stage is moved on the opportunity's page, with its reason and exit criteria.
                if id == nil {
                    FormFields.select(t, "opportunity.stage", name: "stage", state: s,
                                      choices: process.allStages.map { ($0.rawValue, t.stageName($0, process: process)) })
                }
                FormFields.text(t, "opportunity.expected_close", name: "expectedClose", state: s, type: "date", maxLength: 10)
                FormFields.text(t, "opportunity.probability_own", name: "probabilityPercent", state: s, type: "number", maxLength: 3)
                FormFields.text(t, "opportunity.found_on", name: "foundOn", state: s, type: "date", maxLength: 10)
                FormFields.select(t, "opportunity.owner", name: "ownerID", state: s, choices: owners.map { (String($0.id), $0.displayName) })
                div(.class("actions")) { button(.type("submit"), .id("save")) { t.text("form.save") } }
            }
        }
    }
}

extension PageHandlers {
    func opportunityList(_ request: Request, _ context: AppContext) async throws -> Response {
        let session = try session(context)
        var query = OpportunityQuery()
        query.accountID = APISupport.query(request, "account").flatMap { Int64($0) }
        query.track = APISupport.query(request, "track").flatMap(SalesTrack.init(rawValue:))
        query.stage = APISupport.query(request, "stage").map(OpportunityStage.init(rawValue:))
        let rows = try await store.opportunities.list(query, caller: session.caller)
        return Pages.response(OpportunityViews.list(Catalog(context.language), rows, process: try await salesProcess(), session: session))
    }

    func opportunityPage(_ request: Request, _ context: AppContext) async throws -> Response {
        try await renderOpportunity(try APISupport.id(context), session: try session(context), context: context)
    }

    func salesProcess() async throws -> SalesProcess { try await store.documents.current(SalesProcess.self).document }

    func renderOpportunity(_ id: OpportunityID, session: SignedInSession, context: AppContext, chainForm: FormState? = nil,
                           pursuitForm: (OpportunityPursuitView.Form, FormState)? = nil, quoteForm: FormState? = nil,
                           status: HTTPResponse.Status = .ok) async throws -> Response {
        let t = Catalog(context.language)
        let found = try await store.opportunities.get(id, caller: session.caller)
        let account = try await store.accounts.get(found.opportunity.accountID, caller: session.caller)
        let names = try await userNames()
        let chain = try await decisionChainModel(found.opportunity, session: session, t: t, form: chainForm)
        let pursuit = try await pursuitModel(found.opportunity, canEdit: found.canEdit, session: session, failed: pursuitForm)
        let fastTrack = try await fastTrackModel(found.opportunity, canEdit: found.canEdit, session: session, failed: quoteForm)
        return Pages.response(OpportunityViews.page(t, found.opportunity, accountName: account.name, ownerName: names[found.opportunity.ownerID] ?? "?",
                                                    canEdit: found.canEdit, chain: chain, pursuit: pursuit, fastTrack: fastTrack,
                                                    session: session), status: status)
    }

    func newOpportunityForm(_ request: Request, _ context: AppContext) async throws -> Response {
        let session = try session(context)
        // Users who change nothing are not offered a form they could never save.
        guard session.caller.policy.mayEditAnything else { throw StoreError.forbidden }
        var state = OpportunityViews.state(OpportunityDraft(name: "", accountID: 0, amount: Money(minorUnits: 0, currency: "USD"), ownerID: session.user.id))
        state.values["accountID"] = APISupport.query(request, "account") ?? ""
        return Pages.response(OpportunityViews.form(Catalog(context.language), id: nil, version: nil, state: state,
                                                    owners: try await store.users.all(), process: try await salesProcess(), session: session))
    }

    func editOpportunityForm(_ request: Request, _ context: AppContext) async throws -> Response {
        let session = try session(context)
        let found = try await store.opportunities.get(try APISupport.id(context), caller: session.caller)
        guard found.canEdit else { throw StoreError.forbidden }
        return Pages.response(OpportunityViews.form(Catalog(context.language), id: found.opportunity.id, version: found.opportunity.version,
                                                    state: OpportunityViews.state(found.opportunity.draft), owners: try await store.users.all(),
                                                    process: try await salesProcess(), session: session))
    }

    func createOpportunity(_ request: Request, _ context: AppContext) async throws -> Response {
        try await saveOpportunity(request, context, id: nil)
    }

    func updateOpportunity(_ request: Request, _ context: AppContext) async throws -> Response {
        try await saveOpportunity(request, context, id: try APISupport.id(context))
    }

    private func saveOpportunity(_ request: Request, _ context: AppContext, id: OpportunityID?) async throws -> Response {
        let session = try session(context)
        let form = try await FormBody.read(request, context, csrfExpected: session.csrfToken)
        let version = Int(FormBody.value(form, "_version") ?? "")
        let t = Catalog(context.language)
        do {
            let base: OpportunityDraft
            if let id { base = try await store.opportunities.get(id, caller: session.caller).opportunity.draft }
            else { base = OpportunityDraft(name: "", accountID: 0, amount: Money(minorUnits: 0, currency: "USD"), ownerID: session.user.id) }
            let input = Inputs.opportunity(JSONValue.fromForm(form), fromForm: true, base: base, creating: id == nil)
            let saved = if let id {
                try await store.opportunities.update(id, input.value, expectedVersion: version ?? 0, caller: session.caller, inputIssues: input.issues)
            } else {
                try await store.opportunities.create(input.value, caller: session.caller, inputIssues: input.issues)
            }
            return Pages.redirect(Paths.opportunity(saved.id))
        } catch {
            let failed = try FormState.failed(error, form: form, version: version, t)
            return Pages.response(OpportunityViews.form(t, id: id, version: failed.version, state: failed.state,
                                                        owners: try await store.users.all(), process: try await salesProcess(), session: session),
                                  status: .unprocessableContent)
        }
    }
}
