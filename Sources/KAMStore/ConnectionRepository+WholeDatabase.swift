import Foundation
import KAMCore
import SQLKit

extension ConnectionRepository {
    /// The influence graph of the whole database, as the maps read it: every live person, every
    /// account-wide influence, and every current reporting line as influence of the manager on the
    /// report with strength 2 unless an influence between them is recorded. Only company-wide
    /// roles may read it: it spans every account. `loadSeconds` is the time spent reading.
    public func wholeDatabaseGraph(caller: Caller) async throws -> (graph: InfluenceGraph<PersonID>, loadSeconds: Double) {
        guard caller.policy.seesUnattachedPeople else { throw StoreError.forbidden }
        let today = Clock.today(now()).description
        let start = ContinuousClock.now
        let people = "SELECT id FROM key_persons WHERE deleted_at IS NULL ORDER BY id"
        // Accounts in the recycle bin take their maps with them.
        let influences = """
            SELECT from_person_id, to_person_id, strength FROM person_connections WHERE kind = 'influence' AND opportunity_id IS NULL
            AND account_id NOT IN (SELECT id FROM accounts WHERE deleted_at IS NOT NULL)
            """
        let current = { (alias: String) in
            "(\(alias).from_date IS NULL OR \(alias).from_date <= '\(today)') AND (\(alias).to_date IS NULL OR \(alias).to_date > '\(today)')"
        }
        // A reporting line is inside one account: both people hold a job there today.
        let lines = """
            SELECT e.reports_to_id, e.person_id FROM employments e WHERE e.reports_to_id IS NOT NULL AND \(current("e"))
            AND e.account_id NOT IN (SELECT id FROM accounts WHERE deleted_at IS NOT NULL)
            AND EXISTS (SELECT 1 FROM employments m WHERE m.person_id = e.reports_to_id AND m.account_id = e.account_id AND \(current("m")))
            """
        let rows: (people: [Int64], influences: [Int64], lines: [Int64])
        if let fast = try await database.withSQLiteBulk({ connection in
            try await connection.perform { c in
                (try c.integers(people, columns: 1), try c.integers(influences, columns: 3), try c.integers(lines, columns: 2))
            }
        }) {
            rows = fast
        } else {
            rows = try await database.read { db in
                (try await db.raw(SQLQueryString(people)).all().map { try $0.int64("id") },
                 try await db.raw(SQLQueryString(influences)).all().flatMap {
                     [try $0.int64("from_person_id"), try $0.int64("to_person_id"), try $0.int64("strength")]
                 },
                 try await db.raw(SQLQueryString(lines)).all().flatMap { [try $0.int64("reports_to_id"), try $0.int64("person_id")] })
            }
        }
        let elapsed = ContinuousClock.now - start
        let graph = try Self.wholeGraph(people: rows.people, influences: rows.influences, lines: rows.lines)
        return (graph, Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
    }

    /// Connections touching someone in the recycle bin are left out, as on every map.
    static func wholeGraph(people: [Int64], influences: [Int64], lines: [Int64]) throws -> InfluenceGraph<PersonID> {
        let alive = Set(people)
        struct Pair: Hashable { var from: Int64; var to: Int64 }
        var reporting = Set<Pair>()
        var i = 0
        while i + 1 < lines.count {
            if alive.contains(lines[i]) && alive.contains(lines[i + 1]) && lines[i] != lines[i + 1] {
                reporting.insert(Pair(from: lines[i], to: lines[i + 1]))
            }
            i += 2
        }
        var connections: [InfluenceGraph<PersonID>.Connection] = []
        connections.reserveCapacity(influences.count / 3 + reporting.count)
        i = 0
        while i + 2 < influences.count {
            let from = influences[i], to = influences[i + 1]
            if alive.contains(from) && alive.contains(to) {
                connections.append(.init(from: from, to: to, strength: Int(influences[i + 2])))
                // What we learnt beats the org chart, even when weaker.
                reporting.remove(Pair(from: from, to: to))
            }
            i += 3
        }
        for line in reporting { connections.append(.init(from: line.from, to: line.to, strength: 2)) }
        do {
            return try InfluenceGraph(nodes: people, connections: connections)
        } catch {
            throw StoreError.conflict(code: "inconsistent_map", field: nil)
        }
    }
}
