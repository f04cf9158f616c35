import Foundation
import KAMCore
import SQLKit

/// Accounts: the only code that reads and writes the `accounts` tables.
public struct AccountRepository: Sendable {
    let database: KAMDatabase
    let now: @Sendable () -> Date

    static let summaryColumns = """
        a.id, a.name, a.name_search, a.industry, a.region, a.size, a.owner_id, u.display_name AS owner_name,
        a.status, a.account_class, a.stage, a.scene, a.parent_id, a.updated_at, a.deleted_at, a.version
        """

    public func list(_ query: AccountQuery, caller: Caller) async throws -> Page<AccountSummary> {
        let limit = max(1, min(query.limit, 200))
        var conditions = [query.deleted ? "a.deleted_at IS NOT NULL" : "a.deleted_at IS NULL"]
        var binds: [any Encodable & Sendable] = []
        // The scope holds its place among the conditions; the read below writes its final form
        // once it knows how many accounts the caller's people own and reach otherwise.
        let today = Clock.today(now())
        let engine = database.engine
        let readScope = caller.policy.readScope
        var scopeIndex: Int?
        if let scope = scopeCondition(readScope, alias: "a", today: today, engine: engine) {
            scopeIndex = conditions.count
            conditions.append(scope)
        }
        var countLimit = Page<AccountSummary>.countLimit
        // A two-character term is answered from the bigram index; when it matches more than a count's
        // worth of accounts, walking the name index until a page is full is faster than sorting them all.
        var commonTermFallback: (condition: Int, sql: String, bind: Int, value: String)?
        if let search = query.search?.trimmingCharacters(in: .whitespaces), !search.isEmpty {
            let key = searchKey(search)
            let plainLike = "a.name_search LIKE ? ESCAPE '\\'"
            if database.engine == .sqlite, key.count >= 3, !key.contains(where: { "%_\\".contains($0) }) {
                // The trigram index answers patterns of three characters or more.
                conditions.append("a.id IN (SELECT rowid FROM accounts_search WHERE name_search LIKE ?)")
                binds.append("%\(key)%")
            } else if key.unicodeScalars.count == 2 {
                commonTermFallback = (conditions.count, plainLike, binds.count, likePattern(contains: search))
                conditions.append("a.id IN (SELECT account_id FROM account_name_grams WHERE gram = ?)")
                binds.append(key)
            } else {
                conditions.append(plainLike)
                binds.append(likePattern(contains: search))
            }
            // A search shows its first page at once; counting every match of a short term would not.
            countLimit = query.searchCountCap
        }
        func equals(_ column: String, _ value: (any Encodable & Sendable)?) {
            guard let value else { return }
            conditions.append("\(column) = ?")
            binds.append(value)
        }
        equals("a.industry", query.industry?.rawValue)
        equals("a.region", query.region?.rawValue)
        equals("a.owner_id", query.ownerID)
        equals("a.status", query.status?.rawValue)
        equals("a.account_class", query.accountClass?.rawValue)
        equals("a.parent_id", query.parentID)
        for filter in query.customFields {
            conditions.append("EXISTS (SELECT 1 FROM account_custom_values cv WHERE cv.account_id = a.id AND cv.field_key = ? AND cv.value = ?)")
            binds.append(filter.key)
            binds.append(filter.value)
        }
        let filterConditions = conditions
        let filterBinds = binds
        let sort = query.sort
        if let cursor = query.cursor {
            conditions.append("(\(sort.column), a.id) \(sort.descending ? "<" : ">") (?, ?)")
            if sort == .name || sort == .nameDescending { binds.append(cursor.sortValue) } else { binds.append(Int64(cursor.sortValue) ?? 0) }
            binds.append(cursor.id)
        }
        let direction = sort.descending ? "DESC" : "ASC"
        @Sendable func listSQL(_ conditions: [String]) -> String {
            """
            SELECT \(Self.summaryColumns) FROM accounts a JOIN users u ON u.id = a.owner_id
            WHERE \(conditions.joined(separator: " AND "))
            ORDER BY \(sort.column) \(direction), a.id \(direction) LIMIT \(limit + 1)
            """
        }
        let cap = countLimit
        @Sendable func countSQL(_ conditions: [String]) -> String {
            """
            SELECT count(*) AS n FROM (SELECT 1 FROM accounts a WHERE \(conditions.joined(separator: " AND "))
            LIMIT \(cap + 1)) t
            """
        }
        let finalBinds = binds
        let finalConditions = conditions
        let fallbackForCommonTerms = commonTermFallback
        let scopePosition = scopeIndex
        // The rewrite below repeats the conditions inside the scope, binds first; it relies on the
        // scope sitting right after the deleted test, before every bound condition. Should that
        // ever change, the plain scope condition stays in place (slower, never wrong).
        let parts = scopeIndex == 1 && !conditions[0].contains("?") ? scopeParts(readScope, today: today) : nil
        let denseLimit = query.denseScopeLimit
        // What depends on the scope alone is read first, through statements the same for every term
        // (prepared on PostgreSQL): the accounts reached through a team or coverage rather than
        // ownership, few for almost everyone, go into the statements below as a plain list of ids,
        // which plans far more cheaply than the subqueries (kept for the rare long list); and
        // whether the scope's users own so many accounts that the list walks the sort index.
        let scopeFacts: (reached: String?, dense: Bool)
        if let parts, let bound = BoundScope(readScope, today: today, engine: engine) {
            scopeFacts = try await database.read { db in
                let ids = try await bound.reachedIDs(db, limit: Self.reachedInline)
                let reached = ids.isEmpty ? nil : ids.count > Self.reachedInline ? "(\(parts.team) UNION \(parts.coverage))" : inList(ids)
                return (reached, try await bound.ownsMore(than: denseLimit, db))
            }
        } else {
            scopeFacts = (nil, false)
        }
        let (reachedIDs, denseScope) = scopeFacts
        return try await database.read(valuesShapeThePlan: true) { db in
            var (listConditions, listBinds) = (finalConditions, finalBinds)
            var countQuery = Self.placeholders(countSQL(filterConditions), filterBinds)
            if let position = scopePosition, let parts {
                // Counted in two parts, each from its own index: the accounts the scope's users own
                // (the partial index on live accounts by owner), plus those reached only otherwise.
                var owned = filterConditions
                owned[position] = "a.owner_id IN \(parts.members)"
                var reachedCount = "0"
                var countBinds = filterBinds
                if let reachedIDs {
                    var others = filterConditions
                    others[position] = "a.id IN \(reachedIDs) AND a.owner_id NOT IN \(parts.members)"
                    reachedCount = "(SELECT count(*) FROM (SELECT 1 FROM accounts a WHERE \(others.joined(separator: " AND ")) LIMIT \(cap + 1)) r)"
                    countBinds += filterBinds
                }
                countQuery = Self.placeholders("""
                    SELECT (SELECT count(*) FROM (SELECT 1 FROM accounts a WHERE \(owned.joined(separator: " AND ")) LIMIT \(cap + 1)) o)
                         + \(reachedCount) AS n
                    """, countBinds)
            }
            let counted = try await db.raw(countQuery).first()
            let count = try counted?.int64("n") ?? 0
            if count > cap, let fallback = fallbackForCommonTerms {
                listConditions[fallback.condition] = fallback.sql
                listBinds[fallback.bind] = fallback.value
            }
            if let position = scopePosition, let parts {
                if denseScope {
                    // So many accounts are in scope that walking the sort index fills a page at once.
                    // (SQLite's unary + keeps it from driving from the owner index instead.)
                    let plus = engine == .sqlite ? "+" : ""
                    listConditions[position] = reachedIDs.map { "(\(plus)a.owner_id IN \(parts.members) OR \(plus)a.id IN \($0))" }
                        ?? "\(plus)a.owner_id IN \(parts.members)"
                } else {
                    // A page of what the users own comes in order from the owner index, so only that
                    // page, plus the few matching accounts reached through teams and coverage, is read
                    // and sorted. Both parts apply every condition, so the outer query tests none again.
                    var owned = listConditions
                    owned[position] = "a.owner_id IN \(parts.members)"
                    var others = listConditions
                    let ownedBinds = listBinds
                    if let reachedIDs {
                        others[position] = "a.id IN \(reachedIDs)"
                        listBinds += ownedBinds
                    }
                    listConditions = [listConditions[0], """
                        a.id IN (SELECT id FROM (SELECT a.id FROM accounts a WHERE \(owned.joined(separator: " AND "))
                        ORDER BY \(sort.column) \(direction), a.id \(direction) LIMIT \(limit + 1)) owned
                        \(reachedIDs == nil ? "" : "UNION SELECT a.id FROM accounts a WHERE \(others.joined(separator: " AND "))"))
                        """]
                }
            }
            let rows = try await db.raw(Self.placeholders(listSQL(listConditions), listBinds)).all()
            var items = try rows.prefix(limit).map(Self.summary)
            var next: PageCursor?
            if rows.count > limit, let last = rows.prefix(limit).last {
                let sortValue = sort == .name || sort == .nameDescending ? try last.string("name_search") : String(try last.int64("updated_at"))
                next = PageCursor(sortValue: sortValue, id: try last.int64("id"))
            }
            items = Array(items)
            return Page(items: items, nextCursor: next, total: min(Int(count), cap), countIsCapped: count > cap)
        }
    }

    /// Up to this many accounts reached through teams and coverage are written into a scoped
    /// list's statements as ids; beyond it, as the subqueries that find them.
    static let reachedInline = 1_000

    /// Up to this many owned accounts a scoped list is fetched through the scope and sorted;
    /// beyond it, the name index is walked and each account tested.
    static let sortedScopeLimit = 2_000

    /// Turns `?` markers into bound parameters in the engine's own placeholder syntax.
    static func placeholders(_ sql: String, _ binds: [any Encodable & Sendable]) -> SQLQueryString {
        var query = SQLQueryString("")
        var remaining = binds[...]
        var segment = ""
        for ch in sql {
            if ch == "?", let bind = remaining.popFirst() {
                query.appendLiteral(segment)
                query.appendInterpolation(bind: bind)
                segment = ""
            } else {
                segment.append(ch)
            }
        }
        query.appendLiteral(segment)
        return query
    }

    static func summary(_ row: any SQLRow) throws -> AccountSummary {
        AccountSummary(
            id: try row.int64("id"), name: try row.string("name"), industry: try row.vocabulary("industry", as: Industry.self),
            region: try row.vocabulary("region", as: Region.self), size: try row.vocabulary("size", as: AccountSize.self),
            ownerID: try row.int64("owner_id"), ownerName: try row.string("owner_name"),
            status: try row.vocabulary("status", as: KeyAccountStatus.self),
            accountClass: try row.optionalVocabulary("account_class", as: AccountClass.self),
            stage: try row.vocabulary("stage", as: RelationshipStage.self),
            scene: try row.vocabulary("scene", as: LifecycleScene.self), parentID: try row.optionalInt64("parent_id"),
            updatedAt: try row.date("updated_at"), deletedAt: try row.optionalDate("deleted_at"), version: try row.int("version"))
    }

    static func account(_ row: any SQLRow, customFields: [String: String]) throws -> Account {
        let draft = AccountDraft(
            name: try row.string("name"), industry: try row.vocabulary("industry", as: Industry.self),
            region: try row.vocabulary("region", as: Region.self), size: try row.vocabulary("size", as: AccountSize.self),
            timeZone: try row.string("time_zone"), parentID: try row.optionalInt64("parent_id"),
            procurementMode: try row.vocabulary("procurement_mode", as: ProcurementMode.self),
            ownerID: try row.int64("owner_id"), website: try row.optionalString("website"),
            description: try row.optionalString("description"), customFields: customFields)
        return Account(
            id: try row.int64("id"), draft: draft, scene: try row.vocabulary("scene", as: LifecycleScene.self),
            stage: try row.vocabulary("stage", as: RelationshipStage.self),
            status: try row.vocabulary("status", as: KeyAccountStatus.self),
            accountClass: try row.optionalVocabulary("account_class", as: AccountClass.self), version: try row.int("version"),
            createdAt: try row.date("created_at"), updatedAt: try row.date("updated_at"),
            updatedBy: try row.optionalInt64("updated_by"), deletedAt: try row.optionalDate("deleted_at"))
    }

    /// Reads one account inside any session; nil when it does not exist at all.
    static func load(_ db: any SQLDatabase, _ id: AccountID) async throws -> Account? {
        try await loadMany(db, [id])[id]
    }

    /// Accounts with their current team, grants and coverers (what the access policy needs), in four
    /// queries however many (a batch of re-scoring or
    /// classification checks access for each without a round of queries per account).
    static func loadMany(_ db: any SQLDatabase, _ ids: [AccountID]) async throws -> [AccountID: Account] {
        guard !ids.isEmpty else { return [:] }
        // One account (a page) is a bound value, so every account's page runs the same statements.
        let single = ids.count == 1 ? ids.first : nil
        let list = inList(ids)
        func among(_ column: String) -> SQLQueryString {
            if let single { return "\(unsafeRaw: column) = \(bind: single)" }
            return "\(unsafeRaw: column) IN \(unsafeRaw: list)"
        }
        let day = Clock.today().description
        var custom: [AccountID: [String: String]] = [:]
        for row in try await db.raw("SELECT account_id, field_key, value FROM account_custom_values WHERE \(among("account_id"))").all() {
            custom[try row.int64("account_id"), default: [:]][try row.string("field_key")] = try row.string("value")
        }
        var accounts: [AccountID: Account] = [:]
        for row in try await db.raw("SELECT * FROM accounts WHERE \(among("id"))").all() {
            let id = try row.int64("id")
            accounts[id] = try account(row, customFields: custom[id] ?? [:])
        }
        for row in try await db.raw("""
            SELECT account_id, user_id, access, private_fields FROM account_team_members
            WHERE \(among("account_id")) AND from_date <= \(bind: day) AND (to_date IS NULL OR to_date > \(bind: day))
            """).all() {
            let id = try row.int64("account_id"), user = try row.int64("user_id")
            let access = try row.vocabulary("access", as: TeamAccess.self)
            let strongest = max(accounts[id]?.team[user] ?? access, access)
            accounts[id]?.team[user] = strongest
            if try row.int64("private_fields") != 0 { accounts[id]?.privateFieldGrants.insert(user) }
        }
        for row in try await db.raw("""
            SELECT ac.account_id AS account_id, ac.user_id AS user_id FROM account_coverage ac
            WHERE \(among("ac.account_id")) AND ac.user_id IS NOT NULL AND ac.from_date <= \(bind: day)
              AND (ac.to_date IS NULL OR ac.to_date > \(bind: day))
            UNION SELECT tc.account_id AS account_id, stm.user_id AS user_id FROM account_coverage tc
            JOIN sales_team_members stm ON stm.sales_team_id = tc.sales_team_id
            WHERE \(among("tc.account_id")) AND tc.from_date <= \(bind: day) AND (tc.to_date IS NULL OR tc.to_date > \(bind: day))
            """).all() {
            accounts[try row.int64("account_id")]?.coverers.insert(try row.int64("user_id"))
        }
        return accounts
    }

    /// The account if the caller may see it; a deleted one only when `includeDeleted`.
    /// Invisible and missing accounts answer the same, so ids cannot be probed.
    public func get(_ id: AccountID, caller: Caller, includeDeleted: Bool = false) async throws -> Account {
        let account = try await database.read { try await Self.load($0, id) }
        guard let account, caller.policy.canView(account), includeDeleted || account.deletedAt == nil else {
            throw StoreError.notFound(entity: "account", id: id)
        }
        return account
    }

    /// Custom field values of several accounts at once (exports, lists), keyed by account.
    public func customValues(of ids: [AccountID]) async throws -> [AccountID: [String: String]] {
        guard !ids.isEmpty else { return [:] }
        return try await database.read { db in
            var values: [AccountID: [String: String]] = [:]
            let rows = try await db.raw(SQLQueryString("SELECT account_id, field_key, value FROM account_custom_values WHERE account_id IN \(inList(ids))")).all()
            for row in rows { values[try row.int64("account_id"), default: [:]][try row.string("field_key")] = try row.string("value") }
            return values
        }
    }

    /// The live key accounts (status qualified) the caller sees, by id.
    public func keyAccountIDs(caller: Caller) async throws -> [AccountID] {
        var sql = "SELECT a.id FROM accounts a WHERE a.deleted_at IS NULL AND a.status = 'qualified'"
        if let scope = scopeCondition(caller.policy.readScope, alias: "a", today: Clock.today(now()), engine: database.engine) { sql += " AND \(scope)" }
        let query = sql + " ORDER BY a.id"
        return try await database.read { db in try await db.raw(SQLQueryString(query)).all().map { try $0.int64("id") } }
    }

    /// The live key accounts the caller may edit (re-scoring them all): those they see, checked a
    /// thousand at a time against the edit rule.
    public func keyAccountIDs(editableBy caller: Caller) async throws -> [AccountID] {
        guard caller.policy.mayEditAnything else { return [] }
        let visible = try await keyAccountIDs(caller: caller)
        var editable: [AccountID] = []
        for start in stride(from: 0, to: visible.count, by: 1_000) {
            let batch = Array(visible[start..<min(start + 1_000, visible.count)])
            let accounts = try await database.read { db in try await Self.loadMany(db, batch) }
            editable += batch.filter { accounts[$0].map(caller.policy.canEdit) ?? false }
        }
        return editable
    }

    public func moves(of id: AccountID) async throws -> [StateMove] {
        try await database.read { db in
            try await db.raw("SELECT * FROM account_moves WHERE account_id = \(bind: id) ORDER BY id DESC").all().map { row in
                StateMove(accountID: id, field: try row.vocabulary("field", as: TrackedAccountField.self),
                          from: try row.string("from_value"), to: try row.string("to_value"), reason: try row.string("reason"),
                          actorID: try row.optionalInt64("actor_id"), at: try row.date("at"))
            }
        }
    }

    /// Audit entries about this account and the records hanging off it, newest first. Key persons'
    /// private fields (notes, personal facts) are cut from the before/after records of callers who
    /// may not see them, as they are from the person itself.
    public func history(of account: Account, caller: Caller, limit: Int = 100) async throws -> [AuditEntry] {
        let entries = try await database.read { db in
            try await db.raw("SELECT * FROM audit_log WHERE account_id = \(bind: account.id) ORDER BY id DESC LIMIT \(literal: limit)")
                .all().map(AuditLog.decode)
        }
        guard !caller.policy.canSeePrivateFields(of: account) else { return entries }
        return entries.map { entry in
            guard entry.entity == "key_person" else { return entry }
            var redacted = entry
            redacted.before = entry.before.map(Self.withoutPrivateFields)
            redacted.after = entry.after.map(Self.withoutPrivateFields)
            return redacted
        }
    }

    static func withoutPrivateFields(_ json: String) -> String {
        guard var object = (try? JSONSerialization.jsonObject(with: Data(json.utf8))) as? [String: Any] else { return "{}" }
        object.removeValue(forKey: "notes")
        object.removeValue(forKey: "facts")
        guard let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]) else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }

    /// The whole group the account belongs to (root and every descendant), as the caller may see it.
    public func tree(of id: AccountID, caller: Caller) async throws -> [AccountTreeNode] {
        let scope = scopeCondition(caller.policy.readScope, alias: "a", today: Clock.today(now()), engine: database.engine).map { " AND " + $0 } ?? ""
        return try await database.read { db in
            var root = id
            var seen: Set<AccountID> = [id]
            while let row = try await db.raw("SELECT parent_id FROM accounts WHERE id = \(bind: root)").first(),
                  let parent = try row.optionalInt64("parent_id"), seen.insert(parent).inserted {
                root = parent
            }
            // `a.id IN (…)` rather than a join: planned as a join, SQLite without statistics may
            // scan every account and probe the group, where the group is a handful of rows.
            let rows = try await db.raw("""
                WITH RECURSIVE grp(id) AS (
                    SELECT id FROM accounts WHERE id = \(bind: root)
                    UNION SELECT a.id FROM accounts a JOIN grp ON a.parent_id = grp.id)
                SELECT a.id, a.name, a.name_search, a.parent_id, a.owner_id FROM accounts a
                WHERE a.id IN (SELECT id FROM grp) AND a.deleted_at IS NULL\(unsafeRaw: scope) LIMIT 1000
                """).all()
            let visible = rows
            let names = try Dictionary(uniqueKeysWithValues: visible.map { (try $0.int64("id"), try $0.string("name")) })
            let nodes = try visible.map { (id: try $0.int64("id"), parent: try $0.optionalInt64("parent_id"), sortKey: try $0.string("name_search")) }
            return Hierarchy.treeOrder(nodes).map { AccountTreeNode(id: $0.id, name: names[$0.id] ?? "", depth: $0.depth) }
        }
    }
}
