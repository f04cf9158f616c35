// Inline SVG. Every SVG element is written with a closing tag (`<circle …></circle>`), which is
// what the HTML parser expects in foreign content. Use `title { "…" }` inside a shape for a
// tooltip. Numbers are formatted by `SVGNumber.format` (at most 2 decimals, no locale).

public func svg(_ attributes: Attribute..., @HTMLBuilder content: () -> HTML = { .empty }) -> HTML {
    makeElement("svg", attributes, content())
}
public func g(_ attributes: Attribute..., @HTMLBuilder content: () -> HTML = { .empty }) -> HTML {
    makeElement("g", attributes, content())
}
public func circle(_ attributes: Attribute..., @HTMLBuilder content: () -> HTML = { .empty }) -> HTML {
    makeElement("circle", attributes, content())
}
public func ellipse(_ attributes: Attribute..., @HTMLBuilder content: () -> HTML = { .empty }) -> HTML {
    makeElement("ellipse", attributes, content())
}
public func line(_ attributes: Attribute..., @HTMLBuilder content: () -> HTML = { .empty }) -> HTML {
    makeElement("line", attributes, content())
}
public func path(_ attributes: Attribute..., @HTMLBuilder content: () -> HTML = { .empty }) -> HTML {
    makeElement("path", attributes, content())
}
public func rect(_ attributes: Attribute..., @HTMLBuilder content: () -> HTML = { .empty }) -> HTML {
    makeElement("rect", attributes, content())
}
/// SVG `<text>`.
public func svgText(_ attributes: Attribute..., @HTMLBuilder content: () -> HTML = { .empty }) -> HTML {
    makeElement("text", attributes, content())
}
public func tspan(_ attributes: Attribute..., @HTMLBuilder content: () -> HTML = { .empty }) -> HTML {
    makeElement("tspan", attributes, content())
}
public func polyline(_ attributes: Attribute..., @HTMLBuilder content: () -> HTML = { .empty }) -> HTML {
    makeElement("polyline", attributes, content())
}
public func polygon(_ attributes: Attribute..., @HTMLBuilder content: () -> HTML = { .empty }) -> HTML {
    makeElement("polygon", attributes, content())
}
/// `<use href="#id">`: a shape defined once in `defs`, drawn again where placed.
public func use(_ attributes: Attribute..., @HTMLBuilder content: () -> HTML = { .empty }) -> HTML {
    makeElement("use", attributes, content())
}
public func defs(_ attributes: Attribute..., @HTMLBuilder content: () -> HTML = { .empty }) -> HTML {
    makeElement("defs", attributes, content())
}
public func marker(_ attributes: Attribute..., @HTMLBuilder content: () -> HTML = { .empty }) -> HTML {
    makeElement("marker", attributes, content())
}

/// Formatting of numbers for SVG attributes and path data.
public enum SVGNumber {
    /// Rounded to at most two decimals, trailing zeros dropped, `.` as separator, no exponent:
    /// `3` → "3", `2.5` → "2.5", `1.005` → "1", `-0.001` → "0", `1/3` → "0.33".
    /// Non-finite values become "0".
    public static func format(_ d: Double) -> String {
        guard d.isFinite else { return "0" }
        let scaled = (d * 100).rounded()
        guard abs(scaled) < 9.0e15 else {
            // Too large for two decimals in an Int; whole number is plenty.
            let whole = d.rounded()
            return abs(whole) < 9.2e18 ? String(Int64(whole)) : "0"
        }
        let n = Int64(scaled)
        if n == 0 { return "0" }
        let magnitude = n.magnitude
        let whole = magnitude / 100
        let fraction = magnitude % 100
        var s = n < 0 ? "-" : ""
        s += String(whole)
        if fraction != 0 {
            s += "."
            if fraction < 10 {
                s += "0" + String(fraction)
            } else if fraction % 10 == 0 {
                s += String(fraction / 10)
            } else {
                s += String(fraction)
            }
        }
        return s
    }

    /// `x,y x,y …` for `points`.
    public static func points(_ pts: [(Double, Double)]) -> String {
        pts.map { format($0.0) + "," + format($0.1) }.joined(separator: " ")
    }
}

// MARK: - SVG attributes

extension Attribute {
    public static func viewBox(_ v: String) -> Attribute { Attribute("viewBox", v) }
    public static func viewBox(_ minX: Double, _ minY: Double, _ width: Double, _ height: Double) -> Attribute {
        let parts = [minX, minY, width, height].map(SVGNumber.format)
        return Attribute("viewBox", parts.joined(separator: " "))
    }
    public static func width(_ v: String) -> Attribute { Attribute("width", v) }
    public static func width(_ v: Double) -> Attribute { Attribute("width", SVGNumber.format(v)) }
    public static func height(_ v: String) -> Attribute { Attribute("height", v) }
    public static func height(_ v: Double) -> Attribute { Attribute("height", SVGNumber.format(v)) }
    public static func x(_ v: String) -> Attribute { Attribute("x", v) }
    public static func x(_ v: Double) -> Attribute { Attribute("x", SVGNumber.format(v)) }
    public static func y(_ v: String) -> Attribute { Attribute("y", v) }
    public static func y(_ v: Double) -> Attribute { Attribute("y", SVGNumber.format(v)) }
    public static func x1(_ v: String) -> Attribute { Attribute("x1", v) }
    public static func x1(_ v: Double) -> Attribute { Attribute("x1", SVGNumber.format(v)) }
    public static func y1(_ v: String) -> Attribute { Attribute("y1", v) }
    public static func y1(_ v: Double) -> Attribute { Attribute("y1", SVGNumber.format(v)) }
    public static func x2(_ v: String) -> Attribute { Attribute("x2", v) }
    public static func x2(_ v: Double) -> Attribute { Attribute("x2", SVGNumber.format(v)) }
    public static func y2(_ v: String) -> Attribute { Attribute("y2", v) }
    public static func y2(_ v: Double) -> Attribute { Attribute("y2", SVGNumber.format(v)) }
    public static func cx(_ v: String) -> Attribute { Attribute("cx", v) }
    public static func cx(_ v: Double) -> Attribute { Attribute("cx", SVGNumber.format(v)) }
    public static func cy(_ v: String) -> Attribute { Attribute("cy", v) }
    public static func cy(_ v: Double) -> Attribute { Attribute("cy", SVGNumber.format(v)) }
    public static func r(_ v: String) -> Attribute { Attribute("r", v) }
    public static func r(_ v: Double) -> Attribute { Attribute("r", SVGNumber.format(v)) }
    public static func rx(_ v: Double) -> Attribute { Attribute("rx", SVGNumber.format(v)) }
    public static func ry(_ v: Double) -> Attribute { Attribute("ry", SVGNumber.format(v)) }
    public static func dx(_ v: Double) -> Attribute { Attribute("dx", SVGNumber.format(v)) }
    public static func dy(_ v: Double) -> Attribute { Attribute("dy", SVGNumber.format(v)) }
    /// Path data.
    public static func d(_ v: String) -> Attribute { Attribute("d", v) }
    public static func fill(_ v: String) -> Attribute { Attribute("fill", v) }
    public static func stroke(_ v: String) -> Attribute { Attribute("stroke", v) }
    /// `stroke-width`.
    public static func strokeWidth(_ v: String) -> Attribute { Attribute("stroke-width", v) }
    public static func strokeWidth(_ v: Double) -> Attribute { Attribute("stroke-width", SVGNumber.format(v)) }
    /// `stroke-dasharray`.
    public static func strokeDasharray(_ v: String) -> Attribute { Attribute("stroke-dasharray", v) }
    public static func points(_ v: String) -> Attribute { Attribute("points", v) }
    public static func points(_ v: [(Double, Double)]) -> Attribute { Attribute("points", SVGNumber.points(v)) }
    public static func transform(_ v: String) -> Attribute { Attribute("transform", v) }
    public static func opacity(_ v: Double) -> Attribute { Attribute("opacity", SVGNumber.format(v)) }
    /// `text-anchor` (start, middle, end).
    public static func textAnchor(_ v: String) -> Attribute { Attribute("text-anchor", v) }
    /// `dominant-baseline`.
    public static func dominantBaseline(_ v: String) -> Attribute { Attribute("dominant-baseline", v) }
    /// `font-size`.
    public static func fontSize(_ v: Double) -> Attribute { Attribute("font-size", SVGNumber.format(v)) }
    /// `marker-end`, e.g. `"url(#arrow)"`.
    public static func markerEnd(_ v: String) -> Attribute { Attribute("marker-end", v) }
    public static func markerWidth(_ v: Double) -> Attribute { Attribute("markerWidth", SVGNumber.format(v)) }
    public static func markerHeight(_ v: Double) -> Attribute { Attribute("markerHeight", SVGNumber.format(v)) }
    public static func refX(_ v: Double) -> Attribute { Attribute("refX", SVGNumber.format(v)) }
    public static func refY(_ v: Double) -> Attribute { Attribute("refY", SVGNumber.format(v)) }
    /// `orient` (e.g. "auto").
    public static func orient(_ v: String) -> Attribute { Attribute("orient", v) }
    public static func preserveAspectRatio(_ v: String) -> Attribute { Attribute("preserveAspectRatio", v) }
    /// `xmlns="http://www.w3.org/2000/svg"` (needed only for standalone SVG files).
    public static var xmlnsSVG: Attribute { Attribute("xmlns", "http://www.w3.org/2000/svg") }
}
