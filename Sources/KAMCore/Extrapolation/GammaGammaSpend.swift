import Foundation

/// The Gamma-Gamma model of spend per purchase (Fader, Hardie and Lee 2005, "RFM and CLV";
/// Colombo and Jiang 1999): each purchase's amount is Gamma(p, ν) around a customer's mean,
/// and ν ~ Gamma(q, γ) across customers. Fitted on customers with repeat purchases and a
/// positive mean spend; `v` is the paper's γ.
public struct GammaGammaParameters: Sendable, Hashable, Codable {
    public var p: Double
    public var q: Double
    public var v: Double

    public init(p: Double, q: Double, v: Double) {
        self.p = p
        self.q = q
        self.v = v
    }
}

public struct GammaGammaFit: Sendable, Hashable, Codable {
    public var parameters: GammaGammaParameters
    public var logLikelihood: Double
    /// The customers the fit used: those with repeat purchases and a positive mean spend.
    public var customers: Int
    public var iterations: Int
    public var converged: Bool
}

public enum GammaGammaSpend {
    /// The customers the model is fitted on.
    public static func usable(_ c: PurchaseSummary) -> Bool { c.frequency > 0 && c.monetaryValue > 0 }

    /// One customer's log-likelihood of their mean spend over `frequency` repeat purchases.
    public static func logLikelihood(_ g: GammaGammaParameters, _ c: PurchaseSummary) -> Double {
        let x = c.frequency, m = c.monetaryValue
        let px = g.p * x
        return SpecialFunctions.logGamma(px + g.q) - SpecialFunctions.logGamma(px) - SpecialFunctions.logGamma(g.q)
            + g.q * log(g.v) + (px - 1) * log(m) + px * log(x) - (px + g.q) * log(g.v + m * x)
    }

    public static func fit(_ customers: [PurchaseSummary]) throws(ModelFitFailure) -> GammaGammaFit {
        let spenders = customers.filter(usable)
        guard spenders.count >= 2 else { throw ModelFitFailure("too_few_repeat_customers") }
        let data = SpendByFrequency(spenders)
        let meanSpend = spenders.reduce(0) { $0 + $1.monetaryValue } / Double(spenders.count)
        // p = 1, q = 2 put the population mean spend p·v/(q−1) at v: start it at the data's mean.
        let start = [0.0, log(2.0), log(meanSpend)]
        let outcome = Minimizer.bfgs(from: start) { u in data.negativeMeanLogLikelihood(u) }
        guard outcome.value.isFinite, outcome.point.allSatisfy({ $0.isFinite && abs($0) < 700 }) else {
            throw ModelFitFailure("did_not_converge")
        }
        let parameters = GammaGammaParameters(p: exp(outcome.point[0]), q: exp(outcome.point[1]), v: exp(outcome.point[2]))
        return GammaGammaFit(parameters: parameters, logLikelihood: -outcome.value * Double(spenders.count),
                             customers: spenders.count, iterations: outcome.iterations, converged: outcome.converged)
    }

    /// The expected mean spend of this customer's future purchases: a weighted mean of the
    /// population mean p·ν/(q−1) and the customer's own mean. Nil when q ≤ 1 (no finite mean).
    public static func expectedSpend(_ g: GammaGammaParameters, _ c: PurchaseSummary) -> Double? {
        guard g.q > 1 else { return nil }
        let x = c.frequency
        guard x > 0, c.monetaryValue > 0 else { return g.p * g.v / (g.q - 1) }
        return g.p * (g.v + x * c.monetaryValue) / (g.p * x + g.q - 1)
    }
}

/// Spenders grouped by frequency: the gamma functions once per distinct frequency, one
/// logarithm per customer.
struct SpendByFrequency: Sendable {
    struct Group: Sendable {
        var frequency: Double
        var range: Range<Int>
        var sumLogSpend: Double
    }
    let groups: [Group]
    let spend: [Double]
    let count: Double

    init(_ spenders: [PurchaseSummary]) {
        let sorted = spenders.sorted { $0.frequency < $1.frequency }
        spend = sorted.map(\.monetaryValue)
        groups = GroupedByFrequency.runs(of: sorted).map { run in
            Group(frequency: sorted[run.lowerBound].frequency, range: run,
                  sumLogSpend: sorted[run].reduce(0) { $0 + log($1.monetaryValue) })
        }
        count = Double(spenders.count)
    }

    func negativeMeanLogLikelihood(_ u: [Double]) -> (value: Double, gradient: [Double]) {
        let p = exp(u[0]), q = exp(u[1]), v = exp(u[2])
        let lgQ = SpecialFunctions.logGamma(q), psiQ = SpecialFunctions.digamma(q)
        let logV = u[2]
        var ll = 0.0, gp = 0.0, gq = 0.0, gv = 0.0
        spend.withUnsafeBufferPointer { spend in
            for group in groups {
                let x = group.frequency, n = Double(group.range.count)
                let px = p * x, logX = log(x)
                let psiPXQ = SpecialFunctions.digamma(px + q), psiPX = SpecialFunctions.digamma(px)
                ll += n * (SpecialFunctions.logGamma(px + q) - SpecialFunctions.logGamma(px) - lgQ + q * logV + px * logX)
                    + (px - 1) * group.sumLogSpend
                gp += n * x * (psiPXQ - psiPX + logX) + x * group.sumLogSpend
                gq += n * (psiPXQ - psiQ + logV)
                gv += n * q / v
                var sumLog = 0.0, sumInverse = 0.0
                for i in group.range {
                    let shifted = v + spend[i] * x
                    sumLog += log(shifted)
                    sumInverse += 1 / shifted
                }
                ll -= (px + q) * sumLog
                gp -= x * sumLog
                gq -= sumLog
                gv -= (px + q) * sumInverse
            }
        }
        return (-ll / count, [-gp * p / count, -gq * q / count, -gv * v / count])
    }
}
