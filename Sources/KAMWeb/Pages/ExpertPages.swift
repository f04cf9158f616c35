import Foundation
import Hummingbird
import KAMCore
import KAMHTML
import KAMStore

struct ExpertDirectoryModel: Sendable {
    var matches: [ExpertMatch]
    var filters: FormState
    /// When the directory was opened from an account: each row offers a request for it.
    var forAccount: (id: AccountID, name: String)?
    var requestForm = FormState()
    var csrf: String
}

enum ExpertViews {
    static func load(_ t: Catalog, _ load: ExpertLoad) -> HTML {
        span(.class(load.isOverAllocated ? "load over" : "load")) {
            t.text("experts.load_value", t.number(load.accounts), "\(t.number(load.committedHoursPerQuarter))/\(t.number(load.capacityHoursPerQuarter)) h (\(load.percent)%)")
            if load.isOverAllocated { " "; span(.class("badge warn")) { t.text("experts.over_allocated") } }
        }
    }

    static func directory(_ t: Catalog, _ m: ExpertDirectoryModel, session: SignedInSession) -> HTML {
        Pages.layout(t, title: t.text("experts.title"), session: session) {
            h1 { t.text("experts.title") }
            if let account = m.forAccount { p(.id("expert-for-account")) { t.text("experts.for_account", account.name) } }
            form(.method("get"), .action(Paths.experts), .class("filters"), .id("expert-search")) {
                if let account = m.forAccount { input(.type("hidden"), .name("account"), .value(String(account.id))) }
                FormFields.text(t, "experts.skill", name: "skill", state: m.filters, maxLength: 200)
                FormFields.vocabulary(t, "accounts.industry", name: "industry", state: m.filters, Industry.self, blank: "—")
                FormFields.text(t, "experts.language", name: "language", state: m.filters, maxLength: 40)
                button(.type("submit")) { t.text("experts.search") }
            }
            if let error = m.requestForm.generalError { p(.class("form-error"), .role("alert")) { error } }
            for (field, messages) in m.requestForm.errors.sorted(by: { $0.key < $1.key }) {
                p(.class("form-error"), .role("alert"), .data("field", field)) { messages.joined(separator: " ") }
            }
            if m.matches.isEmpty {
                p(.class("muted")) { t.text("experts.none") }
            } else {
                table(.id("expert-directory")) {
                    thead {
                        tr {
                            th(.scope("col")) { t.text("experts.name") }
                            th(.scope("col")) { t.text("experts.fit") }
                            th(.scope("col")) { t.text("experts.seniority") }
                            th(.scope("col")) { t.text("experts.skills") }
                            th(.scope("col")) { t.text("experts.industries") }
                            th(.scope("col")) { t.text("experts.languages") }
                            th(.scope("col")) { t.text("experts.load") }
                            if m.forAccount != nil { th(.scope("col")) { t.text("experts.request") } }
                        }
                    }
                    tbody {
                        for match in m.matches {
                            tr(.class(match.load.isOverAllocated ? "expert over" : "expert"), .data("expert", String(match.profile.userID))) {
                                td { a(.href(Paths.expert(match.profile.userID))) { match.profile.name } }
                                td { "\(match.fit)%" }
                                td { t.label(match.profile.seniority) }
                                td { match.profile.skills.joined(separator: ", ") }
                                td { match.profile.industries.map { t.label($0) }.joined(separator: ", ") }
                                td { match.profile.languages.joined(separator: ", ") }
                                td { load(t, match.load) }
                                if let account = m.forAccount {
                                    td {
                                        form(.method("post"), .action(Paths.expertRequests(account: account.id)), .class("inline request-expert")) {
                                            Pages.csrfField(m.csrf)
                                            input(.type("hidden"), .name("expertID"), .value(String(match.profile.userID)))
                                            label(.for("hours-\(match.profile.userID)"), .class("visually-hidden")) { t.text("experts.hours") }
                                            input(.type("number"), .name("hoursPerQuarter"), .id("hours-\(match.profile.userID)"), .min("1"),
                                                  .value(m.requestForm.values["expertID"] == String(match.profile.userID) ? m.requestForm["hoursPerQuarter"] : ""),
                                                  .placeholder(t.text("experts.hours")), .required())
                                            input(.type("text"), .name("note"), .maxlength(2000), .placeholder(t.text("experts.note")),
                                                  .value(m.requestForm.values["expertID"] == String(match.profile.userID) ? m.requestForm["note"] : ""))
                                            button(.type("submit")) { t.text("experts.request") }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    static func profile(_ t: Catalog, _ profile: ExpertProfile?, name: String, load: ExpertLoad?, userID: UserID, canEdit: Bool,
                        state: FormState, session: SignedInSession) -> HTML {
        Pages.layout(t, title: name, session: session) {
            h1 { name }
            if let load { p(.id("expert-load")) { ExpertViews.load(t, load) } }
            if let profile, !canEdit {
                dl(.class("facts")) {
                    dt { t.text("experts.seniority") }; dd { t.label(profile.seniority) }
                    dt { t.text("experts.skills") }; dd { profile.skills.joined(separator: ", ") }
                    dt { t.text("experts.industries") }; dd { profile.industries.map { t.label($0) }.joined(separator: ", ") }
                    dt { t.text("experts.languages") }; dd { profile.languages.joined(separator: ", ") }
                    dt { t.text("experts.capacity") }; dd { t.number(profile.capacityHoursPerQuarter) }
                }
            }
            if canEdit {
                if let error = state.generalError { p(.class("form-error"), .role("alert")) { error } }
                form(.method("post"), .action(Paths.expert(userID)), .id("expert-profile")) {
                    Pages.csrfField(session.csrfToken)
                    input(.type("hidden"), .name("_version"), .value(profile.map { String($0.version) } ?? ""))
                    FormFields.text(t, "experts.skills_input", name: "skills", state: state, maxLength: 4000)
                    FormFields.multiple(t, "experts.industries", name: "industries", state: state,
                                        choices: Industry.allCases.map { ($0.rawValue, t.label($0)) })
                    FormFields.text(t, "experts.languages_input", name: "languages", state: state, maxLength: 400)
                    FormFields.vocabulary(t, "experts.seniority", name: "seniority", state: state, Seniority.self)
                    FormFields.text(t, "experts.capacity", name: "capacityHoursPerQuarter", state: state, type: "number", maxLength: 5)
                    button(.type("submit")) { t.text("form.save") }
                }
            }
        }
    }

    static func requests(_ t: Catalog, awaiting: [ExpertRequest], mine: [ExpertRequest], aboutMe: [ExpertRequest],
                         forms: [ExpertRequestID: FormState], session: SignedInSession) -> HTML {
        Pages.layout(t, title: t.text("requests.title"), session: session) {
            h1 { t.text("requests.title") }
            section(.class("card"), .id("requests-awaiting")) {
                h2 { t.text("requests.awaiting") }
                requestTable(t, awaiting, session: session) { request in
                    let state = forms[request.id] ?? FormState()
                    return HTML {
                        if let error = state.generalError { p(.class("form-error"), .role("alert")) { error } }
                        form(.method("post"), .action(Paths.decideExpertRequest(request.id)), .class("inline decide")) {
                            Pages.csrfField(session.csrfToken)
                            input(.type("hidden"), .name("_version"), .value(String(request.version)))
                            input(.type("hidden"), .name("accept"), .value("true"))
                            button(.type("submit"), .class("accept")) { t.text("requests.accept") }
                        }
                        form(.method("post"), .action(Paths.decideExpertRequest(request.id)), .class("inline decide")) {
                            Pages.csrfField(session.csrfToken)
                            input(.type("hidden"), .name("_version"), .value(String(request.version)))
                            input(.type("hidden"), .name("accept"), .value("false"))
                            FormFields.text(t, "requests.reason", name: "reason", state: state, maxLength: 2000,
                                            id: "reason-\(request.id)")
                            button(.type("submit"), .class("decline")) { t.text("requests.decline") }
                        }
                    }
                }
            }
            section(.class("card"), .id("requests-mine")) {
                h2 { t.text("requests.mine") }
                requestTable(t, mine, session: session) { request in
                    HTML {
                        if request.status == .pending {
                            form(.method("post"), .action(Paths.withdrawExpertRequest(request.id)), .class("inline")) {
                                Pages.csrfField(session.csrfToken)
                                input(.type("hidden"), .name("_version"), .value(String(request.version)))
                                button(.type("submit")) { t.text("requests.withdraw") }
                            }
                        }
                    }
                }
            }
            section(.class("card"), .id("requests-about-me")) {
                h2 { t.text("requests.about_me") }
                requestTable(t, aboutMe, session: session) { _ in .empty }
            }
        }
    }

    static func requestTable(_ t: Catalog, _ requests: [ExpertRequest], session: SignedInSession,
                             actions: (ExpertRequest) -> HTML) -> HTML {
        HTML {
            if requests.isEmpty {
                p(.class("muted")) { t.text("requests.none") }
            } else {
                table {
                    thead {
                        tr {
                            th(.scope("col")) { t.text("accounts.name") }
                            th(.scope("col")) { t.text("experts.name") }
                            th(.scope("col")) { t.text("requests.requested_by") }
                            th(.scope("col")) { t.text("experts.hours") }
                            th(.scope("col")) { t.text("requests.status") }
                            th(.scope("col")) { t.text("recycle.action") }
                        }
                    }
                    tbody {
                        for request in requests {
                            tr(.class("request \(request.status.rawValue)"), .data("request", String(request.id))) {
                                td { a(.href(Paths.account(request.accountID))) { request.accountName } }
                                td { request.expertName }
                                td { request.requestedByName }
                                td { t.number(request.hoursPerQuarter) }
                                td {
                                    span(.class("badge")) { t.label(request.status) }
                                    if let reason = request.decisionReason { " "; span(.class("muted")) { reason } }
                                }
                                td { actions(request) }
                            }
                        }
                    }
                }
            }
        }
    }
}

extension PageHandlers {
    func expertDirectory(_ request: Request, _ context: AppContext) async throws -> Response {
        let session = try session(context)
        return Pages.response(try await renderDirectory(request, session: session, context: context, requestForm: FormState()))
    }

    func renderDirectory(_ request: Request, session: SignedInSession, context: AppContext, requestForm: FormState,
                         accountID: AccountID? = nil) async throws -> HTML {
        var filters = FormState()
        for key in ["skill", "industry", "language"] { filters.values[key] = APISupport.query(request, key) }
        let search = (try? APIHandlers.expertSearch(request)) ?? ExpertSearch()
        let accountID = accountID ?? APISupport.query(request, "account").flatMap { Int64($0) }
        let account = try await accountID.asyncMap { try? await store.accounts.get($0, caller: session.caller) } ?? nil
        let model = ExpertDirectoryModel(matches: try await store.experts.search(search),
                                         filters: filters, forAccount: account.map { ($0.id, $0.name) }, requestForm: requestForm,
                                         csrf: session.csrfToken)
        return ExpertViews.directory(Catalog(context.language), model, session: session)
    }

    func requestExpert(_ request: Request, _ context: AppContext) async throws -> Response {
        let session = try session(context)
        let accountID = try APISupport.id(context)
        let form = try await FormBody.read(request, context, csrfExpected: session.csrfToken)
        do {
            let input = Inputs.expertRequest(JSONValue.fromForm(form), fromForm: true)
            _ = try await store.experts.request(on: accountID, input.value, caller: session.caller, inputIssues: input.issues)
            return Pages.redirect(Paths.expertRequestsPage)
        } catch {
            let failed = try FormState.failed(error, form: form, version: nil, Catalog(context.language))
            return Pages.response(try await renderDirectory(request, session: session, context: context, requestForm: failed.state,
                                                            accountID: accountID), status: .unprocessableContent)
        }
    }

    func expertProfilePage(_ request: Request, _ context: AppContext) async throws -> Response {
        let session = try session(context)
        return try await renderProfile(try APISupport.id(context), session: session, context: context, state: nil)
    }

    func renderProfile(_ id: UserID, session: SignedInSession, context: AppContext, state: FormState?,
                       status: HTTPResponse.Status = .ok) async throws -> Response {
        guard let user = try await store.users.find(id: id), user.active else { throw AppError.notFound }
        let found = try? await store.experts.profile(id)
        let canEdit = session.caller.policy.isAdministrator || session.user.id == id || user.managerID == session.user.id
        let draft = found?.profile.draft ?? ExpertProfileDraft()
        let values = ["skills": draft.skills.joined(separator: ", "), "industries": draft.industries.map(\.rawValue).joined(separator: ","),
                      "languages": draft.languages.joined(separator: ", "), "seniority": draft.seniority.rawValue,
                      "capacityHoursPerQuarter": String(draft.capacityHoursPerQuarter)]
        let html = ExpertViews.profile(Catalog(context.language), found?.profile, name: user.displayName, load: found?.load, userID: id,
                                       canEdit: canEdit, state: state ?? FormState(values: values), session: session)
        return Pages.response(html, status: status)
    }

    func saveExpertProfile(_ request: Request, _ context: AppContext) async throws -> Response {
        let session = try session(context)
        let id = try APISupport.id(context)
        let form = FormBody.joined(try await FormBody.read(request, context, csrfExpected: session.csrfToken))
        let version = Int(FormBody.value(form, "_version") ?? "")
        do {
            let input = Inputs.expertProfile(JSONValue.fromForm(form), fromForm: true, base: ExpertProfileDraft())
            _ = try await store.experts.saveProfile(id, input.value, expectedVersion: version, caller: session.caller, inputIssues: input.issues)
            return Pages.redirect(Paths.expert(id))
        } catch {
            let failed = try FormState.failed(error, form: form, version: version, Catalog(context.language))
            return try await renderProfile(id, session: session, context: context, state: failed.state, status: .unprocessableContent)
        }
    }

    func expertRequestsPage(_ request: Request, _ context: AppContext) async throws -> Response {
        let session = try session(context)
        return Pages.response(try await renderRequests(session: session, context: context, forms: [:]))
    }

    func renderRequests(session: SignedInSession, context: AppContext, forms: [ExpertRequestID: FormState]) async throws -> HTML {
        ExpertViews.requests(Catalog(context.language), awaiting: try await store.experts.requests(.awaitingMe, caller: session.caller),
                             mine: try await store.experts.requests(.mine, caller: session.caller),
                             aboutMe: try await store.experts.requests(.aboutMe, caller: session.caller), forms: forms, session: session)
    }

    func decideExpertRequest(_ request: Request, _ context: AppContext) async throws -> Response {
        let session = try session(context)
        let id = try APISupport.id(context)
        let form = try await FormBody.read(request, context, csrfExpected: session.csrfToken)
        do {
            let input = Inputs.expertDecision(JSONValue.fromForm(form), fromForm: true)
            _ = try await store.experts.decide(id, input.value, expectedVersion: Int(FormBody.value(form, "_version") ?? "") ?? 0,
                                               caller: session.caller, inputIssues: input.issues)
            return Pages.redirect(Paths.expertRequestsPage)
        } catch {
            let failed = try FormState.failed(error, form: form, version: nil, Catalog(context.language))
            return Pages.response(try await renderRequests(session: session, context: context, forms: [id: failed.state]),
                                  status: .unprocessableContent)
        }
    }

    func withdrawExpertRequest(_ request: Request, _ context: AppContext) async throws -> Response {
        let session = try session(context)
        let form = try await FormBody.read(request, context, csrfExpected: session.csrfToken)
        _ = try await store.experts.withdraw(try APISupport.id(context), expectedVersion: Int(FormBody.value(form, "_version") ?? "") ?? 0,
                                             caller: session.caller)
        return Pages.redirect(Paths.expertRequestsPage)
    }
}
