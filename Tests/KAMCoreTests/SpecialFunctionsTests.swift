import Foundation
import KAMCore
import Testing

@Suite("Special functions of the purchase models")
struct SpecialFunctionsTests {
    @Test func logGammaAgreesWithTheCLibraryAndFactorials() {
        // The C library's lgamma is an independent implementation; factorials are exact.
        for x in stride(from: 0.01, through: 200, by: 0.37) {
            #expect(abs(SpecialFunctions.logGamma(x) - lgamma(x)) < 1e-12 * max(1, abs(lgamma(x))), "x = \(x)")
        }
        var factorial = 1.0
        for n in 1...20 {
            factorial *= Double(n)
            #expect(abs(SpecialFunctions.logGamma(Double(n + 1)) - log(factorial)) < 1e-12 * max(1, log(factorial)))
        }
        #expect(abs(SpecialFunctions.logGamma(0.5) - 0.5 * log(Double.pi)) < 1e-14)
    }

    @Test func digammaIsTheDerivativeOfLogGamma() {
        #expect(abs(SpecialFunctions.digamma(1) - -0.57721566490153286) < 1e-13)
        #expect(abs(SpecialFunctions.digamma(0.5) - (-0.57721566490153286 - 2 * log(2.0))) < 1e-13)
        for x in stride(from: 0.05, through: 50, by: 0.61) {
            let h = 1e-5 * max(1, x)
            let numeric = (lgamma(x + h) - lgamma(x - h)) / (2 * h)
            #expect(abs(SpecialFunctions.digamma(x) - numeric) < 1e-6 * max(1, abs(numeric)), "x = \(x)")
        }
    }

    @Test func hypergeometricMatchesClosedForms() {
        for z in [0.0, 0.1, 0.5, 0.9, 0.99] {
            let logForm = z == 0 ? 1 : -log(1 - z) / z
            #expect(abs(SpecialFunctions.hypergeometric2F1(1, 1, 2, z) - logForm) < 1e-12 * logForm, "z = \(z)")
            // ₂F₁(a, b; b; z) = (1 − z)^−a
            #expect(abs(SpecialFunctions.hypergeometric2F1(2.5, 3.2, 3.2, z) - pow(1 - z, -2.5)) < 1e-10 * pow(1 - z, -2.5))
        }
    }
}
