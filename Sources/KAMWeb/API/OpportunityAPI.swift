import Foundation
import Hummingbird
import KAMCore
import KAMStore

extension APIHandlers {
    func listOpportunities(_ request: Request, _ context: AppContext) async throws -> Response {
        var issues: [FieldIssue] = []
        var query = OpportunityQuery()
        query.accountID = APISupport.intParameter(request, "account", &issues)
        query.ownerID = APISupport.intParameter(request, "owner", &issues)
        if let stage = APISupport.query(request, "stage") {
            // A stage is named by a sales-process key; text that could be no key is refused.
            var v = Validator()
            StrategyLibrary.checkKey(stage, "stage", into: &v)
            issues += v.issues
            if v.issues.isEmpty { query.stage = OpportunityStage(rawValue: stage) }
        }
        query.track = APISupport.vocabularyParameter(request, "track", SalesTrack.self, &issues)
        if let limit = APISupport.intParameter(request, "limit", &issues) { query.limit = Int(limit) }
        if let offset = APISupport.intParameter(request, "offset", &issues) { query.offset = Int(offset) }
        if !issues.isEmpty { throw AppError.invalid(issues) }
        let items = try await store.opportunities.list(query, caller: try context.requireCaller()).map(\.opportunity)
        return try APISupport.json(ListResponse(items: items, nextCursor: nil, total: nil, totalIsLowerBound: nil))
    }

    func createOpportunity(_ request: Request, _ context: AppContext) async throws -> Response {
        let caller = try context.requireCaller()
        let base = OpportunityDraft(name: "", accountID: 0, amount: Money(minorUnits: 0, currency: "USD"), ownerID: caller.actor.userID ?? 0)
        let input = Inputs.opportunity(try await APISupport.readJSON(request, context), fromForm: false, base: base, creating: true)
        let opportunity = try await store.opportunities.create(input.value, caller: caller, inputIssues: input.issues)
        return try APISupport.json(opportunity, status: .created, version: opportunity.version,
                                   location: "/api/v1/opportunities/\(opportunity.id)")
    }

    func getOpportunity(_ request: Request, _ context: AppContext) async throws -> Response {
        let found = try await store.opportunities.get(try APISupport.id(context), caller: try context.requireCaller())
        return try APISupport.json(found.opportunity, version: found.opportunity.version)
    }

    func updateOpportunity(_ request: Request, _ context: AppContext) async throws -> Response {
        let caller = try context.requireCaller()
        let id = try APISupport.id(context)
        let version = try APISupport.ifMatch(request) ?? 0
        let current = try await store.opportunities.get(id, caller: caller)
        let body = try await APISupport.readJSON(request, context)
        let input = Inputs.opportunity(body, fromForm: false, base: current.opportunity.draft, creating: false)
        var reader = InputReader(body, fromForm: false)
        let reason = reader.string("stageReason").value
        let opportunity = try await store.opportunities.update(id, input.value, expectedVersion: version, caller: caller, stageReason: reason,
                                                               inputIssues: input.issues + reader.issues)
        return try APISupport.json(opportunity, version: opportunity.version)
    }

    func listCustomFields(_ request: Request, _ context: AppContext) async throws -> Response {
        _ = try context.requireCaller()
        return try APISupport.json(ListResponse(items: try await store.customFields.all(), nextCursor: nil, total: nil, totalIsLowerBound: nil))
    }

    func createCustomField(_ request: Request, _ context: AppContext) async throws -> Response {
        let caller = try context.requireCaller()
        let body = try await APISupport.readJSON(request, context)
        var r = InputReader(body, fromForm: false)
        r.rejectUnknown(except: ["key", "label", "type", "choices", "industry", "required"])
        let key = r.string("key").value ?? ""
        let label = r.string("label").value ?? ""
        let type = r.vocabulary("type", CustomFieldType.self).value
        if type == nil { r.issues.append(FieldIssue(field: "type", code: "required")) }
        let industry = r.vocabulary("industry", Industry.self).value
        var choices: [String] = []
        var required = false
        if case .object(let object) = body {
            switch object["choices"] {
            case .array(let items)?:
                for (i, item) in items.enumerated() {
                    if case .string(let s) = item { choices.append(s) } else { r.issues.append(FieldIssue(field: "choices[\(i)]", code: "expected_string")) }
                }
            case nil, .null?: break
            default: r.issues.append(FieldIssue(field: "choices", code: "expected_array"))
            }
            switch object["required"] {
            case .bool(let b)?: required = b
            case nil, .null?: break
            default: r.issues.append(FieldIssue(field: "required", code: "expected_boolean"))
            }
        }
        if !r.issues.isEmpty { throw AppError.invalid(r.issues) }
        let definition = try await store.customFields.create(key: key, label: label, type: type ?? .text, choices: choices,
                                                             industry: industry, required: required, caller: caller)
        return try APISupport.json(definition, status: .created, version: definition.version)
    }

    func deleteCustomField(_ request: Request, _ context: AppContext) async throws -> Response {
        try await store.customFields.delete(id: try APISupport.id(context), caller: try context.requireCaller())
        return APISupport.noContent()
    }
}
