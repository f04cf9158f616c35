import Foundation
import KAMCore
import KAMStore
import KAMTestSupport
import SQLKit
import Testing

@Suite("Key persons, opportunities and sessions on both engines")
struct KeyPersonStoreTests {
    static func draft(_ family: String, at account: AccountID, reportsTo: PersonID? = nil) -> KeyPersonDraft {
        KeyPersonDraft(name: PersonName(family: family, given: "太郎", familyReading: "ヤマダ", givenReading: "タロウ"),
                       email: "\(family.lowercased())@example.jp", phones: [Phone(label: "mobile", number: "+81 90-1234-5678")],
                       notes: "prefers morning meetings",
                       employments: [Employment(accountID: account, title: "CIO", department: "IT", reportsToID: reportsTo,
                                                from: CalendarDate("2020-04-01"))],
                       facts: [PersonalFact(kind: .hobby, value: "golf", source: "dinner 2024", recordedOn: CalendarDate(year: 2024, month: 5, day: 1))])
    }

    @Test(arguments: TestEngine.allCases)
    func portraitHistoryKeepsEveryAssessment(_ engine: TestEngine) async throws {
        try await TestDatabase.withStore(engine) { store in
            let company = try await TestCompany.make(store)
            let sales = try await company.caller(company.sales)
            let account = try await company.account("Bank", owner: company.sales)
            let person = try await store.persons.create(Self.draft("Yamada", at: account.id),
                                                        portrait: PortraitInput(closeness: 2, recognition: 3, priceAcceptance: 4, evidence: "first call"),
                                                        caller: sales)
            #expect(person.portrait == Portrait(closeness: 2, recognition: 3, priceAcceptance: 4))
            let updated = try await store.persons.assessPortrait(person.id, PortraitInput(closeness: 4, recognition: 3, priceAcceptance: 4,
                                                                                          evidence: "workshop went well"),
                                                                 expectedVersion: person.version, caller: sales)
            #expect(updated.portrait?.closeness == 4)
            let history = try await store.persons.portraitHistory(of: person.id)
            #expect(history.map(\.portrait.closeness) == [4, 2])
            #expect(history.first?.assessedBy == company.sales.id)
            #expect(history.first?.evidence == "workshop went well")
            await #expect(throws: StoreError.self) {
                _ = try await store.persons.assessPortrait(person.id, PortraitInput(closeness: 6, recognition: 0, priceAcceptance: 3, evidence: nil),
                                                           expectedVersion: updated.version, caller: sales)
            }
            #expect(try await store.persons.portraitHistory(of: person.id).count == 2)
        }
    }

    @Test(arguments: TestEngine.allCases)
    func reportingLinesRefuseCyclesAndUnknownPeople(_ engine: TestEngine) async throws {
        try await TestDatabase.withStore(engine) { store in
            let company = try await TestCompany.make(store)
            let sales = try await company.caller(company.sales)
            let account = try await company.account("Bank", owner: company.sales)
            let ceo = try await store.persons.create(Self.draft("Ceo", at: account.id), portrait: nil, caller: sales)
            let cio = try await store.persons.create(Self.draft("Cio", at: account.id, reportsTo: ceo.id), portrait: nil, caller: sales)
            let people = try await store.persons.atAccount(account.id)
            #expect(people.first { $0.id == cio.id }?.reportsToID == ceo.id)
            var loop = ceo.draft
            loop.employments[0].reportsToID = cio.id
            do {
                _ = try await store.persons.update(ceo.id, loop, expectedVersion: ceo.version, caller: sales)
                Issue.record("reporting cycle accepted")
            } catch StoreError.validation(let failure) {
                #expect(failure.issues.contains(FieldIssue(field: "employments[0].reportsToID", code: "cycle")))
            }
            var selfLoop = ceo.draft
            selfLoop.employments[0].reportsToID = ceo.id
            await #expect(throws: StoreError.self) { _ = try await store.persons.update(ceo.id, selfLoop, expectedVersion: ceo.version, caller: sales) }
            var unknown = Self.draft("Ghost", at: account.id, reportsTo: 999_999)
            unknown.employments.append(Employment(accountID: 424_242))
            do {
                _ = try await store.persons.create(unknown, portrait: nil, caller: sales)
                Issue.record("unknown ids accepted")
            } catch StoreError.validation(let failure) {
                #expect(Set(failure.issues.map(\.field)) == ["employments[0].reportsToID", "employments[1].accountID"])
            }
            #expect(try await store.database.count("key_persons") == 2)
        }
    }

    @Test(arguments: TestEngine.allCases)
    func privateFieldsFollowTheAccessPolicy(_ engine: TestEngine) async throws {
        try await TestDatabase.withStore(engine) { store in
            let company = try await TestCompany.make(store)
            let account = try await company.account("Bank", owner: company.sales)
            let person = try await store.persons.create(Self.draft("Yamada", at: account.id), portrait: nil, caller: try await company.caller(company.sales))
            let asOwner = try await store.persons.get(person.id, caller: try await company.caller(company.sales))
            #expect(asOwner.showsPrivate && asOwner.person.facts.count == 1 && asOwner.person.notes != nil)
            let asReader = try await store.persons.get(person.id, caller: try await company.caller(company.readOnly))
            #expect(!asReader.showsPrivate && asReader.person.facts.isEmpty && asReader.person.notes == nil && !asReader.canEdit)
            await #expect(throws: StoreError.notFound(entity: "key_person", id: person.id)) {
                _ = try await store.persons.get(person.id, caller: try await company.caller(company.otherSales))
            }
            var search = PersonQuery()
            search.search = "yamada"
            #expect(try await store.persons.list(search, caller: try await company.caller(company.otherSales)).total == 0)
            #expect(try await store.persons.list(search, caller: try await company.caller(company.director)).total == 1)
            search.search = "ヤマダ"
            #expect(try await store.persons.list(search, caller: try await company.caller(company.admin)).total == 1)
        }
    }

    @Test(arguments: TestEngine.allCases)
    func opportunitiesValidateAndVersion(_ engine: TestEngine) async throws {
        try await TestDatabase.withStore(engine) { store in
            let company = try await TestCompany.make(store)
            let sales = try await company.caller(company.sales)
            let account = try await company.account("Bank", owner: company.sales)
            let draft = OpportunityDraft(name: "Core renewal", accountID: account.id, amount: Money(minorUnits: 120_000_000, currency: "JPY"),
                                         expectedClose: CalendarDate("2027-03-31"), ownerID: company.sales.id)
            let created = try await store.opportunities.create(draft, caller: sales)
            var bad = draft
            bad.amount = Money(minorUnits: -5, currency: "XYZ")
            do {
                _ = try await store.opportunities.create(bad, caller: sales)
                Issue.record("bad money accepted")
            } catch StoreError.validation(let failure) {
                #expect(Set(failure.issues.map(\.field)) == ["amount.currency", "amount.minorUnits"])
            }
            var next = created.draft
            next.stage = .proposal
            // Skipping the first two stages' exit criteria takes a reason.
            let updated = try await store.opportunities.update(created.id, next, expectedVersion: 1, caller: sales, stageReason: "Tender fast-tracked")
            #expect(updated.version == 2 && updated.stage == .proposal)
            var query = OpportunityQuery()
            query.accountID = account.id
            #expect(try await store.opportunities.list(query, caller: try await company.caller(company.otherSales)).isEmpty)
            #expect(try await store.opportunities.list(query, caller: sales).map(\.opportunity.id) == [created.id])
        }
    }

    @Test(arguments: TestEngine.allCases)
    func sessionsAndSignInAttemptsLiveInTheDatabase(_ engine: TestEngine) async throws {
        try await TestDatabase.withStore(engine) { store in
            let company = try await TestCompany.make(store)
            try await store.sessions.create(tokenHash: "abc", userID: company.sales.id, csrfToken: "csrf", lifetime: 60)
            #expect(try await store.sessions.signedIn(tokenHash: "abc", countingUnread: true)?.session.user.id == company.sales.id)
            // The caller comes with everyone below them, read in the same query.
            try await store.sessions.create(tokenHash: "boss", userID: company.director.id, csrfToken: "csrf", lifetime: 60)
            let director = try #require(try await store.sessions.signedIn(tokenHash: "boss", countingUnread: false))
            #expect(director.caller.policy.subordinates == [company.sales.id] && director.session.csrfToken == "csrf")
            try await store.sessions.create(tokenHash: "old", userID: company.sales.id, csrfToken: "csrf", lifetime: -1)
            #expect(try await store.sessions.signedIn(tokenHash: "old", countingUnread: false) == nil)
            try await store.sessions.delete(tokenHash: "abc")
            #expect(try await store.sessions.signedIn(tokenHash: "abc", countingUnread: false) == nil)
            for _ in 0..<3 { try await store.sessions.recordAttempt(username: "sales", ip: "10.0.0.1", success: false) }
            try await store.sessions.recordAttempt(username: "other", ip: "10.0.0.1", success: false)
            let failures = try await store.sessions.recentFailures(username: "sales", ip: "10.0.0.1", window: 600)
            #expect(failures.byUser == 3 && failures.byIP == 4)
        }
    }

    @Test(arguments: TestEngine.allCases)
    func demoLoaderBuildsTheDemoCompany(_ engine: TestEngine) async throws {
        try await TestDatabase.withStore(engine) { store in
            let generator = DemoGenerator()
            let loader = DemoLoader(store: store)
            let schemaBefore = try await schemaObjects(store, engine)
            let ids = try await loader.loadUsers(generator, passwordHash: "x")
            let result = try await loader.load(generator, accounts: 30, perAccount: 10, userIDs: ids,
                                               today: CalendarDate(year: 2026, month: 11, day: 23), batchSize: 7)
            #expect(result.accounts == 30)
            // The load into empty tables drops indexes, triggers and foreign keys and restores them all.
            #expect(try await schemaObjects(store, engine) == schemaBefore)
            await #expect(throws: (any Error).self) {
                try await store.database.execute("INSERT INTO employments (person_id, account_id, position) VALUES (999999, 1, 0)")
            }
            #expect(try await store.database.count("accounts") == 30)
            #expect(try await store.database.count("key_persons") == result.persons)
            #expect((250...350).contains(result.persons))
            // Every person comes with one to three personal facts, as the generator makes them.
            let facts = try await store.database.count("personal_facts")
            #expect(facts >= result.persons && facts <= 3 * result.persons)
            #expect(try await store.database.count("opportunities") == result.opportunities)
            let admin = try await store.users.find(username: "admin")!.user
            let caller = try await store.users.caller(for: admin)
            // Ids continue after the bulk load: a new account gets the next id on both engines.
            let created = try await store.accounts.create(AccountDraft(name: "New", industry: .retail, region: .china, size: .small,
                                                                       ownerID: admin.id), caller: caller)
            #expect(created.id == 31)
            let roots = try await store.accounts.list(AccountQuery(), caller: caller).items.filter { $0.parentID != nil }
            #expect(!roots.isEmpty)
            // Indexes and search work after the load into empty tables (built at its end).
            var search = AccountQuery()
            let firstLoaded = try await store.accounts.list(AccountQuery(), caller: caller).items.first { $0.id != created.id }!
            search.search = String(firstLoaded.name.prefix(4))
            #expect(try await store.accounts.list(search, caller: caller).items.contains { $0.id == firstLoaded.id })

            // A second load into tables that have rows takes the batch-by-batch path.
            let more = try await loader.load(DemoGenerator(seed: 5), accounts: 4, perAccount: 3, userIDs: ids,
                                             today: CalendarDate(year: 2026, month: 11, day: 23), batchSize: 3)
            #expect(try await store.database.count("accounts") == 35)
            #expect(try await store.database.count("key_persons") == result.persons + more.persons)
            let newest = try await store.accounts.list(AccountQuery(), caller: caller).items.map(\.id).max()!
            #expect(newest == 35)
            let added = try await store.accounts.get(newest, caller: caller)
            search.search = String(added.name.prefix(4))
            #expect(try await store.accounts.list(search, caller: caller).items.contains { $0.id == newest })
        }
    }

    /// Names of the indexes, triggers and constraints of the schema, to prove a load restored them.
    private func schemaObjects(_ store: KAMStore, _ engine: TestEngine) async throws -> [String] {
        let sql = switch engine {
        case .sqlite: "SELECT type || ':' || name AS n FROM sqlite_master WHERE type IN ('index', 'trigger') ORDER BY 1"
        case .postgres: """
            SELECT 'index:' || indexname AS n FROM pg_indexes WHERE schemaname = current_schema()
            UNION ALL SELECT 'constraint:' || conname || ':' || pg_get_constraintdef(oid) FROM pg_constraint
            WHERE connamespace = current_schema()::regnamespace ORDER BY 1
            """
        }
        let names = try await store.database.read { db in
            try await db.raw(SQLQueryString(sql)).all().map { try $0.decode(column: "n", as: String.self) }
        }
        #expect(names.count > 20)
        return names
    }
}
