import ArgumentParser
import Foundation
import KAMCore
import KAMStore

/// ABCD classification from the command line, as a named user under the same rules as the API.
struct ClassifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "classify", abstract: "Classify the key accounts A–D under the stored rules, as a user.",
        discussion: """
            With --dry-run: print where each account would land and which would change class, changing \
            nothing (any user; accounts they may not see count but are not printed). Without: apply, \
            moving each account whose class changes with --reason (administrators).
            """)
    @OptionGroup var db: DatabaseOptions
    @OptionGroup var acting: ActingUser
    @Flag(help: "Show what would change; change nothing.") var dryRun = false
    @Option(help: "Why the accounts are reclassified (required to apply).") var reason: String?
    @Flag(help: "Print the run as JSON.") var json = false
    @Flag(help: "Print the classification's time (reading the figures included) as compute_seconds=X to standard error.")
    var timing = false

    func validate() throws {
        if !dryRun && (reason ?? "").isEmpty { throw ValidationError("applying needs --reason (or use --dry-run)") }
    }

    func run() async throws {
        try await db.withStore { store in
            let caller = try await acting.caller(store)
            let run = try await ComputeTiming.measure(if: timing) {
                dryRun ? try await store.classification.preview(nil, caller: caller)
                    : try await store.classification.apply(reason: reason ?? "", caller: caller)
            }
            if json {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.sortedKeys]
                encoder.dateEncodingStrategy = .iso8601
                Console.line(String(decoding: try encoder.encode(run), as: UTF8.self))
                return
            }
            Console.line("\(run.applied ? "applied" : "dry run"): \(run.portfolioSize) key accounts, rules revision \(run.rulesRevision.map(String.init) ?? "proposed"), "
                         + "contribution cut \(String(format: "%.1f", run.contributionCut)), potential cut \(String(format: "%.1f", run.potentialCut)), "
                         + "\(run.moves.count + run.leaving.count) \(run.applied ? "moved" : "would move")")
            for move in run.moves {
                Console.line("account \(move.accountID)\t\(move.name)\t\(move.currentClass?.rawValue ?? "-") -> \(move.placement.accountClass.rawValue)"
                             + "\tcontribution \(String(format: "%.1f", move.placement.contribution))\tpotential \(String(format: "%.1f", move.placement.potential))")
            }
            for leaving in run.leaving {
                Console.line("account \(leaving.accountID)\t\(leaving.name)\t\(leaving.currentClass.rawValue) -> -\tno longer a key account")
            }
        }
    }
}
