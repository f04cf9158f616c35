import Foundation
import KAMCore
import SQLKit

/// Incidents at an account: opened, investigated, resolved and closed once the root-cause analysis
/// has named who was responsible; every change of status and every note is a dated event.
public struct IncidentRepository: Sendable {
    let database: KAMDatabase
    let now: @Sendable () -> Date

    public func list(of accountID: AccountID, caller: Caller) async throws -> [Incident] {
        try await database.read { db in
            _ = try await StrategyRepository.visibleAccount(db, accountID, caller: caller)
            return try await Self.incidents(db, where: "i.account_id = \(accountID)")
        }
    }

    public func get(_ id: IncidentID, caller: Caller) async throws -> Incident {
        try await database.read { db in try await Self.visible(db, id, caller: caller).incident }
    }

    public func open(at accountID: AccountID, _ draft: IncidentDraft, caller: Caller, inputIssues: [FieldIssue] = []) async throws -> Incident {
        let at = now()
        return try await database.write { db in
            try await StrategyRepository.editableAccount(db, accountID, caller: caller)
            do throws(ValidationFailure) { try draft.validate(known: inputIssues, today: Clock.today(at)) } catch { throw StoreError.validation(error) }
            guard let row = try await db.raw("""
                INSERT INTO incidents (account_id, title, severity, occurred_on, status, responsible_party, root_cause, summary, closed_at,
                                       created_by, version, created_at, updated_at, updated_by)
                VALUES (\(bind: accountID), \(bind: draft.title), \(bind: draft.severity.rawValue), \(bind: draft.occurredOn?.description),
                        \(bind: draft.status.rawValue), \(bind: draft.responsibleParty.rawValue), \(bind: draft.rootCause), \(bind: draft.summary),
                        \(bind: draft.status == .closed ? Clock.millis(at) : nil), \(bind: caller.actor.userID), 1, \(bind: Clock.millis(at)),
                        \(bind: Clock.millis(at)), \(bind: caller.actor.userID)) RETURNING id
                """).first() else { throw StoreError.conflict(code: "insert_failed", field: nil) }
            let id = try row.int64("id")
            try await Self.event(db, id, status: draft.status, note: "", caller: caller, at: at)
            let made = try await Self.reload(db, id)
            try await AuditLog.record(db, caller, at: at, entity: "incident", id: id, action: "create", before: Incident?.none, after: made,
                                      accountID: accountID)
            return made
        }
    }

    public func update(_ id: IncidentID, _ draft: IncidentDraft, expectedVersion: Int, caller: Caller, inputIssues: [FieldIssue] = []) async throws
        -> Incident {
        let at = now()
        return try await database.write { db in
            let (before, editable) = try await Self.visible(db, id, caller: caller)
            guard editable else { throw StoreError.forbidden }
            do throws(ValidationFailure) { try draft.validate(known: inputIssues, today: Clock.today(at)) } catch { throw StoreError.validation(error) }
            let closedAt: Int64? = draft.status == .closed ? (before.closedAt.map(Clock.millis) ?? Clock.millis(at)) : nil
            let updated = try await db.raw("""
                UPDATE incidents SET title = \(bind: draft.title), severity = \(bind: draft.severity.rawValue),
                    occurred_on = \(bind: draft.occurredOn?.description), status = \(bind: draft.status.rawValue),
                    responsible_party = \(bind: draft.responsibleParty.rawValue), root_cause = \(bind: draft.rootCause), summary = \(bind: draft.summary),
                    closed_at = \(bind: closedAt), version = version + 1, updated_at = \(bind: Clock.millis(at)), updated_by = \(bind: caller.actor.userID)
                WHERE id = \(bind: id) AND version = \(bind: expectedVersion) RETURNING id
                """).first()
            guard updated != nil else { throw try await versionConflict(db, table: "incidents", entity: "incident", id: id) }
            if draft.status != before.status { try await Self.event(db, id, status: draft.status, note: "", caller: caller, at: at) }
            let after = try await Self.reload(db, id)
            try await AuditLog.record(db, caller, at: at, entity: "incident", id: id, action: "update", before: before, after: after,
                                      accountID: before.accountID)
            return after
        }
    }

    /// A note on the incident's timeline: what was done, learnt or told to the customer.
    public func addEvent(_ id: IncidentID, note: String, caller: Caller) async throws -> Incident {
        let at = now()
        return try await database.write { db in
            let (before, editable) = try await Self.visible(db, id, caller: caller)
            guard editable else { throw StoreError.forbidden }
            var v = Validator()
            v.text(note, "note", required: true, max: 4000)
            try v.throwIfInvalid()
            try await Self.event(db, id, status: nil, note: note, caller: caller, at: at)
            try await db.raw("""
                UPDATE incidents SET version = version + 1, updated_at = \(bind: Clock.millis(at)), updated_by = \(bind: caller.actor.userID)
                WHERE id = \(bind: id)
                """).run()
            let after = try await Self.reload(db, id)
            try await AuditLog.record(db, caller, at: at, entity: "incident", id: id, action: "event", before: before.events.count,
                                      after: after.events.last, accountID: before.accountID)
            return after
        }
    }

    static func event(_ db: any SQLDatabase, _ id: IncidentID, status: IncidentStatus?, note: String, caller: Caller, at: Date) async throws {
        try await db.raw("""
            INSERT INTO incident_events (incident_id, at, status, note, author_id)
            VALUES (\(bind: id), \(bind: Clock.millis(at)), \(bind: status?.rawValue), \(bind: note), \(bind: caller.actor.userID))
            """).run()
    }

    static func reload(_ db: any SQLDatabase, _ id: IncidentID) async throws -> Incident {
        guard let found = try await incidents(db, where: "i.id = \(id)").first else { throw StoreError.notFound(entity: "incident", id: id) }
        return found
    }

    /// The incident and whether the caller may change it; what they may not see is not found.
    static func visible(_ db: any SQLDatabase, _ id: IncidentID, caller: Caller) async throws -> (incident: Incident, editable: Bool) {
        let found = try await reload(db, id)
        let account = try await StrategyRepository.visibleAccount(db, found.accountID, caller: caller, notFound: ("incident", id))
        return (found, caller.policy.mayEditAnything && caller.policy.canEdit(account))
    }

    /// `condition` is built from ids only. Newest first, at most 500.
    static func incidents(_ db: any SQLDatabase, where condition: String) async throws -> [Incident] {
        let rows = try await db.raw(SQLQueryString("""
            SELECT i.* FROM incidents i WHERE \(unsafeRaw: condition) ORDER BY i.occurred_on DESC, i.id DESC LIMIT 500
            """)).all()
        guard !rows.isEmpty else { return [] }
        var events: [IncidentID: [IncidentEvent]] = [:]
        for row in try await db.raw(SQLQueryString("""
            SELECT e.incident_id, e.at, e.status, e.note, u.display_name FROM incident_events e LEFT JOIN users u ON u.id = e.author_id
            WHERE e.incident_id IN \(unsafeRaw: inList(try rows.map { try $0.int64("id") })) ORDER BY e.at, e.id
            """)).all() {
            events[try row.int64("incident_id"), default: []].append(IncidentEvent(
                at: try row.date("at"), status: try row.optionalVocabulary("status", as: IncidentStatus.self), note: try row.string("note"),
                authorName: try row.optionalString("display_name")))
        }
        return try rows.map { row in
            let id = try row.int64("id")
            let draft = IncidentDraft(title: try row.string("title"), severity: try row.vocabulary("severity", as: IncidentSeverity.self),
                                      occurredOn: try row.calendarDate("occurred_on"), status: try row.vocabulary("status", as: IncidentStatus.self),
                                      responsibleParty: try row.vocabulary("responsible_party", as: ResponsibleParty.self),
                                      rootCause: try row.optionalString("root_cause"), summary: try row.optionalString("summary"))
            return Incident(id: id, accountID: try row.int64("account_id"), draft: draft, closedAt: try row.optionalDate("closed_at"),
                            events: events[id] ?? [], version: try row.int("version"), updatedAt: try row.date("updated_at"))
        }
    }
}
