import Foundation
import Hummingbird
import KAMCore
import KAMHTML
import KAMStore

/// Administrators manage users: roles, the manager hierarchy, activity, and new accounts.
enum UserAdminView {
    static func render(_ t: Catalog, _ users: [User], forms: [UserID: FormState], newForm: FormState, session: SignedInSession) -> HTML {
        let names = Dictionary(uniqueKeysWithValues: users.map { ($0.id, $0.displayName) })
        let managers = users.filter(\.active).map { (String($0.id), $0.displayName) }
        return Pages.layout(t, title: t.text("users.title"), session: session) {
            h1 { t.text("users.title") }
            table(.id("users")) {
                thead {
                    tr {
                        th(.scope("col")) { t.text("users.username") }
                        th(.scope("col")) { t.text("users.display_name") }
                        th(.scope("col")) { t.text("users.role") }
                        th(.scope("col")) { t.text("users.manager") }
                        th(.scope("col")) { t.text("users.active") }
                        th(.scope("col")) { t.text("recycle.action") }
                    }
                }
                tbody {
                    for user in users {
                        let state = forms[user.id] ?? FormState(values: ["role": user.role.rawValue, "managerID": user.managerID.map(String.init) ?? "",
                                                                         "active": user.active ? "true" : "false"])
                        tr(.class(user.active ? "user" : "user inactive"), .data("user", String(user.id))) {
                            td { user.username }
                            td { a(.href(Paths.expert(user.id))) { user.displayName } }
                            td { t.label(user.role) }
                            td { user.managerID.flatMap { names[$0] } ?? "—" }
                            td { user.active ? t.text("users.yes") : t.text("users.no") }
                            td {
                                details(.open(forms[user.id] != nil)) {
                                    summary { t.text("users.change") }
                                    form(.method("post"), .action(Paths.user(user.id))) {
                                        Pages.csrfField(session.csrfToken)
                                        input(.type("hidden"), .name("_version"), .value(String(user.version)))
                                        if let error = state.generalError { p(.class("form-error"), .role("alert")) { error } }
                                        FormFields.vocabulary(t, "users.role", name: "role", state: state, Role.self)
                                        FormFields.select(t, "users.manager", name: "managerID", state: state,
                                                          choices: managers.filter { $0.0 != String(user.id) }, blank: "—")
                                        FormFields.select(t, "users.active", name: "active", state: state,
                                                          choices: [("true", t.text("users.yes")), ("false", t.text("users.no"))])
                                        button(.type("submit")) { t.text("form.save") }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            section(.class("card"), .id("new-user")) {
                h2 { t.text("users.new") }
                form(.method("post"), .action(Paths.users)) {
                    Pages.csrfField(session.csrfToken)
                    FormFields.text(t, "users.username", name: "username", state: newForm, required: true, maxLength: 64)
                    FormFields.text(t, "users.display_name", name: "displayName", state: newForm, required: true)
                    FormFields.text(t, "users.email", name: "email", state: newForm, type: "email", maxLength: 254)
                    FormFields.text(t, "users.password", name: "password", state: newForm, type: "password", required: true, maxLength: 72)
                    FormFields.vocabulary(t, "users.role", name: "role", state: newForm, Role.self)
                    FormFields.select(t, "users.manager", name: "managerID", state: newForm, choices: managers, blank: "—")
                    FormFields.text(t, "account.time_zone", name: "timeZone", state: newForm, maxLength: 64)
                    button(.type("submit")) { t.text("users.create") }
                }
            }
        }
    }
}

extension PageHandlers {
    func usersPage(_ request: Request, _ context: AppContext) async throws -> Response {
        let session = try session(context)
        guard session.caller.policy.isAdministrator else { throw AppError.forbidden }
        return try await renderUsers(session: session, context: context)
    }

    func renderUsers(session: SignedInSession, context: AppContext, forms: [UserID: FormState] = [:],
                     newForm: FormState = FormState(values: ["timeZone": "UTC", "role": Role.salesperson.rawValue]),
                     status: HTTPResponse.Status = .ok) async throws -> Response {
        let html = UserAdminView.render(Catalog(context.language), try await store.users.all(), forms: forms, newForm: newForm, session: session)
        return Pages.response(html, status: status)
    }

    func createUser(_ request: Request, _ context: AppContext) async throws -> Response {
        let session = try session(context)
        guard session.caller.policy.isAdministrator else { throw AppError.forbidden }
        let form = try await FormBody.read(request, context, csrfExpected: session.csrfToken)
        do {
            _ = try await APIHandlers.create(try APIHandlers.newUser(JSONValue.fromForm(form), fromForm: true), store: store, caller: session.caller)
            return Pages.redirect(Paths.users)
        } catch {
            var failed = try FormState.failed(error, form: form, version: nil, Catalog(context.language))
            failed.state.values["password"] = ""
            return try await renderUsers(session: session, context: context, newForm: failed.state, status: .unprocessableContent)
        }
    }

    func updateUser(_ request: Request, _ context: AppContext) async throws -> Response {
        let session = try session(context)
        guard session.caller.policy.isAdministrator else { throw AppError.forbidden }
        let id = try APISupport.id(context)
        let form = try await FormBody.read(request, context, csrfExpected: session.csrfToken)
        let version = Int(FormBody.value(form, "_version") ?? "") ?? 0
        do {
            guard let current = try await store.users.find(id: id) else { throw AppError.notFound }
            let input = Inputs.userChange(JSONValue.fromForm(form), fromForm: true, base: UserChange(current))
            _ = try await store.users.update(id, input.value, expectedVersion: version, caller: session.caller, inputIssues: input.issues)
            return Pages.redirect(Paths.users)
        } catch {
            let failed = try FormState.failed(error, form: form, version: version, Catalog(context.language))
            return try await renderUsers(session: session, context: context, forms: [id: failed.state], status: .unprocessableContent)
        }
    }
}
