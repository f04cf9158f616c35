import Foundation
import KAMCore
import KAMTestSupport
import SQLKit
import Testing
@testable import KAMStore

@Suite("Migration 27: the review calendar's one row per account")
struct ReviewCalendarMigrationTests {
    /// Reviews held under migration 26 (a row per kind in `review_last`) come through as day
    /// numbers, and the calendar reads them on both engines as it did before.
    @Test(arguments: TestEngine.allCases)
    func lastReviewsHeldBeforeTheMigrationAreKept(_ engine: TestEngine) async throws {
        try await TestDatabase.withStore(engine, migratedThrough: 26) { store in
            let c = try await TestCompany.make(store)
            let held = try await c.account("Held Bank", owner: c.sales)
            let never = try await c.account("Never Reviewed", owner: c.sales)
            let notKey = try await c.account("Just A Customer", owner: c.sales)
            try await store.database.execute("UPDATE accounts SET status = 'qualified', time_zone = 'Asia/Tokyo' WHERE id IN (\(held.id), \(never.id))")
            try await store.database.execute("""
                INSERT INTO review_last (account_id, kind, due_on, held_on) VALUES
                (\(held.id), 'customer', '2027-04-10', '2027-04-20'), (\(held.id), 'yearly', '2024-02-29', '2024-02-28'),
                (\(notKey.id), 'coverage', '1969-12-31', '1970-01-01')
                """)

            #expect(try await store.database.migrate(through: 27) == [27])

            let rows = try await store.database.read { db in
                try await db.raw("SELECT account_id, customer_due, customer_held, yearly_due, yearly_held, coverage_due, strategy_due FROM review_calendar ORDER BY account_id")
                    .all().map { row in
                        try ["customer_due", "customer_held", "yearly_due", "yearly_held", "coverage_due", "strategy_due"].map { try row.optionalInt64($0) }
                    }
            }
            let day = { (text: String) in Int64(CalendarDate(text)!.daysSince1970) }
            #expect(rows == [[day("2027-04-10"), day("2027-04-20"), day("2024-02-29"), day("2024-02-28"), nil, nil],
                             [nil, nil, nil, nil, -1, nil]])
            await #expect(throws: (any Error).self) { try await store.database.execute("SELECT 1 FROM review_last") }

            let accounts = try await store.database.read { db in
                try await EvaluationRepository.keyAccounts(db, where: "1 = 1", at: Date())
            }.sorted { $0.facts.accountID < $1.facts.accountID }
            #expect(accounts.map(\.facts.accountID) == [held.id, never.id])
            #expect(accounts.map(\.name) == ["Held Bank", "Never Reviewed"] && accounts.allSatisfy { $0.ownerName == "Sales" })
            #expect(accounts[0].facts.lastHeld == [
                .customer: HeldReview(dueOn: CalendarDate("2027-04-10")!, heldOn: CalendarDate("2027-04-20")!),
                .yearly: HeldReview(dueOn: CalendarDate("2024-02-29")!, heldOn: CalendarDate("2024-02-28")!)])
            #expect(accounts[1].facts.lastHeld.isEmpty)
        }
    }

    @Test func theFoldedCellIsReadBackOrRefused() throws {
        let kinds = EvaluationKind.allCases
        #expect(try EvaluationRepository.lastHeld(",,-3,-2,,,,,20000,20001", kinds: kinds) == [
            .customer: HeldReview(dueOn: CalendarDate(daysSince1970: -3), heldOn: CalendarDate(daysSince1970: -2)),
            .yearly: HeldReview(dueOn: CalendarDate(daysSince1970: 20000), heldOn: CalendarDate(daysSince1970: 20001))])
        #expect(try EvaluationRepository.lastHeld(",,,,,,,,,", kinds: kinds).isEmpty)
        #expect(throws: CalendarRowMalformed.self) { try EvaluationRepository.lastHeld("1,2", kinds: kinds) }
        #expect(throws: CalendarRowMalformed.self) { try EvaluationRepository.lastHeld("1,2,x,,,,,,,", kinds: kinds) }
    }
}
