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
    /// Days since 1970-01-01 (Howard Hinnant's days_from_civil).
    static func dayNumber(_ d: CalendarDate) -> Int {
        let y = d.month <= 2 ? d.year - 1 : d.year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (d.month + 9) % 12
        let doy = (153 * mp + 2) / 5 + d.day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    static func date(dayNumber: Int) -> CalendarDate {
        let z = dayNumber + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return CalendarDate(year: yoe + era * 400 + (month <= 2 ? 1 : 0), month: month, day: day)
    }

    static func adding(_ days: Int, to d: CalendarDate) -> CalendarDate {
        date(dayNumber: dayNumber(d) + days)
    }
}
