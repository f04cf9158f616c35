import Foundation
import KAMCore
import SQLKit

/// Complaints at an account: received through a channel, acknowledged and resolved by deadlines.
public struct ComplaintRepository: Sendable {
    let database: KAMDatabase
    let now: @Sendable () -> Date

    public func list(of accountID: AccountID, caller: Caller) async throws -> [Complaint] {
        let today = Clock.today(now())
        return try await database.read { db in
            _ = try await StrategyRepository.visibleAccount(db, accountID, caller: caller)
            return try await Self.complaints(db, where: "c.account_id = \(accountID)", today: today)
        }
    }

    public func get(_ id: ComplaintID, caller: Caller) async throws -> Complaint {
        let today = Clock.today(now())
        return try await database.read { db in
            guard let found = try await Self.complaints(db, where: "c.id = \(id)", today: today).first else {
                throw StoreError.notFound(entity: "complaint", id: id)
            }
            _ = try await StrategyRepository.visibleAccount(db, found.accountID, caller: caller, notFound: ("complaint", id))
            return found
        }
    }

    public func receive(at accountID: AccountID, _ input: ComplaintDraft, caller: Caller, inputIssues: [FieldIssue] = []) async throws -> Complaint {
        let at = now()
        let draft = input.withDefaultDeadlines
        return try await database.write { db in
            _ = try await StrategyRepository.editableAccount(db, accountID, caller: caller)
            try await Self.check(db, draft, account: accountID, inputIssues: inputIssues, today: Clock.today(at))
            guard let row = try await db.raw("""
                INSERT INTO complaints (account_id, summary, channel_id, raised_by_person_id, received_on, acknowledge_by, resolve_by,
                                        acknowledged_on, resolved_on, resolution, created_by, version, created_at, updated_at, updated_by)
                VALUES (\(bind: accountID), \(bind: draft.summary), \(bind: draft.channelID), \(bind: draft.raisedByPersonID),
                        \(bind: draft.receivedOn?.description), \(bind: draft.acknowledgeBy?.description), \(bind: draft.resolveBy?.description),
                        \(bind: draft.acknowledgedOn?.description), \(bind: draft.resolvedOn?.description), \(bind: draft.resolution),
                        \(bind: caller.actor.userID), 1, \(bind: Clock.millis(at)), \(bind: Clock.millis(at)), \(bind: caller.actor.userID))
                RETURNING id
                """).first() else { throw StoreError.conflict(code: "insert_failed", field: nil) }
            let id = try row.int64("id")
            guard let made = try await Self.complaints(db, where: "c.id = \(id)", today: Clock.today(at)).first else {
                throw StoreError.notFound(entity: "complaint", id: id)
            }
            try await AuditLog.record(db, caller, at: at, entity: "complaint", id: id, action: "create", before: Complaint?.none, after: made,
                                      accountID: accountID)
            return made
        }
    }

    /// Acknowledging, resolving, or correcting a complaint.
    public func update(_ id: ComplaintID, _ input: ComplaintDraft, expectedVersion: Int, caller: Caller, inputIssues: [FieldIssue] = []) async throws
        -> Complaint {
        let at = now()
        let draft = input.withDefaultDeadlines
        return try await database.write { db in
            guard let before = try await Self.complaints(db, where: "c.id = \(id)", today: Clock.today(at)).first else {
                throw StoreError.notFound(entity: "complaint", id: id)
            }
            _ = try await StrategyRepository.editableAccount(db, before.accountID, caller: caller, notFound: ("complaint", id))
            // The channel and the person it came through stay though they have gone since.
            try await Self.check(db, draft, account: before.accountID, inputIssues: inputIssues, today: Clock.today(at), kept: before)
            let updated = try await db.raw("""
                UPDATE complaints SET summary = \(bind: draft.summary), channel_id = \(bind: draft.channelID),
                    raised_by_person_id = \(bind: draft.raisedByPersonID), received_on = \(bind: draft.receivedOn?.description),
                    acknowledge_by = \(bind: draft.acknowledgeBy?.description), resolve_by = \(bind: draft.resolveBy?.description),
                    acknowledged_on = \(bind: draft.acknowledgedOn?.description), resolved_on = \(bind: draft.resolvedOn?.description),
                    resolution = \(bind: draft.resolution), version = version + 1, updated_at = \(bind: Clock.millis(at)),
                    updated_by = \(bind: caller.actor.userID)
                WHERE id = \(bind: id) AND version = \(bind: expectedVersion) RETURNING id
                """).first()
            guard updated != nil else { throw try await versionConflict(db, table: "complaints", entity: "complaint", id: id) }
            guard let after = try await Self.complaints(db, where: "c.id = \(id)", today: Clock.today(at)).first else {
                throw StoreError.notFound(entity: "complaint", id: id)
            }
            try await AuditLog.record(db, caller, at: at, entity: "complaint", id: id, action: "update", before: before, after: after,
                                      accountID: before.accountID)
            return after
        }
    }

    static func check(_ db: any SQLDatabase, _ draft: ComplaintDraft, account: AccountID, inputIssues: [FieldIssue], today: CalendarDate,
                      kept: Complaint? = nil) async throws {
        var v = Validator(known: inputIssues)
        do throws(ValidationFailure) { try draft.validate(known: inputIssues, today: today) } catch {
            for issue in error.issues where !inputIssues.contains(issue) { v.add(issue.field, issue.code, issue.detail) }
        }
        if let channel = draft.channelID, channel != kept?.channelID, try await db.raw("""
            SELECT id FROM communication_channels WHERE id = \(bind: channel) AND account_id = \(bind: account)
            """).first() == nil {
            v.add("channelID", "not_of_account")
        }
        if let person = draft.raisedByPersonID, person != kept?.raisedByPersonID, try await db.raw("""
            SELECT e.person_id FROM employments e JOIN key_persons p ON p.id = e.person_id
            WHERE e.person_id = \(bind: person) AND e.account_id = \(bind: account) AND p.deleted_at IS NULL
            """).first() == nil {
            v.add("raisedByPersonID", "not_of_account")
        }
        try v.throwIfInvalid()
    }

    /// `condition` is built from ids only. Open ones first, then newest.
    static func complaints(_ db: any SQLDatabase, where condition: String, today: CalendarDate) async throws -> [Complaint] {
        try await db.raw(SQLQueryString("""
            SELECT c.*, ch.medium, p.family_name, p.given_name, p.family_reading, p.given_reading FROM complaints c
            LEFT JOIN communication_channels ch ON ch.id = c.channel_id LEFT JOIN key_persons p ON p.id = c.raised_by_person_id
            WHERE \(unsafeRaw: condition) ORDER BY (c.resolved_on IS NULL) DESC, c.received_on DESC, c.id DESC LIMIT 500
            """)).all().map { row in
            let draft = ComplaintDraft(summary: try row.string("summary"), channelID: try row.optionalInt64("channel_id"),
                                       raisedByPersonID: try row.optionalInt64("raised_by_person_id"), receivedOn: try row.calendarDate("received_on"),
                                       acknowledgeBy: try row.calendarDate("acknowledge_by"), resolveBy: try row.calendarDate("resolve_by"),
                                       acknowledgedOn: try row.calendarDate("acknowledged_on"), resolvedOn: try row.calendarDate("resolved_on"),
                                       resolution: try row.optionalString("resolution"))
            return Complaint(id: try row.int64("id"), accountID: try row.int64("account_id"), draft: draft, channelMedium: try row.optionalString("medium"),
                             raisedByName: draft.raisedByPersonID == nil ? nil : try KeyPersonRepository.name(row), today: today,
                             version: try row.int("version"), updatedAt: try row.date("updated_at"))
        }
    }
}
