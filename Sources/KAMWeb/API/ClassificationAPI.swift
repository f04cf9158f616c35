import Foundation
import Hummingbird
import KAMCore
import KAMStore

/// ABCD classification, the investment strategy per class and the strategy library through the API.
extension APIHandlers {
    func getClassificationRules(_ request: Request, _ context: AppContext) async throws -> Response {
        try await getDocument(ClassificationRules.self, context)
    }

    func saveClassificationRules(_ request: Request, _ context: AppContext) async throws -> Response {
        try await saveDocument(request, context) { Inputs.classificationRules($0, fromForm: false) }
    }

    func listClassificationRevisions(_ request: Request, _ context: AppContext) async throws -> Response {
        _ = try context.requireCaller()
        let revisions = try await store.documents.revisions(ClassificationRules.self)
        return try APISupport.json(ListResponse(items: revisions, nextCursor: nil, total: revisions.count, totalIsLowerBound: false))
    }

    /// A body with rules previews them; an empty body (`{}`) previews the stored ones.
    func previewClassification(_ request: Request, _ context: AppContext) async throws -> Response {
        let caller = try context.requireCaller()
        let body = try await APISupport.readJSON(request, context)
        let proposed = body == .object([:]) ? nil : Inputs.classificationRules(body, fromForm: false)
        let run = try await store.classification.preview(proposed?.value, caller: caller, inputIssues: proposed?.issues ?? [])
        return try APISupport.json(run)
    }

    /// `{"reason": "…"}`: classifies every key account under the stored rules, and removes the
    /// class of accounts that are no longer key accounts.
    func applyClassification(_ request: Request, _ context: AppContext) async throws -> Response {
        let caller = try context.requireCaller()
        var r = InputReader(try await APISupport.readJSON(request, context), fromForm: false)
        r.rejectUnknown(except: ["reason"])
        let reason = r.string("reason").or("")
        // If-Match (optional): the rules revision the client previewed; rules saved since answer 412.
        let revision = try APISupport.ifMatch(request, required: false)
        let run = try await store.classification.apply(reason: reason, expectedRevision: revision, caller: caller, inputIssues: r.issues)
        return try APISupport.json(run)
    }

    func accountPlacement(_ request: Request, _ context: AppContext) async throws -> Response {
        let caller = try context.requireCaller()
        return try APISupport.json(try await store.classification.placement(of: try APISupport.id(context), caller: caller))
    }

    func getInvestmentStrategy(_ request: Request, _ context: AppContext) async throws -> Response {
        try await getDocument(InvestmentStrategy.self, context)
    }

    func saveInvestmentStrategy(_ request: Request, _ context: AppContext) async throws -> Response {
        try await saveDocument(request, context) { Inputs.investmentStrategy($0, fromForm: false) }
    }

    func getStrategyLibrary(_ request: Request, _ context: AppContext) async throws -> Response {
        try await getDocument(StrategyLibrary.self, context)
    }

    func saveStrategyLibrary(_ request: Request, _ context: AppContext) async throws -> Response {
        try await saveDocument(request, context, parse: Inputs.strategyLibrary)
    }

    /// A company document's newest revision, its revision as the ETag.
    func getDocument<D: CompanyDocument>(_ type: D.Type, _ context: AppContext) async throws -> Response {
        _ = try context.requireCaller()
        let current = try await store.documents.current(D.self)
        return try APISupport.json(current, version: current.revision)
    }

    /// PUT with If-Match: the revision the edit started from (0 for the standard); the answer is the new revision.
    func saveDocument<D: CompanyDocument>(_ request: Request, _ context: AppContext, parse: (JSONValue) -> Inputs.Parsed<D>) async throws -> Response {
        let caller = try context.requireCaller()
        let revision = try APISupport.ifMatch(request) ?? 0
        let input = parse(try await APISupport.readJSON(request, context))
        let saved = try await store.documents.save(input.value, expectedRevision: revision, caller: caller, inputIssues: input.issues)
        return try APISupport.json(saved, version: saved.revision)
    }

    func accountStrategy(_ request: Request, _ context: AppContext) async throws -> Response {
        try APISupport.json(try await store.strategies.strategy(of: try APISupport.id(context), caller: try context.requireCaller()))
    }

    func assignStrategy(_ request: Request, _ context: AppContext) async throws -> Response {
        let caller = try context.requireCaller()
        let input = Inputs.strategyAssignment(try await APISupport.readJSON(request, context), fromForm: false, base: nil,
                                              defaultOwner: caller.actor.userID ?? 0)
        let made = try await store.strategies.assign(try APISupport.id(context), input.value, caller: caller, inputIssues: input.issues)
        return try APISupport.json(made, status: .created, version: made.version)
    }

    func getStrategyAssignment(_ request: Request, _ context: AppContext) async throws -> Response {
        let found = try await store.strategies.assignment(try APISupport.id(context), caller: try context.requireCaller())
        return try APISupport.json(found, version: found.version)
    }

    func updateStrategyAssignment(_ request: Request, _ context: AppContext) async throws -> Response {
        let caller = try context.requireCaller()
        let id = try APISupport.id(context)
        let version = try APISupport.ifMatch(request) ?? 0
        let current = try await store.strategies.assignment(id, caller: caller)
        let input = Inputs.strategyAssignment(try await APISupport.readJSON(request, context), fromForm: false, base: current.draft,
                                              defaultOwner: current.ownerID)
        let updated = try await store.strategies.update(id, input.value, expectedVersion: version, caller: caller, inputIssues: input.issues)
        return try APISupport.json(updated, version: updated.version)
    }
}
