/// A relationship map as GraphML, the XML graph format Gephi, yEd and networkx read. Directed;
/// reporting lines are edges of kind `reporting` (manager → report) beside influence and conflict.
public enum GraphML {
    public struct Node: Sendable {
        public var id: String
        public var label: String
        public var affiliation: String
        public var closeness: Int?
        public var recognition: Int?
        public var priceAcceptance: Int?

        public init(id: String, label: String, affiliation: String, closeness: Int?, recognition: Int?, priceAcceptance: Int?) {
            self.id = id
            self.label = label
            self.affiliation = affiliation
            self.closeness = closeness
            self.recognition = recognition
            self.priceAcceptance = priceAcceptance
        }
    }

    public struct Edge: Sendable {
        public var source: String
        public var target: String
        public var kind: String
        public var strength: Int
        public var stance: String?
        public var status: String?

        public init(source: String, target: String, kind: String, strength: Int, stance: String?, status: String?) {
            self.source = source
            self.target = target
            self.kind = kind
            self.strength = strength
            self.stance = stance
            self.status = status
        }
    }

    /// Key id, the element it belongs to, its name and GraphML type.
    static let keys: [(id: String, on: String, name: String, type: String)] = [
        ("label", "node", "label", "string"), ("affiliation", "node", "affiliation", "string"),
        ("closeness", "node", "closeness", "int"), ("recognition", "node", "recognition", "int"),
        ("price_acceptance", "node", "price_acceptance", "int"),
        ("kind", "edge", "kind", "string"), ("strength", "edge", "strength", "int"),
        ("stance", "edge", "stance", "string"), ("status", "edge", "status", "string"),
    ]

    public static func document(nodes: [Node], edges: [Edge]) -> String {
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        out += "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\">\n"
        for key in keys {
            out += "  <key id=\"\(key.id)\" for=\"\(key.on)\" attr.name=\"\(key.name)\" attr.type=\"\(key.type)\"/>\n"
        }
        out += "  <graph id=\"relationship-map\" edgedefault=\"directed\">\n"
        for node in nodes {
            out += "    <node id=\"\(escape(node.id))\">"
            out += data("label", node.label) + data("affiliation", node.affiliation)
            out += data("closeness", node.closeness.map(String.init)) + data("recognition", node.recognition.map(String.init))
            out += data("price_acceptance", node.priceAcceptance.map(String.init))
            out += "</node>\n"
        }
        for edge in edges {
            out += "    <edge source=\"\(escape(edge.source))\" target=\"\(escape(edge.target))\">"
            out += data("kind", edge.kind) + data("strength", String(edge.strength)) + data("stance", edge.stance) + data("status", edge.status)
            out += "</edge>\n"
        }
        out += "  </graph>\n</graphml>\n"
        return out
    }

    static func data(_ key: String, _ value: String?) -> String {
        guard let value else { return "" }
        return "<data key=\"\(key)\">\(escape(value))</data>"
    }

    /// XML text and attribute escaping; characters XML 1.0 cannot carry at all are dropped.
    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            case "\t", "\n", "\r": out.unicodeScalars.append(scalar)
            default:
                let v = scalar.value
                if v < 0x20 || v == 0xFFFE || v == 0xFFFF { continue }
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
