import Foundation
import KAMCore
import SQLKit

/// Who covers each account on each line (domain.md §6). Coverage lets the coverer see the
/// account; administrators and sales directors change it.
public struct CoverageRepository: Sendable {
    let database: KAMDatabase
    let now: @Sendable () -> Date

    /// Every coverage row of the account, current and ended, if the caller may see the account.
    public func list(account id: AccountID, caller: Caller) async throws -> [CoverageAssignment] {
        try await database.read { db in
            guard let account = try await AccountRepository.load(db, id), account.deletedAt == nil, caller.policy.canView(account) else {
                throw StoreError.notFound(entity: "account", id: id)
            }
            return try await Self.rows(db, where: "c.account_id = \(id)")
        }
    }

    /// The same, for an account the caller has just loaded (the account page): no second load.
    public func list(for account: Account, caller: Caller) async throws -> [CoverageAssignment] {
        guard account.deletedAt == nil, caller.policy.canView(account) else { throw StoreError.notFound(entity: "account", id: account.id) }
        return try await database.read { db in try await Self.rows(db, where: "c.account_id = \(account.id)") }
    }

    public func get(_ id: CoverageID, caller: Caller) async throws -> CoverageAssignment {
        try await database.read { db in
            guard let row = try await Self.rows(db, where: "c.id = \(id)").first,
                  let account = try await AccountRepository.load(db, row.accountID), account.deletedAt == nil,
                  caller.policy.canView(account) else { throw StoreError.notFound(entity: "coverage", id: id) }
            return row
        }
    }

    public func add(to id: AccountID, _ draft: CoverageDraft, caller: Caller, inputIssues: [FieldIssue] = []) async throws -> CoverageAssignment {
        let at = now()
        return try await database.write { db in
            try await Self.manageable(db, id, caller: caller)
            try await Self.check(draft, db: db, account: id, replacing: nil, known: inputIssues)
            let row = try await db.raw("""
                INSERT INTO account_coverage (account_id, line, user_id, sales_team_id, from_date, to_date, version, created_at, updated_at, updated_by)
                VALUES (\(bind: id), \(bind: draft.line.rawValue), \(bind: draft.userID), \(bind: draft.salesTeamID),
                        \(bind: draft.from.description), \(bind: draft.to?.description), 1, \(bind: Clock.millis(at)), \(bind: Clock.millis(at)),
                        \(bind: caller.actor.userID)) RETURNING id
                """).first()
            let coverageID = try row?.int64("id") ?? 0
            guard let after = try await Self.rows(db, where: "c.id = \(coverageID)").first else {
                throw StoreError.notFound(entity: "coverage", id: coverageID)
            }
            try await AuditLog.record(db, caller, at: at, entity: "coverage", id: coverageID, action: "create",
                                      before: CoverageAssignment?.none, after: after, accountID: id)
            return after
        }
    }

    /// Changes a coverage row; ending one is setting its `to` date. A row changed by hand is no
    /// longer the territory rules' own, so applying a model later leaves it alone.
    public func update(_ id: CoverageID, _ draft: CoverageDraft, expectedVersion: Int, caller: Caller,
                       inputIssues: [FieldIssue] = []) async throws -> CoverageAssignment {
        let at = now()
        return try await database.write { db in
            guard let before = try await Self.rows(db, where: "c.id = \(id)").first else { throw StoreError.notFound(entity: "coverage", id: id) }
            try await Self.manageable(db, before.accountID, caller: caller, missing: .notFound(entity: "coverage", id: id))
            try await Self.check(draft, db: db, account: before.accountID, replacing: id, known: inputIssues)
            let updated = try await db.raw("""
                UPDATE account_coverage SET line = \(bind: draft.line.rawValue), user_id = \(bind: draft.userID),
                    sales_team_id = \(bind: draft.salesTeamID), from_date = \(bind: draft.from.description),
                    to_date = \(bind: draft.to?.description), territory_id = NULL, version = version + 1, updated_at = \(bind: Clock.millis(at)),
                    updated_by = \(bind: caller.actor.userID)
                WHERE id = \(bind: id) AND version = \(bind: expectedVersion) RETURNING id
                """).first()
            guard updated != nil, let after = try await Self.rows(db, where: "c.id = \(id)").first else {
                throw try await versionConflict(db, table: "account_coverage", entity: "coverage", id: id)
            }
            try await AuditLog.record(db, caller, at: at, entity: "coverage", id: id, action: "update",
                                      before: before, after: after, accountID: after.accountID)
            return after
        }
    }

    public func remove(_ id: CoverageID, expectedVersion: Int, caller: Caller) async throws {
        let at = now()
        try await database.write { db in
            guard let before = try await Self.rows(db, where: "c.id = \(id)").first else { throw StoreError.notFound(entity: "coverage", id: id) }
            try await Self.manageable(db, before.accountID, caller: caller, missing: .notFound(entity: "coverage", id: id))
            guard before.version == expectedVersion else {
                throw try await versionConflict(db, table: "account_coverage", entity: "coverage", id: id)
            }
            let deleted = try await db.raw("DELETE FROM account_coverage WHERE id = \(bind: id) AND version = \(bind: expectedVersion) RETURNING id").first()
            guard deleted != nil else { throw try await versionConflict(db, table: "account_coverage", entity: "coverage", id: id) }
            try await AuditLog.record(db, caller, at: at, entity: "coverage", id: id, action: "delete",
                                      before: before, after: CoverageAssignment?.none, accountID: before.accountID)
        }
    }

    /// The accounts × lines matrix over what the caller may see, by name; `problemsOnly` keeps
    /// accounts with a gap or an overlap on some line (in SQL, so paging stays cheap).
    public func matrix(caller: Caller, filter: CoverageFilter = CoverageFilter(), limit: Int = 200) async throws -> CoverageMatrix {
        let today = Clock.today(now())
        var conditions = ["a.deleted_at IS NULL"]
        if let scope = scopeCondition(caller.policy.readScope, alias: "a", today: today, engine: database.engine) { conditions.append(scope) }
        if let region = filter.region { conditions.append("a.region = '\(region.rawValue)'") }
        if let industry = filter.industry { conditions.append("a.industry = '\(industry.rawValue)'") }
        if let status = filter.status { conditions.append("a.status = '\(status.rawValue)'") }
        let current = "c.from_date <= '\(today)' AND (c.to_date IS NULL OR c.to_date > '\(today)')"
        if filter.problemsOnly {
            conditions.append("""
                (SELECT CASE WHEN count(*) = \(CoverageLine.allCases.count) AND count(DISTINCT c.line) = \(CoverageLine.allCases.count)
                 THEN 1 ELSE 0 END FROM account_coverage c WHERE c.account_id = a.id AND \(current)) = 0
                """)
        }
        let sql = """
            SELECT a.id, a.name FROM accounts a WHERE \(conditions.joined(separator: " AND "))
            ORDER BY a.name_search, a.id LIMIT \(max(1, min(limit, 1000)))
            """
        return try await database.read { db in
            let accounts = try await db.raw(SQLQueryString(sql)).all().map { (id: try $0.int64("id"), name: try $0.string("name")) }
            let assignments = accounts.isEmpty ? [] : try await Self.rows(db, where: "c.account_id IN \(inList(accounts.map(\.id))) AND \(current)")
            return CoverageMatrix(accounts: accounts, assignments: assignments, on: today)
        }
    }

    // MARK: -

    /// `condition` is built by this type from integers and dates, never from user text.
    static func rows(_ db: any SQLDatabase, where condition: String) async throws -> [CoverageAssignment] {
        try await db.raw(SQLQueryString(String("""
            SELECT c.id, c.account_id, c.line, c.user_id, c.sales_team_id, c.territory_id, c.from_date, c.to_date, c.version,
                   coalesce(u.display_name, t.name) AS covered_by
            FROM account_coverage c LEFT JOIN users u ON u.id = c.user_id LEFT JOIN sales_teams t ON t.id = c.sales_team_id
            WHERE \(condition) ORDER BY c.account_id, c.line, c.to_date IS NOT NULL, covered_by, c.id
            """))).all().map(decode)
    }

    static func decode(_ row: any SQLRow) throws -> CoverageAssignment {
        CoverageAssignment(id: try row.int64("id"), accountID: try row.int64("account_id"),
                           line: try row.vocabulary("line", as: CoverageLine.self), userID: try row.optionalInt64("user_id"),
                           salesTeamID: try row.optionalInt64("sales_team_id"), coveredBy: try row.optionalString("covered_by") ?? "",
                           territoryID: try row.optionalInt64("territory_id"),
                           from: try row.calendarDate("from_date") ?? CalendarDate(year: 1970, month: 1, day: 1),
                           to: try row.calendarDate("to_date"), version: try row.int("version"))
    }

    /// Invisible accounts answer 404; visible ones the caller may not re-cover, 403.
    static func manageable(_ db: any SQLDatabase, _ id: AccountID, caller: Caller, missing: StoreError? = nil) async throws {
        guard let account = try await AccountRepository.load(db, id), account.deletedAt == nil, caller.policy.canView(account) else {
            throw missing ?? StoreError.notFound(entity: "account", id: id)
        }
        guard caller.policy.canManageCoverage(of: account) else { throw StoreError.forbidden }
    }

    /// The coverer exists (an active user or a sales team) and does not already cover the
    /// account on that line for an overlapping period.
    static func check(_ draft: CoverageDraft, db: any SQLDatabase, account: AccountID, replacing: CoverageID?,
                      known: [FieldIssue]) async throws {
        var v = Validator(known: known)
        draft.validate(into: &v)
        if let user = draft.userID, try await activeUsers(db, [user]).isEmpty { v.add("userID", "unknown_user") }
        if let team = draft.salesTeamID, try await SalesTeamRepository.load(db, team) == nil { v.add("salesTeamID", "unknown_team") }
        if v.issues.isEmpty {
            let same = try await rows(db, where: "c.account_id = \(account)").filter {
                $0.id != replacing && $0.line == draft.line && $0.userID == draft.userID && $0.salesTeamID == draft.salesTeamID
            }
            let overlaps = same.contains { other in
                (other.to.map { draft.from < $0 } ?? true) && (draft.to.map { other.from < $0 } ?? true)
            }
            if overlaps {
                v.add(draft.userID == nil ? "salesTeamID" : "userID", "already_covering")
            }
        }
        try v.throwIfInvalid()
    }
}

/// Narrows the coverage matrix.
public struct CoverageFilter: Sendable, Hashable {
    public var region: Region?
    public var industry: Industry?
    public var status: KeyAccountStatus?
    public var problemsOnly: Bool

    public init(region: Region? = nil, industry: Industry? = nil, status: KeyAccountStatus? = nil, problemsOnly: Bool = false) {
        self.region = region
        self.industry = industry
        self.status = status
        self.problemsOnly = problemsOnly
    }
}
