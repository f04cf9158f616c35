import Foundation
import KAMCore
import SQLKit

extension DemoLoader {
    /// The review calendar's history: each demo key account became one some months ago, two in
    /// three have held their plan-execution and customer reviews until a few weeks ago (a few
    /// late), the rest have let them fall overdue, so "my reviews" has something in every state.
    public func loadReviews(today: CalendarDate) async throws {
        let store = KAMStore(database: database, now: now)
        let ids = try await database.read { db in
            try await db.raw("SELECT id FROM accounts WHERE status = 'qualified' AND deleted_at IS NULL ORDER BY id").all().map { try $0.int64("id") }
        }
        for (index, id) in ids.enumerated() {
            let since = today.adding(days: -(100 + (index * 97) % 420))
            let at = Clock.millis(Date(timeIntervalSince1970: Double(since.daysSince1970) * 86_400 + 3 * 3_600))
            try await database.write { db in
                try await db.raw("""
                    INSERT INTO account_moves (account_id, field, from_value, to_value, reason, actor_id, at)
                    VALUES (\(bind: id), 'status', 'candidate', 'qualified', 'Demo: qualified as a key account', NULL, \(bind: at))
                    """).run()
            }
            guard index % 3 != 0 else { continue }
            for kind in [EvaluationKind.planExecution, .customer] {
                while let owed = try await store.evaluations.reviews(of: id, caller: .system).next.first(where: { $0.kind == kind }),
                      owed.dueOn.days(until: today) > 20 {
                    let held = owed.dueOn.adding(days: (index + kind.rawValue.count) % 4 == 0 ? 9 : -4)
                    let draft = EvaluationDraft(kind: kind, dueOn: owed.dueOn, heldOn: min(held, today), participantIDs: [],
                                                result: kind == .customer ? .qualified : .onTrack,
                                                findings: kind == .customer ? "Still meets the key-account criteria." : "Plan on track; targets reviewed.")
                    _ = try await store.evaluations.record(id, draft, caller: .system)
                }
            }
        }
    }
}
