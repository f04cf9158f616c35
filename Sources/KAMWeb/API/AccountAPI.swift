import Foundation
import Hummingbird
import KAMCore
import KAMStore

extension APIHandlers {
    /// Reads list filters from the query string; shared by the API and the account list page.
    static func accountQuery(_ request: Request) throws -> AccountQuery {
        var issues: [FieldIssue] = []
        var query = AccountQuery()
        query.search = APISupport.query(request, "q")
        query.industry = APISupport.vocabularyParameter(request, "industry", Industry.self, &issues)
        query.region = APISupport.vocabularyParameter(request, "region", Region.self, &issues)
        query.status = APISupport.vocabularyParameter(request, "status", KeyAccountStatus.self, &issues)
        query.accountClass = APISupport.vocabularyParameter(request, "class", AccountClass.self, &issues)
        query.ownerID = APISupport.intParameter(request, "owner", &issues)
        query.parentID = APISupport.intParameter(request, "parent", &issues)
        if let sort = APISupport.query(request, "sort") {
            if let value = AccountSort(rawValue: sort) { query.sort = value } else {
                issues.append(FieldIssue(field: "sort", code: "invalid_choice", detail: AccountSort.allCases.map(\.rawValue).joined(separator: ", ")))
            }
        }
        query.limit = APISupport.limitParameter(request, in: 1...200, absent: query.limit, &issues)
        if let cursor = APISupport.query(request, "cursor") {
            if let value = PageCursor(token: cursor) { query.cursor = value } else { issues.append(FieldIssue(field: "cursor", code: "invalid_cursor")) }
        }
        query.deleted = APISupport.flagParameter(request, "deleted", &issues)
        // Custom field filters: cf.<key>=<value>
        for (key, value) in request.uri.queryParameters where key.hasPrefix("cf.") && !value.isEmpty {
            query.customFields.append(CustomFieldFilter(key: String(key.dropFirst(3)), value: String(value)))
        }
        if !issues.isEmpty { throw AppError.invalid(issues) }
        return query
    }

    func listAccounts(_ request: Request, _ context: AppContext) async throws -> Response {
        let query = try Self.accountQuery(request)
        let page = try await store.accounts.list(query, caller: try context.requireCaller())
        return try APISupport.json(ListResponse(items: page.items, nextCursor: page.nextCursor?.token, total: page.total,
                                                totalIsLowerBound: page.countIsCapped))
    }

    func createAccount(_ request: Request, _ context: AppContext) async throws -> Response {
        let caller = try context.requireCaller()
        let base = AccountDraft(name: "", industry: .other, region: .other, size: .medium, ownerID: caller.actor.userID ?? 0)
        let input = Inputs.account(try await APISupport.readJSON(request, context), fromForm: false, base: base, creating: true)
        let account = try await store.accounts.create(input.value, caller: caller, inputIssues: input.issues)
        return try APISupport.json(account, status: .created, version: account.version, location: "/api/v1/accounts/\(account.id)")
    }

    func getAccount(_ request: Request, _ context: AppContext) async throws -> Response {
        let caller = try context.requireCaller()
        var issues: [FieldIssue] = []
        let includeDeleted = APISupport.flagParameter(request, "deleted", &issues)
        if !issues.isEmpty { throw AppError.invalid(issues) }
        let account = try await store.accounts.get(try APISupport.id(context), caller: caller, includeDeleted: includeDeleted)
        return try APISupport.json(account, version: account.version)
    }

    func updateAccount(_ request: Request, _ context: AppContext) async throws -> Response {
        let caller = try context.requireCaller()
        let id = try APISupport.id(context)
        let version = try APISupport.ifMatch(request) ?? 0
        let current = try await store.accounts.get(id, caller: caller)
        let input = Inputs.account(try await APISupport.readJSON(request, context), fromForm: false, base: current.draft, creating: false)
        let account = try await store.accounts.update(id, input.value, expectedVersion: version, caller: caller, inputIssues: input.issues)
        return try APISupport.json(account, version: account.version)
    }

    func deleteAccount(_ request: Request, _ context: AppContext) async throws -> Response {
        try await store.accounts.delete(try APISupport.id(context), expectedVersion: try APISupport.ifMatch(request),
                                        caller: try context.requireCaller())
        return APISupport.noContent()
    }

    func restoreAccount(_ request: Request, _ context: AppContext) async throws -> Response {
        let caller = try context.requireCaller()
        let id = try APISupport.id(context)
        try await store.accounts.restore(id, caller: caller)
        let account = try await store.accounts.get(id, caller: caller)
        return try APISupport.json(account, version: account.version)
    }

    func moveAccount(_ request: Request, _ context: AppContext) async throws -> Response {
        let caller = try context.requireCaller()
        let version = try APISupport.ifMatch(request) ?? 0
        let move = try Inputs.move(try await APISupport.readJSON(request, context), fromForm: false)
        let account = try await store.accounts.move(try APISupport.id(context), move, expectedVersion: version, caller: caller)
        return try APISupport.json(account, version: account.version)
    }

    func listAccountMoves(_ request: Request, _ context: AppContext) async throws -> Response {
        let account = try await store.accounts.get(try APISupport.id(context), caller: try context.requireCaller())
        return try APISupport.json(ListResponse(items: try await store.accounts.moves(of: account.id), nextCursor: nil, total: nil, totalIsLowerBound: nil))
    }

    func accountHistory(_ request: Request, _ context: AppContext) async throws -> Response {
        let caller = try context.requireCaller()
        let account = try await store.accounts.get(try APISupport.id(context), caller: caller, includeDeleted: true)
        return try APISupport.json(ListResponse(items: try await store.accounts.history(of: account, caller: caller), nextCursor: nil, total: nil,
                                                totalIsLowerBound: nil))
    }

    func accountTree(_ request: Request, _ context: AppContext) async throws -> Response {
        let caller = try context.requireCaller()
        let account = try await store.accounts.get(try APISupport.id(context), caller: caller)
        let nodes = try await store.accounts.tree(of: account.id, caller: caller)
        return try APISupport.json(ListResponse(items: nodes.map { TreeNodeJSON(id: $0.id, name: $0.name, depth: $0.depth) },
                                                nextCursor: nil, total: nil, totalIsLowerBound: nil))
    }
}

struct TreeNodeJSON: Codable, Sendable {
    var id: Int64
    var name: String
    var depth: Int
}
