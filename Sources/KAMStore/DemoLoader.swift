import Foundation
import KAMCore
import Logging
import NIOCore
import PostgresKit
import SQLKit

/// Loads the generated demo company in bulk: prepared statements on SQLite, COPY on PostgreSQL,
/// one audit entry per batch (not per row). Into empty tables the whole load is one transaction
/// and the indexes are built once at the end.
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
        /// Rows written in all tables (accounts, people and what hangs off them, search pieces, audit).
        public var rows = 0
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

    /// Loads `count` generated accounts with their people and opportunities in one transaction:
    /// all of it lands or none. The first ids are read inside that transaction (SQLite's writer
    /// lock, a table lock on PostgreSQL), so a server writing meanwhile cannot take the same ids.
    public func load(_ generator: DemoGenerator, accounts count: Int, perAccount: Int, userIDs: [String: UserID],
                     today: CalendarDate, batchSize: Int = 1000,
                     progress: @escaping @Sendable (Int) -> Void = { _ in }) async throws -> Result {
        let owners = generator.accountOwners().map { userIDs[$0.username] ?? 0 }
        let plan = LoadPlan(generator: generator, accounts: generator.accounts(count: count, ownerCount: owners.count), owners: owners,
                            perAccount: perAccount, today: today, at: Clock.millis(now()), batchSize: batchSize,
                            copyFormat: database.engine == .postgres, progress: progress)
        if let result = try await database.withSQLiteBulk({ bulk in try await Self.loadSQLite(plan, bulk) }) {
            return result
        }
        let logger = database.logger
        let result = try await database.withPostgresTransaction { connection in
            let sql = connection.sql(queryLogLevel: nil)
            try await sql.raw("LOCK TABLE accounts, key_persons IN EXCLUSIVE MODE").run()
            let first = try await sql.raw("""
                SELECT (SELECT coalesce(max(id), 0) FROM accounts) AS a, (SELECT coalesce(max(id), 0) FROM key_persons) AS p
                """).first()
            let baseAccount = try (first?.int64("a") ?? 0) + 1, firstPerson = try (first?.int64("p") ?? 0) + 1
            // Into empty tables the indexes and foreign keys are built once, at the end.
            var restore: [String] = []
            if baseAccount == 1 && firstPerson == 1 {
                try await sql.raw("SET LOCAL maintenance_work_mem = '256MB'").run()
                restore = try await Self.dropPostgresIndexesAndForeignKeys(sql, on: Self.loadedTables)
            }
            let result = try await plan.run(baseAccount: baseAccount, firstPerson: firstPerson) { built in
                try await Self.copy(built, to: connection, logger: logger)
            }
            for statement in restore { try await sql.raw(SQLQueryString(statement)).run() }
            for table in ["accounts", "key_persons"] {
                try await sql.raw(SQLQueryString("SELECT setval(pg_get_serial_sequence('\(table)', 'id'), (SELECT max(id) FROM \(table)))")).run()
            }
            return result
        } ?? Result(accounts: 0, persons: 0, opportunities: 0)
        // Fresh statistics, so the planner sees the loaded tables as they are now rather than when
        // autovacuum next gets round to them (which would change plans under users' feet).
        try await database.write { db in
            try await db.raw(SQLQueryString("ANALYZE " + Self.loadedTables.joined(separator: ", "))).run()
        }
        return result
    }

    private static func loadSQLite(_ plan: LoadPlan, _ bulk: SQLiteBulkConnection) async throws -> Result {
        do {
            let (baseAccount, firstPerson, restore) = try await bulk.perform { connection -> (Int64, Int64, [String]) in
                try connection.exec("BEGIN IMMEDIATE")
                let first = try connection.strings("""
                    SELECT (SELECT coalesce(max(id), 0) FROM accounts) || ' ' || (SELECT coalesce(max(id), 0) FROM key_persons)
                    """).first?.split(separator: " ").compactMap { Int64($0) } ?? []
                let (account, person) = (first.first ?? 0, first.last ?? 0)
                // Into empty tables the indexes (and the search trigger) are built once, at the end.
                let restore = account == 0 && person == 0 ? try connection.dropIndexesAndTriggers(on: Self.loadedTables) : []
                return (account + 1, person + 1, restore)
            }
            let result = try await plan.run(baseAccount: baseAccount, firstPerson: firstPerson) { built in
                try await bulk.perform { try Self.write(built, to: $0) }
            }
            try await bulk.perform { connection in
                for sql in restore { try connection.exec(sql) }
                // The insert trigger that feeds the account search was dropped with the others.
                if !restore.isEmpty { try connection.exec("INSERT INTO accounts_search(accounts_search) VALUES ('rebuild')") }
                try connection.exec("COMMIT")
            }
            return result
        } catch {
            try? await bulk.perform { try $0.exec("ROLLBACK") }
            throw error
        }
    }

    static func copy(_ built: BuiltBatch, to connection: PostgresConnection, logger: Logger) async throws {
        for (table, text) in zip(built.tables, built.copyTexts) where !table.rows.isEmpty {
            try await connection.copyFrom(table: table.name, columns: table.columns.components(separatedBy: ", "),
                                          format: .text(.init()), logger: logger) { writer in
                try await writer.write(ByteBuffer(string: text))
            }
        }
        try await AuditLog.record(connection.sql(queryLogLevel: nil), .system, at: Clock.date(built.audit.at), entity: "account",
                                  id: built.audit.entityID, action: "create", before: String?.none, after: built.audit.note, accountID: nil)
    }

    /// PostgreSQL's counterpart of `SQLiteBulkConnection.dropIndexesAndTriggers`: drops the
    /// foreign keys of `tables` and their indexes that back no constraint, and returns the SQL that
    /// restores them (indexes first, then the keys, each checked once by a join instead of row by
    /// row, as pg_restore does). Call inside the load's transaction.
    static func dropPostgresIndexesAndForeignKeys(_ sql: any SQLDatabase, on tables: [String]) async throws -> [String] {
        let keys = try await sql.raw("""
            SELECT c.conrelid::regclass::text AS owner, c.conname, pg_get_constraintdef(c.oid) AS definition
            FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid
            WHERE c.contype = 'f' AND t.relnamespace = current_schema()::regnamespace AND t.relname IN (\(binds: tables))
            ORDER BY c.conname
            """).all()
        let indexes = try await sql.raw("""
            SELECT i.indexname, i.indexdef FROM pg_indexes i
            WHERE i.schemaname = current_schema() AND i.tablename IN (\(binds: tables))
              AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = format('%I.%I', i.schemaname, i.indexname)::regclass)
            ORDER BY i.indexname
            """).all()
        var restore: [String] = []
        var foreignKeys: [String] = []
        for row in keys {
            let owner = try row.string("owner"), name = quoted(try row.string("conname"))
            try await sql.raw(SQLQueryString("ALTER TABLE \(owner) DROP CONSTRAINT \(name)")).run()
            foreignKeys.append("ALTER TABLE \(owner) ADD CONSTRAINT \(name) \(try row.string("definition"))")
        }
        for row in indexes {
            try await sql.raw(SQLQueryString("DROP INDEX \(quoted(try row.string("indexname")))")).run()
            restore.append(try row.string("indexdef"))
        }
        return restore + foreignKeys
    }

    private static func quoted(_ identifier: String) -> String {
        "\"" + identifier.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    static let loadedTables = ["accounts", "account_name_grams", "key_persons", "employments", "personal_facts", "portrait_assessments",
                               "opportunities"]

    static func write(_ built: BuiltBatch, to connection: SQLiteBulkConnection) throws {
        for table in built.tables { try connection.insert(table.name, table.columns, table.rows) }
        try connection.insert("audit_log", AuditRow.columns, [built.audit.literals])
    }


    /// Account ids are `baseAccount + index`, person ids run on from `firstPerson`, so parent and
    /// manager links are known before the rows exist and no insert has to read an id back.
    static func buildBatch(_ batch: [DemoAccount], baseAccount: Int64, firstPerson: Int64, owners: [UserID],
                           generator: DemoGenerator, perAccount: Int, today: CalendarDate, at: Int64,
                           copyFormat: Bool) throws -> BuiltBatch {
        var accountRows: [[BulkValue]] = []
        var personRows: [[BulkValue]] = []
        var jobRows: [[BulkValue]] = []
        var assessmentRows: [[BulkValue]] = []
        var factRows: [[BulkValue]] = []
        var gramRows: [[BulkValue]] = []
        var opportunityRows: [[BulkValue]] = []
        var personID = firstPerson
        for account in batch {
            let id = baseAccount + Int64(account.index)
            let owner = owners[account.ownerIndex % owners.count]
            let parent: Int64? = account.parentIndex.map { baseAccount + Int64($0) }
            let key = searchKey(account.name)
            for gram in nameBigrams(key) { gramRows.append([.text(gram), .int(id)]) }
            accountRows.append([.int(id), .text(account.name), .text(key), .text(account.industry.rawValue),
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
                for (position, fact) in person.facts.enumerated() {
                    factRows.append([.int(personID), .text(fact.kind.rawValue), .text(fact.value), .text(fact.source),
                                     .text(fact.recordedOn.description), .int(Int64(position))])
                }
                assessmentRows.append([.int(personID), .int(Int64(person.portrait.closeness)), .int(Int64(person.portrait.recognition)),
                                       .int(Int64(person.portrait.priceAcceptance)), .text("demo data"), .int(at), .int(id)])
                personID += 1
            }
            for opportunity in generator.opportunities(for: account, today: today) {
                // Found a few weeks to months before it closed (or before today while open): cycle times to show.
                let closed = opportunity.stage.isClosed
                let foundOn = (closed ? opportunity.expectedClose : today).adding(days: -(20 + (opportunity.localIndex * 37 + Int(id)) % 160))
                opportunityRows.append([.text(opportunity.name), .int(id), .int(opportunity.amount.minorUnits),
                                        .text(opportunity.amount.currency), .text(opportunity.stage.rawValue),
                                        .text(opportunity.expectedClose.description), .int(owners[opportunity.ownerIndex % owners.count]),
                                        .int(1), .int(at), .int(at), .text(SalesProcess.standard.track(for: opportunity.amount).rawValue),
                                        .text(foundOn.description), closed ? .text(opportunity.expectedClose.description) : .null])
            }
        }
        let tables = [
            BatchTable(name: "accounts", columns: "id, name, name_search, industry, region, size, time_zone, parent_id, procurement_mode, owner_id, website, description, scene, stage, status, version, created_at, updated_at", rows: accountRows),
            BatchTable(name: "key_persons", columns: "id, family_name, given_name, family_reading, given_reading, name_search, email, phones, legal_basis, notes, closeness, recognition, price_acceptance, version, created_at, updated_at", rows: personRows),
            BatchTable(name: "employments", columns: "person_id, account_id, title, department, reports_to_id, from_date, position", rows: jobRows),
            BatchTable(name: "account_name_grams", columns: "gram, account_id", rows: gramRows),
            BatchTable(name: "personal_facts", columns: "person_id, kind, value, source, recorded_on, position", rows: factRows),
            BatchTable(name: "portrait_assessments", columns: "person_id, closeness, recognition, price_acceptance, evidence, assessed_at, account_id",
                       rows: assessmentRows),
            BatchTable(name: "opportunities", columns: "name, account_id, amount_minor, currency, stage, expected_close, owner_id, version, created_at, updated_at, track, found_on, closed_on", rows: opportunityRows),
        ]
        let note = "demo batch: \(batch.count) accounts, \(personRows.count) key persons"
        return BuiltBatch(tables: tables, copyTexts: copyFormat ? tables.map(\.copyText) : [], accounts: batch.count,
                          persons: personRows.count, opportunities: opportunityRows.count,
                          audit: AuditRow(entityID: baseAccount + Int64(batch.first?.index ?? 0), at: at, note: note,
                                          noteJSON: try JSONText.encode(note)))
    }
}

extension DemoLoader {
    /// The phones column as `JSONEncoder` would write it (sorted keys), without its per-call cost.
    static func phonesJSON(_ phones: [Phone]) -> String {
        "[" + phones.map { "{\"label\":\(jsonString($0.label)),\"number\":\(jsonString($0.number))}" }.joined(separator: ",") + "]"
    }

    static func jsonString(_ text: String) -> String { JSONText.quoted(text) }
}

/// What one load writes, cut into batches. Person ids are numbered before anyone is generated,
/// so batches can be built in parallel once the first ids are known.
struct LoadPlan: Sendable {
    let generator: DemoGenerator
    let accounts: [DemoAccount]
    let owners: [UserID]
    let perAccount: Int
    let today: CalendarDate
    let at: Int64
    let batchSize: Int
    let copyFormat: Bool
    let progress: @Sendable (Int) -> Void

    /// Builds each batch (generation, quoting: Swift work) while the one before is written (the
    /// database's work), two batches ahead, so both cores stay busy.
    func run(baseAccount: Int64, firstPerson: Int64, write: @Sendable (BuiltBatch) async throws -> Void) async throws -> DemoLoader.Result {
        let batches = stride(from: 0, to: accounts.count, by: batchSize).map { Array(accounts[$0..<min($0 + batchSize, accounts.count)]) }
        var firstPersons: [Int64] = []
        var nextPerson = firstPerson
        for batch in batches {
            firstPersons.append(nextPerson)
            nextPerson += Int64(batch.reduce(0) { $0 + generator.peopleCount(forAccount: $1.index, perAccount: perAccount) })
        }
        func build(_ index: Int) -> Task<BuiltBatch, any Error> {
            let (batch, first) = (batches[index], firstPersons[index])
            return Task {
                try DemoLoader.buildBatch(batch, baseAccount: baseAccount, firstPerson: first, owners: owners, generator: generator,
                                          perAccount: perAccount, today: today, at: at, copyFormat: copyFormat)
            }
        }
        var result = DemoLoader.Result(accounts: 0, persons: 0, opportunities: 0)
        var pending = batches.indices.prefix(2).map(build)
        defer { pending.forEach { $0.cancel() } }
        for index in batches.indices {
            let built = try await pending.removeFirst().value
            if index + 2 < batches.count { pending.append(build(index + 2)) }
            try await write(built)
            result.accounts += built.accounts
            result.persons += built.persons
            result.opportunities += built.opportunities
            result.rows += built.tables.reduce(1) { $0 + $1.rows.count }
            progress(result.accounts)
        }
        return result
    }
}

/// One batch of rows, built off the database's thread: as rows to bind (SQLite) or as SQL text
/// (PostgreSQL).
struct BuiltBatch: Sendable {
    var tables: [BatchTable]
    /// PostgreSQL only: each table's rows in COPY's text format.
    var copyTexts: [String]
    var accounts: Int
    var persons: Int
    var opportunities: Int
    var audit: AuditRow
}

struct BatchTable: Sendable {
    var name: String
    var columns: String
    var rows: [[BulkValue]]

    /// The rows in COPY's text format: tab-separated, one line per row, `\\N` for NULL.
    var copyText: String {
        var text = ""
        text.reserveCapacity(rows.count * 128)
        for row in rows {
            for (index, value) in row.enumerated() {
                if index > 0 { text += "\t" }
                value.writeCopyText(to: &text)
            }
            text += "\n"
        }
        return text
    }
}

/// The one audit entry a batch writes (not one per row), as the system actor.
struct AuditRow: Sendable {
    var entityID: Int64
    var at: Int64
    var note: String
    var noteJSON: String

    static let columns = "actor_id, actor_name, at, entity, entity_id, action, before_json, after_json, account_id"
    var literals: [BulkValue] {
        [BulkValue(Actor.system.userID), .text(Actor.system.name), .int(at), .text("account"), .int(entityID), .text("create"),
         .null, .text(noteJSON), .null]
    }
}

/// A value the bulk loader writes: bound to a prepared statement on SQLite, written as COPY text
/// on PostgreSQL (which cannot store NUL in text, so NUL is dropped there).
enum BulkValue: Sendable {
    case int(Int64), text(String), null

    init(_ value: String?) { self = value.map { .text($0) } ?? .null }
    init(_ value: Int64?) { self = value.map { .int($0) } ?? .null }

    func writeCopyText(to text: inout String) {
        switch self {
        case .null: text += "\\N"
        case .int(let number): text += String(number)
        case .text(let value):
            guard value.utf8.contains(where: { $0 == UInt8(ascii: "\\") || $0 < 0x20 }) else {
                text += value
                return
            }
            for scalar in value.unicodeScalars {
                switch scalar {
                case "\\": text += "\\\\"
                case "\t": text += "\\t"
                case "\n": text += "\\n"
                case "\r": text += "\\r"
                case "\u{0}": break
                default: text.unicodeScalars.append(scalar)
                }
            }
        }
    }

}
