import Foundation

/// What an entry of an account's timeline comes from. The order of the cases is the order of
/// entries on one day (a day's activities first, then what followed from them).
public enum TimelineSource: String, DomainVocabulary, Comparable {
    case activity, portrait, move, opportunity, incident, complaint
    public static let vocabularyName = "timeline_source"

    public var rank: Int { Self.allCases.firstIndex(of: self) ?? 0 }
    public static func < (a: Self, b: Self) -> Bool { a.rank < b.rank }
}

/// One line of an account's timeline. Activities are dated by the day they happened; the rest
/// carry the moment they were recorded, and their day is that moment in the account's time zone.
public struct TimelineEntry: Sendable, Hashable, Codable {
    public var source: TimelineSource
    public var id: Int64
    public var on: CalendarDate
    public var at: Date?
    public var title: String
    public var activityKind: ActivityKind?
    public var personID: PersonID?
    /// Written in the reader's order by whoever shows it (`title` is the English order).
    public var personName: PersonName?
    public var portrait: Portrait?
    public var field: String?
    public var from: String?
    public var to: String?
    public var detail: String?
    public var amount: Money?
    public var actorName: String?

    public init(source: TimelineSource, id: Int64, on: CalendarDate, at: Date? = nil, title: String, activityKind: ActivityKind? = nil,
                personID: PersonID? = nil, personName: PersonName? = nil, portrait: Portrait? = nil, field: String? = nil, from: String? = nil, to: String? = nil,
                detail: String? = nil, amount: Money? = nil, actorName: String? = nil) {
        self.source = source
        self.id = id
        self.on = on
        self.at = at
        self.title = title
        self.activityKind = activityKind
        self.personID = personID
        self.personName = personName
        self.portrait = portrait
        self.field = field
        self.from = from
        self.to = to
        self.detail = detail
        self.amount = amount
        self.actorName = actorName
    }

    public var cursor: TimelineCursor {
        TimelineCursor(on: on, source: source, atMillis: at.map { Int64(($0.timeIntervalSince1970 * 1000).rounded()) } ?? 0, id: id)
    }
}

/// Where a page of the timeline ended. The timeline is ordered newest day first, then by source,
/// then (within a source) newest first: by moment where there is one, else by id.
public struct TimelineCursor: Sendable, Hashable, CustomStringConvertible {
    public var on: CalendarDate
    public var source: TimelineSource
    public var atMillis: Int64
    public var id: Int64

    public init(on: CalendarDate, source: TimelineSource, atMillis: Int64, id: Int64) {
        self.on = on
        self.source = source
        self.atMillis = atMillis
        self.id = id
    }

    public init?(_ text: String) {
        let parts = text.split(separator: "_", omittingEmptySubsequences: false)
        guard parts.count == 4, let on = CalendarDate(String(parts[0])), let source = TimelineSource(rawValue: String(parts[1])),
              let at = Int64(parts[2]), let id = Int64(parts[3]) else { return nil }
        self.init(on: on, source: source, atMillis: at, id: id)
    }

    public var description: String { "\(on)_\(source.rawValue)_\(atMillis)_\(id)" }

    /// True when `entry` comes after the cursor in timeline order.
    public func precedes(_ entry: TimelineCursor) -> Bool {
        if entry.on != on { return entry.on < on }
        if entry.source != source { return entry.source > source }
        if entry.atMillis != atMillis { return entry.atMillis < atMillis }
        return entry.id < id
    }
}

public enum Timeline {
    /// Merges sources, each already in timeline order and each holding at least `limit` entries
    /// past the cursor when it has them, into one page; `next` is set when more entries remain.
    public static func page(_ sources: [[TimelineEntry]], limit: Int) -> (entries: [TimelineEntry], next: TimelineCursor?) {
        let all = sources.joined().sorted { $0.cursor.precedes($1.cursor) }
        let page = Array(all.prefix(limit))
        return (page, all.count > limit ? page.last?.cursor : nil)
    }

    /// The day a moment falls on in a time zone (the account's).
    public static func day(of moment: Date, in zone: TimeZone) -> CalendarDate {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let parts = calendar.dateComponents([.year, .month, .day], from: moment)
        return CalendarDate(year: parts.year ?? 1970, month: parts.month ?? 1, day: parts.day ?? 1)
    }

    /// The first moment of a day in a time zone, as milliseconds since 1970.
    public static func startMillis(of day: CalendarDate, in zone: TimeZone) -> Int64 {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let start = calendar.date(from: DateComponents(year: day.year, month: day.month, day: day.day)) ?? Date(timeIntervalSince1970: 0)
        return Int64((start.timeIntervalSince1970 * 1000).rounded())
    }
}
