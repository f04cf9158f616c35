import Foundation
import KAMCore
import SQLKit

/// Influence and conflict connections between key persons (domain.md §3). A connection belongs
/// to one account, worked out when it is written (the opportunity's; else the swayed person's
/// current employer; else the swaying person's), and is seen and changed by whoever may see and
/// edit that account.
public struct ConnectionRepository: Sendable {
    let database: KAMDatabase
    let now: @Sendable () -> Date

    static func decode(_ row: any SQLRow) throws -> PersonConnection {
        let draft = PersonConnectionDraft(
            kind: try row.vocabulary("kind", as: ConnectionKind.self), fromPersonID: try row.int64("from_person_id"),
            toPersonID: try row.int64("to_person_id"), strength: try row.int("strength"),
            stance: try row.vocabulary("stance", as: RelationshipMap.Stance.self),
            status: try row.vocabulary("status", as: RelationshipMap.InfluenceStatus.self), evidence: try row.optionalString("evidence"),
            opportunityID: try row.optionalInt64("opportunity_id"))
        return PersonConnection(id: try row.int64("id"), draft: draft, accountID: try row.int64("account_id"),
                                verifiedBy: try row.optionalInt64("verified_by"), verifiedAt: try row.optionalDate("verified_at"),
                                version: try row.int("version"), createdAt: try row.date("created_at"),
                                updatedAt: try row.date("updated_at"), updatedBy: try row.optionalInt64("updated_by"))
    }

    /// Every connection of an account: the account-wide ones and those of its opportunities.
    public func list(account id: AccountID, caller: Caller) async throws -> [PersonConnection] {
        try await database.read { db in
            guard let account = try await AccountRepository.load(db, id), account.deletedAt == nil, caller.policy.canView(account) else {
                throw StoreError.notFound(entity: "account", id: id)
            }
            return try await Self.connections(db, account: id)
        }
    }

    public func get(_ id: ConnectionID, caller: Caller) async throws -> (connection: PersonConnection, canEdit: Bool) {
        try await database.read { db in
            let (connection, account) = try await Self.visible(db, id, caller: caller)
            return (connection, try await Self.mayEdit(db, opportunity: connection.opportunityID, account: account, caller: caller))
        }
    }

    /// The connection and its account, or not found for anyone who may not see that account.
    static func visible(_ db: any SQLDatabase, _ id: ConnectionID, caller: Caller) async throws -> (PersonConnection, Account) {
        guard let row = try await db.raw("SELECT * FROM person_connections WHERE id = \(bind: id)").first() else {
            throw StoreError.notFound(entity: "connection", id: id)
        }
        let connection = try decode(row)
        guard let account = try await AccountRepository.load(db, connection.accountID), account.deletedAt == nil,
              caller.policy.canView(account) else { throw StoreError.notFound(entity: "connection", id: id) }
        return (connection, account)
    }

    /// `onAccount`: the map it was recorded from; a connection that would belong elsewhere is refused.
    public func create(_ draft: PersonConnectionDraft, onAccount expectedAccount: AccountID? = nil, caller: Caller,
                       inputIssues: [FieldIssue] = []) async throws -> PersonConnection {
        let at = now()
        return try await database.write { db in
            let accountID = try await Self.check(draft, db: db, caller: caller, known: inputIssues, replacing: nil, on: Clock.today(at),
                                                 expectedAccount: expectedAccount)
            let verified = draft.status == .verified
            let row = try await db.raw("""
                INSERT INTO person_connections (kind, from_person_id, to_person_id, strength, stance, status, evidence, opportunity_id,
                    account_id, verified_by, verified_at, version, created_at, updated_at, updated_by)
                VALUES (\(bind: draft.kind.rawValue), \(bind: draft.fromPersonID), \(bind: draft.toPersonID), \(bind: draft.strength),
                        \(bind: draft.stance.rawValue), \(bind: draft.status.rawValue), \(bind: draft.evidence), \(bind: draft.opportunityID),
                        \(bind: accountID), \(bind: verified ? caller.actor.userID : nil), \(bind: verified ? Clock.millis(at) : nil), 1,
                        \(bind: Clock.millis(at)), \(bind: Clock.millis(at)), \(bind: caller.actor.userID))
                RETURNING *
                """).first()
            guard let row else { throw StoreError.conflict(code: "insert_failed", field: nil) }
            let connection = try Self.decode(row)
            try await AuditLog.record(db, caller, at: at, entity: "connection", id: connection.id, action: "create",
                                      before: PersonConnection?.none, after: connection, accountID: accountID)
            return connection
        }
    }

    /// Saves a changed connection; who verified it is recorded when its status turns to verified
    /// and cleared when it goes back to a hypothesis.
    public func update(_ id: ConnectionID, _ draft: PersonConnectionDraft, expectedVersion: Int, caller: Caller,
                       inputIssues: [FieldIssue] = []) async throws -> PersonConnection {
        let at = now()
        return try await database.write { db in
            let (before, account) = try await Self.visible(db, id, caller: caller)
            guard try await Self.mayEdit(db, opportunity: before.opportunityID, account: account, caller: caller) else { throw StoreError.forbidden }
            guard before.version == expectedVersion else { throw try await Self.conflict(db, id) }
            let accountID = try await Self.check(draft, db: db, caller: caller, known: inputIssues, replacing: id, on: Clock.today(at))
            let verifiedBy: UserID?, verifiedAt: Int64?
            switch (before.status, draft.status) {
            case (.verified, .verified): (verifiedBy, verifiedAt) = (before.verifiedBy, before.verifiedAt.map(Clock.millis))
            case (_, .verified): (verifiedBy, verifiedAt) = (caller.actor.userID, Clock.millis(at))
            default: (verifiedBy, verifiedAt) = (nil, nil)
            }
            let updated = try await db.raw("""
                UPDATE person_connections SET kind = \(bind: draft.kind.rawValue), from_person_id = \(bind: draft.fromPersonID),
                    to_person_id = \(bind: draft.toPersonID), strength = \(bind: draft.strength), stance = \(bind: draft.stance.rawValue),
                    status = \(bind: draft.status.rawValue), evidence = \(bind: draft.evidence), opportunity_id = \(bind: draft.opportunityID),
                    account_id = \(bind: accountID), verified_by = \(bind: verifiedBy), verified_at = \(bind: verifiedAt),
                    version = version + 1, updated_at = \(bind: Clock.millis(at)), updated_by = \(bind: caller.actor.userID)
                WHERE id = \(bind: id) AND version = \(bind: expectedVersion) RETURNING *
                """).first()
            guard let updated else { throw try await Self.conflict(db, id) }
            let after = try Self.decode(updated)
            try await AuditLog.record(db, caller, at: at, entity: "connection", id: id, action: "update",
                                      before: before, after: after, accountID: accountID)
            if before.accountID != accountID {
                // Moved to another account's map: the account it left keeps the trace in its history too.
                try await AuditLog.record(db, caller, at: at, entity: "connection", id: id, action: "move_out",
                                          before: before, after: after, accountID: before.accountID)
            }
            return after
        }
    }

    public func delete(_ id: ConnectionID, expectedVersion: Int, caller: Caller) async throws {
        let at = now()
        try await database.write { db in
            let (before, account) = try await Self.visible(db, id, caller: caller)
            guard try await Self.mayEdit(db, opportunity: before.opportunityID, account: account, caller: caller) else { throw StoreError.forbidden }
            guard before.version == expectedVersion else { throw try await Self.conflict(db, id) }
            let deleted = try await db.raw("""
                DELETE FROM person_connections WHERE id = \(bind: id) AND version = \(bind: expectedVersion) RETURNING id
                """).first()
            guard deleted != nil else { throw try await Self.conflict(db, id) }
            try await AuditLog.record(db, caller, at: at, entity: "connection", id: id, action: "delete",
                                      before: before, after: PersonConnection?.none, accountID: before.accountID)
        }
    }

    /// The same rule as for the deal itself: an account-wide connection is changed by whoever edits
    /// the account; one that holds for an opportunity also by the opportunity's owner, as its
    /// decision chain is.
    static func mayEdit(_ db: any SQLDatabase, opportunity: OpportunityID?, account: Account, caller: Caller) async throws -> Bool {
        if caller.policy.canEdit(account) { return true }
        guard let opportunity, let row = try await db.raw("SELECT * FROM opportunities WHERE id = \(bind: opportunity)").first() else {
            return false
        }
        return OpportunityRepository.canEdit(caller, try OpportunityRepository.decode(row), account)
    }

    static func conflict(_ db: any SQLDatabase, _ id: ConnectionID) async throws -> StoreError {
        try await versionConflict(db, table: "person_connections", entity: "connection", id: id)
    }

    /// Checks a draft against the stored data and returns the account it belongs to: both people
    /// exist, are not deleted and are known to the caller; the opportunity, if any, too; the
    /// pair is not recorded twice; the caller may edit the account.
    static func check(_ draft: PersonConnectionDraft, db: any SQLDatabase, caller: Caller, known: [FieldIssue],
                      replacing: ConnectionID?, on today: CalendarDate, expectedAccount: AccountID? = nil) async throws -> AccountID {
        guard caller.policy.mayEditAnything else { throw StoreError.forbidden }
        var v = Validator(known: known)
        draft.validate(into: &v)
        var current: [PersonID: AccountID] = [:]
        for (field, id) in [("fromPersonID", draft.fromPersonID), ("toPersonID", draft.toPersonID)] {
            guard let person = try await KeyPersonRepository.load(db, id), person.deletedAt == nil,
                  KeyPersonRepository.canView(caller, person, employers: try await KeyPersonRepository.employerAccounts(db, person)) else {
                v.add(field, "unknown_person")
                continue
            }
            current[id] = person.currentEmployment?.accountID ?? person.recordedForAccountID
        }
        var accountID: AccountID?
        if let opportunityID = draft.opportunityID {
            let row = try await db.raw("SELECT account_id, deleted_at FROM opportunities WHERE id = \(bind: opportunityID)").first()
            if let row, try row.optionalInt64("deleted_at") == nil { accountID = try row.int64("account_id") } else {
                v.add("opportunityID", "unknown_opportunity")
            }
        } else {
            accountID = current[draft.toPersonID] ?? current[draft.fromPersonID]
            if accountID == nil, !v.issues.contains(where: { $0.field.hasSuffix("PersonID") }) { v.add("toPersonID", "no_current_account") }
        }
        var account: Account?
        if let accountID {
            account = try await AccountRepository.load(db, accountID)
            if account == nil || account?.deletedAt != nil || !(account.map(caller.policy.canView) ?? false) {
                v.add(draft.opportunityID == nil ? "toPersonID" : "opportunityID", draft.opportunityID == nil ? "unknown_person" : "unknown_opportunity")
                account = nil
            }
        }
        if let expectedAccount, let account, account.id != expectedAccount {
            // Recorded from one account's map, the connection must belong to that map.
            v.add("toPersonID", "other_account")
        }
        // Only once both people and the account are known to the caller: otherwise the answer
        // would tell whether two hidden people are connected.
        if v.issues.isEmpty, let account {
            let duplicate = try await db.raw("""
                SELECT id FROM person_connections WHERE account_id = \(bind: account.id) AND kind = \(bind: draft.kind.rawValue)
                AND from_person_id = \(bind: draft.fromPersonID) AND to_person_id = \(bind: draft.toPersonID)
                AND coalesce(opportunity_id, 0) = \(bind: draft.opportunityID ?? 0) AND id <> \(bind: replacing ?? 0)
                """).first()
            if duplicate != nil { v.add("toPersonID", "duplicate") }
            if draft.kind == .reporting, let opportunity = draft.opportunityID {
                try await Self.checkDealReporting(draft, opportunity: opportunity, account: account.id, on: today, db: db,
                                                  replacing: replacing, into: &v)
            }
        }
        try v.throwIfInvalid()
        guard let account else { throw StoreError.validation(ValidationFailure([FieldIssue(field: "toPersonID", code: "unknown_person")])) }
        guard try await Self.mayEdit(db, opportunity: draft.opportunityID, account: account, caller: caller) else { throw StoreError.forbidden }
        return account.id
    }

    /// A deal's reporting line joins two of the account's current people, gives the report at
    /// most one manager on that deal, and closes no loop with the org chart as the deal bends it.
    static func checkDealReporting(_ draft: PersonConnectionDraft, opportunity: OpportunityID, account: AccountID,
                                   on day: CalendarDate, db: any SQLDatabase, replacing: ConnectionID?, into v: inout Validator) async throws {
        let today = day.description
        var orgChart: [PersonID: PersonID] = [:]
        var atAccount: Set<PersonID> = []
        for row in try await db.raw("""
            SELECT e.person_id, e.reports_to_id FROM employments e JOIN key_persons p ON p.id = e.person_id
            WHERE e.account_id = \(bind: account) AND p.deleted_at IS NULL
              AND (e.from_date IS NULL OR e.from_date <= \(bind: today)) AND (e.to_date IS NULL OR e.to_date > \(bind: today))
            """).all() {
            let person = try row.int64("person_id")
            atAccount.insert(person)
            if let manager = try row.optionalInt64("reports_to_id"), manager != person { orgChart[person] = manager }
        }
        for (field, person) in [("fromPersonID", draft.fromPersonID), ("toPersonID", draft.toPersonID)] where !atAccount.contains(person) {
            v.add(field, "not_at_account")
        }
        guard v.issues.isEmpty else { return }
        for row in try await db.raw("""
            SELECT from_person_id, to_person_id FROM person_connections
            WHERE opportunity_id = \(bind: opportunity) AND kind = \(bind: ConnectionKind.reporting.rawValue) AND id <> \(bind: replacing ?? 0)
            """).all() {
            let report = try row.int64("to_person_id")
            if report == draft.toPersonID { v.add("toPersonID", "has_deal_manager") }
            orgChart[report] = try row.int64("from_person_id")
        }
        let loops = Hierarchy.wouldCreateCycle(child: draft.toPersonID, newParent: draft.fromPersonID) { orgChart[$0] }
        if loops { v.add("fromPersonID", "cycle") }
    }
}
