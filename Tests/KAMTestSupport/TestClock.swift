import Foundation
import Synchronization

/// A clock a test moves by hand, for the review calendar's due and overdue states.
public final class TestClock: Sendable {
    private let moment: Mutex<Date>

    public init(_ iso: String) {
        moment = Mutex(ISO8601DateFormatter().date(from: iso)!)
    }

    public var now: Date { moment.withLock { $0 } }

    public func set(_ iso: String) {
        let date = ISO8601DateFormatter().date(from: iso)!
        moment.withLock { $0 = date }
    }
}
