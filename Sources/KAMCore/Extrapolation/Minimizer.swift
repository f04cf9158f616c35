/// Quasi-Newton minimisation (BFGS with a backtracking Armijo line search) for the small, smooth
/// likelihoods of the purchase models: three or four parameters, an analytic gradient, so a few
/// dozen evaluations reach the optimum where a simplex search needs hundreds.
public enum Minimizer {
    public struct Outcome: Sendable, Equatable {
        public var point: [Double]
        public var value: Double
        public var gradient: [Double]
        public var iterations: Int
        public var evaluations: Int
        public var converged: Bool
    }

    /// Minimises `objective`, which answers the value and the gradient at a point. Stops when
    /// the largest gradient component falls under `gradientTolerance` or a step no longer
    /// lowers the value.
    public static func bfgs(
        from start: [Double],
        gradientTolerance: Double = 1e-9,
        maxIterations: Int = 500,
        objective: ([Double]) -> (value: Double, gradient: [Double])
    ) -> Outcome {
        let n = start.count
        var x = start
        var (fx, g) = objective(x)
        var evaluations = 1
        // Inverse Hessian estimate, row-major, starting from the identity.
        var h = [Double](repeating: 0, count: n * n)
        for i in 0..<n { h[i * n + i] = 1 }
        var iteration = 0
        while iteration < maxIterations {
            if !fx.isFinite { break }
            if g.map(abs).max() ?? 0 < gradientTolerance {
                return Outcome(point: x, value: fx, gradient: g, iterations: iteration, evaluations: evaluations, converged: true)
            }
            var direction = [Double](repeating: 0, count: n)
            for i in 0..<n { for j in 0..<n { direction[i] -= h[i * n + j] * g[j] } }
            var slope = zip(direction, g).reduce(0) { $0 + $1.0 * $1.1 }
            if slope >= 0 {
                // The estimate lost positive definiteness: restart from steepest descent.
                for i in 0..<n { for j in 0..<n { h[i * n + j] = i == j ? 1 : 0 } }
                direction = g.map { -$0 }
                slope = -g.reduce(0) { $0 + $1 * $1 }
            }
            // Steps in log-parameter space beyond a few units overflow the likelihood's powers.
            let longest = direction.map(abs).max() ?? 0
            var step = longest > 5 ? 5 / longest : 1.0
            var accepted: (x: [Double], fx: Double, g: [Double])?
            for _ in 0..<60 {
                let candidate = zip(x, direction).map { $0 + step * $1 }
                let (fc, gc) = objective(candidate)
                evaluations += 1
                if fc.isFinite, fc <= fx + 1e-4 * step * slope {
                    accepted = (candidate, fc, gc)
                    break
                }
                step *= 0.5
            }
            guard let next = accepted else {
                return Outcome(point: x, value: fx, gradient: g, iterations: iteration, evaluations: evaluations,
                               converged: (g.map(abs).max() ?? 0) < gradientTolerance * 1e3)
            }
            let s = zip(next.x, x).map { $0 - $1 }
            let y = zip(next.g, g).map { $0 - $1 }
            let sy = zip(s, y).reduce(0) { $0 + $1.0 * $1.1 }
            let improvement = fx - next.fx
            x = next.x; fx = next.fx; g = next.g
            iteration += 1
            if sy > 1e-300 {
                // H ← (I − ρ s yᵀ) H (I − ρ y sᵀ) + ρ s sᵀ
                let rho = 1 / sy
                var hy = [Double](repeating: 0, count: n)
                for i in 0..<n { for j in 0..<n { hy[i] += h[i * n + j] * y[j] } }
                let yhy = zip(y, hy).reduce(0) { $0 + $1.0 * $1.1 }
                for i in 0..<n {
                    for j in 0..<n {
                        h[i * n + j] += (1 + rho * yhy) * rho * s[i] * s[j] - rho * (hy[i] * s[j] + s[i] * hy[j])
                    }
                }
            }
            if improvement <= 1e-15 * max(1, abs(fx)) && (g.map(abs).max() ?? 0) < gradientTolerance * 1e3 {
                return Outcome(point: x, value: fx, gradient: g, iterations: iteration, evaluations: evaluations, converged: true)
            }
        }
        return Outcome(point: x, value: fx, gradient: g, iterations: iteration, evaluations: evaluations,
                       converged: (g.map(abs).max() ?? .infinity) < gradientTolerance)
    }
}
