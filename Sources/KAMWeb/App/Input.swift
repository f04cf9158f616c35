import Foundation
import KAMCore

/// A JSON value as parsed from a request, so that every field can be checked and every problem
/// reported at once (a `Decodable` struct stops at the first bad field).
indirect enum JSONValue: Sendable, Equatable {
    case null, bool(Bool), number(Double), string(String), array([JSONValue]), object([String: JSONValue])

    static func parse(_ data: Data) throws -> JSONValue {
        let any = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
        return from(any)
    }

    static func from(_ any: Any) -> JSONValue {
        switch any {
        case is NSNull: return .null
        case let n as NSNumber:
            // JSONSerialization gives booleans as NSNumber too; their type encoding is "c".
            if String(cString: n.objCType) == "c", n === (true as NSNumber) || n === (false as NSNumber) { return .bool(n.boolValue) }
            return .number(n.doubleValue)
        case let s as String: return .string(s)
        case let a as [Any]: return .array(a.map(from))
        case let o as [String: Any]: return .object(o.mapValues(from))
        default: return .null
        }
    }

    /// Builds nested values from flat HTML form names such as `name.family` or `phones[1].number`.
    static func fromForm(_ pairs: [(String, String)]) -> JSONValue {
        var root = JSONValue.object([:])
        for (key, value) in pairs { root.set(path: FormPath.parse(key), value: .string(value)) }
        return root
    }

    private mutating func set(path: [FormPath.Component], value: JSONValue) {
        guard let first = path.first else {
            self = value
            return
        }
        let rest = Array(path.dropFirst())
        switch first {
        case .key(let key):
            var object: [String: JSONValue] = if case .object(let o) = self { o } else { [:] }
            var child = object[key] ?? .null
            child.set(path: rest, value: value)
            object[key] = child
            self = .object(object)
        case .index(let index):
            guard index < 100 else { return }
            var array: [JSONValue] = if case .array(let a) = self { a } else { [] }
            while array.count <= index { array.append(.null) }
            array[index].set(path: rest, value: value)
            self = .array(array)
        }
    }
}

enum FormPath {
    enum Component { case key(String), index(Int) }

    static func parse(_ name: String) -> [Component] {
        var out: [Component] = []
        for part in name.split(separator: ".") {
            var text = Substring(part)
            if let open = text.firstIndex(of: "[") {
                out.append(.key(String(text[..<open])))
                text = text[open...]
                while text.hasPrefix("["), let close = text.firstIndex(of: "]") {
                    if let i = Int(text[text.index(after: text.startIndex)..<close]) { out.append(.index(i)) }
                    text = text[text.index(after: close)...]
                }
            } else {
                out.append(.key(String(text)))
            }
        }
        return out
    }
}

/// A field of a PATCH-style input: not sent, sent as null (clear it), or sent with a value.
enum Field<T> {
    case absent, null, value(T)

    func or(_ current: T) -> T {
        if case .value(let v) = self { return v }
        return current
    }

    func orOptional(_ current: T?) -> T? {
        switch self {
        case .absent: current
        case .null: nil
        case .value(let v): v
        }
    }

    var value: T? {
        if case .value(let v) = self { return v }
        return nil
    }
}

/// Reads typed fields out of a JSON object (or a form turned into one), recording every problem.
/// Form input is all text: there an empty string means null, and numbers come as digits.
struct InputReader {
    let object: [String: JSONValue]
    let prefix: String
    let fromForm: Bool
    var issues: [FieldIssue] = []

    init(_ value: JSONValue, prefix: String = "", fromForm: Bool) {
        if case .object(let o) = value { object = o } else { object = [:] }
        self.prefix = prefix
        self.fromForm = fromForm
    }

    func path(_ key: String) -> String { prefix.isEmpty ? key : "\(prefix).\(key)" }

    private func raw(_ key: String) -> JSONValue? {
        guard let v = object[key] else { return nil }
        if fromForm, case .string(let s) = v, s.isEmpty { return .null }
        return v
    }

    mutating func string(_ key: String) -> Field<String> {
        switch raw(key) {
        case nil: return .absent
        case .null: return .null
        case .string(let s): return .value(fromForm ? s.replacingOccurrences(of: "\r\n", with: "\n") : s)
        default:
            issues.append(FieldIssue(field: path(key), code: "expected_string"))
            return .absent
        }
    }

    mutating func int(_ key: String) -> Field<Int64> {
        switch raw(key) {
        case nil: return .absent
        case .null: return .null
        case .number(let d) where d.rounded() == d && abs(d) < 9e15: return .value(Int64(d))
        case .string(let s) where fromForm:
            if let i = Int64(s.trimmingCharacters(in: .whitespaces)) { return .value(i) }
            issues.append(FieldIssue(field: path(key), code: "expected_integer"))
            return .absent
        default:
            issues.append(FieldIssue(field: path(key), code: "expected_integer"))
            return .absent
        }
    }

    /// A JSON number (a form's digits); nil when absent or null, and an issue when it is no number.
    mutating func number(_ key: String) -> Double? {
        switch raw(key) {
        case nil, .null: return nil
        case .number(let d) where d.isFinite: return d
        case .string(let s) where fromForm:
            if let d = Double(s.trimmingCharacters(in: .whitespaces)), d.isFinite { return d }
            issues.append(FieldIssue(field: path(key), code: "expected_number"))
            return nil
        default:
            issues.append(FieldIssue(field: path(key), code: "expected_number"))
            return nil
        }
    }

    /// JSON true/false; a form sends "true"/"false" (a checkbox sends "true" when ticked).
    mutating func bool(_ key: String) -> Field<Bool> {
        switch raw(key) {
        case nil: return .absent
        case .null: return .null
        case .bool(let b): return .value(b)
        case .string(let s) where fromForm && (s == "true" || s == "false"): return .value(s == "true")
        default:
            issues.append(FieldIssue(field: path(key), code: "expected_boolean"))
            return .absent
        }
    }

    mutating func vocabulary<V: DomainVocabulary>(_ key: String, _ type: V.Type) -> Field<V> {
        switch string(key) {
        case .absent: return .absent
        case .null: return .null
        case .value(let s):
            if let v = V(rawValue: s) { return .value(v) }
            issues.append(FieldIssue(field: path(key), code: "invalid_choice", detail: V.allRawValues.joined(separator: ", ")))
            return .absent
        }
    }

    mutating func date(_ key: String) -> Field<CalendarDate> {
        switch string(key) {
        case .absent: return .absent
        case .null: return .null
        case .value(let s):
            if let d = CalendarDate(s) { return .value(d) }
            issues.append(FieldIssue(field: path(key), code: "invalid_date"))
            return .absent
        }
    }

    /// A list of short texts: a JSON array of strings, or from a form one comma-separated field.
    mutating func strings(_ key: String) -> Field<[String]> {
        switch raw(key) {
        case nil: return .absent
        case .null: return .value([])
        case .string(let s) where fromForm:
            return .value(s.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty })
        case .array(let items):
            var out: [String] = []
            for (i, item) in items.enumerated() {
                guard case .string(let s) = item else {
                    issues.append(FieldIssue(field: "\(path(key))[\(i)]", code: "expected_string"))
                    continue
                }
                out.append(s)
            }
            return .value(out)
        default:
            issues.append(FieldIssue(field: path(key), code: "expected_array"))
            return .absent
        }
    }

    /// A list of ids: a JSON array of integers, or from a form one comma-separated field.
    mutating func ids(_ key: String) -> Field<[Int64]> {
        switch raw(key) {
        case nil: return .absent
        case .null: return .value([])
        case .string(let s) where fromForm:
            var out: [Int64] = []
            for piece in s.split(separator: ",") {
                if let id = Int64(piece.trimmingCharacters(in: .whitespaces)) { out.append(id) } else {
                    issues.append(FieldIssue(field: path(key), code: "expected_integer"))
                }
            }
            return .value(out)
        case .array(let items):
            var out: [Int64] = []
            for (i, item) in items.enumerated() {
                guard case .number(let d) = item, d.rounded() == d, abs(d) < 9e15 else {
                    issues.append(FieldIssue(field: "\(path(key))[\(i)]", code: "expected_integer"))
                    continue
                }
                out.append(Int64(d))
            }
            return .value(out)
        default:
            issues.append(FieldIssue(field: path(key), code: "expected_array"))
            return .absent
        }
    }

    /// A set of choices from one vocabulary, as `strings` reads them; an unknown one is named.
    mutating func vocabularies<V: DomainVocabulary>(_ key: String, _ type: V.Type) -> Field<[V]> {
        switch strings(key) {
        case .absent: return .absent
        case .null: return .null
        case .value(let raws):
            var out: [V] = []
            for raw in raws {
                if let v = V(rawValue: raw) { out.append(v) } else {
                    issues.append(FieldIssue(field: path(key), code: "invalid_choice", detail: V.allRawValues.joined(separator: ", ")))
                }
            }
            return .value(out)
        }
    }

    mutating func object(_ key: String) -> InputReader? {
        guard let v = raw(key) else { return nil }
        guard case .object = v else {
            if v != .null { issues.append(FieldIssue(field: path(key), code: "expected_object")) }
            return nil
        }
        return InputReader(v, prefix: path(key), fromForm: fromForm)
    }

    /// Elements of an array of objects; form rows that are entirely blank are skipped.
    mutating func objects(_ key: String) -> [InputReader]? {
        guard let v = raw(key) else { return nil }
        guard case .array(let items) = v else {
            if v == .null { return [] }
            issues.append(FieldIssue(field: path(key), code: "expected_array"))
            return nil
        }
        var readers: [InputReader] = []
        for (i, item) in items.enumerated() {
            if fromForm, case .object(let o) = item, o.values.allSatisfy({ $0 == .string("") || $0 == .null }) { continue }
            if fromForm, item == .null { continue }
            readers.append(InputReader(item, prefix: "\(path(key))[\(i)]", fromForm: fromForm))
        }
        return readers
    }

    /// Rejects fields the operation does not know, so a typo is not silently ignored.
    mutating func rejectUnknown(except known: Set<String>) {
        for key in object.keys.sorted() where !known.contains(key) && !key.hasPrefix("_") {
            issues.append(FieldIssue(field: path(key), code: "unknown_field"))
        }
    }
}
