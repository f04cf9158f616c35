/// Escaping of text and attribute values. Both contexts use the same set: `& < > " '`.
/// Attribute values are always written inside double quotes.
public enum Escape {
    /// The escaped form of `s`, as a string.
    public static func html(_ s: String) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(s.utf8.count + 16)
        write(s, into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends the escaped UTF-8 of `s` to `out`. Works on bytes: the five characters are ASCII
    /// and UTF-8 continuation bytes never look like ASCII, so multi-byte characters pass intact.
    static func write(_ s: String, into out: inout [UInt8]) {
        var s = s
        s.withUTF8 { bytes in
            var start = 0
            var i = 0
            let count = bytes.count
            while i < count {
                let b = bytes[i]
                // Fast reject: all five special bytes are below 0x3F.
                if b > 0x3E || (b != 0x26 && b != 0x3C && b != 0x3E && b != 0x22 && b != 0x27) {
                    i += 1
                    continue
                }
                if start < i {
                    out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<i]))
                }
                switch b {
                case 0x26: out.append(contentsOf: "&amp;".utf8)
                case 0x3C: out.append(contentsOf: "&lt;".utf8)
                case 0x3E: out.append(contentsOf: "&gt;".utf8)
                case 0x22: out.append(contentsOf: "&quot;".utf8)
                default: out.append(contentsOf: "&#39;".utf8)
                }
                i += 1
                start = i
            }
            if start < count {
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<count]))
            }
        }
    }
}

/// Allow-list for URLs written into URL-bearing attributes (`href`, `src`, `action`, …).
///
/// Kept: relative references (`/x`, `x/y`, `?q`, `#f`, `//host/x`) and the schemes
/// `http`, `https`, `mailto`, `tel`. Everything else becomes `"#"`.
///
/// A reference counts as having a scheme when a `:` appears before the first `/`, `?` or `#`;
/// the part before it must then be exactly one allowed scheme (ASCII, case-insensitive).
/// Tabs and newlines are removed first and leading/trailing controls and spaces trimmed, as
/// browsers do, so `" JaVa\tScRiPt:"` is judged as `javascript:`. Any other control character
/// rejects the URL, and so does entity-looking text (`&#106;`, `&colon;`) before the first `/`
/// or `?`.
public enum SafeLink {
    public static let allowedSchemes: Set<String> = ["http", "https", "mailto", "tel"]

    /// What a refused URL becomes.
    public static let fallback = "#"

    /// Attribute names (lower-cased) whose value is a URL and goes through `sanitize`.
    public static let urlAttributes: Set<String> = [
        "href", "src", "action", "formaction", "xlink:href", "poster", "cite",
        "background", "longdesc", "data", "codebase", "manifest", "icon", "ping", "srcset",
    ]

    public static func sanitize(_ url: String) -> String {
        check(url) ?? fallback
    }

    /// True when `sanitize` keeps `url` rather than replacing it with `"#"`.
    public static func isSafe(_ url: String) -> Bool {
        check(url) != nil
    }

    /// The cleaned URL, or nil when it is refused.
    private static func check(_ url: String) -> String? {
        // Fast path: printable ASCII without spaces needs no cleaning (the common case).
        if url.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) {
            return judge(url) ? url : nil
        }
        var scalars: [Unicode.Scalar] = []
        scalars.reserveCapacity(url.utf8.count)
        for s in url.unicodeScalars where s != "\t" && s != "\n" && s != "\r" {
            scalars.append(s)
        }
        // Trim C0 controls and space at both ends (WHATWG URL parsing does the same).
        var lower = 0
        var upper = scalars.count
        while lower < upper, scalars[lower].value <= 0x20 { lower += 1 }
        while upper > lower, scalars[upper - 1].value <= 0x20 { upper -= 1 }
        let trimmed = scalars[lower..<upper]

        // Any remaining control character (C0, DEL, C1) makes the URL suspect.
        for s in trimmed where s.value < 0x20 || (0x7F...0x9F).contains(s.value) {
            return nil
        }
        var view = String.UnicodeScalarView()
        view.append(contentsOf: trimmed)
        let cleaned = String(view)
        return judge(cleaned) ? cleaned : nil
    }

    /// Decides on an already cleaned URL, working on UTF-8 bytes (every delimiter is ASCII and
    /// non-ASCII bytes never match an allowed scheme).
    private static func judge(_ url: String) -> Bool {
        let bytes = url.utf8
        // Entity-looking text (`&#106;`, `&colon;`) before the path or query starts is refused:
        // harmless to a browser once we escape `&`, but a sign of an attack and dangerous to any
        // layer that decodes entities twice.
        var sawAmpersand = false
        var lettersSinceAmpersand = 0
        for b in bytes {
            if b == UInt8(ascii: "/") || b == UInt8(ascii: "?") { break }
            if b == UInt8(ascii: "&") {
                sawAmpersand = true
                lettersSinceAmpersand = 0
            } else if sawAmpersand {
                let letter = (0x41...0x5A).contains(b) || (0x61...0x7A).contains(b)
                if b == UInt8(ascii: "#") && lettersSinceAmpersand == 0 { return false }
                if b == UInt8(ascii: ";") && lettersSinceAmpersand > 0 { return false }
                if letter {
                    lettersSinceAmpersand += 1
                } else {
                    sawAmpersand = false
                }
            }
        }

        var scheme: [UInt8] = []
        for b in bytes {
            switch b {
            case UInt8(ascii: "/"), UInt8(ascii: "?"), UInt8(ascii: "#"):
                return true // relative reference
            case UInt8(ascii: ":"):
                return allowedSchemeBytes.contains(scheme)
            default:
                guard scheme.count < 8 else { continue } // longer than any allowed scheme
                scheme.append((0x41...0x5A).contains(b) ? b + 0x20 : b)
            }
        }
        return true // no scheme, no delimiter: a relative path
    }

    private static let allowedSchemeBytes: [[UInt8]] = allowedSchemes.map { Array($0.utf8) }

    static func isURLAttribute(_ name: String) -> Bool {
        // Same list as `urlAttributes`; a switch avoids hashing on every attribute, and the
        // length (3, 4, 6, 8 or 10 bytes) spares most attributes (class, x, width, …) comparing at all.
        switch name.utf8.count {
        case 3, 4, 6, 8, 10: break
        default: return false
        }
        switch Attribute.asciiLowercased(name) {
        case "href", "src", "action", "formaction", "xlink:href", "poster", "cite",
             "background", "longdesc", "data", "codebase", "manifest", "icon", "ping", "srcset":
            return true
        default:
            return false
        }
    }
}
