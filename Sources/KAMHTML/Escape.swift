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
/// rejects the URL. Entity-looking text (`&#106;avascript:`) is not a scheme and is rejected.
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
        var scalars: [Unicode.Scalar] = []
        scalars.reserveCapacity(url.unicodeScalars.count)
        for s in url.unicodeScalars where s != "\t" && s != "\n" && s != "\r" {
            scalars.append(s)
        }
        // Trim C0 controls and space at both ends (WHATWG URL parsing does the same).
        var lower = 0
        var upper = scalars.count
        while lower < upper, scalars[lower].value <= 0x20 { lower += 1 }
        while upper > lower, scalars[upper - 1].value <= 0x20 { upper -= 1 }
        let trimmed = scalars[lower..<upper]

        for s in trimmed where s.value < 0x20 || s.value == 0x7F || (0x80...0x9F).contains(s.value) {
            return fallback
        }

        var scheme = ""
        for s in trimmed {
            switch s {
            case "/", "?", "#":
                return make(trimmed) // relative reference
            case ":":
                return allowedSchemes.contains(scheme) ? make(trimmed) : fallback
            default:
                if s.isASCII, s.properties.isUppercase {
                    scheme.unicodeScalars.append(Unicode.Scalar(s.value + 0x20) ?? s)
                } else {
                    scheme.unicodeScalars.append(s)
                }
            }
        }
        return make(trimmed) // no scheme, no delimiter: a relative path
    }

    /// True when `sanitize` keeps `url` (after trimming) rather than replacing it with `"#"`.
    public static func isSafe(_ url: String) -> Bool {
        sanitize(url) != fallback || url.trimmingControlsAndSpaces() == fallback
    }

    static func isURLAttribute(_ name: String) -> Bool {
        urlAttributes.contains(Attribute.asciiLowercased(name))
    }

    private static func make(_ scalars: ArraySlice<Unicode.Scalar>) -> String {
        var s = String.UnicodeScalarView()
        s.append(contentsOf: scalars)
        return String(s)
    }
}

extension String {
    fileprivate func trimmingControlsAndSpaces() -> String {
        var view = Substring(self).unicodeScalars
        while let f = view.first, f.value <= 0x20 { view.removeFirst() }
        while let l = view.last, l.value <= 0x20 { view.removeLast() }
        return String(view)
    }
}
