import Foundation
import Hummingbird
import KAMCore
import KAMHTML
import KAMStore

struct StrengtheningPageModel: Sendable {
    var account: Account
    var overview: StrengtheningOverview
    var users: [(id: UserID, name: String)]
    var canEdit: Bool
    /// One state per form; only the form that failed carries what was typed and its messages.
    var forms: [StrengtheningView.Form: FormState]
    var today: CalendarDate
}

extension PageHandlers {
    func strengtheningPage(_ request: Request, _ context: AppContext) async throws -> Response {
        let session = try session(context)
        return Pages.response(try await renderStrengthening(try APISupport.id(context), failed: nil, session: session, context: context))
    }

    func addMutualPurchaseFromPage(_ request: Request, _ context: AppContext) async throws -> Response {
        try await addFromStrengtheningPage(request, context, .purchase) { store, id, value, caller in
            let input = Inputs.mutualPurchase(value, fromForm: true, base: nil)
            _ = try await store.strengthening.addPurchase(at: id, input.value, caller: caller, inputIssues: input.issues)
        }
    }

    func addEngagementFromPage(_ request: Request, _ context: AppContext) async throws -> Response {
        try await addFromStrengtheningPage(request, context, .engagement) { store, id, value, caller in
            let input = Inputs.engagement(value, fromForm: true, base: nil)
            _ = try await store.strengthening.addEngagement(at: id, input.value, caller: caller, inputIssues: input.issues)
        }
    }

    func addSeatFromPage(_ request: Request, _ context: AppContext) async throws -> Response {
        try await addFromStrengtheningPage(request, context, .seat) { store, id, value, caller in
            let input = Inputs.seat(value, fromForm: true, base: nil)
            _ = try await store.strengthening.addSeat(at: id, input.value, caller: caller, inputIssues: input.issues)
        }
    }

    private func addFromStrengtheningPage(_ request: Request, _ context: AppContext, _ which: StrengtheningView.Form,
                                          add: (KAMStore, AccountID, JSONValue, Caller) async throws -> Void) async throws -> Response {
        let session = try session(context)
        let id = try APISupport.id(context)
        let pairs = try await FormBody.read(request, context, csrfExpected: session.csrfToken)
        do {
            try await add(store, id, JSONValue.fromForm(pairs.filter { !$0.0.hasPrefix("_") }), session.caller)
            return Pages.redirect(Paths.strengthening(id) + "#" + which.rawValue)
        } catch {
            var (failed, _) = try FormState.failed(error, form: pairs, version: nil, Catalog(context.language))
            // The form types the amount in major units; a problem with the amount belongs next to that field.
            if let messages = failed.errors["amount.minorUnits"] { failed.errors["amount.decimal", default: []] += messages }
            return Pages.response(try await renderStrengthening(id, failed: (which, failed), session: session, context: context),
                                  status: .unprocessableContent)
        }
    }

    func renderStrengthening(_ id: AccountID, failed: (StrengtheningView.Form, FormState)?, session: SignedInSession, context: AppContext) async throws
        -> HTML {
        let account = try await store.accounts.get(id, caller: session.caller)
        let today = store.today()
        var forms: [StrengtheningView.Form: FormState] = [:]
        for form in StrengtheningView.Form.allCases {
            var state = FormState()
            switch form {
            case .purchase: state.values = ["year": String(today.year), "amount.currency": try await store.catalogue.settings().reportingCurrency]
            case .engagement: state.values = ["leadUserID": String(session.user.id), "from": today.description]
            case .seat: state.values = ["holderUserID": String(account.ownerID), "from": today.description]
            }
            forms[form] = state
        }
        if let (form, state) = failed { forms[form] = state }
        let model = StrengtheningPageModel(account: account, overview: try await store.strengthening.overview(of: id, caller: session.caller),
                                           users: try await store.users.all().filter(\.active).map { ($0.id, $0.displayName) },
                                           canEdit: session.caller.policy.mayEditAnything && session.caller.policy.canEdit(account), forms: forms,
                                           today: today)
        return StrengtheningView.render(Catalog(context.language), model, session: session)
    }
}

enum StrengtheningView {
    enum Form: String, CaseIterable, Sendable { case purchase = "mutual-purchasing", engagement = "consulting", seat = "seats" }

    static func render(_ t: Catalog, _ m: StrengtheningPageModel, session: SignedInSession) -> HTML {
        Pages.layout(t, title: t.text("strengthening.title", m.account.name), session: session) {
            h1 { t.text("strengthening.title", m.account.name) }
            p { a(.href(Paths.account(m.account.id))) { t.text("purchases.back") }; " · "; a(.href(Paths.lifecycle(m.account.id))) { t.text("lifecycle.open") } }
            for (_, state) in m.forms { if let error = state.generalError { p(.class("form-error"), .role("alert")) { error } } }
            ledger(t, m, csrf: session.csrfToken)
            engagements(t, m, csrf: session.csrfToken)
            seats(t, m, csrf: session.csrfToken)
        }
    }

    static func ledger(_ t: Catalog, _ m: StrengtheningPageModel, csrf: String) -> HTML {
        section(.id(Form.purchase.rawValue)) {
            h2 { t.text("strengthening.ledger") }
            if m.overview.ledger.isEmpty { p(.class("muted")) { t.text("strengthening.no_ledger") } } else {
                table(.id("mutual-ledger")) {
                    thead {
                        tr {
                            th(.scope("col")) { t.text("strengthening.year") }; th(.scope("col")) { t.text("strengthening.we_buy") }
                            th(.scope("col")) { t.text("strengthening.they_buy") }
                        }
                    }
                    tbody {
                        for year in m.overview.ledger {
                            tr {
                                td { String(year.year) }
                                td(.class("number")) {
                                    t.money(year.weBuy)
                                    if year.weBuyIncomplete { " "; span(.class("badge warn")) { t.text("strengthening.no_rate") } }
                                }
                                td(.class("number")) { t.money(year.theyBuy) }
                            }
                        }
                    }
                }
            }
            if !m.overview.purchases.isEmpty {
                ul(.id("mutual-purchases")) {
                    for purchase in m.overview.purchases { li { String(purchase.year); " · "; t.money(purchase.amount); " · "; purchase.description } }
                }
            }
            if m.canEdit, let state = m.forms[.purchase] {
                form(.method("post"), .action(Paths.mutualPurchases(m.account.id)), .class("card")) {
                    Pages.csrfField(csrf)
                    div(.class("grid")) {
                        FormFields.text(t, "strengthening.year", name: "year", state: state, type: "number", required: true)
                        FormFields.text(t, "strengthening.amount", name: "amount.decimal", state: state, required: true, maxLength: 30)
                        FormFields.text(t, "strengthening.currency", name: "amount.currency", state: state, required: true, maxLength: 3)
                    }
                    FormFields.text(t, "strengthening.what", name: "description", state: state, required: true, maxLength: 300)
                    button(.type("submit"), .id("add-mutual-purchase")) { t.text("strengthening.add_purchase") }
                }
            }
        }
    }

    static func engagements(_ t: Catalog, _ m: StrengtheningPageModel, csrf: String) -> HTML {
        section(.id(Form.engagement.rawValue)) {
            h2 { t.text("strengthening.consulting") }
            if m.overview.engagements.isEmpty { p(.class("muted")) { t.text("strengthening.none") } } else {
                ul(.id("engagements")) {
                    for e in m.overview.engagements {
                        li {
                            strong { e.title }; " — "; e.leadName; ", "; t.date(e.from); " – "; e.to.map { t.date($0) } ?? ""
                            if let scope = e.scope { br(); span(.class("muted")) { scope } }
                        }
                    }
                }
            }
            if m.canEdit, let state = m.forms[.engagement] {
                form(.method("post"), .action(Paths.engagements(m.account.id)), .class("card")) {
                    Pages.csrfField(csrf)
                    FormFields.text(t, "strengthening.engagement", name: "title", state: state, required: true, maxLength: 300)
                    div(.class("grid")) {
                        FormFields.select(t, "strengthening.lead", name: "leadUserID", state: state, choices: m.users.map { (String($0.id), $0.name) })
                        FormFields.text(t, "strengthening.from", name: "from", state: state, type: "date", required: true)
                        FormFields.text(t, "strengthening.to", name: "to", state: state, type: "date")
                    }
                    FormFields.textArea(t, "strengthening.scope", name: "scope", state: state, rows: 2)
                    button(.type("submit"), .id("add-engagement")) { t.text("strengthening.add_engagement") }
                }
            }
        }
    }

    static func seats(_ t: Catalog, _ m: StrengtheningPageModel, csrf: String) -> HTML {
        section(.id(Form.seat.rawValue)) {
            h2 { t.text("strengthening.seats") }
            if m.overview.seats.isEmpty { p(.class("muted")) { t.text("strengthening.none") } } else {
                ul(.id("seats")) {
                    for s in m.overview.seats {
                        li(.class(s.isHeld(on: m.today) ? "" : "muted")) {
                            t.label(s.body); " — "; s.holderName; ", "; t.date(s.from); " – "; s.to.map { t.date($0) } ?? ""
                            if let note = s.note { br(); span(.class("muted")) { note } }
                        }
                    }
                }
            }
            if m.canEdit, let state = m.forms[.seat] {
                form(.method("post"), .action(Paths.seats(m.account.id)), .class("card")) {
                    Pages.csrfField(csrf)
                    div(.class("grid")) {
                        FormFields.vocabulary(t, "strengthening.body", name: "body", state: state, GovernanceBody.self)
                        FormFields.select(t, "strengthening.holder", name: "holderUserID", state: state, choices: m.users.map { (String($0.id), $0.name) })
                        FormFields.text(t, "strengthening.from", name: "from", state: state, type: "date", required: true)
                        FormFields.text(t, "strengthening.to", name: "to", state: state, type: "date")
                    }
                    FormFields.textArea(t, "strengthening.note", name: "note", state: state, rows: 2)
                    button(.type("submit"), .id("add-seat")) { t.text("strengthening.add_seat") }
                }
            }
        }
    }
}
