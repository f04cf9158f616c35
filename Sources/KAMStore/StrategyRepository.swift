import Foundation
import KAMCore
import SQLKit

/// What an account's class entitles it to, and the strategies and tactics assigned to it.
public struct AccountStrategy: Sendable, Hashable, Codable {
    public var accountID: AccountID
    public var accountClass: AccountClass?
    public var entitlements: EntitlementCheck?
    public var assignments: [StrategyAssignment]
    /// Keys of the library's strategies suited to the class.
    public var suggested: [String]
}

/// The investment strategy per class, the strategy library and the accounts' assignments.
public struct StrategyRepository: Sendable {
    let database: KAMDatabase
    let now: @Sendable () -> Date

    var documents: CompanyDocumentRepository { CompanyDocumentRepository(database: database, now: now) }

    public func investment() async throws -> Revised<InvestmentStrategy> { try await documents.current(InvestmentStrategy.self) }
    public func library() async throws -> Revised<StrategyLibrary> { try await documents.current(StrategyLibrary.self) }

    public func strategy(of accountID: AccountID, caller: Caller) async throws -> AccountStrategy {
        let today = Clock.today(now())
        return try await database.read { db in
            let account = try await Self.visibleAccount(db, accountID, caller: caller)
            let library = try await CompanyDocumentRepository.current(db, StrategyLibrary.self).document
            var entitlements: EntitlementCheck?
            if let accountClass = account.accountClass,
               let rules = try await CompanyDocumentRepository.current(db, InvestmentStrategy.self).document.rules(for: accountClass) {
                let members = try await db.raw("""
                    SELECT team_role, hours_per_quarter FROM account_team_members WHERE account_id = \(bind: accountID)
                    AND from_date <= \(bind: today.description) AND (to_date IS NULL OR to_date > \(bind: today.description))
                    """).all()
                var sponsor = false, hours = 0
                for member in members {
                    let role = try member.string("team_role")
                    if role == TeamRole.executiveSponsor.rawValue { sponsor = true }
                    if [TeamRole.expert, .customerLeadExpert, .solutionManager].map(\.rawValue).contains(role) { hours += try member.int("hours_per_quarter") }
                }
                entitlements = EntitlementCheck.check(rules, sponsor: sponsor, expertHours: hours)
            }
            return AccountStrategy(accountID: accountID, accountClass: account.accountClass, entitlements: entitlements,
                                   assignments: try await Self.assignments(db, where: "s.account_id = \(accountID)", library: library),
                                   suggested: library.suggested(for: account.accountClass).map(\.key))
        }
    }

    public func assignment(_ id: StrategyAssignmentID, caller: Caller) async throws -> StrategyAssignment {
        try await database.read { db in
            let library = try await CompanyDocumentRepository.current(db, StrategyLibrary.self).document
            guard let found = try await Self.assignments(db, where: "s.id = \(id)", library: library).first else {
                throw StoreError.notFound(entity: "strategy_assignment", id: id)
            }
            _ = try await Self.visibleAccount(db, found.accountID, caller: caller, notFound: ("strategy_assignment", id))
            return found
        }
    }

    public func assign(_ accountID: AccountID, _ draft: StrategyAssignmentDraft, caller: Caller, inputIssues: [FieldIssue] = []) async throws
        -> StrategyAssignment {
        let at = now()
        return try await database.write { db in
            let account = try await Self.visibleAccount(db, accountID, caller: caller)
            guard caller.policy.mayEditAnything, caller.policy.canEdit(account) else { throw StoreError.forbidden }
            let library = try await Self.check(db, draft, inputIssues: inputIssues)
            guard let row = try await db.raw("""
                INSERT INTO account_strategies (account_id, strategy_key, tactic_key, owner_id, status, due_on, note, version, created_at,
                                                updated_at, updated_by)
                VALUES (\(bind: accountID), \(bind: draft.strategyKey), \(bind: draft.tacticKey), \(bind: draft.ownerID), \(bind: draft.status.rawValue),
                        \(bind: draft.dueOn?.description), \(bind: draft.note), 1, \(bind: Clock.millis(at)), \(bind: Clock.millis(at)),
                        \(bind: caller.actor.userID)) RETURNING id
                """).first() else { throw StoreError.conflict(code: "insert_failed", field: nil) }
            let id = try row.int64("id")
            guard let made = try await Self.assignments(db, where: "s.id = \(id)", library: library).first else {
                throw StoreError.notFound(entity: "strategy_assignment", id: id)
            }
            try await AuditLog.record(db, caller, at: at, entity: "strategy_assignment", id: id, action: "create",
                                      before: StrategyAssignment?.none, after: made, accountID: accountID)
            return made
        }
    }

    /// Changes owner, status, due date or note (the strategy and tactic stay: assign anew instead).
    public func update(_ id: StrategyAssignmentID, _ draft: StrategyAssignmentDraft, expectedVersion: Int, caller: Caller,
                       inputIssues: [FieldIssue] = []) async throws -> StrategyAssignment {
        let at = now()
        return try await database.write { db in
            let library = try await CompanyDocumentRepository.current(db, StrategyLibrary.self).document
            guard let before = try await Self.assignments(db, where: "s.id = \(id)", library: library).first else {
                throw StoreError.notFound(entity: "strategy_assignment", id: id)
            }
            let account = try await Self.visibleAccount(db, before.accountID, caller: caller, notFound: ("strategy_assignment", id))
            guard caller.policy.mayEditAnything, caller.policy.canEdit(account) else { throw StoreError.forbidden }
            var v = Validator(known: inputIssues)
            if draft.strategyKey != before.strategyKey { v.add("strategyKey", "unchangeable") }
            if draft.tacticKey != before.tacticKey { v.add("tacticKey", "unchangeable") }
            v.text(draft.note, "note", max: 4000)
            try v.throwIfInvalid()
            try await Self.checkOwner(db, draft.ownerID)
            let updated = try await db.raw("""
                UPDATE account_strategies SET owner_id = \(bind: draft.ownerID), status = \(bind: draft.status.rawValue),
                    due_on = \(bind: draft.dueOn?.description), note = \(bind: draft.note), version = version + 1,
                    updated_at = \(bind: Clock.millis(at)), updated_by = \(bind: caller.actor.userID)
                WHERE id = \(bind: id) AND version = \(bind: expectedVersion) RETURNING id
                """).first()
            guard updated != nil else {
                throw StoreError.versionConflict(currentVersion: before.version, changedBy: nil, changedAt: before.updatedAt)
            }
            guard let after = try await Self.assignments(db, where: "s.id = \(id)", library: library).first else {
                throw StoreError.notFound(entity: "strategy_assignment", id: id)
            }
            try await AuditLog.record(db, caller, at: at, entity: "strategy_assignment", id: id, action: "update",
                                      before: before, after: after, accountID: before.accountID)
            return after
        }
    }

    static func check(_ db: any SQLDatabase, _ draft: StrategyAssignmentDraft, inputIssues: [FieldIssue]) async throws -> StrategyLibrary {
        let library = try await CompanyDocumentRepository.current(db, StrategyLibrary.self).document
        do throws(ValidationFailure) { try draft.validate(library: library, known: inputIssues) } catch { throw StoreError.validation(error) }
        try await checkOwner(db, draft.ownerID)
        return library
    }

    static func checkOwner(_ db: any SQLDatabase, _ ownerID: UserID) async throws {
        let owner = try await db.raw("SELECT id FROM users WHERE id = \(bind: ownerID) AND active = 1").first()
        if owner == nil { throw StoreError.validation(ValidationFailure([FieldIssue(field: "ownerID", code: "unknown_user")])) }
    }

    static func visibleAccount(_ db: any SQLDatabase, _ id: AccountID, caller: Caller, notFound: (String, Int64)? = nil) async throws -> Account {
        guard let account = try await AccountRepository.load(db, id), account.deletedAt == nil, caller.policy.canView(account) else {
            throw StoreError.notFound(entity: notFound?.0 ?? "account", id: notFound?.1 ?? id)
        }
        return account
    }

    /// The account when the caller may change what hangs off it; not found when they cannot see it,
    /// forbidden when they can only read it.
    @discardableResult
    static func editableAccount(_ db: any SQLDatabase, _ id: AccountID, caller: Caller, notFound: (String, Int64)? = nil) async throws -> Account {
        let account = try await visibleAccount(db, id, caller: caller, notFound: notFound)
        guard caller.policy.mayEditAnything, caller.policy.canEdit(account) else { throw StoreError.forbidden }
        return account
    }

    /// `condition` is built from ids only.
    static func assignments(_ db: any SQLDatabase, where condition: String, library: StrategyLibrary) async throws -> [StrategyAssignment] {
        try await db.raw(SQLQueryString("""
            SELECT s.*, u.display_name AS owner_name FROM account_strategies s JOIN users u ON u.id = s.owner_id
            WHERE \(condition) ORDER BY s.id
            """)).all().map { row in
            let draft = StrategyAssignmentDraft(strategyKey: try row.string("strategy_key"), tacticKey: try row.optionalString("tactic_key"),
                                                ownerID: try row.int64("owner_id"), status: try row.vocabulary("status", as: AssignmentStatus.self),
                                                dueOn: try row.calendarDate("due_on"), note: try row.optionalString("note"))
            return StrategyAssignment(id: try row.int64("id"), accountID: try row.int64("account_id"), draft: draft, library: library,
                                      ownerName: try row.string("owner_name"), version: try row.int("version"), updatedAt: try row.date("updated_at"))
        }
    }
}
