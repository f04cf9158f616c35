// AsyncKit's pools predate Sendable annotations; EventLoopGroupConnectionPool guards its state
// with a lock and hops to its event loops, so sharing it across tasks is safe.
@preconcurrency import AsyncKit
import Foundation
import Synchronization
import Logging
import NIOCore
import NIOPosix
import PostgresKit
import SQLKit
import SQLiteKit
import SQLiteNIO

public enum DatabaseEngine: String, Sendable {
    case sqlite, postgres
}

/// Start-up errors name what is wrong; nothing falls back to another store.
public struct DatabaseOpenError: Error, CustomStringConvertible, Sendable {
    public let description: String
}

/// The one handle on storage. Reads take any pooled connection; writes run in a transaction, and on
/// SQLite through one dedicated writer connection so that writers queue here instead of failing
/// with SQLITE_BUSY.
public final class KAMDatabase: Sendable {
    public let engine: DatabaseEngine
    /// For display and logs: the file path, or the PostgreSQL URL without its password.
    public let location: String
    let logger: Logger
    private let backend: Backend

    private enum Backend: Sendable {
        case sqlite(readers: EventLoopGroupConnectionPool<SQLiteSource>, writer: SQLiteConnection, lock: AsyncLock,
                    rowReaders: SQLiteRowReaders)
        case postgres(EventLoopGroupConnectionPool<PostgresConnectionSource>, statements: PreparedStatementNames)
    }

    private init(engine: DatabaseEngine, location: String, logger: Logger, backend: Backend) {
        self.engine = engine
        self.location = location
        self.logger = logger
        self.backend = backend
    }

    /// Opens `url` (a file path, or `postgres://…`) and checks that it answers.
    /// `postgresSchema` confines a PostgreSQL database to one schema (tests use one per test).
    /// `connectionsPerEventLoop` sizes the PostgreSQL pool (one event loop per core).
    public static func open(_ url: String, postgresSchema: String? = nil, connectionsPerEventLoop: Int = 4,
                            logger: Logger = Logger(label: "kam.store")) async throws -> KAMDatabase {
        if url.hasPrefix("postgres://") || url.hasPrefix("postgresql://") {
            return try await openPostgres(url, schema: postgresSchema, connections: connectionsPerEventLoop, logger: logger)
        }
        if url.contains("://") {
            throw DatabaseOpenError(description: "unsupported database URL \(redacted(url)): use a file path for SQLite or postgres://user@host:port/database")
        }
        return try await openSQLite(path: url, logger: logger)
    }

    private static func openSQLite(path: String, logger: Logger) async throws -> KAMDatabase {
        let fileURL = URL(fileURLWithPath: path)
        let folder = fileURL.deletingLastPathComponent().path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw DatabaseOpenError(description: "cannot create the SQLite database \(path): the folder \(folder) does not exist")
        }
        let source = SQLiteSource(path: fileURL.path)
        let writer: SQLiteConnection
        do {
            writer = try await source.open(logger: logger, on: MultiThreadedEventLoopGroup.singleton.any())
            _ = try await writer.sql().raw("PRAGMA journal_mode = WAL").all()
        } catch {
            throw DatabaseOpenError(description: "cannot open the SQLite database \(path): \(error)")
        }
        let readers = EventLoopGroupConnectionPool(
            source: source, maxConnectionsPerEventLoop: 2, pruneInterval: nil, logger: logger,
            on: MultiThreadedEventLoopGroup.singleton)
        return KAMDatabase(engine: .sqlite, location: fileURL.path, logger: logger,
                           backend: .sqlite(readers: readers, writer: writer, lock: AsyncLock(),
                                            rowReaders: SQLiteRowReaders(path: fileURL.path)))
    }

    private static func openPostgres(_ url: String, schema: String?, connections: Int, logger: Logger) async throws -> KAMDatabase {
        var configuration: SQLPostgresConfiguration
        do {
            configuration = try SQLPostgresConfiguration(url: url)
            if let schema { configuration.searchPath = [schema] }
        } catch {
            throw DatabaseOpenError(description: "invalid PostgreSQL URL \(redacted(url)): \(error)")
        }
        let pool = EventLoopGroupConnectionPool(
            source: PostgresConnectionSource(sqlConfiguration: configuration), maxConnectionsPerEventLoop: connections,
            requestTimeout: .seconds(10), pruneInterval: nil, logger: logger, on: MultiThreadedEventLoopGroup.singleton)
        let database = KAMDatabase(engine: .postgres, location: redacted(url), logger: logger, backend: .postgres(pool, statements: PreparedStatementNames()))
        do {
            _ = try await database.read { try await $0.raw("SELECT 1 AS ok").all() }
        } catch {
            try? await pool.shutdownAsync()
            throw DatabaseOpenError(description: "cannot reach PostgreSQL at \(redacted(url)): \(String(reflecting: error))")
        }
        return database
    }

    /// The URL with any password replaced, so it can be printed.
    public static func redacted(_ url: String) -> String {
        guard var components = URLComponents(string: url) else { return "(unparseable URL)" }
        if components.password != nil { components.password = "***" }
        return components.string ?? "(unparseable URL)"
    }

    /// Runs `body`'s reads on one connection. `valuesShapeThePlan`: on PostgreSQL, plan every
    /// statement for its values instead of reusing a prepared plan (searches, whose best plan
    /// depends on the term and the caller's scope).
    public func read<R: Sendable>(valuesShapeThePlan: Bool = false, _ body: @Sendable (any SQLDatabase) async throws -> R) async throws -> R {
        switch backend {
        case .sqlite(let readers, _, _, let rowReaders):
            let connection = try await readers.requestConnection(logger: logger).get()
            defer { readers.releaseConnection(connection, logger: logger) }
            return try await Self.$sqliteRowReaders.withValue(rowReaders) {
                try await Self.$sqliteReader.withValue(connection) { try await body(connection.sql(queryLogLevel: nil)) }
            }
        case .postgres(let pool, let statements):
            let connection = try await pool.requestConnection(logger: logger).get()
            defer { pool.releaseConnection(connection, logger: logger) }
            let unnamed = connection.sql(queryLogLevel: nil)
            return try await body(PreparedReadDatabase(connection: connection, unnamed: unnamed, statements: statements,
                                                       prepares: !valuesShapeThePlan))
        }
    }

    /// Inside `read` on SQLite, the reader connection itself: for the few reads of tens of
    /// thousands of rows, where SQLKit's `Decodable` path per cell costs more than the query.
    @TaskLocal static var sqliteReader: SQLiteConnection?

    /// Inside `read` on SQLite, raw read-only connections for the largest reads (tens of
    /// thousands of rows), where even SQLiteNIO's row values cost more than SQLite's own work.
    @TaskLocal static var sqliteRowReaders: SQLiteRowReaders?

    /// Runs `body` in one transaction: everything it writes lands together or not at all.
    public func write<R: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> R) async throws -> R {
        switch backend {
        case .sqlite(_, let writer, let lock, _):
            return try await lock.withLock {
                try await Self.transaction(writer.sql(queryLogLevel: nil), begin: "BEGIN IMMEDIATE", body)
            }
        case .postgres(let pool, _):
            let connection = try await pool.requestConnection(logger: logger).get()
            defer { pool.releaseConnection(connection, logger: logger) }
            return try await Self.transaction(connection.sql(queryLogLevel: nil), begin: "BEGIN", body)
        }
    }

    private static func transaction<R: Sendable>(
        _ db: any SQLDatabase, begin: String, _ body: @Sendable (any SQLDatabase) async throws -> R
    ) async throws -> R {
        try await db.raw(SQLQueryString(begin)).run()
        do {
            let result = try await body(db)
            try await db.raw("COMMIT").run()
            return result
        } catch {
            try? await db.raw("ROLLBACK").run()
            // Two writers that both passed the checks: the unique index stops the second, which
            // hears a conflict instead of a server error.
            if isUniqueViolation(error) { throw StoreError.conflict(code: "duplicate", field: nil) }
            throw error
        }
    }

    static func isUniqueViolation(_ error: any Error) -> Bool {
        if let error = error as? PSQLError { return error.serverInfo?[.sqlState] == "23505" }
        if let error = error as? SQLiteError {
            return error.reason == .constraintUniqueFailed || (error.reason == .constraint && error.message.hasPrefix("UNIQUE"))
        }
        return false
    }

    /// On SQLite, hands `body` a bulk connection of its own while holding the writer lock, so no
    /// other write interleaves; nil on PostgreSQL.
    func withSQLiteBulk<R: Sendable>(_ body: @Sendable (SQLiteBulkConnection) async throws -> R) async throws -> R? {
        guard case .sqlite(_, _, let lock, _) = backend else { return nil }
        return try await lock.withLock {
            let connection = try await NIOThreadPool.singleton.runIfActive { try SQLiteBulkConnection.open(path: self.location) }
            do {
                let result = try await body(connection)
                await connection.finish()
                return result
            } catch {
                await connection.finish()
                throw error
            }
        }
    }

    /// On PostgreSQL, hands `body` one connection inside a transaction, for what SQLKit cannot
    /// express (COPY); nil on SQLite.
    func withPostgresTransaction<R: Sendable>(_ body: @Sendable (PostgresConnection) async throws -> R) async throws -> R? {
        guard case .postgres(let pool, _) = backend else { return nil }
        let connection = try await pool.requestConnection(logger: logger).get()
        defer { pool.releaseConnection(connection, logger: logger) }
        return try await Self.transaction(connection.sql(queryLogLevel: nil), begin: "BEGIN") { _ in try await body(connection) }
    }

    public func close() async {
        switch backend {
        case .sqlite(let readers, let writer, _, let rowReaders):
            try? await readers.shutdownAsync()
            try? await writer.close()
            rowReaders.closeAll()
        case .postgres(let pool, _):
            try? await pool.shutdownAsync()
        }
    }
}

/// Opens SQLite connections with the settings every connection needs (they are per connection).
struct SQLiteSource: ConnectionPoolSource {
    let path: String

    func makeConnection(logger: Logger, on eventLoop: any EventLoop) -> EventLoopFuture<SQLiteConnection> {
        let promise = eventLoop.makePromise(of: SQLiteConnection.self)
        promise.completeWithTask { try await self.open(logger: logger, on: eventLoop) }
        return promise.futureResult
    }

    func open(logger: Logger, on eventLoop: any EventLoop) async throws -> SQLiteConnection {
        let connection = try await SQLiteConnection.open(
            storage: .file(path: path), threadPool: .singleton, logger: logger, on: eventLoop)
        // Memory-mapped reads: a page read from the file otherwise costs a system call and a copy,
        // which is most of a scoped list's time once the data outgrows SQLite's own page cache.
        for pragma in ["PRAGMA foreign_keys = ON", "PRAGMA busy_timeout = 10000", "PRAGMA synchronous = FULL",
                       "PRAGMA mmap_size = 1073741824"] {
            _ = try await connection.sql().raw(SQLQueryString(pragma)).all()
        }
        return connection
    }
}

/// A few raw read-only SQLite connections, each used by one task at a time and kept for the
/// next (their prepared statements with them). A read runs in one transaction of its own, so
/// its statements see one snapshot.
final class SQLiteRowReaders: Sendable {
    let path: String
    private let idle = Mutex<[SQLiteBulkConnection]>([])
    static let kept = 4

    init(path: String) {
        self.path = path
    }

    func read<R: Sendable>(_ body: @escaping @Sendable (SQLiteBulkConnection) throws -> R) async throws -> R {
        let path = self.path
        let reader: SQLiteBulkConnection
        if let kept = idle.withLock({ $0.popLast() }) { reader = kept } else {
            reader = try await NIOThreadPool.singleton.runIfActive { try SQLiteBulkConnection.openReader(path: path) }
        }
        do {
            let result = try await reader.perform { connection in
                try connection.exec("BEGIN")
                defer { try? connection.exec("COMMIT") }
                return try body(connection)
            }
            let surplus = idle.withLock { readers -> SQLiteBulkConnection? in
                guard readers.count < Self.kept else { return reader }
                readers.append(reader)
                return nil
            }
            surplus?.close()
            return result
        } catch {
            reader.close()
            throw error
        }
    }

    func closeAll() {
        for reader in idle.withLock({ readers in defer { readers = [] }; return readers }) { reader.close() }
    }
}

/// A FIFO lock for async code: SQLite's single writer connection must run one transaction at a time.
actor AsyncLock {
    private var locked = false
    private var waiters: [CheckedContinuation<Void, Never>] = []

    func withLock<R: Sendable>(_ body: @Sendable () async throws -> R) async throws -> R {
        await acquire()
        defer { release() }
        return try await body()
    }

    private func acquire() async {
        if !locked {
            locked = true
            return
        }
        await withCheckedContinuation { waiters.append($0) }
    }

    private func release() {
        if waiters.isEmpty {
            locked = false
        } else {
            waiters.removeFirst().resume()
        }
    }
}

extension KAMDatabase {
    /// Runs one statement of trusted SQL (maintenance and tests; never user input).
    public func execute(_ sql: String) async throws {
        try await write { db in try await db.raw(SQLQueryString(sql)).run() }
    }

    /// Counts rows of a table, for tests that prove a refused request wrote nothing.
    public func count(_ table: String) async throws -> Int {
        try await read { db in
            Int(try await db.raw(SQLQueryString("SELECT count(*) AS n FROM \(table)")).first()?.decode(column: "n", as: Int64.self) ?? 0)
        }
    }
}
