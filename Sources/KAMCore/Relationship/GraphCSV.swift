import Foundation

/// The edges file of `kam graph` and its JSON answers: a CSV with the header
/// `source,target,strength` (ids are any strings; quoted fields, a BOM and CRLF line ends
/// allowed), computed on as given, source → target.
public enum GraphCSV {
    public static let header = ["source", "target", "strength"]

    /// What is wrong and where: `row` counts records of the file from 1 (the header), `column` is
    /// the header name of the field, nil when the whole row is at fault.
    public struct ParseError: Error, Sendable, Hashable, CustomStringConvertible {
        public var row: Int
        public var column: String?
        public var reason: String

        public var description: String {
            "row \(row)\(column.map { ", column \($0)" } ?? ""): \(reason)"
        }
    }

    /// Parses the whole file into a graph; the nodes are the ids the connections name.
    /// The checks of `InfluenceGraph` (no self-loop, strength 1…5) are made here, row by row,
    /// so the error can say where. Repeated pairs keep their strongest connection.
    public static func influenceGraph(_ data: Data) throws(ParseError) -> InfluenceGraph<String> {
        var keys: [String] = []
        var index: [String: Int32] = [:]
        var edges = InfluenceGraph<String>.EdgeList()
        var reader = FieldReader(bytes: [UInt8](data))
        var row = 0
        var sawHeader = false
        while let fields = try reader.nextRecord(row: row + 1) {
            row += 1
            if fields.count == 1, fields[0].isEmpty { continue } // blank line
            guard sawHeader else {
                guard fields == header else {
                    throw ParseError(row: row, column: nil, reason: "the header must be \(header.joined(separator: ",")), found \(fields.joined(separator: ","))")
                }
                sawHeader = true
                continue
            }
            guard fields.count == 3 else {
                throw ParseError(row: row, column: nil, reason: "expected 3 fields, found \(fields.count)")
            }
            guard !fields[0].isEmpty else { throw ParseError(row: row, column: "source", reason: "empty id") }
            guard !fields[1].isEmpty else { throw ParseError(row: row, column: "target", reason: "empty id") }
            guard let strength = Int(fields[2]), InfluenceGraph<String>.strengthRange.contains(strength) else {
                throw ParseError(row: row, column: "strength", reason: "expected a whole number from 1 to 5, found \"\(fields[2])\"")
            }
            guard fields[0] != fields[1] else {
                throw ParseError(row: row, column: "target", reason: "a connection from \(fields[0]) to itself")
            }
            guard keys.count < Int(Int32.max) - 1, edges.count < Int(Int32.max) else {
                throw ParseError(row: row, column: nil, reason: "too many people or connections")
            }
            let from = intern(fields[0], keys: &keys, index: &index)
            let to = intern(fields[1], keys: &keys, index: &index)
            edges.appendUnchecked(from: from, to: to, strength: UInt8(strength))
        }
        guard sawHeader else { throw ParseError(row: 1, column: nil, reason: "empty file: the header \(header.joined(separator: ",")) is missing") }
        do {
            return try InfluenceGraph(unsortedKeys: keys, index: index, edges: edges)
        } catch {
            // Unreachable: every check was made above with the row at hand.
            throw ParseError(row: row, column: nil, reason: "\(error)")
        }
    }

    private static func intern(_ key: String, keys: inout [String], index: inout [String: Int32]) -> Int32 {
        if let known = index[key] { return known }
        let new = Int32(keys.count)
        index[key] = new
        keys.append(key)
        return new
    }

    // MARK: - JSON answers

    /// `{"ID": value, …}` in ascending id order, values printed to round-trip exactly.
    public static func scoresJSON(_ graph: InfluenceGraph<String>, scores: [Double]) -> String {
        var out = "{"
        out.reserveCapacity(graph.nodeCount * 32)
        for (i, node) in graph.nodes.enumerated() {
            if i > 0 { out += ", " }
            JSONText.appendQuoted(node, to: &out)
            out += ": "
            out += number(scores[i])
        }
        out += "}"
        return out
    }

    /// `{"path": [ids], "product": x}`, or `{"path": null}` when there is no path.
    public static func pathJSON(_ path: StrongestPath<String>?) -> String {
        guard let path else { return "{\"path\": null}" }
        var out = "{\"path\": ["
        for (i, node) in path.nodes.enumerated() {
            if i > 0 { out += ", " }
            JSONText.appendQuoted(node, to: &out)
        }
        out += "], \"product\": " + number(path.product) + "}"
        return out
    }

    /// Swift's shortest round-trip form is valid JSON for every finite value ("1e-05" included).
    static func number(_ value: Double) -> String {
        value.isFinite ? value.description : "null"
    }


}

/// RFC 4180 records from bytes: quoted fields with doubled quotes inside, CRLF or LF, a
/// leading BOM skipped. Works on bytes because the whole-database file has five million rows.
struct FieldReader {
    let bytes: [UInt8]
    var position = 0

    init(bytes: [UInt8]) {
        self.bytes = bytes
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { position = 3 }
    }

    /// The next record's fields, nil at the end of the input.
    mutating func nextRecord(row: Int) throws(GraphCSV.ParseError) -> [String]? {
        guard position < bytes.count else { return nil }
        var fields: [String] = []
        while true {
            fields.append(try nextField(row: row, column: fields.count))
            guard position < bytes.count else { return fields }
            let separator = bytes[position]
            position += 1
            if separator == UInt8(ascii: ",") { continue }
            if separator == UInt8(ascii: "\r"), position < bytes.count, bytes[position] == UInt8(ascii: "\n") { position += 1 }
            return fields
        }
    }

    /// Reads one field and stops on the comma or line end after it (not consumed).
    private mutating func nextField(row: Int, column: Int) throws(GraphCSV.ParseError) -> String {
        let columnName = column < GraphCSV.header.count ? GraphCSV.header[column] : "\(column + 1)"
        if position < bytes.count, bytes[position] == UInt8(ascii: "\"") {
            position += 1
            var field: [UInt8] = []
            while true {
                guard position < bytes.count else {
                    throw GraphCSV.ParseError(row: row, column: columnName, reason: "a quoted field is not closed")
                }
                let byte = bytes[position]
                position += 1
                if byte != UInt8(ascii: "\"") { field.append(byte); continue }
                if position < bytes.count, bytes[position] == UInt8(ascii: "\"") {
                    field.append(byte)
                    position += 1
                    continue
                }
                break
            }
            guard position >= bytes.count || [UInt8(ascii: ","), UInt8(ascii: "\n"), UInt8(ascii: "\r")].contains(bytes[position]) else {
                throw GraphCSV.ParseError(row: row, column: columnName, reason: "text after a closing quote")
            }
            return String(decoding: field, as: UTF8.self)
        }
        let start = position
        while position < bytes.count {
            let byte = bytes[position]
            if byte == UInt8(ascii: ",") || byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") { break }
            if byte == UInt8(ascii: "\"") {
                throw GraphCSV.ParseError(row: row, column: columnName, reason: "a quote inside an unquoted field")
            }
            position += 1
        }
        return String(decoding: bytes[start..<position], as: UTF8.self)
    }
}
