import Foundation
import KAMCore
import SQLKit

/// The pursuit of a large opportunity: competitors, the close plan, the exit criteria ticked and
/// the moves between stages.
extension OpportunityRepository {
    public func pursuit(_ id: OpportunityID, caller: Caller) async throws -> Pursuit {
        try await database.read { db in
            let found = try await Self.visible(db, id, caller: caller)
            return try await Self.pursuit(db, found.opportunity)
        }
    }

    /// Saves competitors, close plan and ticked criteria whole, under the opportunity's version.
    public func savePursuit(_ id: OpportunityID, _ draft: PursuitDraft, expectedVersion: Int, caller: Caller,
                            inputIssues: [FieldIssue] = []) async throws -> Pursuit {
        let at = now()
        return try await database.write { db in
            let found = try await Self.visible(db, id, caller: caller)
            guard caller.policy.mayEditAnything, Self.canEdit(caller, found.opportunity, found.account) else { throw StoreError.forbidden }
            guard found.opportunity.version == expectedVersion else { throw try await Self.conflict(db, id) }
            let process = try await CompanyDocumentRepository.current(db, SalesProcess.self).document
            var v = Validator(known: inputIssues)
            draft.validate(process: process, into: &v)
            for (index, step) in draft.closePlan.enumerated() {
                if let owner = step.ownerID, try await db.raw("SELECT id FROM users WHERE id = \(bind: owner)").first() == nil {
                    v.add("closePlan[\(index)].ownerID", "unknown_user")
                }
            }
            try v.throwIfInvalid()
            let before = try await Self.pursuit(db, found.opportunity)
            try await db.raw("DELETE FROM opportunity_competitors WHERE opportunity_id = \(bind: id)").run()
            for (position, competitor) in draft.competitors.enumerated() {
                try await db.raw("""
                    INSERT INTO opportunity_competitors (opportunity_id, position, name, strengths, note)
                    VALUES (\(bind: id), \(bind: position), \(bind: competitor.name), \(bind: competitor.strengths), \(bind: competitor.note))
                    """).run()
            }
            try await db.raw("DELETE FROM close_plan_steps WHERE opportunity_id = \(bind: id)").run()
            for (position, step) in draft.closePlan.enumerated() {
                try await db.raw("""
                    INSERT INTO close_plan_steps (opportunity_id, position, title, due_on, owner_id, done_on)
                    VALUES (\(bind: id), \(bind: position), \(bind: step.title), \(bind: step.dueOn.description), \(bind: step.ownerID),
                            \(bind: step.doneOn?.description))
                    """).run()
            }
            // Ticks kept keep who ticked them and when; new ones are the caller's.
            let wanted = Set(draft.metCriteria)
            let ticked = Set(try await db.raw("SELECT criterion FROM opportunity_criteria WHERE opportunity_id = \(bind: id)").all()
                .map { try $0.string("criterion") })
            for gone in ticked.subtracting(wanted) {
                try await db.raw("DELETE FROM opportunity_criteria WHERE opportunity_id = \(bind: id) AND criterion = \(bind: gone)").run()
            }
            for added in wanted.subtracting(ticked).sorted() {
                try await db.raw("""
                    INSERT INTO opportunity_criteria (opportunity_id, criterion, met_at, met_by)
                    VALUES (\(bind: id), \(bind: added), \(bind: Clock.millis(at)), \(bind: caller.actor.userID))
                    """).run()
            }
            guard let bumped = try await db.raw("""
                UPDATE opportunities SET version = version + 1, updated_at = \(bind: Clock.millis(at)), updated_by = \(bind: caller.actor.userID)
                WHERE id = \(bind: id) AND version = \(bind: expectedVersion) RETURNING *
                """).first() else { throw try await Self.conflict(db, id) }
            let after = try await Self.pursuit(db, try Self.decode(bumped))
            try await AuditLog.record(db, caller, at: at, entity: "opportunity_pursuit", id: id, action: "update",
                                      before: before, after: after, accountID: found.opportunity.accountID)
            return after
        }
    }

    static func visible(_ db: any SQLDatabase, _ id: OpportunityID, caller: Caller) async throws -> (opportunity: Opportunity, account: Account) {
        guard let row = try await db.raw("SELECT * FROM opportunities WHERE id = \(bind: id)").first() else {
            throw StoreError.notFound(entity: "opportunity", id: id)
        }
        let opportunity = try decode(row)
        guard opportunity.deletedAt == nil, let account = try await AccountRepository.load(db, opportunity.accountID),
              account.deletedAt == nil, caller.policy.canView(account) else {
            throw StoreError.notFound(entity: "opportunity", id: id)
        }
        return (opportunity, account)
    }

    static func pursuit(_ db: any SQLDatabase, _ opportunity: Opportunity) async throws -> Pursuit {
        let id = opportunity.id
        let process = try await CompanyDocumentRepository.current(db, SalesProcess.self).document
        let competitors = try await db.raw("""
            SELECT * FROM opportunity_competitors WHERE opportunity_id = \(bind: id) ORDER BY position
            """).all().map {
            DealCompetitor(name: try $0.string("name"), strengths: try $0.optionalString("strengths"), note: try $0.optionalString("note"))
        }
        let steps = try await db.raw("SELECT * FROM close_plan_steps WHERE opportunity_id = \(bind: id) ORDER BY position").all().map {
            ClosePlanStep(title: try $0.string("title"), dueOn: try $0.calendarDate("due_on") ?? CalendarDate(year: 1970, month: 1, day: 1),
                          ownerID: try $0.optionalInt64("owner_id"), doneOn: try $0.calendarDate("done_on"))
        }
        let moves = try await db.raw("""
            SELECT * FROM opportunity_stage_moves WHERE opportunity_id = \(bind: id) ORDER BY at DESC, id DESC LIMIT 200
            """).all().map {
            StageMove(from: try $0.optionalString("from_stage").map(OpportunityStage.init(rawValue:)),
                      to: OpportunityStage(rawValue: try $0.string("to_stage")), reason: try $0.optionalString("reason"),
                      skipped: try JSONText.decode([String].self, try $0.string("skipped")), by: try $0.string("actor_name"),
                      at: try $0.date("at"))
        }
        return Pursuit(opportunity: opportunity, process: process, competitors: competitors, closePlan: steps,
                       facts: try await facts(db, opportunity), moves: moves)
    }

    static func facts(_ db: any SQLDatabase, _ opportunity: Opportunity) async throws -> PursuitFacts {
        let id = opportunity.id
        let counts = try await db.raw("""
            SELECT (SELECT COUNT(*) FROM decision_chain_entries WHERE opportunity_id = \(bind: id)) AS chain,
                   (SELECT COUNT(*) FROM opportunity_competitors WHERE opportunity_id = \(bind: id)) AS competitors,
                   (SELECT COUNT(*) FROM close_plan_steps WHERE opportunity_id = \(bind: id)) AS steps
            """).first()
        let ticked = try await db.raw("SELECT criterion FROM opportunity_criteria WHERE opportunity_id = \(bind: id)").all()
            .map { try $0.string("criterion") }
        return PursuitFacts(closeDateSet: opportunity.expectedClose != nil, decisionChainMapped: try counts?.int("chain") ?? 0 > 0,
                            competitorsNamed: try counts?.int("competitors") ?? 0 > 0, closePlanSet: try counts?.int("steps") ?? 0 > 0,
                            ticked: Set(ticked))
    }

    static func recordMove(_ db: any SQLDatabase, _ id: OpportunityID, from: OpportunityStage?, to: OpportunityStage, reason: String?,
                           skipped: [String], caller: Caller, at: Date) async throws {
        try await db.raw("""
            INSERT INTO opportunity_stage_moves (opportunity_id, from_stage, to_stage, reason, skipped, actor_id, actor_name, at)
            VALUES (\(bind: id), \(bind: from?.rawValue), \(bind: to.rawValue), \(bind: reason), \(bind: try JSONText.encode(skipped)),
                    \(bind: caller.actor.userID), \(bind: caller.actor.name), \(bind: Clock.millis(at)))
            """).run()
    }
}
