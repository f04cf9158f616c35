import Foundation
import KAMCore

extension DemoLoader {
    /// The demo's relationship maps: generated influence and conflict connections between the
    /// current people of each account, written through the repository (checked and audited).
    public func loadRelationshipMaps(_ generator: DemoGenerator) async throws {
        let store = KAMStore(database: database, now: now)
        let rows = try await database.read { db in
            try await db.raw("""
                SELECT e.account_id, e.person_id, e.reports_to_id FROM employments e JOIN accounts a ON a.id = e.account_id
                WHERE e.to_date IS NULL AND a.deleted_at IS NULL ORDER BY e.account_id, e.person_id
                """).all().map { (try $0.int64("account_id"), try $0.int64("person_id"), try $0.optionalInt64("reports_to_id")) }
        }
        var byAccount: [AccountID: (people: [PersonID], managers: [PersonID: PersonID])] = [:]
        for (account, person, manager) in rows {
            byAccount[account, default: ([], [:])].people.append(person)
            if let manager { byAccount[account]?.managers[person] = manager }
        }
        for (index, account) in byAccount.keys.sorted().enumerated() {
            guard let entry = byAccount[account] else { continue }
            for draft in generator.influences(accountIndex: index, people: entry.people, managers: entry.managers) {
                _ = try await store.connections.create(draft, caller: .system)
            }
        }
    }
}
