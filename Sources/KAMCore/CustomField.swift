import Foundation

/// A profile field an administrator adds to accounts, for every industry or for one (domain.md §10).
public struct CustomFieldDefinition: Sendable, Hashable, Codable, Identifiable {
    public var id: Int64
    /// Stable identifier used in the API, filters and exports: lower-case letters, digits, `_`.
    public var key: String
    public var label: String
    public var type: CustomFieldType
    public var choices: [String]
    /// nil: the field applies to accounts of every industry.
    public var industry: Industry?
    public var required: Bool
    public var version: Int

    public init(id: Int64, key: String, label: String, type: CustomFieldType, choices: [String] = [],
                industry: Industry? = nil, required: Bool = false, version: Int = 1) {
        self.id = id
        self.key = key
        self.label = label
        self.type = type
        self.choices = choices
        self.industry = industry
        self.required = required
        self.version = version
    }

    public func applies(to industry: Industry) -> Bool {
        self.industry == nil || self.industry == industry
    }

    public func validate(_ value: String, into v: inout Validator) {
        let field = "customFields.\(key)"
        guard !value.isEmpty else { return }
        switch type {
        case .text: v.text(value, field, max: 2000)
        case .number: if Double(value) == nil || !(Double(value)?.isFinite ?? false) { v.add(field, "invalid_number") }
        case .date: if CalendarDate(value) == nil { v.add(field, "invalid_date") }
        case .choice: if !choices.contains(value) { v.add(field, "invalid_choice", choices.joined(separator: ", ")) }
        }
    }

    public static func validateDefinition(key: String, label: String, type: CustomFieldType,
                                          choices: [String]) throws(ValidationFailure) {
        var v = Validator()
        v.text(key, "key", required: true, max: 60)
        if !key.isEmpty, !key.allSatisfy({ ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_" })
            || key.first.map({ ("0"..."9").contains($0) }) == true {
            v.add("key", "invalid_key")
        }
        v.text(label, "label", required: true, max: 200)
        if type == .choice {
            if choices.isEmpty { v.add("choices", "required") }
            if Set(choices).count != choices.count { v.add("choices", "duplicate") }
            for (i, c) in choices.enumerated() { v.text(c, "choices[\(i)]", required: true, max: 200) }
        }
        try v.check()
    }
}
