import Foundation
import KAMCore
import SQLKit

/// What a store call can refuse, in terms the web layer maps to HTTP statuses.
public enum StoreError: Error, Sendable, Equatable {
    case notFound(entity: String, id: Int64)
    /// Someone saved a newer version first (optimistic concurrency).
    case versionConflict(currentVersion: Int, changedBy: String?, changedAt: Date)
    case validation(ValidationFailure)
    case forbidden
    /// The request is well-formed but clashes with stored data (`code` is stable, e.g. `username_taken`).
    case conflict(code: String, field: String?)
}

/// Who is calling and what they may do; every store call takes one.
public struct Caller: Sendable {
    public var actor: Actor
    public var policy: AccessPolicy

    public init(actor: Actor, policy: AccessPolicy) {
        self.actor = actor
        self.policy = policy
    }

    public init(user: User, subordinates: Set<UserID>) {
        self.init(actor: Actor(user), policy: AccessPolicy(user: user, subordinates: subordinates))
    }

    /// Maintenance commands: audited as "system", allowed everything.
    public static let system = Caller(
        actor: .system,
        policy: AccessPolicy(user: User(id: 0, username: "system", displayName: "system", role: .administrator),
                             subordinates: []))
}

extension SQLRow {
    func string(_ column: String) throws -> String { try decode(column: column, as: String.self) }
    func optionalString(_ column: String) throws -> String? { try decode(column: column, as: String?.self) }
    func int64(_ column: String) throws -> Int64 { try decode(column: column, as: Int64.self) }
    func optionalInt64(_ column: String) throws -> Int64? { try decode(column: column, as: Int64?.self) }
    func int(_ column: String) throws -> Int { Int(try int64(column)) }
    func date(_ column: String) throws -> Date { Clock.date(try int64(column)) }
    func optionalDate(_ column: String) throws -> Date? { try optionalInt64(column).map(Clock.date) }
    func calendarDate(_ column: String) throws -> CalendarDate? { try optionalString(column).flatMap(CalendarDate.init) }
    func vocabulary<V: DomainVocabulary>(_ column: String, as: V.Type) throws -> V {
        let raw = try string(column)
        guard let value = V(rawValue: raw) else {
            throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "unknown \(V.vocabularyName) \(raw) in \(column)"))
        }
        return value
    }
    func optionalVocabulary<V: DomainVocabulary>(_ column: String, as: V.Type) throws -> V? {
        try optionalString(column) == nil ? nil : try vocabulary(column, as: V.self)
    }
}

/// Text folded for case-insensitive search, identical on both engines (SQLite's LIKE folds ASCII only).
func searchKey(_ parts: String?...) -> String {
    let text = parts.compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: " ")
    // ASCII, kana, hangul and CJK ideographs need only lower-casing; folding (full-width letters,
    // other scripts' case) is costly, and the bulk loader computes this for every row.
    if text.unicodeScalars.allSatisfy(foldsToItself) {
        // Of those scalars only ASCII letters have case.
        guard text.utf8.contains(where: { (0x41...0x5A).contains($0) }) else { return text }
        return String(decoding: text.utf8.map { (0x41...0x5A).contains($0) ? $0 | 0x20 : $0 }, as: UTF8.self)
    }
    return text.folding(options: [.caseInsensitive, .widthInsensitive], locale: nil).lowercased()
}

/// The distinct two-scalar pieces of a search key without white space, as SQL's `substr(key, n, 2)`
/// cuts them (both engines count code points), for the two-character search index.
func nameBigrams(_ key: String) -> [String] {
    let scalars = Array(key.unicodeScalars)
    guard scalars.count >= 2 else { return [] }
    var seen = Set<String>()
    var grams: [String] = []
    for n in 0..<(scalars.count - 1) {
        // Search terms are trimmed, so a piece with white space in it is never asked for.
        if scalars[n].properties.isWhitespace || scalars[n + 1].properties.isWhitespace { continue }
        var gram = ""
        gram.unicodeScalars.append(scalars[n])
        gram.unicodeScalars.append(scalars[n + 1])
        if seen.insert(gram).inserted { grams.append(gram) }
    }
    return grams
}

/// Scalars that case- and width-insensitive folding leaves alone (checked against Foundation
/// scalar by scalar; a test compares both paths on the demo vocabulary).
func foldsToItself(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar.value {
    case 0..<0x80, 0x1100...0x11FF, 0x3000...0x303F, 0x3041...0x3096, 0x3099...0x30FF, 0x3130...0x318F,
         0x3400...0x4DBF, 0x4E00...0x9FFF, 0xAC00...0xD7A3: true
    default: false
    }
}

/// Escapes LIKE wildcards in what a user typed, so `%` and `_` match themselves.
func likePattern(contains text: String) -> String {
    var escaped = ""
    for ch in searchKey(text) {
        if ch == "%" || ch == "_" || ch == "\\" { escaped.append("\\") }
        escaped.append(ch)
    }
    return "%\(escaped)%"
}

/// The read scope as an SQL condition on the accounts table aliased `alias`: owned by, covered
/// by, or with a current team member among, the scope's users. Ids and the date are rendered,
/// never user text. (The account list writes its own, faster form from `scopeParts`.)
func scopeCondition(_ scope: AccountScope, alias: String, today: CalendarDate, engine: DatabaseEngine) -> String? {
    guard let (members, team, coverage) = scopeParts(scope, today: today) else { return nil }
    switch engine {
    case .sqlite:
        // SQLite answers this OR from the indexes of each set ("MULTI-INDEX OR").
        return "(\(alias).owner_id IN \(members) OR \(alias).id IN (\(team)) OR \(alias).id IN (\(coverage)))"
    case .postgres:
        return "\(alias).id IN (SELECT so.id FROM accounts so WHERE so.owner_id IN \(members) UNION ALL \(team) UNION ALL \(coverage))"
    }
}

/// A read scope tied to users, in its parts: the users as an SQL list (owners), and the account
/// ids they reach through a current team membership, and through coverage in person or by a
/// sales team. Ids and the date are rendered, never user text.
func scopeParts(_ scope: AccountScope, today: CalendarDate) -> (members: String, team: String, coverage: String)? {
    guard case .tiedTo(let users) = scope else { return nil }
    let members = inList(users)
    let team = """
        SELECT tm.account_id FROM account_team_members tm WHERE tm.user_id IN \(members)
        AND tm.from_date <= '\(today)' AND (tm.to_date IS NULL OR tm.to_date > '\(today)')
        """
    // Coverage in person and through a sales team the user belongs to.
    let coverage = """
        SELECT ac.account_id FROM account_coverage ac WHERE ac.user_id IN \(members)
        AND ac.from_date <= '\(today)' AND (ac.to_date IS NULL OR ac.to_date > '\(today)')
        UNION ALL SELECT tc.account_id FROM account_coverage tc
        JOIN sales_team_members stm ON stm.sales_team_id = tc.sales_team_id WHERE stm.user_id IN \(members)
        AND tc.from_date <= '\(today)' AND (tc.to_date IS NULL OR tc.to_date > '\(today)')
        """
    return (members, team, coverage)
}

/// The current team of an account, as the access policy needs it: each member's access, and who
/// of them was granted sight of personal fields.
func currentTeam(_ db: any SQLDatabase, account id: AccountID, today: CalendarDate) async throws -> (access: [UserID: TeamAccess], grants: Set<UserID>) {
    let rows = try await db.raw("""
        SELECT user_id, access, private_fields FROM account_team_members
        WHERE account_id = \(bind: id) AND from_date <= \(bind: today.description) AND (to_date IS NULL OR to_date > \(bind: today.description))
        """).all()
    var team: [UserID: TeamAccess] = [:]
    var grants: Set<UserID> = []
    for row in rows {
        let user = try row.int64("user_id")
        let access = try row.vocabulary("access", as: TeamAccess.self)
        team[user] = max(team[user] ?? access, access)
        if try row.int64("private_fields") != 0 { grants.insert(user) }
    }
    return (team, grants)
}

extension Validator {
    /// The store's form of `check()`: one 422 naming every field.
    func throwIfInvalid() throws {
        if !issues.isEmpty { throw StoreError.validation(ValidationFailure(issues)) }
    }
}

/// The answer to a stale write: the row's current version and who saved it last, or not found.
/// `table` and `key` are ours, never user input.
func versionConflict(_ db: any SQLDatabase, table: String, key: String = "id", entity: String, id: Int64) async throws -> StoreError {
    guard let row = try await db.raw("""
        SELECT r.version, r.updated_at, u.display_name FROM \(unsafeRaw: table) r LEFT JOIN users u ON u.id = r.updated_by
        WHERE r.\(unsafeRaw: key) = \(bind: id)
        """).first() else { return .notFound(entity: entity, id: id) }
    return .versionConflict(currentVersion: try row.int("version"), changedBy: try row.optionalString("display_name"),
                            changedAt: try row.date("updated_at"))
}

/// An SQL list `(1,2,3)` for `column IN …`, built from integers (never from user text).
func inList(_ ids: some Collection<Int64>) -> String {
    // Sorted, so one scope always reads as the same SQL text.
    ids.isEmpty ? "(NULL)" : "(" + ids.sorted().map(String.init).joined(separator: ",") + ")"
}

/// Many rows in few statements: each statement carries `chunk` rows (within SQLite's limit on
/// bound values), which a portfolio-wide change needs (one statement per row is mostly waiting).
@discardableResult
func insertRows(_ db: any SQLDatabase, into table: String, columns: [String], _ rows: [[any Encodable & Sendable]], chunk: Int = 200,
                suffix: String = "") async throws -> [any SQLRow] {
    var returned: [any SQLRow] = []
    for start in stride(from: 0, to: rows.count, by: chunk) {
        var query = SQLQueryString("INSERT INTO \(unsafeRaw: table) (\(unsafeRaw: columns.joined(separator: ", "))) VALUES ")
        for (index, row) in rows[start..<min(start + chunk, rows.count)].enumerated() {
            query.appendLiteral(index == 0 ? "(" : ", (")
            for (position, value) in row.enumerated() {
                if position > 0 { query.appendLiteral(", ") }
                query.appendInterpolation(bind: value)
            }
            query.appendLiteral(")")
        }
        query.appendLiteral(suffix)
        returned += try await db.raw(query).all()
    }
    return returned
}

enum AuditLog {
    /// One audit row per change, written in batches: (entity id, action, before, after, account).
    static func recordMany(_ db: any SQLDatabase, _ caller: Caller, at: Date, entity: String,
                           _ changes: [(id: Int64, action: String, before: String?, after: String?, accountID: AccountID?)]) async throws {
        let millis = Clock.millis(at)
        try await insertRows(db, into: "audit_log", columns: ["actor_id", "actor_name", "at", "entity", "entity_id", "action", "before_json",
                                                             "after_json", "account_id"],
                             changes.map { [caller.actor.userID, caller.actor.name, millis, entity, $0.id, $0.action, $0.before, $0.after, $0.accountID] })
    }

    static func record(_ db: any SQLDatabase, _ caller: Caller, at: Date, entity: String, id: Int64, action: String,
                       before: (some Encodable)?, after: (some Encodable)?, accountID: AccountID?) async throws {
        try await record(db, actor: caller.actor, at: at, entity: entity, id: id, action: action, before: before, after: after,
                         accountID: accountID)
    }

    static func record(_ db: any SQLDatabase, actor: Actor, at: Date, entity: String, id: Int64, action: String,
                       before: (some Encodable)?, after: (some Encodable)?, accountID: AccountID?) async throws {
        let beforeJSON = try before.map { try JSONText.encode($0) }
        let afterJSON = try after.map { try JSONText.encode($0) }
        try await db.raw("""
            INSERT INTO audit_log (actor_id, actor_name, at, entity, entity_id, action, before_json, after_json, account_id)
            VALUES (\(bind: actor.userID), \(bind: actor.name), \(bind: Clock.millis(at)), \(bind: entity),
                    \(bind: id), \(bind: action), \(bind: beforeJSON), \(bind: afterJSON), \(bind: accountID))
            """).run()
    }

    static func decode(_ row: any SQLRow) throws -> AuditEntry {
        AuditEntry(id: try row.int64("id"), actorID: try row.optionalInt64("actor_id"), actorName: try row.string("actor_name"),
                   at: try row.date("at"), entity: try row.string("entity"), entityID: try row.int64("entity_id"),
                   action: try row.string("action"), before: try row.optionalString("before_json"),
                   after: try row.optionalString("after_json"), accountID: try row.optionalInt64("account_id"))
    }
}

/// Cursor for keyset paging: the sort value and id of the last row shown, opaque to clients.
public struct PageCursor: Sendable, Hashable {
    public var sortValue: String
    public var id: Int64

    public init(sortValue: String, id: Int64) {
        self.sortValue = sortValue
        self.id = id
    }

    public var token: String {
        Data("\(id)\u{1F}\(sortValue)".utf8).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
    }

    public init?(token: String) {
        let base64 = token.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        guard let data = Data(base64Encoded: base64), let text = String(data: data, encoding: .utf8) else { return nil }
        let parts = text.split(separator: "\u{1F}", maxSplits: 1, omittingEmptySubsequences: false)
        guard parts.count == 2, let id = Int64(parts[0]) else { return nil }
        self.init(sortValue: String(parts[1]), id: id)
    }
}
