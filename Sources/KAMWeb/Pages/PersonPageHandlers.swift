import Foundation
import Hummingbird
import KAMCore
import KAMHTML
import KAMStore

extension PageHandlers {
    func personList(_ request: Request, _ context: AppContext) async throws -> Response {
        let session = try session(context)
        var query = PersonQuery()
        query.search = APISupport.query(request, "q")
        query.cursor = APISupport.query(request, "cursor").flatMap(PageCursor.init(token:))
        query.accountID = APISupport.query(request, "account").flatMap { Int64($0) }
        let page = try await store.persons.list(query, caller: session.caller)
        return Pages.response(PersonViews.list(Catalog(context.language), page: page, search: query.search ?? "", account: query.accountID,
                                              session: session))
    }

    func personPage(_ request: Request, _ context: AppContext) async throws -> Response {
        let session = try session(context)
        return Pages.response(try await renderPerson(try APISupport.id(context), session: session, context: context, portraitForm: FormState()))
    }

    func renderPerson(_ id: PersonID, session: SignedInSession, context: AppContext, portraitForm: FormState,
                      replaceForm: FormState = FormState()) async throws -> HTML {
        let t = Catalog(context.language)
        let found = try await store.persons.get(id, caller: session.caller)
        var accountNames: [AccountID: String] = [:]
        for account in found.person.employments.map(\.accountID) + [found.person.recordedForAccountID].compactMap({ $0 })
        where accountNames[account] == nil {
            accountNames[account] = (try? await store.accounts.get(account, caller: session.caller))?.name
        }
        var managerNames: [PersonID: String] = [:]
        for manager in Set(found.person.employments.compactMap(\.reportsToID)) {
            if let m = try? await store.persons.get(manager, caller: session.caller) { managerNames[manager] = t.personName(m.person.name) }
        }
        let model = PersonPageModel(person: found.person, canEdit: found.canEdit, showsPrivate: found.showsPrivate,
                                    accountNames: accountNames, managerNames: managerNames,
                                    history: try await store.persons.portraitHistory(of: id), userNames: try await userNames(),
                                    portraitForm: portraitForm, replaceForm: replaceForm)
        return PersonViews.page(t, model, session: session)
    }

    func newPersonForm(_ request: Request, _ context: AppContext) async throws -> Response {
        let session = try session(context)
        // Users who change nothing are not offered a form they could never save.
        guard session.caller.policy.mayEditAnything else { throw StoreError.forbidden }
        var state = FormState()
        state.values["legalBasis"] = LegalBasis.legitimateInterest.rawValue
        if let account = APISupport.query(request, "account") { state.values["employments[0].accountID"] = account }
        return personForm(nil, version: nil, state: state, showsPrivate: true, session: session, context: context)
    }

    func editPersonForm(_ request: Request, _ context: AppContext) async throws -> Response {
        let session = try session(context)
        let found = try await store.persons.get(try APISupport.id(context), caller: session.caller)
        guard found.canEdit else { throw StoreError.forbidden }
        return personForm(found.person.id, version: found.person.version, state: PersonFormView.state(from: found.person.draft),
                          showsPrivate: found.showsPrivate, session: session, context: context)
    }

    func personForm(_ id: PersonID?, version: Int?, state: FormState, showsPrivate: Bool, session: SignedInSession,
                    context: AppContext, status: HTTPResponse.Status = .ok) -> Response {
        let model = PersonFormModel(personID: id, version: version, state: state, showsPrivate: showsPrivate)
        return Pages.response(PersonFormView.render(Catalog(context.language), model, session: session), status: status)
    }

    func createPerson(_ request: Request, _ context: AppContext) async throws -> Response {
        let session = try session(context)
        let form = try await FormBody.read(request, context, csrfExpected: session.csrfToken)
        do {
            let input = Inputs.person(JSONValue.fromForm(form), fromForm: true, base: KeyPersonDraft(name: PersonName(family: "", given: "")))
            let (draft, portrait) = input.value
            let portraitGiven = portrait.map { $0.closeness != nil || $0.recognition != nil || $0.priceAcceptance != nil } ?? false
            let person = try await store.persons.create(draft, portrait: portraitGiven ? portrait : nil, caller: session.caller,
                                                        inputIssues: input.issues)
            return Pages.redirect(Paths.person(person.id))
        } catch {
            return try personFailure(error, form: form, id: nil, version: nil, showsPrivate: true, session: session, context: context)
        }
    }

    func updatePerson(_ request: Request, _ context: AppContext) async throws -> Response {
        let session = try session(context)
        let id = try APISupport.id(context)
        let form = try await FormBody.read(request, context, csrfExpected: session.csrfToken)
        let version = Int(FormBody.value(form, "_version") ?? "") ?? 0
        let found = try await store.persons.get(id, caller: session.caller)
        do {
            var base = found.person.draft
            // Repeated groups are sent whole by the form: start them empty so removed rows go away.
            base.phones = []
            base.employments = []
            if found.showsPrivate { base.facts = [] }
            var value = JSONValue.fromForm(form)
            if case .object(var o) = value {
                for key in ["phones", "employments"] where o[key] == nil { o[key] = .array([]) }
                value = .object(o)
            }
            let input = Inputs.person(value, fromForm: true, base: base)
            _ = try await store.persons.update(id, input.value.0, expectedVersion: version, caller: session.caller, inputIssues: input.issues)
            return Pages.redirect(Paths.person(id))
        } catch {
            return try personFailure(error, form: form, id: id, version: version, showsPrivate: found.showsPrivate, session: session, context: context)
        }
    }

    func personFailure(_ error: any Error, form: [(String, String)], id: PersonID?, version: Int?, showsPrivate: Bool,
                       session: SignedInSession, context: AppContext) throws -> Response {
        let failed = try FormState.failed(error, form: form, version: version, Catalog(context.language))
        return personForm(id, version: failed.version, state: failed.state, showsPrivate: showsPrivate, session: session,
                          context: context, status: .unprocessableContent)
    }

    func assessPortrait(_ request: Request, _ context: AppContext) async throws -> Response {
        let session = try session(context)
        let id = try APISupport.id(context)
        let form = try await FormBody.read(request, context, csrfExpected: session.csrfToken)
        let t = Catalog(context.language)
        do {
            let input = try Inputs.portrait(JSONValue.fromForm(form.filter { !$0.0.hasPrefix("_") }), fromForm: true)
            _ = try await store.persons.assessPortrait(id, input, expectedVersion: Int(FormBody.value(form, "_version") ?? "") ?? 0,
                                                       caller: session.caller)
            return Pages.redirect(Paths.person(id))
        } catch {
            let failed = try FormState.failed(error, form: form, version: nil, t)
            return Pages.response(try await renderPerson(id, session: session, context: context, portraitForm: failed.state),
                                  status: .unprocessableContent)
        }
    }

    /// The real person found for a placeholder takes its place; the page of that person follows.
    func replacePlaceholder(_ request: Request, _ context: AppContext) async throws -> Response {
        let session = try session(context)
        let id = try APISupport.id(context)
        let form = try await FormBody.read(request, context, csrfExpected: session.csrfToken)
        let t = Catalog(context.language)
        do {
            guard let person = FormBody.value(form, "personID").flatMap({ Int64($0.trimmingCharacters(in: .whitespaces)) }) else {
                throw AppError.invalid([FieldIssue(field: "personID", code: "required")])
            }
            let done = try await store.persons.replacePlaceholder(id, with: person, expectedVersion: Int(FormBody.value(form, "_version") ?? "") ?? 0,
                                                                  caller: session.caller)
            return Pages.redirect(Paths.person(done.personID))
        } catch {
            let failed = try FormState.failed(error, form: form, version: nil, t)
            return Pages.response(try await renderPerson(id, session: session, context: context, portraitForm: FormState(),
                                                         replaceForm: failed.state), status: .unprocessableContent)
        }
    }

    func deletePerson(_ request: Request, _ context: AppContext) async throws -> Response {
        let session = try session(context)
        let form = try await FormBody.read(request, context, csrfExpected: session.csrfToken)
        try await store.persons.delete(try APISupport.id(context), expectedVersion: Int(FormBody.value(form, "_version") ?? ""),
                                       caller: session.caller)
        return Pages.redirect(Paths.people)
    }

    func restorePerson(_ request: Request, _ context: AppContext) async throws -> Response {
        let session = try session(context)
        _ = try await FormBody.read(request, context, csrfExpected: session.csrfToken)
        let id = try APISupport.id(context)
        try await store.persons.restore(id, caller: session.caller)
        return Pages.redirect(Paths.person(id))
    }
}
