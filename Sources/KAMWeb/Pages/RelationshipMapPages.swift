import Foundation
import Hummingbird
import KAMCore
import KAMStore

extension PageHandlers {
    func relationshipMapPage(_ request: Request, _ context: AppContext) async throws -> Response {
        let session = try session(context)
        let deal = APISupport.query(request, "opportunity").map { Int64($0) ?? -1 }
        let from = APISupport.query(request, "from").flatMap { Int64($0) }, to = APISupport.query(request, "to").flatMap { Int64($0) }
        let page = APISupport.query(request, "page").flatMap { Int($0) } ?? 0
        let peoplePage = APISupport.query(request, "people_page").flatMap { Int($0) } ?? 0
        // `?on=YYYY-MM-DD`: the org chart as it was that day (a date that is no date is left out, and said so).
        let asked = APISupport.query(request, "on").flatMap { $0.isEmpty ? nil : $0 }
        let day = asked.flatMap(CalendarDate.init)
        return try await renderMap(try APISupport.id(context), opportunity: deal, hideHypotheses: APISupport.query(request, "hypotheses") == "hide",
                                   path: to.map { (from, $0) }, connectionsPage: page, peoplePage: peoplePage,
                                   day: (asked, day), session: session, context: context)
    }

    func renderMap(_ id: AccountID, opportunity dealID: OpportunityID?, hideHypotheses: Bool = false, form: FormState? = nil,
                   path: (from: PersonID?, to: PersonID)? = nil, connectionsPage: Int = 0, peoplePage: Int = 0,
                   day: (asked: String?, parsed: CalendarDate?) = (nil, nil), session: SignedInSession, context: AppContext,
                   status: HTTPResponse.Status = .ok) async throws -> Response {
        let account = try await store.accounts.get(id, caller: session.caller)
        // One deal's map (its decision chain and its own connections over the account's), or the account's.
        var deal: (chain: DecisionChain, map: AccountRelationshipMap, name: String)?
        if let dealID {
            let found = try await store.decisionChains.map(opportunity: dealID, caller: session.caller)
            guard found.chain.accountID == id else { throw AppError.notFound }
            deal = (found.chain, found.map, try await store.opportunities.get(dealID, caller: session.caller).opportunity.name)
        }
        let map: AccountRelationshipMap
        if let deal { map = deal.map } else { map = try await store.connections.map(account: id, on: day.parsed, caller: session.caller) }
        var model = RelationshipMapModel(accountID: id, accountName: account.name, map: map, hideHypotheses: hideHypotheses, today: store.today())
        model.canEdit = session.caller.policy.mayEditAnything && session.caller.policy.canEdit(account)
        if let form { model.form = form }
        model.connectionsPage = connectionsPage
        model.peoplePage = peoplePage
        if dealID == nil {
            model.day = day.parsed
            model.dayForm = FormState(values: ["on": day.asked ?? ""])
            if day.asked != nil && day.parsed == nil { model.dayForm.errors["on"] = [Catalog(context.language).text("error.invalid_date")] }
        }
        if let dealID, let deal { model.opportunity = (dealID, deal.name, deal.chain) }
        // Only between people on this map; anyone else is simply not offered.
        let onMap = Set(model.map.people.filter { $0.name != nil }.map(\.id))
        // Without a starting person, the chain starts from any of our own people on the map.
        if let path, path.from.map(onMap.contains) ?? true, onMap.contains(path.to) {
            model.bestPath = (path.from, path.to, try? model.map.analytics.bestPath(to: path.to, from: path.from.map { [$0] }))
        }
        return Pages.response(RelationshipMapView.render(Catalog(context.language), model, session: session), status: status)
    }

    /// Records a connection from the map's form; on bad input the map comes back with the form as typed.
    func addConnection(_ request: Request, _ context: AppContext) async throws -> Response {
        let session = try session(context)
        let id = try APISupport.id(context)
        let form = try await FormBody.read(request, context, csrfExpected: session.csrfToken)
        let deal = FormBody.value(form, "opportunityID").flatMap { Int64($0) }
        do {
            let input = Inputs.connection(JSONValue.fromForm(form), fromForm: true, base: PersonConnectionDraft(fromPersonID: 0, toPersonID: 0, strength: 0),
                                          creating: true)
            _ = try await store.connections.create(input.value, onAccount: id, caller: session.caller, inputIssues: input.issues)
            return Pages.redirect(Paths.relationshipMap(id) + (deal.map { "?opportunity=\($0)" } ?? "") + "#map-connections")
        } catch {
            let failed = try FormState.failed(error, form: form, version: nil, Catalog(context.language))
            return try await renderMap(id, opportunity: deal, form: failed.state, session: session, context: context, status: .unprocessableContent)
        }
    }

    func verifyConnection(_ request: Request, _ context: AppContext) async throws -> Response {
        let session = try session(context)
        let form = try await FormBody.read(request, context, csrfExpected: session.csrfToken)
        let found = try await store.connections.get(try APISupport.id(context), caller: session.caller)
        var draft = found.connection.draft
        draft.status = .verified
        let saved = try await store.connections.update(found.connection.id, draft, expectedVersion: Int(FormBody.value(form, "_version") ?? "") ?? 0,
                                                       caller: session.caller)
        return Pages.redirect(Paths.relationshipMap(saved.accountID) + (saved.opportunityID.map { "?opportunity=\($0)" } ?? "") + "#map-connections")
    }

    func removeConnection(_ request: Request, _ context: AppContext) async throws -> Response {
        let session = try session(context)
        let form = try await FormBody.read(request, context, csrfExpected: session.csrfToken)
        let found = try await store.connections.get(try APISupport.id(context), caller: session.caller)
        try await store.connections.delete(found.connection.id, expectedVersion: Int(FormBody.value(form, "_version") ?? "") ?? 0,
                                           caller: session.caller)
        return Pages.redirect(Paths.relationshipMap(found.connection.accountID)
                              + (found.connection.opportunityID.map { "?opportunity=\($0)" } ?? "") + "#map-connections")
    }
}
