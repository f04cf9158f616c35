import Foundation

/// One reason a field was refused. `code` is stable (API clients switch on it); `field` is the
/// JSON name of the input, with a path for nested inputs (`phones[1].number`).
public struct FieldIssue: Sendable, Hashable, Codable {
    public var field: String
    public var code: String
    /// Parameters for the message (limits, allowed values), already formatted as text.
    public var detail: String?

    public init(field: String, code: String, detail: String? = nil) {
        self.field = field
        self.code = code
        self.detail = detail
    }
}

public struct ValidationFailure: Error, Sendable, Equatable {
    public var issues: [FieldIssue]
    public init(_ issues: [FieldIssue]) { self.issues = issues }
}

/// Collects every failing field of one input so a user sees all problems at once, not one per try.
public struct Validator: Sendable {
    public private(set) var issues: [FieldIssue] = []
    private var knownFields: Set<String> = []
    public init() {}

    /// Starts from issues already found while reading the input (a wrong type, an unknown choice),
    /// so one answer lists them with the domain's own; a field flagged there is not flagged again.
    public init(known: [FieldIssue]) {
        issues = known
        knownFields = Set(known.map(\.field))
    }

    public mutating func add(_ field: String, _ code: String, _ detail: String? = nil) {
        guard !knownFields.contains(field) else { return }
        issues.append(FieldIssue(field: field, code: code, detail: detail))
    }

    public mutating func text(_ value: String?, _ field: String, required: Bool = false, max: Int) {
        guard let value, !value.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            if required { add(field, "required") }
            return
        }
        if value.count > max { add(field, "too_long", String(max)) }
        if value.unicodeScalars.contains(where: { $0.value < 0x20 && $0 != "\n" && $0 != "\r" && $0 != "\t" }) {
            add(field, "control_characters")
        }
    }

    public mutating func range(_ value: Int?, _ field: String, _ bounds: ClosedRange<Int>, required: Bool = true) {
        guard let value else {
            if required { add(field, "required") }
            return
        }
        if !bounds.contains(value) { add(field, "out_of_range", "\(bounds.lowerBound)–\(bounds.upperBound)") }
    }

    public mutating func email(_ value: String?, _ field: String) {
        guard let value, !value.isEmpty else { return }
        text(value, field, max: 254)
        let parts = value.split(separator: "@", omittingEmptySubsequences: false)
        if parts.count != 2 || parts[0].isEmpty || !parts[1].contains(".") || value.contains(" ") {
            add(field, "invalid_email")
        }
    }

    public mutating func url(_ value: String?, _ field: String) {
        guard let value, !value.isEmpty else { return }
        text(value, field, max: 2000)
        if !SafeURL.isAllowed(value) { add(field, "unsafe_url") }
    }

    public mutating func timeZone(_ value: String?, _ field: String) {
        guard let value, !value.isEmpty else { return }
        if TimeZone(identifier: value) == nil { add(field, "invalid_time_zone") }
    }

    public func check() throws(ValidationFailure) {
        if !issues.isEmpty { throw ValidationFailure(issues) }
    }
}

/// Links a user typed may only be web or mail links: `javascript:` and friends are refused at input.
public enum SafeURL {
    public static func isAllowed(_ value: String) -> Bool {
        let lowered = value.trimmingCharacters(in: .whitespaces).lowercased()
        return ["https://", "http://", "mailto:"].contains { lowered.hasPrefix($0) }
    }
}

/// Calendar dates (due dates, employment from/to) are plain `YYYY-MM-DD` in the account's zone.
public struct CalendarDate: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public var year: Int, month: Int, day: Int

    /// Exactly `YYYY-MM-DD`. Read byte by byte: purchase histories parse millions of these.
    public init?(_ text: String) {
        var text = text
        let parsed: (Int, Int, Int)? = text.withUTF8 { bytes in
            guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-") else { return nil }
            func number(_ range: Range<Int>) -> Int? {
                var value = 0
                for index in range {
                    let digit = bytes[index] &- UInt8(ascii: "0")
                    guard digit < 10 else { return nil }
                    value = value * 10 + Int(digit)
                }
                return value
            }
            guard let y = number(0..<4), let m = number(5..<7), let d = number(8..<10) else { return nil }
            return (y, m, d)
        }
        guard let (y, m, d) = parsed, (1...9999).contains(y), (1...12).contains(m),
              (1...CalendarDate.daysIn(month: m, year: y)).contains(d) else { return nil }
        year = y; month = m; day = d
    }

    public init(year: Int, month: Int, day: Int) {
        self.year = year; self.month = month; self.day = day
    }

    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    public var description: String {
        // Not String(format:): the bulk loader writes a million of these.
        Self.padded(year, 4) + "-" + Self.padded(month, 2) + "-" + Self.padded(day, 2)
    }

    private static func padded(_ number: Int, _ width: Int) -> String {
        let digits = String(number)
        return number < 0 || digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }

    public static func < (a: Self, b: Self) -> Bool {
        (a.year, a.month, a.day) < (b.year, b.month, b.day)
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let date = CalendarDate(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "invalid_date"))
        }
        self = date
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(description)
    }
}
