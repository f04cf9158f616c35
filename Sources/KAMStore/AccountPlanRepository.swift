import Foundation
import KAMCore
import SQLKit

/// A plan with what its page shows beside it: objectives' progress from the account's data, the
/// owner's quota for the period, the kept revisions, and who may change or approve it.
public struct AccountPlanView: Sendable, Hashable, Codable {
    public var plan: AccountPlan
    public var accountName: String
    public var facts: PlanFacts
    public var progress: [ObjectiveProgress]
    public var reportingCurrency: String
    /// The account owner's quotas overlapping the period.
    public var quotas: [Quota]
    public var revisions: [PlanRevisionSummary]
    public var canEdit: Bool
    public var canApprove: Bool
}

public struct PlanRevisionSummary: Sendable, Hashable, Codable {
    public var revision: Int
    public var createdAt: Date
    public var createdBy: String
}

/// Account plans (domain.md §5): every save a new revision kept whole; objectives' actions become
/// tasks in their owners' lists; approved by an administrator or a sales director above the owner.
public struct AccountPlanRepository: Sendable {
    let database: KAMDatabase
    let now: @Sendable () -> Date

    public func plans(of accountID: AccountID, caller: Caller) async throws -> [AccountPlan] {
        try await database.read { db in
            _ = try await StrategyRepository.visibleAccount(db, accountID, caller: caller)
            return try await Self.load(db, where: "p.account_id = \(accountID)")
        }
    }

    public func get(_ id: AccountPlanID, caller: Caller) async throws -> AccountPlanView {
        let today = Clock.today(now())
        return try await database.read { db in try await Self.view(db, id, caller: caller, today: today) }
    }

    public func revision(_ id: AccountPlanID, _ revision: Int, caller: Caller) async throws -> PlanRevision {
        try await database.read { db in
            _ = try await Self.visible(db, id, caller: caller)
            guard let row = try await db.raw("""
                SELECT * FROM account_plan_revisions WHERE plan_id = \(bind: id) AND revision = \(bind: revision)
                """).first() else { throw StoreError.notFound(entity: "plan_revision", id: Int64(revision)) }
            return PlanRevision(revision: revision, draft: try JSONText.decode(AccountPlanDraft.self, try row.string("body")),
                                createdAt: try row.date("created_at"), createdBy: try row.string("created_by_name"))
        }
    }

    public func create(at accountID: AccountID, _ draft: AccountPlanDraft, caller: Caller, clonedFrom: AccountPlanID? = nil,
                       inputIssues: [FieldIssue] = []) async throws -> AccountPlan {
        let at = now()
        return try await database.write { db in
            let account = try await StrategyRepository.editableAccount(db, accountID, caller: caller)
            var body = draft
            try await Self.check(db, body, account: account, inputIssues: inputIssues)
            guard let row = try await db.raw("""
                INSERT INTO account_plans (account_id, title, period_start, period_end, revision, status, cloned_from, version, created_at,
                                           updated_at, updated_by, updated_by_name)
                VALUES (\(bind: accountID), \(bind: body.title), \(bind: body.periodStart.description), \(bind: body.periodEnd.description), 1, 'draft',
                        \(bind: clonedFrom), 1, \(bind: Clock.millis(at)), \(bind: Clock.millis(at)), \(bind: caller.actor.userID),
                        \(bind: caller.actor.name)) RETURNING id
                """).first() else { throw StoreError.conflict(code: "insert_failed", field: nil) }
            let id = try row.int64("id")
            try await Self.makeTasks(db, &body, planID: id, accountID: accountID, caller: caller, at: at)
            try await Self.keep(db, id, revision: 1, body, caller: caller, at: at)
            let plan = try await Self.one(db, id)
            try await AuditLog.record(db, caller, at: at, entity: "account_plan", id: id, action: "create", before: AccountPlan?.none, after: plan,
                                      accountID: accountID)
            return plan
        }
    }

    /// Saves `draft` as the plan's next revision; an approved plan goes back to draft (the approved
    /// revision stays on record).
    public func update(_ id: AccountPlanID, _ draft: AccountPlanDraft, expectedVersion: Int, caller: Caller,
                       inputIssues: [FieldIssue] = []) async throws -> AccountPlan {
        let at = now()
        return try await database.write { db in
            let before = try await Self.visible(db, id, caller: caller)
            let account = try await StrategyRepository.editableAccount(db, before.accountID, caller: caller)
            guard before.version == expectedVersion else { throw try await Self.conflict(db, id) }
            var body = draft
            // Actions keep the tasks they already became.
            for (o, objective) in body.objectives.enumerated() {
                for (a, action) in objective.actions.enumerated() where action.taskID == nil {
                    body.objectives[o].actions[a].taskID = before.draft.objectives.flatMap(\.actions)
                        .first { $0.title == action.title && $0.ownerID == action.ownerID && $0.dueOn == action.dueOn }?.taskID
                }
            }
            try await Self.check(db, body, account: account, inputIssues: inputIssues)
            try await Self.makeTasks(db, &body, planID: id, accountID: before.accountID, caller: caller, at: at)
            guard try await db.raw("""
                UPDATE account_plans SET title = \(bind: body.title), period_start = \(bind: body.periodStart.description),
                    period_end = \(bind: body.periodEnd.description), revision = revision + 1, status = 'draft', version = version + 1,
                    updated_at = \(bind: Clock.millis(at)), updated_by = \(bind: caller.actor.userID), updated_by_name = \(bind: caller.actor.name)
                WHERE id = \(bind: id) AND version = \(bind: expectedVersion) RETURNING id
                """).first() != nil else { throw try await Self.conflict(db, id) }
            try await Self.keep(db, id, revision: before.revision + 1, body, caller: caller, at: at)
            let after = try await Self.one(db, id)
            try await AuditLog.record(db, caller, at: at, entity: "account_plan", id: id, action: "update", before: before, after: after,
                                      accountID: before.accountID)
            return after
        }
    }

    /// Approves the current revision: administrators, and sales directors who may edit the account.
    public func approve(_ id: AccountPlanID, expectedVersion: Int, caller: Caller) async throws -> AccountPlan {
        let at = now()
        return try await database.write { db in
            let before = try await Self.visible(db, id, caller: caller)
            guard let account = try await AccountRepository.load(db, before.accountID), Self.canApprove(caller, account) else { throw StoreError.forbidden }
            guard before.version == expectedVersion else { throw try await Self.conflict(db, id) }
            if before.status == .approved { throw StoreError.conflict(code: "already_approved", field: "status") }
            guard try await db.raw("""
                UPDATE account_plans SET status = 'approved', approved_revision = revision, approved_by_name = \(bind: caller.actor.name),
                    approved_at = \(bind: Clock.millis(at)), version = version + 1, updated_at = \(bind: Clock.millis(at)),
                    updated_by = \(bind: caller.actor.userID), updated_by_name = \(bind: caller.actor.name)
                WHERE id = \(bind: id) AND version = \(bind: expectedVersion) RETURNING id
                """).first() != nil else { throw try await Self.conflict(db, id) }
            let after = try await Self.one(db, id)
            try await AuditLog.record(db, caller, at: at, entity: "account_plan", id: id, action: "approve", before: before, after: after,
                                      accountID: before.accountID)
            return after
        }
    }

    /// Next period's plan from this one (`AccountPlanDraft.clonedForNextYear`), the people's
    /// current attitudes read afresh.
    public func clone(_ id: AccountPlanID, caller: Caller) async throws -> AccountPlan {
        let source = try await database.read { db in try await Self.visible(db, id, caller: caller) }
        var draft = source.draft.clonedForNextYear()
        let people = draft.relationships.map(\.personID)
        let portraits = try await database.read { db in try await Self.portraits(db, people) }
        for index in draft.relationships.indices {
            if let now = portraits[draft.relationships[index].personID] { draft.relationships[index].current = now }
        }
        return try await create(at: source.accountID, draft, caller: caller, clonedFrom: id)
    }

    static func canApprove(_ caller: Caller, _ account: Account) -> Bool {
        caller.policy.mayShapeOrganisation && caller.policy.canEdit(account)
    }

    static func check(_ db: any SQLDatabase, _ draft: AccountPlanDraft, account: Account, inputIssues: [FieldIssue]) async throws {
        var v = Validator(known: inputIssues)
        draft.validate(into: &v)
        let people = Set(try await db.raw(SQLQueryString("""
            SELECT person_id FROM employments WHERE account_id = \(unsafeRaw: String(account.id))
            """)).all().map { try $0.int64("person_id") })
        for (index, relationship) in draft.relationships.enumerated() where !people.contains(relationship.personID) {
            v.add("relationships[\(index)].personID", "not_of_account")
        }
        let lines = Set(try await db.raw("SELECT id FROM product_lines").all().map { try $0.int64("id") })
        for (index, target) in draft.targets.enumerated() where !lines.contains(target.productLineID) { v.add("targets[\(index)].productLineID", "unknown_product_line") }
        for (index, cell) in draft.whiteSpace.enumerated() where !lines.contains(cell.productLineID) { v.add("whiteSpace[\(index)].productLineID", "unknown_product_line") }
        let active = Set(try await db.raw("SELECT id FROM users WHERE active = 1").all().map { try $0.int64("id") })
        for (o, objective) in draft.objectives.enumerated() {
            if !active.contains(objective.ownerID) { v.add("objectives[\(o)].ownerID", "unknown_user") }
            for (a, action) in objective.actions.enumerated() where action.taskID == nil && !active.contains(action.ownerID) {
                v.add("objectives[\(o)].actions[\(a)].ownerID", "unknown_user")
            }
        }
        try v.throwIfInvalid()
    }

    /// Each action not yet a task becomes one in its owner's list (source: objective, the plan).
    static func makeTasks(_ db: any SQLDatabase, _ draft: inout AccountPlanDraft, planID: AccountPlanID, accountID: AccountID, caller: Caller,
                          at: Date) async throws {
        for (o, objective) in draft.objectives.enumerated() {
            for (a, action) in objective.actions.enumerated() where action.taskID == nil {
                let task = TaskDraft(title: action.title, ownerID: action.ownerID, dueOn: action.dueOn, note: objective.title, accountID: accountID)
                let taskID = try await TaskRepository.insert(db, task, source: .objective, sourceID: planID, caller: caller, at: at)
                _ = try await TaskRepository.created(db, taskID, caller: caller, at: at)
                draft.objectives[o].actions[a].taskID = taskID
            }
        }
    }

    static func keep(_ db: any SQLDatabase, _ id: AccountPlanID, revision: Int, _ draft: AccountPlanDraft, caller: Caller, at: Date) async throws {
        try await db.raw("""
            INSERT INTO account_plan_revisions (plan_id, revision, body, created_at, created_by, created_by_name)
            VALUES (\(bind: id), \(bind: revision), \(bind: try JSONText.encode(draft)), \(bind: Clock.millis(at)), \(bind: caller.actor.userID),
                    \(bind: caller.actor.name))
            """).run()
    }

    static func visible(_ db: any SQLDatabase, _ id: AccountPlanID, caller: Caller) async throws -> AccountPlan {
        guard let plan = try await load(db, where: "p.id = \(id)").first else { throw StoreError.notFound(entity: "account_plan", id: id) }
        _ = try await StrategyRepository.visibleAccount(db, plan.accountID, caller: caller, notFound: ("account_plan", id))
        return plan
    }

    static func one(_ db: any SQLDatabase, _ id: AccountPlanID) async throws -> AccountPlan {
        guard let plan = try await load(db, where: "p.id = \(id)").first else { throw StoreError.notFound(entity: "account_plan", id: id) }
        return plan
    }

    /// Plans matching `condition` (ids only are rendered into it) with their current revision's body.
    static func load(_ db: any SQLDatabase, where condition: String) async throws -> [AccountPlan] {
        try await db.raw(SQLQueryString("""
            SELECT p.*, r.body FROM account_plans p JOIN account_plan_revisions r ON r.plan_id = p.id AND r.revision = p.revision
            WHERE \(unsafeRaw: condition) ORDER BY p.period_start DESC, p.id DESC
            """)).all().map { row in
            AccountPlan(id: try row.int64("id"), accountID: try row.int64("account_id"), revision: try row.int("revision"),
                        status: PlanStatus(rawValue: try row.string("status")) ?? .draft,
                        approvedRevision: try row.optionalInt64("approved_revision").map(Int.init), approvedBy: try row.optionalString("approved_by_name"),
                        approvedAt: try row.optionalDate("approved_at"), clonedFrom: try row.optionalInt64("cloned_from"),
                        draft: try JSONText.decode(AccountPlanDraft.self, try row.string("body")), version: try row.int("version"),
                        updatedAt: try row.date("updated_at"), updatedBy: try row.string("updated_by_name"))
        }
    }

    static func view(_ db: any SQLDatabase, _ id: AccountPlanID, caller: Caller, today: CalendarDate) async throws -> AccountPlanView {
        let plan = try await visible(db, id, caller: caller)
        guard let account = try await AccountRepository.load(db, plan.accountID) else { throw StoreError.notFound(entity: "account_plan", id: id) }
        let reporting = try await CatalogueRepository.settings(db).reportingCurrency
        let facts = try await facts(db, account: account.id, from: plan.draft.periodStart, to: plan.draft.periodEnd, reportingCurrency: reporting)
        let revisions = try await db.raw("""
            SELECT revision, created_at, created_by_name FROM account_plan_revisions WHERE plan_id = \(bind: id) ORDER BY revision DESC
            """).all().map {
            PlanRevisionSummary(revision: try $0.int("revision"), createdAt: try $0.date("created_at"), createdBy: try $0.string("created_by_name"))
        }
        let quotas = try await QuotaRepository.quotas(db, userID: account.ownerID, overlapping: plan.draft.periodStart, plan.draft.periodEnd)
        return AccountPlanView(plan: plan, accountName: account.name, facts: facts,
                               progress: plan.draft.objectives.map { PlanProgress.progress(of: $0, facts: facts) }, reportingCurrency: reporting,
                               quotas: quotas, revisions: revisions,
                               canEdit: caller.policy.mayEditAnything && caller.policy.canEdit(account), canApprove: canApprove(caller, account))
    }

    /// The computed measures over the period: purchases at the account and its branches (in the
    /// reporting currency), opportunities won there and activities held there.
    static func facts(_ db: any SQLDatabase, account: AccountID, from: CalendarDate, to: CalendarDate, reportingCurrency: String) async throws -> PlanFacts {
        let row = try await db.raw(SQLQueryString("""
            SELECT (SELECT COALESCE(SUM(CAST(t.reporting_amount_minor AS DOUBLE PRECISION)), 0) FROM purchase_transactions t
                    WHERE t.account_id IN \(unsafeRaw: PurchaseRepository.withBranches(account)) AND t.reporting_currency = \(bind: reportingCurrency)
                    AND t.day >= \(bind: from.description) AND t.day <= \(bind: to.description)) AS revenue,
                   (SELECT COUNT(*) FROM opportunities o WHERE o.account_id = \(bind: account) AND o.deleted_at IS NULL AND o.stage = 'won'
                    AND o.closed_on >= \(bind: from.description) AND o.closed_on <= \(bind: to.description)) AS won,
                   (SELECT COUNT(*) FROM activities x WHERE x.account_id = \(bind: account)
                    AND x.occurred_on >= \(bind: from.description) AND x.occurred_on <= \(bind: to.description)) AS held
            """)).first()
        let digits = Money.minorUnitDigits[reportingCurrency] ?? 2
        let revenue = try row?.decode(column: "revenue", as: Double.self) ?? 0
        return PlanFacts(revenueBooked: revenue / pow(10, Double(digits)), opportunitiesWon: try row?.int("won") ?? 0, activitiesHeld: try row?.int("held") ?? 0)
    }

    static func portraits(_ db: any SQLDatabase, _ people: [PersonID]) async throws -> [PersonID: Portrait] {
        guard !people.isEmpty else { return [:] }
        var out: [PersonID: Portrait] = [:]
        for row in try await db.raw(SQLQueryString("""
            SELECT id, closeness, recognition, price_acceptance FROM key_persons WHERE id IN \(unsafeRaw: inList(people))
            """)).all() {
            // Placeholders and people never assessed have no portrait.
            guard let closeness = try row.optionalInt64("closeness"), let recognition = try row.optionalInt64("recognition"),
                  let price = try row.optionalInt64("price_acceptance") else { continue }
            out[try row.int64("id")] = Portrait(closeness: Int(closeness), recognition: Int(recognition), priceAcceptance: Int(price))
        }
        return out
    }

    static func conflict(_ db: any SQLDatabase, _ id: AccountPlanID) async throws -> StoreError {
        try await versionConflict(db, table: "account_plans", entity: "account_plan", id: id)
    }
}

extension AccountPlanRepository {
    /// The portraits now of everyone who works or worked at the account: a plan's "now" column.
    public func portraits(of accountID: AccountID, caller: Caller) async throws -> [PersonID: Portrait] {
        try await database.read { db in
            _ = try await StrategyRepository.visibleAccount(db, accountID, caller: caller)
            let people = try await db.raw(SQLQueryString("""
                SELECT DISTINCT person_id FROM employments WHERE account_id = \(unsafeRaw: String(accountID))
                """)).all().map { try $0.int64("person_id") }
            return try await Self.portraits(db, people)
        }
    }
}
