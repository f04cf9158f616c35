import Foundation
import Hummingbird
import KAMCore
import KAMStore

/// A record with a few more fields beside its own, encoded flat (one JSON object): warnings about
/// a change that was made anyway, or a figure computed for the reader such as a waiting time.
struct Flattened<Value: Encodable & Sendable, Extra: Encodable & Sendable>: Encodable, Sendable {
    var value: Value
    var extra: Extra

    func encode(to encoder: any Encoder) throws {
        try value.encode(to: encoder)
        try extra.encode(to: encoder)
    }
}

/// The change was made, but the user should know something (an expert now over capacity).
struct Warnings: Encodable, Sendable { var warnings: [FieldIssue] }

extension APIHandlers {
    // MARK: Sales teams

    func listSalesTeams(_ request: Request, _ context: AppContext) async throws -> Response {
        _ = try context.requireCaller()
        let teams = try await store.salesTeams.list()
        return try APISupport.json(ListResponse(items: teams, nextCursor: nil, total: teams.count, totalIsLowerBound: false))
    }

    func createSalesTeam(_ request: Request, _ context: AppContext) async throws -> Response {
        let caller = try context.requireCaller()
        let input = Inputs.salesTeam(try await APISupport.readJSON(request, context), fromForm: false, base: SalesTeamDraft(name: ""))
        let team = try await store.salesTeams.create(input.value, caller: caller, inputIssues: input.issues)
        return try APISupport.json(team, status: .created, version: team.version, location: "/api/v1/sales-teams/\(team.id)")
    }

    func getSalesTeam(_ request: Request, _ context: AppContext) async throws -> Response {
        _ = try context.requireCaller()
        let team = try await store.salesTeams.get(try APISupport.id(context))
        return try APISupport.json(team, version: team.version)
    }

    func updateSalesTeam(_ request: Request, _ context: AppContext) async throws -> Response {
        let caller = try context.requireCaller()
        let id = try APISupport.id(context)
        let version = try APISupport.ifMatch(request) ?? 0
        let current = try await store.salesTeams.get(id)
        let input = Inputs.salesTeam(try await APISupport.readJSON(request, context), fromForm: false, base: current.draft)
        let team = try await store.salesTeams.update(id, input.value, expectedVersion: version, caller: caller, inputIssues: input.issues)
        return try APISupport.json(team, version: team.version)
    }

    // MARK: Coverage

    func listCoverage(_ request: Request, _ context: AppContext) async throws -> Response {
        let rows = try await store.coverage.list(account: try APISupport.id(context), caller: try context.requireCaller())
        return try APISupport.json(ListResponse(items: rows, nextCursor: nil, total: rows.count, totalIsLowerBound: false))
    }

    func addCoverage(_ request: Request, _ context: AppContext) async throws -> Response {
        let caller = try context.requireCaller()
        let accountID = try APISupport.id(context)
        let input = Inputs.coverage(try await APISupport.readJSON(request, context), fromForm: false,
                                    base: CoverageDraft(line: .regional, from: store.today()), creating: true)
        let row = try await store.coverage.add(to: accountID, input.value, caller: caller, inputIssues: input.issues)
        return try APISupport.json(row, status: .created, version: row.version, location: "/api/v1/coverage/\(row.id)")
    }

    func getCoverage(_ request: Request, _ context: AppContext) async throws -> Response {
        let row = try await store.coverage.get(try APISupport.id(context), caller: try context.requireCaller())
        return try APISupport.json(row, version: row.version)
    }

    func updateCoverage(_ request: Request, _ context: AppContext) async throws -> Response {
        let caller = try context.requireCaller()
        let id = try APISupport.id(context)
        let version = try APISupport.ifMatch(request) ?? 0
        let current = try await store.coverage.get(id, caller: caller)
        let input = Inputs.coverage(try await APISupport.readJSON(request, context), fromForm: false, base: current.draft, creating: false)
        let row = try await store.coverage.update(id, input.value, expectedVersion: version, caller: caller, inputIssues: input.issues)
        return try APISupport.json(row, version: row.version)
    }

    func removeCoverage(_ request: Request, _ context: AppContext) async throws -> Response {
        let caller = try context.requireCaller()
        try await store.coverage.remove(try APISupport.id(context), expectedVersion: try APISupport.ifMatch(request) ?? 0, caller: caller)
        return APISupport.noContent()
    }

    /// Filters of the coverage matrix, shared by the API and the page.
    static func coverageFilter(_ request: Request) throws -> (CoverageFilter, Int) {
        var issues: [FieldIssue] = []
        var filter = CoverageFilter()
        filter.region = APISupport.vocabularyParameter(request, "region", Region.self, &issues)
        filter.industry = APISupport.vocabularyParameter(request, "industry", Industry.self, &issues)
        filter.status = APISupport.vocabularyParameter(request, "status", KeyAccountStatus.self, &issues)
        filter.problemsOnly = APISupport.flagParameter(request, "problems", &issues)
        let limit = APISupport.limitParameter(request, in: 1...1000, absent: 200, &issues)
        if !issues.isEmpty { throw AppError.invalid(issues) }
        return (filter, limit)
    }

    func coverageMatrix(_ request: Request, _ context: AppContext) async throws -> Response {
        let (filter, limit) = try Self.coverageFilter(request)
        return try APISupport.json(try await store.coverage.matrix(caller: try context.requireCaller(), filter: filter, limit: limit))
    }

    // MARK: Territories

    func listTerritoryModels(_ request: Request, _ context: AppContext) async throws -> Response {
        let models = try await store.territories.models(caller: try context.requireCaller())
        return try APISupport.json(ListResponse(items: models, nextCursor: nil, total: models.count, totalIsLowerBound: false))
    }

    func createTerritoryModel(_ request: Request, _ context: AppContext) async throws -> Response {
        let caller = try context.requireCaller()
        var r = InputReader(try await APISupport.readJSON(request, context), fromForm: false)
        r.rejectUnknown(except: ["name", "copyFrom"])
        let name = r.string("name").value ?? ""
        let source = r.int("copyFrom").value
        if !r.issues.isEmpty { throw AppError.invalid(r.issues) }
        let model = try await store.territories.createModel(name: name, copyFrom: source, caller: caller)
        return try APISupport.json(model, status: .created, version: model.version, location: "/api/v1/territory-models/\(model.id)")
    }

    func getTerritoryModel(_ request: Request, _ context: AppContext) async throws -> Response {
        let model = try await store.territories.model(try APISupport.id(context), caller: try context.requireCaller())
        return try APISupport.json(model, version: model.version)
    }

    func addTerritory(_ request: Request, _ context: AppContext) async throws -> Response {
        let caller = try context.requireCaller()
        let modelID = try APISupport.id(context)
        let input = Inputs.territory(try await APISupport.readJSON(request, context), fromForm: false,
                                     base: TerritoryDraft(name: "", line: .regional), creating: true)
        let territory = try await store.territories.addTerritory(to: modelID, input.value, caller: caller, inputIssues: input.issues)
        return try APISupport.json(territory, status: .created, version: territory.version, location: "/api/v1/territories/\(territory.id)")
    }

    func updateTerritory(_ request: Request, _ context: AppContext) async throws -> Response {
        let caller = try context.requireCaller()
        let id = try APISupport.id(context)
        let version = try APISupport.ifMatch(request) ?? 0
        let current = try await store.territories.territory(id, caller: caller)
        let input = Inputs.territory(try await APISupport.readJSON(request, context), fromForm: false, base: current.draft, creating: false)
        let territory = try await store.territories.updateTerritory(id, input.value, expectedVersion: version, caller: caller,
                                                                     inputIssues: input.issues)
        return try APISupport.json(territory, version: territory.version)
    }

    func previewTerritoryModel(_ request: Request, _ context: AppContext) async throws -> Response {
        let moves = try await store.territories.preview(try APISupport.id(context), caller: try context.requireCaller())
        return try APISupport.json(ListResponse(items: moves, nextCursor: nil, total: moves.count, totalIsLowerBound: false))
    }

    func applyTerritoryModel(_ request: Request, _ context: AppContext) async throws -> Response {
        let caller = try context.requireCaller()
        let moves = try await store.territories.apply(try APISupport.id(context), expectedVersion: try APISupport.ifMatch(request) ?? 0,
                                                      caller: caller)
        return try APISupport.json(ListResponse(items: moves, nextCursor: nil, total: moves.count, totalIsLowerBound: false))
    }
}
