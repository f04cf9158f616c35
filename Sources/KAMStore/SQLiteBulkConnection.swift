import CSQLiteBulk
import NIOPosix

struct SQLiteBulkError: Error, CustomStringConvertible {
    let description: String
}

/// A raw SQLite connection for bulk loads: one prepared statement per table, reused for every row.
/// SQLiteNIO prepares each statement anew, which at a million rows costs more than the inserts.
///
/// `@unchecked Sendable` because the handle is not thread-safe on its own: it is only ever used
/// by one task at a time (the bulk loader holds the database's writer lock for the connection's
/// whole life; a read-only one is taken out of `SQLiteRowReaders` and put back only when its read
/// is done), and each call blocks that task until the pool thread is done, so no two threads
/// touch it at once.
final class SQLiteBulkConnection: @unchecked Sendable {
    private let handle: OpaquePointer
    private var statements: [String: OpaquePointer] = [:]

    private init(handle: OpaquePointer) {
        self.handle = handle
    }

    /// Opens `path` with the settings every KAM connection has, plus a large page cache, no
    /// automatic checkpoints while loading (one checkpoint at the end instead of hundreds) and a
    /// second sorter thread for building indexes.
    static func open(path: String) throws -> SQLiteBulkConnection {
        var raw: OpaquePointer?
        let status = sqlite_nio_sqlite3_open_v2(path, &raw, Int32(KAM_SQLITE_OPEN_READWRITE | KAM_SQLITE_OPEN_NOMUTEX), nil)
        guard let raw else { throw SQLiteBulkError(description: "cannot open \(path) for bulk loading (status \(status))") }
        let connection = SQLiteBulkConnection(handle: raw)
        guard status == KAM_SQLITE_OK else {
            let message = connection.lastError
            connection.close()
            throw SQLiteBulkError(description: "cannot open \(path) for bulk loading: \(message)")
        }
        do {
            try connection.exec("""
                PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 10000; PRAGMA synchronous = FULL;
                PRAGMA cache_size = -262144; PRAGMA wal_autocheckpoint = 0; PRAGMA threads = 2
                """)
        } catch {
            connection.close()
            throw error
        }
        return connection
    }

    /// A read-only connection for the few reads of tens of thousands of rows (an account's
    /// connections): statements prepared once per connection, cells read without a Swift value
    /// per column.
    static func openReader(path: String) throws -> SQLiteBulkConnection {
        var raw: OpaquePointer?
        let status = sqlite_nio_sqlite3_open_v2(path, &raw, Int32(KAM_SQLITE_OPEN_READONLY | KAM_SQLITE_OPEN_NOMUTEX), nil)
        guard let raw else { throw SQLiteBulkError(description: "cannot open \(path) for reading (status \(status))") }
        let connection = SQLiteBulkConnection(handle: raw)
        do {
            guard status == KAM_SQLITE_OK else { throw SQLiteBulkError(description: "cannot open \(path) for reading: \(connection.lastError)") }
            try connection.exec("PRAGMA busy_timeout = 10000; PRAGMA mmap_size = 1073741824")
        } catch {
            connection.close()
            throw error
        }
        return connection
    }

    /// One row of `rows`: its cells, read where SQLite keeps them.
    struct RawRow {
        fileprivate let statement: OpaquePointer

        func int(_ column: Int32) -> Int64? {
            sqlite_nio_sqlite3_column_type(statement, column) == Int32(KAM_SQLITE_NULL) ? nil : sqlite_nio_sqlite3_column_int64(statement, column)
        }

        func text(_ column: Int32) -> String? {
            sqlite_nio_sqlite3_column_text(statement, column).map { String(cString: $0) }
        }

        /// The text's bytes, valid until the next step: for matching codes without making a String.
        func bytes(_ column: Int32) -> UnsafeBufferPointer<UInt8>? {
            guard let start = sqlite_nio_sqlite3_column_text(statement, column) else { return nil }
            return UnsafeBufferPointer(start: start, count: Int(sqlite_nio_sqlite3_column_bytes(statement, column)))
        }
    }

    /// Runs `sql` with whole-number `binds` (?1, ?2, …) and hands each row to `body`. `cached`:
    /// keep the prepared statement for the next call; pass false for text that varies (ids written
    /// into it), which would otherwise pile up statements.
    func rows(_ sql: String, _ binds: [Int64] = [], cached: Bool = true, _ body: (RawRow) throws -> Void) throws {
        let statement = try cached ? prepared(sql) : preparedOnce(sql)
        defer {
            if cached { sqlite_nio_sqlite3_reset(statement) } else { sqlite_nio_sqlite3_finalize(statement) }
        }
        for (index, value) in binds.enumerated() { sqlite_nio_sqlite3_bind_int64(statement, Int32(index + 1), value) }
        let row = RawRow(statement: statement)
        while true {
            switch sqlite_nio_sqlite3_step(statement) {
            case Int32(KAM_SQLITE_ROW): try body(row)
            case Int32(KAM_SQLITE_DONE): return
            default: throw SQLiteBulkError(description: lastError)
            }
        }
    }

    var lastError: String {
        sqlite_nio_sqlite3_errmsg(handle).map { String(cString: $0) } ?? "unknown SQLite error"
    }

    func exec(_ sql: String) throws {
        guard sqlite_nio_sqlite3_exec(handle, sql, nil, nil, nil) == KAM_SQLITE_OK else {
            throw SQLiteBulkError(description: lastError)
        }
    }

    /// Runs `body` on a thread-pool thread (SQLite calls block), in whatever transaction is open.
    func perform<R: Sendable>(_ body: @escaping @Sendable (SQLiteBulkConnection) throws -> R) async throws -> R {
        try await NIOThreadPool.singleton.runIfActive { try body(self) }
    }

    /// Runs `body` in one write transaction of its own.
    func transaction(_ body: @escaping @Sendable (SQLiteBulkConnection) throws -> Void) async throws {
        try await perform { connection in
            try connection.exec("BEGIN IMMEDIATE")
            do {
                try body(connection)
                try connection.exec("COMMIT")
            } catch {
                try? connection.exec("ROLLBACK")
                throw error
            }
        }
    }

    /// The first column of every row `sql` returns, as text.
    func strings(_ sql: String) throws -> [String] {
        let statement = try prepared(sql)
        defer { sqlite_nio_sqlite3_reset(statement) }
        var values: [String] = []
        while true {
            switch sqlite_nio_sqlite3_step(statement) {
            case Int32(KAM_SQLITE_ROW): values.append(sqlite_nio_sqlite3_column_text(statement, 0).map { String(cString: $0) } ?? "")
            case Int32(KAM_SQLITE_DONE): return values
            default: throw SQLiteBulkError(description: lastError)
            }
        }
    }

    /// Every row of `sql` as `columns` whole numbers, one row after another (NULL as `Int64.min`):
    /// a whole-database read of millions of rows without a Swift value per cell.
    func integers(_ sql: String, columns: Int) throws -> [Int64] {
        let statement = try prepared(sql)
        defer { sqlite_nio_sqlite3_reset(statement) }
        var values: [Int64] = []
        while true {
            switch sqlite_nio_sqlite3_step(statement) {
            case Int32(KAM_SQLITE_ROW):
                for column in 0..<Int32(columns) {
                    values.append(sqlite_nio_sqlite3_column_type(statement, column) == Int32(KAM_SQLITE_NULL)
                                  ? Int64.min : sqlite_nio_sqlite3_column_int64(statement, column))
                }
            case Int32(KAM_SQLITE_DONE): return values
            default: throw SQLiteBulkError(description: lastError)
            }
        }
    }

    /// Drops the secondary indexes and triggers of `tables` and returns the SQL that recreates
    /// them. Filling empty tables first and building each index once at the end, by sorting, is
    /// several times faster than updating every index row by row (pg_restore loads the same way).
    /// Call inside the load's transaction, so a failed load leaves the schema as it was.
    func dropIndexesAndTriggers(on tables: [String]) throws -> [String] {
        let names = tables.map { "'\($0)'" }.joined(separator: ", ")
        let objects = try strings("""
            SELECT type || ' ' || name FROM sqlite_master
            WHERE type IN ('index', 'trigger') AND sql IS NOT NULL AND tbl_name IN (\(names)) ORDER BY type, name
            """)
        let recreate = try strings("""
            SELECT sql FROM sqlite_master
            WHERE type IN ('index', 'trigger') AND sql IS NOT NULL AND tbl_name IN (\(names)) ORDER BY type, name
            """)
        for object in objects {
            let parts = object.split(separator: " ", maxSplits: 1)
            try exec("DROP \(parts[0].uppercased()) \"\(parts[1])\"")
        }
        return recreate
    }

    /// Inserts `rows` into `table`; every row has one value per column in `columns`. Rows go in
    /// groups of up to `rowsPerStatement` per INSERT: one statement step per row costs as much
    /// VDBE set-up as the row itself, a multi-row VALUES list pays it once per group.
    func insert(_ table: String, _ columns: String, _ rows: [[BulkValue]]) throws {
        guard let width = rows.first?.count, width > 0 else { return }
        let groupSize = max(1, min(Self.rowsPerStatement, Self.variablesPerStatement / width))
        let placeholders = "(" + Array(repeating: "?", count: width).joined(separator: ", ") + ")"
        let insert = "INSERT INTO \(table) (\(columns)) VALUES "
        var start = rows.startIndex
        while start < rows.endIndex {
            let count = rows.endIndex - start >= groupSize ? groupSize : 1
            let statement = try prepared(insert + Array(repeating: placeholders, count: count).joined(separator: ", "))
            for (offset, row) in rows[start..<(start + count)].enumerated() {
                try bind(row, to: statement, from: Int32(offset * width + 1), table: table)
            }
            guard sqlite_nio_sqlite3_step(statement) == KAM_SQLITE_DONE else {
                let message = lastError
                sqlite_nio_sqlite3_reset(statement)
                throw SQLiteBulkError(description: "\(table): \(message)")
            }
            sqlite_nio_sqlite3_reset(statement)
            start += count
        }
    }

    static let rowsPerStatement = 64
    /// Well under SQLite's limit on bound variables per statement (32,766 since 3.32).
    static let variablesPerStatement = 4096

    private func bind(_ row: [BulkValue], to statement: OpaquePointer, from first: Int32, table: String) throws {
        var index = first
        for value in row {
            let status: Int32
            switch value {
            case .null: status = sqlite_nio_sqlite3_bind_null(statement, index)
            case .int(let number): status = sqlite_nio_sqlite3_bind_int64(statement, index, number)
            case .text(var text):
                status = text.withUTF8 { bytes in
                    bytes.withMemoryRebound(to: CChar.self) {
                        kam_sqlite_bind_text_copy(statement, index, $0.baseAddress, Int32($0.count))
                    }
                }
            }
            guard status == KAM_SQLITE_OK else { throw SQLiteBulkError(description: "\(table): \(lastError)") }
            index += 1
        }
    }

    private func preparedOnce(_ sql: String) throws -> OpaquePointer {
        var statement: OpaquePointer?
        guard sqlite_nio_sqlite3_prepare_v2(handle, sql, -1, &statement, nil) == KAM_SQLITE_OK, let statement else {
            throw SQLiteBulkError(description: lastError)
        }
        return statement
    }

    private func prepared(_ sql: String) throws -> OpaquePointer {
        if let statement = statements[sql] { return statement }
        let statement = try preparedOnce(sql)
        statements[sql] = statement
        return statement
    }

    /// Writes the WAL back into the database file, finalises the statements and closes.
    func finish() async {
        _ = try? await NIOThreadPool.singleton.runIfActive {
            try? self.exec("PRAGMA wal_checkpoint(TRUNCATE)")
        }
        close()
    }

    func close() {
        for statement in statements.values { sqlite_nio_sqlite3_finalize(statement) }
        statements = [:]
        sqlite_nio_sqlite3_close_v2(handle)
    }
}
