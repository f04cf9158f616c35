import ArgumentParser
import Foundation
import KAMCore
import KAMStore

/// Influence and conflict connections from the command line, as a named user under the same
/// rules as the web: list an account's, record one, verify one, remove one.
struct ConnectionsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "connections", abstract: "Influence and conflict connections, as a user.",
                                                    subcommands: [List.self, Add.self, Verify.self, Remove.self])

    static func print(_ value: some Encodable) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.dateEncodingStrategy = .iso8601
        Console.line(String(decoding: try encoder.encode(value), as: UTF8.self))
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "An account's connections (account-wide and per opportunity) as JSON.")
        @OptionGroup var db: DatabaseOptions
        @OptionGroup var acting: ActingUser
        @Argument(help: "The account's id.") var account: Int64

        func run() async throws {
            try await db.withStore { store in
                try ConnectionsCommand.print(try await store.connections.list(account: account, caller: try await acting.caller(store)))
            }
        }
    }

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Record that one person sways (or is in conflict with) another.")
        @OptionGroup var db: DatabaseOptions
        @OptionGroup var acting: ActingUser
        @Option(help: "The person who sways.") var from: Int64
        @Option(help: "The person swayed.") var to: Int64
        @Option(help: "1 (weak) to 5 (strong).") var strength: Int
        @Option(help: "influence, conflict, or reporting (manager → report on one deal: needs --opportunity).") var kind = ConnectionKind.influence.rawValue
        @Option(help: "supporter, neutral or opponent.") var stance = RelationshipMap.Stance.neutral.rawValue
        @Option(help: "hypothesis or verified.") var status = RelationshipMap.InfluenceStatus.hypothesis.rawValue
        @Option(help: "What the connection rests on.") var evidence: String?
        @Option(help: "Only for this opportunity's decision chain.") var opportunity: Int64?

        func run() async throws {
            guard let kind = ConnectionKind(rawValue: kind) else { throw ValidationError("--kind: \(ConnectionKind.allRawValues.joined(separator: ", "))") }
            guard let stance = RelationshipMap.Stance(rawValue: stance) else {
                throw ValidationError("--stance: \(RelationshipMap.Stance.allRawValues.joined(separator: ", "))")
            }
            guard let status = RelationshipMap.InfluenceStatus(rawValue: status) else {
                throw ValidationError("--status: \(RelationshipMap.InfluenceStatus.allRawValues.joined(separator: ", "))")
            }
            let draft = PersonConnectionDraft(kind: kind, fromPersonID: from, toPersonID: to, strength: strength, stance: stance, status: status,
                                              evidence: evidence, opportunityID: opportunity)
            try await db.withStore { store in
                try ConnectionsCommand.print(try await store.connections.create(draft, caller: try await acting.caller(store)))
            }
        }
    }

    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Mark a connection verified (recording who and when).")
        @OptionGroup var db: DatabaseOptions
        @OptionGroup var acting: ActingUser
        @Argument(help: "The connection's id.") var id: Int64

        func run() async throws {
            try await db.withStore { store in
                let caller = try await acting.caller(store)
                let found = try await store.connections.get(id, caller: caller)
                var draft = found.connection.draft
                draft.status = .verified
                try ConnectionsCommand.print(try await store.connections.update(id, draft, expectedVersion: found.connection.version, caller: caller))
            }
        }
    }

    struct Remove: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Remove a connection (kept in the audit log).")
        @OptionGroup var db: DatabaseOptions
        @OptionGroup var acting: ActingUser
        @Argument(help: "The connection's id.") var id: Int64

        func run() async throws {
            try await db.withStore { store in
                let caller = try await acting.caller(store)
                let found = try await store.connections.get(id, caller: caller)
                try await store.connections.delete(id, expectedVersion: found.connection.version, caller: caller)
                Console.line("removed connection \(id)")
            }
        }
    }
}
