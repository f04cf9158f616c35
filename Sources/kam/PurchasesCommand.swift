import ArgumentParser
import Foundation
import KAMCore
import KAMStore

/// The stored purchase history's models, refitted from the command line (a nightly job, or after
/// an import), as a named administrator.
struct PurchasesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "purchases", abstract: "Work with the stored purchase history.",
                                                    subcommands: [Refit.self])

    struct Refit: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Fit BG/NBD and Gamma-Gamma on every account's purchases up to today and keep the fit (administrators).")
        @OptionGroup var db: DatabaseOptions
        @OptionGroup var acting: ActingUser

        func run() async throws {
            try await db.withStore { store in
                let fit = try await store.purchases.fitModels(caller: try await acting.caller(store))
                let b = fit.bgnbd
                Console.line("fitted on \(fit.accounts) accounts (\(fit.accountsWithRepeats) with repeat purchases) up to \(fit.calibrationEnd): "
                             + "r \(b.r) alpha \(b.alpha) a \(b.a) b \(b.b)\(fit.converged ? "" : " (not converged)")")
            }
        }
    }
}
