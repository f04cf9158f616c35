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
                     today: CalendarDate, batchSize: Int = 250,
                     progress: @Sendable (Int) -> Void = { _ in }) async throws -> Result {
        let owners = generator.accountOwners().map { userIDs[$0.username] ?? 0 }
        let accounts = generator.accounts(count: count, ownerCount: owners.count)
        var result = Result(accounts: 0, persons: 0, opportunities: 0)
        let baseAccount = try await nextID("accounts")
        var nextPerson = try await nextID("key_persons")
        let at = Clock.millis(now())
        // Building a batch's SQL (generation, quoting) is Swift work; running it is the database's.
        // The next batch is built while the current one is written, so the two cores share the load.
        let batches = stride(from: 0, to: accounts.count, by: batchSize).map { Array(accounts[$0..<min($0 + batchSize, accounts.count)]) }
        func build(_ index: Int, firstPerson: Int64) -> Task<BuiltBatch, any Error> {
            let batch = batches[index]
            return Task {
                try Self.buildBatch(batch, baseAccount: baseAccount, firstPerson: firstPerson, owners: owners, generator: generator,
                                    perAccount: perAccount, today: today, at: at)
            }
        }
        var pending = batches.isEmpty ? nil : build(0, firstPerson: nextPerson)
        for index in batches.indices {
            guard let built = try await pending?.value else { break }
            nextPerson += Int64(built.persons)
            pending = index + 1 < batches.count ? build(index + 1, firstPerson: nextPerson) : nil
            try await database.write { db in
                for statement in built.statements { try await db.raw(SQLQueryString(statement)).run() }
                try await AuditLog.record(db, .system, at: Clock.date(at), entity: "account", id: built.firstAccountID, action: "create",
                                          before: String?.none, after: built.auditNote, accountID: nil)
            }
            result.accounts += built.accounts
            result.persons += built.persons
            result.opportunities += built.opportunities
            progress(result.accounts)
        }
        if database.engine == .postgres {
            try await database.write { db in
                for table in ["accounts", "key_persons"] {
                    try await db.raw(SQLQueryString("SELECT setval(pg_get_serial_sequence('\(table)', 'id'), (SELECT max(id) FROM \(table)))")).run()
                }
            }
        }
        return result
    }

    private func nextID(_ table: String) async throws -> Int64 {
        try await database.read { db in
            (try await db.raw(SQLQueryString("SELECT max(id) AS m FROM \(table)")).first()?.optionalInt64("m") ?? 0) + 1
        }
    }

    /// Account ids are `baseAccount + index`, person ids run on from `firstPerson`, so parent and
    /// manager links are known before the rows exist and no insert has to read an id back.
    static func buildBatch(_ batch: [DemoAccount], baseAccount: Int64, firstPerson: Int64, owners: [UserID],
                           generator: DemoGenerator, perAccount: Int, today: CalendarDate, at: Int64) throws -> BuiltBatch {
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
        var statements: [String] = []
        statements += insertStatements("accounts", "id, name, name_search, industry, region, size, time_zone, parent_id, procurement_mode, owner_id, website, description, scene, stage, status, version, created_at, updated_at", accountRows)
        statements += insertStatements("key_persons", "id, family_name, given_name, family_reading, given_reading, name_search, email, phones, legal_basis, notes, closeness, recognition, price_acceptance, version, created_at, updated_at", personRows)
        statements += insertStatements("employments", "person_id, account_id, title, department, reports_to_id, from_date, position", jobRows)
        statements += insertStatements("portrait_assessments", "person_id, closeness, recognition, price_acceptance, evidence, assessed_at", assessmentRows)
        statements += insertStatements("opportunities", "name, account_id, amount_minor, currency, stage, expected_close, owner_id, version, created_at, updated_at", opportunityRows)
        return BuiltBatch(statements: statements, firstAccountID: baseAccount + Int64(batch.first?.index ?? 0), accounts: batch.count,
                          persons: personRows.count, opportunities: opportunityRows.count,
                          auditNote: "demo batch: \(batch.count) accounts, \(personRows.count) key persons")
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

/// One batch's SQL, built off the database's thread.
struct BuiltBatch: Sendable {
    var statements: [String]
    var firstAccountID: Int64
    var accounts: Int
    var persons: Int
    var opportunities: Int
    var auditNote: String
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
