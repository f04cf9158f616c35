import Foundation
import Hummingbird
import KAMCore
import KAMStore

/// Two revisions of a plan side by side, and the parts in which they differ.
struct PlanComparison: Codable, Sendable {
    var left: PlanRevision
    var right: PlanRevision
    var differingParts: [PlanPart]
}

extension APIHandlers {
    func listPlans(_ request: Request, _ context: AppContext) async throws -> Response {
        let items = try await store.plans.plans(of: try APISupport.id(context), caller: try context.requireCaller())
        return try APISupport.json(ListResponse(items: items, nextCursor: nil, total: nil, totalIsLowerBound: nil))
    }

    func createPlan(_ request: Request, _ context: AppContext) async throws -> Response {
        let caller = try context.requireCaller()
        let input = Inputs.plan(try await APISupport.readJSON(request, context), fromForm: false)
        let plan = try await store.plans.create(at: try APISupport.id(context), input.value, caller: caller, inputIssues: input.issues)
        return try APISupport.json(plan, status: .created, version: plan.version, location: "/api/v1/plans/\(plan.id)")
    }

    func getPlan(_ request: Request, _ context: AppContext) async throws -> Response {
        let view = try await store.plans.get(try APISupport.id(context), caller: try context.requireCaller())
        return try APISupport.json(view, version: view.plan.version)
    }

    /// PUT: the whole plan, saved as its next revision.
    func savePlan(_ request: Request, _ context: AppContext) async throws -> Response {
        let caller = try context.requireCaller()
        let version = try APISupport.ifMatch(request) ?? 0
        let input = Inputs.plan(try await APISupport.readJSON(request, context), fromForm: false)
        let plan = try await store.plans.update(try APISupport.id(context), input.value, expectedVersion: version, caller: caller, inputIssues: input.issues)
        return try APISupport.json(plan, version: plan.version)
    }

    func approvePlan(_ request: Request, _ context: AppContext) async throws -> Response {
        let plan = try await store.plans.approve(try APISupport.id(context), expectedVersion: try APISupport.ifMatch(request) ?? 0,
                                                 caller: try context.requireCaller())
        return try APISupport.json(plan, version: plan.version)
    }

    func clonePlan(_ request: Request, _ context: AppContext) async throws -> Response {
        let plan = try await store.plans.clone(try APISupport.id(context), caller: try context.requireCaller())
        return try APISupport.json(plan, status: .created, version: plan.version, location: "/api/v1/plans/\(plan.id)")
    }

    /// `?left=N&right=M`: two revisions and the parts that differ.
    func comparePlan(_ request: Request, _ context: AppContext) async throws -> Response {
        let caller = try context.requireCaller()
        var issues: [FieldIssue] = []
        let left = APISupport.intParameter(request, "left", &issues), right = APISupport.intParameter(request, "right", &issues)
        if left == nil, !issues.contains(where: { $0.field == "left" }) { issues.append(FieldIssue(field: "left", code: "required")) }
        if right == nil, !issues.contains(where: { $0.field == "right" }) { issues.append(FieldIssue(field: "right", code: "required")) }
        if !issues.isEmpty { throw AppError.invalid(issues) }
        return try APISupport.json(try await Self.comparison(store, try APISupport.id(context), Int(left ?? 0), Int(right ?? 0), caller: caller))
    }

    static func comparison(_ store: KAMStore, _ id: AccountPlanID, _ left: Int, _ right: Int, caller: Caller) async throws -> PlanComparison {
        let a = try await store.plans.revision(id, left, caller: caller), b = try await store.plans.revision(id, right, caller: caller)
        return PlanComparison(left: a, right: b, differingParts: PlanPart.allCases.filter { $0.differs(a.draft, b.draft) })
    }

    func listQuotas(_ request: Request, _ context: AppContext) async throws -> Response {
        let items = try await store.quotas.list(caller: try context.requireCaller())
        return try APISupport.json(ListResponse(items: items, nextCursor: nil, total: nil, totalIsLowerBound: nil))
    }

    func createQuota(_ request: Request, _ context: AppContext) async throws -> Response {
        let caller = try context.requireCaller()
        let input = Inputs.quota(try await APISupport.readJSON(request, context), fromForm: false, base: nil)
        let quota = try await store.quotas.create(input.value, caller: caller, inputIssues: input.issues)
        return try APISupport.json(quota, status: .created, version: quota.version, location: "/api/v1/quotas/\(quota.id)")
    }

    func getQuota(_ request: Request, _ context: AppContext) async throws -> Response {
        _ = try context.requireCaller()
        let quota = try await store.quotas.get(try APISupport.id(context))
        return try APISupport.json(quota, version: quota.version)
    }

    func updateQuota(_ request: Request, _ context: AppContext) async throws -> Response {
        let caller = try context.requireCaller()
        let id = try APISupport.id(context)
        let version = try APISupport.ifMatch(request) ?? 0
        let current = try await store.quotas.get(id)
        let base = QuotaDraft(userID: current.userID, salesTeamID: current.salesTeamID, periodStart: current.periodStart, periodEnd: current.periodEnd,
                              amount: current.amount)
        let input = Inputs.quota(try await APISupport.readJSON(request, context), fromForm: false, base: base)
        let quota = try await store.quotas.update(id, input.value, expectedVersion: version, caller: caller, inputIssues: input.issues)
        return try APISupport.json(quota, version: quota.version)
    }
}
