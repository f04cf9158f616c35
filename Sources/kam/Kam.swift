import ArgumentParser
import Foundation
import KAMCore
import KAMStore
import KAMWeb

@main
struct Kam: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kam",
        abstract: "OpenKAM: key account management server and tools.",
        subcommands: [Serve.self, Migrate.self, ReviewCommand.self, UserCommand.self, Demo.self, AccountsCommand.self, GraphCommand.self, MapCommand.self, ConnectionsCommand.self, ChainCommand.self, InfluenceCommand.self, CLVCommand.self, ImportCommand.self, ScoreCommand.self,
                      ClassifyCommand.self, PurchasesCommand.self, ActivityCommand.self, TasksCommand.self,
                      IncidentCommand.self, OpportunityCommand.self, DocumentCommand.self, PlanCommand.self])
}

/// Options every command that touches the database shares.
struct DatabaseOptions: ParsableArguments {
    @Option(name: .long, help: "SQLite file path, or postgres://user@host:port/database (env KAM_DATABASE_URL).")
    var database: String?

    var url: String { database ?? ProcessInfo.processInfo.environment["KAM_DATABASE_URL"] ?? "./kam.sqlite" }

    /// Opens and migrates; a failure stops the command with the reason, never another store.
    func open() async throws -> KAMStore {
        do {
            let db = try await KAMDatabase.open(url)
            try await db.migrate()
            return KAMStore(database: db)
        } catch let error as DatabaseOpenError {
            throw ValidationError(error.description)
        }
    }

    /// Runs `body` on the opened store and closes it on every path (the pools insist on it).
    func withStore<R>(_ body: (KAMStore) async throws -> R) async throws -> R {
        let store = try await open()
        do {
            let result = try await body(store)
            await store.database.close()
            return result
        } catch {
            await store.database.close()
            throw Self.readable(error)
        }
    }

    /// The store's refusals in words a terminal user reads, without internal detail.
    static func readable(_ error: any Error) -> any Error {
        guard let error = error as? StoreError else { return error }
        switch error {
        case .notFound(let entity, let id): return ValidationError("\(entity) \(id) not found (or not visible to this user)")
        case .forbidden: return ValidationError("not permitted for this user")
        case .validation(let failure):
            return ValidationError("invalid: " + failure.issues.map { "\($0.field) (\($0.code))" }.joined(separator: ", "))
        case .versionConflict(let version, _, _): return ValidationError("changed meanwhile (now version \(version))")
        case .conflict(let code, let field): return ValidationError("refused: \(code)" + (field.map { " (\($0))" } ?? ""))
        }
    }
}

enum DemoSettings {
    static let password = "openkam-demo"
}

struct Migrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Create or update the database schema.")
    @OptionGroup var db: DatabaseOptions

    func run() async throws {
        try await db.withStore { store in
            Console.line("schema at migration \(try await store.database.appliedMigrations().last ?? 0) on \(store.database.location)")
        }
    }
}

struct UserCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "user", abstract: "Manage users.", subcommands: [Add.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a user (audited as the system).")
        @OptionGroup var db: DatabaseOptions
        @Option var username: String
        @Option(help: "Password (or set KAM_PASSWORD).") var password: String?
        @Option var role: String = Role.administrator.rawValue
        @Option(name: .customLong("display-name")) var displayName: String?
        @Option var email: String?
        @Option(name: .customLong("time-zone")) var timeZone: String = "UTC"

        func run() async throws {
            guard let role = Role(rawValue: role) else {
                throw ValidationError("--role must be one of: \(Role.allRawValues.joined(separator: ", "))")
            }
            let password = password ?? ProcessInfo.processInfo.environment["KAM_PASSWORD"] ?? ""
            do {
                try User.validateNew(username: username, displayName: displayName ?? username, password: password, email: email, timeZone: timeZone)
            } catch {
                throw ValidationError(error.issues.map { "\($0.field): \($0.code)\($0.detail.map { " (\($0))" } ?? "")" }.joined(separator: "; "))
            }
            let user = try await db.withStore { store in
                try await store.users.create(username: username, displayName: displayName ?? username, email: email, role: role,
                                             managerID: nil, locale: nil, timeZone: timeZone,
                                             passwordHash: PasswordHashing.hash(password), caller: .system)
            }
            Console.line("created user \(user.username) (\(user.role.rawValue)), id \(user.id)")
        }
    }
}

/// Writes a line to standard output straight away (no stdio buffer), so progress and the
/// "listening on" line reach a pipe or a log file the moment they happen.
enum Console {
    static func line(_ text: String) {
        FileHandle.standardOutput.write(Data((text + "\n").utf8))
    }
}
