import Foundation
import Hummingbird
import KAMCore
import KAMHTML
import KAMStore

enum PresalesViews {
    /// "45 min", "5 h", "2 d 3 h": how long a request has waited.
    static func waiting(_ t: Catalog, _ seconds: Int) -> String {
        let minutes = seconds / 60, hours = minutes / 60
        if hours == 0 { return t.text("duration.minutes", t.number(minutes)) }
        if hours < 24 { return t.text("duration.hours", t.number(hours)) }
        return t.text("duration.days", t.number(hours / 24), t.number(hours % 24))
    }

    /// The request form on the account page.
    static func requestForm(_ t: Catalog, account: AccountID, opportunities: [OpportunitySummary], state: FormState, csrf: String) -> HTML {
        details(.id("ask-presales"), .open(!state.errors.isEmpty)) {
            summary { t.text("presales.ask") }
            form(.method("post"), .action(Paths.presalesRequests(account: account))) {
                Pages.csrfField(csrf)
                FormFields.vocabulary(t, "presales.kind", name: "kind", state: state, PresalesKind.self)
                FormFields.select(t, "presales.opportunity", name: "opportunityID", state: state,
                                  choices: opportunities.map { (String($0.opportunity.id), $0.opportunity.name) }, blank: "—")
                FormFields.text(t, "presales.note", name: "note", state: state, maxLength: 2000)
                button(.type("submit"), .id("ask-presales-submit")) { t.text("presales.ask") }
            }
        }
    }

    static func queue(_ t: Catalog, _ requests: [PresalesRequest], presalesUsers: [User], now: Date, session: SignedInSession) -> HTML {
        let me = session.user
        let assigns = me.role == .administrator || me.role == .salesDirector
        return Pages.layout(t, title: t.text("presales.title"), session: session) {
            h1 { t.text("presales.title") }
            p(.class("muted")) { t.text("presales.intro") }
            if requests.isEmpty { p(.class("muted")) { t.text("presales.none") } }
            for tier in PresalesTier.allCases {
                let rows = requests.filter { $0.tier == tier }
                if !rows.isEmpty {
                    section(.class("card"), .id("tier-\(tier.rawValue)")) {
                        h2 { t.text("presales.tier", String(tier.rawValue)) }
                        table {
                            thead {
                                tr {
                                    th(.scope("col")) { t.text("accounts.name") }
                                    th(.scope("col")) { t.text("presales.kind") }
                                    th(.scope("col")) { t.text("requests.requested_by") }
                                    th(.scope("col")) { t.text("presales.waiting") }
                                    th(.scope("col")) { t.text("requests.status") }
                                    th(.scope("col")) { t.text("presales.assignee") }
                                    th(.scope("col")) { t.text("recycle.action") }
                                }
                            }
                            tbody {
                                for request in rows {
                                    tr(.class("presales \(request.status.rawValue)"), .data("request", String(request.id))) {
                                        td {
                                            if request.accountName.isEmpty {
                                                span(.class("muted")) { t.text("presales.hidden_account") }
                                            } else {
                                                a(.href(Paths.account(request.accountID))) { request.accountName }
                                            }
                                        }
                                        td { t.label(request.kind); if let note = request.note { br(); span(.class("muted")) { note } } }
                                        td { request.requestedByName }
                                        td(.class("waiting")) { waiting(t, request.waitingSeconds(now: now)) }
                                        td { span(.class("badge")) { t.label(request.status) } }
                                        td { request.assigneeName ?? "—" }
                                        td { actions(t, request, presalesUsers: presalesUsers, assigns: assigns, me: me, csrf: session.csrfToken) }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    static func actions(_ t: Catalog, _ request: PresalesRequest, presalesUsers: [User], assigns: Bool, me: User, csrf: String) -> HTML {
        let open = request.status == .queued || request.status == .assigned
        return HTML {
            if open && me.role == .presales && request.assigneeID != me.id {
                form(.method("post"), .action(Paths.assignPresales(request.id)), .class("inline")) {
                    Pages.csrfField(csrf)
                    input(.type("hidden"), .name("_version"), .value(String(request.version)))
                    input(.type("hidden"), .name("assigneeID"), .value(String(me.id)))
                    button(.type("submit"), .class("take")) { t.text("presales.take") }
                }
            }
            if open && assigns {
                form(.method("post"), .action(Paths.assignPresales(request.id)), .class("inline")) {
                    Pages.csrfField(csrf)
                    input(.type("hidden"), .name("_version"), .value(String(request.version)))
                    label(.for("assignee-\(request.id)"), .class("visually-hidden")) { t.text("presales.assignee") }
                    select(.name("assigneeID"), .id("assignee-\(request.id)")) {
                        for user in presalesUsers { option(.value(String(user.id)), .selected(user.id == request.assigneeID)) { user.displayName } }
                    }
                    button(.type("submit")) { t.text("presales.assign") }
                }
            }
            if request.status == .assigned && (assigns || request.assigneeID == me.id) {
                form(.method("post"), .action(Paths.completePresales(request.id)), .class("inline")) {
                    Pages.csrfField(csrf)
                    input(.type("hidden"), .name("_version"), .value(String(request.version)))
                    button(.type("submit"), .class("done")) { t.text("presales.done") }
                }
            }
            if open && (me.role == .administrator || request.requestedBy == me.id) {
                form(.method("post"), .action(Paths.cancelPresales(request.id)), .class("inline")) {
                    Pages.csrfField(csrf)
                    input(.type("hidden"), .name("_version"), .value(String(request.version)))
                    button(.type("submit"), .class("cancel")) { t.text("presales.cancel") }
                }
            }
        }
    }
}

extension PageHandlers {
    func presalesQueue(_ request: Request, _ context: AppContext) async throws -> Response {
        let session = try session(context)
        // The queue is what is still open; closed requests stay in the API and the audit history.
        let requests = try await store.presales.list(caller: session.caller).filter { $0.status == .queued || $0.status == .assigned }
        let presalesUsers = try await store.users.all().filter { $0.active && $0.role == .presales }
        return Pages.response(PresalesViews.queue(Catalog(context.language), requests, presalesUsers: presalesUsers, now: store.now(),
                                                  session: session))
    }

    func requestPresales(_ request: Request, _ context: AppContext) async throws -> Response {
        let session = try session(context)
        let id = try APISupport.id(context)
        let form = try await FormBody.read(request, context, csrfExpected: session.csrfToken)
        do {
            let input = Inputs.presales(JSONValue.fromForm(form), fromForm: true)
            _ = try await store.presales.create(on: id, input.value, caller: session.caller, inputIssues: input.issues)
            return Pages.redirect(Paths.presalesQueue)
        } catch {
            let failed = try FormState.failed(error, form: form, version: nil, Catalog(context.language))
            return Pages.response(try await renderAccount(id, session: session, context: context, moveForm: FormState(),
                                                          presalesForm: failed.state), status: .unprocessableContent)
        }
    }

    func assignPresales(_ request: Request, _ context: AppContext) async throws -> Response {
        let session = try session(context)
        let form = try await FormBody.read(request, context, csrfExpected: session.csrfToken)
        guard let assignee = FormBody.value(form, "assigneeID").flatMap({ Int64($0) }) else {
            throw AppError.invalid([FieldIssue(field: "assigneeID", code: "required")])
        }
        _ = try await store.presales.assign(try APISupport.id(context), to: assignee,
                                            expectedVersion: Int(FormBody.value(form, "_version") ?? "") ?? 0, caller: session.caller)
        return Pages.redirect(Paths.presalesQueue)
    }

    func completePresales(_ request: Request, _ context: AppContext) async throws -> Response {
        try await closePresales(request, context, as: .done)
    }

    func cancelPresales(_ request: Request, _ context: AppContext) async throws -> Response {
        try await closePresales(request, context, as: .cancelled)
    }

    private func closePresales(_ request: Request, _ context: AppContext, as status: PresalesStatus) async throws -> Response {
        let session = try session(context)
        let form = try await FormBody.read(request, context, csrfExpected: session.csrfToken)
        _ = try await store.presales.close(try APISupport.id(context), as: status,
                                           expectedVersion: Int(FormBody.value(form, "_version") ?? "") ?? 0, caller: session.caller)
        return Pages.redirect(Paths.presalesQueue)
    }
}
