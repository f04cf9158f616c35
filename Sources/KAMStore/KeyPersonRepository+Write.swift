import Foundation
import KAMCore
import SQLKit

extension KeyPersonRepository {
    public func create(_ draft: KeyPersonDraft, portrait: PortraitInput?, caller: Caller,
                       inputIssues: [FieldIssue] = []) async throws -> KeyPerson {
        let at = now()
        var known = inputIssues
        var assessed: (Portrait, String)?
        if let portrait {
            do throws(ValidationFailure) { assessed = try portrait.validated() } catch {
                known += error.issues.map { FieldIssue(field: "portrait." + $0.field, code: $0.code, detail: $0.detail) }
            }
        }
        let allKnown = known
        let validPortrait = assessed
        return try await database.write { db in
            try await Self.checkDraft(draft, id: nil, db: db, caller: caller, known: allKnown)
            let row = try await db.raw("""
                INSERT INTO key_persons (family_name, given_name, family_reading, given_reading, name_search, kind, organisation,
                    user_id, recorded_for_id, placeholder, email, phones,
                    legal_basis, notes, closeness, recognition, price_acceptance, version, created_at, updated_at, updated_by)
                VALUES (\(bind: draft.name.family), \(bind: draft.name.given), \(bind: draft.name.familyReading),
                    \(bind: draft.name.givenReading), \(bind: Self.nameSearch(draft.name)), \(bind: draft.kind.rawValue),
                    \(bind: draft.organisation), \(bind: draft.userID), \(bind: draft.recordedForAccountID),
                    \(bind: draft.isPlaceholder ? 1 : 0), \(bind: draft.email),
                    \(bind: try JSONText.encode(draft.phones)), \(bind: draft.legalBasis.rawValue), \(bind: draft.notes),
                    \(bind: validPortrait.map { Int64($0.0.closeness) }), \(bind: validPortrait.map { Int64($0.0.recognition) }),
                    \(bind: validPortrait.map { Int64($0.0.priceAcceptance) }), 1, \(bind: Clock.millis(at)), \(bind: Clock.millis(at)),
                    \(bind: caller.actor.userID))
                RETURNING id
                """).first()
            let id = try row?.int64("id") ?? 0
            try await Self.replaceChildren(db, id, draft)
            if let (portrait, evidence) = validPortrait {
                try await Self.insertAssessment(db, id, portrait, evidence, caller, at)
            }
            guard let person = try await Self.load(db, id) else { throw StoreError.notFound(entity: "key_person", id: id) }
            try await AuditLog.record(db, caller, at: at, entity: "key_person", id: id, action: "create",
                                      before: KeyPerson?.none, after: person, accountID: person.currentEmployment?.accountID)
            return person
        }
    }

    public func update(_ id: PersonID, _ draft: KeyPersonDraft, expectedVersion: Int, caller: Caller,
                       inputIssues: [FieldIssue] = []) async throws -> KeyPerson {
        let at = now()
        return try await database.write { [draft] db in
            let before = try await Self.loadForChange(db, id, expectedVersion: expectedVersion, caller: caller)
            var draft = draft
            let employers = try await Self.employerAccounts(db, before)
            if !(caller.policy.canSeePrivateFields(of: nil) || employers.contains(where: caller.policy.canSeePrivateFields)) {
                // The caller never saw the private fields, so an edit must not erase them.
                draft.notes = before.notes
                draft.facts = before.facts
            }
            try await Self.checkDraft(draft, id: id, db: db, caller: caller, known: inputIssues)
            // Links to accounts the caller cannot see were never shown to them: keep them as they are.
            for job in before.employments {
                if try await !Self.isVisible(db, job.accountID, caller: caller) { draft.employments.append(job) }
            }
            if draft.recordedForAccountID == nil, let recordedFor = before.recordedForAccountID,
               try await !Self.isVisible(db, recordedFor, caller: caller) {
                draft.recordedForAccountID = recordedFor
            }
            let updated = try await db.raw("""
                UPDATE key_persons SET family_name = \(bind: draft.name.family), given_name = \(bind: draft.name.given),
                    family_reading = \(bind: draft.name.familyReading), given_reading = \(bind: draft.name.givenReading),
                    name_search = \(bind: Self.nameSearch(draft.name)), kind = \(bind: draft.kind.rawValue),
                    organisation = \(bind: draft.organisation), user_id = \(bind: draft.userID),
                    recorded_for_id = \(bind: draft.recordedForAccountID), placeholder = \(bind: draft.isPlaceholder ? 1 : 0),
                    email = \(bind: draft.email),
                    phones = \(bind: try JSONText.encode(draft.phones)), legal_basis = \(bind: draft.legalBasis.rawValue),
                    notes = \(bind: draft.notes), version = version + 1, updated_at = \(bind: Clock.millis(at)),
                    updated_by = \(bind: caller.actor.userID)
                WHERE id = \(bind: id) AND version = \(bind: before.version) RETURNING id
                """).first()
            guard updated != nil else { throw try await Self.conflict(db, id) }
            try await Self.replaceChildren(db, id, draft)
            guard let after = try await Self.load(db, id) else { throw StoreError.notFound(entity: "key_person", id: id) }
            try await AuditLog.record(db, caller, at: at, entity: "key_person", id: id, action: "update",
                                      before: before, after: after, accountID: after.currentEmployment?.accountID)
            return after
        }
    }

    /// Records a new portrait assessment; the history keeps every earlier one.
    public func assessPortrait(_ id: PersonID, _ input: PortraitInput, expectedVersion: Int, caller: Caller) async throws -> KeyPerson {
        let at = now()
        let (portrait, evidence): (Portrait, String)
        do throws(ValidationFailure) { (portrait, evidence) = try input.validated() } catch { throw StoreError.validation(error) }
        return try await database.write { db in
            let before = try await Self.loadForChange(db, id, expectedVersion: expectedVersion, caller: caller)
            let updated = try await db.raw("""
                UPDATE key_persons SET closeness = \(bind: Int64(portrait.closeness)), recognition = \(bind: Int64(portrait.recognition)),
                    price_acceptance = \(bind: Int64(portrait.priceAcceptance)), version = version + 1,
                    updated_at = \(bind: Clock.millis(at)), updated_by = \(bind: caller.actor.userID)
                WHERE id = \(bind: id) AND version = \(bind: before.version) RETURNING id
                """).first()
            guard updated != nil else { throw try await Self.conflict(db, id) }
            try await Self.insertAssessment(db, id, portrait, evidence, caller, at)
            guard let after = try await Self.load(db, id) else { throw StoreError.notFound(entity: "key_person", id: id) }
            try await AuditLog.record(db, caller, at: at, entity: "key_person", id: id, action: "portrait",
                                      before: before.portrait, after: after.portrait, accountID: after.currentEmployment?.accountID)
            return after
        }
    }

    public func delete(_ id: PersonID, expectedVersion: Int?, caller: Caller) async throws {
        try await setDeleted(id, deleted: true, expectedVersion: expectedVersion, caller: caller)
    }

    public func restore(_ id: PersonID, caller: Caller) async throws {
        try await setDeleted(id, deleted: false, expectedVersion: nil, caller: caller)
    }

    private func setDeleted(_ id: PersonID, deleted: Bool, expectedVersion: Int?, caller: Caller) async throws {
        let at = now()
        try await database.write { db in
            guard let before = try await Self.load(db, id), (before.deletedAt == nil) == deleted else {
                throw StoreError.notFound(entity: "key_person", id: id)
            }
            let employers = try await Self.employerAccounts(db, before)
            guard Self.canView(caller, before, employers: employers) else { throw StoreError.notFound(entity: "key_person", id: id) }
            guard Self.canEdit(caller, before, employers: employers) else { throw StoreError.forbidden }
            if let expectedVersion, expectedVersion != before.version { throw try await Self.conflict(db, id) }
            let deletedAt: Int64? = deleted ? Clock.millis(at) : nil
            let updated = try await db.raw("""
                UPDATE key_persons SET deleted_at = \(bind: deletedAt), version = version + 1, updated_at = \(bind: Clock.millis(at)),
                    updated_by = \(bind: caller.actor.userID) WHERE id = \(bind: id) AND version = \(bind: before.version) RETURNING id
                """).first()
            guard updated != nil else { throw try await Self.conflict(db, id) }
            let after = try await Self.load(db, id)
            try await AuditLog.record(db, caller, at: at, entity: "key_person", id: id, action: deleted ? "delete" : "restore",
                                      before: before, after: after, accountID: before.currentEmployment?.accountID)
        }
    }

    static func isVisible(_ db: any SQLDatabase, _ account: AccountID, caller: Caller) async throws -> Bool {
        guard let account = try await AccountRepository.load(db, account), account.deletedAt == nil else { return false }
        return caller.policy.canView(account)
    }

    static func nameSearch(_ name: PersonName) -> String {
        searchKey(name.family, name.given, name.familyReading, name.givenReading, name.family + name.given)
    }

    static func loadForChange(_ db: any SQLDatabase, _ id: PersonID, expectedVersion: Int, caller: Caller) async throws -> KeyPerson {
        guard let person = try await load(db, id), person.deletedAt == nil else { throw StoreError.notFound(entity: "key_person", id: id) }
        let employers = try await employerAccounts(db, person)
        guard canView(caller, person, employers: employers) else { throw StoreError.notFound(entity: "key_person", id: id) }
        guard canEdit(caller, person, employers: employers) else { throw StoreError.forbidden }
        guard person.version == expectedVersion else { throw try await conflict(db, id) }
        return person
    }

    static func conflict(_ db: any SQLDatabase, _ id: PersonID) async throws -> StoreError {
        try await versionConflict(db, table: "key_persons", entity: "key_person", id: id)
    }

    /// Field checks, then what needs stored data: accounts and managers exist, the caller may place
    /// people at those accounts, and no reporting line loops back to this person.
    static func checkDraft(_ draft: KeyPersonDraft, id: PersonID?, db: any SQLDatabase, caller: Caller,
                           known: [FieldIssue] = []) async throws {
        // Executives and read-only users see people but change none.
        guard caller.policy.mayEditAnything else { throw StoreError.forbidden }
        var v = Validator(known: known)
        draft.validate(into: &v, selfID: id)
        var editableEmployer = false
        for (i, job) in draft.employments.enumerated() {
            let account = try await AccountRepository.load(db, job.accountID)
            guard let account, account.deletedAt == nil, caller.policy.canView(account) else {
                v.add("employments[\(i)].accountID", "unknown_account")
                continue
            }
            if caller.policy.canEdit(account) { editableEmployer = true }
            guard let manager = job.reportsToID, manager != id else { continue }
            guard let managerRow = try await db.raw("SELECT deleted_at FROM key_persons WHERE id = \(bind: manager)").first(),
                  try managerRow.optionalInt64("deleted_at") == nil else {
                v.add("employments[\(i)].reportsToID", "unknown_person")
                continue
            }
            if let id, try await reportingWouldLoop(db, person: id, manager: manager, account: job.accountID) {
                v.add("employments[\(i)].reportsToID", "cycle")
            }
        }
        if let recordedFor = draft.recordedForAccountID {
            if let account = try await AccountRepository.load(db, recordedFor), account.deletedAt == nil, caller.policy.canView(account) {
                if caller.policy.canEdit(account) { editableEmployer = true }
            } else {
                v.add("recordedForAccountID", "unknown_account")
            }
        }
        if let user = draft.userID {
            if try await db.raw("SELECT id FROM users WHERE id = \(bind: user)").first() == nil { v.add("userID", "unknown_user") }
            // Anyone may keep their own entry as one of our people.
            if user == caller.actor.userID && draft.kind == .colleague { editableEmployer = true }
        }
        if !caller.policy.isAdministrator && !editableEmployer {
            v.add(draft.kind.isOutside ? "recordedForAccountID" : "employments", "editable_account_required")
        }
        do { try v.check() } catch { throw StoreError.validation(error) }
    }

    /// Walks the manager's chain at the same account (open links only) looking for `person`.
    static func reportingWouldLoop(_ db: any SQLDatabase, person: PersonID, manager: PersonID, account: AccountID) async throws -> Bool {
        var chain: [PersonID: PersonID?] = [:]
        var cursor: PersonID? = manager
        while let current = cursor, chain[current] == nil, current != person {
            let row = try await db.raw("""
                SELECT reports_to_id FROM employments WHERE person_id = \(bind: current) AND account_id = \(bind: account)
                AND to_date IS NULL ORDER BY id LIMIT 1
                """).first()
            let next = try row?.optionalInt64("reports_to_id")
            chain[current] = .some(next)
            cursor = next
        }
        return Hierarchy.wouldCreateCycle(child: person, newParent: manager, parentOf: { chain[$0] ?? nil })
    }

    static func replaceChildren(_ db: any SQLDatabase, _ id: PersonID, _ draft: KeyPersonDraft) async throws {
        try await db.raw("DELETE FROM employments WHERE person_id = \(bind: id)").run()
        for (position, job) in draft.employments.enumerated() {
            try await db.raw("""
                INSERT INTO employments (person_id, account_id, title, department, reports_to_id, from_date, to_date, position)
                VALUES (\(bind: id), \(bind: job.accountID), \(bind: job.title), \(bind: job.department), \(bind: job.reportsToID),
                        \(bind: job.from?.description), \(bind: job.to?.description), \(bind: Int64(position)))
                """).run()
        }
        try await db.raw("DELETE FROM personal_facts WHERE person_id = \(bind: id)").run()
        for (position, fact) in draft.facts.enumerated() {
            try await db.raw("""
                INSERT INTO personal_facts (person_id, kind, value, source, recorded_on, position)
                VALUES (\(bind: id), \(bind: fact.kind.rawValue), \(bind: fact.value), \(bind: fact.source),
                        \(bind: fact.recordedOn.description), \(bind: Int64(position)))
                """).run()
        }
    }

    /// The assessment is filed under an account, which is where the account's timeline looks for
    /// it: the activity's when it comes from one, else the one the person works at now.
    static func insertAssessment(_ db: any SQLDatabase, _ id: PersonID, _ portrait: Portrait, _ evidence: String,
                                 _ caller: Caller, _ at: Date, activity: ActivityID? = nil, account: AccountID? = nil) async throws {
        try await db.raw("""
            INSERT INTO portrait_assessments (person_id, closeness, recognition, price_acceptance, evidence, assessed_by, assessed_at,
                                              account_id, activity_id)
            VALUES (\(bind: id), \(bind: Int64(portrait.closeness)), \(bind: Int64(portrait.recognition)),
                    \(bind: Int64(portrait.priceAcceptance)), \(bind: evidence), \(bind: caller.actor.userID), \(bind: Clock.millis(at)),
                    COALESCE(\(bind: account), (SELECT e.account_id FROM employments e WHERE e.person_id = \(bind: id) AND e.to_date IS NULL
                     ORDER BY (e.from_date IS NULL), e.from_date DESC, e.position LIMIT 1)), \(bind: activity))
            """).run()
    }
}
