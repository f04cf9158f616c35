import Foundation

/// What a chain of influence costs: −ln ∏(strength / 5) over its hops, then its hop count.
///
/// The product of a chain is 2^twos · 3^threes / 5^weakHops (strength 1 is 1/5, 2 is 2/5, 3 is
/// 3/5, 4 is 2²/5, and 5 is 1). By unique factorisation two chains have the same product exactly
/// when the three exponents are equal, so ties are decided on whole numbers, and the logarithm
/// only orders chains whose products are clearly apart; when the logarithms are within rounding
/// of each other the products themselves are compared as big integers.
struct ChainCost: Sendable, Hashable, Comparable {
    /// Hops with a strength below 5 (each divides the product by 5).
    var weakHops: Int32
    var twos: Int32
    var threes: Int32
    var hops: Int32
    /// −ln of the product, kept because the search compares costs far more often than it
    /// extends them. Always computed from the exponents the same way, so equal exponents give
    /// equal doubles.
    private(set) var logarithm: Double

    init(weakHops: Int32, twos: Int32, threes: Int32, hops: Int32) {
        self.weakHops = weakHops
        self.twos = twos
        self.threes = threes
        self.hops = hops
        logarithm = Double(weakHops) * Self.ln5 - Double(twos) * Self.ln2 - Double(threes) * Self.ln3
    }

    static let zero = ChainCost(weakHops: 0, twos: 0, threes: 0, hops: 0)

    private static let ln2 = log(2.0), ln3 = log(3.0), ln5 = log(5.0)

    func extended(strength: UInt8) -> ChainCost {
        switch strength {
        case 1: ChainCost(weakHops: weakHops + 1, twos: twos, threes: threes, hops: hops + 1)
        case 2: ChainCost(weakHops: weakHops + 1, twos: twos + 1, threes: threes, hops: hops + 1)
        case 3: ChainCost(weakHops: weakHops + 1, twos: twos, threes: threes + 1, hops: hops + 1)
        case 4: ChainCost(weakHops: weakHops + 1, twos: twos + 2, threes: threes, hops: hops + 1)
        // 5 / 5 = 1: a decisive hop costs nothing.
        default: ChainCost(weakHops: weakHops, twos: twos, threes: threes, hops: hops + 1)
        }
    }

    static func < (a: ChainCost, b: ChainCost) -> Bool {
        if a.weakHops == b.weakHops, a.twos == b.twos, a.threes == b.threes { return a.hops < b.hops }
        let difference = a.logarithm - b.logarithm
        // Rounding error grows with the exponents (each term is off by well under 1e-15 of its
        // size); the slack is a thousand times that.
        let exponents = Double(a.weakHops) + Double(a.twos) + Double(a.threes) + Double(b.weakHops) + Double(b.twos) + Double(b.threes)
        let slack = 1e-12 * (1 + exponents)
        if difference < -slack { return true }
        if difference > slack { return false }
        return exactlyStronger(a, than: b)
    }

    /// Whether a's product exceeds b's (their exponents differ): 2^p·3^q·5^m' > 2^p'·3^q'·5^m
    /// with the common factors cancelled.
    private static func exactlyStronger(_ a: ChainCost, than b: ChainCost) -> Bool {
        let twos = Int(a.twos) - Int(b.twos), threes = Int(a.threes) - Int(b.threes), fives = Int(b.weakHops) - Int(a.weakHops)
        let left = WholeNumber.product(twos: max(twos, 0), threes: max(threes, 0), fives: max(fives, 0))
        let right = WholeNumber.product(twos: max(-twos, 0), threes: max(-threes, 0), fives: max(-fives, 0))
        return right.isLess(than: left)
    }
}

/// Just enough of an unsigned big integer for `ChainCost`: powers of 2, 3 and 5, and `<`.
struct WholeNumber {
    /// Little-endian 32-bit limbs, no leading zero limbs.
    private(set) var limbs: [UInt32] = [1]

    static func product(twos: Int, threes: Int, fives: Int) -> WholeNumber {
        var n = WholeNumber()
        // Largest powers that fit a limb, to multiply in few steps.
        n.multiply(by: 2, times: twos, chunk: 31)
        n.multiply(by: 3, times: threes, chunk: 20)
        n.multiply(by: 5, times: fives, chunk: 13)
        return n
    }

    private mutating func multiply(by base: UInt64, times: Int, chunk: Int) {
        var left = times
        while left > 0 {
            let step = min(left, chunk)
            var factor: UInt64 = 1
            for _ in 0..<step { factor *= base }
            multiply(by: factor)
            left -= step
        }
    }

    private mutating func multiply(by factor: UInt64) {
        var carry: UInt64 = 0
        for i in limbs.indices {
            let value = UInt64(limbs[i]) * factor + carry
            limbs[i] = UInt32(truncatingIfNeeded: value)
            carry = value >> 32
        }
        while carry > 0 {
            limbs.append(UInt32(truncatingIfNeeded: carry))
            carry >>= 32
        }
    }

    func isLess(than other: WholeNumber) -> Bool {
        if limbs.count != other.limbs.count { return limbs.count < other.limbs.count }
        for i in limbs.indices.reversed() where limbs[i] != other.limbs[i] {
            return limbs[i] < other.limbs[i]
        }
        return false
    }
}
