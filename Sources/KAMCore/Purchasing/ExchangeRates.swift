import Foundation

/// One day's rate: one unit of `currency` is worth `rate` units of the reporting currency.
/// The rate is kept as the decimal text it was given, so nothing is lost to binary fractions.
public struct ExchangeRate: Sendable, Hashable, Codable {
    public var currency: String
    public var day: CalendarDate
    public var rate: String

    public init(currency: String, day: CalendarDate, rate: String) {
        self.currency = currency
        self.day = day
        self.rate = rate
    }

    public var decimal: Decimal? { ExchangeRate.parse(rate) }

    public static func parse(_ text: String) -> Decimal? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty, trimmed.count <= 30,
              trimmed.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ".") }),
              trimmed.filter({ $0 == "." }).count <= 1,
              let value = Decimal(string: trimmed, locale: Locale(identifier: "en_US_POSIX")), value > 0 else { return nil }
        return value
    }

    public func validate(reportingCurrency: String, known: [FieldIssue] = []) throws(ValidationFailure) {
        var v = Validator(known: known)
        if Money.minorUnitDigits[currency] == nil { v.add("currency", "invalid_currency") }
        else if currency == reportingCurrency { v.add("currency", "is_reporting_currency") }
        if ExchangeRate.parse(rate) == nil { v.add("rate", "invalid_rate", "a positive decimal such as 151.25") }
        try v.check()
    }
}

/// Converts amounts to the reporting currency with the rate of the day: the latest rate on or
/// before the transaction's date, as finance departments book it.
public struct CurrencyConverter: Sendable {
    public let reportingCurrency: String
    private let rates: [String: [(day: Int, rate: Decimal)]]

    public init(reportingCurrency: String, rates: [ExchangeRate]) {
        self.reportingCurrency = reportingCurrency
        var byCurrency: [String: [(day: Int, rate: Decimal)]] = [:]
        for rate in rates {
            guard let value = rate.decimal else { continue }
            byCurrency[rate.currency, default: []].append((rate.day.daysSince1970, value))
        }
        self.rates = byCurrency.mapValues { $0.sorted { $0.day < $1.day } }
    }

    /// The rate used for `currency` on `day`, nil when none is known on or before it.
    public func rate(_ currency: String, on day: CalendarDate) -> Decimal? {
        if currency == reportingCurrency { return 1 }
        guard let series = rates[currency] else { return nil }
        let target = day.daysSince1970
        var low = 0, high = series.count
        while low < high {
            let mid = (low + high) / 2
            if series[mid].day <= target { low = mid + 1 } else { high = mid }
        }
        return low == 0 ? nil : series[low - 1].rate
    }

    /// The amount in the reporting currency's minor units, rounded half to even (banker's
    /// rounding, so sums of many conversions do not drift one way).
    public func convert(_ money: Money, on day: CalendarDate) -> Money? {
        guard let rate = rate(money.currency, on: day) else { return nil }
        let fromDigits = money.digits
        let toDigits = Money.minorUnitDigits[reportingCurrency] ?? 2
        var value = Decimal(money.minorUnits) * rate
        let shift = toDigits - fromDigits
        if shift > 0 { for _ in 0..<shift { value *= 10 } } else if shift < 0 { for _ in 0..<(-shift) { value /= 10 } }
        var rounded = Decimal()
        NSDecimalRound(&rounded, &value, 0, .bankers)
        return Money(minorUnits: NSDecimalNumber(decimal: rounded).int64Value, currency: reportingCurrency)
    }
}
