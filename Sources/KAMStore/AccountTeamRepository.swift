import Foundation
import KAMCore
import SQLKit

/// Account teams: who works on an account besides its owner, in which role and with what access.
public struct AccountTeamRepository: Sendable {
    let database: KAMDatabase
    let now: @Sendable () -> Date

    /// Every membership of the account, current and ended, if the caller may see the account.
    public func list(account id: AccountID, caller: Caller) async throws -> [AccountTeamMember] {
        try await database.read { db in
            guard let account = try await AccountRepository.load(db, id), account.deletedAt == nil, caller.policy.canView(account) else {
                throw StoreError.notFound(entity: "account", id: id)
            }
            return try await Self.members(db, account: id)
        }
    }

    /// The same, for an account the caller has just loaded (the account page): no second load.
    public func list(for account: Account, caller: Caller) async throws -> [AccountTeamMember] {
        guard account.deletedAt == nil, caller.policy.canView(account) else { throw StoreError.notFound(entity: "account", id: account.id) }
        return try await database.read { db in try await Self.members(db, account: account.id) }
    }

    public func add(to id: AccountID, _ draft: TeamMemberDraft, caller: Caller, inputIssues: [FieldIssue] = []) async throws -> AccountTeamMember {
        let at = now()
        return try await database.write { db in
            try await Self.editableAccount(db, id, caller: caller)
            try await Self.checkGrant(db, draft, account: id, before: nil, caller: caller)
            try await Self.check(draft, db: db, account: id, replacing: nil, known: inputIssues)
            return try await Self.insert(db, draft, account: id, at: at, caller: caller)
        }
    }

    /// Writes a checked membership and its audit row: adding a member, accepting an expert and
    /// assigning pre-sales all join a team this one way.
    static func insert(_ db: any SQLDatabase, _ draft: TeamMemberDraft, account id: AccountID, at: Date,
                       caller: Caller) async throws -> AccountTeamMember {
        let row = try await db.raw("""
            INSERT INTO account_team_members (account_id, user_id, team_role, access, from_date, to_date, hours_per_quarter, private_fields,
                                              version, created_at, updated_at, updated_by)
            VALUES (\(bind: id), \(bind: draft.userID), \(bind: draft.role.rawValue), \(bind: draft.access.rawValue),
                    \(bind: draft.from.description), \(bind: draft.to?.description), \(bind: draft.hoursPerQuarter),
                    \(bind: draft.privateFields ? 1 : 0), 1, \(bind: Clock.millis(at)), \(bind: Clock.millis(at)),
                    \(bind: caller.actor.userID))
            RETURNING id
            """).first()
        guard let memberID = try row?.int64("id"), let member = try await member(db, memberID) else {
            throw StoreError.notFound(entity: "account_team_member", id: 0)
        }
        try await AuditLog.record(db, caller, at: at, entity: "account_team_member", id: memberID, action: "create",
                                  before: AccountTeamMember?.none, after: member, accountID: id)
        return member
    }

    /// Changes a membership (role, access, dates); ending one is setting its `to` date.
    public func update(_ memberID: TeamMemberID, _ draft: TeamMemberDraft, expectedVersion: Int, caller: Caller,
                       inputIssues: [FieldIssue] = []) async throws -> AccountTeamMember {
        let at = now()
        return try await database.write { db in
            guard let before = try await Self.member(db, memberID) else { throw StoreError.notFound(entity: "account_team_member", id: memberID) }
            try await Self.editableAccount(db, before.accountID, caller: caller, missing: .notFound(entity: "account_team_member", id: memberID))
            guard before.version == expectedVersion else { throw try await Self.conflict(db, memberID) }
            guard draft.userID == before.userID else {
                throw StoreError.validation(ValidationFailure([FieldIssue(field: "userID", code: "unchanged")]))
            }
            try await Self.checkGrant(db, draft, account: before.accountID, before: before, caller: caller)
            try await Self.check(draft, db: db, account: before.accountID, replacing: memberID, known: inputIssues)
            let updated = try await db.raw("""
                UPDATE account_team_members SET team_role = \(bind: draft.role.rawValue), access = \(bind: draft.access.rawValue),
                    from_date = \(bind: draft.from.description), to_date = \(bind: draft.to?.description),
                    hours_per_quarter = \(bind: draft.hoursPerQuarter), private_fields = \(bind: draft.privateFields ? 1 : 0),
                    version = version + 1,
                    updated_at = \(bind: Clock.millis(at)), updated_by = \(bind: caller.actor.userID)
                WHERE id = \(bind: memberID) AND version = \(bind: expectedVersion) RETURNING id
                """).first()
            guard updated != nil, let after = try await Self.member(db, memberID) else { throw try await Self.conflict(db, memberID) }
            try await AuditLog.record(db, caller, at: at, entity: "account_team_member", id: memberID, action: "update",
                                      before: before, after: after, accountID: after.accountID)
            return after
        }
    }

    /// Removes a membership entered by mistake (ending one keeps its history: use `update`).
    public func remove(_ memberID: TeamMemberID, expectedVersion: Int, caller: Caller) async throws {
        let at = now()
        try await database.write { db in
            guard let before = try await Self.member(db, memberID) else { throw StoreError.notFound(entity: "account_team_member", id: memberID) }
            try await Self.editableAccount(db, before.accountID, caller: caller, missing: .notFound(entity: "account_team_member", id: memberID))
            guard before.version == expectedVersion else { throw try await Self.conflict(db, memberID) }
            try await db.raw("DELETE FROM account_team_members WHERE id = \(bind: memberID)").run()
            try await AuditLog.record(db, caller, at: at, entity: "account_team_member", id: memberID, action: "delete",
                                      before: before, after: AccountTeamMember?.none, accountID: before.accountID)
        }
    }

    public func get(_ memberID: TeamMemberID, caller: Caller) async throws -> AccountTeamMember {
        try await database.read { db in
            guard let member = try await Self.member(db, memberID),
                  let account = try await AccountRepository.load(db, member.accountID), account.deletedAt == nil,
                  caller.policy.canView(account) else { throw StoreError.notFound(entity: "account_team_member", id: memberID) }
            return member
        }
    }

    // MARK: -

    static let columns = """
        t.id, t.account_id, t.user_id, u.display_name, t.team_role, t.access, t.from_date, t.to_date, t.hours_per_quarter, t.private_fields, t.version
        """

    static func members(_ db: any SQLDatabase, account id: AccountID) async throws -> [AccountTeamMember] {
        try await db.raw("""
            SELECT \(unsafeRaw: columns) FROM account_team_members t JOIN users u ON u.id = t.user_id
            WHERE t.account_id = \(bind: id) ORDER BY t.to_date IS NOT NULL, u.display_name, t.id
            """).all().map(decode)
    }

    static func member(_ db: any SQLDatabase, _ id: TeamMemberID) async throws -> AccountTeamMember? {
        try await db.raw("""
            SELECT \(unsafeRaw: columns) FROM account_team_members t JOIN users u ON u.id = t.user_id WHERE t.id = \(bind: id)
            """).first().map(decode)
    }

    static func decode(_ row: any SQLRow) throws -> AccountTeamMember {
        AccountTeamMember(id: try row.int64("id"), accountID: try row.int64("account_id"), userID: try row.int64("user_id"),
                          userName: try row.string("display_name"), role: try row.vocabulary("team_role", as: TeamRole.self),
                          access: try row.vocabulary("access", as: TeamAccess.self),
                          from: try row.calendarDate("from_date") ?? CalendarDate(year: 1970, month: 1, day: 1),
                          to: try row.calendarDate("to_date"), hoursPerQuarter: try row.int("hours_per_quarter"),
                          privateFields: try row.int64("private_fields") != 0,
                          version: try row.int("version"))
    }

    /// Invisible accounts answer 404 (ids cannot be probed); visible but read-only ones 403.
    static func editableAccount(_ db: any SQLDatabase, _ id: AccountID, caller: Caller, missing: StoreError? = nil) async throws {
        guard let account = try await AccountRepository.load(db, id), account.deletedAt == nil, caller.policy.canView(account) else {
            throw missing ?? StoreError.notFound(entity: "account", id: id)
        }
        guard caller.policy.canEdit(account) else { throw StoreError.forbidden }
    }

    /// Personal fields can be granted (or taken back) only by someone who sees them on this account,
    /// and never to oneself: an expert with edit access cannot open them up for themself.
    static func checkGrant(_ db: any SQLDatabase, _ draft: TeamMemberDraft, account id: AccountID, before: AccountTeamMember?,
                           caller: Caller) async throws {
        guard draft.privateFields != (before?.privateFields ?? false) else { return }
        let account = try await AccountRepository.load(db, id)
        guard caller.policy.canSeePrivateFields(of: account), draft.userID != caller.actor.userID || caller.policy.isAdministrator else {
            throw StoreError.validation(ValidationFailure([FieldIssue(field: "privateFields", code: "not_permitted")]))
        }
    }

    /// The member must be an active user, not the owner (who leads the team already), and not
    /// already on the team for an overlapping period.
    static func check(_ draft: TeamMemberDraft, db: any SQLDatabase, account: AccountID, replacing: TeamMemberID?,
                      known: [FieldIssue] = []) async throws {
        var v = Validator(known: known)
        do { try draft.validate() } catch { for issue in error.issues { v.add(issue.field, issue.code, issue.detail) } }
        if try await activeUsers(db, [draft.userID]).isEmpty { v.add("userID", "unknown_user") }
        let owner = try await db.raw("SELECT owner_id FROM accounts WHERE id = \(bind: account)").first()?.int64("owner_id")
        if owner == draft.userID { v.add("userID", "already_owner") }
        if !v.issues.contains(where: { $0.field == "userID" }) {
            let others = try await members(db, account: account).filter { $0.userID == draft.userID && $0.id != replacing }
            let overlaps = others.contains { other in
                (other.to.map { draft.from < $0 } ?? true) && (draft.to.map { other.from < $0 } ?? true)
            }
            if overlaps { v.add("userID", "already_member") }
        }
        do { try v.check() } catch { throw StoreError.validation(error) }
    }

    static func conflict(_ db: any SQLDatabase, _ id: TeamMemberID) async throws -> StoreError {
        try await versionConflict(db, table: "account_team_members", entity: "account_team_member", id: id)
    }
}

/// A row of the iron-triangle report: a key account (or candidate) with an empty corner.
public struct TriangleGap: Sendable, Hashable, Codable {
    public var accountID: AccountID
    public var name: String
    public var status: KeyAccountStatus
    public var ownerName: String
    public var missing: [IronTriangleRole]
    public var needsLeadExpert: Bool
}

extension AccountTeamRepository {
    /// Key accounts and candidates the caller may see whose iron triangle is incomplete, by name.
    public func triangleGaps(caller: Caller, limit: Int = 2000) async throws -> [TriangleGap] {
        let today = Clock.today(now())
        let scope = scopeCondition(caller.policy.readScope, alias: "a", today: today, engine: database.engine).map { " AND " + $0 } ?? ""
        return try await database.read { db in
            let rows = try await db.raw("""
                SELECT \(unsafeRaw: AccountRepository.summaryColumns) FROM accounts a JOIN users u ON u.id = a.owner_id
                WHERE a.deleted_at IS NULL AND a.status IN ('qualified', 'candidate')\(unsafeRaw: scope)
                ORDER BY a.name_search, a.id LIMIT \(literal: limit)
                """).all().map(AccountRepository.summary)
            guard !rows.isEmpty else { return [] }
            let members = try await db.raw("""
                SELECT \(unsafeRaw: Self.columns) FROM account_team_members t JOIN users u ON u.id = t.user_id
                WHERE t.account_id IN \(unsafeRaw: inList(rows.map(\.id))) AND t.team_role IN ('customer_lead_expert', 'solution_manager')
                """).all().map(Self.decode)
            let byAccount = Dictionary(grouping: members, by: \.accountID)
            return rows.compactMap { row in
                let triangle = IronTriangle(accountID: row.id, owner: row.ownerID, team: byAccount[row.id] ?? [], on: today)
                guard !triangle.isComplete else { return nil }
                return TriangleGap(accountID: row.id, name: row.name, status: row.status, ownerName: row.ownerName,
                                   missing: triangle.missing, needsLeadExpert: triangle.needsLeadExpert(status: row.status))
            }
        }
    }
}
