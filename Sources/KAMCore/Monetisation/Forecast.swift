import Foundation

public enum ForecastGrouping: String, DomainVocabulary {
    case month, quarter
    public static let vocabularyName = "forecastby"

    /// "2026-11" → "2026-11" or "2026-Q4".
    public func period(ofMonth month: String) -> String {
        guard self == .quarter, month.count == 7, let number = Int(month.suffix(2)), (1...12).contains(number) else { return month }
        return "\(month.prefix(4))-Q\((number - 1) / 3 + 1)"
    }
}

/// Opportunities summed by what the forecast weighs them by; the store reads these with one
/// grouped query, so 100,000 opportunities arrive as a few hundred cells.
public struct ForecastCell: Sendable, Hashable {
    public var currency: String
    public var stage: OpportunityStage
    /// The opportunities' own estimate, nil where the stage's probability applies.
    public var probabilityPercent: Int?
    /// `YYYY-MM` of the close (expected, or actual once closed); empty when none is set.
    public var month: String
    public var count: Int
    /// Sum of amounts in the currency's minor units (a double: sums of many large deals overflow 64 bits).
    public var amountMinor: Double

    public init(currency: String, stage: OpportunityStage, probabilityPercent: Int?, month: String, count: Int, amountMinor: Double) {
        self.currency = currency
        self.stage = stage
        self.probabilityPercent = probabilityPercent
        self.month = month
        self.count = count
        self.amountMinor = amountMinor
    }
}

public struct ForecastStageFigure: Sendable, Hashable, Codable {
    public var stage: OpportunityStage
    public var count: Int
    public var amount: Money
    public var weighted: Money
}

/// One period's forecast in the reporting currency: open pipeline, its weighted value, and what
/// was already won.
public struct ForecastPeriod: Sendable, Hashable, Codable {
    public var period: String
    public var openCount: Int
    public var pipeline: Money
    public var weighted: Money
    public var wonCount: Int
    public var won: Money
    public var byStage: [ForecastStageFigure]
}

public struct ForecastReport: Sendable, Hashable, Codable {
    public var reportingCurrency: String
    public var grouping: ForecastGrouping
    public var periods: [ForecastPeriod]
    public var total: ForecastPeriod
    /// Open opportunities without an expected close date: in no period, counted here.
    public var undatedOpenCount: Int
    /// Currencies without an exchange rate: their opportunities are left out, and named.
    public var unconvertedCurrencies: [String]
}

public enum Forecast {
    /// Weighs each open opportunity by its own probability or else its stage's, converts at
    /// `rate` (reporting-currency units per unit of the currency) and sums per period and stage.
    public static func weigh(_ cells: [ForecastCell], process: SalesProcess, grouping: ForecastGrouping, reportingCurrency: String,
                             rate: (String) -> Decimal?) -> ForecastReport {
        struct Sum { var openCount = 0, pipeline = 0.0, weighted = 0.0, wonCount = 0, won = 0.0, stages: [OpportunityStage: (Int, Double, Double)] = [:] }
        let toDigits = Money.minorUnitDigits[reportingCurrency] ?? 2
        var factors: [String: Double?] = [:]
        var sums: [String: Sum] = [:], total = Sum()
        var undated = 0
        var unconverted = Set<String>()
        for cell in cells where cell.stage != .lost {
            let factor: Double? = factors[cell.currency] ?? {
                let found = rate(cell.currency).map { rate in
                    NSDecimalNumber(decimal: rate).doubleValue * pow(10, Double(toDigits - (Money.minorUnitDigits[cell.currency] ?? 2)))
                }
                factors[cell.currency] = found
                return found
            }()
            guard let factor else { unconverted.insert(cell.currency); continue }
            let amount = cell.amountMinor * factor
            let isWon = cell.stage == .won
            if cell.month.isEmpty {
                if !isWon { undated += cell.count }
                continue
            }
            let probability = Double(isWon ? 100 : cell.probabilityPercent ?? process.probabilityPercent(of: cell.stage)) / 100
            let period = grouping.period(ofMonth: cell.month)
            for key in [period, ""] {
                var sum = key.isEmpty ? total : sums[key, default: Sum()]
                if isWon { sum.wonCount += cell.count; sum.won += amount } else {
                    sum.openCount += cell.count
                    sum.pipeline += amount
                    sum.weighted += amount * probability
                    let previous = sum.stages[cell.stage] ?? (0, 0, 0)
                    sum.stages[cell.stage] = (previous.0 + cell.count, previous.1 + amount, previous.2 + amount * probability)
                }
                if key.isEmpty { total = sum } else { sums[key] = sum }
            }
        }
        let order = Dictionary(uniqueKeysWithValues: process.allStages.enumerated().map { ($1, $0) })
        func money(_ value: Double) -> Money {
            let bounded = min(max(value.rounded(), -9.2e18), 9.2e18)
            return Money(minorUnits: Int64(bounded), currency: reportingCurrency)
        }
        func figure(_ period: String, _ sum: Sum) -> ForecastPeriod {
            ForecastPeriod(period: period, openCount: sum.openCount, pipeline: money(sum.pipeline), weighted: money(sum.weighted),
                           wonCount: sum.wonCount, won: money(sum.won),
                           byStage: sum.stages.sorted { (order[$0.key] ?? Int.max, $0.key) < (order[$1.key] ?? Int.max, $1.key) }.map {
                               ForecastStageFigure(stage: $0.key, count: $0.value.0, amount: money($0.value.1), weighted: money($0.value.2))
                           })
        }
        return ForecastReport(reportingCurrency: reportingCurrency, grouping: grouping,
                              periods: sums.keys.sorted().map { figure($0, sums[$0]!) }, total: figure("total", total),
                              undatedOpenCount: undated, unconvertedCurrencies: unconverted.sorted())
    }
}
