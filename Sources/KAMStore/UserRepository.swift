import Foundation
import KAMCore
import SQLKit

/// Users, their sessions and sign-in attempts. Password hashing happens outside (KAMWeb owns bcrypt);
/// this stores and returns hashes only.
public struct UserRepository: Sendable {
    let database: KAMDatabase
    let now: @Sendable () -> Date

    static func decode(_ row: any SQLRow) throws -> User {
        User(id: try row.int64("id"), username: try row.string("username"), displayName: try row.string("display_name"),
             email: try row.optionalString("email"), role: try row.vocabulary("role", as: Role.self),
             managerID: try row.optionalInt64("manager_id"), locale: try row.optionalString("locale"),
             timeZone: try row.string("time_zone"), active: try row.int64("active") != 0, version: try row.int("version"))
    }

    /// The user if they exist and are active.
    static func active(_ db: any SQLDatabase, _ id: UserID) async throws -> User? {
        try await db.raw("SELECT * FROM users WHERE id = \(bind: id) AND active = 1").first().map(decode)
    }

    public func all() async throws -> [User] {
        try await database.read { db in try await db.raw("SELECT * FROM users ORDER BY display_name, id").all().map(Self.decode) }
    }

    /// The users a filter by owner offers this caller, as (id, name): for a caller tied to some
    /// accounts, the people of their circle and the owners of what they reach through a team or
    /// coverage (no other owner could match); everyone for company-wide roles.
    public func ownerChoices(visibleTo caller: Caller) async throws -> [(id: UserID, name: String)] {
        var query: SQLQueryString = "SELECT id, display_name FROM users"
        if let scope = BoundScope(caller.policy.readScope, today: Clock.today(now()), engine: database.engine) {
            query = "\(query) WHERE \(scope.isMember("id")) OR id IN (SELECT owner_id FROM accounts WHERE id IN (\(scope.reachedAccounts)))"
        }
        let ordered: SQLQueryString = "\(query) ORDER BY display_name, id"
        return try await database.read { db in
            try await db.raw(ordered).all().map { (try $0.int64("id"), try $0.string("display_name")) }
        }
    }

    public func count() async throws -> Int {
        try await database.read { db in try await db.raw("SELECT count(*) AS n FROM users").first()?.int("n") ?? 0 }
    }

    public func find(id: UserID) async throws -> User? {
        try await database.read { db in try await db.raw("SELECT * FROM users WHERE id = \(bind: id)").first().map(Self.decode) }
    }

    public func find(username: String) async throws -> (user: User, passwordHash: String)? {
        try await database.read { db in
            guard let row = try await db.raw("SELECT * FROM users WHERE username = \(bind: username)").first() else { return nil }
            return (try Self.decode(row), try row.string("password_hash"))
        }
    }

    /// Everyone below `user` in the manager hierarchy: what a sales director's scope is made of.
    public func subordinates(of user: UserID) async throws -> Set<UserID> {
        let managers = try await database.read { db in
            try await db.raw("SELECT id, manager_id FROM users WHERE manager_id IS NOT NULL").all().map {
                (try $0.int64("id"), try $0.int64("manager_id"))
            }
        }
        return AccessPolicy.subordinates(of: user, managers: Dictionary(managers, uniquingKeysWith: { a, _ in a }))
    }

    /// Everyone sees what those below them see (domain.md §10), so every caller carries their subordinates.
    public func caller(for user: User) async throws -> Caller {
        Caller(user: user, subordinates: try await subordinates(of: user.id))
    }

    /// Changes a user (administrators only): role, manager, activity and profile. A manager must be
    /// an active user and no loop may form; deactivating signs the user out everywhere.
    public func update(_ id: UserID, _ change: UserChange, expectedVersion: Int, caller: Caller,
                       inputIssues: [FieldIssue] = []) async throws -> User {
        guard caller.policy.isAdministrator else { throw StoreError.forbidden }
        let at = now()
        return try await database.write { db in
            guard let row = try await db.raw("SELECT * FROM users WHERE id = \(bind: id)").first() else {
                throw StoreError.notFound(entity: "user", id: id)
            }
            let before = try Self.decode(row)
            guard before.version == expectedVersion else { throw try await Self.conflict(db, id) }
            var v = Validator(known: inputIssues)
            let managers = try await db.raw("SELECT id, manager_id FROM users WHERE manager_id IS NOT NULL").all().map {
                (try $0.int64("id"), try $0.int64("manager_id"))
            }
            change.validate(userID: id, managers: Dictionary(managers, uniquingKeysWith: { a, _ in a }), into: &v)
            if let manager = change.managerID {
                let active = try await db.raw("SELECT active FROM users WHERE id = \(bind: manager)").first()?.int64("active")
                if active == nil || active == 0 { v.add("managerID", "unknown_user") }
            }
            if id == caller.actor.userID, !change.active || change.role != .administrator {
                // An administrator cannot lock themselves out.
                v.add(change.active ? "role" : "active", "not_permitted")
            }
            do throws(ValidationFailure) { try v.check() } catch { throw StoreError.validation(error) }
            let updated = try await db.raw("""
                UPDATE users SET display_name = \(bind: change.displayName), email = \(bind: change.email), role = \(bind: change.role.rawValue),
                    manager_id = \(bind: change.managerID), time_zone = \(bind: change.timeZone), active = \(bind: change.active ? 1 : 0),
                    version = version + 1, updated_at = \(bind: Clock.millis(at)), updated_by = \(bind: caller.actor.userID)
                WHERE id = \(bind: id) AND version = \(bind: expectedVersion) RETURNING *
                """).first()
            guard let updated else { throw try await Self.conflict(db, id) }
            if !change.active { try await db.raw("DELETE FROM sessions WHERE user_id = \(bind: id)").run() }
            let after = try Self.decode(updated)
            try await AuditLog.record(db, caller, at: at, entity: "user", id: id, action: "update", before: before, after: after, accountID: nil)
            return after
        }
    }

    static func conflict(_ db: any SQLDatabase, _ id: UserID) async throws -> StoreError {
        guard let row = try await db.raw("""
            SELECT u.version, u.updated_at, b.display_name FROM users u LEFT JOIN users b ON b.id = u.updated_by WHERE u.id = \(bind: id)
            """).first() else { return .notFound(entity: "user", id: id) }
        return .versionConflict(currentVersion: try row.int("version"), changedBy: try row.optionalString("display_name"),
                                changedAt: try row.date("updated_at"))
    }

    public func create(username: String, displayName: String, email: String?, role: Role, managerID: UserID?,
                       locale: String?, timeZone: String, passwordHash: String, caller: Caller) async throws -> User {
        guard caller.policy.isAdministrator else { throw StoreError.forbidden }
        let at = now()
        return try await database.write { db in
            if try await db.raw("SELECT id FROM users WHERE username = \(bind: username)").first() != nil {
                throw StoreError.conflict(code: "username_taken", field: "username")
            }
            if let managerID, try await db.raw("SELECT id FROM users WHERE id = \(bind: managerID)").first() == nil {
                throw StoreError.validation(ValidationFailure([FieldIssue(field: "managerID", code: "unknown_user")]))
            }
            let row = try await db.raw("""
                INSERT INTO users (username, display_name, email, role, manager_id, locale, time_zone, active, password_hash,
                                   version, created_at, updated_at)
                VALUES (\(bind: username), \(bind: displayName), \(bind: email), \(bind: role.rawValue), \(bind: managerID),
                        \(bind: locale), \(bind: timeZone), 1, \(bind: passwordHash), 1, \(bind: Clock.millis(at)), \(bind: Clock.millis(at)))
                RETURNING id
                """).first()
            let id = try row?.int64("id") ?? 0
            let user = User(id: id, username: username, displayName: displayName, email: email, role: role,
                            managerID: managerID, locale: locale, timeZone: timeZone)
            try await AuditLog.record(db, caller, at: at, entity: "user", id: id, action: "create",
                                      before: User?.none, after: user, accountID: nil)
            return user
        }
    }

    public func setLocale(_ locale: String?, for user: UserID) async throws {
        let at = now()
        try await database.write { db in
            try await db.raw("""
                UPDATE users SET locale = \(bind: locale), version = version + 1, updated_at = \(bind: Clock.millis(at))
                WHERE id = \(bind: user)
                """).run()
            let name = try await db.raw("SELECT username FROM users WHERE id = \(bind: user)").first()?.string("username") ?? "?"
            try await AuditLog.record(db, actor: Actor(userID: user, name: name), at: at, entity: "user", id: user, action: "locale",
                                      before: String?.none, after: locale, accountID: nil)
        }
    }
}

/// A signed-in session as stored: the cookie carries a random token; only its hash is kept.
public struct StoredSession: Sendable {
    public var user: User
    public var csrfToken: String
    public var expiresAt: Date
}

public struct SessionRepository: Sendable {
    let database: KAMDatabase
    let now: @Sendable () -> Date

    public func create(tokenHash: String, userID: UserID, csrfToken: String, lifetime: TimeInterval) async throws {
        let at = now()
        try await database.write { db in
            try await db.raw("DELETE FROM sessions WHERE expires_at < \(bind: Clock.millis(at))").run()
            try await db.raw("""
                INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, expires_at)
                VALUES (\(bind: tokenHash), \(bind: userID), \(bind: csrfToken), \(bind: Clock.millis(at)),
                        \(bind: Clock.millis(at.addingTimeInterval(lifetime))))
                """).run()
        }
    }

    public func delete(tokenHash: String) async throws {
        try await database.write { db in try await db.raw("DELETE FROM sessions WHERE token_hash = \(bind: tokenHash)").run() }
    }

    /// Records a sign-in attempt and answers how many failed in the window, per username and per IP,
    /// counted in the database so several server instances share the limit.
    public func recordAttempt(username: String, ip: String, success: Bool) async throws {
        let at = now()
        try await database.write { db in
            try await db.raw("DELETE FROM login_attempts WHERE at < \(bind: Clock.millis(at.addingTimeInterval(-86_400)))").run()
            try await db.raw("""
                INSERT INTO login_attempts (username, ip, at, success)
                VALUES (\(bind: username), \(bind: ip), \(bind: Clock.millis(at)), \(bind: success ? 1 : 0))
                """).run()
        }
    }

    /// Starts a sign-in attempt under the rate limit, atomically: counts the failures in the window
    /// and, if under both limits, records this attempt as failed until `markSucceeded` says
    /// otherwise. Parallel guesses therefore each see the ones before them. nil: over the limit.
    public func beginAttempt(username: String, ip: String, window: TimeInterval, limitPerUser: Int, limitPerIP: Int) async throws -> Int64? {
        let at = now()
        let since = Clock.millis(at.addingTimeInterval(-window))
        let engine = database.engine
        return try await database.write { db in
            if engine == .postgres {
                // SQLite runs one writer at a time already; PostgreSQL needs the count and insert serialised.
                try await db.raw("LOCK TABLE login_attempts IN SHARE ROW EXCLUSIVE MODE").run()
            }
            let byUser = try await db.raw("""
                SELECT count(*) AS n FROM login_attempts WHERE username = \(bind: username) AND at >= \(bind: since) AND success = 0
                """).first()?.int("n") ?? 0
            let byIP = try await db.raw("""
                SELECT count(*) AS n FROM login_attempts WHERE ip = \(bind: ip) AND at >= \(bind: since) AND success = 0
                """).first()?.int("n") ?? 0
            guard byUser < limitPerUser, byIP < limitPerIP else { return nil }
            try await db.raw("DELETE FROM login_attempts WHERE at < \(bind: Clock.millis(at.addingTimeInterval(-86_400)))").run()
            return try await db.raw("""
                INSERT INTO login_attempts (username, ip, at, success)
                VALUES (\(bind: username), \(bind: ip), \(bind: Clock.millis(at)), 0) RETURNING id
                """).first()?.int64("id")
        }
    }

    public func markSucceeded(attempt id: Int64) async throws {
        try await database.write { db in try await db.raw("UPDATE login_attempts SET success = 1 WHERE id = \(bind: id)").run() }
    }

    public func recentFailures(username: String, ip: String, window: TimeInterval) async throws -> (byUser: Int, byIP: Int) {
        let since = Clock.millis(now().addingTimeInterval(-window))
        return try await database.read { db in
            let user = try await db.raw("""
                SELECT count(*) AS n FROM login_attempts WHERE username = \(bind: username) AND at >= \(bind: since) AND success = 0
                """).first()?.int("n") ?? 0
            let ip = try await db.raw("""
                SELECT count(*) AS n FROM login_attempts WHERE ip = \(bind: ip) AND at >= \(bind: since) AND success = 0
                """).first()?.int("n") ?? 0
            return (user, ip)
        }
    }
}
