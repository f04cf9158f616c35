import Foundation

/// SplitMix64: a small, fast, seedable generator. Demo data must be identical for the same seed
/// on every platform and run, so neither Foundation's nor the system's randomness is used.
struct DemoRandom: Sendable {
    private(set) var state: UInt64

    init(state: UInt64) {
        self.state = state
    }

    /// An independent stream for one (seed, purpose, index) triple, so that generating the people
    /// of account 7 gives the same result whether or not accounts 0…6 were generated before.
    init(seed: UInt64, stream: UInt64, index: Int) {
        var mixer = DemoRandom(state: seed ^ (stream &* 0xD1B5_4A32_D192_ED03))
        let first = mixer.next()
        mixer.state = first ^ (UInt64(bitPattern: Int64(index)) &* 0x9E37_79B9_7F4A_7C15)
        self.state = mixer.next()
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A value in `0..<bound` (0 when `bound` is not positive).
    mutating func int(_ bound: Int) -> Int {
        guard bound > 1 else { return 0 }
        return Int(next() % UInt64(bound))
    }

    mutating func int(in range: ClosedRange<Int>) -> Int {
        range.lowerBound + int(range.upperBound - range.lowerBound + 1)
    }

    /// True with probability `percent`/100.
    mutating func chance(_ percent: Int) -> Bool {
        int(100) < percent
    }

    mutating func pick<T>(_ items: [T]) -> T {
        items[int(items.count)]
    }

    /// Picks an index by integer weights.
    mutating func weighted(_ weights: [Int]) -> Int {
        let total = weights.reduce(0, +)
        var roll = int(total)
        for (i, w) in weights.enumerated() {
            if roll < w { return i }
            roll -= w
        }
        return weights.count - 1
    }

    mutating func pick<T>(_ items: [(T, Int)]) -> T {
        items[weighted(items.map(\.1))].0
    }

    /// `n` decimal digits, leading zeros allowed.
    mutating func digits(_ n: Int) -> String {
        var out = ""
        out.reserveCapacity(n)
        for _ in 0..<n { out.append(Character(Unicode.Scalar(UInt8(48 + int(10))))) }
        return out
    }

    /// A plausible date in the given years (days 1…28, so every month is valid).
    mutating func date(years: ClosedRange<Int>) -> CalendarDate {
        CalendarDate(year: int(in: years), month: int(in: 1...12), day: int(in: 1...28))
    }
}

/// Day arithmetic on calendar dates without Foundation's calendar (proleptic Gregorian).
enum DemoCalendar {
    static func dayNumber(_ d: CalendarDate) -> Int { d.daysSince1970 }

    static func date(dayNumber: Int) -> CalendarDate { CalendarDate(daysSince1970: dayNumber) }

    static func adding(_ days: Int, to d: CalendarDate) -> CalendarDate {
        date(dayNumber: dayNumber(d) + days)
    }
}
