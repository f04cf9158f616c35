import KAMHTML
import Testing

@Suite struct EscapingTests {
    @Test func textIsEscaped() {
        let out = p { "a & b < c > d \" e ' f" }.render()
        #expect(out == "<p>a &amp; b &lt; c &gt; d &quot; e &#39; f</p>")
    }

    @Test func textKeepsUnicodeIntact() {
        let s = "Zürich 東京 👩‍👩‍👧 e\u{301} \"\u{301}"
        #expect(HTML.text(s).render() == "Zürich 東京 👩‍👩‍👧 e\u{301} &quot;\u{301}")
    }

    @Test func attributeValuesAreEscapedAndQuoted() {
        let out = div(.title("x\" onclick=\"alert(1)"), .data("v", "<a>&'")) {}.render()
        #expect(out == #"<div title="x&quot; onclick=&quot;alert(1)" data-v="&lt;a&gt;&amp;&#39;"></div>"#)
    }

    @Test func booleanAttributes() {
        #expect(input(.required(), .disabled(false), .checked(true)).render() == "<input required checked>")
        #expect(option(.value("1"), .selected(false)) { "One" }.render() == #"<option value="1">One</option>"#)
        #expect(option(.selected(true)) { "Two" }.render() == "<option selected>Two</option>")
        #expect(voidElement("input", [Attribute("readonly", nil)]).render() == "<input readonly>")
    }

    @Test func eventHandlerAttributesAreDropped() {
        let out = div(.attr("onclick", "alert(1)"), .attr("ONLOAD", "x"), .attr("onMouseOver", "x"), .id("k")) {}
        #expect(out.render() == #"<div id="k"></div>"#)
        #expect(Attribute("onerror", "x").isOmitted)
        #expect(Attribute("srcdoc", "<script>").isOmitted)
    }

    @Test func invalidAttributeNamesAreDropped() {
        let bad = ["", "1a", "a b", "a\"b", "a=b", "a>b", "x/y", "é", "-a", "a\u{0}"]
        for name in bad {
            #expect(Attribute(name, "v").isOmitted, "\(name)")
        }
        let good = ["a", "data-x", "aria-label", "xlink:href", "viewBox", "a_b"]
        for name in good {
            #expect(!Attribute(name, "v").isOmitted, "\(name)")
        }
        #expect(div(.data("a b", "x"), .aria("x\"", "y")) {}.render() == "<div></div>")
    }

    @Test func invalidTagNamesDropTheWrapperButKeepEscapedChildren() {
        #expect(element("scr ipt") { "<b>" }.render() == "&lt;b&gt;")
        #expect(element("<script>", [.id("x")]) { "t" }.render() == "t")
        #expect(voidElement("img onerror=x").render() == "")
        #expect(voidElement("br").render() == "<br>")
    }

    @Test func rawTextElementsGetNoBuilderContent() {
        #expect(element("script") { "alert(1)" }.render() == "<script></script>")
        #expect(element("STYLE") { "body{}" }.render() == "<STYLE></STYLE>")
        #expect(script(src: "/static/app.js").render() == #"<script src="/static/app.js"></script>"#)
        #expect(script(src: "javascript:alert(1)").render() == ##"<script src="#"></script>"##)
    }

    @Test func styleStripsLessThan() {
        let out = style(css: "a > b { color: red } </style><script>alert(1)</script>").render()
        #expect(out == "<style>a > b { color: red } /style>script>alert(1)/script></style>")
        #expect(out.filter { $0 == "<" }.count == 2)
    }

    @Test func urlAttributesAreSanitized() {
        #expect(a(.href("javascript:alert(1)")) { "x" }.render() == ##"<a href="#">x</a>"##)
        #expect(a(.href("/accounts/7?tab=plan#goals")) { "x" }.render() == #"<a href="/accounts/7?tab=plan#goals">x</a>"#)
        #expect(img(.src("data:image/png;base64,AAAA")).render() == ##"<img src="#">"##)
        #expect(form(.action("vbscript:x")) {}.render() == ##"<form action="#"></form>"##)
        #expect(Attribute("HREF", "javascript:x") == Attribute("HREF", "#"))
        #expect(Attribute("xlink:href", "javascript:x") == Attribute("xlink:href", "#"))
        for name in SafeLink.urlAttributes {
            #expect(Attribute(name, "javascript:x") == Attribute(name, "#"), "\(name)")
            #expect(Attribute(name.uppercased(), "javascript:x") == Attribute(name.uppercased(), "#"), "\(name)")
        }
        #expect(a(.href("https://example.com/?a=1&b=2")) { "x" }.render()
            == #"<a href="https://example.com/?a=1&amp;b=2">x</a>"#)
    }

    @Test func safeLinkAllowList() {
        let kept = [
            "/", "/a/b", "?q=1", "#top", "rel/path", "a.html", "//cdn.example.com/x",
            "http://e.com", "HTTPS://e.com", "mailto:a@b.c", "tel:+41 44 000", "", "/x:y",
            "/search?q=a&b=c", "/a&b", "?x=1&amp;y=2",
        ]
        for url in kept {
            #expect(SafeLink.isSafe(url), "\(url)")
            #expect(SafeLink.sanitize(url) == url, "\(url)")
        }
        let refused = [
            "javascript:alert(1)", " JaVaScRiPt:alert(1)", "java\tscript:alert(1)", "java\nscript:x",
            "\u{1}javascript:x", "data:text/html,x", "vbscript:x", "&#106;avascript:x", "file:///etc/passwd",
            "ftp://x", "java\u{0}script:x", "\u{200B}javascript:x", "javascript\u{85}:x", "x:y",
            "blob:https://e", "a&colon;b",
        ]
        for url in refused {
            #expect(SafeLink.sanitize(url) == "#", "\(url)")
            #expect(!SafeLink.isSafe(url), "\(url)")
        }
        #expect(SafeLink.sanitize("  https://e.com/a\tb  ") == "https://e.com/ab")
    }

    @Test func builderControlFlow() {
        let flag = Bool.random()
        let maybe: String? = flag ? "yes" : nil
        let out = ul {
            for i in 1...3 { li { i } }
            if let maybe { li { maybe } }
            if flag { "T" } else { "F" }
            HTML.empty
            HTML.raw(trustedMarkup: "<hr>")
        }.render()
        let expected = flag
            ? "<ul><li>1</li><li>2</li><li>3</li><li>yes</li>T<hr></ul>"
            : "<ul><li>1</li><li>2</li><li>3</li>F<hr></ul>"
        #expect(out == expected)
        #expect(HTML { "a"; "b" }.render() == "ab")
        #expect(HTML.empty.render() == "")
        #expect(HTML {}.isEmpty)
    }

    @Test func conditionalAttributes() {
        let out = li(.class("row"), .when(false, .class("active")), .omitted, .when(true, .ariaLabel("r"))) {}
        #expect(out.render() == #"<li class="row" aria-label="r"></li>"#)
    }

    @Test func svgNumbers() {
        #expect(SVGNumber.format(3) == "3")
        #expect(SVGNumber.format(2.5) == "2.5")
        #expect(SVGNumber.format(1.0 / 3.0) == "0.33")
        #expect(SVGNumber.format(0.05) == "0.05")
        #expect(SVGNumber.format(-12.345) == "-12.35" || SVGNumber.format(-12.345) == "-12.34")
        #expect(SVGNumber.format(-0.001) == "0")
        #expect(SVGNumber.format(.nan) == "0")
        #expect(SVGNumber.format(.infinity) == "0")
        #expect(SVGNumber.format(1234567.891) == "1234567.89")
        #expect(SVGNumber.points([(0, 0), (1.5, 2.25)]) == "0,0 1.5,2.25")
    }
}
