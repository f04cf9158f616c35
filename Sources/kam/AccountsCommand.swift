import ArgumentParser
import Foundation
import KAMCore
import KAMStore

/// Who the CLI is (domain.md §10): data commands run as a named user, checked by the same access
/// policy as the web and the API.
struct ActingUser: ParsableArguments {
    @Option(name: .customLong("as"), help: "Act as this user (env KAM_USER); the user's access rules apply.")
    var username: String?

    func caller(_ store: KAMStore) async throws -> Caller {
        guard let name = username ?? ProcessInfo.processInfo.environment["KAM_USER"], !name.isEmpty else {
            throw ValidationError("name the user to act as: --as USER (or KAM_USER)")
        }
        guard let found = try await store.users.find(username: name), found.user.active else {
            throw ValidationError("unknown or inactive user: \(name)")
        }
        return try await store.users.caller(for: found.user)
    }
}

struct AccountsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "accounts", abstract: "Read accounts as a user.",
                                                    subcommands: [List.self, Export.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the accounts the user may see (all pages).")
        @OptionGroup var db: DatabaseOptions
        @OptionGroup var acting: ActingUser
        @Option(help: "Search by name.") var search: String?
        @Flag(help: "Print JSON instead of tab-separated lines.") var json = false

        func run() async throws {
            try await db.withStore { store in try await list(store) }
        }

        private func list(_ store: KAMStore) async throws {
            let caller = try await acting.caller(store)
            var query = AccountQuery()
            query.search = search
            query.limit = 200
            var rows: [AccountSummary] = []
            repeat {
                let page = try await store.accounts.list(query, caller: caller)
                rows += page.items
                query.cursor = page.nextCursor
            } while query.cursor != nil
            if json {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.sortedKeys]
                encoder.dateEncodingStrategy = .iso8601
                Console.line(String(decoding: try encoder.encode(rows), as: UTF8.self))
            } else {
                for row in rows { Console.line("\(row.id)\t\(row.name)\t\(row.ownerName)\t\(row.status.rawValue)") }
            }
        }
    }

    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Write the accounts the user may see as CSV.")
        @OptionGroup var db: DatabaseOptions
        @OptionGroup var acting: ActingUser
        @Option(help: "File to write (default: standard output).") var output: String?

        func run() async throws {
            let csv = try await db.withStore { store in try await store.accountsCSV(AccountQuery(), caller: try await acting.caller(store)) }
            if let output {
                try Data(csv.utf8).write(to: URL(fileURLWithPath: output))
            } else {
                FileHandle.standardOutput.write(Data(csv.utf8))
            }
        }
    }
}
