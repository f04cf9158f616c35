import Foundation

/// Timestamps are stored as milliseconds since 1970 (UTC) in a 64-bit integer on both engines:
/// exact, sortable, and free of each engine's own date types.
enum Clock {
    static func millis(_ date: Date) -> Int64 { Int64((date.timeIntervalSince1970 * 1000).rounded()) }
    static func date(_ millis: Int64) -> Date { Date(timeIntervalSince1970: Double(millis) / 1000) }
}
