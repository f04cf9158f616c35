import ArgumentParser
import Foundation
import KAMCore

/// The relationship-map analytics on any graph, for cross-checks against other tools and for
/// benchmarks: no database, the connections come from a CSV file (`source,target,strength`)
/// and are computed on as given (the product's influence rank is PageRank on the reversed
/// influence graph; here the caller decides the direction).
struct GraphCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "graph", abstract: "Graph analytics on an edges CSV (source,target,strength), printed as JSON.",
        subcommands: [PageRank.self, Betweenness.self, StrongestPathCommand.self])

    struct Input: ParsableArguments {
        @Option(help: "CSV with the header source,target,strength (strength 1 to 5).") var edges: String
        @Flag(help: "Print the compute time (without reading and printing) to standard error as compute_seconds=X.")
        var timing = false

        func graph() throws -> InfluenceGraph<String> {
            let data: Data
            do {
                data = try Data(contentsOf: URL(fileURLWithPath: edges))
            } catch {
                throw InputFileError(description: "cannot read \(edges): \(error.localizedDescription)")
            }
            do {
                return try GraphCSV.influenceGraph(data)
            } catch {
                throw InputFileError(description: "\(edges): \(error)")
            }
        }

        /// Runs `body`, reporting its duration if asked: the figure a benchmark compares, since
        /// process start and CSV parsing are not the analytic.
        func timed<T>(_ body: () throws -> T) rethrows -> T { try ComputeTiming.measure(if: timing, body) }
    }

    struct PageRank: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "pagerank", abstract: "PageRank (damping 0.85, weight = strength, dangling rank spread evenly).")
        @OptionGroup var input: Input

        func run() throws {
            let graph = try input.graph()
            let scores = input.timed { graph.pageRankScores() }
            Console.line(GraphCSV.scoresJSON(graph, scores: scores))
        }
    }

    struct Betweenness: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Betweenness centrality, normalised by (n-1)(n-2); distance 60/strength unless --unweighted.")
        @OptionGroup var input: Input
        @Flag(help: "Count hops instead of distances 60/strength.") var unweighted = false

        func run() throws {
            let graph = try input.graph()
            let scores = input.timed { graph.betweennessScores(weighted: !unweighted) }
            Console.line(GraphCSV.scoresJSON(graph, scores: scores))
        }
    }

    /// Not named `StrongestPath`: that is the answer type of KAMCore.
    struct StrongestPathCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "strongest-path",
            abstract: "The path maximising the product of strength/5; ties: fewer hops, then the smaller id sequence.")
        @OptionGroup var input: Input
        @Option(help: "Source id.") var from: String
        @Option(help: "Target id.") var to: String

        func run() throws {
            let graph = try input.graph()
            // An id the file never names has no path, which is an answer, not an error.
            guard graph.contains(from), graph.contains(to) else {
                Console.line(GraphCSV.pathJSON(nil))
                return
            }
            let path = try input.timed { try graph.strongestPath(from: from, to: to) }
            Console.line(GraphCSV.pathJSON(path))
        }
    }
}

/// The arguments were fine but the file was not: the message alone, without the usage text a
/// `ValidationError` would add.
struct InputFileError: Error, CustomStringConvertible {
    let description: String
}
