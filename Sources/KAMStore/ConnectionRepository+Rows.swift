import Foundation
import KAMCore
import SQLKit

extension ConnectionRepository {
    /// Every live connection of an account (both people out of the recycle bin, the deal too):
    /// account-wide first, then by opportunity, each by id.
    ///
    /// A large account has tens of thousands of connections, and decoding them cell by cell
    /// through SQLKit's `Decodable` path costs about a microsecond a cell: a third of a second
    /// at 20,000 connections. The database writes each connection as one line of text instead
    /// (numbers, vocabulary codes, the evidence escaped) and joins the lines into one value, which
    /// is split here byte by byte.
    static func connections(_ db: any SQLDatabase, account id: AccountID) async throws -> [PersonConnection] {
        let text = { (column: String) in "COALESCE(CAST(\(column) AS TEXT), '')" }
        let line = [
            text("c.id"), "c.kind", text("c.from_person_id"), text("c.to_person_id"), text("c.strength"), "c.stance", "c.status",
            text("c.opportunity_id"), text("c.account_id"), text("c.verified_by"), text("c.verified_at"), text("c.version"),
            text("c.created_at"), text("c.updated_at"), text("c.updated_by"),
            // '' for no evidence; otherwise '=' and the text with \ , ; escaped.
            "COALESCE('=' || REPLACE(REPLACE(REPLACE(c.evidence, '\\', '\\\\'), ',', '\\c'), ';', '\\s'), '')",
        ].joined(separator: " || ',' || ")
        let aggregate = db.dialect.name == "sqlite" ? "group_concat(line, ';')" : "string_agg(line, ';')"
        let row = try await db.raw("""
            SELECT \(unsafeRaw: aggregate) AS lines FROM (
                SELECT \(unsafeRaw: line) AS line FROM person_connections c
                JOIN key_persons f ON f.id = c.from_person_id JOIN key_persons t ON t.id = c.to_person_id
                WHERE c.account_id = \(bind: id) AND f.deleted_at IS NULL AND t.deleted_at IS NULL
                  AND (c.opportunity_id IS NULL OR EXISTS (SELECT 1 FROM opportunities o WHERE o.id = c.opportunity_id AND o.deleted_at IS NULL))
            ) lines
            """).first()
        guard let joined = try row?.optionalString("lines"), !joined.isEmpty else { return [] }
        var connections = try ConnectionLines.parse(joined)
        connections.sort { ($0.opportunityID != nil ? 1 : 0, $0.opportunityID ?? 0, $0.id) < ($1.opportunityID != nil ? 1 : 0, $1.opportunityID ?? 0, $1.id) }
        return connections
    }
}

/// The one-line form of a connection the query above writes, read back.
enum ConnectionLines {
    struct Malformed: Error {}

    static func parse(_ joined: String) throws -> [PersonConnection] {
        var connections: [PersonConnection] = []
        var utf8 = joined.utf8[...]
        var fields: [Substring.UTF8View] = []
        fields.reserveCapacity(16)
        while !utf8.isEmpty {
            // One line: up to the first ';' (escaped ones inside the evidence are "\s").
            let end = utf8.firstIndex(of: UInt8(ascii: ";")) ?? utf8.endIndex
            var line = utf8[utf8.startIndex..<end]
            utf8 = end == utf8.endIndex ? utf8[end...] : utf8[utf8.index(after: end)...]
            fields.removeAll(keepingCapacity: true)
            while fields.count < 15, let comma = line.firstIndex(of: UInt8(ascii: ",")) {
                fields.append(line[line.startIndex..<comma])
                line = line[line.index(after: comma)...]
            }
            fields.append(line)
            guard fields.count == 16 else { throw Malformed() }
            connections.append(try connection(fields))
        }
        return connections
    }

    static func connection(_ f: [Substring.UTF8View]) throws -> PersonConnection {
        func int(_ i: Int) throws -> Int64 {
            guard let value = optionalInt(i) else { throw Malformed() }
            return value
        }
        func optionalInt(_ i: Int) -> Int64? {
            guard !f[i].isEmpty else { return nil }
            var value: Int64 = 0, negative = false
            for byte in f[i] {
                if byte == UInt8(ascii: "-") { negative = true; continue }
                guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return nil }
                value = value &* 10 &+ Int64(byte - UInt8(ascii: "0"))
            }
            return negative ? -value : value
        }
        func word<V: DomainVocabulary>(_ i: Int, _: V.Type) throws -> V {
            guard let value = V(rawValue: String(Substring(f[i]))) else { throw Malformed() }
            return value
        }
        let draft = PersonConnectionDraft(
            kind: try word(1, ConnectionKind.self), fromPersonID: try int(2), toPersonID: try int(3), strength: Int(try int(4)),
            stance: try word(5, RelationshipMap.Stance.self), status: try word(6, RelationshipMap.InfluenceStatus.self),
            evidence: evidence(f[15]), opportunityID: optionalInt(7))
        return PersonConnection(id: try int(0), draft: draft, accountID: try int(8), verifiedBy: optionalInt(9),
                                verifiedAt: optionalInt(10).map(Clock.date), version: Int(try int(11)),
                                createdAt: Clock.date(try int(12)), updatedAt: Clock.date(try int(13)), updatedBy: optionalInt(14))
    }

    static func evidence(_ field: Substring.UTF8View) -> String? {
        guard field.first == UInt8(ascii: "=") else { return nil }
        let body = field.dropFirst()
        guard body.contains(UInt8(ascii: "\\")) else { return String(Substring(body)) }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(body.count)
        var escaped = false
        for byte in body {
            if escaped {
                switch byte {
                case UInt8(ascii: "c"): bytes.append(UInt8(ascii: ","))
                case UInt8(ascii: "s"): bytes.append(UInt8(ascii: ";"))
                default: bytes.append(byte)
                }
                escaped = false
            } else if byte == UInt8(ascii: "\\") {
                escaped = true
            } else {
                bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
