import Foundation

/// The BG/NBD model of repeat purchasing (Fader, Hardie and Lee 2005, "Counting Your Customers
/// the Easy Way"): while active, a customer buys at a Poisson rate λ ~ Gamma(r, α); after each
/// purchase they drop out with probability p ~ Beta(a, b).
public struct BGNBDParameters: Sendable, Hashable, Codable {
    public var r: Double
    public var alpha: Double
    public var a: Double
    public var b: Double

    public init(r: Double, alpha: Double, a: Double, b: Double) {
        self.r = r
        self.alpha = alpha
        self.a = a
        self.b = b
    }
}

public struct BGNBDFit: Sendable, Hashable, Codable {
    public var parameters: BGNBDParameters
    /// The total log-likelihood of the data at the fitted parameters.
    public var logLikelihood: Double
    public var customers: Int
    public var iterations: Int
    /// False when the search stopped before the gradient vanished: on a handful of customers the
    /// likelihood can keep rising toward the edge of the parameter space (a, b → ∞).
    public var converged: Bool
}

/// Why a model could not be fitted; `code` is stable for the API and the CLI.
public struct ModelFitFailure: Error, Sendable, Equatable {
    public var code: String
    public init(_ code: String) { self.code = code }
}

public enum BetaGeometricNBD {
    /// One customer's log-likelihood (equation 6 of the paper, in logs).
    public static func logLikelihood(_ p: BGNBDParameters, _ c: PurchaseSummary) -> Double {
        let x = c.frequency
        let a1 = SpecialFunctions.logGamma(p.r + x) - SpecialFunctions.logGamma(p.r) + p.r * log(p.alpha)
        let a2 = SpecialFunctions.logGamma(p.a + p.b) + SpecialFunctions.logGamma(p.b + x)
            - SpecialFunctions.logGamma(p.b) - SpecialFunctions.logGamma(p.a + p.b + x)
        let a3 = -(p.r + x) * log(p.alpha + c.age)
        guard x > 0 else { return a1 + a2 + a3 }
        let a4 = log(p.a) - log(p.b + x - 1) - (p.r + x) * log(p.alpha + c.recency)
        return a1 + a2 + logSumExp(a3, a4)
    }

    public static func logLikelihood(_ p: BGNBDParameters, _ customers: [PurchaseSummary]) -> Double {
        customers.reduce(0) { $0 + logLikelihood(p, $1) }
    }

    /// Maximum-likelihood fit over all customers.
    public static func fit(_ customers: [PurchaseSummary]) throws(ModelFitFailure) -> BGNBDFit {
        guard customers.count >= 2 else { throw ModelFitFailure("too_few_customers") }
        guard customers.contains(where: { $0.frequency > 0 }) else { throw ModelFitFailure("no_repeat_purchases") }
        let data = GroupedByFrequency(customers)
        let totalFrequency = customers.reduce(0) { $0 + $1.frequency }
        let totalAge = customers.reduce(0) { $0 + $1.age }
        // Start where the mean purchase rate r/α matches the data's, so the search starts in scale
        // whatever the time unit.
        let start = [0.0, log(max(totalAge / max(totalFrequency, 1), 1e-3)), 0.0, 0.0]
        let outcome = Minimizer.bfgs(from: start) { u in data.negativeMeanLogLikelihood(u) }
        guard outcome.value.isFinite, outcome.point.allSatisfy({ $0.isFinite && abs($0) < 700 }) else {
            throw ModelFitFailure("did_not_converge")
        }
        let parameters = BGNBDParameters(r: exp(outcome.point[0]), alpha: exp(outcome.point[1]),
                                         a: exp(outcome.point[2]), b: exp(outcome.point[3]))
        return BGNBDFit(parameters: parameters, logLikelihood: -outcome.value * Double(customers.count),
                        customers: customers.count, iterations: outcome.iterations, converged: outcome.converged)
    }

    /// P(still active | x, t_x, T).
    public static func probabilityAlive(_ p: BGNBDParameters, _ c: PurchaseSummary) -> Double {
        guard c.frequency > 0 else { return 1 }
        let x = c.frequency
        let logRatio = log(p.a) - log(p.b + x - 1) + (p.r + x) * (log(p.alpha + c.age) - log(p.alpha + c.recency))
        return 1 / (1 + exp(logRatio))
    }

    /// Expected purchases in the next `horizon` time units of a customer with this history
    /// (equation 10 of the paper).
    public static func expectedPurchases(_ p: BGNBDParameters, _ c: PurchaseSummary, horizon t: Double) -> Double {
        guard t > 0 else { return 0 }
        let x = c.frequency
        let z = t / (p.alpha + c.age + t)
        let hyper = SpecialFunctions.hypergeometric2F1(p.r + x, p.b + x, p.a + p.b + x - 1, z)
        let powered = exp((p.r + x) * (log(p.alpha + c.age) - log(p.alpha + c.age + t)))
        let numerator = (p.a + p.b + x - 1) / (p.a - 1) * (1 - powered * hyper)
        guard x > 0 else { return numerator }
        let logRatio = log(p.a) - log(p.b + x - 1) + (p.r + x) * (log(p.alpha + c.age) - log(p.alpha + c.recency))
        return numerator / (1 + exp(logRatio))
    }

    /// Expected purchases in (0, t] of a customer just acquired (equation 9).
    public static func expectedPurchasesOfNewCustomer(_ p: BGNBDParameters, horizon t: Double) -> Double {
        guard t > 0 else { return 0 }
        let hyper = SpecialFunctions.hypergeometric2F1(p.r, p.b, p.a + p.b - 1, t / (p.alpha + t))
        return (p.a + p.b - 1) / (p.a - 1) * (1 - exp(p.r * (log(p.alpha) - log(p.alpha + t))) * hyper)
    }

    static func logSumExp(_ u: Double, _ v: Double) -> Double {
        let high = max(u, v)
        return high + log1p(exp(-abs(u - v)))
    }
}

/// The summaries laid out for the likelihood: customers grouped by frequency, so the gamma
/// functions of each distinct frequency are computed once per evaluation and only two
/// logarithms and one exponential remain per customer.
struct GroupedByFrequency: Sendable {
    struct Group: Sendable {
        var frequency: Double
        var range: Range<Int>
    }
    let groups: [Group]
    let recency: [Double]
    let age: [Double]
    let count: Double

    init(_ customers: [PurchaseSummary]) {
        let sorted = customers.sorted { $0.frequency < $1.frequency }
        recency = sorted.map(\.recency)
        age = sorted.map(\.age)
        groups = Self.runs(of: sorted).map { Group(frequency: sorted[$0.lowerBound].frequency, range: $0) }
        count = Double(customers.count)
    }

    /// The ranges of equal frequency in customers sorted by frequency.
    static func runs(of sorted: [PurchaseSummary]) -> [Range<Int>] {
        var runs: [Range<Int>] = []
        var start = 0
        while start < sorted.count {
            var end = start + 1
            while end < sorted.count, sorted[end].frequency == sorted[start].frequency { end += 1 }
            runs.append(start..<end)
            start = end
        }
        return runs
    }

    /// −LL / N and its gradient with respect to the logs of (r, α, a, b).
    func negativeMeanLogLikelihood(_ u: [Double]) -> (value: Double, gradient: [Double]) {
        let r = exp(u[0]), alpha = exp(u[1]), a = exp(u[2]), b = exp(u[3])
        let logAlpha = u[1]
        let lgR = SpecialFunctions.logGamma(r), psiR = SpecialFunctions.digamma(r)
        let lgB = SpecialFunctions.logGamma(b), psiB = SpecialFunctions.digamma(b)
        let lgAB = SpecialFunctions.logGamma(a + b), psiAB = SpecialFunctions.digamma(a + b)
        let logA = u[2]
        var ll = 0.0, gr = 0.0, gAlpha = 0.0, ga = 0.0, gb = 0.0
        recency.withUnsafeBufferPointer { recency in
            age.withUnsafeBufferPointer { age in
                for group in groups {
                    let x = group.frequency
                    let n = Double(group.range.count)
                    let lgBX = SpecialFunctions.logGamma(b + x), lgABX = SpecialFunctions.logGamma(a + b + x)
                    let psiABX = SpecialFunctions.digamma(a + b + x)
                    ll += n * (SpecialFunctions.logGamma(r + x) - lgR + r * logAlpha + lgAB + lgBX - lgB - lgABX)
                    gr += n * (SpecialFunctions.digamma(r + x) - psiR + logAlpha)
                    gAlpha += n * r / alpha
                    ga += n * (psiAB - psiABX)
                    gb += n * (psiAB + SpecialFunctions.digamma(b + x) - psiB - psiABX)
                    let rx = r + x
                    if x == 0 {
                        var sumLog = 0.0, sumInverse = 0.0
                        for i in group.range {
                            let shifted = alpha + age[i]
                            sumLog += log(shifted)
                            sumInverse += 1 / shifted
                        }
                        ll -= rx * sumLog
                        gr -= sumLog
                        gAlpha -= rx * sumInverse
                        continue
                    }
                    let dropTerm = logA - log(b + x - 1)
                    var groupLL = 0.0, groupR = 0.0, groupAlpha = 0.0, groupW4 = 0.0
                    for i in group.range {
                        let shiftedAge = alpha + age[i], shiftedRecency = alpha + recency[i]
                        let l3 = log(shiftedAge), l4 = log(shiftedRecency)
                        let a3 = -rx * l3, a4 = dropTerm - rx * l4
                        let d = a4 - a3
                        let e = exp(-abs(d))
                        let w4 = d > 0 ? 1 / (1 + e) : e / (1 + e)
                        let w3 = 1 - w4
                        groupLL += max(a3, a4) + log1p(e)
                        groupR -= w3 * l3 + w4 * l4
                        groupAlpha -= w3 / shiftedAge + w4 / shiftedRecency
                        groupW4 += w4
                    }
                    ll += groupLL
                    gr += groupR
                    gAlpha += rx * groupAlpha
                    ga += groupW4 / a
                    gb -= groupW4 / (b + x - 1)
                }
            }
        }
        // d/du = θ · d/dθ; the objective is the negated mean.
        return (-ll / count, [-gr * r / count, -gAlpha * alpha / count, -ga * a / count, -gb * b / count])
    }
}
