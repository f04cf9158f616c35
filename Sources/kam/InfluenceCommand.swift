import ArgumentParser
import Foundation
import KAMCore
import KAMStore

/// The influence analytics across the whole database, read through the store: who weighs most
/// among every key person (PageRank on the reversed influence graph, as each map ranks its own
/// people) and the strongest chain of influence between any two people. Company-wide roles only.
struct InfluenceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "influence", abstract: "Influence rank and strongest chains across the whole database, as a company-wide user.",
        subcommands: [Rank.self, Path.self])

    struct Common: ParsableArguments {
        @Flag(help: "Print load_seconds=X and compute_seconds=Y to standard error.") var timing = false

        func report(load: Double, compute: Duration) {
            guard timing else { return }
            let seconds = Double(compute.components.seconds) + Double(compute.components.attoseconds) / 1e18
            FileHandle.standardError.write(Data("load_seconds=\(load)\ncompute_seconds=\(seconds)\n".utf8))
        }
    }

    struct Rank: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Influence rank of every key person, highest first, as JSON {\"id\": score}.")
        @OptionGroup var db: DatabaseOptions
        @OptionGroup var acting: ActingUser
        @OptionGroup var common: Common
        @Option(help: "Only the N most influential people.") var top: Int?

        func validate() throws {
            if let top, top < 1 { throw ValidationError("--top must be at least 1") }
        }

        func run() async throws {
            try await db.withStore { store in
                let (graph, load) = try await store.connections.wholeDatabaseGraph(caller: try await acting.caller(store))
                let start = ContinuousClock.now
                let scores = graph.reversed().pageRankScores()
                common.report(load: load, compute: ContinuousClock.now - start)
                var order = Array(scores.indices)
                order.sort { scores[$0] != scores[$1] ? scores[$0] > scores[$1] : graph.nodes[$0] < graph.nodes[$1] }
                var out = "{"
                for (n, i) in order.prefix(top ?? order.count).enumerated() {
                    out += (n > 0 ? ", " : "") + "\"\(graph.nodes[i])\": \(scores[i].description)"
                }
                Console.line(out + "}")
            }
        }
    }

    struct Path: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "The strongest chain of influence between two key persons, as JSON {\"path\": [ids], \"product\": x}.")
        @OptionGroup var db: DatabaseOptions
        @OptionGroup var acting: ActingUser
        @OptionGroup var common: Common
        @Option(help: "Comma-separated ids of the people the chain may start from.") var from: String
        @Option(help: "The person the chain must reach.") var to: Int64

        func run() async throws {
            let sources = Set(from.split(separator: ",").compactMap { Int64($0.trimmingCharacters(in: .whitespaces)) })
            guard !sources.isEmpty, sources.count == from.split(separator: ",").count else {
                throw ValidationError("--from takes person ids separated by commas")
            }
            try await db.withStore { store in
                let (graph, load) = try await store.connections.wholeDatabaseGraph(caller: try await acting.caller(store))
                guard graph.contains(to), sources.allSatisfy(graph.contains) else {
                    throw ValidationError("--from and --to must name key persons who are not in the recycle bin")
                }
                let start = ContinuousClock.now
                let path = try graph.strongestPath(from: sources, to: to)
                common.report(load: load, compute: ContinuousClock.now - start)
                guard let path else { return Console.line("{\"path\": null}") }
                Console.line("{\"path\": [\(path.nodes.map(String.init).joined(separator: ", "))], \"product\": \(path.product.description)}")
            }
        }
    }
}
