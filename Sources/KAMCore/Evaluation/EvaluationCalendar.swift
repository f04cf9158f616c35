import Foundation

/// The last review of a kind held at an account: the due date it answered and the day it was held.
public struct HeldReview: Sendable, Hashable, Codable {
    public var dueOn: CalendarDate
    public var heldOn: CalendarDate

    public init(dueOn: CalendarDate, heldOn: CalendarDate) {
        self.dueOn = dueOn
        self.heldOn = heldOn
    }
}

/// Whose reviews: the accounts the caller owns, is on the team of or covers; or everything they
/// see (a director's team, the whole company for company-wide roles).
public enum ReviewScope: String, Sendable, CaseIterable {
    case mine, team
}

/// Where a review stands on a given day in the account's zone.
public enum DueState: String, DomainVocabulary {
    case upcoming, dueSoon = "due_soon", overdue
    public static let vocabularyName = "due_state"
}

/// One review owed: what, where, when.
public struct DueReview: Sendable, Hashable, Codable {
    public var accountID: AccountID
    public var kind: EvaluationKind
    public var dueOn: CalendarDate
    public var state: DueState
    /// Days past the due date (negative: days left).
    public var daysOverdue: Int

    public init(accountID: AccountID, kind: EvaluationKind, dueOn: CalendarDate, state: DueState, daysOverdue: Int) {
        self.accountID = accountID
        self.kind = kind
        self.dueOn = dueOn
        self.state = state
        self.daysOverdue = daysOverdue
    }
}

/// The review calendar (domain.md §8), computed from the cadences, the day the account became a
/// key account and the reviews already held. Pure: the clock comes in as `today`, already turned
/// into the account's calendar date (`EvaluationCalendar.today(at:in:)`).
public enum EvaluationCalendar {
    /// `months` after `date`, on `anchorDay` or the month's last day when the month is shorter: a
    /// rhythm that starts on 31 January falls on 28 or 29 February and is back on 31 March,
    /// instead of drifting to the 28th for good.
    public static func adding(months: Int, to date: CalendarDate, anchorDay: Int? = nil) -> CalendarDate {
        let index = date.year * 12 + (date.month - 1) + months
        let year = index / 12, month = index % 12 + 1
        let day = min(anchorDay ?? date.day, CalendarDate.daysIn(month: month, year: year))
        return CalendarDate(year: year, month: month, day: day)
    }

    /// The next due date. Anchored: the previous due date plus the cadence (the first one the start
    /// plus the cadence), always on the start's day of the month. Floating: the day the last review
    /// was held plus the cadence. A changed cadence applies from the next due date on.
    public static func nextDue(start: CalendarDate, months: Int, anchoring: CadenceAnchoring, last: HeldReview?) -> CalendarDate {
        guard let last else { return adding(months: months, to: start) }
        switch anchoring {
        case .anchored: return adding(months: months, to: last.dueOn, anchorDay: start.day)
        case .floating: return adding(months: months, to: last.heldOn)
        }
    }

    public static func state(dueOn: CalendarDate, today: CalendarDate, remindDaysBefore: Int) -> DueState {
        let left = today.days(until: dueOn)
        return left < 0 ? .overdue : left <= remindDaysBefore ? .dueSoon : .upcoming
    }

    /// The calendar date at `moment` in `zone`: Tokyo's today begins nine hours before UTC's.
    public static func today(at moment: Date, in zone: TimeZone) -> CalendarDate {
        let seconds = Int((moment.timeIntervalSince1970 + Double(zone.secondsFromGMT(for: moment))).rounded(.down))
        return CalendarDate(daysSince1970: Int((Double(seconds) / 86_400).rounded(.down)))
    }

    /// Everything the calendar needs to know about one key account.
    public struct AccountFacts: Sendable {
        public var accountID: AccountID
        public var accountClass: AccountClass?
        /// The day (in the account's zone) it became a key account.
        public var keyAccountSince: CalendarDate
        public var today: CalendarDate
        public var lastHeld: [EvaluationKind: HeldReview]

        public init(accountID: AccountID, accountClass: AccountClass?, keyAccountSince: CalendarDate, today: CalendarDate,
                    lastHeld: [EvaluationKind: HeldReview]) {
            self.accountID = accountID
            self.accountClass = accountClass
            self.keyAccountSince = keyAccountSince
            self.today = today
            self.lastHeld = lastHeld
        }
    }

    /// The next review of every kind at one account.
    public static func schedule(_ facts: AccountFacts, cadences: EvaluationCadences, investment: InvestmentStrategy,
                                kinds: [EvaluationKind] = EvaluationKind.allCases) -> [DueReview] {
        kinds.map { kind in
            let cadence = cadences.cadence(kind)
            let months = cadences.months(kind, accountClass: facts.accountClass, investment: investment)
            let due = nextDue(start: facts.keyAccountSince, months: months, anchoring: cadence.anchoring, last: facts.lastHeld[kind])
            return DueReview(accountID: facts.accountID, kind: kind, dueOn: due,
                             state: state(dueOn: due, today: facts.today, remindDaysBefore: cadences.remindDaysBefore),
                             daysOverdue: due.days(until: facts.today))
        }
    }
}

/// Reviews held on time, as a share: the portfolio report groups it by team and by class.
public struct OnTimeShare: Sendable, Hashable, Codable {
    public var held: Int
    public var onTime: Int
    /// Owed and not held past their due date.
    public var overdue: Int

    public init(held: Int = 0, onTime: Int = 0, overdue: Int = 0) {
        self.held = held
        self.onTime = onTime
        self.overdue = overdue
    }

    /// On time out of everything that fell due: the held ones and the overdue ones; nil when nothing fell due.
    public var percent: Int? {
        let due = held + overdue
        return due == 0 ? nil : Int((Double(onTime) * 100 / Double(due)).rounded())
    }

    public static func + (a: Self, b: Self) -> Self { Self(held: a.held + b.held, onTime: a.onTime + b.onTime, overdue: a.overdue + b.overdue) }
}
