/// One customer's purchasing in the calibration period, in the terms of Fader, Hardie and Lee
/// (2005): `frequency` is the number of repeat purchases (days with a purchase after the first),
/// `recency` the time from the first purchase to the last, `age` (their T) the time from the
/// first purchase to the end of the calibration period, and `monetaryValue` the mean amount of
/// the repeat purchases (0 without any). Times are in the unit the summary was made with.
public struct PurchaseSummary: Sendable, Hashable, Codable {
    public var customerID: String
    public var frequency: Double
    public var recency: Double
    public var age: Double
    public var monetaryValue: Double

    public init(customerID: String, frequency: Double, recency: Double, age: Double, monetaryValue: Double = 0) {
        self.customerID = customerID
        self.frequency = frequency
        self.recency = recency
        self.age = age
        self.monetaryValue = monetaryValue
    }

    /// What the models cannot take: the names are the CSV columns of `kam clv fit`.
    public var issues: [(column: String, code: String)] {
        var found: [(String, String)] = []
        if !frequency.isFinite || frequency < 0 || frequency != frequency.rounded() { found.append(("frequency", "not_a_count")) }
        if !age.isFinite || age < 0 { found.append(("T", "negative")) }
        if !recency.isFinite || recency < 0 { found.append(("recency", "negative")) }
        else if recency > age { found.append(("recency", "after_T")) }
        else if frequency == 0 && recency != 0 { found.append(("recency", "nonzero_without_repeats")) }
        if !monetaryValue.isFinite || monetaryValue < 0 { found.append(("monetary_value", "negative")) }
        return found
    }
}

/// The time unit of a summary: the paper's CDNOW data is in weeks (days / 7, fractional).
public enum PurchaseTimeUnit: String, Sendable, CaseIterable, Codable {
    case day, week

    public var days: Double { self == .day ? 1 : 7 }
}

/// One purchase as the summary reads it: the customer, the day (days since 1970-01-01) and the
/// amount in any consistent unit.
public struct PurchaseRecord: Sendable, Hashable {
    public var customerID: String
    public var day: Int
    public var amount: Double

    public init(customerID: String, day: Int, amount: Double) {
        self.customerID = customerID
        self.day = day
        self.amount = amount
    }
}

public enum PurchaseSummarizer {
    /// The per-customer summary of purchases up to and including `calibrationEnd`. Several
    /// purchases on one day count as one purchase of their summed amount; the first purchase is
    /// not a repeat and its amount is not in the mean. Customers whose first purchase comes after
    /// the calibration end are left out. Customers come in the order they first appear.
    public static func summarize(_ purchases: [PurchaseRecord], unit: PurchaseTimeUnit, calibrationEnd: Int) -> [PurchaseSummary] {
        var order: [String: Int] = [:]
        var ids: [String] = []
        // (customer index << 32 | day offset) sorted gives each customer's days in order; the
        // amounts travel with their keys.
        var keyed: [(key: UInt64, amount: Double)] = []
        keyed.reserveCapacity(purchases.count)
        for purchase in purchases where purchase.day <= calibrationEnd {
            let index: Int
            if let known = order[purchase.customerID] {
                index = known
            } else {
                index = ids.count
                order[purchase.customerID] = index
                ids.append(purchase.customerID)
            }
            let dayOffset = UInt64(UInt32(truncatingIfNeeded: purchase.day &+ (1 << 31)))
            keyed.append((UInt64(index) << 32 | dayOffset, purchase.amount))
        }
        keyed.sort { $0.key < $1.key }

        var summaries: [PurchaseSummary] = []
        summaries.reserveCapacity(ids.count)
        var cursor = 0
        while cursor < keyed.count {
            let customer = keyed[cursor].key >> 32
            let firstDay = day(of: keyed[cursor].key)
            var lastDay = firstDay
            var repeatDays = 0
            var repeatSpend = 0.0
            var currentDay = firstDay
            while cursor < keyed.count, keyed[cursor].key >> 32 == customer {
                let purchaseDay = day(of: keyed[cursor].key)
                if purchaseDay != currentDay {
                    repeatDays += 1
                    currentDay = purchaseDay
                    lastDay = purchaseDay
                }
                if purchaseDay != firstDay { repeatSpend += keyed[cursor].amount }
                cursor += 1
            }
            summaries.append(PurchaseSummary(
                customerID: ids[Int(customer)],
                frequency: Double(repeatDays),
                recency: Double(lastDay - firstDay) / unit.days,
                age: Double(calibrationEnd - firstDay) / unit.days,
                monetaryValue: repeatDays > 0 ? repeatSpend / Double(repeatDays) : 0))
        }
        return summaries
    }

    /// Days with a purchase per customer after `calibrationEnd` up to and including `holdoutEnd`:
    /// what a prediction made at the calibration end is checked against.
    public static func holdoutPurchases(_ purchases: [PurchaseRecord], after calibrationEnd: Int, through holdoutEnd: Int) -> [String: Int] {
        var days: [String: Set<Int>] = [:]
        for purchase in purchases where purchase.day > calibrationEnd && purchase.day <= holdoutEnd {
            days[purchase.customerID, default: []].insert(purchase.day)
        }
        return days.mapValues(\.count)
    }

    private static func day(of key: UInt64) -> Int {
        Int(UInt32(truncatingIfNeeded: key)) - (1 << 31)
    }
}
