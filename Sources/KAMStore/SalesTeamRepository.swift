import Foundation
import KAMCore
import SQLKit

/// Sales teams: every signed-in user may read them (they are our own organisation); administrators
/// and sales directors shape them.
public struct SalesTeamRepository: Sendable {
    let database: KAMDatabase
    let now: @Sendable () -> Date

    public func list() async throws -> [SalesTeam] {
        try await database.read { db in try await Self.all(db) }
    }

    public func get(_ id: SalesTeamID) async throws -> SalesTeam {
        try await database.read { db in
            guard let team = try await Self.load(db, id) else { throw StoreError.notFound(entity: "sales_team", id: id) }
            return team
        }
    }

    public func create(_ draft: SalesTeamDraft, caller: Caller, inputIssues: [FieldIssue] = []) async throws -> SalesTeam {
        guard caller.policy.mayShapeOrganisation else { throw StoreError.forbidden }
        let at = now()
        return try await database.write { db in
            try await Self.check(draft, db: db, known: inputIssues, caller: caller)
            let row = try await db.raw("""
                INSERT INTO sales_teams (name, leader_id, version, created_at, updated_at, updated_by)
                VALUES (\(bind: draft.name), \(bind: draft.leaderID), 1, \(bind: Clock.millis(at)), \(bind: Clock.millis(at)),
                        \(bind: caller.actor.userID)) RETURNING id
                """).first()
            let id = try row?.int64("id") ?? 0
            try await Self.replaceMembers(db, id, draft.everyone)
            guard let team = try await Self.load(db, id) else { throw StoreError.notFound(entity: "sales_team", id: id) }
            try await AuditLog.record(db, caller, at: at, entity: "sales_team", id: id, action: "create",
                                      before: SalesTeam?.none, after: team, accountID: nil)
            return team
        }
    }

    public func update(_ id: SalesTeamID, _ draft: SalesTeamDraft, expectedVersion: Int, caller: Caller,
                       inputIssues: [FieldIssue] = []) async throws -> SalesTeam {
        guard caller.policy.mayShapeOrganisation else { throw StoreError.forbidden }
        let at = now()
        return try await database.write { db in
            guard let before = try await Self.load(db, id) else { throw StoreError.notFound(entity: "sales_team", id: id) }
            // A director shapes only teams made of their own people: joining another branch's team
            // would let them see (and, as a director, edit) what that team covers.
            guard caller.policy.isAdministrator || before.draft.everyone.isSubset(of: caller.policy.circle) else { throw StoreError.forbidden }
            try await Self.check(draft, db: db, known: inputIssues, caller: caller)
            let updated = try await db.raw("""
                UPDATE sales_teams SET name = \(bind: draft.name), leader_id = \(bind: draft.leaderID), version = version + 1,
                    updated_at = \(bind: Clock.millis(at)), updated_by = \(bind: caller.actor.userID)
                WHERE id = \(bind: id) AND version = \(bind: expectedVersion) RETURNING id
                """).first()
            guard updated != nil else { throw try await versionConflict(db, table: "sales_teams", entity: "sales_team", id: id) }
            try await Self.replaceMembers(db, id, draft.everyone)
            guard let after = try await Self.load(db, id) else { throw StoreError.notFound(entity: "sales_team", id: id) }
            try await AuditLog.record(db, caller, at: at, entity: "sales_team", id: id, action: "update",
                                      before: before, after: after, accountID: nil)
            return after
        }
    }

    // MARK: -

    static func all(_ db: any SQLDatabase) async throws -> [SalesTeam] {
        let teams = try await db.raw("SELECT id, name, leader_id, version FROM sales_teams ORDER BY name, id").all()
        let members = try await db.raw("""
            SELECT m.sales_team_id, m.user_id FROM sales_team_members m JOIN users u ON u.id = m.user_id ORDER BY u.display_name, u.id
            """).all()
        var byTeam: [SalesTeamID: [UserID]] = [:]
        for row in members { byTeam[try row.int64("sales_team_id"), default: []].append(try row.int64("user_id")) }
        return try teams.map { row in
            let id = try row.int64("id")
            return SalesTeam(id: id, name: try row.string("name"), leaderID: try row.optionalInt64("leader_id"),
                             memberIDs: byTeam[id] ?? [], version: try row.int("version"))
        }
    }

    static func load(_ db: any SQLDatabase, _ id: SalesTeamID) async throws -> SalesTeam? {
        guard let row = try await db.raw("SELECT id, name, leader_id, version FROM sales_teams WHERE id = \(bind: id)").first() else {
            return nil
        }
        let members = try await db.raw("""
            SELECT m.user_id FROM sales_team_members m JOIN users u ON u.id = m.user_id
            WHERE m.sales_team_id = \(bind: id) ORDER BY u.display_name, u.id
            """).all().map { try $0.int64("user_id") }
        return SalesTeam(id: id, name: try row.string("name"), leaderID: try row.optionalInt64("leader_id"), memberIDs: members,
                         version: try row.int("version"))
    }

    static func replaceMembers(_ db: any SQLDatabase, _ id: SalesTeamID, _ members: Set<UserID>) async throws {
        try await db.raw("DELETE FROM sales_team_members WHERE sales_team_id = \(bind: id)").run()
        for user in members.sorted() {
            try await db.raw("INSERT INTO sales_team_members (sales_team_id, user_id) VALUES (\(bind: id), \(bind: user))").run()
        }
    }

    /// Leader and members must be active users (and, for a director, people in their circle);
    /// each refused one is named by its place in the list.
    static func check(_ draft: SalesTeamDraft, db: any SQLDatabase, known: [FieldIssue], caller: Caller) async throws {
        var v = Validator(known: known)
        draft.validate(into: &v)
        let active = try await activeUsers(db, Array(draft.everyone))
        let allowed = caller.policy.isAdministrator ? nil : caller.policy.circle
        func problem(_ user: UserID) -> String? {
            !active.contains(user) ? "unknown_user" : allowed.map { $0.contains(user) ? nil : "not_permitted" } ?? nil
        }
        if let leader = draft.leaderID, let code = problem(leader) { v.add("leaderID", code) }
        for (i, member) in draft.memberIDs.enumerated() { if let code = problem(member) { v.add("memberIDs[\(i)]", code) } }
        try v.throwIfInvalid()
    }
}

/// Of `ids`, those that are active users.
func activeUsers(_ db: any SQLDatabase, _ ids: [UserID]) async throws -> Set<UserID> {
    guard !ids.isEmpty else { return [] }
    let rows = try await db.raw(SQLQueryString("SELECT id FROM users WHERE active = 1 AND id IN \(inList(ids))")).all()
    return Set(try rows.map { try $0.int64("id") })
}
