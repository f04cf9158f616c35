import KAMHTML
import Testing

/// Classic filter-evasion payloads (OWASP XSS cheat sheet and friends).
let xssPayloads: [String] = [
    "<script>alert(1)</script>",
    "<ScRiPt>alert(1)</sCrIpT>",
    "<<script>script>alert(1)<</script>/script>",
    "\"><img src=x onerror=alert(1)>",
    "' onmouseover='alert(1)",
    "\" onfocus=\"alert(1)\" autofocus=\"",
    "`><script>alert(1)</script>",
    "<svg/onload=alert(1)>",
    "<body onload=alert(1)>",
    "<img src=\"javascript:alert(1)\">",
    "<iframe src=javascript:alert(1)></iframe>",
    "<a href=\"javascript:alert(1)\">x</a>",
    "<!--<script>alert(1)//-->",
    "</textarea><script>alert(1)</script>",
    "</style><script>alert(1)</script>",
    "</title><script>alert(1)</script>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "\u{FF1C}script\u{FF1E}alert(1)\u{FF1C}/script\u{FF1E}",
    "%3Cscript%3Ealert(1)%3C/script%3E",
    "jAvAsCrIpT&colon;alert(1)",
    "javascript:alert(1)",
    " JaVaScRiPt:alert(1)",
    "java\tscript:alert(1)",
    "java\nscript:alert(1)",
    "java\rscript:alert(1)",
    "\u{1}javascript:alert(1)",
    "  \t javascript:alert(document.cookie)",
    "javascript\u{0}:alert(1)",
    "\u{200B}javascript:alert(1)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "DATA:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
    "VBScript:msgbox(1)",
    "livescript:alert(1)",
    "&#106;avascript:alert(1)",
    "&#x6A;&#x61;vascript:alert(1)",
    "&#0000106&#0000097vascript:alert(1)",
    "jav&#x09;ascript:alert(1)",
    "javascript://%0Aalert(1)",
]

/// Payloads that are URLs with a forbidden scheme and must become "#" in URL attributes.
let dangerousURLs: Set<String> = [
    "javascript:alert(1)", " JaVaScRiPt:alert(1)", "java\tscript:alert(1)", "java\nscript:alert(1)",
    "java\rscript:alert(1)", "\u{1}javascript:alert(1)", "  \t javascript:alert(document.cookie)",
    "javascript\u{0}:alert(1)", "\u{200B}javascript:alert(1)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "DATA:text/html,<script>alert(1)</script>", "vbscript:msgbox(1)", "VBScript:msgbox(1)",
    "livescript:alert(1)", "&#106;avascript:alert(1)", "&#x6A;&#x61;vascript:alert(1)",
    "&#0000106&#0000097vascript:alert(1)", "jav&#x09;ascript:alert(1)", "javascript://%0Aalert(1)",
    "jAvAsCrIpT&colon;alert(1)",
]

/// A template that puts `s` in every kind of position: text, ordinary attribute values,
/// URL attributes, RCDATA (`title`, `textarea`) and SVG.
func template(_ s: String) -> HTML {
    div(.class("card"), .title(s), .data("name", s), .style(s)) {
        h2 { s }
        p(.ariaLabel(s)) { "Name: "; s }
        a(.href(s), .rel("noopener")) { s }
        img(.src(s), .alt(s))
        form(.action(s), .method("post")) {
            input(.type("text"), .name("q"), .value(s), .placeholder(s))
            textarea(.name("notes")) { s }
            button(.formaction(s)) { "Go" }
            select(.name("s")) { option(.value(s), .selected(true)) { s } }
        }
        title { s }
        svg(.viewBox("0 0 10 10")) {
            svgText(.x(1), .y(2), .fill(s)) { s }
            element("a", [Attribute("xlink:href", s)]) { s }
            circle(.r(1)) { title { s } }
        }
    }
}

func count(_ c: Character, in s: String) -> Int { s.filter { $0 == c }.count }

/// What a browser sees after decoding our five entities.
func unescape(_ s: String) -> String {
    s.replacing("&lt;", with: "<").replacing("&gt;", with: ">").replacing("&quot;", with: "\"")
        .replacing("&#39;", with: "'").replacing("&amp;", with: "&")
}

@Suite struct XSSCorpusTests {
    static let benign = template("x").render()

    @Test func corpusIsLargeEnough() {
        #expect(xssPayloads.count >= 25)
        #expect(dangerousURLs.isSubset(of: Set(xssPayloads)))
    }

    @Test(arguments: xssPayloads)
    func payloadContributesNoMarkup(payload: String) {
        let out = template(payload).render()
        #expect(!out.lowercased().contains("<script"))
        #expect(!out.lowercased().contains("<img src=x"))
        #expect(!out.lowercased().contains("<svg/"))
        // Structure: the payload adds no tag openers/closers and no quote that could end a value.
        #expect(count("<", in: out) == count("<", in: Self.benign))
        #expect(count(">", in: out) == count(">", in: Self.benign))
        #expect(count("\"", in: out) == count("\"", in: Self.benign))
        #expect(count("'", in: out) == count("'", in: Self.benign))
    }

    @Test(arguments: xssPayloads)
    func urlAttributesNeverCarryAForbiddenScheme(payload: String) {
        let out = template(payload).render()
        let expected = Escape.html(SafeLink.sanitize(payload))
        for name in ["href", "src", "action", "formaction", "xlink:href"] {
            #expect(out.contains(" \(name)=\"\(expected)\""), "\(name)")
        }
        // Whatever survived, as the browser decodes it, never starts a forbidden scheme.
        let seen = unescape(expected).lowercased().filter { !$0.isWhitespace && $0 != "\u{0}" }
        for scheme in ["javascript:", "vbscript:", "data:", "livescript:"] {
            #expect(!seen.hasPrefix(scheme), "\(seen)")
        }
        if dangerousURLs.contains(payload) {
            #expect(expected == "#")
            #expect(out.contains(##"<a href="#" rel="noopener">"##))
            #expect(out.contains(##"<img src="#""##))
            #expect(out.contains(##"<form action="#" method="post">"##))
            #expect(out.contains(##"<button formaction="#">"##))
        }
    }

    @Test(arguments: xssPayloads)
    func textRoundTripsThroughEscaping(payload: String) {
        // Escaping is lossless: the browser shows exactly the payload as text.
        let out = span { payload }.render()
        #expect(out.hasPrefix("<span>") && out.hasSuffix("</span>"))
        let inner = String(out.dropFirst("<span>".count).dropLast("</span>".count))
        #expect(unescape(inner) == payload)
        #expect(!inner.contains("<") && !inner.contains(">") && !inner.contains("\""))
    }

    @Test(arguments: xssPayloads)
    func styleCannotBreakOut(payload: String) {
        let out = style(css: payload).render()
        #expect(count("<", in: out) == 2)
        #expect(out.hasPrefix("<style>") && out.hasSuffix("</style>"))
    }

    @Test(arguments: xssPayloads)
    func attributeNamesFromPayloadsAreRefused(payload: String) {
        // A payload used as an attribute *name* (which our code never does) is dropped.
        #expect(Attribute(payload, "v").isOmitted)
        #expect(element(payload) { "t" }.render() == "t")
    }
}

/// The stream writer escapes exactly as the tree does: the same elements written both ways give
/// the same bytes, for every payload in text, plain attributes and URL attributes.
@Suite struct HTMLStreamTests {
    static func tree(_ s: String) -> HTML {
        g(.class("person"), .data("person", s), .transform(s)) {
            title { s }
            element("use", [Attribute("href", s), .class(s)])
            svgText(.x("8"), .y("18")) { s }
            a(.href(s)) { s }
        }
    }

    static func streamed(_ s: String) -> HTML {
        HTML.stream { w in
            w.open("g", ["class": "person", "data-person": s, "transform": s, "hidden": nil])
            w.element("title", text: s)
            w.element("use", ["href": s, "class": s])
            w.element("text", ["x": "8", "y": "18"], text: s)
            w.open("a", ["href": s])
            w.text(s)
            w.close("a")
            w.close("g")
        }
    }

    @Test(arguments: xssPayloads + ["plain", "", "#map-box", "東京 & <b>"])
    func streamWritesWhatTheTreeWrites(payload: String) {
        let streamed = Self.streamed(payload).render()
        #expect(streamed == Self.tree(payload).render())
        #expect(count("<", in: streamed) == count("<", in: Self.streamed("x").render()))
        if dangerousURLs.contains(payload) { #expect(streamed.contains(##"<a href="#">"##)) }
    }

    @Test func aStreamedFragmentSitsInATreeAndCountsAsContent() {
        let fragment = HTML.stream(capacity: 64) { $0.element("path", ["d": "M0,0 L1,1", "stroke-dasharray": nil]) }
        #expect(!fragment.isEmpty && HTML.stream { _ in }.isEmpty)
        #expect(g(.class("lines")) { fragment }.render() == #"<g class="lines"><path d="M0,0 L1,1"></path></g>"#)
    }
}
