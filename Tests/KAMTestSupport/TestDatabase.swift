import Foundation
import KAMCore
import KAMStore

/// The two product engines; every storage and HTTP test runs on both.
public enum TestEngine: String, CaseIterable, Sendable, CustomStringConvertible {
    case sqlite, postgres
    public var description: String { rawValue }
}

public struct TestDatabaseUnavailable: Error, CustomStringConvertible {
    public let description: String
}

/// A fresh, migrated database for one test: a new SQLite file, or a new schema in the
/// PostgreSQL server that `scripts/test` starts (KAM_TEST_POSTGRES_URL). Missing PostgreSQL
/// fails the test: the suite must never pass by skipping an engine.
public enum TestDatabase {
    /// `migratedThrough`: the schema as it was after that migration (for tests of the next one's backfill).
    public static func withStore<R: Sendable>(_ engine: TestEngine, now: @escaping @Sendable () -> Date = { Date() },
                                              migratedThrough: Int = .max, _ body: (KAMStore) async throws -> R) async throws -> R {
        let name = "t_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(16)
        let database: KAMDatabase
        var cleanup: @Sendable () async -> Void = {}
        switch engine {
        case .sqlite:
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kamtest-\(name)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            database = try await KAMDatabase.open(folder.appendingPathComponent("kam.sqlite").path)
            cleanup = { try? FileManager.default.removeItem(at: folder) }
        case .postgres:
            guard let url = ProcessInfo.processInfo.environment["KAM_TEST_POSTGRES_URL"], !url.isEmpty else {
                throw TestDatabaseUnavailable(description: "KAM_TEST_POSTGRES_URL is not set: run the tests through scripts/test, which starts PostgreSQL")
            }
            let admin = try await KAMDatabase.open(url, connectionsPerEventLoop: 1)
            try await admin.execute("CREATE SCHEMA \(name)")
            await admin.close()
            database = try await KAMDatabase.open(url, postgresSchema: String(name), connectionsPerEventLoop: 2)
            cleanup = {
                guard let admin = try? await KAMDatabase.open(url, connectionsPerEventLoop: 1) else { return }
                try? await admin.execute("DROP SCHEMA \(name) CASCADE")
                await admin.close()
            }
        }
        do {
            do { try await database.migrate(through: migratedThrough) } catch {
                // PostgreSQL errors hide their text unless reflected; a failed migration must say why.
                throw TestDatabaseUnavailable(description: "migration failed: \(String(reflecting: error))")
            }
            let result = try await body(KAMStore(database: database, now: now))
            await database.close()
            await cleanup()
            return result
        } catch {
            await database.close()
            await cleanup()
            throw error
        }
    }
}
