import Foundation
import KAMCore
import SQLKit

public struct QuotaDraft: Sendable, Hashable, Codable {
    public var userID: UserID?
    public var salesTeamID: SalesTeamID?
    public var periodStart: CalendarDate
    public var periodEnd: CalendarDate
    public var amount: Money

    public init(userID: UserID? = nil, salesTeamID: SalesTeamID? = nil, periodStart: CalendarDate, periodEnd: CalendarDate, amount: Money) {
        self.userID = userID
        self.salesTeamID = salesTeamID
        self.periodStart = periodStart
        self.periodEnd = periodEnd
        self.amount = amount
    }
}

/// Sales quotas per salesperson or sales team and period. Everyone reads them; administrators set
/// any, sales directors those of the people below them and of sales teams.
public struct QuotaRepository: Sendable {
    let database: KAMDatabase
    let now: @Sendable () -> Date

    public func list(caller: Caller) async throws -> [Quota] {
        try await database.read { db in
            try await db.raw("SELECT * FROM quotas ORDER BY period_start DESC, id DESC LIMIT 1000").all().map(Self.decode)
        }
    }

    public func get(_ id: Int64) async throws -> Quota {
        try await database.read { db in try await Self.one(db, id) }
    }

    public func create(_ draft: QuotaDraft, caller: Caller, inputIssues: [FieldIssue] = []) async throws -> Quota {
        let at = now()
        return try await database.write { db in
            try await Self.check(db, draft, caller: caller, inputIssues: inputIssues)
            guard let row = try await db.raw("""
                INSERT INTO quotas (user_id, sales_team_id, period_start, period_end, amount_minor, currency, version, created_at, updated_at, updated_by)
                VALUES (\(bind: draft.userID), \(bind: draft.salesTeamID), \(bind: draft.periodStart.description), \(bind: draft.periodEnd.description),
                        \(bind: draft.amount.minorUnits), \(bind: draft.amount.currency), 1, \(bind: Clock.millis(at)), \(bind: Clock.millis(at)),
                        \(bind: caller.actor.userID)) RETURNING *
                """).first() else { throw StoreError.conflict(code: "insert_failed", field: nil) }
            let quota = try Self.decode(row)
            try await AuditLog.record(db, caller, at: at, entity: "quota", id: quota.id, action: "create", before: Quota?.none, after: quota, accountID: nil)
            return quota
        }
    }

    public func update(_ id: Int64, _ draft: QuotaDraft, expectedVersion: Int, caller: Caller, inputIssues: [FieldIssue] = []) async throws -> Quota {
        let at = now()
        return try await database.write { db in
            let before = try await Self.one(db, id)
            // Whoever may not set the quota as it was may not change it either.
            try await Self.check(db, QuotaDraft(userID: before.userID, salesTeamID: before.salesTeamID, periodStart: before.periodStart,
                                                periodEnd: before.periodEnd, amount: before.amount), caller: caller, inputIssues: [])
            try await Self.check(db, draft, caller: caller, inputIssues: inputIssues)
            guard let row = try await db.raw("""
                UPDATE quotas SET user_id = \(bind: draft.userID), sales_team_id = \(bind: draft.salesTeamID),
                    period_start = \(bind: draft.periodStart.description), period_end = \(bind: draft.periodEnd.description),
                    amount_minor = \(bind: draft.amount.minorUnits), currency = \(bind: draft.amount.currency), version = version + 1,
                    updated_at = \(bind: Clock.millis(at)), updated_by = \(bind: caller.actor.userID)
                WHERE id = \(bind: id) AND version = \(bind: expectedVersion) RETURNING *
                """).first() else { throw try await versionConflict(db, table: "quotas", entity: "quota", id: id) }
            let after = try Self.decode(row)
            try await AuditLog.record(db, caller, at: at, entity: "quota", id: id, action: "update", before: before, after: after, accountID: nil)
            return after
        }
    }

    static func check(_ db: any SQLDatabase, _ draft: QuotaDraft, caller: Caller, inputIssues: [FieldIssue]) async throws {
        guard caller.policy.mayShapeOrganisation else { throw StoreError.forbidden }
        if !caller.policy.isAdministrator, let user = draft.userID, !caller.policy.subordinates.contains(user) { throw StoreError.forbidden }
        var v = Validator(known: inputIssues)
        Quota.validate(userID: draft.userID, salesTeamID: draft.salesTeamID, periodStart: draft.periodStart, periodEnd: draft.periodEnd,
                       amount: draft.amount, into: &v)
        if let user = draft.userID, try await db.raw("SELECT id FROM users WHERE id = \(bind: user) AND active = 1").first() == nil {
            v.add("userID", "unknown_user")
        }
        if let team = draft.salesTeamID, try await db.raw("SELECT id FROM sales_teams WHERE id = \(bind: team)").first() == nil {
            v.add("salesTeamID", "unknown_team")
        }
        try v.throwIfInvalid()
    }

    static func quotas(_ db: any SQLDatabase, userID: UserID, overlapping from: CalendarDate, _ to: CalendarDate) async throws -> [Quota] {
        try await db.raw("""
            SELECT * FROM quotas WHERE user_id = \(bind: userID) AND period_start <= \(bind: to.description) AND period_end >= \(bind: from.description)
            ORDER BY period_start
            """).all().map(decode)
    }

    static func one(_ db: any SQLDatabase, _ id: Int64) async throws -> Quota {
        guard let row = try await db.raw("SELECT * FROM quotas WHERE id = \(bind: id)").first() else { throw StoreError.notFound(entity: "quota", id: id) }
        return try decode(row)
    }

    static func decode(_ row: any SQLRow) throws -> Quota {
        Quota(id: try row.int64("id"), userID: try row.optionalInt64("user_id"), salesTeamID: try row.optionalInt64("sales_team_id"),
              periodStart: try row.calendarDate("period_start") ?? CalendarDate(year: 1970, month: 1, day: 1),
              periodEnd: try row.calendarDate("period_end") ?? CalendarDate(year: 1970, month: 1, day: 1),
              amount: Money(minorUnits: try row.int64("amount_minor"), currency: try row.string("currency")), version: try row.int("version"))
    }
}
