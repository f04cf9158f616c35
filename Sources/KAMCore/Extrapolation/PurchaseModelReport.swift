/// Both purchase models fitted on one set of summaries. Gamma-Gamma is absent when too few
/// customers have repeat purchases with a positive spend; BG/NBD is required.
public struct PurchaseModelReport: Sendable, Hashable, Encodable {
    public var bgnbd: BGNBDFit
    public var gammaGamma: GammaGammaFit?

    public init(_ summaries: [PurchaseSummary]) throws(ModelFitFailure) {
        bgnbd = try BetaGeometricNBD.fit(summaries)
        gammaGamma = try? GammaGammaSpend.fit(summaries)
    }

    private enum Keys: String, CodingKey {
        case bgnbd, gammaGamma = "gamma_gamma"
        case r, alpha, a, b, p, q, v, logLikelihood = "log_likelihood", customers, iterations, converged
    }

    /// The shape `kam clv fit` prints: the parameters flat under each model's name.
    public func encode(to encoder: any Encoder) throws {
        var root = encoder.container(keyedBy: Keys.self)
        var bg = root.nestedContainer(keyedBy: Keys.self, forKey: .bgnbd)
        try bg.encode(bgnbd.parameters.r, forKey: .r)
        try bg.encode(bgnbd.parameters.alpha, forKey: .alpha)
        try bg.encode(bgnbd.parameters.a, forKey: .a)
        try bg.encode(bgnbd.parameters.b, forKey: .b)
        try bg.encode(bgnbd.logLikelihood, forKey: .logLikelihood)
        try bg.encode(bgnbd.customers, forKey: .customers)
        try bg.encode(bgnbd.iterations, forKey: .iterations)
        try bg.encode(bgnbd.converged, forKey: .converged)
        guard let gammaGamma else {
            try root.encodeNil(forKey: .gammaGamma)
            return
        }
        var gg = root.nestedContainer(keyedBy: Keys.self, forKey: .gammaGamma)
        try gg.encode(gammaGamma.parameters.p, forKey: .p)
        try gg.encode(gammaGamma.parameters.q, forKey: .q)
        try gg.encode(gammaGamma.parameters.v, forKey: .v)
        try gg.encode(gammaGamma.logLikelihood, forKey: .logLikelihood)
        try gg.encode(gammaGamma.customers, forKey: .customers)
        try gg.encode(gammaGamma.iterations, forKey: .iterations)
        try gg.encode(gammaGamma.converged, forKey: .converged)
    }
}
