import Foundation
@testable import KAMCore
import Testing

@Suite("Regularity, look-alike estimates and currency conversion")
struct PurchaseOutlookRulesTests {
    let today = CalendarDate(year: 2026, month: 11, day: 23)

    @Test func regularityCountsQuartersSinceTheFirstPurchaseUpToEight() {
        let none = PurchaseRegularity.of(purchaseDays: [], today: today)
        #expect(none.quartersObserved == 0 && none.level == 1)
        // Every quarter for four years: the last eight observed, all with a purchase.
        let steady = (0..<16).map { CalendarDate(year: 2023 + $0 / 4, month: 3 * ($0 % 4) + 2, day: 10) }
        let regular = PurchaseRegularity.of(purchaseDays: steady, today: today)
        #expect(regular.quartersObserved == 8 && regular.quartersWithPurchases == 8 && regular.level == 5)
        // One large purchase three years ago: nothing in the last eight quarters.
        let once = PurchaseRegularity.of(purchaseDays: [CalendarDate(year: 2023, month: 5, day: 1)], today: today)
        #expect(once.quartersWithPurchases == 0 && once.level == 1)
        // A new customer is judged on the quarters it has had: 1 of 2.
        let young = PurchaseRegularity.of(purchaseDays: [CalendarDate(year: 2026, month: 8, day: 1)], today: today)
        #expect(young.quartersObserved == 2 && young.quartersWithPurchases == 1 && young.level == 3)
        // Edges of the levels: 7/8 is 5, 5/8 is 4, 3/8 is 3, 1/8 is 2.
        for (count, level) in [(7, 5), (5, 4), (3, 3), (1, 2)] {
            #expect(PurchaseRegularity(quartersWithPurchases: count, quartersObserved: 8).level == level)
        }
    }

    @Test func similarityWeighsIndustrySizeRegionAndProductLines() {
        let base = AccountLikeness(accountID: 1, name: "A", industry: .banking, region: .japan, size: .large, productLines: ["CORE", "SEC"])
        #expect(abs(base.similarity(to: base) - 1) < 1e-12)
        var other = base
        other.industry = .retail
        #expect(abs(base.similarity(to: other) - 0.65) < 1e-12)
        other = base
        other.size = .small  // two steps of three
        other.productLines = ["CORE"]  // Jaccard 1/2
        #expect(abs(base.similarity(to: other) - (0.35 + 0.25 / 3 + 0.2 + 0.1)) < 1e-12)
    }

    @Test func lookAlikeReadsTheYearAfterTheSameAgeAndSkipsAccountsTooYoung() {
        func d(_ days: Int) -> CalendarDate { today.adding(days: days) }
        let target = AccountLikeness(accountID: 1, name: "T", industry: .banking, region: .japan, size: .large, productLines: [])
        var old = target; old.accountID = 2; old.name = "Old"
        var young = target; young.accountID = 3; young.name = "Young"
        var other = target; other.accountID = 4; other.name = "Other"; other.industry = .retail
        let histories: [AccountID: [(day: CalendarDate, amount: Int64)]] = [
            1: [(d(-200), 50)],
            // Age 200 days: their year is days 201…565 after their first purchase.
            2: [(d(-1000), 1), (d(-1000 + 200), 999), (d(-1000 + 201), 10), (d(-1000 + 201), 5), (d(-1000 + 565), 20), (d(-1000 + 566), 7)],
            3: [(d(-400), 1), (d(-300), 100)],  // not 565 days old
            4: [(d(-900), 1), (d(-900 + 300), 40)],
        ]
        let estimate = LookAlikeEstimate.estimate(for: target, among: [target, old, young, other], histories: histories, today: today,
                                                  k: 5, currency: "JPY")
        #expect(estimate.neighbours.map(\.accountID) == [2, 4])
        #expect(estimate.neighbours[0].purchases == 2 && estimate.neighbours[0].value == 35)
        #expect(estimate.expectedPurchases == 1.5)
        #expect(estimate.expectedValue == Money(minorUnits: 38, currency: "JPY"))
    }

    @Test func conversionUsesTheLatestRateOnOrBeforeTheDayAndRoundsHalfToEven() {
        let converter = CurrencyConverter(reportingCurrency: "JPY", rates: [
            ExchangeRate(currency: "USD", day: CalendarDate(year: 2025, month: 1, day: 1), rate: "150.5"),
            ExchangeRate(currency: "USD", day: CalendarDate(year: 2025, month: 2, day: 1), rate: "151"),
            ExchangeRate(currency: "KRW", day: CalendarDate(year: 2025, month: 1, day: 1), rate: "0.105"),
        ])
        #expect(converter.convert(Money(minorUnits: 100, currency: "USD"), on: CalendarDate(year: 2024, month: 12, day: 31)) == nil)
        // 1.00 USD × 150.5 = 150.5 → 150 (half to even); 3.00 × 150.5 = 451.5 → 452.
        #expect(converter.convert(Money(minorUnits: 100, currency: "USD"), on: CalendarDate(year: 2025, month: 1, day: 31))?.minorUnits == 150)
        #expect(converter.convert(Money(minorUnits: 300, currency: "USD"), on: CalendarDate(year: 2025, month: 1, day: 1))?.minorUnits == 452)
        #expect(converter.convert(Money(minorUnits: 100, currency: "USD"), on: CalendarDate(year: 2025, month: 2, day: 1))?.minorUnits == 151)
        #expect(converter.convert(Money(minorUnits: 10_000, currency: "KRW"), on: CalendarDate(year: 2025, month: 3, day: 1))?.minorUnits == 1_050)
        #expect(converter.convert(Money(minorUnits: 777, currency: "JPY"), on: CalendarDate(year: 1999, month: 1, day: 1))?.minorUnits == 777)
        #expect(ExchangeRate.parse("1e3") == nil && ExchangeRate.parse("0") == nil && ExchangeRate.parse("1.2.3") == nil)
        #expect(Money.minorUnits(decimal: "1234.5", digits: 2) == 123_450)
        #expect(Money.minorUnits(decimal: "-0.05", digits: 2) == -5)
        #expect(Money.minorUnits(decimal: "1.", digits: 2) == nil && Money.minorUnits(decimal: "1,000", digits: 0) == nil)
        #expect(Money.minorUnits(decimal: "10.5", digits: 0) == nil)
    }

    /// The second estimate on the paper's split: each CDNOW customer's next 39 weeks predicted
    /// from the customers most like it in calibration behaviour (frequency, recency, and mean spend
    /// at a quarter of the weight;
    /// CDNOW records no industry or size), by what they bought in the 39 weeks after reaching
    /// this customer's age.
    @Test func lookAlikeHeldOutErrorOnCDNOW() throws {
        let transactions = try CDNOW.transactions()
        let calibration = PurchaseSummarizer.summarize(transactions, unit: .week, calibrationEnd: CDNOW.calibrationEnd)
        let holdout = PurchaseSummarizer.holdoutPurchases(transactions, after: CDNOW.calibrationEnd, through: CDNOW.holdoutEnd)
        let end = CalendarDate(daysSince1970: CDNOW.holdoutEnd)
        var histories: [AccountID: [(day: CalendarDate, amount: Int64)]] = [:]
        for t in transactions { histories[Int64(t.customerID)!, default: []].append((CalendarDate(daysSince1970: t.day), Int64(t.amount * 100))) }
        func scaled(_ values: [Double]) -> [Double] {
            let mean = values.reduce(0, +) / Double(values.count)
            let sd = sqrt(values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count))
            return values.map { ($0 - mean) / sd }
        }
        let f = scaled(calibration.map(\.frequency)), r = scaled(calibration.map(\.recency)), m = scaled(calibration.map { log1p($0.monetaryValue) })
        var features: [AccountID: (Double, Double, Double)] = [:]
        for (i, c) in calibration.enumerated() { features[Int64(c.customerID)!] = (f[i], r[i], m[i]) }
        let likeness = calibration.map { AccountLikeness(accountID: Int64($0.customerID)!, name: $0.customerID, industry: .retail, region: .northAmerica,
                                                         size: .small, productLines: []) }
        let fit = try BetaGeometricNBD.fit(calibration)
        // The same estimate without likeness: every customer predicted by the mean of all.
        let overall = Double(calibration.reduce(0) { $0 + (holdout[$1.customerID] ?? 0) }) / Double(calibration.count)
        var lookAlikeError = 0.0, naiveError = 0.0, modelError = 0.0, overallError = 0.0, answered = 0
        for (index, customer) in calibration.enumerated() {
            // The target's own future stays unseen: only its calibration purchases are passed for it.
            var known = histories
            known[likeness[index].accountID] = histories[likeness[index].accountID]?.filter { $0.day.daysSince1970 <= CDNOW.calibrationEnd }
            let estimate = LookAlikeEstimate.estimate(for: likeness[index], among: likeness, histories: known, today: end,
                                                      asOf: CalendarDate(daysSince1970: CDNOW.calibrationEnd), horizonDays: 273,
                                                      k: 25, currency: "USD") { a, b in
                let (x, y) = (features[a.accountID]!, features[b.accountID]!)
                return 1 / (1 + sqrt(pow(x.0 - y.0, 2) + pow(x.1 - y.1, 2) + 0.25 * pow(x.2 - y.2, 2)))
            }
            guard let predicted = estimate.expectedPurchases else { continue }
            let actual = Double(holdout[customer.customerID] ?? 0)
            answered += 1
            lookAlikeError += abs(predicted - actual)
            naiveError += abs(customer.frequency / max(customer.age, 1e-9) * 39 - actual)
            modelError += abs(BetaGeometricNBD.expectedPurchases(fit.parameters, customer, horizon: 39) - actual)
            overallError += abs(overall - actual)
        }
        let n = Double(answered)
        print("CDNOW held-out, look-alike (k = 25) on \(answered) of \(calibration.count) customers: MAE \(lookAlikeError / n); "
              + "naive \(naiveError / n); everyone's mean \(overallError / n); BG/NBD \(modelError / n)")
        #expect(answered > calibration.count * 9 / 10)
        // Likeness carries information: nearer customers predict better than all customers alike.
        #expect(lookAlikeError < overallError)
        #expect(lookAlikeError < naiveError)
    }
}
