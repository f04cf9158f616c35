import Foundation

/// An all-day event in a calendar feed: one review owed at one account.
public struct CalendarFeedEvent: Sendable, Hashable {
    /// Stable across feed refreshes, so a subscribed calendar updates the event instead of adding one.
    public var uid: String
    public var day: CalendarDate
    public var summary: String
    public var description: String
    public var url: String?

    public init(uid: String, day: CalendarDate, summary: String, description: String, url: String? = nil) {
        self.uid = uid
        self.day = day
        self.summary = summary
        self.description = description
        self.url = url
    }
}

/// Writes an iCalendar (RFC 5545) feed that Google Calendar, Outlook and Thunderbird subscribe to.
public enum ICalendar {
    /// The whole feed: CRLF line ends, lines folded at 75 octets without splitting a character.
    /// `stamp` is when the feed was made (DTSTAMP, in UTC).
    public static func feed(name: String, events: [CalendarFeedEvent], stamp: Date) -> String {
        var lines = [
            "BEGIN:VCALENDAR",
            "VERSION:2.0",
            "PRODID:-//OpenKAM//Review calendar//EN",
            "CALSCALE:GREGORIAN",
            "METHOD:PUBLISH",
            "X-WR-CALNAME:" + text(name),
            // Asks subscribers to refresh hourly; they may take longer.
            "REFRESH-INTERVAL;VALUE=DURATION:PT1H",
            "X-PUBLISHED-TTL:PT1H",
        ]
        let dtstamp = utcStamp(stamp)
        for event in events {
            lines.append("BEGIN:VEVENT")
            lines.append("UID:" + text(event.uid))
            lines.append("DTSTAMP:" + dtstamp)
            lines.append("DTSTART;VALUE=DATE:" + basic(event.day))
            lines.append("DTEND;VALUE=DATE:" + basic(event.day.adding(days: 1)))
            lines.append("SUMMARY:" + text(event.summary))
            lines.append("DESCRIPTION:" + text(event.description))
            if let url = event.url { lines.append("URL:" + url) }
            lines.append("TRANSP:TRANSPARENT")
            lines.append("END:VEVENT")
        }
        lines.append("END:VCALENDAR")
        return lines.map(fold).joined(separator: "\r\n") + "\r\n"
    }

    /// TEXT value escaping (RFC 5545 §3.3.11): backslash, semicolon, comma and line breaks.
    public static func text(_ value: String) -> String {
        var out = ""
        out.reserveCapacity(value.utf8.count)
        var previousWasCR = false
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case ";": out += "\\;"
            case ",": out += "\\,"
            case "\r": out += "\\n"
            case "\n": if !previousWasCR { out += "\\n" }
            default:
                // Other control characters are not allowed in a TEXT value.
                if scalar.value < 0x20 || scalar.value == 0x7F { out += " " } else { out.unicodeScalars.append(scalar) }
            }
            previousWasCR = scalar == "\r"
        }
        return out
    }

    /// Folds a content line into lines of at most 75 octets (RFC 5545 §3.1); a continuation line
    /// starts with a space, which counts towards its 75. A character is never split.
    public static func fold(_ line: String) -> String {
        guard line.utf8.count > 75 else { return line }
        var out = ""
        var width = 0
        for character in line {
            let size = character.utf8.count
            if width + size > 75 {
                out += "\r\n "
                width = 1
            }
            out.append(character)
            width += size
        }
        return out
    }

    static func basic(_ day: CalendarDate) -> String {
        String(format: "%04d%02d%02d", day.year, day.month, day.day)
    }

    static func utcStamp(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = .gmt
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        return String(format: "%04d%02d%02dT%02d%02d%02dZ", c.year ?? 0, c.month ?? 0, c.day ?? 0, c.hour ?? 0, c.minute ?? 0, c.second ?? 0)
    }
}
