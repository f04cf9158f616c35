import Foundation
import KAMCore
import SQLKit

extension AccountRepository {
    /// `inputIssues`: what the caller found wrong while reading the request; answered together with
    /// the domain's findings, before anything is written.
    public func create(_ draft: AccountDraft, caller: Caller, inputIssues: [FieldIssue] = []) async throws -> Account {
        let at = now()
        return try await database.write { db in
            try await Self.checkDraft(draft, id: nil, db: db, caller: caller, known: inputIssues)
            let timeZone = draft.timeZone ?? draft.region.defaultTimeZone
            let row = try await db.raw("""
                INSERT INTO accounts (name, name_search, industry, region, size, time_zone, parent_id, procurement_mode,
                    owner_id, website, description, scene, stage, status, version, created_at, updated_at, updated_by)
                VALUES (\(bind: draft.name), \(bind: searchKey(draft.name)), \(bind: draft.industry.rawValue),
                    \(bind: draft.region.rawValue), \(bind: draft.size.rawValue), \(bind: timeZone), \(bind: draft.parentID),
                    \(bind: draft.procurementMode.rawValue), \(bind: draft.ownerID), \(bind: draft.website),
                    \(bind: draft.description), \(bind: LifecycleScene.acquisition.rawValue),
                    \(bind: RelationshipStage.building.rawValue), \(bind: KeyAccountStatus.none.rawValue), 1,
                    \(bind: Clock.millis(at)), \(bind: Clock.millis(at)), \(bind: caller.actor.userID))
                RETURNING id
                """).first()
            guard let id = try row?.int64("id") else { throw StoreError.conflict(code: "insert_failed", field: nil) }
            try await Self.replaceCustomValues(db, id, draft.customFields)
            try await Self.replaceBigrams(db, id, searchKey(draft.name))
            guard let account = try await Self.load(db, id) else { throw StoreError.notFound(entity: "account", id: id) }
            try await AuditLog.record(db, caller, at: at, entity: "account", id: id, action: "create",
                                      before: Account?.none, after: account, accountID: id)
            return account
        }
    }

    public func update(_ id: AccountID, _ draft: AccountDraft, expectedVersion: Int, caller: Caller,
                       inputIssues: [FieldIssue] = []) async throws -> Account {
        let at = now()
        return try await database.write { db in
            let before = try await Self.loadForChange(db, id, expectedVersion: expectedVersion, caller: caller)
            try await Self.checkDraft(draft, id: id, db: db, caller: caller, known: inputIssues)
            let timeZone = draft.timeZone ?? draft.region.defaultTimeZone
            let updated = try await db.raw("""
                UPDATE accounts SET name = \(bind: draft.name), name_search = \(bind: searchKey(draft.name)),
                    industry = \(bind: draft.industry.rawValue), region = \(bind: draft.region.rawValue),
                    size = \(bind: draft.size.rawValue), time_zone = \(bind: timeZone), parent_id = \(bind: draft.parentID),
                    procurement_mode = \(bind: draft.procurementMode.rawValue), owner_id = \(bind: draft.ownerID),
                    website = \(bind: draft.website), description = \(bind: draft.description),
                    version = version + 1, updated_at = \(bind: Clock.millis(at)), updated_by = \(bind: caller.actor.userID)
                WHERE id = \(bind: id) AND version = \(bind: expectedVersion) RETURNING version
                """).first()
            guard updated != nil else { throw try await Self.conflict(db, id) }
            try await Self.replaceCustomValues(db, id, draft.customFields)
            if draft.name != before.name { try await Self.replaceBigrams(db, id, searchKey(draft.name)) }
            guard let after = try await Self.load(db, id) else { throw StoreError.notFound(entity: "account", id: id) }
            try await AuditLog.record(db, caller, at: at, entity: "account", id: id, action: "update",
                                      before: before, after: after, accountID: id)
            return after
        }
    }

    /// Changes scene, stage, key-account status or class, recording the move with its reason.
    public func move(_ id: AccountID, _ request: MoveRequest, expectedVersion: Int, caller: Caller) async throws -> Account {
        let at = now()
        return try await database.write { db in
            let before = try await Self.loadForChange(db, id, expectedVersion: expectedVersion, caller: caller)
            return try await Self.applyMove(db, before, request, caller: caller, at: at)
        }
    }

    /// The move on an account already read (and checked) in this transaction, as a review's
    /// result makes it.
    static func applyMove(_ db: any SQLDatabase, _ before: Account, _ request: MoveRequest, caller: Caller, at: Date) async throws -> Account {
        let id = before.id
        do throws(ValidationFailure) { try request.validate(current: before) } catch { throw StoreError.validation(error) }
        var after = before
        after.apply(request)
        // Checked again in the UPDATE: on PostgreSQL another transaction may have saved since the read.
        let moved = try await db.raw("""
            UPDATE accounts SET scene = \(bind: after.scene.rawValue), stage = \(bind: after.stage.rawValue),
                status = \(bind: after.status.rawValue), account_class = \(bind: after.accountClass?.rawValue), version = version + 1, updated_at = \(bind: Clock.millis(at)),
                updated_by = \(bind: caller.actor.userID)
            WHERE id = \(bind: id) AND version = \(bind: before.version) RETURNING id
            """).first()
        guard moved != nil else { throw try await Self.conflict(db, id) }
        try await db.raw("""
            INSERT INTO account_moves (account_id, field, from_value, to_value, reason, actor_id, at)
            VALUES (\(bind: id), \(bind: request.field.rawValue), \(bind: before.value(of: request.field)),
                    \(bind: request.to), \(bind: request.reason), \(bind: caller.actor.userID), \(bind: Clock.millis(at)))
            """).run()
        guard let stored = try await Self.load(db, id) else { throw StoreError.notFound(entity: "account", id: id) }
        try await AuditLog.record(db, caller, at: at, entity: "account", id: id, action: "move.\(request.field.rawValue)",
                                  before: before, after: stored, accountID: id)
        return stored
    }

    /// Moves the account to the recycle bin. Branches must be moved or deleted first, so that
    /// restoring never brings back a branch whose headquarters is gone.
    public func delete(_ id: AccountID, expectedVersion: Int?, caller: Caller) async throws {
        try await setDeleted(id, deleted: true, expectedVersion: expectedVersion, caller: caller)
    }

    public func restore(_ id: AccountID, caller: Caller) async throws {
        try await setDeleted(id, deleted: false, expectedVersion: nil, caller: caller)
    }

    private func setDeleted(_ id: AccountID, deleted: Bool, expectedVersion: Int?, caller: Caller) async throws {
        let at = now()
        try await database.write { db in
            guard let before = try await Self.load(db, id), caller.policy.canView(before),
                  (before.deletedAt == nil) == deleted else { throw StoreError.notFound(entity: "account", id: id) }
            guard caller.policy.canEdit(before) else { throw StoreError.forbidden }
            if let expectedVersion, expectedVersion != before.version { throw try await Self.conflict(db, id) }
            if deleted {
                let branches = try await db.raw("SELECT count(*) AS n FROM accounts WHERE parent_id = \(bind: id) AND deleted_at IS NULL").first()
                if try (branches?.int64("n") ?? 0) > 0 { throw StoreError.conflict(code: "has_branches", field: nil) }
            } else if let parent = before.parentID, try await Self.load(db, parent)?.deletedAt != nil {
                throw StoreError.conflict(code: "parent_deleted", field: "parentID")
            }
            let deletedAt: Int64? = deleted ? Clock.millis(at) : nil
            let changed = try await db.raw("""
                UPDATE accounts SET deleted_at = \(bind: deletedAt), version = version + 1,
                    updated_at = \(bind: Clock.millis(at)), updated_by = \(bind: caller.actor.userID)
                WHERE id = \(bind: id) AND version = \(bind: before.version) RETURNING id
                """).first()
            guard changed != nil else { throw try await Self.conflict(db, id) }
            let after = try await Self.load(db, id)
            try await AuditLog.record(db, caller, at: at, entity: "account", id: id, action: deleted ? "delete" : "restore",
                                      before: before, after: after, accountID: id)
        }
    }

    static func loadForChange(_ db: any SQLDatabase, _ id: AccountID, expectedVersion: Int, caller: Caller) async throws -> Account {
        guard let account = try await load(db, id), account.deletedAt == nil, caller.policy.canView(account) else {
            throw StoreError.notFound(entity: "account", id: id)
        }
        guard caller.policy.canEdit(account) else { throw StoreError.forbidden }
        guard account.version == expectedVersion else { throw try await conflict(db, id) }
        return account
    }

    /// The conflict error with who saved the version the caller did not see.
    static func conflict(_ db: any SQLDatabase, _ id: AccountID) async throws -> StoreError {
        let row = try await db.raw("""
            SELECT a.version, a.updated_at, u.display_name FROM accounts a LEFT JOIN users u ON u.id = a.updated_by
            WHERE a.id = \(bind: id)
            """).first()
        guard let row else { return .notFound(entity: "account", id: id) }
        return .versionConflict(currentVersion: try row.int("version"), changedBy: try row.optionalString("display_name"),
                                changedAt: try row.date("updated_at"))
    }

    /// Field checks plus the ones that need stored data: the owner and parent exist, the caller may
    /// give the account to that owner, and the parent link closes no loop.
    static func checkDraft(_ draft: AccountDraft, id: AccountID?, db: any SQLDatabase, caller: Caller, known: [FieldIssue] = []) async throws {
        var v = Validator(known: known)
        let definitions = try await CustomFieldRepository.loadAll(db)
        draft.validate(into: &v, customFieldDefinitions: definitions)
        // The owner is checked when it is set or changed: a team member with edit access may edit
        // an account they could not have created, and an account keeps a since-deactivated owner.
        var currentOwner: UserID?
        if let id { currentOwner = try await db.raw("SELECT owner_id FROM accounts WHERE id = \(bind: id)").first()?.int64("owner_id") }
        if draft.ownerID != currentOwner {
            let ownerActive = try await db.raw("SELECT active FROM users WHERE id = \(bind: draft.ownerID)").first()?.int64("active")
            if ownerActive == nil || ownerActive == 0 {
                v.add("ownerID", "unknown_user")
            } else if !caller.policy.canCreateAccount(ownerID: draft.ownerID) {
                v.add("ownerID", "not_permitted")
            }
        }
        if let parentID = draft.parentID {
            let parent = try await load(db, parentID)
            if parent == nil || parent?.deletedAt != nil || !(parent.map(caller.policy.canView) ?? false) {
                v.add("parentID", "unknown_account")
            } else if let id {
                var parents: [AccountID: AccountID?] = [:]
                var cursor: AccountID? = parentID
                while let current = cursor, parents[current] == nil, current != id {
                    let row = try await db.raw("SELECT parent_id FROM accounts WHERE id = \(bind: current)").first()
                    let next = try row?.optionalInt64("parent_id")
                    parents[current] = .some(next)
                    cursor = next
                }
                if Hierarchy.wouldCreateCycle(child: id, newParent: parentID, parentOf: { parents[$0] ?? nil }) {
                    v.add("parentID", "cycle")
                }
            }
        }
        do { try v.check() } catch { throw StoreError.validation(error) }
    }

    static func replaceBigrams(_ db: any SQLDatabase, _ id: AccountID, _ key: String) async throws {
        try await db.raw("DELETE FROM account_name_grams WHERE account_id = \(bind: id)").run()
        let grams = nameBigrams(key)
        guard !grams.isEmpty else { return }
        var insert = SQLQueryString("INSERT INTO account_name_grams (gram, account_id) VALUES ")
        for (index, gram) in grams.enumerated() {
            insert.appendInterpolation(unsafeRaw: index == 0 ? "(" : ", (")
            insert.appendInterpolation(bind: gram)
            insert.appendInterpolation(unsafeRaw: ", ")
            insert.appendInterpolation(bind: id)
            insert.appendInterpolation(unsafeRaw: ")")
        }
        try await db.raw(insert).run()
    }

    static func replaceCustomValues(_ db: any SQLDatabase, _ id: AccountID, _ values: [String: String]) async throws {
        try await db.raw("DELETE FROM account_custom_values WHERE account_id = \(bind: id)").run()
        for (key, value) in values.sorted(by: { $0.key < $1.key }) where !value.isEmpty {
            try await db.raw("""
                INSERT INTO account_custom_values (account_id, field_key, value) VALUES (\(bind: id), \(bind: key), \(bind: value))
                """).run()
        }
    }
}
