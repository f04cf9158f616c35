import ArgumentParser
import Foundation
import KAMCore
import KAMStore

/// Imports from files, as a named user under the same rules as the API's import.
struct ImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "import", abstract: "Import data from CSV files, as a user.",
                                                    subcommands: [Transactions.self])

    struct Transactions: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import purchase transactions (all or nothing; running the same file twice changes nothing).",
            discussion: """
                The CSV has the header \(TransactionCSV.columns.joined(separator: ",")): amounts in major units \
                ("1234.50"), dates as YYYY-MM-DD, products by their catalogue code. Every bad cell is reported by row \
                and column, and then nothing is written.
                """)
        @OptionGroup var db: DatabaseOptions
        @OptionGroup var acting: ActingUser
        @Argument(help: "The CSV file.") var file: String

        func run() async throws {
            let bytes = try CLVCommand.read(file)
            try await db.withStore { store in
                let caller = try await acting.caller(store)
                do {
                    let outcome = try await store.purchases.importTransactions(bytes, fileName: URL(fileURLWithPath: file).lastPathComponent,
                                                                               caller: caller)
                    Console.line("imported \(outcome.inserted) transactions for \(outcome.accounts) accounts; \(outcome.unchanged) already stored unchanged")
                } catch let failure as CSVFailure {
                    throw InputFileError(description: "\(file): nothing imported:\n" + failure.issues.map { "  \($0)" }.joined(separator: "\n"))
                }
            }
        }
    }
}
