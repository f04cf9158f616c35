/// One attribute of an element. The value is escaped and double-quoted on output.
///
/// Refused at construction (the attribute is silently dropped):
/// - names not matching `[A-Za-z][A-Za-z0-9:_-]*`;
/// - event handlers (any name starting with `on`, any case) — we never emit inline JS;
/// - `srcdoc` (its value is a whole HTML document).
///
/// Values of URL-bearing attributes (`href`, `src`, `action`, `formaction`, `xlink:href`,
/// `poster`, `cite`, … see `SafeLink.urlAttributes`) go through `SafeLink.sanitize`.
public struct Attribute: Sendable, Hashable {
    /// Empty when the attribute was refused or is `.omitted`; such attributes render nothing.
    let attrName: String
    /// nil => boolean attribute, rendered as the bare name.
    let attrValue: String?

    /// `value == nil` makes a boolean attribute (e.g. `Attribute("required", nil)`).
    public init(_ name: String, _ value: String?) {
        guard Attribute.isAllowedName(name) else {
            self.attrName = ""
            self.attrValue = nil
            return
        }
        self.attrName = name
        if let value, SafeLink.isURLAttribute(name) {
            self.attrValue = SafeLink.sanitize(value)
        } else {
            self.attrValue = value
        }
    }

    private init(dropped: Void) {
        self.attrName = ""
        self.attrValue = nil
    }

    /// An attribute that renders nothing; useful in conditionals.
    public static let omitted = Attribute(dropped: ())

    /// `attribute` when `condition` holds, otherwise `.omitted`.
    public static func when(_ condition: Bool, _ attribute: Attribute) -> Attribute {
        condition ? attribute : .omitted
    }

    /// True when this attribute will not appear in the output.
    public var isOmitted: Bool { attrName.isEmpty }

    func write(into out: inout [UInt8]) {
        guard !attrName.isEmpty else { return }
        out.append(UInt8(ascii: " "))
        out.append(contentsOf: attrName.utf8)
        if let value = attrValue {
            out.append(UInt8(ascii: "="))
            out.append(UInt8(ascii: "\""))
            Escape.write(value, into: &out)
            out.append(UInt8(ascii: "\""))
        }
    }

    var sizeHint: Int { attrName.isEmpty ? 0 : attrName.utf8.count + (attrValue?.utf8.count ?? 0) + 4 }

    // MARK: Name validation

    /// `[A-Za-z][A-Za-z0-9:_-]*` — shared by element and attribute names.
    static func isValidName(_ s: String) -> Bool {
        var first = true
        for b in s.utf8 {
            let alpha = (0x41...0x5A).contains(b) || (0x61...0x7A).contains(b)
            if first {
                guard alpha else { return false }
                first = false
                continue
            }
            let ok = alpha || (0x30...0x39).contains(b) || b == UInt8(ascii: ":")
                || b == UInt8(ascii: "_") || b == UInt8(ascii: "-")
            guard ok else { return false }
        }
        return !first
    }

    static func isAllowedName(_ s: String) -> Bool {
        guard isValidName(s) else { return false }
        let bytes = s.utf8
        var it = bytes.makeIterator()
        // Event handlers: `on…` in any case.
        if let b0 = it.next(), let b1 = it.next(), b0 | 0x20 == UInt8(ascii: "o"), b1 | 0x20 == UInt8(ascii: "n") {
            return false
        }
        if bytes.count == 6, asciiLowercased(s) == "srcdoc" { return false }
        return true
    }

    static func hasUppercaseASCII(_ s: String) -> Bool {
        s.utf8.contains { (0x41...0x5A).contains($0) }
    }

    static func asciiLowercased(_ s: String) -> String {
        guard hasUppercaseASCII(s) else { return s }
        var bytes = Array(s.utf8)
        for i in bytes.indices where (0x41...0x5A).contains(bytes[i]) { bytes[i] += 0x20 }
        return String(decoding: bytes, as: UTF8.self)
    }

    static func boolean(_ name: String, _ on: Bool) -> Attribute {
        on ? Attribute(name, nil) : .omitted
    }
}

// MARK: - Common HTML attributes

extension Attribute {
    /// Any attribute by name (validated like every other).
    public static func attr(_ name: String, _ value: String) -> Attribute { Attribute(name, value) }
    /// A boolean attribute, present only when `on`.
    public static func flag(_ name: String, _ on: Bool = true) -> Attribute { boolean(name, on) }

    public static func id(_ v: String) -> Attribute { Attribute("id", v) }
    public static func `class`(_ v: String) -> Attribute { Attribute("class", v) }
    /// Same as `.class(_:)`.
    public static func cls(_ v: String) -> Attribute { Attribute("class", v) }
    /// Space-joined class list; empty names are skipped.
    public static func classes(_ names: [String]) -> Attribute {
        Attribute("class", names.filter { !$0.isEmpty }.joined(separator: " "))
    }
    public static func href(_ v: String) -> Attribute { Attribute("href", v) }
    public static func src(_ v: String) -> Attribute { Attribute("src", v) }
    public static func action(_ v: String) -> Attribute { Attribute("action", v) }
    public static func formaction(_ v: String) -> Attribute { Attribute("formaction", v) }
    public static func method(_ v: String) -> Attribute { Attribute("method", v) }
    public static func enctype(_ v: String) -> Attribute { Attribute("enctype", v) }
    public static func type(_ v: String) -> Attribute { Attribute("type", v) }
    public static func name(_ v: String) -> Attribute { Attribute("name", v) }
    public static func value(_ v: String) -> Attribute { Attribute("value", v) }
    public static func placeholder(_ v: String) -> Attribute { Attribute("placeholder", v) }
    public static func `for`(_ v: String) -> Attribute { Attribute("for", v) }
    public static func lang(_ v: String) -> Attribute { Attribute("lang", v) }
    public static func charset(_ v: String) -> Attribute { Attribute("charset", v) }
    public static func rel(_ v: String) -> Attribute { Attribute("rel", v) }
    public static func content(_ v: String) -> Attribute { Attribute("content", v) }
    public static func title(_ v: String) -> Attribute { Attribute("title", v) }
    public static func alt(_ v: String) -> Attribute { Attribute("alt", v) }
    public static func target(_ v: String) -> Attribute { Attribute("target", v) }
    public static func role(_ v: String) -> Attribute { Attribute("role", v) }
    /// Inline CSS; the value is escaped like any other attribute value.
    public static func style(_ v: String) -> Attribute { Attribute("style", v) }
    public static func datetime(_ v: String) -> Attribute { Attribute("datetime", v) }
    public static func pattern(_ v: String) -> Attribute { Attribute("pattern", v) }
    public static func min(_ v: String) -> Attribute { Attribute("min", v) }
    public static func max(_ v: String) -> Attribute { Attribute("max", v) }
    public static func step(_ v: String) -> Attribute { Attribute("step", v) }
    public static func autocomplete(_ v: String) -> Attribute { Attribute("autocomplete", v) }
    public static func scope(_ v: String) -> Attribute { Attribute("scope", v) }
    public static func inputmode(_ v: String) -> Attribute { Attribute("inputmode", v) }
    public static func form(_ v: String) -> Attribute { Attribute("form", v) }
    public static func list(_ v: String) -> Attribute { Attribute("list", v) }
    public static func accept(_ v: String) -> Attribute { Attribute("accept", v) }

    public static func colspan(_ n: Int) -> Attribute { Attribute("colspan", String(n)) }
    public static func rowspan(_ n: Int) -> Attribute { Attribute("rowspan", String(n)) }
    public static func maxlength(_ n: Int) -> Attribute { Attribute("maxlength", String(n)) }
    public static func minlength(_ n: Int) -> Attribute { Attribute("minlength", String(n)) }
    public static func rows(_ n: Int) -> Attribute { Attribute("rows", String(n)) }
    public static func cols(_ n: Int) -> Attribute { Attribute("cols", String(n)) }
    public static func size(_ n: Int) -> Attribute { Attribute("size", String(n)) }
    public static func tabindex(_ n: Int) -> Attribute { Attribute("tabindex", String(n)) }

    /// `aria-label`.
    public static func ariaLabel(_ v: String) -> Attribute { Attribute("aria-label", v) }
    /// `aria-<name>`.
    public static func aria(_ name: String, _ value: String) -> Attribute { Attribute("aria-" + name, value) }
    /// `data-<name>`.
    public static func data(_ name: String, _ value: String) -> Attribute { Attribute("data-" + name, value) }

    // Boolean attributes: rendered as the bare name when true, omitted when false.
    public static func selected(_ on: Bool = true) -> Attribute { boolean("selected", on) }
    public static func checked(_ on: Bool = true) -> Attribute { boolean("checked", on) }
    public static func required(_ on: Bool = true) -> Attribute { boolean("required", on) }
    public static func disabled(_ on: Bool = true) -> Attribute { boolean("disabled", on) }
    public static func readonly(_ on: Bool = true) -> Attribute { boolean("readonly", on) }
    public static func multiple(_ on: Bool = true) -> Attribute { boolean("multiple", on) }
    public static func hidden(_ on: Bool = true) -> Attribute { boolean("hidden", on) }
    public static func open(_ on: Bool = true) -> Attribute { boolean("open", on) }
    public static func autofocus(_ on: Bool = true) -> Attribute { boolean("autofocus", on) }
    public static func novalidate(_ on: Bool = true) -> Attribute { boolean("novalidate", on) }
}
