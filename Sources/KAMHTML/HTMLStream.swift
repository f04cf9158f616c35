/// Writes elements straight to bytes, for fragments of thousands of similar elements (the boxes
/// and curves of a 2,000-person map) where a tree node, an attribute array and a deallocation
/// per element cost more than the output itself.
///
/// It escapes exactly as the tree does: tag and attribute names are `StaticString`s, written in
/// the source and never taken from data; every attribute value and every text is escaped on the
/// way in, and URL-bearing attributes go through `SafeLink.sanitize`. A nil value leaves the
/// attribute out. Elements are closed by the caller, in order (`open`/`close`), or written whole
/// (`element`).
public struct HTMLStream {
    var out: [UInt8] = []

    public mutating func open(_ tag: StaticString, _ attributes: KeyValuePairs<StaticString, String?> = [:]) {
        out.append(UInt8(ascii: "<"))
        append(tag)
        for (name, value) in attributes {
            guard let value else { continue }
            assert(Attribute.isAllowedName(name.description), "refused attribute name \(name)")
            out.append(UInt8(ascii: " "))
            append(name)
            out.append(UInt8(ascii: "="))
            out.append(UInt8(ascii: "\""))
            let safe = SafeLink.isURLAttribute(name.description) ? SafeLink.sanitize(value) : value
            Escape.write(safe, into: &out)
            out.append(UInt8(ascii: "\""))
        }
        out.append(UInt8(ascii: ">"))
    }

    public mutating func close(_ tag: StaticString) {
        out.append(UInt8(ascii: "<"))
        out.append(UInt8(ascii: "/"))
        append(tag)
        out.append(UInt8(ascii: ">"))
    }

    /// `<tag …>text</tag>`, the text escaped (an SVG element is always closed, even when empty).
    public mutating func element(_ tag: StaticString, _ attributes: KeyValuePairs<StaticString, String?> = [:], text: String? = nil) {
        open(tag, attributes)
        if let text { Escape.write(text, into: &out) }
        close(tag)
    }

    public mutating func text(_ s: String) {
        Escape.write(s, into: &out)
    }

    private mutating func append(_ s: StaticString) {
        s.withUTF8Buffer { out.append(contentsOf: $0) }
    }
}

extension HTML {
    /// A fragment written by `body` through an `HTMLStream`; `capacity` is a guess of its bytes.
    public static func stream(capacity: Int = 0, _ body: (inout HTMLStream) -> Void) -> HTML {
        var stream = HTMLStream()
        stream.out.reserveCapacity(capacity)
        body(&stream)
        return HTML(node: .bytes(stream.out), sizeHint: stream.out.count)
    }
}
