import Foundation
import Hummingbird
import KAMCore
import KAMStore

/// Activities, the account timeline and the task list.
extension APIHandlers {
    func listActivities(_ request: Request, _ context: AppContext) async throws -> Response {
        var issues: [FieldIssue] = []
        let kind = APISupport.vocabularyParameter(request, "kind", ActivityKind.self, &issues)
        let limit = APISupport.limitParameter(request, in: 1...500, absent: 50, &issues)
        if !issues.isEmpty { throw StoreError.validation(ValidationFailure(issues)) }
        let page = try await store.activities.list(of: try APISupport.id(context), kind: kind, cursor: APISupport.query(request, "cursor"),
                                                   limit: limit, caller: try context.requireCaller())
        return try APISupport.json(ListResponse(items: page.items, nextCursor: page.nextCursor))
    }

    func logActivity(_ request: Request, _ context: AppContext) async throws -> Response {
        let input = Inputs.activity(try await APISupport.readJSON(request, context), fromForm: false, base: nil)
        let made = try await store.activities.create(at: try APISupport.id(context), input.value, caller: try context.requireCaller(),
                                                     inputIssues: input.issues)
        return try APISupport.json(made, status: .created, version: made.version, location: "/api/v1/activities/\(made.id)")
    }

    func getActivity(_ request: Request, _ context: AppContext) async throws -> Response {
        let found = try await store.activities.get(try APISupport.id(context), caller: try context.requireCaller())
        return try APISupport.json(found, version: found.version)
    }

    func updateActivity(_ request: Request, _ context: AppContext) async throws -> Response {
        let caller = try context.requireCaller()
        let id = try APISupport.id(context)
        let version = try APISupport.ifMatch(request) ?? 0
        let current = try await store.activities.get(id, caller: caller)
        let input = Inputs.activity(try await APISupport.readJSON(request, context), fromForm: false, base: current.draft)
        let updated = try await store.activities.update(id, input.value, expectedVersion: version, caller: caller, inputIssues: input.issues)
        return try APISupport.json(updated, version: updated.version)
    }

    func accountTimeline(_ request: Request, _ context: AppContext) async throws -> Response {
        var issues: [FieldIssue] = []
        let limit = APISupport.limitParameter(request, in: 1...200, absent: 50, &issues)
        var sources = Set(TimelineSource.allCases)
        if let raw = APISupport.query(request, "sources") {
            sources = []
            for name in raw.split(separator: ",") {
                if let source = TimelineSource(rawValue: String(name)) { sources.insert(source) } else {
                    issues.append(FieldIssue(field: "sources", code: "invalid_choice", detail: TimelineSource.allRawValues.joined(separator: ", ")))
                }
            }
        }
        if !issues.isEmpty { throw StoreError.validation(ValidationFailure(issues)) }
        let page = try await store.timeline.page(of: try APISupport.id(context), sources: sources, cursor: APISupport.query(request, "cursor"),
                                                 limit: limit, caller: try context.requireCaller())
        return try APISupport.json(ListResponse(items: page.items, nextCursor: page.nextCursor))
    }

    func listTasks(_ request: Request, _ context: AppContext) async throws -> Response {
        var issues: [FieldIssue] = []
        let filter = TaskFilter(ownerID: APISupport.intParameter(request, "owner", &issues),
                                accountID: APISupport.intParameter(request, "account", &issues),
                                status: APISupport.vocabularyParameter(request, "status", TaskStatus.self, &issues),
                                dueBy: APISupport.dateParameter(request, "dueBy", &issues),
                                limit: APISupport.limitParameter(request, in: 1...1000, absent: 200, &issues))
        if !issues.isEmpty { throw StoreError.validation(ValidationFailure(issues)) }
        return try APISupport.json(ListResponse(items: try await store.tasks.list(filter, caller: try context.requireCaller())))
    }

    func createTask(_ request: Request, _ context: AppContext) async throws -> Response {
        let caller = try context.requireCaller()
        let input = Inputs.task(try await APISupport.readJSON(request, context), fromForm: false, base: nil, defaultOwner: caller.actor.userID ?? 0)
        let made = try await store.tasks.create(input.value, caller: caller, inputIssues: input.issues)
        return try APISupport.json(made, status: .created, version: made.version, location: "/api/v1/tasks/\(made.id)")
    }

    func getTask(_ request: Request, _ context: AppContext) async throws -> Response {
        let found = try await store.tasks.get(try APISupport.id(context), caller: try context.requireCaller())
        return try APISupport.json(found, version: found.version)
    }

    func updateTask(_ request: Request, _ context: AppContext) async throws -> Response {
        let caller = try context.requireCaller()
        let id = try APISupport.id(context)
        let version = try APISupport.ifMatch(request) ?? 0
        let current = try await store.tasks.get(id, caller: caller)
        let input = Inputs.task(try await APISupport.readJSON(request, context), fromForm: false, base: current.draft, defaultOwner: current.ownerID)
        let updated = try await store.tasks.update(id, input.value, expectedVersion: version, caller: caller, inputIssues: input.issues)
        return try APISupport.json(updated, version: updated.version)
    }
}

/// An account's lifecycle checklist and its communication channels.
extension APIHandlers {
    func accountLifecycle(_ request: Request, _ context: AppContext) async throws -> Response {
        try APISupport.json(try await store.lifecycle.lifecycle(of: try APISupport.id(context), caller: try context.requireCaller()))
    }

    func addChannel(_ request: Request, _ context: AppContext) async throws -> Response {
        let input = Inputs.channel(try await APISupport.readJSON(request, context), fromForm: false, base: nil)
        let made = try await store.lifecycle.addChannel(at: try APISupport.id(context), input.value, caller: try context.requireCaller(),
                                                        inputIssues: input.issues)
        return try APISupport.json(made, status: .created, version: made.version, location: "/api/v1/channels/\(made.id)")
    }

    func getChannel(_ request: Request, _ context: AppContext) async throws -> Response {
        let found = try await store.lifecycle.channel(try APISupport.id(context), caller: try context.requireCaller())
        return try APISupport.json(found, version: found.version)
    }

    func updateChannel(_ request: Request, _ context: AppContext) async throws -> Response {
        let caller = try context.requireCaller()
        let id = try APISupport.id(context)
        let version = try APISupport.ifMatch(request) ?? 0
        let current = try await store.lifecycle.channel(id, caller: caller)
        let input = Inputs.channel(try await APISupport.readJSON(request, context), fromForm: false, base: current.draft)
        let updated = try await store.lifecycle.updateChannel(id, input.value, expectedVersion: version, caller: caller, inputIssues: input.issues)
        return try APISupport.json(updated, version: updated.version)
    }
}
