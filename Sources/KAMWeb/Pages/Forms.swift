import Foundation
import Hummingbird
import KAMCore
import KAMHTML
import KAMStore

/// What a form shows: the values (as typed, after a failed save) and each field's messages.
struct FormState: Sendable {
    var values: [String: String] = [:]
    var errors: [String: [String]] = [:]
    var generalError: String?

    subscript(_ name: String) -> String { values[name] ?? "" }

    mutating func add(_ issues: [FieldIssue], _ t: Catalog) {
        for issue in issues { errors[issue.field, default: []].append(t.message(for: issue)) }
    }
}

/// Form controls that show their label, the value typed, and the field's errors next to it.
enum FormFields {
    static func fieldID(_ name: String) -> String {
        "field-" + name.map { $0.isLetter || $0.isNumber ? String($0) : "-" }.joined()
    }

    static func errors(_ state: FormState, _ name: String) -> HTML {
        HTML {
            for message in state.errors[name] ?? [] {
                span(.class("field-error"), .id(fieldID(name) + "-error"), .role("alert")) { message }
            }
        }
    }

    /// `labelKey` names a catalogue entry; `rawLabel` is for labels users wrote (custom fields).
    static func text(_ t: Catalog, _ labelKey: String, name: String, state: FormState, type: String = "text",
                     required: Bool = false, maxLength: Int = 200, id: String? = nil, rawLabel: String? = nil) -> HTML {
        let fid = id ?? fieldID(name)
        let invalid = state.errors[name] != nil
        return div(.class(invalid ? "field invalid" : "field")) {
            label(.for(fid)) { rawLabel ?? t.text(labelKey) }
            input(.type(type), .name(name), .id(fid), .value(state[name]), .maxlength(maxLength), .required(required),
                  .when(invalid, .aria("invalid", "true")))
            errors(state, name)
        }
    }

    static func textArea(_ t: Catalog, _ labelKey: String, name: String, state: FormState, rows: Int = 4) -> HTML {
        let fid = fieldID(name)
        return div(.class(state.errors[name] != nil ? "field invalid" : "field")) {
            label(.for(fid)) { t.text(labelKey) }
            textarea(.name(name), .id(fid), .rows(rows)) { state[name] }
            errors(state, name)
        }
    }

    /// A select of (value, label) pairs; `blank` adds an empty first choice.
    static func select(_ t: Catalog, _ labelKey: String, name: String, state: FormState, choices: [(String, String)],
                       blank: String? = nil, rawLabel: String? = nil) -> HTML {
        let fid = fieldID(name)
        return div(.class(state.errors[name] != nil ? "field invalid" : "field")) {
            label(.for(fid)) { rawLabel ?? t.text(labelKey) }
            KAMHTML.select(.name(name), .id(fid)) {
                if let blank { option(.value(""), .selected(state[name].isEmpty)) { blank } }
                for (value, text) in choices {
                    option(.value(value), .selected(state[name] == value)) { text }
                }
            }
            errors(state, name)
        }
    }

    /// A multiple select; the state holds the chosen values comma-separated, as `FormBody.joined` sends them on.
    static func multiple(_ t: Catalog, _ labelKey: String, name: String, state: FormState, choices: [(String, String)]) -> HTML {
        let fid = fieldID(name)
        let chosen = Set(state[name].split(separator: ",").map(String.init))
        return div(.class(state.errors[name] != nil ? "field invalid" : "field")) {
            label(.for(fid)) { t.text(labelKey) }
            KAMHTML.select(.name(name), .id(fid), .multiple(), .size(min(6, max(2, choices.count)))) {
                for (value, text) in choices { option(.value(value), .selected(chosen.contains(value))) { text } }
            }
            errors(state, name)
        }
    }

    static func vocabulary<V: DomainVocabulary>(_ t: Catalog, _ labelKey: String, name: String, state: FormState,
                                                 _ type: V.Type, blank: String? = nil) -> HTML {
        select(t, labelKey, name: name, state: state, choices: V.allCases.map { ($0.rawValue, t.label($0)) }, blank: blank)
    }
}

/// Reads an HTML form body. This is the only way page handlers read forms, and it refuses any
/// form whose CSRF token does not match the session's.
enum FormBody {
    static func read(_ request: Request, _ context: AppContext, csrfExpected: String?) async throws -> [(String, String)] {
        var request = request
        let buffer = try await request.collectBody(upTo: context.maxUploadSize)
        let text = String(buffer: buffer)
        let pairs: [(String, String)] = text.split(separator: "&").compactMap { pair in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let key = decode(parts[0]) else { return nil }
            return (key, parts.count > 1 ? decode(parts[1]) ?? "" : "")
        }
        if let expected = csrfExpected {
            let sent = pairs.first { $0.0 == "_csrf" }?.1 ?? ""
            guard Security.equal(sent, expected) else { throw AppError.csrfRejected }
        }
        return pairs
    }

    private static func decode(_ s: Substring) -> String? {
        s.replacingOccurrences(of: "+", with: " ").removingPercentEncoding
    }

    /// Repeated keys (a multiple select) become one comma-separated value, in the order sent.
    static func joined(_ pairs: [(String, String)]) -> [(String, String)] {
        var order: [String] = []
        var values: [String: [String]] = [:]
        for (key, value) in pairs {
            if values[key] == nil { order.append(key) }
            values[key, default: []].append(value)
        }
        return order.map { ($0, values[$0]!.filter { !$0.isEmpty }.joined(separator: ",")) }
    }

    /// Drops the rows of the repeated groups `prefixes` (`followUps[2].title`, …) that were left
    /// blank, and numbers the others from 0 in the order sent.
    static func compactingRows(_ pairs: [(String, String)], of prefixes: [String]) -> [(String, String)] {
        var out: [(String, String)] = []
        for prefix in prefixes {
            var rows: [Int: [(String, String)]] = [:]
            for (key, value) in pairs where key.hasPrefix(prefix + "[") {
                // The bracket after the prefix: prefixes may themselves be rows (`stages[0].exitCriteria`).
                let start = key.index(key.startIndex, offsetBy: prefix.count + 1)
                guard let close = key[start...].firstIndex(of: "]"), let index = Int(key[start..<close]) else { continue }
                rows[index, default: []].append((String(key[key.index(after: close)...]), value))
            }
            let filled = rows.keys.sorted().compactMap { rows[$0] }.filter { $0.contains { !$0.1.trimmingCharacters(in: .whitespaces).isEmpty } }
            for (index, row) in filled.enumerated() { out += row.map { ("\(prefix)[\(index)]\($0.0)", $0.1) } }
        }
        return pairs.filter { pair in !prefixes.contains { pair.0.hasPrefix($0 + "[") } } + out
    }

    /// How many rows of `prefix` the fields hold (`competitors[3].name` → 4).
    static func rowCount(_ keys: some Sequence<String>, _ prefix: String) -> Int {
        var count = 0
        for key in keys where key.hasPrefix(prefix + "[") {
            if let index = Int(key.dropFirst(prefix.count + 1).prefix { $0.isNumber }) { count = max(count, index + 1) }
        }
        return count
    }

    static func value(_ pairs: [(String, String)], _ key: String) -> String? {
        pairs.first { $0.0 == key }?.1
    }
}

extension FormState {
    /// The form as the user sent it, with the problems of a failed save next to their fields; on a
    /// version conflict it says who saved first and answers their version as the one to save
    /// against next. Errors that are not about the input are rethrown.
    static func failed(_ error: any Error, form: [(String, String)], version: Int?, _ t: Catalog) throws -> (state: FormState, version: Int?) {
        var state = FormState()
        for (key, value) in form where !key.hasPrefix("_") { state.values[key] = value }
        var version = version
        switch error {
        case AppError.invalid(let issues): state.add(issues, t)
        case StoreError.validation(let failure): state.add(failure.issues, t)
        case StoreError.conflict(let code, let field?): state.add([FieldIssue(field: field, code: code)], t)
        case StoreError.versionConflict(let current, let by, let at):
            state.generalError = t.text("form.conflict", by ?? "?", t.dateTime(at))
            version = current
        default: throw error
        }
        return (state, version)
    }
}
