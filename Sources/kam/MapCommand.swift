import ArgumentParser
import Foundation
import KAMCore
import KAMStore
import KAMWeb

/// An account's relationship map from the command line, under the same access rules as the web:
/// the people, lines, connections and analytics as JSON (what the API answers), or with `--to`
/// the strongest chain of influence to one person.
struct MapCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "map", abstract: "Print an account's relationship map and analytics as JSON.")
    @OptionGroup var db: DatabaseOptions
    @OptionGroup var acting: ActingUser
    @Argument(help: "The account's id.") var account: Int64
    @Option(help: "Comma-separated person ids the chain of influence may start from (with --to; default: our own people on the map).")
    var from: String?
    @Option(help: "Print the strongest chain of influence to this person instead of the whole map.") var to: Int64?

    func validate() throws {
        if from != nil && to == nil { throw ValidationError("--from needs --to") }
        if let from, from.split(separator: ",").contains(where: { Int64($0.trimmingCharacters(in: .whitespaces)) == nil }) {
            throw ValidationError("--from takes person ids separated by commas")
        }
    }

    func run() async throws {
        try await db.withStore { store in
            let caller = try await acting.caller(store)
            let map = try await store.connections.map(account: account, caller: caller)
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            encoder.dateEncodingStrategy = .iso8601
            let json: Data
            if let to {
                let sources = from.map { Set($0.split(separator: ",").compactMap { Int64($0.trimmingCharacters(in: .whitespaces)) }) }
                let onMap = Set(map.people.map(\.id))
                guard onMap.contains(to), (sources ?? []).isSubset(of: onMap) else {
                    throw ValidationError("--from and --to must name people on account \(account)'s map")
                }
                if sources == nil && !map.people.contains(where: { $0.affiliation == .ourSide && !$0.isPlaceholder }) {
                    throw ValidationError("none of our people is on account \(account)'s map: name where the chain starts with --from")
                }
                json = try encoder.encode(BestPathResponse(try map.analytics.bestPath(to: to, from: sources)))
            } else {
                json = try encoder.encode(RelationshipMapResponse(map, today: store.today()))
            }
            Console.line(String(decoding: json, as: UTF8.self))
        }
    }
}
