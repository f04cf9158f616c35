/// A renderable HTML fragment: a tree of elements, escaped text and (rarely) reviewed markup.
///
/// Text and attribute values are escaped when the tree is rendered, so nothing that enters
/// through `HTML.text`, a `String` in a builder, or an `Attribute` value can produce markup.
/// The only way to emit markup from a string is `HTML.raw(trustedMarkup:)`.
///
/// Rendering walks the tree once and writes into a single pre-sized UTF-8 buffer.
public struct HTML: Sendable {
    indirect enum Node: Sendable {
        case empty
        /// Escaped on output.
        case text(String)
        /// Written verbatim. Only `raw(trustedMarkup:)` and our own fixed strings create this.
        case raw(String)
        /// `tag` and attribute names are validated before they get here.
        case element(tag: String, attributes: [Attribute], children: HTML)
        case void(tag: String, attributes: [Attribute])
        case fragment([HTML])
        /// Written by `HTMLStream`, which escapes as it writes.
        case bytes([UInt8])
    }

    let node: Node
    /// Rough number of output bytes, used to reserve the buffer once.
    let sizeHint: Int

    init(node: Node, sizeHint: Int) {
        self.node = node
        self.sizeHint = sizeHint
    }

    /// Groups the children produced by the builder into one fragment (no wrapping element).
    public init(@HTMLBuilder _ content: () -> HTML) {
        self = content()
    }

    /// Text that is always escaped (`& < > " '`).
    public static func text(_ s: String) -> HTML {
        HTML(node: .text(s), sizeHint: s.utf8.count + 8)
    }

    /// The one reviewed entry point for markup that is written verbatim.
    /// Never pass anything derived from user input or stored data.
    public static func raw(trustedMarkup s: String) -> HTML {
        HTML(node: .raw(s), sizeHint: s.utf8.count)
    }

    public static let empty = HTML(node: .empty, sizeHint: 0)

    /// Several fragments one after another.
    public static func fragment(_ parts: [HTML]) -> HTML {
        switch parts.count {
        case 0: return .empty
        case 1: return parts[0]
        default:
            var size = 0
            for part in parts { size &+= part.sizeHint }
            return HTML(node: .fragment(parts), sizeHint: size)
        }
    }

    /// True for `.empty` and for fragments with no children.
    public var isEmpty: Bool {
        switch node {
        case .empty: return true
        case .text(let s), .raw(let s): return s.isEmpty
        case .fragment(let parts): return parts.allSatisfy(\.isEmpty)
        case .bytes(let bytes): return bytes.isEmpty
        case .element, .void: return false
        }
    }

    /// Renders the whole tree to a string.
    public func render() -> String {
        String(decoding: renderUTF8(), as: UTF8.self)
    }

    /// Renders the whole tree to UTF-8 bytes (handy for response bodies).
    public func renderUTF8() -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(sizeHint + sizeHint / 8 + 64)
        write(into: &out)
        return out
    }

    func write(into out: inout [UInt8]) {
        switch node {
        case .empty:
            return
        case .text(let s):
            Escape.write(s, into: &out)
        case .raw(let s):
            out.append(contentsOf: s.utf8)
        case .element(let tag, let attributes, let children):
            writeOpenTag(tag, attributes, into: &out)
            children.write(into: &out)
            out.append(UInt8(ascii: "<"))
            out.append(UInt8(ascii: "/"))
            out.append(contentsOf: tag.utf8)
            out.append(UInt8(ascii: ">"))
        case .void(let tag, let attributes):
            writeOpenTag(tag, attributes, into: &out)
        case .fragment(let parts):
            for part in parts { part.write(into: &out) }
        case .bytes(let bytes):
            out.append(contentsOf: bytes)
        }
    }

    private func writeOpenTag(_ tag: String, _ attributes: [Attribute], into out: inout [UInt8]) {
        out.append(UInt8(ascii: "<"))
        out.append(contentsOf: tag.utf8)
        for attribute in attributes { attribute.write(into: &out) }
        out.append(UInt8(ascii: ">"))
    }
}

extension HTML: CustomStringConvertible {
    public var description: String { render() }
}

@resultBuilder
public enum HTMLBuilder {
    public static func buildExpression(_ html: HTML) -> HTML { html }

    /// A string in a builder is escaped text.
    public static func buildExpression(_ text: String) -> HTML { .text(text) }

    public static func buildExpression(_ text: Substring) -> HTML { .text(String(text)) }

    public static func buildExpression(_ number: Int) -> HTML { .text(String(number)) }

    public static func buildBlock(_ parts: HTML...) -> HTML { .fragment(parts) }

    public static func buildOptional(_ html: HTML?) -> HTML { html ?? .empty }

    public static func buildEither(first html: HTML) -> HTML { html }

    public static func buildEither(second html: HTML) -> HTML { html }

    public static func buildArray(_ parts: [HTML]) -> HTML { .fragment(parts) }

    public static func buildLimitedAvailability(_ html: HTML) -> HTML { html }
}
