import Foundation
import Hummingbird
import KAMCore
import KAMHTML
import KAMStore

/// The map's drawing: the org chart, the curves of influence and the people's boxes as SVG,
/// with its legend.
extension RelationshipMapView {
    static let stanceColour: [RelationshipMap.Stance: String] = [.supporter: "#2e7d32", .neutral: "#616161", .opponent: "#c62828"]
    static let conflictColour = "#6a1b9a"

    /// 1 (cold) … 5 (warm), coloured by the stylesheet from red to green; grey when not assessed.
    static func attitudeClass(_ level: Int?) -> String {
        ["level-0", "level-1", "level-2", "level-3", "level-4", "level-5"][min(max(level ?? 0, 0), 5)]
    }

    static func drawing(_ t: Catalog, _ model: RelationshipMapModel, connections: [PersonConnection], names: [PersonID: String]) -> HTML {
        let layout = RelationshipMapLayout(people: model.map.people, lines: model.map.reportingLines)
        let (w, h) = (RelationshipMapLayout.boxWidth, RelationshipMapLayout.boxHeight)
        let words = NodeWords(t)
        let f = SVGNumber.format
        return svg(.attr("viewBox", "0 0 \(f(layout.width)) \(f(layout.height))"),
                   .attr("width", f(layout.width)), .attr("height", f(layout.height)), .role("img"),
                   .ariaLabel(t.text("map.title", model.accountName)), .id("map-drawing")) {
            defs {
                for (stance, colour) in stanceColour.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
                    marker(.id("arrow-\(stance.rawValue)"), .attr("viewBox", "0 0 10 10"), .attr("refX", "9"), .attr("refY", "5"),
                           .attr("markerWidth", "6"), .attr("markerHeight", "6"), .attr("orient", "auto-start-reverse")) {
                        path(.attr("d", "M0,0 L10,5 L0,10 z"), .attr("fill", colour))
                    }
                }
                rect(.id("map-box"), .width(w), .height(h), .rx(6))
                rect(.id("map-bar"), .width("42"), .height("6"))
            }
            // Thousands of boxes, lines and curves: written straight to bytes (escaped as the tree
            // escapes), not as a tree node per element.
            g(.class("reporting-lines")) {
                HTML.stream(capacity: model.map.reportingLines.count * 60) { out in
                    for line in model.map.reportingLines {
                        guard let manager = layout.boxes[line.manager], let report = layout.boxes[line.report] else { continue }
                        let middle = manager.y + h + RelationshipMapLayout.rowGap / 2
                        // A stacked report is reached down the stack's left side, past the boxes above it.
                        let end = layout.stacked.contains(line.report)
                            ? "H\(f(report.x - RelationshipMapLayout.stackIndent / 2)) V\(f(report.y + h / 2)) H\(f(report.x))"
                            : "H\(f(report.x + w / 2)) V\(f(report.y))"
                        out.element("path", ["d": "M\(f(manager.x + w / 2)),\(f(manager.y + h)) V\(f(middle)) \(end)"])
                    }
                }
            }
            g(.class("connections")) {
                HTML.stream(capacity: connections.count * 220) { w in
                    for connection in connections {
                        if let from = layout.boxes[connection.fromPersonID], let to = layout.boxes[connection.toPersonID] {
                            curve(&w, connection, from: from, to: to, names: names)
                        }
                    }
                }
            }
            g(.class("people")) {
                HTML.stream(capacity: model.map.people.count * 520) { w in
                    for person in model.map.people {
                        if let box = layout.boxes[person.id] { node(&w, person, box: box, name: names[person.id] ?? "", words: words) }
                    }
                }
            }
        }
    }

    /// A quadratic curve between box centres, bowed to the right of its direction so the two
    /// directions between a pair do not overlap.
    static func curve(_ w: inout HTMLStream, _ connection: PersonConnection, from: RelationshipMapLayout.Box,
                      to: RelationshipMapLayout.Box, names: [PersonID: String]) {
        let f = SVGNumber.format
        let (bw, bh) = (RelationshipMapLayout.boxWidth, RelationshipMapLayout.boxHeight)
        let (x1, y1, x2, y2) = (from.x + bw / 2, from.y + bh / 2, to.x + bw / 2, to.y + bh / 2)
        let (dx, dy) = (x2 - x1, y2 - y1)
        let length = max((dx * dx + dy * dy).squareRoot(), 1)
        let bow = min(60, length / 4)
        let (cx, cy) = ((x1 + x2) / 2 - dy / length * bow, (y1 + y2) / 2 + dx / length * bow)
        let conflict = connection.kind == .conflict
        let colour = conflict ? conflictColour : stanceColour[connection.stance] ?? "#616161"
        w.open("path", ["d": "M\(f(x1)),\(f(y1)) Q\(f(cx)),\(f(cy)) \(f(x2)),\(f(y2))", "stroke": colour,
                        "stroke-width": String(connection.strength),
                        "stroke-dasharray": connection.status == .hypothesis ? "6 4" : (conflict ? "2 3" : nil),
                        "marker-end": conflict ? nil : markerEnd[connection.stance],
                        "class": conflict ? "connection conflict" : "connection \(connection.kind.rawValue)"])
        w.element("title", text: "\(names[connection.fromPersonID] ?? "") → \(names[connection.toPersonID] ?? ""): \(connection.strength)/5")
        w.close("path")
    }

    static let markerEnd: [RelationshipMap.Stance: String] = Dictionary(uniqueKeysWithValues: RelationshipMap.Stance.allCases.map {
        ($0, "url(#arrow-\($0.rawValue))")
    })

    /// The words and classes every box repeats, worked out once per drawing rather than once per person.
    struct NodeWords {
        let attitudes: [String]
        let placeholder: String
        let barX = ["8", "54", "100"]

        init(_ t: Catalog) {
            attitudes = ["portrait.closeness", "portrait.recognition", "portrait.price_acceptance"].map { t.text($0) + ": " }
            placeholder = t.text("map.placeholder")
        }

        func boxClass(_ person: MapPerson) -> String {
            person.isPlaceholder ? "person \(person.affiliation.rawValue) placeholder" : "person \(person.affiliation.rawValue)"
        }

        /// One tooltip for the box: the three attitudes in words.
        func portrait(_ levels: [Int?]) -> String {
            zip(attitudes, levels).map { $0 + ($1.map(String.init) ?? "–") }.joined(separator: " · ")
        }
    }

    /// A person's box, drawn from shapes defined once (`#map-box`, `#map-bar`) and coloured by
    /// the stylesheet: a 2,000-person map stays a page, not a download.
    static func node(_ w: inout HTMLStream, _ person: MapPerson, box: RelationshipMapLayout.Box, name: String, words: NodeWords) {
        let f = SVGNumber.format
        let levels = [person.portrait?.closeness, person.portrait?.recognition, person.portrait?.priceAcceptance]
        let linked = person.name != nil
        if linked { w.open("a", ["href": Paths.person(person.id)]) }
        w.open("g", ["class": words.boxClass(person), "data-person": String(person.id), "transform": "translate(\(f(box.x)),\(f(box.y)))"])
        w.element("title", text: words.portrait(levels))
        w.element("use", ["href": "#map-box", "class": "box"])
        w.element("text", ["x": "8", "y": "18", "class": "name"], text: String(name.prefix(22)))
        // A placeholder says what is missing; an outsider where they come from.
        w.element("text", ["x": "8", "y": "33", "class": "role"],
                  text: String((person.isPlaceholder ? "\(person.title ?? "") — \(words.placeholder)"
                                : person.title ?? person.organisation ?? "").prefix(26)))
        // The three attitudes of the portrait, left to right: closeness, recognition, price.
        for (index, level) in levels.enumerated() {
            w.element("use", ["href": "#map-bar", "x": words.barX[index], "y": "40", "class": attitudeClass(level)])
        }
        w.close("g")
        if linked { w.close("a") }
    }

    /// Swatches coloured by class: the page's content security policy refuses inline styles.
    static func legend(_ t: Catalog) -> HTML {
        ul(.class("map-legend")) {
            for stance in RelationshipMap.Stance.allCases {
                li { span(.class("swatch stance-\(stance.rawValue)")) { "" }; " "; t.label(stance) }
            }
            li { span(.class("swatch conflict")) { "" }; " "; t.label(ConnectionKind.conflict) }
            li { span(.class("swatch placeholder")) { "" }; " "; t.text("map.placeholder") }
            li { t.text("map.legend_lines") }
        }
    }
}
