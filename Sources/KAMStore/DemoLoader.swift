import Foundation
import KAMCore
import SQLKit

/// Loads the generated demo company in bulk: multi-row inserts in batches, one transaction and
/// one audit entry per batch (not per row), so a million key persons load in minutes.
public struct DemoLoader: Sendable {
    let database: KAMDatabase
    let now: @Sendable () -> Date

    public init(store: KAMStore) {
        database = store.database
        now = store.now
    }

    public struct Result: Sendable {
        public var accounts: Int
        public var persons: Int
        public var opportunities: Int
    }

    /// Creates the demo users (skipping usernames that exist) with one password hash for all.
    public func loadUsers(_ generator: DemoGenerator, passwordHash: String) async throws -> [String: UserID] {
        let at = now()
        return try await database.write { db in
            var ids: [String: UserID] = [:]
            for user in generator.users() {
                if let row = try await db.raw("SELECT id FROM users WHERE username = \(bind: user.username)").first() {
                    ids[user.username] = try row.int64("id")
                    continue
                }
                let managerID = user.managerUsername.flatMap { ids[$0] }
                let row = try await db.raw("""
                    INSERT INTO users (username, display_name, email, role, manager_id, locale, time_zone, active, password_hash,
                                       version, created_at, updated_at)
                    VALUES (\(bind: user.username), \(bind: user.displayName), \(bind: user.email), \(bind: user.role.rawValue),
                            \(bind: managerID), \(bind: user.locale), \(bind: user.timeZone), 1, \(bind: passwordHash), 1,
                            \(bind: Clock.millis(at)), \(bind: Clock.millis(at))) RETURNING id
                    """).first()
                ids[user.username] = try row?.int64("id")
            }
            try await AuditLog.record(db, .system, at: at, entity: "user", id: 0, action: "create",
                                      before: String?.none, after: "demo users: \(ids.count)", accountID: nil)
            return ids
        }
    }

    public func load(_ generator: DemoGenerator, accounts count: Int, perAccount: Int, userIDs: [String: UserID],
                     today: CalendarDate, batchSize: Int = 1000,
                     progress: @Sendable (Int) -> Void = { _ in }) async throws -> Result {
        let owners = generator.accountOwners().map { userIDs[$0.username] ?? 0 }
        let accounts = generator.accounts(count: count, ownerCount: owners.count)
        let baseAccount = try await nextID("accounts")
        let firstPerson = try await nextID("key_persons")
        let at = Clock.millis(now())
        let batches = stride(from: 0, to: accounts.count, by: batchSize).map { Array(accounts[$0..<min($0 + batchSize, accounts.count)]) }
        // Person ids are numbered before any person is generated, so batches can be built in parallel.
        var batchFirstPerson: [Int64] = []
        var nextPerson = firstPerson
        for batch in batches {
            batchFirstPerson.append(nextPerson)
            nextPerson += Int64(batch.reduce(0) { $0 + generator.peopleCount(forAccount: $1.index, perAccount: perAccount) })
        }
        let renderSQL = database.engine == .postgres
        let firstPersons = batchFirstPerson
        // Building a batch (generation, quoting) is Swift work; writing it is the database's.
        // Two batches are built ahead while the current one is written, so both cores stay busy.
        @Sendable func pipeline(_ write: @Sendable (BuiltBatch) async throws -> Void) async throws -> Result {
            var result = Result(accounts: 0, persons: 0, opportunities: 0)
            func build(_ index: Int) -> Task<BuiltBatch, any Error> {
                let batch = batches[index]
                return Task {
                    try Self.buildBatch(batch, baseAccount: baseAccount, firstPerson: firstPersons[index], owners: owners, generator: generator,
                                        perAccount: perAccount, today: today, at: at, renderSQL: renderSQL)
                }
            }
            var pending = batches.indices.prefix(2).map(build)
            defer { pending.forEach { $0.cancel() } }
            for index in batches.indices {
                let built = try await pending.removeFirst().value
                if index + 2 < batches.count { pending.append(build(index + 2)) }
                try await write(built)
                result.accounts += built.accounts
                result.persons += built.persons
                result.opportunities += built.opportunities
                progress(result.accounts)
            }
            return result
        }
        // SQLite: prepared statements on a bulk connection. PostgreSQL: multi-row literal INSERTs.
        if let result = try await database.withSQLiteBulk({ bulk in
            let empty = try await bulk.perform { try $0.strings("SELECT (SELECT count(*) FROM accounts) + (SELECT count(*) FROM key_persons)") }
            guard empty == ["0"] else {
                return try await pipeline { built in try await bulk.transaction { try Self.write(built, to: $0) } }
            }
            // Into empty tables: one transaction, indexes built once at the end.
            do {
                let restore = try await bulk.perform { connection -> [String] in
                    try connection.exec("BEGIN IMMEDIATE")
                    return try connection.dropIndexesAndTriggers(on: Self.loadedTables)
                }
                let result = try await pipeline { built in try await bulk.perform { try Self.write(built, to: $0) } }
                try await bulk.perform { connection in
                    for sql in restore { try connection.exec(sql) }
                    // The insert trigger that feeds the account search was dropped with the others.
                    try connection.exec("INSERT INTO accounts_search(accounts_search) VALUES ('rebuild')")
                    try connection.exec("COMMIT")
                }
                return result
            } catch {
                try? await bulk.perform { try $0.exec("ROLLBACK") }
                throw error
            }
        }) {
            return result
        }
        let result = try await pipeline { built in
            try await database.write { db in
                for statement in built.statements { try await db.raw(SQLQueryString(statement)).run() }
                try await AuditLog.record(db, .system, at: Clock.date(at), entity: "account", id: built.audit.entityID, action: "create",
                                          before: String?.none, after: built.audit.note, accountID: nil)
            }
        }
        try await database.write { db in
            for table in ["accounts", "key_persons"] {
                try await db.raw(SQLQueryString("SELECT setval(pg_get_serial_sequence('\(table)', 'id'), (SELECT max(id) FROM \(table)))")).run()
            }
        }
        return result
    }

    static let loadedTables = ["accounts", "key_persons", "employments", "portrait_assessments", "opportunities"]

    static func write(_ built: BuiltBatch, to connection: SQLiteBulkConnection) throws {
        for table in built.tables { try connection.insert(table.name, table.columns, table.rows) }
        try connection.insert("audit_log", AuditRow.columns, [built.audit.literals])
    }

    private func nextID(_ table: String) async throws -> Int64 {
        try await database.read { db in
            (try await db.raw(SQLQueryString("SELECT max(id) AS m FROM \(table)")).first()?.optionalInt64("m") ?? 0) + 1
        }
    }

    /// Account ids are `baseAccount + index`, person ids run on from `firstPerson`, so parent and
    /// manager links are known before the rows exist and no insert has to read an id back.
    static func buildBatch(_ batch: [DemoAccount], baseAccount: Int64, firstPerson: Int64, owners: [UserID],
                           generator: DemoGenerator, perAccount: Int, today: CalendarDate, at: Int64,
                           renderSQL: Bool) throws -> BuiltBatch {
        var accountRows: [[SQLLiteral]] = []
        var personRows: [[SQLLiteral]] = []
        var jobRows: [[SQLLiteral]] = []
        var assessmentRows: [[SQLLiteral]] = []
        var opportunityRows: [[SQLLiteral]] = []
        var personID = firstPerson
        for account in batch {
            let id = baseAccount + Int64(account.index)
            let owner = owners[account.ownerIndex % owners.count]
            let parent: Int64? = account.parentIndex.map { baseAccount + Int64($0) }
            accountRows.append([.int(id), .text(account.name), .text(searchKey(account.name)), .text(account.industry.rawValue),
                                .text(account.region.rawValue), .text(account.size.rawValue), .text(account.region.defaultTimeZone),
                                .init(parent), .text(account.procurementMode.rawValue), .int(owner), .init(account.website),
                                .init(account.description), .text(account.scene.rawValue), .text(account.stage.rawValue),
                                .text(account.status.rawValue), .int(1), .int(at), .int(at)])
            let people = generator.people(for: account, perAccount: perAccount)
            let firstOfAccount = personID
            for person in people {
                let manager: Int64? = person.reportsToLocalIndex.map { firstOfAccount + Int64($0) }
                personRows.append([.int(personID), .text(person.name.family), .text(person.name.given), .init(person.name.familyReading),
                                   .init(person.name.givenReading), .text(KeyPersonRepository.nameSearch(person.name)), .init(person.email),
                                   .text(Self.phonesJSON(person.phones)), .text(person.legalBasis.rawValue), .init(person.notes),
                                   .int(Int64(person.portrait.closeness)), .int(Int64(person.portrait.recognition)),
                                   .int(Int64(person.portrait.priceAcceptance)), .int(1), .int(at), .int(at)])
                jobRows.append([.int(personID), .int(id), .text(person.title), .text(person.department), .init(manager),
                                .text(person.since.description), .int(0)])
                assessmentRows.append([.int(personID), .int(Int64(person.portrait.closeness)), .int(Int64(person.portrait.recognition)),
                                       .int(Int64(person.portrait.priceAcceptance)), .text("demo data"), .int(at)])
                personID += 1
            }
            for opportunity in generator.opportunities(for: account, today: today) {
                opportunityRows.append([.text(opportunity.name), .int(id), .int(opportunity.amount.minorUnits),
                                        .text(opportunity.amount.currency), .text(opportunity.stage.rawValue),
                                        .text(opportunity.expectedClose.description), .int(owners[opportunity.ownerIndex % owners.count]),
                                        .int(1), .int(at), .int(at)])
            }
        }
        let tables = [
            BatchTable(name: "accounts", columns: "id, name, name_search, industry, region, size, time_zone, parent_id, procurement_mode, owner_id, website, description, scene, stage, status, version, created_at, updated_at", rows: accountRows),
            BatchTable(name: "key_persons", columns: "id, family_name, given_name, family_reading, given_reading, name_search, email, phones, legal_basis, notes, closeness, recognition, price_acceptance, version, created_at, updated_at", rows: personRows),
            BatchTable(name: "employments", columns: "person_id, account_id, title, department, reports_to_id, from_date, position", rows: jobRows),
            BatchTable(name: "portrait_assessments", columns: "person_id, closeness, recognition, price_acceptance, evidence, assessed_at", rows: assessmentRows),
            BatchTable(name: "opportunities", columns: "name, account_id, amount_minor, currency, stage, expected_close, owner_id, version, created_at, updated_at", rows: opportunityRows),
        ]
        let note = "demo batch: \(batch.count) accounts, \(personRows.count) key persons"
        return BuiltBatch(tables: renderSQL ? [] : tables,
                          statements: renderSQL ? tables.flatMap { insertStatements($0.name, $0.columns, $0.rows) } : [],
                          accounts: batch.count, persons: personRows.count, opportunities: opportunityRows.count,
                          audit: AuditRow(entityID: baseAccount + Int64(batch.first?.index ?? 0), at: at, note: note,
                                          noteJSON: try JSONText.encode(note)))
    }

    static func insert(_ db: any SQLDatabase, _ table: String, _ columns: String, _ rows: [[SQLLiteral]]) async throws {
        for statement in insertStatements(table, columns, rows) { try await db.raw(SQLQueryString(statement)).run() }
    }

    /// Multi-row INSERT written as SQL text. Binding a million rows value by value through the
    /// drivers' encoders costs more than the database's own work, so values are rendered as
    /// literals (`SQLLiteral` quotes text the SQL-standard way); statements stay under ~4 MB.
    static func insertStatements(_ table: String, _ columns: String, _ rows: [[SQLLiteral]]) -> [String] {
        var statements: [String] = []
        var sql = ""
        for row in rows {
            if sql.isEmpty {
                sql.reserveCapacity(1 << 20)
                sql = "INSERT INTO \(table) (\(columns)) VALUES "
            } else {
                sql += ", "
            }
            sql += "("
            for (j, value) in row.enumerated() {
                if j > 0 { sql += ", " }
                value.write(to: &sql)
            }
            sql += ")"
            if sql.utf8.count > 4 << 20 {
                statements.append(sql)
                sql = ""
            }
        }
        if !sql.isEmpty { statements.append(sql) }
        return statements
    }
}

extension DemoLoader {
    /// The phones column as `JSONEncoder` would write it (sorted keys), without its per-call cost.
    static func phonesJSON(_ phones: [Phone]) -> String {
        "[" + phones.map { "{\"label\":\(jsonString($0.label)),\"number\":\(jsonString($0.number))}" }.joined(separator: ",") + "]"
    }

    static func jsonString(_ text: String) -> String {
        if !text.utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) {
            return "\"" + text + "\""
        }
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20: out += String(format: "\\u%04x", scalar.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}

/// One batch of rows, built off the database's thread: as rows to bind (SQLite) or as SQL text
/// (PostgreSQL).
struct BuiltBatch: Sendable {
    var tables: [BatchTable]
    var statements: [String]
    var accounts: Int
    var persons: Int
    var opportunities: Int
    var audit: AuditRow
}

struct BatchTable: Sendable {
    var name: String
    var columns: String
    var rows: [[SQLLiteral]]
}

/// The one audit entry a batch writes (not one per row), as the system actor.
struct AuditRow: Sendable {
    var entityID: Int64
    var at: Int64
    var note: String
    var noteJSON: String

    static let columns = "actor_id, actor_name, at, entity, entity_id, action, before_json, after_json, account_id"
    var literals: [SQLLiteral] {
        [SQLLiteral(Actor.system.userID), .text(Actor.system.name), .int(at), .text("account"), .int(entityID), .text("create"),
         .null, .text(noteJSON), .null]
    }
}

/// A value written into SQL text by the bulk loader: integers as digits, text single-quoted with
/// quotes doubled (valid on both engines; PostgreSQL's standard_conforming_strings is on by
/// default, so backslashes are plain characters). NUL cannot be stored in either engine's text.
enum SQLLiteral: Sendable {
    case int(Int64), text(String), null

    init(_ value: String?) { self = value.map { .text($0) } ?? .null }
    init(_ value: Int64?) { self = value.map { .int($0) } ?? .null }

    func write(to sql: inout String) {
        switch self {
        case .null: sql += "NULL"
        case .int(let i): sql += String(i)
        case .text(let t):
            sql += "'"
            if t.utf8.contains(UInt8(ascii: "'")) || t.utf8.contains(0) {
                sql += t.replacingOccurrences(of: "\u{0}", with: "").replacingOccurrences(of: "'", with: "''")
            } else {
                sql += t
            }
            sql += "'"
        }
    }
}
