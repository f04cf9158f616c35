import ArgumentParser
import Foundation
import KAMCore
import KAMStore
import KAMWeb

/// An opportunity's decision chain from the command line, as a named user: show it (with the
/// deal's analytics, as the API answers), put a person on it or change their entry, take one off.
struct ChainCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "chain", abstract: "An opportunity's decision chain, as a user.",
                                                    subcommands: [Show.self, SetEntry.self, Remove.self])

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The chain and the deal's analytics as JSON.")
        @OptionGroup var db: DatabaseOptions
        @OptionGroup var acting: ActingUser
        @Argument(help: "The opportunity's id.") var opportunity: Int64

        func run() async throws {
            try await db.withStore { store in
                let found = try await store.decisionChains.map(opportunity: opportunity, caller: try await acting.caller(store))
                try ConnectionsCommand.print(DecisionChainResponse(found.chain, map: found.map, today: store.today()))
            }
        }
    }

    struct SetEntry: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "set", abstract: "Put a person on the chain, or change their entry.")
        @OptionGroup var db: DatabaseOptions
        @OptionGroup var acting: ActingUser
        @Argument(help: "The opportunity's id.") var opportunity: Int64
        @Option(help: "The key person.") var person: Int64
        @Option(help: "decision_maker, approver, evaluator, influencer, user, gatekeeper, coach or blocker.") var role: String
        @Option(help: "Attitudes on this deal now: closeness,recognition,price (1–5 each).") var current: String?
        @Option(help: "Target attitudes: closeness,recognition,price.") var target: String?
        @Option var note: String?

        static func attitudes(_ text: String?, _ name: String) throws -> Portrait? {
            guard let text else { return nil }
            let levels = text.split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
            guard levels.count == 3 else { throw ValidationError("--\(name) takes three levels: closeness,recognition,price") }
            return Portrait(closeness: levels[0], recognition: levels[1], priceAcceptance: levels[2])
        }

        func run() async throws {
            guard let role = RelationshipMap.DecisionRole(rawValue: role) else {
                throw ValidationError("--role: \(RelationshipMap.DecisionRole.allRawValues.joined(separator: ", "))")
            }
            let entry = DecisionChainEntry(personID: person, role: role, current: try Self.attitudes(current, "current"),
                                           target: try Self.attitudes(target, "target"), note: note)
            try await db.withStore { store in
                let caller = try await acting.caller(store)
                let chain = try await store.decisionChains.get(opportunity: opportunity, caller: caller).chain
                var entries = chain.entries
                if let index = entries.firstIndex(where: { $0.personID == person }) { entries[index] = entry } else { entries.append(entry) }
                try ConnectionsCommand.print(try await store.decisionChains.save(opportunity: opportunity, entries: entries,
                                                                                 expectedVersion: chain.version, caller: caller))
            }
        }
    }

    struct Remove: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Take a person off the chain.")
        @OptionGroup var db: DatabaseOptions
        @OptionGroup var acting: ActingUser
        @Argument(help: "The opportunity's id.") var opportunity: Int64
        @Option(help: "The key person.") var person: Int64

        func run() async throws {
            try await db.withStore { store in
                let caller = try await acting.caller(store)
                let chain = try await store.decisionChains.get(opportunity: opportunity, caller: caller).chain
                try ConnectionsCommand.print(try await store.decisionChains.save(opportunity: opportunity,
                                                                                 entries: chain.entries.filter { $0.personID != person },
                                                                                 expectedVersion: chain.version, caller: caller))
            }
        }
    }
}
