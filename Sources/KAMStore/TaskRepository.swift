import Foundation
import KAMCore
import SQLKit

/// Which tasks a list shows. With neither an owner nor an account, the caller's own tasks.
public struct TaskFilter: Sendable, Hashable {
    public var ownerID: UserID?
    public var accountID: AccountID?
    public var status: TaskStatus?
    /// Only tasks due on or before this day (overdue and due today, say).
    public var dueBy: CalendarDate?
    /// Only the follow-ups of this activity.
    public var activityID: ActivityID?
    public var limit: Int

    public init(ownerID: UserID? = nil, accountID: AccountID? = nil, status: TaskStatus? = nil, dueBy: CalendarDate? = nil,
                activityID: ActivityID? = nil, limit: Int = 200) {
        self.ownerID = ownerID
        self.accountID = accountID
        self.status = status
        self.dueBy = dueBy
        self.activityID = activityID
        self.limit = limit
    }
}

/// The one task list (domain.md §10): follow-ups of activities and tasks set by hand today;
/// plan objectives, evaluations and requests add theirs through `insert`.
public struct TaskRepository: Sendable {
    let database: KAMDatabase
    let now: @Sendable () -> Date

    public func list(_ filter: TaskFilter, caller: Caller) async throws -> [TaskItem] {
        try await rows(filter, caller: caller).map(\.task)
    }

    /// A list with, for each task, whether the caller may change it (what a page's buttons need).
    public func rows(_ filter: TaskFilter, caller: Caller) async throws -> [(task: TaskItem, canChange: Bool)] {
        try await database.read { db in
            var conditions: [String] = []
            if let accountID = filter.accountID {
                _ = try await StrategyRepository.visibleAccount(db, accountID, caller: caller)
                conditions.append("t.account_id = \(accountID)")
            }
            if let ownerID = filter.ownerID { conditions.append("t.owner_id = \(ownerID)") }
            if filter.accountID == nil && filter.ownerID == nil && filter.activityID == nil, let me = caller.actor.userID {
                conditions.append("t.owner_id = \(me)")
            }
            if let status = filter.status { conditions.append("t.status = '\(status.rawValue)'") }
            if let dueBy = filter.dueBy { conditions.append("t.due_on <= '\(dueBy)'") }
            if let activity = filter.activityID { conditions.append("t.source = 'follow_up' AND t.source_id = \(activity)") }
            // What the caller may see is narrowed in SQL too, so the limit counts only tasks they may see.
            if !caller.policy.isAdministrator, let me = caller.actor.userID {
                let scope = scopeCondition(caller.policy.readScope, alias: "a", today: Clock.today(now()), engine: database.engine) ?? "1 = 1"
                conditions.append("(t.owner_id = \(me) OR t.created_by = \(me) OR (a.id IS NOT NULL AND a.deleted_at IS NULL AND \(scope)))")
            }
            let found = try await Self.tasks(db, where: conditions.isEmpty ? "1 = 1" : conditions.joined(separator: " AND "),
                                             limit: max(1, min(filter.limit, 1000)))
            let accounts = try await AccountRepository.loadMany(db, Array(Set(found.compactMap(\.accountID))))
            return found.compactMap { task in
                let account = task.accountID.flatMap { accounts[$0] }.flatMap { $0.deletedAt == nil ? $0 : nil }
                let visible = account.map(caller.policy.canView) ?? false
                guard caller.policy.canView(task, accountVisible: visible) else { return nil }
                return (Self.hidingAccount(task, unless: visible), caller.policy.canChange(task, accountEditable: account.map(caller.policy.canEdit) ?? false))
            }
        }
    }

    public func get(_ id: TaskID, caller: Caller) async throws -> TaskItem {
        try await database.read { db in try await Self.visible(db, id, caller: caller).task }
    }

    public func create(_ draft: TaskDraft, caller: Caller, inputIssues: [FieldIssue] = []) async throws -> TaskItem {
        let at = now()
        return try await database.write { db in
            if let accountID = draft.accountID {
                _ = try await StrategyRepository.editableAccount(db, accountID, caller: caller)
            } else if !caller.policy.canSetPersonalTask(for: draft.ownerID ?? caller.actor.userID ?? 0) {
                throw StoreError.forbidden
            }
            do throws(ValidationFailure) { try draft.validate(known: inputIssues) } catch { throw StoreError.validation(error) }
            guard let owner = draft.ownerID else { throw StoreError.forbidden }
            try await StrategyRepository.checkOwner(db, owner)
            let id = try await Self.insert(db, draft, source: .manual, sourceID: nil, caller: caller, at: at)
            return try await Self.created(db, id, caller: caller, at: at)
        }
    }

    /// Title, owner, due date, status and note; the account a task is at stays.
    public func update(_ id: TaskID, _ draft: TaskDraft, expectedVersion: Int, caller: Caller, inputIssues: [FieldIssue] = []) async throws -> TaskItem {
        let at = now()
        return try await database.write { db in
            let (before, editable) = try await Self.visible(db, id, caller: caller)
            guard caller.policy.canChange(before, accountEditable: editable) else { throw StoreError.forbidden }
            var v = Validator(known: inputIssues)
            if draft.accountID != before.accountID { v.add("accountID", "unchangeable") }
            try v.throwIfInvalid()
            do throws(ValidationFailure) { try draft.validate(known: inputIssues) } catch { throw StoreError.validation(error) }
            guard let owner = draft.ownerID, let due = draft.dueOn else { throw StoreError.forbidden }
            // Handing a task to someone else is setting it for them: one's own team for a personal
            // task, the account's editors for a task at an account (its owner alone may not).
            if owner != before.ownerID {
                if before.accountID == nil ? !caller.policy.canSetPersonalTask(for: owner) : !(caller.policy.mayEditAnything && editable) {
                    throw StoreError.forbidden
                }
                // A task stays with an owner who has left; a new owner must be active.
                try await StrategyRepository.checkOwner(db, owner)
            }
            let completedAt: Int64? = draft.status == .open ? nil : (before.completedAt.map(Clock.millis) ?? Clock.millis(at))
            let updated = try await db.raw("""
                UPDATE tasks SET title = \(bind: draft.title), owner_id = \(bind: owner), due_on = \(bind: due.description),
                    status = \(bind: draft.status.rawValue), note = \(bind: draft.note), completed_at = \(bind: completedAt),
                    version = version + 1, updated_at = \(bind: Clock.millis(at)), updated_by = \(bind: caller.actor.userID)
                WHERE id = \(bind: id) AND version = \(bind: expectedVersion) RETURNING id
                """).first()
            guard updated != nil else { throw try await versionConflict(db, table: "tasks", entity: "task", id: id) }
            // Read back as the caller sees it (an account they cannot open stays unnamed).
            let after = try await Self.visible(db, id, caller: caller).task
            try await AuditLog.record(db, caller, at: at, entity: "task", id: id, action: "update", before: before, after: after,
                                      accountID: after.accountID)
            return after
        }
    }

    /// A task someone keeps (their own, or one they set) at an account they do not see does not name
    /// it: a follow-up may go to a colleague outside the account's team.
    static func hidingAccount(_ task: TaskItem, unless visible: Bool) -> TaskItem {
        guard !visible, task.accountID != nil else { return task }
        var hidden = task
        hidden.accountName = nil
        return hidden
    }

    /// A task made by another record (a follow-up of an activity, say), in that record's transaction.
    /// The caller has checked the draft and the owner.
    static func insert(_ db: any SQLDatabase, _ draft: TaskDraft, source: TaskSource, sourceID: Int64?, caller: Caller, at: Date) async throws -> TaskID {
        guard let row = try await db.raw("""
            INSERT INTO tasks (title, owner_id, due_on, status, note, account_id, source, source_id, created_by, completed_at, version,
                               created_at, updated_at, updated_by)
            VALUES (\(bind: draft.title), \(bind: draft.ownerID), \(bind: draft.dueOn?.description), \(bind: draft.status.rawValue),
                    \(bind: draft.note), \(bind: draft.accountID), \(bind: source.rawValue), \(bind: sourceID), \(bind: caller.actor.userID),
                    \(bind: draft.status == .open ? nil : Clock.millis(at)), 1, \(bind: Clock.millis(at)), \(bind: Clock.millis(at)),
                    \(bind: caller.actor.userID)) RETURNING id
            """).first() else { throw StoreError.conflict(code: "insert_failed", field: nil) }
        return try row.int64("id")
    }

    static func created(_ db: any SQLDatabase, _ id: TaskID, caller: Caller, at: Date) async throws -> TaskItem {
        guard let made = try await tasks(db, where: "t.id = \(id)", limit: 1).first else { throw StoreError.notFound(entity: "task", id: id) }
        try await AuditLog.record(db, caller, at: at, entity: "task", id: id, action: "create", before: TaskItem?.none, after: made,
                                  accountID: made.accountID)
        return made
    }

    /// The task and whether the caller may edit its account; what they may not see is not found.
    static func visible(_ db: any SQLDatabase, _ id: TaskID, caller: Caller) async throws -> (task: TaskItem, accountEditable: Bool) {
        guard let stored = try await tasks(db, where: "t.id = \(id)", limit: 1).first else { throw StoreError.notFound(entity: "task", id: id) }
        var task = stored
        var visible = false, editable = false
        if let accountID = task.accountID, let account = try await AccountRepository.load(db, accountID), account.deletedAt == nil {
            visible = caller.policy.canView(account)
            editable = caller.policy.canEdit(account)
        }
        guard caller.policy.canView(task, accountVisible: visible) else { throw StoreError.notFound(entity: "task", id: id) }
        task = hidingAccount(task, unless: visible)
        return (task, editable)
    }

    /// `condition` is built from ids and vocabulary values only.
    static func tasks(_ db: any SQLDatabase, where condition: String, limit: Int) async throws -> [TaskItem] {
        try await db.raw(SQLQueryString("""
            SELECT t.*, u.display_name AS owner_name, a.name AS account_name FROM tasks t JOIN users u ON u.id = t.owner_id
            LEFT JOIN accounts a ON a.id = t.account_id WHERE \(unsafeRaw: condition) ORDER BY t.due_on, t.id LIMIT \(unsafeRaw: String(limit))
            """)).all().map { row in
            TaskItem(id: try row.int64("id"), title: try row.string("title"), ownerID: try row.int64("owner_id"),
                     ownerName: try row.string("owner_name"), dueOn: try row.calendarDate("due_on") ?? CalendarDate(year: 1970, month: 1, day: 1),
                     status: try row.vocabulary("status", as: TaskStatus.self), note: try row.optionalString("note"),
                     accountID: try row.optionalInt64("account_id"), accountName: try row.optionalString("account_name"),
                     source: try row.vocabulary("source", as: TaskSource.self), sourceID: try row.optionalInt64("source_id"),
                     createdBy: try row.optionalInt64("created_by"), completedAt: try row.optionalDate("completed_at"),
                     version: try row.int("version"), updatedAt: try row.date("updated_at"))
        }
    }
}
