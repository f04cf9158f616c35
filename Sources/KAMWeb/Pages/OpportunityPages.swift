import Foundation
import Hummingbird
import KAMCore
import KAMHTML
import KAMStore

enum OpportunityViews {
    static func list(_ t: Catalog, _ rows: [OpportunitySummary], session: SignedInSession) -> HTML {
        Pages.layout(t, title: t.text("opportunities.title"), session: session) {
            h1 { t.text("opportunities.title") }
            div(.class("actions")) { a(.href(Paths.newOpportunity), .id("new-opportunity")) { t.text("opportunities.new") } }
            table(.id("opportunity-list")) {
                thead { tr { th { t.text("opportunity.name") }; th { t.text("opportunity.account") }; th { t.text("opportunity.amount") }
                             th { t.text("opportunity.stage") }; th { t.text("opportunity.expected_close") }; th { t.text("opportunity.owner") } } }
                tbody {
                    for row in rows {
                        tr {
                            td { a(.href(Paths.opportunity(row.opportunity.id)), .class("opportunity-link")) { row.opportunity.name } }
                            td { a(.href(Paths.account(row.opportunity.accountID))) { row.accountName } }
                            td { t.money(row.opportunity.amount) }
                            td { t.label(row.opportunity.stage) }
                            td { row.opportunity.expectedClose.map(t.date) ?? "—" }
                            td { row.ownerName }
                        }
                    }
                }
            }
        }
    }

    static func page(_ t: Catalog, _ o: Opportunity, accountName: String, ownerName: String, canEdit: Bool, chain: DecisionChainModel,
                     session: SignedInSession) -> HTML {
        Pages.layout(t, title: o.name, session: session) {
            h1(.id("opportunity-name")) { o.name }
            if canEdit { div(.class("actions")) { a(.href(Paths.editOpportunity(o.id)), .id("edit-opportunity")) { t.text("opportunity.edit") } } }
            dl(.class("facts card")) {
                dt { t.text("opportunity.account") }; dd { a(.href(Paths.account(o.accountID))) { accountName } }
                dt { t.text("opportunity.amount") }; dd(.id("opportunity-amount")) { t.money(o.amount) }
                dt { t.text("opportunity.stage") }; dd { t.label(o.stage) }
                dt { t.text("opportunity.expected_close") }; dd { o.expectedClose.map(t.date) ?? "—" }
                dt { t.text("opportunity.owner") }; dd { ownerName }
            }
            DecisionChainViews.render(t, chain, csrf: session.csrfToken)
        }
    }

    static func state(_ d: OpportunityDraft) -> FormState {
        FormState(values: ["name": d.name, "accountID": d.accountID == 0 ? "" : String(d.accountID), "amount.decimal": d.amount.decimalString,
                           "amount.currency": d.amount.currency, "stage": d.stage.rawValue,
                           "expectedClose": d.expectedClose?.description ?? "", "ownerID": String(d.ownerID)])
    }

    static func form(_ t: Catalog, id: OpportunityID?, version: Int?, state s: FormState, owners: [User], session: SignedInSession) -> HTML {
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
                FormFields.vocabulary(t, "opportunity.stage", name: "stage", state: s, OpportunityStage.self)
                FormFields.text(t, "opportunity.expected_close", name: "expectedClose", state: s, type: "date", maxLength: 10)
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
        let rows = try await store.opportunities.list(query, caller: session.caller)
        return Pages.response(OpportunityViews.list(Catalog(context.language), rows, session: session))
    }

    func opportunityPage(_ request: Request, _ context: AppContext) async throws -> Response {
        try await renderOpportunity(try APISupport.id(context), session: try session(context), context: context)
    }

    func renderOpportunity(_ id: OpportunityID, session: SignedInSession, context: AppContext, chainForm: FormState? = nil,
                           status: HTTPResponse.Status = .ok) async throws -> Response {
        let t = Catalog(context.language)
        let found = try await store.opportunities.get(id, caller: session.caller)
        let account = try await store.accounts.get(found.opportunity.accountID, caller: session.caller)
        let names = try await userNames()
        let chain = try await decisionChainModel(found.opportunity, session: session, t: t, form: chainForm)
        return Pages.response(OpportunityViews.page(t, found.opportunity, accountName: account.name, ownerName: names[found.opportunity.ownerID] ?? "?",
                                                    canEdit: found.canEdit, chain: chain, session: session), status: status)
    }

    func newOpportunityForm(_ request: Request, _ context: AppContext) async throws -> Response {
        let session = try session(context)
        // Users who change nothing are not offered a form they could never save.
        guard session.caller.policy.mayEditAnything else { throw StoreError.forbidden }
        var state = OpportunityViews.state(OpportunityDraft(name: "", accountID: 0, amount: Money(minorUnits: 0, currency: "USD"), ownerID: session.user.id))
        state.values["accountID"] = APISupport.query(request, "account") ?? ""
        return Pages.response(OpportunityViews.form(Catalog(context.language), id: nil, version: nil, state: state,
                                                    owners: try await store.users.all(), session: session))
    }

    func editOpportunityForm(_ request: Request, _ context: AppContext) async throws -> Response {
        let session = try session(context)
        let found = try await store.opportunities.get(try APISupport.id(context), caller: session.caller)
        guard found.canEdit else { throw StoreError.forbidden }
        return Pages.response(OpportunityViews.form(Catalog(context.language), id: found.opportunity.id, version: found.opportunity.version,
                                                    state: OpportunityViews.state(found.opportunity.draft), owners: try await store.users.all(),
                                                    session: session))
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
                                                        owners: try await store.users.all(), session: session), status: .unprocessableContent)
        }
    }
}
