/// An element with a closing tag.
///
/// - `tag` must match `[A-Za-z][A-Za-z0-9:_-]*`; otherwise the wrapper is dropped and only the
///   (escaped) children are rendered.
/// - Raw-text elements (`script`, `style`, `iframe`, `noscript`, `xmp`, `noembed`, `noframes`,
///   `plaintext`) never get builder content, because the browser would not decode escapes there.
///   Use `style(css:)` for CSS and `script(src:)` for external scripts.
public func element(
    _ tag: String,
    _ attributes: [Attribute] = [],
    @HTMLBuilder _ content: () -> HTML = { .empty }
) -> HTML {
    makeElement(tag, attributes, content())
}

/// An element without content or closing tag (`<br>`, `<input …>`). Invalid tags render nothing.
public func voidElement(_ tag: String, _ attributes: [Attribute] = []) -> HTML {
    makeVoidElement(tag, attributes)
}

/// `<!DOCTYPE html>` followed by `<html lang="…">content</html>`.
public func document(lang: String, @HTMLBuilder _ content: () -> HTML) -> HTML {
    .fragment([
        .raw(trustedMarkup: "<!DOCTYPE html>"),
        makeElement("html", [.lang(lang)], content()),
    ])
}

/// `<style>` with the given CSS. The CSS is written verbatim (CSS must not be entity-escaped)
/// except that every `<` is removed, so the text can never close the element or open a comment.
/// Never build CSS from user input.
public func style(_ attributes: Attribute..., css: String) -> HTML {
    var cleaned = css
    if css.utf8.contains(UInt8(ascii: "<")) {
        cleaned = String(String.UnicodeScalarView(css.unicodeScalars.filter { $0 != "<" }))
    }
    return buildElement("style", attributes, .raw(trustedMarkup: cleaned))
}

/// `<script src="…"></script>` for an external script (the URL is sanitized). There is
/// deliberately no way to write inline script.
public func script(src: String, _ attributes: Attribute...) -> HTML {
    buildElement("script", [.src(src)] + attributes, .empty)
}

// MARK: - Internals

/// Elements whose content the HTML parser does not entity-decode.
func isRawTextElement(_ tag: String) -> Bool {
    switch Attribute.asciiLowercased(tag) {
    case "script", "style", "iframe", "noscript", "xmp", "noembed", "noframes", "plaintext": return true
    default: return false
    }
}

func makeElement(_ tag: String, _ attributes: [Attribute], _ children: HTML) -> HTML {
    guard Attribute.isValidName(tag) else { return children }
    let contentAllowed = !isRawTextElement(tag)
    return buildElement(tag, attributes, contentAllowed ? children : .empty)
}

func makeVoidElement(_ tag: String, _ attributes: [Attribute]) -> HTML {
    guard Attribute.isValidName(tag) else { return .empty }
    let kept = attributes.contains { $0.isOmitted } ? attributes.filter { !$0.isOmitted } : attributes
    var size = tag.utf8.count + 2
    for attribute in kept { size &+= attribute.sizeHint }
    return HTML(node: .void(tag: tag, attributes: kept), sizeHint: size)
}

/// `tag` must already be valid.
private func buildElement(_ tag: String, _ attributes: [Attribute], _ children: HTML) -> HTML {
    let kept = attributes.contains { $0.isOmitted } ? attributes.filter { !$0.isOmitted } : attributes
    var size = tag.utf8.count * 2 + 5 + children.sizeHint
    for attribute in kept { size &+= attribute.sizeHint }
    return HTML(node: .element(tag: tag, attributes: kept, children: children), sizeHint: size)
}
