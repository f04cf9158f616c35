import Foundation

/// The special functions the purchase models need, written here rather than taken from the C
/// library: glibc's `lgamma` writes a process-wide global (`signgam`), and the fits run on many
/// tasks at once.
public enum SpecialFunctions {
    private static let lanczos: [Double] = [
        0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
        -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
        1.5056327351493116e-7,
    ]
    private static let halfLogTwoPi = 0.91893853320467274178

    /// ln Γ(x) for x > 0 (Lanczos, g = 7: about 15 significant digits).
    public static func logGamma(_ x: Double) -> Double {
        precondition(x > 0, "logGamma is defined here for positive arguments only")
        if x < 0.5 {
            // Reflection keeps the approximation in the range where it is accurate.
            return log(Double.pi / sin(Double.pi * x)) - logGamma(1 - x)
        }
        let z = x - 1
        var sum = lanczos[0]
        for index in 1..<lanczos.count { sum += lanczos[index] / (z + Double(index)) }
        let t = z + 7.5
        return halfLogTwoPi + (z + 0.5) * log(t) - t + log(sum)
    }

    /// ψ(x) = d/dx ln Γ(x) for x > 0: the recurrence up to 10, then the asymptotic series.
    public static func digamma(_ x: Double) -> Double {
        precondition(x > 0, "digamma is defined here for positive arguments only")
        var x = x
        var result = 0.0
        while x < 10 {
            result -= 1 / x
            x += 1
        }
        let f = 1 / (x * x)
        let series = f * (1.0 / 12 - f * (1.0 / 120 - f * (1.0 / 252 - f * (1.0 / 240 - f / 132))))
        return result + log(x) - 0.5 / x - series
    }

    /// ln B(a, b).
    public static func logBeta(_ a: Double, _ b: Double) -> Double {
        logGamma(a) + logGamma(b) - logGamma(a + b)
    }

    /// Gauss's hypergeometric ₂F₁(a, b; c; z) for 0 ≤ z < 1 by its power series, summed until a
    /// term no longer changes the sum. The purchase models only call it with
    /// z = t / (α + T + t), which stays below 1; close to 1 the series needs many terms but still
    /// converges, so it is summed rather than transformed.
    public static func hypergeometric2F1(_ a: Double, _ b: Double, _ c: Double, _ z: Double) -> Double {
        precondition(z >= 0 && z < 1, "hypergeometric2F1 needs 0 <= z < 1")
        var term = 1.0
        var sum = 1.0
        var n = 0.0
        while n < 10_000_000 {
            term *= (a + n) * (b + n) / ((c + n) * (n + 1)) * z
            sum += term
            if abs(term) <= abs(sum) * 1e-16 { break }
            n += 1
        }
        return sum
    }
}
