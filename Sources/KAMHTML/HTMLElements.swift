// Convenience constructors for HTML elements. Each takes variadic attributes; non-void ones
// also take a builder for their children (empty by default):
//
//     div(.id("x"), .class("card")) { h2 { "Title" }; p { name } }
//
// The builder parameter is labelled `content:` (a parameter after a variadic needs a label);
// with trailing-closure syntax the label never appears.

// MARK: Elements with content

public func html(_ attributes: Attribute..., @HTMLBuilder content: () -> HTML = { .empty }) -> HTML {
    makeElement("html", attributes, content())
}
public func head(_ attributes: Attribute..., @HTMLBuilder content: () -> HTML = { .empty }) -> HTML {
    makeElement("head", attributes, content())
}
public func body(_ attributes: Attribute..., @HTMLBuilder content: () -> HTML = { .empty }) -> HTML {
    makeElement("body", attributes, content())
}
/// Document title (in `head`) or an SVG tooltip (inside an SVG element).
public func title(_ attributes: Attribute..., @HTMLBuilder content: () -> HTML = { .empty }) -> HTML {
    makeElement("title", attributes, content())
}
public func main(_ attributes: Attribute..., @HTMLBuilder content: () -> HTML = { .empty }) -> HTML {
    makeElement("main", attributes, content())
}
public func header(_ attributes: Attribute..., @HTMLBuilder content: () -> HTML = { .empty }) -> HTML {
    makeElement("header", attributes, content())
}
public func footer(_ attributes: Attribute..., @HTMLBuilder content: () -> HTML = { .empty }) -> HTML {
    makeElement("footer", attributes, content())
}
public func nav(_ attributes: Attribute..., @HTMLBuilder content: () -> HTML = { .empty }) -> HTML {
    makeElement("nav", attributes, content())
}
public func section(_ attributes: Attribute..., @HTMLBuilder content: () -> HTML = { .empty }) -> HTML {
    makeElement("section", attributes, content())
}
public func article(_ attributes: Attribute..., @HTMLBuilder content: () -> HTML = { .empty }) -> HTML {
    makeElement("article", attributes, content())
}
public func aside(_ attributes: Attribute..., @HTMLBuilder content: () -> HTML = { .empty }) -> HTML {
    makeElement("aside", attributes, content())
}
public func div(_ attributes: Attribute..., @HTMLBuilder content: () -> HTML = { .empty }) -> HTML {
    makeElement("div", attributes, content())
}
public func span(_ attributes: Attribute..., @HTMLBuilder content: () -> HTML = { .empty }) -> HTML {
    makeElement("span", attributes, content())
}
public func p(_ attributes: Attribute..., @HTMLBuilder content: () -> HTML = { .empty }) -> HTML {
    makeElement("p", attributes, content())
}
public func h1(_ attributes: Attribute..., @HTMLBuilder content: () -> HTML = { .empty }) -> HTML {
    makeElement("h1", attributes, content())
}
public func h2(_ attributes: Attribute..., @HTMLBuilder content: () -> HTML = { .empty }) -> HTML {
    makeElement("h2", attributes, content())
}
public func h3(_ attributes: Attribute..., @HTMLBuilder content: () -> HTML = { .empty }) -> HTML {
    makeElement("h3", attributes, content())
}
public func h4(_ attributes: Attribute..., @HTMLBuilder content: () -> HTML = { .empty }) -> HTML {
    makeElement("h4", attributes, content())
}
public func h5(_ attributes: Attribute..., @HTMLBuilder content: () -> HTML = { .empty }) -> HTML {
    makeElement("h5", attributes, content())
}
public func h6(_ attributes: Attribute..., @HTMLBuilder content: () -> HTML = { .empty }) -> HTML {
    makeElement("h6", attributes, content())
}
/// `href` goes through `SafeLink.sanitize`.
public func a(_ attributes: Attribute..., @HTMLBuilder content: () -> HTML = { .empty }) -> HTML {
    makeElement("a", attributes, content())
}
public func ul(_ attributes: Attribute..., @HTMLBuilder content: () -> HTML = { .empty }) -> HTML {
    makeElement("ul", attributes, content())
}
public func ol(_ attributes: Attribute..., @HTMLBuilder content: () -> HTML = { .empty }) -> HTML {
    makeElement("ol", attributes, content())
}
public func li(_ attributes: Attribute..., @HTMLBuilder content: () -> HTML = { .empty }) -> HTML {
    makeElement("li", attributes, content())
}
public func dl(_ attributes: Attribute..., @HTMLBuilder content: () -> HTML = { .empty }) -> HTML {
    makeElement("dl", attributes, content())
}
public func dt(_ attributes: Attribute..., @HTMLBuilder content: () -> HTML = { .empty }) -> HTML {
    makeElement("dt", attributes, content())
}
public func dd(_ attributes: Attribute..., @HTMLBuilder content: () -> HTML = { .empty }) -> HTML {
    makeElement("dd", attributes, content())
}
public func table(_ attributes: Attribute..., @HTMLBuilder content: () -> HTML = { .empty }) -> HTML {
    makeElement("table", attributes, content())
}
public func thead(_ attributes: Attribute..., @HTMLBuilder content: () -> HTML = { .empty }) -> HTML {
    makeElement("thead", attributes, content())
}
public func tbody(_ attributes: Attribute..., @HTMLBuilder content: () -> HTML = { .empty }) -> HTML {
    makeElement("tbody", attributes, content())
}
public func tfoot(_ attributes: Attribute..., @HTMLBuilder content: () -> HTML = { .empty }) -> HTML {
    makeElement("tfoot", attributes, content())
}
public func tr(_ attributes: Attribute..., @HTMLBuilder content: () -> HTML = { .empty }) -> HTML {
    makeElement("tr", attributes, content())
}
public func th(_ attributes: Attribute..., @HTMLBuilder content: () -> HTML = { .empty }) -> HTML {
    makeElement("th", attributes, content())
}
public func td(_ attributes: Attribute..., @HTMLBuilder content: () -> HTML = { .empty }) -> HTML {
    makeElement("td", attributes, content())
}
public func caption(_ attributes: Attribute..., @HTMLBuilder content: () -> HTML = { .empty }) -> HTML {
    makeElement("caption", attributes, content())
}
public func colgroup(_ attributes: Attribute..., @HTMLBuilder content: () -> HTML = { .empty }) -> HTML {
    makeElement("colgroup", attributes, content())
}
/// `action` goes through `SafeLink.sanitize`.
public func form(_ attributes: Attribute..., @HTMLBuilder content: () -> HTML = { .empty }) -> HTML {
    makeElement("form", attributes, content())
}
public func button(_ attributes: Attribute..., @HTMLBuilder content: () -> HTML = { .empty }) -> HTML {
    makeElement("button", attributes, content())
}
public func select(_ attributes: Attribute..., @HTMLBuilder content: () -> HTML = { .empty }) -> HTML {
    makeElement("select", attributes, content())
}
public func option(_ attributes: Attribute..., @HTMLBuilder content: () -> HTML = { .empty }) -> HTML {
    makeElement("option", attributes, content())
}
public func optgroup(_ attributes: Attribute..., @HTMLBuilder content: () -> HTML = { .empty }) -> HTML {
    makeElement("optgroup", attributes, content())
}
/// Content is escaped text (the initial value).
public func textarea(_ attributes: Attribute..., @HTMLBuilder content: () -> HTML = { .empty }) -> HTML {
    makeElement("textarea", attributes, content())
}
public func label(_ attributes: Attribute..., @HTMLBuilder content: () -> HTML = { .empty }) -> HTML {
    makeElement("label", attributes, content())
}
public func fieldset(_ attributes: Attribute..., @HTMLBuilder content: () -> HTML = { .empty }) -> HTML {
    makeElement("fieldset", attributes, content())
}
public func legend(_ attributes: Attribute..., @HTMLBuilder content: () -> HTML = { .empty }) -> HTML {
    makeElement("legend", attributes, content())
}
public func datalist(_ attributes: Attribute..., @HTMLBuilder content: () -> HTML = { .empty }) -> HTML {
    makeElement("datalist", attributes, content())
}
public func progress(_ attributes: Attribute..., @HTMLBuilder content: () -> HTML = { .empty }) -> HTML {
    makeElement("progress", attributes, content())
}
public func meter(_ attributes: Attribute..., @HTMLBuilder content: () -> HTML = { .empty }) -> HTML {
    makeElement("meter", attributes, content())
}
public func output(_ attributes: Attribute..., @HTMLBuilder content: () -> HTML = { .empty }) -> HTML {
    makeElement("output", attributes, content())
}
public func small(_ attributes: Attribute..., @HTMLBuilder content: () -> HTML = { .empty }) -> HTML {
    makeElement("small", attributes, content())
}
public func strong(_ attributes: Attribute..., @HTMLBuilder content: () -> HTML = { .empty }) -> HTML {
    makeElement("strong", attributes, content())
}
public func em(_ attributes: Attribute..., @HTMLBuilder content: () -> HTML = { .empty }) -> HTML {
    makeElement("em", attributes, content())
}
public func b(_ attributes: Attribute..., @HTMLBuilder content: () -> HTML = { .empty }) -> HTML {
    makeElement("b", attributes, content())
}
public func i(_ attributes: Attribute..., @HTMLBuilder content: () -> HTML = { .empty }) -> HTML {
    makeElement("i", attributes, content())
}
public func mark(_ attributes: Attribute..., @HTMLBuilder content: () -> HTML = { .empty }) -> HTML {
    makeElement("mark", attributes, content())
}
public func sub(_ attributes: Attribute..., @HTMLBuilder content: () -> HTML = { .empty }) -> HTML {
    makeElement("sub", attributes, content())
}
public func sup(_ attributes: Attribute..., @HTMLBuilder content: () -> HTML = { .empty }) -> HTML {
    makeElement("sup", attributes, content())
}
public func code(_ attributes: Attribute..., @HTMLBuilder content: () -> HTML = { .empty }) -> HTML {
    makeElement("code", attributes, content())
}
public func pre(_ attributes: Attribute..., @HTMLBuilder content: () -> HTML = { .empty }) -> HTML {
    makeElement("pre", attributes, content())
}
public func kbd(_ attributes: Attribute..., @HTMLBuilder content: () -> HTML = { .empty }) -> HTML {
    makeElement("kbd", attributes, content())
}
public func blockquote(_ attributes: Attribute..., @HTMLBuilder content: () -> HTML = { .empty }) -> HTML {
    makeElement("blockquote", attributes, content())
}
public func figure(_ attributes: Attribute..., @HTMLBuilder content: () -> HTML = { .empty }) -> HTML {
    makeElement("figure", attributes, content())
}
public func figcaption(_ attributes: Attribute..., @HTMLBuilder content: () -> HTML = { .empty }) -> HTML {
    makeElement("figcaption", attributes, content())
}
public func details(_ attributes: Attribute..., @HTMLBuilder content: () -> HTML = { .empty }) -> HTML {
    makeElement("details", attributes, content())
}
public func summary(_ attributes: Attribute..., @HTMLBuilder content: () -> HTML = { .empty }) -> HTML {
    makeElement("summary", attributes, content())
}
public func time(_ attributes: Attribute..., @HTMLBuilder content: () -> HTML = { .empty }) -> HTML {
    makeElement("time", attributes, content())
}
public func abbr(_ attributes: Attribute..., @HTMLBuilder content: () -> HTML = { .empty }) -> HTML {
    makeElement("abbr", attributes, content())
}
public func dialog(_ attributes: Attribute..., @HTMLBuilder content: () -> HTML = { .empty }) -> HTML {
    makeElement("dialog", attributes, content())
}

// MARK: Void elements (no content, no closing tag)


public func meta(_ attributes: Attribute...) -> HTML {
    makeVoidElement("meta", attributes)
}
public func link(_ attributes: Attribute...) -> HTML {
    makeVoidElement("link", attributes)
}
public func input(_ attributes: Attribute...) -> HTML {
    makeVoidElement("input", attributes)
}
public func br(_ attributes: Attribute...) -> HTML {
    makeVoidElement("br", attributes)
}
public func hr(_ attributes: Attribute...) -> HTML {
    makeVoidElement("hr", attributes)
}
public func img(_ attributes: Attribute...) -> HTML {
    makeVoidElement("img", attributes)
}
public func col(_ attributes: Attribute...) -> HTML {
    makeVoidElement("col", attributes)
}
public func wbr(_ attributes: Attribute...) -> HTML {
    makeVoidElement("wbr", attributes)
}
