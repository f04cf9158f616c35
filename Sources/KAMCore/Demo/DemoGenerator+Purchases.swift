import Foundation

/// One generated purchase of a demo account, in the account region's currency.
public struct DemoPurchase: Sendable, Hashable {
    public var date: CalendarDate
    public var productCode: String
    public var orderReference: String
    public var amount: Money
    public var margin: Money
}

public struct DemoProductLine: Sendable {
    public var code: String
    public var name: String
    /// (code, name, list price in yen)
    public var products: [(code: String, name: String, yen: Int64)]
}

/// The demo vendor's catalogue, its exchange rates and each account's purchase history: some
/// accounts buy steadily for years, some made one large purchase and stopped, some never bought,
/// so the purchase models and the continuous-purchasing indicator have something to tell apart.
extension DemoGenerator {
    public static let reportingCurrency = "JPY"

    public static let catalogue: [DemoProductLine] = [
        DemoProductLine(code: "CORE", name: "Core systems", products: [
            ("CORE-LEDGER", "Ledger platform", 48_000_000), ("CORE-PAY", "Payments hub", 32_000_000)]),
        DemoProductLine(code: "DATA", name: "Data and analytics", products: [
            ("DATA-WH", "Data warehouse", 12_000_000), ("DATA-BI", "Analytics seats", 1_800_000)]),
        DemoProductLine(code: "SEC", name: "Security", products: [
            ("SEC-ID", "Identity suite", 6_500_000), ("SEC-SOC", "Managed SOC", 9_000_000)]),
        DemoProductLine(code: "SVC", name: "Services", products: [
            ("SVC-CONS", "Consulting days", 2_400_000), ("SVC-SUP", "Premium support", 4_800_000)]),
    ]

    /// Yen per unit at the start of the demo's history; months drift from there.
    static let baseRates: [(currency: String, yen: Double)] = [("USD", 135), ("EUR", 145), ("KRW", 0.104), ("CNY", 19.6)]

    static func currency(of region: Region) -> String {
        switch region {
        case .japan: "JPY"
        case .korea: "KRW"
        case .china: "CNY"
        case .europe: "EUR"
        case .northAmerica, .other: "USD"
        }
    }

    static let historyStart = CalendarDate(year: 2021, month: 1, day: 1)

    /// A rate on the first of every month from 2021 through `today`, per foreign currency.
    public func exchangeRates(through today: CalendarDate) -> [ExchangeRate] {
        var rates: [ExchangeRate] = []
        for (index, base) in Self.baseRates.enumerated() {
            var random = DemoRandom(seed: seed, stream: 0xF0_4E1C, index: index)
            var level = base.yen
            var month = Self.historyStart
            while month <= today {
                rates.append(ExchangeRate(currency: base.currency, day: month, rate: Self.decimal(level, digits: base.yen < 1 ? 5 : 2)))
                level *= 1 + Double(random.int(in: -300...340)) / 10_000
                month = month.month == 12 ? CalendarDate(year: month.year + 1, month: 1, day: 1)
                    : CalendarDate(year: month.year, month: month.month + 1, day: 1)
            }
        }
        return rates
    }

    public func purchases(accountIndex: Int, size: AccountSize, region: Region, through today: CalendarDate) -> [DemoPurchase] {
        var random = DemoRandom(seed: seed, stream: 0x9B_C4A5E, index: accountIndex)
        let currency = Self.currency(of: region)
        let yenPerUnit = Self.baseRates.first { $0.currency == currency }?.yen ?? 1
        let digits = Money.minorUnitDigits[currency] ?? 2
        let scale: Double = switch size {
        case .small: 0.15
        case .medium: 0.4
        case .large: 1
        case .enterprise: 2.5
        }
        let lines = Self.catalogue.shuffledPick(count: 1 + random.int(3), &random)
        let start = Self.historyStart.adding(days: random.int(1_300))
        let kind = random.weighted([15, 12, 73])  // never bought, one large purchase, repeat buyer
        var purchases: [DemoPurchase] = []
        func buy(on day: CalendarDate, factor: Double) {
            let line = lines[random.int(lines.count)]
            let product = line.products[random.int(line.products.count)]
            let yen = Double(product.yen) * scale * factor * (0.5 + Double(random.int(100)) / 100)
            let minor = Int64((yen / yenPerUnit * pow(10, Double(digits))).rounded())
            let marginShare = 0.18 + Double(random.int(22)) / 100
            purchases.append(DemoPurchase(date: day, productCode: product.code,
                                          orderReference: "SO-\(accountIndex + 1)-\(purchases.count + 1)",
                                          amount: Money(minorUnits: max(minor, 1), currency: currency),
                                          margin: Money(minorUnits: Int64((Double(max(minor, 1)) * marginShare).rounded()), currency: currency)))
        }
        switch kind {
        case 0: break
        case 1:
            buy(on: start, factor: 6)
            if random.chance(40) { buy(on: start.adding(days: 20 + random.int(60)), factor: 0.5) }
        default:
            let meanGap = 45 + random.int(120)
            let dropout = 1 + random.int(5)  // percent per purchase
            var day = start
            while day <= today {
                buy(on: day, factor: 1)
                if random.chance(dropout) { break }
                day = day.adding(days: max(7, meanGap / 2 + random.int(meanGap)))
            }
        }
        return purchases.filter { $0.date <= today }
    }

    static func decimal(_ value: Double, digits: Int) -> String {
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        let scaled = Int64((value * scale).rounded())
        let whole = scaled / Int64(scale), fraction = String(scaled % Int64(scale))
        return "\(whole).\(String(repeating: "0", count: digits - fraction.count))\(fraction)"
    }
}

extension Array {
    /// `count` distinct elements in a seeded order.
    fileprivate func shuffledPick(count: Int, _ random: inout DemoRandom) -> [Element] {
        var pool = self
        var out: [Element] = []
        while out.count < count && !pool.isEmpty { out.append(pool.remove(at: random.int(pool.count))) }
        return out
    }
}
