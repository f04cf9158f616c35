import Foundation
import KAMCore
import SQLKit

public struct OpportunityQuery: Sendable {
    public var accountID: AccountID?
    public var ownerID: UserID?
    public var stage: OpportunityStage?
    public var track: SalesTrack?
    public var limit = 100
    public var offset = 0
    public init() {}
}

public struct OpportunitySummary: Sendable, Hashable, Codable {
    public var opportunity: Opportunity
    public var accountName: String
    public var ownerName: String
}

/// Opportunities in their simplest form (domain.md §10); visibility follows their account.
public struct OpportunityRepository: Sendable {
    let database: KAMDatabase
    let now: @Sendable () -> Date

    static func decode(_ row: any SQLRow) throws -> Opportunity {
        let draft = OpportunityDraft(
            name: try row.string("name"), accountID: try row.int64("account_id"),
            amount: Money(minorUnits: try row.int64("amount_minor"), currency: try row.string("currency")),
            stage: OpportunityStage(rawValue: try row.string("stage")), expectedClose: try row.calendarDate("expected_close"),
            ownerID: try row.int64("owner_id"), probabilityPercent: try row.optionalInt64("probability").map(Int.init),
            foundOn: try row.calendarDate("found_on"))
        return Opportunity(id: try row.int64("id"), draft: draft, track: SalesTrack(rawValue: try row.string("track")) ?? .staged,
                           closedOn: try row.calendarDate("closed_on"), version: try row.int("version"),
                           createdAt: try row.date("created_at"), updatedAt: try row.date("updated_at"),
                           updatedBy: try row.optionalInt64("updated_by"), deletedAt: try row.optionalDate("deleted_at"))
    }

    public func list(_ query: OpportunityQuery, caller: Caller) async throws -> [OpportunitySummary] {
        var conditions = ["o.deleted_at IS NULL", "a.deleted_at IS NULL"]
        var binds: [any Encodable & Sendable] = []
        if let scope = scopeCondition(caller.policy.readScope, alias: "a", today: Clock.today(now()), engine: database.engine) { conditions.append(scope) }
        if let accountID = query.accountID { conditions.append("o.account_id = ?"); binds.append(accountID) }
        if let ownerID = query.ownerID { conditions.append("o.owner_id = ?"); binds.append(ownerID) }
        if let stage = query.stage { conditions.append("o.stage = ?"); binds.append(stage.rawValue) }
        if let track = query.track { conditions.append("o.track = ?"); binds.append(track.rawValue) }
        let sql = """
            SELECT o.*, a.name AS account_name, u.display_name AS owner_name FROM opportunities o
            JOIN accounts a ON a.id = o.account_id JOIN users u ON u.id = o.owner_id
            WHERE \(conditions.joined(separator: " AND "))
            ORDER BY o.expected_close, o.id LIMIT \(max(1, min(query.limit, 500))) OFFSET \(max(0, query.offset))
            """
        let finalBinds = binds
        return try await database.read { db in
            try await db.raw(AccountRepository.placeholders(sql, finalBinds)).all().map { row in
                OpportunitySummary(opportunity: try Self.decode(row), accountName: try row.string("account_name"),
                                   ownerName: try row.string("owner_name"))
            }
        }
    }

    public func get(_ id: OpportunityID, caller: Caller) async throws -> (opportunity: Opportunity, canEdit: Bool) {
        try await database.read { db in
            let (opportunity, account) = try await Self.visible(db, id, caller: caller)
            return (opportunity, Self.canEdit(caller, opportunity, account))
        }
    }

    static func canEdit(_ caller: Caller, _ opportunity: Opportunity, _ account: Account) -> Bool {
        caller.policy.canEdit(account) || (opportunity.ownerID == caller.actor.userID && caller.policy.mayEditAnything)
    }

    public func create(_ draft: OpportunityDraft, caller: Caller, inputIssues: [FieldIssue] = []) async throws -> Opportunity {
        let at = now()
        return try await database.write { db in
            let process = try await CompanyDocumentRepository.current(db, SalesProcess.self).document
            try await Self.check(draft, db: db, caller: caller, process: process, known: inputIssues)
            let foundOn = draft.foundOn ?? Clock.today(at)
            // Entered already closed (a deal from before OpenKAM): it closed on its close date.
            let closedOn = draft.stage.isClosed ? (draft.expectedClose ?? Clock.today(at)) : nil
            let row = try await db.raw("""
                INSERT INTO opportunities (name, account_id, amount_minor, currency, stage, expected_close, owner_id, probability, found_on,
                                           closed_on, track, version, created_at, updated_at, updated_by)
                VALUES (\(bind: draft.name), \(bind: draft.accountID), \(bind: draft.amount.minorUnits), \(bind: draft.amount.currency),
                        \(bind: draft.stage.rawValue), \(bind: draft.expectedClose?.description), \(bind: draft.ownerID),
                        \(bind: draft.probabilityPercent), \(bind: foundOn.description), \(bind: closedOn?.description),
                        \(bind: process.track(for: draft.amount).rawValue), 1, \(bind: Clock.millis(at)), \(bind: Clock.millis(at)),
                        \(bind: caller.actor.userID))
                RETURNING *
                """).first()
            guard let row else { throw StoreError.conflict(code: "insert_failed", field: nil) }
            let opportunity = try Self.decode(row)
            try await Self.recordMove(db, opportunity.id, from: nil, to: opportunity.stage, reason: nil, skipped: [], caller: caller, at: at)
            try await AuditLog.record(db, caller, at: at, entity: "opportunity", id: opportunity.id, action: "create",
                                      before: Opportunity?.none, after: opportunity, accountID: draft.accountID)
            return opportunity
        }
    }

    /// Saves the opportunity; a change of stage is a move, kept with `stageReason`. A large
    /// opportunity moving forward past exit criteria it has not met needs that reason, which
    /// then records the criteria it skipped.
    public func update(_ id: OpportunityID, _ draft: OpportunityDraft, expectedVersion: Int, caller: Caller, stageReason: String? = nil,
                       inputIssues: [FieldIssue] = []) async throws -> Opportunity {
        let at = now()
        return try await database.write { db in
            guard let row = try await db.raw("SELECT * FROM opportunities WHERE id = \(bind: id)").first() else {
                throw StoreError.notFound(entity: "opportunity", id: id)
            }
            let before = try Self.decode(row)
            guard before.deletedAt == nil, let account = try await AccountRepository.load(db, before.accountID),
                  caller.policy.canView(account) else { throw StoreError.notFound(entity: "opportunity", id: id) }
            guard Self.canEdit(caller, before, account) else { throw StoreError.forbidden }
            guard before.version == expectedVersion else { throw try await Self.conflict(db, id) }
            let process = try await CompanyDocumentRepository.current(db, SalesProcess.self).document
            var issues = inputIssues
            let trimmed = stageReason?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
            let reason = trimmed.isEmpty ? nil : trimmed
            var skipped: [UnmetCriterion] = []
            if draft.stage != before.stage {
                if !process.knows(draft.stage) { issues.append(FieldIssue(field: "stage", code: "unknown_stage")) }
                var v = Validator()
                v.text(reason, "stageReason", max: 2000)
                issues += v.issues
                // The gate judges the opportunity as it will be: its new amount's track, its new close date.
                if process.track(for: draft.amount) == .staged || before.track == .staged {
                    var facts = try await Self.facts(db, before)
                    facts.closeDateSet = draft.expectedClose != nil
                    skipped = process.unmet(from: before.stage, to: draft.stage, isMet: facts.isMet)
                    if !skipped.isEmpty && reason == nil {
                        issues.append(FieldIssue(field: "stageReason", code: "exit_criteria_unmet",
                                                 detail: skipped.map(\.label).joined(separator: "; ")))
                    }
                }
            }
            try await Self.check(draft, db: db, caller: caller, process: process, stageUnchanged: draft.stage == before.stage, known: issues)
            let closedOn: CalendarDate? = draft.stage == before.stage ? before.closedOn : (draft.stage.isClosed ? Clock.today(at) : nil)
            let track = draft.stage.isClosed ? before.track : process.track(for: draft.amount)
            let updated = try await db.raw("""
                UPDATE opportunities SET name = \(bind: draft.name), account_id = \(bind: draft.accountID),
                    amount_minor = \(bind: draft.amount.minorUnits), currency = \(bind: draft.amount.currency),
                    stage = \(bind: draft.stage.rawValue), expected_close = \(bind: draft.expectedClose?.description),
                    owner_id = \(bind: draft.ownerID), probability = \(bind: draft.probabilityPercent),
                    found_on = \(bind: (draft.foundOn ?? before.foundOn).description), closed_on = \(bind: closedOn?.description),
                    track = \(bind: track.rawValue), version = version + 1, updated_at = \(bind: Clock.millis(at)),
                    updated_by = \(bind: caller.actor.userID)
                WHERE id = \(bind: id) AND version = \(bind: expectedVersion) RETURNING *
                """).first()
            guard let updated else { throw try await Self.conflict(db, id) }
            let after = try Self.decode(updated)
            if after.accountID != before.accountID {
                try await db.raw("UPDATE sales_documents SET account_id = \(bind: after.accountID) WHERE opportunity_id = \(bind: id)").run()
            }
            if after.stage != before.stage {
                try await Self.recordMove(db, id, from: before.stage, to: after.stage, reason: reason, skipped: skipped.map(\.reference),
                                          caller: caller, at: at)
            }
            try await AuditLog.record(db, caller, at: at, entity: "opportunity", id: id, action: "update",
                                      before: before, after: after, accountID: after.accountID)
            return after
        }
    }

    static func conflict(_ db: any SQLDatabase, _ id: OpportunityID) async throws -> StoreError {
        try await versionConflict(db, table: "opportunities", entity: "opportunity", id: id)
    }

    static func check(_ draft: OpportunityDraft, db: any SQLDatabase, caller: Caller, process: SalesProcess, stageUnchanged: Bool = false,
                      known: [FieldIssue] = []) async throws {
        // Executives and read-only users see opportunities but change none, not even as owner.
        guard caller.policy.mayEditAnything else { throw StoreError.forbidden }
        var v = Validator(known: known)
        draft.validate(into: &v)
        // A stage since removed from the process may stay; nobody moves into one.
        if !stageUnchanged && !process.knows(draft.stage) { v.add("stage", "unknown_stage") }
        if let foundOn = draft.foundOn, foundOn > Clock.today(Date()).adding(days: 1) { v.add("foundOn", "in_future") }
        let account = try await AccountRepository.load(db, draft.accountID)
        if account == nil || account?.deletedAt != nil || !(account.map(caller.policy.canView) ?? false) {
            v.add("accountID", "unknown_account")
        } else if let account, !caller.policy.canEdit(account), draft.ownerID != caller.actor.userID {
            v.add("accountID", "not_permitted")
        }
        let ownerActive = try await db.raw("SELECT active FROM users WHERE id = \(bind: draft.ownerID)").first()?.int64("active")
        if ownerActive == nil || ownerActive == 0 { v.add("ownerID", "unknown_user") }
        do { try v.check() } catch { throw StoreError.validation(error) }
    }
}
