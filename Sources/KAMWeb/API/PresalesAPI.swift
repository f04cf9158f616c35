import Foundation
import Hummingbird
import KAMCore
import KAMStore

/// How long a pre-sales request has waited, beside it in the API, so clients need no clock.
struct Waiting: Encodable, Sendable { var waitingSeconds: Int }

extension APIHandlers {
    func presalesJSON(_ request: PresalesRequest) -> Flattened<PresalesRequest, Waiting> {
        Flattened(value: request, extra: Waiting(waitingSeconds: request.waitingSeconds(now: store.now())))
    }

    func createPresalesRequest(_ request: Request, _ context: AppContext) async throws -> Response {
        let caller = try context.requireCaller()
        let input = Inputs.presales(try await APISupport.readJSON(request, context), fromForm: false)
        let made = try await store.presales.create(on: try APISupport.id(context), input.value, caller: caller, inputIssues: input.issues)
        return try APISupport.json(presalesJSON(made), status: .created, version: made.version, location: "/api/v1/presales-requests/\(made.id)")
    }

    func listPresalesRequests(_ request: Request, _ context: AppContext) async throws -> Response {
        var issues: [FieldIssue] = []
        let status = APISupport.vocabularyParameter(request, "status", PresalesStatus.self, &issues)
        if !issues.isEmpty { throw AppError.invalid(issues) }
        let rows = try await store.presales.list(status: status, caller: try context.requireCaller()).map(presalesJSON)
        return try APISupport.json(ListResponse(items: rows, nextCursor: nil, total: rows.count, totalIsLowerBound: false))
    }

    func getPresalesRequest(_ request: Request, _ context: AppContext) async throws -> Response {
        let found = try await store.presales.get(try APISupport.id(context), caller: try context.requireCaller())
        return try APISupport.json(presalesJSON(found), version: found.version)
    }

    func assignPresalesRequest(_ request: Request, _ context: AppContext) async throws -> Response {
        let caller = try context.requireCaller()
        let version = try APISupport.ifMatch(request) ?? 0
        var r = InputReader(try await APISupport.readJSON(request, context), fromForm: false)
        r.rejectUnknown(except: ["assigneeID"])
        let assignee = r.int("assigneeID").value
        if assignee == nil, r.issues.isEmpty { r.issues.append(FieldIssue(field: "assigneeID", code: "required")) }
        if !r.issues.isEmpty { throw AppError.invalid(r.issues) }
        let assigned = try await store.presales.assign(try APISupport.id(context), to: assignee ?? 0, expectedVersion: version, caller: caller)
        return try APISupport.json(presalesJSON(assigned), version: assigned.version)
    }

    func completePresalesRequest(_ request: Request, _ context: AppContext) async throws -> Response {
        try await closePresales(request, context, as: .done)
    }

    func cancelPresalesRequest(_ request: Request, _ context: AppContext) async throws -> Response {
        try await closePresales(request, context, as: .cancelled)
    }

    private func closePresales(_ request: Request, _ context: AppContext, as status: PresalesStatus) async throws -> Response {
        let caller = try context.requireCaller()
        let closed = try await store.presales.close(try APISupport.id(context), as: status, expectedVersion: try APISupport.ifMatch(request) ?? 0,
                                                    caller: caller)
        return try APISupport.json(presalesJSON(closed), version: closed.version)
    }
}
