import ArgumentParser
import Foundation
import KAMCore
import KAMStore

/// Scoring from the command line, as a named user under the same rules as the API.
struct ScoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "score", abstract: "Score accounts under the current scoring model, as a user.",
        discussion: """
            With --level (one account): score it with these entered levels. Without: re-score each account \
            (its latest entered levels kept, the levels computed from data recomputed), as the quarterly \
            requalification does. Prints each scorecard's total against the threshold, or JSON with --json.
            """)
    @OptionGroup var db: DatabaseOptions
    @OptionGroup var acting: ActingUser
    @Argument(help: "Account ids.") var accounts: [Int64] = []
    @Flag(help: "Re-score every key account (status qualified) the user may edit, a thousand per transaction (each batch commits).")
    var allKeyAccounts = false
    @Option(name: .customLong("level"), help: ArgumentHelp("An entered level, indicator=level (repeatable).", valueName: "key=level"))
    var levels: [String] = []
    @Option(help: "A note kept with the scorecard.") var note: String?
    @Flag(help: "Print the scorecards as JSON.") var json = false

    func validate() throws {
        if accounts.isEmpty == !allKeyAccounts { throw ValidationError("name account ids or --all-key-accounts, not both") }
        if allKeyAccounts && (note != nil || !levels.isEmpty) { throw ValidationError("--all-key-accounts re-scores: it takes no --level or --note") }
        if !levels.isEmpty && accounts.count != 1 { throw ValidationError("--level scores one account at a time") }
    }

    func run() async throws {
        var entered: [String: Int] = [:]
        for item in levels {
            let parts = item.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, let level = Int(parts[1]) else { throw ValidationError("--level takes indicator=level, got \(item)") }
            entered[parts[0]] = level
        }
        try await db.withStore { store in
            let caller = try await acting.caller(store)
            var scores: [AccountScore] = []
            if allKeyAccounts {
                let ids = try await store.accounts.keyAccountIDs(editableBy: caller)
                for start in stride(from: 0, to: ids.count, by: 1_000) {
                    scores += try await store.scoring.rescore(Array(ids[start..<min(start + 1_000, ids.count)]), caller: caller)
                }
            } else {
                scores = levels.isEmpty && note == nil
                    ? try await store.scoring.rescore(accounts, caller: caller)
                    : [try await store.scoring.score(accounts[0], entered: entered, note: note, caller: caller)]
            }
            if json {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.sortedKeys]
                encoder.dateEncodingStrategy = .iso8601
                Console.line(String(decoding: try encoder.encode(scores), as: UTF8.self))
                return
            }
            for score in scores {
                let card = score.scorecard
                Console.line("account \(score.accountID)\trevision \(card.revision)\ttotal \(String(format: "%.1f", card.total))"
                             + "\tthreshold \(String(format: "%.1f", card.threshold))\t"
                             + (card.qualifies ? "qualifies" : card.complete ? "below threshold" : "incomplete"))
            }
        }
    }
}
