import Foundation
import Hummingbird
import KAMCore
import KAMStore

extension APIHandlers {
    /// `?scope=mine|team` (mine by default), `?state=overdue,due_soon,upcoming` (all by default), `?limit=` (500).
    func listReviews(_ request: Request, _ context: AppContext) async throws -> Response {
        let caller = try context.requireCaller()
        var issues: [FieldIssue] = []
        let query = request.uri.queryParameters
        let scopeText = APISupport.query(request, "scope") ?? ReviewScope.mine.rawValue
        let scope = ReviewScope(rawValue: scopeText)
        if scope == nil { issues.append(FieldIssue(field: "scope", code: "invalid_choice", detail: ReviewScope.allCases.map(\.rawValue).joined(separator: ", "))) }
        var states = Set(DueState.allCases)
        if let text = query.get("state"), !text.isEmpty {
            states = []
            for raw in text.split(separator: ",") {
                if let state = DueState(rawValue: String(raw)) { states.insert(state) } else {
                    issues.append(FieldIssue(field: "state", code: "invalid_choice", detail: DueState.allRawValues.joined(separator: ", ")))
                }
            }
        }
        let limit = APISupport.limitParameter(request, in: 1...5000, absent: 500, &issues)
        if !issues.isEmpty { throw AppError.invalid(issues) }
        // The whole calendar is computed for the total; the most urgent `limit` are sent.
        let due = try await store.evaluations.due(scope ?? .mine, caller: caller, states: states, limit: limit)
        return try APISupport.json(ListResponse(items: due.items, nextCursor: nil, total: due.total, totalIsLowerBound: false))
    }

    func accountReviews(_ request: Request, _ context: AppContext) async throws -> Response {
        try APISupport.json(try await store.evaluations.reviews(of: try APISupport.id(context), caller: try context.requireCaller()))
    }

    func recordEvaluation(_ request: Request, _ context: AppContext) async throws -> Response {
        let caller = try context.requireCaller()
        let input = Inputs.evaluation(try await APISupport.readJSON(request, context), fromForm: false)
        let made = try await store.evaluations.record(try APISupport.id(context), input.draft.value, heldToday: input.heldToday, caller: caller,
                                                      inputIssues: input.draft.issues)
        return try APISupport.json(made, status: .created, location: "/api/v1/evaluations/\(made.id)")
    }

    func getEvaluation(_ request: Request, _ context: AppContext) async throws -> Response {
        try APISupport.json(try await store.evaluations.get(try APISupport.id(context), caller: try context.requireCaller()))
    }

    func getEvaluationCadences(_ request: Request, _ context: AppContext) async throws -> Response {
        try await getDocument(EvaluationCadences.self, context)
    }

    func saveEvaluationCadences(_ request: Request, _ context: AppContext) async throws -> Response {
        try await saveDocument(request, context) { Inputs.evaluationCadences($0, fromForm: false) }
    }
}
