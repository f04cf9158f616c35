import Foundation
import KAMCore
import SQLKit

extension EvaluationRepository {
    /// The points a review of `kind` goes through at the account, pre-filled from its data.
    public func checklist(of accountID: AccountID, kind: EvaluationKind, caller: Caller) async throws -> [ChecklistPoint] {
        let today = Clock.today(now())
        return try await database.read { db in
            _ = try await StrategyRepository.visibleAccount(db, accountID, caller: caller)
            return ReviewChecklist.points(kind, facts: try await Self.checklistFacts(db, accountID, today: today))
        }
    }

    static func checklistFacts(_ db: any SQLDatabase, _ accountID: AccountID, today: CalendarDate) async throws -> ReviewChecklist.Facts {
        var people: [(id: UserID, name: String, role: String)] = []
        var seen = Set<UserID>()
        for row in try await db.raw("""
            SELECT u.id, u.display_name, tm.team_role AS role FROM account_team_members tm JOIN users u ON u.id = tm.user_id
            WHERE tm.account_id = \(bind: accountID) AND tm.from_date <= \(bind: today.description) AND (tm.to_date IS NULL OR tm.to_date > \(bind: today.description))
            UNION ALL
            SELECT u.id, u.display_name, ac.line AS role FROM account_coverage ac JOIN users u ON u.id = ac.user_id
            WHERE ac.account_id = \(bind: accountID) AND ac.from_date <= \(bind: today.description) AND (ac.to_date IS NULL OR ac.to_date > \(bind: today.description))
            """).all() {
            let id = try row.int64("id")
            if seen.insert(id).inserted { people.append((id, try row.string("display_name"), try row.string("role"))) }
        }
        let library = try await CompanyDocumentRepository.current(db, StrategyLibrary.self).document
        let strategies = try await db.raw("""
            SELECT id, strategy_key FROM account_strategies WHERE account_id = \(bind: accountID) AND status IN ('planned', 'active') ORDER BY id
            """).all().map { row -> (id: StrategyAssignmentID, name: String) in
            let key = try row.string("strategy_key")
            return (try row.int64("id"), library.strategy(key)?.name ?? key)
        }
        let score = try await db.raw("SELECT total FROM account_scores WHERE account_id = \(bind: accountID) ORDER BY scored_at DESC, id DESC LIMIT 1")
            .first().map { try $0.decode(column: "total", as: Double.self) }
        return ReviewChecklist.Facts(people: people, strategies: strategies, lastScore: score)
    }

    /// Carries out what the judged points call for, in the review's transaction: a reassignment task
    /// for the account's owner, a dropped strategy ended, a strategy to adjust as its owner's task.
    static func applyConsequences(_ db: any SQLDatabase, _ draft: EvaluationDraft, account: Account, evaluationID: EvaluationID, caller: Caller,
                                  at: Date) async throws {
        let due = draft.heldOn.adding(days: 14)
        for consequence in ReviewChecklist.consequences(draft.kind, draft.checklist) {
            switch consequence {
            case .reassign(let user):
                let name = try await db.raw("SELECT display_name FROM users WHERE id = \(bind: user)").first()?.string("display_name") ?? "#\(user)"
                let task = TaskDraft(title: "Reassign coverage: \(name)", ownerID: account.ownerID, dueOn: due, note: draft.findings, accountID: account.id)
                let id = try await TaskRepository.insert(db, task, source: .evaluation, sourceID: evaluationID, caller: caller, at: at)
                _ = try await TaskRepository.created(db, id, caller: caller, at: at)
            case .dropStrategy(let assignment), .adjustStrategy(let assignment):
                guard let row = try await db.raw("""
                    SELECT id, owner_id, strategy_key, status FROM account_strategies WHERE id = \(bind: assignment) AND account_id = \(bind: account.id)
                    """).first() else { continue }
                if case .dropStrategy = consequence {
                    try await db.raw("""
                        UPDATE account_strategies SET status = 'dropped', version = version + 1, updated_at = \(bind: Clock.millis(at)),
                               updated_by = \(bind: caller.actor.userID) WHERE id = \(bind: assignment)
                        """).run()
                    try await AuditLog.record(db, caller, at: at, entity: "strategy_assignment", id: assignment, action: "update",
                                              before: ["status": try row.string("status")], after: ["status": "dropped"], accountID: account.id)
                } else {
                    let task = TaskDraft(title: "Adjust strategy: \(try row.string("strategy_key"))", ownerID: try row.int64("owner_id"), dueOn: due,
                                         note: draft.findings, accountID: account.id)
                    let id = try await TaskRepository.insert(db, task, source: .evaluation, sourceID: evaluationID, caller: caller, at: at)
                    _ = try await TaskRepository.created(db, id, caller: caller, at: at)
                }
            }
        }
    }
}
