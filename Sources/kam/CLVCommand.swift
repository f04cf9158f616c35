import ArgumentParser
import Foundation
import KAMCore

/// The purchase models (BG/NBD and Gamma-Gamma) on any data, without a database: for checks
/// against other tools, for benchmarks, and for analysts who keep their transactions elsewhere.
struct CLVCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "clv", abstract: "Repeat-purchase (BG/NBD) and spend (Gamma-Gamma) models on CSV files.",
        subcommands: [Summary.self, Fit.self, Predict.self])

    struct Timing: ParsableArguments {
        @Flag(help: "Print the compute time (without reading and printing) to standard error as compute_seconds=X.")
        var timing = false

        func timed<T>(_ body: () throws -> T) rethrows -> T { try ComputeTiming.measure(if: timing, body) }
    }

    struct Summary: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Turn transactions (customer_id,date,amount) into the per-customer summary CSV.",
            discussion: """
                Several purchases by one customer on one day count as one purchase of their summed amount; \
                the first purchase is not a repeat. Prints customer_id,frequency,recency,T,monetary_value.
                """)
        @Option(help: "CSV with the header customer_id,date,amount (date as YYYY-MM-DD).") var transactions: String
        @Option(help: "Time unit of recency and T: week (days / 7) or day.") var unit: PurchaseTimeUnit = .week
        @Option(name: .customLong("calibration-end"), help: "Last day of the calibration period (YYYY-MM-DD), included.")
        var calibrationEnd: String
        @OptionGroup var timing: Timing

        func run() throws {
            guard let end = PurchaseCSV.dayNumber(calibrationEnd) else {
                throw ValidationError("--calibration-end: not a date (YYYY-MM-DD): \(calibrationEnd)")
            }
            let bytes = try CLVCommand.read(transactions)
            let summaries = try timing.timed {
                let records = try CLVCommand.parsed(transactions) { () throws(CSVFailure) in try PurchaseCSV.transactions(bytes) }
                return PurchaseSummarizer.summarize(records, unit: unit, calibrationEnd: end)
            }
            FileHandle.standardOutput.write(Data(PurchaseCSV.summaryCSV(summaries).utf8))
        }
    }

    struct Fit: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Fit BG/NBD (all customers) and Gamma-Gamma (customers with repeat purchases and positive spend) by maximum likelihood; prints JSON.")
        @Option(help: "CSV with the header customer_id,frequency,recency,T[,monetary_value].") var summary: String
        @OptionGroup var timing: Timing

        func run() throws {
            let summaries = try CLVCommand.summaries(summary)
            let report = try timing.timed { try CLVCommand.fitted(summaries) }
            Console.line(try JSONText.encode(report))
        }
    }

    struct Predict: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Fit, then print each customer's expected purchases in the next HORIZON time units (CSV).",
            discussion: "Prints customer_id,expected_purchases,probability_alive,expected_spend,expected_value; the spend columns are empty when Gamma-Gamma cannot be fitted.")
        @Option(help: "CSV with the header customer_id,frequency,recency,T[,monetary_value].") var summary: String
        @Option(help: "Length of the prediction period, in the summary's time unit.") var horizon: Double
        @OptionGroup var timing: Timing

        func run() throws {
            guard horizon.isFinite, horizon > 0 else { throw ValidationError("--horizon must be a positive number") }
            let summaries = try CLVCommand.summaries(summary)
            let text = try timing.timed {
                let report = try CLVCommand.fitted(summaries)
                var text = CSVWriter.row(["customer_id", "expected_purchases", "probability_alive", "expected_spend", "expected_value"])
                for customer in summaries {
                    let purchases = BetaGeometricNBD.expectedPurchases(report.bgnbd.parameters, customer, horizon: horizon)
                    let spend = report.gammaGamma.flatMap { GammaGammaSpend.expectedSpend($0.parameters, customer) }
                    text += CSVWriter.row([customer.customerID, String(purchases),
                                           String(BetaGeometricNBD.probabilityAlive(report.bgnbd.parameters, customer)),
                                           spend.map { String($0) } ?? "", spend.map { String($0 * purchases) } ?? ""])
                }
                return text
            }
            FileHandle.standardOutput.write(Data(text.utf8))
        }
    }

    static func read(_ path: String) throws -> [UInt8] {
        do {
            return [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        } catch {
            throw InputFileError(description: "cannot read \(path): \(error.localizedDescription)")
        }
    }

    static func parsed<T>(_ path: String, _ body: () throws(CSVFailure) -> T) throws -> T {
        do {
            return try body()
        } catch {
            throw InputFileError(description: "\(path): " + error.issues.map(\.description).joined(separator: "; "))
        }
    }

    static func summaries(_ path: String) throws -> [PurchaseSummary] {
        let bytes = try read(path)
        return try parsed(path) { () throws(CSVFailure) in try PurchaseCSV.summaries(bytes) }
    }

    static func fitted(_ summaries: [PurchaseSummary]) throws -> PurchaseModelReport {
        do {
            return try PurchaseModelReport(summaries)
        } catch {
            throw InputFileError(description: "cannot fit: \(error.code)")
        }
    }
}

extension PurchaseTimeUnit: ExpressibleByArgument {}
