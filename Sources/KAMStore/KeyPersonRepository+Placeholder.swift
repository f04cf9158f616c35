import Foundation
import KAMCore
import SQLKit

/// What replacing a placeholder changed, for the answer and the audit.
public struct PlaceholderReplacement: Sendable, Hashable, Codable {
    public var placeholderID: PersonID
    public var personID: PersonID
    /// People who reported to the placeholder and now report to the person.
    public var reportsMoved: [PersonID]
    public var connectionsMoved: [ConnectionID]
    /// Connections dropped because the person already had the same one, or would have been
    /// connected to themself.
    public var connectionsDropped: [ConnectionID]
    public var decisionChainsChanged: [OpportunityID]
    /// The placeholder's open jobs the person took over (they had no job at that account yet).
    public var jobsTakenOver: [AccountID]
}

extension KeyPersonRepository {
    /// The position a placeholder held is filled: the real person takes over its reports, its
    /// connections, its entries in decision chains and, where they have none at that account yet,
    /// its job; the placeholder goes to the recycle bin, marked as replaced. All or nothing: a
    /// reporting loop this would create is refused and nothing is written.
    public func replacePlaceholder(_ id: PersonID, with personID: PersonID, expectedVersion: Int,
                                   caller: Caller) async throws -> PlaceholderReplacement {
        let at = now()
        return try await database.write { db in
            let placeholder = try await Self.loadForChange(db, id, expectedVersion: expectedVersion, caller: caller)
            guard placeholder.isPlaceholder else { throw StoreError.conflict(code: "not_a_placeholder", field: nil) }
            var v = Validator()
            let real = try await Self.load(db, personID)
            if let real, real.deletedAt == nil,
               Self.canView(caller, real, employers: try await Self.employerAccounts(db, real)) {
                if real.isPlaceholder { v.add("personID", "is_placeholder") }
                if real.id == id { v.add("personID", "self_reference") }
            } else {
                v.add("personID", "unknown_person")
            }
            try v.throwIfInvalid()
            guard let real else { throw StoreError.notFound(entity: "key_person", id: personID) }
            var result = PlaceholderReplacement(placeholderID: id, personID: personID, reportsMoved: [], connectionsMoved: [],
                                                connectionsDropped: [], decisionChainsChanged: [], jobsTakenOver: [])
            // The real person steps into the placeholder's open jobs where they hold none there yet.
            var realAfter = real
            let heldAt = Set(real.employments.filter { $0.to == nil }.map(\.accountID))
            for job in placeholder.employments where job.to == nil && !heldAt.contains(job.accountID) {
                var taken = job
                if taken.reportsToID == personID { taken.reportsToID = nil }
                realAfter.employments.append(taken)
                result.jobsTakenOver.append(job.accountID)
            }
            let reports = try await db.raw("""
                SELECT DISTINCT person_id FROM employments WHERE reports_to_id = \(bind: id) ORDER BY person_id
                """).all().map { try $0.int64("person_id") }
            result.reportsMoved = reports.filter { $0 != personID }
            if !result.jobsTakenOver.isEmpty {
                try await Self.replaceChildren(db, personID, realAfter.draft)
            }
            try await db.raw("UPDATE employments SET reports_to_id = NULL WHERE reports_to_id = \(bind: id) AND person_id = \(bind: personID)").run()
            try await db.raw("UPDATE employments SET reports_to_id = \(bind: personID) WHERE reports_to_id = \(bind: id)").run()
            for job in realAfter.employments where job.to == nil {
                if let manager = job.reportsToID,
                   try await Self.reportingWouldLoop(db, person: personID, manager: manager, account: job.accountID) {
                    v.add("personID", "cycle")
                }
            }
            try v.throwIfInvalid()
            try await Self.moveConnections(db, from: id, to: personID, caller: caller, at: at, into: &result)
            result.decisionChainsChanged = try await Self.moveChainEntries(db, from: id, to: personID, caller: caller, at: at)
            let touched = try await db.raw("""
                UPDATE key_persons SET deleted_at = \(bind: Clock.millis(at)), replaced_by_id = \(bind: personID),
                    version = version + 1, updated_at = \(bind: Clock.millis(at)), updated_by = \(bind: caller.actor.userID)
                WHERE id = \(bind: id) AND version = \(bind: placeholder.version) RETURNING id
                """).first()
            guard touched != nil else { throw try await Self.conflict(db, id) }
            // Whoever's reporting line changed gets a new version, so an edit made on the old
            // org chart cannot put the placeholder back.
            let changedPeople = (result.jobsTakenOver.isEmpty && !reports.contains(personID) ? [] : [personID]) + result.reportsMoved
            for changed in changedPeople {
                try await db.raw("""
                    UPDATE key_persons SET version = version + 1, updated_at = \(bind: Clock.millis(at)),
                        updated_by = \(bind: caller.actor.userID) WHERE id = \(bind: changed)
                    """).run()
            }
            let placeholderAfter = try await Self.load(db, id)
            try await AuditLog.record(db, caller, at: at, entity: "key_person", id: id, action: "replace",
                                      before: placeholder, after: placeholderAfter, accountID: placeholder.currentEmployment?.accountID)
            if !result.jobsTakenOver.isEmpty {
                try await AuditLog.record(db, caller, at: at, entity: "key_person", id: personID, action: "update",
                                          before: real, after: try await Self.load(db, personID),
                                          accountID: placeholder.currentEmployment?.accountID)
            }
            for report in result.reportsMoved {
                try await AuditLog.record(db, caller, at: at, entity: "key_person", id: report, action: "reports_to",
                                          before: ["reportsToID": id], after: ["reportsToID": personID],
                                          accountID: placeholder.currentEmployment?.accountID)
            }
            return result
        }
    }

    /// Every connection of the placeholder now names the person; one that would duplicate theirs
    /// or connect them to themself is dropped. Each change is audited on its connection.
    static func moveConnections(_ db: any SQLDatabase, from placeholder: PersonID, to person: PersonID, caller: Caller, at: Date,
                                into result: inout PlaceholderReplacement) async throws {
        let rows = try await db.raw("""
            SELECT * FROM person_connections WHERE from_person_id = \(bind: placeholder) OR to_person_id = \(bind: placeholder) ORDER BY id
            """).all()
        for row in rows {
            let before = try ConnectionRepository.decode(row)
            let from = before.fromPersonID == placeholder ? person : before.fromPersonID
            let to = before.toPersonID == placeholder ? person : before.toPersonID
            let duplicate = try await db.raw("""
                SELECT id FROM person_connections WHERE account_id = \(bind: before.accountID) AND kind = \(bind: before.kind.rawValue)
                AND from_person_id = \(bind: from) AND to_person_id = \(bind: to)
                AND coalesce(opportunity_id, 0) = \(bind: before.opportunityID ?? 0) AND id <> \(bind: before.id)
                """).first()
            // On a deal the person may already have a manager of their own; theirs stays.
            let secondManager = before.kind == .reporting && before.toPersonID == placeholder ? try await db.raw("""
                SELECT id FROM person_connections WHERE kind = \(bind: before.kind.rawValue) AND opportunity_id = \(bind: before.opportunityID)
                AND to_person_id = \(bind: to) AND id <> \(bind: before.id)
                """).first() : nil
            if from == to || duplicate != nil || secondManager != nil {
                try await db.raw("DELETE FROM person_connections WHERE id = \(bind: before.id)").run()
                try await AuditLog.record(db, caller, at: at, entity: "connection", id: before.id, action: "delete",
                                          before: before, after: PersonConnection?.none, accountID: before.accountID)
                result.connectionsDropped.append(before.id)
                continue
            }
            let updated = try await db.raw("""
                UPDATE person_connections SET from_person_id = \(bind: from), to_person_id = \(bind: to), version = version + 1,
                    updated_at = \(bind: Clock.millis(at)), updated_by = \(bind: caller.actor.userID)
                WHERE id = \(bind: before.id) RETURNING *
                """).first()
            if let updated {
                try await AuditLog.record(db, caller, at: at, entity: "connection", id: before.id, action: "update",
                                          before: before, after: try ConnectionRepository.decode(updated), accountID: before.accountID)
            }
            result.connectionsMoved.append(before.id)
        }
    }

    /// The placeholder's entries in decision chains become the person's, unless the person is in
    /// that chain already; each chain changed gets a new version.
    static func moveChainEntries(_ db: any SQLDatabase, from placeholder: PersonID, to person: PersonID, caller: Caller,
                                 at: Date) async throws -> [OpportunityID] {
        let opportunities = try await db.raw("""
            SELECT DISTINCT opportunity_id FROM decision_chain_entries WHERE person_id = \(bind: placeholder) ORDER BY opportunity_id
            """).all().map { try $0.int64("opportunity_id") }
        for opportunity in opportunities {
            try await db.raw("""
                UPDATE decision_chain_entries SET person_id = \(bind: person)
                WHERE opportunity_id = \(bind: opportunity) AND person_id = \(bind: placeholder)
                  AND NOT EXISTS (SELECT 1 FROM decision_chain_entries d WHERE d.opportunity_id = \(bind: opportunity)
                                  AND d.person_id = \(bind: person))
                """).run()
            try await db.raw("""
                DELETE FROM decision_chain_entries WHERE opportunity_id = \(bind: opportunity) AND person_id = \(bind: placeholder)
                """).run()
            try await db.raw("""
                UPDATE decision_chains SET version = version + 1, updated_at = \(bind: Clock.millis(at)),
                    updated_by = \(bind: caller.actor.userID) WHERE opportunity_id = \(bind: opportunity)
                """).run()
            let accountID = try await db.raw("SELECT account_id FROM opportunities WHERE id = \(bind: opportunity)").first()?
                .optionalInt64("account_id")
            try await AuditLog.record(db, caller, at: at, entity: "decision_chain", id: opportunity, action: "replace_placeholder",
                                      before: ["personID": placeholder], after: ["personID": person], accountID: accountID)
        }
        return opportunities
    }
}
