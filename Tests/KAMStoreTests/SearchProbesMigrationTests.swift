import Foundation
import KAMCore
import KAMTestSupport
import SQLKit
import Testing
@testable import KAMStore

@Suite("Migration 28: what a scoped search probes")
struct SearchProbesMigrationTests {
    /// Names searched before the migration are found after it, and an account can no longer hold
    /// the same piece of its name twice (what lets PostgreSQL skip de-duplicating them).
    @Test(arguments: TestEngine.allCases)
    func piecesStayFindableAndUnique(_ engine: TestEngine) async throws {
        try await TestDatabase.withStore(engine, migratedThrough: 27) { store in
            let c = try await TestCompany.make(store)
            let bank = try await c.account("Adria Bank", owner: c.sales)
            _ = try await c.account("Nordic Steel", owner: c.sales)

            #expect(try await store.database.migrate() == [28])

            var query = AccountQuery()
            query.search = "ad"
            #expect(try await store.accounts.list(query, caller: try await c.caller(c.sales)).items.map(\.id) == [bank.id])
            await #expect(throws: (any Error).self) {
                try await store.database.execute("INSERT INTO account_name_grams (gram, account_id) VALUES ('ad', \(bank.id))")
            }
        }
    }
}
