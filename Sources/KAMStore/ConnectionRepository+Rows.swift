import Foundation
import KAMCore
import SQLKit

extension ConnectionRepository {
    /// Every live connection of an account (both people out of the recycle bin, the deal too):
    /// account-wide first, then by opportunity, each by id.
    ///
    /// A large account has tens of thousands of connections, and decoding them cell by cell
    /// through SQLKit's `Decodable` path costs about a microsecond a cell: a third of a second
    /// at 20,000 connections. On SQLite the rows are read in place through a raw read-only connection;
    /// on PostgreSQL the database writes each connection as one line of text (numbers, vocabulary
    /// codes, the evidence escaped) and joins the lines into one value, split here byte by byte.
    static func connections(_ db: any SQLDatabase, account id: AccountID) async throws -> [PersonConnection] {
        if let readers = KAMDatabase.sqliteRowReaders { return try await connections(readers, account: id) }
        let text = { (column: String) in "COALESCE(CAST(\(column) AS TEXT), '')" }
        let line = [
            text("c.id"), "c.kind", text("c.from_person_id"), text("c.to_person_id"), text("c.strength"), "c.stance", "c.status",
            text("c.opportunity_id"), text("c.account_id"), text("c.verified_by"), text("c.verified_at"), text("c.version"),
            text("c.created_at"), text("c.updated_at"), text("c.updated_by"),
            // '' for no evidence; otherwise '=' and the text with \ , ; escaped.
            "COALESCE('=' || REPLACE(REPLACE(REPLACE(c.evidence, '\\', '\\\\'), ',', '\\c'), ';', '\\s'), '')",
        ].joined(separator: " || ',' || ")
        let aggregate = "string_agg(line, ';')"
        let row = try await db.raw("""
            SELECT \(unsafeRaw: aggregate) AS lines FROM (
                SELECT \(unsafeRaw: line) AS line FROM person_connections c
                WHERE c.account_id = \(bind: id)
                  AND c.from_person_id NOT IN (SELECT id FROM key_persons WHERE deleted_at IS NOT NULL)
                  AND c.to_person_id NOT IN (SELECT id FROM key_persons WHERE deleted_at IS NOT NULL)
                  AND (c.opportunity_id IS NULL OR c.opportunity_id NOT IN (SELECT id FROM opportunities WHERE deleted_at IS NOT NULL))
            ) lines
            """).first()
        guard let joined = try row?.optionalString("lines"), !joined.isEmpty else { return [] }
        var connections = try ConnectionLines.parse(joined)
        connections.sort { ($0.opportunityID != nil ? 1 : 0, $0.opportunityID ?? 0, $0.id) < ($1.opportunityID != nil ? 1 : 0, $1.opportunityID ?? 0, $1.id) }
        return connections
    }
}

extension ConnectionRepository {
    /// In the order of the account index (NULL deals first, as wanted), so nothing is sorted;
    /// who and which deals are in the recycle bin is read once and left out here.
    static let accountConnectionsSQL = """
        SELECT c.id, c.kind, c.from_person_id, c.to_person_id, c.strength, c.stance, c.status, c.opportunity_id, c.account_id,
               c.verified_by, c.verified_at, c.version, c.created_at, c.updated_at, c.updated_by, c.evidence
        FROM person_connections c WHERE c.account_id = ? ORDER BY c.opportunity_id, c.id
        """

    /// Through a raw read-only connection: its statements prepared once, each cell read in place
    /// and the vocabulary codes matched on their bytes.
    static func connections(_ readers: SQLiteRowReaders, account id: AccountID) async throws -> [PersonConnection] {
        try await readers.read { c in
            let binned = Set(try c.integers("SELECT id FROM key_persons WHERE deleted_at IS NOT NULL", columns: 1))
            let closedDeals = Set(try c.integers("SELECT id FROM opportunities WHERE deleted_at IS NOT NULL", columns: 1))
            let kinds = ConnectionLines.Words<ConnectionKind>(), stances = ConnectionLines.Words<RelationshipMap.Stance>()
            let statuses = ConnectionLines.Words<RelationshipMap.InfluenceStatus>()
            func code<V>(_ words: ConnectionLines.Words<V>, _ bytes: UnsafeBufferPointer<UInt8>?) throws -> V {
                guard let bytes else { throw ConnectionLines.Malformed() }
                return try words.match(bytes, 0..<bytes.count)
            }
            var connections: [PersonConnection] = []
            try c.rows(accountConnectionsSQL, [id]) { row in
                guard let connection = row.int(0), let from = row.int(2), let to = row.int(3), let strength = row.int(4),
                      let account = row.int(8), let version = row.int(11), let created = row.int(12), let updated = row.int(13) else {
                    throw ConnectionLines.Malformed()
                }
                let deal = row.int(7)
                if binned.contains(from) || binned.contains(to) || deal.map(closedDeals.contains) == true { return }
                let draft = PersonConnectionDraft(
                    kind: try code(kinds, row.bytes(1)), fromPersonID: from, toPersonID: to, strength: Int(strength),
                    stance: try code(stances, row.bytes(5)), status: try code(statuses, row.bytes(6)), evidence: row.text(15),
                    opportunityID: deal)
                connections.append(PersonConnection(id: connection, draft: draft, accountID: account, verifiedBy: row.int(9),
                                                    verifiedAt: row.int(10).map(Clock.date), version: Int(version),
                                                    createdAt: Clock.date(created), updatedAt: Clock.date(updated), updatedBy: row.int(14)))
            }
            return connections
        }
    }
}

/// The one-line form of a connection the query above writes, read back.
enum ConnectionLines {
    struct Malformed: Error {}

    static func parse(_ joined: String) throws -> [PersonConnection] {
        let bytes = Array(joined.utf8)
        var connections: [PersonConnection] = []
        connections.reserveCapacity(bytes.count / 60)
        var fields: [Range<Int>] = []
        fields.reserveCapacity(16)
        let kinds = Words<ConnectionKind>(), stances = Words<RelationshipMap.Stance>(), statuses = Words<RelationshipMap.InfluenceStatus>()
        var start = 0
        try bytes.withUnsafeBufferPointer { b in
            while start < b.count {
                // One line up to ';' (a ';' inside the evidence is written "\s"), fields up to ','.
                fields.removeAll(keepingCapacity: true)
                var fieldStart = start, i = start
                while i < b.count && b[i] != UInt8(ascii: ";") {
                    if b[i] == UInt8(ascii: ","), fields.count < 15 {
                        fields.append(fieldStart..<i)
                        fieldStart = i + 1
                    }
                    i += 1
                }
                fields.append(fieldStart..<i)
                start = i + 1
                guard fields.count == 16 else { throw Malformed() }
                func int(_ f: Int) throws -> Int64 {
                    guard let value = optionalInt(f) else { throw Malformed() }
                    return value
                }
                func optionalInt(_ f: Int) -> Int64? {
                    let range = fields[f]
                    guard !range.isEmpty else { return nil }
                    var value: Int64 = 0, negative = false
                    for j in range {
                        let byte = b[j]
                        if byte == UInt8(ascii: "-") { negative = true; continue }
                        guard byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") else { return nil }
                        value = value &* 10 &+ Int64(byte &- UInt8(ascii: "0"))
                    }
                    return negative ? -value : value
                }
                let draft = PersonConnectionDraft(
                    kind: try kinds.match(b, fields[1]), fromPersonID: try int(2), toPersonID: try int(3), strength: Int(try int(4)),
                    stance: try stances.match(b, fields[5]), status: try statuses.match(b, fields[6]),
                    evidence: evidence(UnsafeBufferPointer(rebasing: b[fields[15]])), opportunityID: optionalInt(7))
                connections.append(PersonConnection(
                    id: try int(0), draft: draft, accountID: try int(8), verifiedBy: optionalInt(9),
                    verifiedAt: optionalInt(10).map(Clock.date), version: Int(try int(11)), createdAt: Clock.date(try int(12)),
                    updatedAt: Clock.date(try int(13)), updatedBy: optionalInt(14)))
            }
        }
        return connections
    }

    /// A vocabulary's codes as bytes, matched without making a string per cell.
    struct Words<V: DomainVocabulary> {
        let codes: [(bytes: [UInt8], value: V)] = V.allCases.map { (Array($0.rawValue.utf8), $0) }

        func match(_ text: String?) throws -> V {
            guard let text else { throw Malformed() }
            for code in codes where code.value.rawValue == text { return code.value }
            throw Malformed()
        }

        func match(_ b: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) throws -> V {
            for code in codes where code.bytes.count == range.count {
                if code.bytes.withUnsafeBufferPointer({ $0.elementsEqual(UnsafeBufferPointer(rebasing: b[range])) }) { return code.value }
            }
            throw Malformed()
        }
    }

    static func evidence(_ field: UnsafeBufferPointer<UInt8>) -> String? {
        guard field.first == UInt8(ascii: "=") else { return nil }
        let body = UnsafeBufferPointer(rebasing: field[1...])
        guard body.contains(UInt8(ascii: "\\")) else { return String(decoding: body, as: UTF8.self) }
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
