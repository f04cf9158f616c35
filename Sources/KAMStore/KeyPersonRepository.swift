import Foundation
import KAMCore
import SQLKit

public struct PersonQuery: Sendable {
    public var search: String?
    public var accountID: AccountID?
    public var cursor: PageCursor?
    public var limit = 50
    public var deleted = false
    public init() {}
}

/// A row of a people list, with the person's current job.
public struct PersonSummary: Sendable, Hashable, Codable {
    public var id: PersonID
    public var name: PersonName
    public var title: String?
    public var department: String?
    public var accountID: AccountID?
    public var accountName: String?
    public var reportsToID: PersonID?
    public var portrait: Portrait?
    public var version: Int
}

/// Key persons: identities, employment links, personal facts and portrait history.
public struct KeyPersonRepository: Sendable {
    let database: KAMDatabase
    let now: @Sendable () -> Date

    /// Persons the scope may see: employed (now or before) at a visible account, outside people
    /// recorded for one, and our own employees.
    static func visibility(_ scope: AccountScope, alias: String = "p", today: CalendarDate, engine: DatabaseEngine) -> String? {
        guard let visibleAccount = scopeCondition(scope, alias: "va", today: today, engine: engine) else { return nil }
        return """
            (EXISTS (SELECT 1 FROM employments ve JOIN accounts va ON va.id = ve.account_id
                     WHERE ve.person_id = \(alias).id AND va.deleted_at IS NULL AND \(visibleAccount))
             OR \(alias).kind = 'colleague'
             OR (\(alias).recorded_for_id IS NOT NULL AND EXISTS (SELECT 1 FROM accounts va
                     WHERE va.id = \(alias).recorded_for_id AND va.deleted_at IS NULL AND \(visibleAccount))))
            """
    }

    public func list(_ query: PersonQuery, caller: Caller) async throws -> Page<PersonSummary> {
        let limit = max(1, min(query.limit, 500))
        var conditions = [query.deleted ? "p.deleted_at IS NOT NULL" : "p.deleted_at IS NULL"]
        var binds: [any Encodable & Sendable] = []
        if let visible = Self.visibility(caller.policy.readScope, today: Clock.today(now()), engine: database.engine) { conditions.append(visible) }
        if let search = query.search?.trimmingCharacters(in: .whitespaces), !search.isEmpty {
            conditions.append("p.name_search LIKE ? ESCAPE '\\'")
            binds.append(likePattern(contains: search))
        }
        if let accountID = query.accountID {
            conditions.append("EXISTS (SELECT 1 FROM employments fe WHERE fe.person_id = p.id AND fe.account_id = ? AND fe.to_date IS NULL)")
            binds.append(accountID)
        }
        let countConditions = conditions, countBinds = binds
        if let cursor = query.cursor {
            conditions.append("(p.name_search, p.id) > (?, ?)")
            binds.append(cursor.sortValue)
            binds.append(cursor.id)
        }
        let listSQL = """
            SELECT p.*, e.title, e.department, e.account_id, e.reports_to_id, a.name AS account_name
            FROM key_persons p
            LEFT JOIN employments e ON e.id = (SELECT ce.id FROM employments ce WHERE ce.person_id = p.id AND ce.to_date IS NULL
                                                ORDER BY ce.from_date DESC, ce.id DESC LIMIT 1)
            LEFT JOIN accounts a ON a.id = e.account_id
            WHERE \(conditions.joined(separator: " AND ")) ORDER BY p.name_search, p.id LIMIT \(limit + 1)
            """
        let countSQL = """
            SELECT count(*) AS n FROM (SELECT 1 FROM key_persons p WHERE \(countConditions.joined(separator: " AND "))
            LIMIT \(Page<PersonSummary>.countLimit + 1)) t
            """
        let finalBinds = binds
        return try await database.read(valuesShapeThePlan: true) { db in
            let rows = try await db.raw(AccountRepository.placeholders(listSQL, finalBinds)).all()
            let count = try await db.raw(AccountRepository.placeholders(countSQL, countBinds)).first()?.int("n") ?? 0
            let shown = rows.prefix(limit)
            let next = try rows.count > limit ? shown.last.map { PageCursor(sortValue: try $0.string("name_search"), id: try $0.int64("id")) } : nil
            return Page(items: try shown.map(Self.summary), nextCursor: next, total: min(count, Page<PersonSummary>.countLimit),
                        countIsCapped: count > Page<PersonSummary>.countLimit)
        }
    }

    /// The people currently employed at an account, with whom they report to: the org chart's data.
    public func atAccount(_ accountID: AccountID, limit: Int = 2000) async throws -> [PersonSummary] {
        try await database.read { db in
            try await db.raw("""
                SELECT p.*, e.title, e.department, e.account_id, e.reports_to_id, a.name AS account_name
                FROM employments e JOIN key_persons p ON p.id = e.person_id JOIN accounts a ON a.id = e.account_id
                WHERE e.account_id = \(bind: accountID) AND e.to_date IS NULL AND p.deleted_at IS NULL
                ORDER BY p.name_search, p.id LIMIT \(literal: limit)
                """).all().map(Self.summary)
        }
    }

    static func name(_ row: any SQLRow) throws -> PersonName {
        PersonName(family: try row.string("family_name"), given: try row.string("given_name"),
                   familyReading: try row.optionalString("family_reading"), givenReading: try row.optionalString("given_reading"))
    }

    static func portrait(_ row: any SQLRow) throws -> Portrait? {
        guard let c = try row.optionalInt64("closeness"), let r = try row.optionalInt64("recognition"),
              let p = try row.optionalInt64("price_acceptance") else { return nil }
        return Portrait(closeness: Int(c), recognition: Int(r), priceAcceptance: Int(p))
    }

    static func summary(_ row: any SQLRow) throws -> PersonSummary {
        PersonSummary(id: try row.int64("id"), name: try name(row), title: try row.optionalString("title"),
                      department: try row.optionalString("department"), accountID: try row.optionalInt64("account_id"),
                      accountName: try row.optionalString("account_name"), reportsToID: try row.optionalInt64("reports_to_id"),
                      portrait: try portrait(row), version: try row.int("version"))
    }

    static func load(_ db: any SQLDatabase, _ id: PersonID) async throws -> KeyPerson? {
        guard let row = try await db.raw("SELECT * FROM key_persons WHERE id = \(bind: id)").first() else { return nil }
        let employments = try await db.raw("SELECT * FROM employments WHERE person_id = \(bind: id) ORDER BY position").all().map { e in
            Employment(accountID: try e.int64("account_id"), title: try e.optionalString("title"),
                       department: try e.optionalString("department"), reportsToID: try e.optionalInt64("reports_to_id"),
                       from: try e.calendarDate("from_date"), to: try e.calendarDate("to_date"))
        }
        let facts = try await db.raw("SELECT * FROM personal_facts WHERE person_id = \(bind: id) ORDER BY position").all().map { f in
            PersonalFact(kind: try f.vocabulary("kind", as: PersonalFactKind.self), value: try f.string("value"),
                         source: try f.string("source"), recordedOn: try f.calendarDate("recorded_on") ?? CalendarDate(year: 1970, month: 1, day: 1))
        }
        let draft = KeyPersonDraft(name: try name(row), kind: try row.vocabulary("kind", as: PersonKind.self),
                                   organisation: try row.optionalString("organisation"), userID: try row.optionalInt64("user_id"),
                                   recordedForAccountID: try row.optionalInt64("recorded_for_id"),
                                   isPlaceholder: try row.int("placeholder") != 0, email: try row.optionalString("email"),
                                   phones: try JSONText.decode([Phone].self, try row.string("phones")),
                                   legalBasis: try row.vocabulary("legal_basis", as: LegalBasis.self),
                                   notes: try row.optionalString("notes"), employments: employments, facts: facts)
        return KeyPerson(id: id, draft: draft, portrait: try portrait(row), replacedByID: try row.optionalInt64("replaced_by_id"),
                         version: try row.int("version"),
                         createdAt: try row.date("created_at"), updatedAt: try row.date("updated_at"),
                         updatedBy: try row.optionalInt64("updated_by"), deletedAt: try row.optionalDate("deleted_at"))
    }

    /// The accounts a person is attached to, as stored: where they are or were employed, and for
    /// an outside person the account they were recorded for. Who sees and edits the person follows.
    static func employerAccounts(_ db: any SQLDatabase, _ person: KeyPerson) async throws -> [Account] {
        var accounts: [Account] = []
        for id in Set(person.employments.map(\.accountID) + [person.recordedForAccountID].compactMap { $0 }).sorted() {
            if let account = try await AccountRepository.load(db, id), account.deletedAt == nil { accounts.append(account) }
        }
        return accounts
    }

    /// Our own employees are known to everyone who signs in; anyone else follows their accounts.
    static func canView(_ caller: Caller, _ person: KeyPerson, employers: [Account]) -> Bool {
        caller.policy.seesUnattachedPeople || person.kind == .colleague || employers.contains(where: caller.policy.canView)
    }

    /// One of our employees may also keep their own entry up to date.
    static func canEdit(_ caller: Caller, _ person: KeyPerson, employers: [Account]) -> Bool {
        caller.policy.isAdministrator || employers.contains(where: caller.policy.canEdit)
            || (person.kind == .colleague && person.userID != nil && person.userID == caller.actor.userID && caller.policy.mayEditAnything)
    }

    /// A person as the caller may see them: private fields (notes, personal facts) are removed
    /// unless the caller may see private data on one of the person's accounts.
    public func get(_ id: PersonID, caller: Caller, includeDeleted: Bool = false) async throws -> (person: KeyPerson, canEdit: Bool, showsPrivate: Bool) {
        try await database.read { db in
            guard var person = try await Self.load(db, id), includeDeleted || person.deletedAt == nil else {
                throw StoreError.notFound(entity: "key_person", id: id)
            }
            let employers = try await Self.employerAccounts(db, person)
            guard Self.canView(caller, person, employers: employers) else { throw StoreError.notFound(entity: "key_person", id: id) }
            let showsPrivate = caller.policy.canSeePrivateFields(of: nil) || employers.contains { caller.policy.canSeePrivateFields(of: $0) }
            if !showsPrivate {
                person.notes = nil
                person.facts = []
            }
            if !caller.policy.seesUnattachedPeople {
                // Where the person worked at accounts the caller may not see stays hidden too.
                let visible = Set(employers.filter(caller.policy.canView).map(\.id))
                person.employments = person.employments.filter { visible.contains($0.accountID) }
                if let recordedFor = person.recordedForAccountID, !visible.contains(recordedFor) { person.recordedForAccountID = nil }
            }
            return (person, Self.canEdit(caller, person, employers: employers), showsPrivate)
        }
    }

    public func portraitHistory(of id: PersonID) async throws -> [PortraitAssessment] {
        try await database.read { db in
            try await db.raw("SELECT * FROM portrait_assessments WHERE person_id = \(bind: id) ORDER BY assessed_at DESC, id DESC").all().map { row in
                PortraitAssessment(personID: id, portrait: Portrait(closeness: try row.int("closeness"), recognition: try row.int("recognition"),
                                                                     priceAcceptance: try row.int("price_acceptance")),
                                   evidence: try row.string("evidence"), assessedBy: try row.optionalInt64("assessed_by"),
                                   assessedAt: try row.date("assessed_at"))
            }
        }
    }
}
