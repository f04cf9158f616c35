import Foundation
import KAMCore
import SQLKit

/// Activities at an account: logged with their participants, follow-ups (tasks) and the portraits
/// they reassessed, all in one transaction.
public struct ActivityRepository: Sendable {
    let database: KAMDatabase
    let now: @Sendable () -> Date

    public struct Page: Sendable {
        public var items: [Activity]
        public var nextCursor: String?
    }

    /// Newest first, by day and then by id; `cursor` is where the previous page ended.
    public func list(of accountID: AccountID, kind: ActivityKind? = nil, cursor: String? = nil, limit: Int = 50, caller: Caller) async throws -> Page {
        let limit = max(1, min(limit, 500))
        var condition = "a.account_id = \(accountID)"
        if let kind { condition += " AND a.kind = '\(kind.rawValue)'" }
        if let cursor {
            guard let (day, id) = Self.cursor(cursor) else {
                throw StoreError.validation(ValidationFailure([FieldIssue(field: "cursor", code: "invalid_cursor")]))
            }
            condition += " AND (a.occurred_on < '\(day)' OR (a.occurred_on = '\(day)' AND a.id < \(id)))"
        }
        let chosen = condition
        return try await database.read { db in
            _ = try await StrategyRepository.visibleAccount(db, accountID, caller: caller)
            let found = try await Self.activities(db, where: chosen, limit: limit + 1)
            let items = Array(found.prefix(limit))
            return Page(items: items, nextCursor: found.count > limit ? items.last.map { "\($0.occurredOn)_\($0.id)" } : nil)
        }
    }

    public func get(_ id: ActivityID, caller: Caller) async throws -> Activity {
        try await database.read { db in
            guard let found = try await Self.activities(db, where: "a.id = \(id)", limit: 1).first else {
                throw StoreError.notFound(entity: "activity", id: id)
            }
            _ = try await StrategyRepository.visibleAccount(db, found.accountID, caller: caller, notFound: ("activity", id))
            return found
        }
    }

    public func create(at accountID: AccountID, _ draft: ActivityDraft, caller: Caller, inputIssues: [FieldIssue] = []) async throws -> Activity {
        let at = now()
        return try await database.write { db in
            _ = try await StrategyRepository.editableAccount(db, accountID, caller: caller)
            try await Self.check(db, draft, account: accountID, inputIssues: inputIssues, today: Clock.today(at))
            guard let row = try await db.raw("""
                INSERT INTO activities (account_id, kind, occurred_on, subject, notes, agenda, outcomes, opportunity_id, created_by, version,
                                        created_at, updated_at, updated_by)
                VALUES (\(bind: accountID), \(bind: draft.kind.rawValue), \(bind: draft.occurredOn?.description), \(bind: draft.subject),
                        \(bind: draft.notes), \(bind: draft.agenda), \(bind: draft.outcomes), \(bind: draft.opportunityID),
                        \(bind: caller.actor.userID), 1, \(bind: Clock.millis(at)), \(bind: Clock.millis(at)), \(bind: caller.actor.userID))
                RETURNING id
                """).first() else { throw StoreError.conflict(code: "insert_failed", field: nil) }
            let id = try row.int64("id")
            try await Self.insertParticipants(db, id, draft)
            for followUp in draft.followUps {
                let task = TaskDraft(title: followUp.title, ownerID: followUp.ownerID, dueOn: followUp.dueOn, accountID: accountID)
                _ = try await TaskRepository.created(db, try await TaskRepository.insert(db, task, source: .followUp, sourceID: id, caller: caller, at: at),
                                                     caller: caller, at: at)
            }
            for update in draft.portraitUpdates {
                try await Self.reassess(db, update, activity: id, account: accountID, subject: draft.subject, caller: caller, at: at)
            }
            guard let made = try await Self.activities(db, where: "a.id = \(id)", limit: 1).first else {
                throw StoreError.notFound(entity: "activity", id: id)
            }
            try await AuditLog.record(db, caller, at: at, entity: "activity", id: id, action: "create", before: Activity?.none, after: made,
                                      accountID: accountID)
            return made
        }
    }

    /// What happened and who was there; follow-ups and portraits live on as tasks and history.
    public func update(_ id: ActivityID, _ draft: ActivityDraft, expectedVersion: Int, caller: Caller, inputIssues: [FieldIssue] = []) async throws
        -> Activity {
        let at = now()
        return try await database.write { db in
            guard let before = try await Self.activities(db, where: "a.id = \(id)", limit: 1).first else {
                throw StoreError.notFound(entity: "activity", id: id)
            }
            _ = try await StrategyRepository.editableAccount(db, before.accountID, caller: caller, notFound: ("activity", id))
            var issues = inputIssues
            if !draft.followUps.isEmpty { issues.append(FieldIssue(field: "followUps", code: "only_when_logged")) }
            if !draft.portraitUpdates.isEmpty { issues.append(FieldIssue(field: "portraitUpdates", code: "only_when_logged")) }
            // People already on the activity stay on it though they have left since (or been deactivated).
            try await Self.check(db, draft, account: before.accountID, inputIssues: issues, today: Clock.today(at),
                                 already: Set(before.ourParticipants.map(\.id)), alreadyTheirs: Set(before.theirParticipants.map(\.id)),
                                 opportunity: before.opportunityID)
            let updated = try await db.raw("""
                UPDATE activities SET kind = \(bind: draft.kind.rawValue), occurred_on = \(bind: draft.occurredOn?.description),
                    subject = \(bind: draft.subject), notes = \(bind: draft.notes), agenda = \(bind: draft.agenda), outcomes = \(bind: draft.outcomes),
                    opportunity_id = \(bind: draft.opportunityID), version = version + 1, updated_at = \(bind: Clock.millis(at)),
                    updated_by = \(bind: caller.actor.userID)
                WHERE id = \(bind: id) AND version = \(bind: expectedVersion) RETURNING id
                """).first()
            guard updated != nil else { throw try await versionConflict(db, table: "activities", entity: "activity", id: id) }
            try await db.raw("DELETE FROM activity_participants WHERE activity_id = \(bind: id)").run()
            try await Self.insertParticipants(db, id, draft)
            guard let after = try await Self.activities(db, where: "a.id = \(id)", limit: 1).first else {
                throw StoreError.notFound(entity: "activity", id: id)
            }
            try await AuditLog.record(db, caller, at: at, entity: "activity", id: id, action: "update", before: before, after: after,
                                      accountID: before.accountID)
            return after
        }
    }

    /// The draft's own rules, then what needs the database: our people are active users, theirs
    /// work or worked at this account, the opportunity is this account's, follow-ups have real owners.
    static func check(_ db: any SQLDatabase, _ draft: ActivityDraft, account: AccountID, inputIssues: [FieldIssue], today: CalendarDate,
                      already: Set<UserID> = [], alreadyTheirs: Set<PersonID> = [], opportunity kept: OpportunityID? = nil) async throws {
        var v = Validator(known: inputIssues)
        do throws(ValidationFailure) { try draft.validate(known: inputIssues, today: today) } catch {
            for issue in error.issues where !inputIssues.contains(issue) { v.add(issue.field, issue.code, issue.detail) }
        }
        let users = Set(draft.ourParticipants.filter { !already.contains($0) } + draft.followUps.compactMap(\.ownerID))
        let activeUsers = users.isEmpty ? [] : Set(try await db.raw(SQLQueryString("SELECT id FROM users WHERE active = 1 AND id IN \(unsafeRaw: inList(users))"))
            .all().map { try $0.int64("id") })
        for (i, user) in draft.ourParticipants.enumerated() where !activeUsers.contains(user) && !already.contains(user) {
            v.add("ourParticipants[\(i)]", "unknown_user")
        }
        for (i, followUp) in draft.followUps.enumerated() {
            if let owner = followUp.ownerID, !activeUsers.contains(owner) { v.add("followUps[\(i)].ownerID", "unknown_user") }
        }
        let newTheirs = draft.theirParticipants.filter { !alreadyTheirs.contains($0) }
        if !newTheirs.isEmpty {
            let atAccount = Set(try await db.raw(SQLQueryString("""
                SELECT DISTINCT e.person_id FROM employments e JOIN key_persons p ON p.id = e.person_id
                WHERE e.account_id = \(unsafeRaw: String(account)) AND p.deleted_at IS NULL AND e.person_id IN \(unsafeRaw: inList(newTheirs))
                """)).all().map { try $0.int64("person_id") })
            for (i, person) in draft.theirParticipants.enumerated() where !atAccount.contains(person) && !alreadyTheirs.contains(person) {
                v.add("theirParticipants[\(i)]", "not_of_account")
            }
        }
        if let opportunity = draft.opportunityID, opportunity != kept {
            let found = try await db.raw("""
                SELECT id FROM opportunities WHERE id = \(bind: opportunity) AND account_id = \(bind: account) AND deleted_at IS NULL
                """).first()
            if found == nil { v.add("opportunityID", "not_of_account") }
        }
        try v.throwIfInvalid()
    }

    static func insertParticipants(_ db: any SQLDatabase, _ id: ActivityID, _ draft: ActivityDraft) async throws {
        var rows: [[any Encodable & Sendable]] = []
        for user in Self.unique(draft.ourParticipants) { rows.append([id, user, Int64?.none, Int64(rows.count)]) }
        for person in Self.unique(draft.theirParticipants) { rows.append([id, Int64?.none, person, Int64(rows.count)]) }
        try await insertRows(db, into: "activity_participants", columns: ["activity_id", "user_id", "person_id", "position"], rows)
    }

    static func unique(_ ids: [Int64]) -> [Int64] {
        var seen = Set<Int64>()
        return ids.filter { seen.insert($0).inserted }
    }

    /// A portrait assessed on the spot: the person's portrait changes and the history keeps the
    /// activity as its evidence.
    static func reassess(_ db: any SQLDatabase, _ update: PortraitUpdate, activity: ActivityID, account: AccountID, subject: String, caller: Caller,
                         at: Date) async throws {
        let portrait = Portrait(closeness: update.closeness ?? 0, recognition: update.recognition ?? 0, priceAcceptance: update.priceAcceptance ?? 0)
        guard let before = try await KeyPersonRepository.load(db, update.personID) else {
            throw StoreError.notFound(entity: "key_person", id: update.personID)
        }
        try await db.raw("""
            UPDATE key_persons SET closeness = \(bind: Int64(portrait.closeness)), recognition = \(bind: Int64(portrait.recognition)),
                price_acceptance = \(bind: Int64(portrait.priceAcceptance)), version = version + 1,
                updated_at = \(bind: Clock.millis(at)), updated_by = \(bind: caller.actor.userID)
            WHERE id = \(bind: update.personID)
            """).run()
        let evidence = update.evidence.flatMap { $0.isEmpty ? nil : $0 } ?? subject
        try await KeyPersonRepository.insertAssessment(db, update.personID, portrait, evidence, caller, at, activity: activity, account: account)
        try await AuditLog.record(db, caller, at: at, entity: "key_person", id: update.personID, action: "portrait",
                                  before: before.portrait, after: portrait, accountID: before.currentEmployment?.accountID)
    }

    static func cursor(_ text: String) -> (CalendarDate, Int64)? {
        let parts = text.split(separator: "_")
        guard parts.count == 2, let day = CalendarDate(String(parts[0])), let id = Int64(parts[1]) else { return nil }
        return (day, id)
    }

    /// `condition` is built from ids, dates and vocabulary values only.
    static func activities(_ db: any SQLDatabase, where condition: String, limit: Int) async throws -> [Activity] {
        let rows = try await db.raw(SQLQueryString("""
            SELECT a.*, u.display_name AS created_by_name FROM activities a LEFT JOIN users u ON u.id = a.created_by
            WHERE \(unsafeRaw: condition) ORDER BY a.occurred_on DESC, a.id DESC LIMIT \(unsafeRaw: String(limit))
            """)).all()
        guard !rows.isEmpty else { return [] }
        let ids = inList(try rows.map { try $0.int64("id") })
        var ours: [ActivityID: [ActivityParticipant]] = [:], theirs: [ActivityID: [ActivityParticipant]] = [:]
        for row in try await db.raw(SQLQueryString("""
            SELECT ap.activity_id, ap.user_id, ap.person_id, u.display_name, p.family_name, p.given_name, p.family_reading, p.given_reading
            FROM activity_participants ap LEFT JOIN users u ON u.id = ap.user_id LEFT JOIN key_persons p ON p.id = ap.person_id
            WHERE ap.activity_id IN \(unsafeRaw: ids) ORDER BY ap.activity_id, ap.position
            """)).all() {
            let activity = try row.int64("activity_id")
            if let user = try row.optionalInt64("user_id") {
                ours[activity, default: []].append(ActivityParticipant(id: user, name: try row.optionalString("display_name") ?? ""))
            } else if let person = try row.optionalInt64("person_id") {
                let name = try KeyPersonRepository.name(row)
                theirs[activity, default: []].append(ActivityParticipant(id: person, name: name.display(localeIdentifier: "en"), personName: name))
            }
        }
        var followUps: [ActivityID: [TaskID]] = [:]
        for row in try await db.raw(SQLQueryString("""
            SELECT id, source_id FROM tasks WHERE source = 'follow_up' AND source_id IN \(unsafeRaw: ids) ORDER BY id
            """)).all() {
            followUps[try row.int64("source_id"), default: []].append(try row.int64("id"))
        }
        var portraits: [ActivityID: [PersonID]] = [:]
        for row in try await db.raw(SQLQueryString("SELECT activity_id, person_id FROM portrait_assessments WHERE activity_id IN \(unsafeRaw: ids) ORDER BY id"))
            .all() {
            portraits[try row.int64("activity_id"), default: []].append(try row.int64("person_id"))
        }
        return try rows.map { row in
            let id = try row.int64("id")
            return Activity(id: id, accountID: try row.int64("account_id"), kind: try row.vocabulary("kind", as: ActivityKind.self),
                            occurredOn: try row.calendarDate("occurred_on") ?? CalendarDate(year: 1970, month: 1, day: 1),
                            subject: try row.string("subject"), notes: try row.optionalString("notes"), agenda: try row.optionalString("agenda"),
                            outcomes: try row.optionalString("outcomes"), opportunityID: try row.optionalInt64("opportunity_id"),
                            ourParticipants: ours[id] ?? [], theirParticipants: theirs[id] ?? [], followUpTaskIDs: followUps[id] ?? [],
                            portraitPersonIDs: portraits[id] ?? [], createdBy: try row.optionalInt64("created_by"),
                            createdByName: try row.optionalString("created_by_name"), version: try row.int("version"),
                            updatedAt: try row.date("updated_at"))
        }
    }
}
