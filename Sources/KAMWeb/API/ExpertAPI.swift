import Foundation
import Hummingbird
import KAMCore
import KAMStore

extension APIHandlers {
    static func expertSearch(_ request: Request) throws -> ExpertSearch {
        var issues: [FieldIssue] = []
        let skills = (APISupport.query(request, "skill") ?? "").split(separator: ",").map(String.init)
        let industry = APISupport.vocabularyParameter(request, "industry", Industry.self, &issues)
        if !issues.isEmpty { throw AppError.invalid(issues) }
        return ExpertSearch(skills: skills, industry: industry, language: APISupport.query(request, "language"))
    }

    func searchExperts(_ request: Request, _ context: AppContext) async throws -> Response {
        _ = try context.requireCaller()
        let matches = try await store.experts.search(try Self.expertSearch(request))
        return try APISupport.json(ListResponse(items: matches, nextCursor: nil, total: matches.count, totalIsLowerBound: false))
    }

    func getExpert(_ request: Request, _ context: AppContext) async throws -> Response {
        _ = try context.requireCaller()
        let (profile, load) = try await store.experts.profile(try APISupport.id(context))
        return try APISupport.json(ExpertMatch(profile: profile, load: load, fit: 100, matchedSkills: []), version: profile.version)
    }

    /// PUT: creates the entry without If-Match, changes it with one.
    func saveExpert(_ request: Request, _ context: AppContext) async throws -> Response {
        let caller = try context.requireCaller()
        let id = try APISupport.id(context)
        let version = try APISupport.ifMatch(request, required: false)
        let base = version == nil ? ExpertProfileDraft() : (try? await store.experts.profile(id).profile.draft) ?? ExpertProfileDraft()
        let input = Inputs.expertProfile(try await APISupport.readJSON(request, context), fromForm: false, base: base)
        let profile = try await store.experts.saveProfile(id, input.value, expectedVersion: version, caller: caller, inputIssues: input.issues)
        return try APISupport.json(profile, status: version == nil ? .created : .ok, version: profile.version)
    }

    func createExpertRequest(_ request: Request, _ context: AppContext) async throws -> Response {
        let caller = try context.requireCaller()
        let accountID = try APISupport.id(context)
        let input = Inputs.expertRequest(try await APISupport.readJSON(request, context), fromForm: false)
        let (made, warnings) = try await store.experts.request(on: accountID, input.value, caller: caller, inputIssues: input.issues)
        return try APISupport.json(Flattened(value: made, extra: Warnings(warnings: warnings)), status: .created, version: made.version,
                                   location: "/api/v1/expert-requests/\(made.id)")
    }

    func listExpertRequests(_ request: Request, _ context: AppContext) async throws -> Response {
        var issues: [FieldIssue] = []
        var box = ExpertRequestBox.mine
        if let raw = APISupport.query(request, "box") {
            if let value = ExpertRequestBox(rawValue: raw) { box = value } else {
                issues.append(FieldIssue(field: "box", code: "invalid_choice", detail: ExpertRequestBox.allCases.map(\.rawValue).joined(separator: ", ")))
            }
        }
        if !issues.isEmpty { throw AppError.invalid(issues) }
        let requests = try await store.experts.requests(box, caller: try context.requireCaller())
        return try APISupport.json(ListResponse(items: requests, nextCursor: nil, total: requests.count, totalIsLowerBound: false))
    }

    func getExpertRequest(_ request: Request, _ context: AppContext) async throws -> Response {
        let found = try await store.experts.get(try APISupport.id(context), caller: try context.requireCaller())
        return try APISupport.json(found, version: found.version)
    }

    func decideExpertRequest(_ request: Request, _ context: AppContext) async throws -> Response {
        let caller = try context.requireCaller()
        let id = try APISupport.id(context)
        let version = try APISupport.ifMatch(request) ?? 0
        let input = Inputs.expertDecision(try await APISupport.readJSON(request, context), fromForm: false)
        let (decided, warnings) = try await store.experts.decide(id, input.value, expectedVersion: version, caller: caller,
                                                                  inputIssues: input.issues)
        return try APISupport.json(Flattened(value: decided, extra: Warnings(warnings: warnings)), version: decided.version)
    }

    func withdrawExpertRequest(_ request: Request, _ context: AppContext) async throws -> Response {
        let caller = try context.requireCaller()
        let withdrawn = try await store.experts.withdraw(try APISupport.id(context), expectedVersion: try APISupport.ifMatch(request) ?? 0,
                                                         caller: caller)
        return try APISupport.json(withdrawn, version: withdrawn.version)
    }
}
