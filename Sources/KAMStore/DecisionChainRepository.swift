import Foundation
import KAMCore
import SQLKit

/// Opportunities' decision chains. Seen by whoever sees the opportunity, changed by whoever may
/// edit it; saved whole (the list the user keeps), under one version, audited before and after.
public struct DecisionChainRepository: Sendable {
    let database: KAMDatabase
    let now: @Sendable () -> Date

    public func get(opportunity id: OpportunityID, caller: Caller) async throws -> (chain: DecisionChain, canEdit: Bool) {
        try await database.read { db in
            let (opportunity, account) = try await Self.visibleOpportunity(db, id, caller: caller)
            return (try await Self.load(db, opportunity), OpportunityRepository.canEdit(caller, opportunity, account))
        }
    }

    /// The opportunity's map: the account's people and the chain, the deal's connections over the
    /// account-wide ones, with the chain's roles and attitudes.
    public func map(opportunity id: OpportunityID, caller: Caller) async throws -> (chain: DecisionChain, map: AccountRelationshipMap) {
        let today = Clock.today(now())
        return try await database.read { db in
            let (opportunity, _) = try await Self.visibleOpportunity(db, id, caller: caller)
            let chain = try await Self.load(db, opportunity)
            return (chain, try await ConnectionRepository.build(db, account: opportunity.accountID, on: today, chain: chain, caller: caller))
        }
    }

    public func save(opportunity id: OpportunityID, entries: [DecisionChainEntry], expectedVersion: Int, caller: Caller,
                     inputIssues: [FieldIssue] = []) async throws -> DecisionChain {
        let at = now()
        return try await database.write { db in
            let (opportunity, account) = try await Self.visibleOpportunity(db, id, caller: caller)
            guard caller.policy.mayEditAnything, OpportunityRepository.canEdit(caller, opportunity, account) else { throw StoreError.forbidden }
            let before = try await Self.load(db, opportunity)
            guard before.version == expectedVersion else { throw try await Self.conflict(db, opportunity.id) }
            var v = Validator(known: inputIssues)
            DecisionChain.validate(entries, into: &v)
            // Entries kept as they were need no new check: a colleague may have added someone this
            // caller cannot see, and the chain must stay editable for them.
            let unchanged = Set(before.entries)
            for (index, entry) in entries.enumerated() where !unchanged.contains(entry) {
                guard let person = try await KeyPersonRepository.load(db, entry.personID), person.deletedAt == nil,
                      KeyPersonRepository.canView(caller, person, employers: try await KeyPersonRepository.employerAccounts(db, person)) else {
                    v.add("entries[\(index)].personID", "unknown_person")
                    continue
                }
            }
            try v.throwIfInvalid()
            // People in the recycle bin are not in `before`; their rows stay, so restoring them restores their entry.
            try await db.raw("""
                DELETE FROM decision_chain_entries WHERE opportunity_id = \(bind: id)
                AND person_id IN (SELECT p.id FROM key_persons p WHERE p.deleted_at IS NULL)
                """).run()
            for (position, entry) in entries.enumerated() {
                try await db.raw("""
                    INSERT INTO decision_chain_entries (opportunity_id, person_id, role, current_closeness, current_recognition,
                        current_price_acceptance, target_closeness, target_recognition, target_price_acceptance, note, position)
                    VALUES (\(bind: id), \(bind: entry.personID), \(bind: entry.role.rawValue), \(bind: entry.current?.closeness),
                            \(bind: entry.current?.recognition), \(bind: entry.current?.priceAcceptance), \(bind: entry.target?.closeness),
                            \(bind: entry.target?.recognition), \(bind: entry.target?.priceAcceptance), \(bind: entry.note), \(bind: position))
                    """).run()
            }
            // Two first saves at once: the second finds the row taken and answers like a stale version.
            let stamped: (any SQLRow)?
            if before.version == 0 {
                stamped = try await db.raw("""
                    INSERT INTO decision_chains (opportunity_id, version, updated_at, updated_by)
                    VALUES (\(bind: id), 1, \(bind: Clock.millis(at)), \(bind: caller.actor.userID))
                    ON CONFLICT (opportunity_id) DO NOTHING RETURNING version
                    """).first()
            } else {
                stamped = try await db.raw("""
                    UPDATE decision_chains SET version = version + 1, updated_at = \(bind: Clock.millis(at)), updated_by = \(bind: caller.actor.userID)
                    WHERE opportunity_id = \(bind: id) AND version = \(bind: expectedVersion) RETURNING version
                    """).first()
            }
            guard let version = try stamped?.int("version") else { throw try await Self.conflict(db, opportunity.id) }
            let after = DecisionChain(opportunityID: id, accountID: opportunity.accountID, entries: entries, version: version)
            try await AuditLog.record(db, caller, at: at, entity: "decision_chain", id: id, action: before.version == 0 ? "create" : "update",
                                      before: before.version == 0 ? nil : before, after: after, accountID: opportunity.accountID)
            return after
        }
    }

    static func visibleOpportunity(_ db: any SQLDatabase, _ id: OpportunityID, caller: Caller) async throws -> (Opportunity, Account) {
        guard let row = try await db.raw("SELECT * FROM opportunities WHERE id = \(bind: id)").first() else {
            throw StoreError.notFound(entity: "opportunity", id: id)
        }
        let opportunity = try OpportunityRepository.decode(row)
        guard opportunity.deletedAt == nil, let account = try await AccountRepository.load(db, opportunity.accountID),
              account.deletedAt == nil, caller.policy.canView(account) else { throw StoreError.notFound(entity: "opportunity", id: id) }
        return (opportunity, account)
    }

    static func load(_ db: any SQLDatabase, _ opportunity: Opportunity) async throws -> DecisionChain {
        let version = try await db.raw("SELECT version FROM decision_chains WHERE opportunity_id = \(bind: opportunity.id)").first()?.int("version") ?? 0
        let entries = try await db.raw("""
            SELECT d.* FROM decision_chain_entries d JOIN key_persons p ON p.id = d.person_id
            WHERE d.opportunity_id = \(bind: opportunity.id) AND p.deleted_at IS NULL ORDER BY d.position
            """).all().map { row in
            DecisionChainEntry(personID: try row.int64("person_id"), role: try row.vocabulary("role", as: RelationshipMap.DecisionRole.self),
                               current: try Self.portrait(row, "current"), target: try Self.portrait(row, "target"),
                               note: try row.optionalString("note"))
        }
        return DecisionChain(opportunityID: opportunity.id, accountID: opportunity.accountID, entries: entries, version: version)
    }

    static func portrait(_ row: any SQLRow, _ prefix: String) throws -> Portrait? {
        guard let c = try row.optionalInt64("\(prefix)_closeness"), let r = try row.optionalInt64("\(prefix)_recognition"),
              let p = try row.optionalInt64("\(prefix)_price_acceptance") else { return nil }
        return Portrait(closeness: Int(c), recognition: Int(r), priceAcceptance: Int(p))
    }

    static func conflict(_ db: any SQLDatabase, _ id: OpportunityID) async throws -> StoreError {
        let found = try await versionConflict(db, table: "decision_chains", key: "opportunity_id", entity: "decision_chain", id: id)
        // No row yet: the chain is at version 0, which is what the caller missed.
        guard case .notFound = found else { return found }
        return .versionConflict(currentVersion: 0, changedBy: nil, changedAt: Date(timeIntervalSince1970: 0))
    }
}
