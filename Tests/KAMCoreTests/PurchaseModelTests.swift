import Foundation
@testable import KAMCore
import Testing

/// Significant digits, as the papers print them.
func rounded(_ value: Double, significantDigits digits: Int) -> Double {
    guard value != 0 else { return 0 }
    let scale = pow(10, Double(digits) - ceil(log10(abs(value))))
    return (value * scale).rounded() / scale
}

@Suite("BG/NBD and Gamma-Gamma on the CDNOW sample")
struct PurchaseModelTests {
    static let published = BGNBDParameters(r: 0.243, alpha: 4.414, a: 0.793, b: 2.426)

    @Test func logLikelihoodAtThePublishedParametersIsThePublishedOne() throws {
        let summary = try CDNOW.publishedSummary()
        #expect(summary.count == 2357)
        let total = BetaGeometricNBD.logLikelihood(Self.published, summary)
        #expect(abs(total - -9582.4) < 0.05, "total log-likelihood \(total)")
        // The grouped objective the fit minimises agrees with the customer-by-customer sum.
        let grouped = GroupedByFrequency(summary)
        let u = [Self.published.r, Self.published.alpha, Self.published.a, Self.published.b].map(log)
        #expect(abs(-grouped.negativeMeanLogLikelihood(u).value * 2357 - total) < 1e-6)
    }

    @Test func fittedParametersMatchThePaper() throws {
        let fit = try BetaGeometricNBD.fit(try CDNOW.publishedSummary())
        let p = fit.parameters
        #expect(rounded(p.r, significantDigits: 3) == 0.243)
        #expect(rounded(p.alpha, significantDigits: 3) == 4.41)
        #expect(rounded(p.a, significantDigits: 3) == 0.793)
        #expect(rounded(p.b, significantDigits: 3) == 2.43)
        #expect(fit.logLikelihood >= -9582.43)
        #expect(fit.converged)
    }

    /// Four customers: the likelihood keeps rising toward a, b → ∞, and the fit says it did not settle.
    @Test func aFitOnAHandfulOfCustomersSaysItDidNotSettle() throws {
        let tiny = [PurchaseSummary(customerID: "1", frequency: 2, recency: 30.43, age: 38.86, monetaryValue: 22.35),
                    PurchaseSummary(customerID: "2", frequency: 1, recency: 1.71, age: 38.86, monetaryValue: 11.77),
                    PurchaseSummary(customerID: "3", frequency: 0, recency: 0, age: 38.86),
                    PurchaseSummary(customerID: "4", frequency: 3, recency: 20, age: 38, monetaryValue: 10)]
        let fit = try BetaGeometricNBD.fit(tiny)
        #expect(!fit.converged)
        #expect(fit.parameters.a > 1_000 && fit.parameters.b > 1_000)
    }

    @Test func gammaGammaMatchesThePaper() throws {
        let fit = try GammaGammaSpend.fit(try CDNOW.publishedSummary())
        #expect(fit.customers == 946)
        #expect(rounded(fit.parameters.p, significantDigits: 3) == 6.25)
        #expect(rounded(fit.parameters.q, significantDigits: 3) == 3.74)
        #expect(rounded(fit.parameters.v, significantDigits: 3) == 15.4)
        #expect(fit.converged)
    }

    @Test func summaryFromTheTransactionsIsThePublishedSummary() throws {
        let built = PurchaseSummarizer.summarize(try CDNOW.transactions(), unit: .week, calibrationEnd: CDNOW.calibrationEnd)
        let published = Dictionary(uniqueKeysWithValues: try CDNOW.publishedSummary().map { ($0.customerID, $0) })
        #expect(built.count == 2357)
        for customer in built {
            let expected = try #require(published[customer.customerID])
            #expect(customer.frequency == expected.frequency, "customer \(customer.customerID)")
            #expect(abs(customer.recency - expected.recency) <= 0.005 + 1e-9, "customer \(customer.customerID)")
            #expect(abs(customer.age - expected.age) <= 0.005 + 1e-9, "customer \(customer.customerID)")
            #expect(abs(customer.monetaryValue - expected.monetaryValue) <= 0.005 + 1e-9, "customer \(customer.customerID)")
        }
    }

    /// The paper's validation: calibrate on 39 weeks, predict each customer's purchases in the
    /// next 39 and compare with what they did; the model must beat the customer's own
    /// calibration rate carried forward.
    @Test func heldOutPredictionsBeatTheNaiveRate() throws {
        let transactions = try CDNOW.transactions()
        let calibration = PurchaseSummarizer.summarize(transactions, unit: .week, calibrationEnd: CDNOW.calibrationEnd)
        let holdout = PurchaseSummarizer.holdoutPurchases(transactions, after: CDNOW.calibrationEnd, through: CDNOW.holdoutEnd)
        let horizon = Double(CDNOW.holdoutEnd - CDNOW.calibrationEnd) / 7
        #expect(abs(horizon - 39) < 0.01)
        let fit = try BetaGeometricNBD.fit(calibration)
        var modelError = 0.0, naiveError = 0.0, predictedTotal = 0.0, actualTotal = 0.0
        for customer in calibration {
            let actual = Double(holdout[customer.customerID] ?? 0)
            let predicted = BetaGeometricNBD.expectedPurchases(fit.parameters, customer, horizon: horizon)
            let naive = customer.age > 0 ? customer.frequency / customer.age * horizon : 0
            modelError += abs(predicted - actual)
            naiveError += abs(naive - actual)
            predictedTotal += predicted
            actualTotal += actual
        }
        modelError /= Double(calibration.count)
        naiveError /= Double(calibration.count)
        print("CDNOW held-out, 39 + 39 weeks: BG/NBD mean absolute error \(modelError), naive \(naiveError); predicted \(predictedTotal) repeat purchases, actual \(actualTotal)")
        #expect(modelError < naiveError)
    }

    @Test func predictionsFollowThePapersFormulas() throws {
        let p = Self.published
        // A customer without repeat purchases is alive for certain in the model's sense.
        let quiet = PurchaseSummary(customerID: "q", frequency: 0, recency: 0, age: 38.86)
        #expect(BetaGeometricNBD.probabilityAlive(p, quiet) == 1)
        // Customer 1 of the paper: x = 2, t_x = 30.43, T = 38.86.
        let first = PurchaseSummary(customerID: "1", frequency: 2, recency: 30.43, age: 38.86)
        let alive = BetaGeometricNBD.probabilityAlive(p, first)
        let direct = 1 / (1 + p.a / (p.b + 1) * pow((p.alpha + 38.86) / (p.alpha + 30.43), p.r + 2))
        #expect(abs(alive - direct) < 1e-12)
        // Long horizons: expectations grow but saturate as dropout takes over.
        let year = BetaGeometricNBD.expectedPurchases(p, first, horizon: 52)
        let tenYears = BetaGeometricNBD.expectedPurchases(p, first, horizon: 520)
        #expect(year > 0 && tenYears > year)
        // The new-customer expectation at t is the conditional one of a customer with no history
        // observed for no time (x = 0, T = 0).
        let fresh = PurchaseSummary(customerID: "n", frequency: 0, recency: 0, age: 0)
        #expect(abs(BetaGeometricNBD.expectedPurchasesOfNewCustomer(p, horizon: 39)
            - BetaGeometricNBD.expectedPurchases(p, fresh, horizon: 39)) < 1e-12)
        // …and matches the mean of simulated purchase counts in a small Monte Carlo check.
        var generator = SplitMix64(seed: 7)
        var total = 0.0
        let runs = 40_000
        for _ in 0..<runs { total += Double(simulatedPurchases(p, horizon: 39, &generator)) }
        let expected = BetaGeometricNBD.expectedPurchasesOfNewCustomer(p, horizon: 39)
        #expect(abs(total / Double(runs) - expected) < 0.03, "simulated \(total / Double(runs)), formula \(expected)")
    }

    @Test func fitsRefuseDataWithoutRepeats() {
        let none = (0..<10).map { PurchaseSummary(customerID: "\($0)", frequency: 0, recency: 0, age: 10) }
        #expect(throws: ModelFitFailure("no_repeat_purchases")) { try BetaGeometricNBD.fit(none) }
        #expect(throws: ModelFitFailure("too_few_repeat_customers")) { try GammaGammaSpend.fit(none) }
    }

    @Test func analyticGradientsMatchFiniteDifferences() throws {
        let summary = try CDNOW.publishedSummary()
        let bg = GroupedByFrequency(summary)
        let gg = SpendByFrequency(summary.filter(GammaGammaSpend.usable))
        let bgPoint = [log(0.3), log(5.0), log(0.6), log(2.0)]
        let ggPoint = [log(5.0), log(3.0), log(12.0)]
        for (objective, point) in [(bg.negativeMeanLogLikelihood, bgPoint), (gg.negativeMeanLogLikelihood, ggPoint)] {
            let analytic = objective(point).gradient
            for i in point.indices {
                var up = point, down = point
                up[i] += 1e-6; down[i] -= 1e-6
                let numeric = (objective(up).value - objective(down).value) / 2e-6
                #expect(abs(numeric - analytic[i]) < 1e-6 * max(1, abs(numeric)), "component \(i): \(numeric) vs \(analytic[i])")
            }
        }
    }

    /// Draws one customer's purchases in (0, t] from the BG/NBD story itself.
    private func simulatedPurchases(_ p: BGNBDParameters, horizon: Double, _ g: inout SplitMix64) -> Int {
        let rate = g.gamma(shape: p.r) / p.alpha
        let dropout = { (x: Double, y: Double) in x / (x + y) }(g.gamma(shape: p.a), g.gamma(shape: p.b))
        var time = 0.0, count = 0
        while true {
            time += -log(1 - g.uniform()) / rate
            if time > horizon { return count }
            count += 1
            if g.uniform() < dropout { return count }
        }
    }
}

/// A small seeded generator for the simulation checks.
struct SplitMix64 {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func uniform() -> Double { Double(next() >> 11) / Double(1 << 53) }
    mutating func normal() -> Double {
        let u = max(uniform(), 1e-300), v = uniform()
        return sqrt(-2 * log(u)) * cos(2 * .pi * v)
    }
    /// Marsaglia and Tsang, with the boost for shapes under 1.
    mutating func gamma(shape: Double) -> Double {
        if shape < 1 { return gamma(shape: shape + 1) * pow(max(uniform(), 1e-300), 1 / shape) }
        let d = shape - 1.0 / 3, c = 1 / sqrt(9 * d)
        while true {
            var x: Double, v: Double
            repeat { x = normal(); v = 1 + c * x } while v <= 0
            v = v * v * v
            let u = uniform()
            if log(max(u, 1e-300)) < 0.5 * x * x + d - d * v + d * log(v) { return d * v }
        }
    }
}
