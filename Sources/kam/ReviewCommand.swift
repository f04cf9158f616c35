import ArgumentParser
import Foundation
import KAMCore
import KAMStore

/// The review calendar from the command line, as a named user: what is due, recording a review,
/// the discipline report and the yearly assessment.
struct ReviewCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "review", abstract: "The review calendar and the yearly assessment, as a user.",
                                                    subcommands: [Due.self, Record.self, Report.self, Assessment.self])

    struct Due: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Reviews due at the user's accounts (or all they see) as JSON lines, most urgent first.")
        @OptionGroup var db: DatabaseOptions
        @OptionGroup var acting: ActingUser
        @Option(help: "mine (the accounts they answer for) or team (everything they see).") var scope = "mine"
        @Option(help: "Comma-separated: overdue, due_soon, upcoming (all by default).") var state: String?

        func run() async throws {
            guard let scope = ReviewScope(rawValue: scope) else { throw ValidationError("--scope must be mine or team") }
            var states = Set(DueState.allCases)
            if let state {
                states = Set(try state.split(separator: ",").map {
                    guard let parsed = DueState(rawValue: String($0)) else { throw ValidationError("--state takes overdue, due_soon, upcoming") }
                    return parsed
                })
            }
            try await db.withStore { store in
                let due = try await store.evaluations.due(scope, caller: try await acting.caller(store), states: states)
                for item in due.items { try ConnectionsCommand.print(item) }
            }
        }
    }

    struct Record: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Record the review of a kind now owed at a key account, held today; prints it as JSON.")
        @OptionGroup var db: DatabaseOptions
        @OptionGroup var acting: ActingUser
        @Argument(help: "The account's id.") var account: Int64
        @Option(help: "plan_execution, customer, coverage, strategy or yearly.") var kind: String
        @Option(help: "qualified or disqualified (customer, yearly); on_track or adjust (the others).") var result: String
        @Option(help: "What the review found.") var findings = ""

        func run() async throws {
            guard let kind = EvaluationKind(rawValue: kind) else { throw ValidationError("--kind takes \(EvaluationKind.allRawValues.joined(separator: ", "))") }
            guard let result = EvaluationResult(rawValue: result) else { throw ValidationError("--result takes \(EvaluationResult.allRawValues.joined(separator: ", "))") }
            try await db.withStore { store in
                let caller = try await acting.caller(store)
                guard let owed = try await store.evaluations.reviews(of: account, caller: caller).next.first(where: { $0.kind == kind }) else {
                    throw ValidationError("account \(account) is not a key account: nothing is owed")
                }
                let draft = EvaluationDraft(kind: kind, dueOn: owed.dueOn, heldOn: owed.dueOn, participantIDs: caller.actor.userID.map { [$0] } ?? [],
                                            result: result, findings: findings)
                try ConnectionsCommand.print(try await store.evaluations.record(account, draft, heldToday: true, caller: caller))
            }
        }
    }

    struct Report: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Reviews held on time by team and class, and the portfolio's direction, as JSON.")
        @OptionGroup var db: DatabaseOptions
        @OptionGroup var acting: ActingUser

        func run() async throws {
            try await db.withStore { store in try ConnectionsCommand.print(try await store.evaluations.report(caller: try await acting.caller(store))) }
        }
    }

    struct Assessment: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The year's assessment as JSON lines (company-wide roles).")
        @OptionGroup var db: DatabaseOptions
        @OptionGroup var acting: ActingUser
        @Option(help: "The year (this year by default).") var year: Int?

        func run() async throws {
            try await db.withStore { store in
                let year = year ?? store.today().year
                guard (2000...2100).contains(year) else { throw ValidationError("--year must be 2000–2100") }
                for line in try await store.assessments.year(year, caller: try await acting.caller(store)) { try ConnectionsCommand.print(line) }
            }
        }
    }
}
