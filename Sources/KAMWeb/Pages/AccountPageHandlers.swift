import Foundation
import Hummingbird
import KAMCore
import KAMHTML
import KAMStore

extension PageHandlers {
    func accountList(_ request: Request, _ context: AppContext) async throws -> Response {
        try await listPage(request, context, recycleBin: false)
    }

    func recycleBin(_ request: Request, _ context: AppContext) async throws -> Response {
        try await listPage(request, context, recycleBin: true)
    }

    private func listPage(_ request: Request, _ context: AppContext, recycleBin: Bool) async throws -> Response {
        let session = try session(context)
        let t = Catalog(context.language)
        var query: AccountQuery
        do { query = try APIHandlers.accountQuery(request) } catch { query = AccountQuery() }
        query.deleted = recycleBin
        if recycleBin { query.sort = .updatedDescending }
        let page = try await store.accounts.list(query, caller: session.caller)
        var filters: [String: String] = [:]
        for key in ["q", "industry", "region", "status", "class", "owner", "sort"] { filters[key] = APISupport.query(request, key) }
        for filter in query.customFields { filters["cf.\(filter.key)"] = filter.value }
        var model = AccountListModel(page: page, filters: filters.compactMapValues { $0 }, owners: try await store.users.ownerChoices(visibleTo: session.caller),
                                     recycleBin: recycleBin, csrf: session.csrfToken, customFields: try await store.customFields.all())
        model.canRescore = !recycleBin && session.caller.policy.mayEditAnything
        if recycleBin {
            var deleted = PersonQuery()
            deleted.deleted = true
            deleted.limit = 200
            model.deletedPeople = try await store.persons.list(deleted, caller: session.caller).items
        }
        return Pages.response(AccountListView.render(t, model, session: session))
    }

    func accountPage(_ request: Request, _ context: AppContext) async throws -> Response {
        let session = try session(context)
        return Pages.response(try await renderAccount(try APISupport.id(context), session: session, context: context, moveForm: FormState()))
    }

    func renderAccount(_ id: AccountID, session: SignedInSession, context: AppContext, moveForm: FormState,
                       teamForm: FormState? = nil, coverageForm: FormState? = nil, presalesForm: FormState? = nil) async throws -> HTML {
        let account = try await store.accounts.get(id, caller: session.caller)
        let users = try await store.users.all()
        let names = Dictionary(uniqueKeysWithValues: users.map { ($0.id, $0.displayName) })
        let today = store.today()
        // The group tree holds the parent when the caller may see it (same rule, same name).
        let tree = try await store.accounts.tree(of: id, caller: session.caller)
        let parentName = account.parentID.flatMap { parent in tree.first { $0.id == parent }?.name }
        var query = OpportunityQuery()
        query.accountID = id
        let model = AccountPageModel(
            account: account, ownerName: names[account.ownerID] ?? "?", parentName: parentName,
            canEdit: session.caller.policy.canEdit(account), tree: tree,
            people: try await store.persons.atAccount(id), opportunities: try await store.opportunities.list(query, caller: session.caller),
            moves: try await store.accounts.moves(of: id), history: try await store.accounts.history(of: account, caller: session.caller, limit: 50),
            customFields: try await store.customFields.all(), userNames: names, moveForm: moveForm,
            team: try await store.teams.list(for: account, caller: session.caller),
            candidates: users.filter { $0.active && $0.id != account.ownerID },
            teamForm: teamForm ?? FormState(values: ["from": today.description, "access": TeamAccess.read.rawValue]),
            coverage: try await coverageCard(account, users: users, session: session, form: coverageForm),
            presalesForm: presalesForm ?? FormState(values: ["kind": PresalesKind.demo.rawValue]),
            today: today, outlook: try await store.purchases.projection(of: account, caller: session.caller))
        return AccountView.render(Catalog(context.language), model, session: session)
    }

    func newAccountForm(_ request: Request, _ context: AppContext) async throws -> Response {
        let session = try session(context)
        guard session.caller.policy.canCreateAccount(ownerID: session.user.id) else { throw StoreError.forbidden }
        var state = FormState()
        state.values = ["ownerID": String(session.user.id), "size": AccountSize.medium.rawValue,
                        "procurementMode": ProcurementMode.centralised.rawValue,
                        "parentID": APISupport.query(request, "parent") ?? ""]
        return try await accountForm(nil, version: nil, state: state, session: session, context: context)
    }

    func editAccountForm(_ request: Request, _ context: AppContext) async throws -> Response {
        let session = try session(context)
        let account = try await store.accounts.get(try APISupport.id(context), caller: session.caller)
        guard session.caller.policy.canEdit(account) else { throw StoreError.forbidden }
        return try await accountForm(account.id, version: account.version, state: AccountFormView.state(from: account.draft),
                                     session: session, context: context)
    }

    func accountForm(_ id: AccountID?, version: Int?, state: FormState, session: SignedInSession, context: AppContext,
                     status: HTTPResponse.Status = .ok) async throws -> Response {
        let model = AccountFormModel(accountID: id, version: version, state: state, owners: try await store.users.all().filter(\.active),
                                     customFields: try await store.customFields.all())
        return Pages.response(AccountFormView.render(Catalog(context.language), model, session: session), status: status)
    }

    func createAccount(_ request: Request, _ context: AppContext) async throws -> Response {
        let session = try session(context)
        let form = try await FormBody.read(request, context, csrfExpected: session.csrfToken)
        let base = AccountDraft(name: "", industry: .other, region: .other, size: .medium, ownerID: session.user.id)
        do {
            let input = Inputs.account(JSONValue.fromForm(form), fromForm: true, base: base, creating: true)
            let account = try await store.accounts.create(input.value, caller: session.caller, inputIssues: input.issues)
            return Pages.redirect(Paths.account(account.id))
        } catch {
            return try await formFailure(error, form: form, id: nil, version: nil, session: session, context: context)
        }
    }

    func updateAccount(_ request: Request, _ context: AppContext) async throws -> Response {
        let session = try session(context)
        let id = try APISupport.id(context)
        let form = try await FormBody.read(request, context, csrfExpected: session.csrfToken)
        let version = Int(FormBody.value(form, "_version") ?? "") ?? 0
        do {
            let current = try await store.accounts.get(id, caller: session.caller)
            let input = Inputs.account(JSONValue.fromForm(form), fromForm: true, base: current.draft, creating: false)
            _ = try await store.accounts.update(id, input.value, expectedVersion: version, caller: session.caller, inputIssues: input.issues)
            return Pages.redirect(Paths.account(id))
        } catch {
            return try await formFailure(error, form: form, id: id, version: version, session: session, context: context)
        }
    }

    /// A failed save shows the form again with what the user typed and each field's message;
    /// on a version conflict it says who saved first and takes their version as the new base.
    func formFailure(_ error: any Error, form: [(String, String)], id: AccountID?, version: Int?, session: SignedInSession,
                     context: AppContext) async throws -> Response {
        let failed = try FormState.failed(error, form: form, version: version, Catalog(context.language))
        return try await accountForm(id, version: failed.version, state: failed.state, session: session, context: context,
                                     status: .unprocessableContent)
    }

    func moveAccount(_ request: Request, _ context: AppContext) async throws -> Response {
        let session = try session(context)
        let id = try APISupport.id(context)
        let form = try await FormBody.read(request, context, csrfExpected: session.csrfToken)
        let t = Catalog(context.language)
        do {
            let move = try Inputs.move(JSONValue.fromForm(form), fromForm: true)
            _ = try await store.accounts.move(id, move, expectedVersion: Int(FormBody.value(form, "_version") ?? "") ?? 0, caller: session.caller)
            return Pages.redirect(Paths.account(id))
        } catch {
            let failed = try FormState.failed(error, form: form, version: nil, t)
            return Pages.response(try await renderAccount(id, session: session, context: context, moveForm: failed.state),
                                  status: .unprocessableContent)
        }
    }

    func addTeamMember(_ request: Request, _ context: AppContext) async throws -> Response {
        let session = try session(context)
        let id = try APISupport.id(context)
        let form = try await FormBody.read(request, context, csrfExpected: session.csrfToken)
        do {
            let base = TeamMemberDraft(userID: 0, role: .salesperson, access: .read, from: store.today())
            let input = Inputs.teamMember(JSONValue.fromForm(form), fromForm: true, base: base, creating: true)
            _ = try await store.teams.add(to: id, input.value, caller: session.caller, inputIssues: input.issues)
            return Pages.redirect(Paths.account(id) + "#account-team")
        } catch {
            let failed = try FormState.failed(error, form: form, version: nil, Catalog(context.language))
            return Pages.response(try await renderAccount(id, session: session, context: context, moveForm: FormState(), teamForm: failed.state),
                                  status: .unprocessableContent)
        }
    }

    /// Ends a membership today; the row stays as history.
    func endTeamMember(_ request: Request, _ context: AppContext) async throws -> Response {
        let session = try session(context)
        let form = try await FormBody.read(request, context, csrfExpected: session.csrfToken)
        let member = try await store.teams.get(try APISupport.id(context), caller: session.caller)
        var ended = member.draft
        ended.to = max(store.today(), member.from)
        _ = try await store.teams.update(member.id, ended, expectedVersion: Int(FormBody.value(form, "_version") ?? "") ?? 0,
                                         caller: session.caller)
        return Pages.redirect(Paths.account(member.accountID) + "#account-team")
    }

    func deleteAccount(_ request: Request, _ context: AppContext) async throws -> Response {
        let session = try session(context)
        let form = try await FormBody.read(request, context, csrfExpected: session.csrfToken)
        try await store.accounts.delete(try APISupport.id(context), expectedVersion: Int(FormBody.value(form, "_version") ?? ""),
                                        caller: session.caller)
        return Pages.redirect(Paths.recycleBin)
    }

    func restoreAccount(_ request: Request, _ context: AppContext) async throws -> Response {
        let session = try session(context)
        _ = try await FormBody.read(request, context, csrfExpected: session.csrfToken)
        let id = try APISupport.id(context)
        try await store.accounts.restore(id, caller: session.caller)
        return Pages.redirect(Paths.account(id))
    }
}
