import Foundation
import KAMCore
@testable import KAMStore
import KAMTestSupport
import SQLKit
import Testing

@Suite("Account storage on both engines")
struct AccountStoreTests {
    @Test(arguments: TestEngine.allCases)
    func createUpdateAndAudit(_ engine: TestEngine) async throws {
        try await TestDatabase.withStore(engine) { store in
            let company = try await TestCompany.make(store)
            let admin = try await company.caller(company.admin)
            let account = try await company.account("みずなみ銀行", owner: company.sales)
            #expect(account.version == 1)
            #expect(account.timeZone == "Asia/Tokyo")
            var draft = account.draft
            draft.name = "みずなみ銀行 本店"
            let updated = try await store.accounts.update(account.id, draft, expectedVersion: 1, caller: admin)
            #expect(updated.version == 2)
            #expect(updated.name == "みずなみ銀行 本店")
            let history = try await store.accounts.history(of: updated, caller: admin)
            #expect(history.map(\.action) == ["update", "create"])
            #expect(history.first?.before?.contains("みずなみ銀行") == true)
            #expect(history.first?.after?.contains("本店") == true)
        }
    }

    @Test(arguments: TestEngine.allCases)
    func staleWriteIsRefusedAndNamesWhoChangedIt(_ engine: TestEngine) async throws {
        try await TestDatabase.withStore(engine) { store in
            let company = try await TestCompany.make(store)
            let account = try await company.account("Nordbank AG", owner: company.sales)
            var draft = account.draft
            draft.name = "first"
            _ = try await store.accounts.update(account.id, draft, expectedVersion: 1, caller: try await company.caller(company.sales))
            draft.name = "second"
            await #expect(throws: StoreError.self) {
                _ = try await store.accounts.update(account.id, draft, expectedVersion: 1, caller: try await company.caller(company.admin))
            }
            do {
                _ = try await store.accounts.update(account.id, draft, expectedVersion: 1, caller: try await company.caller(company.admin))
            } catch StoreError.versionConflict(let current, let by, _) {
                #expect(current == 2)
                #expect(by == "Sales")
            }
            #expect(try await store.accounts.get(account.id, caller: try await company.caller(company.admin)).name == "first")
        }
    }

    @Test(arguments: TestEngine.allCases)
    func hierarchyRefusesCyclesAndShowsTree(_ engine: TestEngine) async throws {
        try await TestDatabase.withStore(engine) { store in
            let company = try await TestCompany.make(store)
            let admin = try await company.caller(company.admin)
            let group = try await company.account("Group", owner: company.sales)
            let hq = try await company.account("HQ", owner: company.sales, parent: group.id)
            let branch = try await company.account("Branch", owner: company.sales, parent: hq.id)
            var draft = group.draft
            draft.parentID = branch.id
            let auditBefore = try await store.database.count("audit_log")
            do {
                _ = try await store.accounts.update(group.id, draft, expectedVersion: group.version, caller: admin)
                Issue.record("a cycle was accepted")
            } catch StoreError.validation(let failure) {
                #expect(failure.issues.contains(FieldIssue(field: "parentID", code: "cycle")))
            }
            #expect(try await store.database.count("audit_log") == auditBefore)
            let tree = try await store.accounts.tree(of: branch.id, caller: admin)
            #expect(tree.map(\.name) == ["Group", "HQ", "Branch"])
            #expect(tree.map(\.depth) == [0, 1, 2])
        }
    }

    @Test(arguments: TestEngine.allCases)
    func deleteGoesToRecycleBinAndRestores(_ engine: TestEngine) async throws {
        try await TestDatabase.withStore(engine) { store in
            let company = try await TestCompany.make(store)
            let admin = try await company.caller(company.admin)
            let hq = try await company.account("HQ", owner: company.sales)
            let branch = try await company.account("Branch", owner: company.sales, parent: hq.id)
            await #expect(throws: StoreError.conflict(code: "has_branches", field: nil)) {
                try await store.accounts.delete(hq.id, expectedVersion: nil, caller: admin)
            }
            try await store.accounts.delete(branch.id, expectedVersion: branch.version, caller: admin)
            var live = AccountQuery()
            #expect(try await store.accounts.list(live, caller: admin).items.map(\.name) == ["HQ"])
            live.deleted = true
            #expect(try await store.accounts.list(live, caller: admin).items.map(\.name) == ["Branch"])
            await #expect(throws: StoreError.self) { _ = try await store.accounts.get(branch.id, caller: admin) }
            try await store.accounts.restore(branch.id, caller: admin)
            #expect(try await store.accounts.get(branch.id, caller: admin).parentID == hq.id)
        }
    }

    @Test(arguments: TestEngine.allCases)
    func movesAreRecordedWithReason(_ engine: TestEngine) async throws {
        try await TestDatabase.withStore(engine) { store in
            let company = try await TestCompany.make(store)
            let sales = try await company.caller(company.sales)
            let account = try await company.account("Hanbit", owner: company.sales)
            let moved = try await store.accounts.move(account.id, MoveRequest(field: .status, to: "candidate", reason: "big repeat buyer"),
                                                      expectedVersion: 1, caller: sales)
            #expect(moved.status == .candidate)
            #expect(moved.version == 2)
            let moves = try await store.accounts.moves(of: account.id)
            #expect(moves.count == 1)
            #expect(moves.first?.from == "none")
            #expect(moves.first?.to == "candidate")
            #expect(moves.first?.reason == "big repeat buyer")
            await #expect(throws: StoreError.self) {
                _ = try await store.accounts.move(account.id, MoveRequest(field: .status, to: "candidate", reason: ""),
                                                  expectedVersion: 2, caller: sales)
            }
        }
    }

    @Test(arguments: TestEngine.allCases)
    func listFiltersSearchesAndPagesWithinScope(_ engine: TestEngine) async throws {
        try await TestDatabase.withStore(engine) { store in
            let company = try await TestCompany.make(store)
            for i in 0..<7 { _ = try await company.account(String(format: "Alpha %02d", i), owner: company.sales) }
            _ = try await company.account("Beta Telecom", owner: company.otherSales, industry: .telecom)
            _ = try await company.account("100% Bank_x", owner: company.otherSales)
            let admin = try await company.caller(company.admin)
            var query = AccountQuery()
            query.limit = 3
            var names: [String] = []
            var pages = 0
            repeat {
                let page = try await store.accounts.list(query, caller: admin)
                names += page.items.map(\.name)
                query.cursor = page.nextCursor
                pages += 1
                #expect(page.total == 9)
            } while query.cursor != nil
            #expect(pages == 3)
            #expect(names == names.sorted { $0.lowercased() < $1.lowercased() })
            #expect(Set(names).count == 9)

            var search = AccountQuery()
            search.search = "ALPHA 0"
            #expect(try await store.accounts.list(search, caller: admin).total == 7)
            search.search = "100%"
            #expect(try await store.accounts.list(search, caller: admin).items.map(\.name) == ["100% Bank_x"])
            search.search = "0%"
            #expect(try await store.accounts.list(search, caller: admin).items.map(\.name) == ["100% Bank_x"])

            var filter = AccountQuery()
            filter.industry = .telecom
            #expect(try await store.accounts.list(filter, caller: admin).items.map(\.name) == ["Beta Telecom"])

            // A salesperson sees their own accounts; their director sees the team's; others see none of them.
            #expect(try await store.accounts.list(AccountQuery(), caller: try await company.caller(company.sales)).total == 7)
            #expect(try await store.accounts.list(AccountQuery(), caller: try await company.caller(company.director)).total == 7)
            #expect(try await store.accounts.list(AccountQuery(), caller: try await company.caller(company.otherSales)).total == 2)
            #expect(try await store.accounts.list(AccountQuery(), caller: try await company.caller(company.expert)).total == 0)
            #expect(try await store.accounts.list(AccountQuery(), caller: try await company.caller(company.readOnly)).total == 9)
        }
    }

    @Test(arguments: TestEngine.allCases)
    func customFieldsAreValidatedStoredAndFiltered(_ engine: TestEngine) async throws {
        try await TestDatabase.withStore(engine) { store in
            let company = try await TestCompany.make(store)
            let admin = try await company.caller(company.admin)
            _ = try await store.customFields.create(key: "core_system", label: "Core banking system", type: .choice,
                                                    choices: ["in-house", "vendor"], industry: .banking, required: false, caller: admin)
            await #expect(throws: StoreError.forbidden) {
                _ = try await store.customFields.create(key: "x", label: "X", type: .text, choices: [], industry: nil, required: false,
                                                        caller: try await company.caller(company.sales))
            }
            var draft = AccountDraft(name: "Bank", industry: .banking, region: .japan, size: .large, ownerID: company.sales.id,
                                     customFields: ["core_system": "mainframe"])
            let before = try await store.database.count("accounts")
            do {
                _ = try await store.accounts.create(draft, caller: admin)
                Issue.record("invalid choice accepted")
            } catch StoreError.validation(let failure) {
                #expect(failure.issues.map(\.field) == ["customFields.core_system"])
            }
            #expect(try await store.database.count("accounts") == before)
            draft.customFields = ["core_system": "vendor"]
            let bank = try await store.accounts.create(draft, caller: admin)
            #expect(try await store.accounts.get(bank.id, caller: admin).customFields == ["core_system": "vendor"])
            _ = try await company.account("Other bank", owner: company.sales)
            var query = AccountQuery()
            query.customFields = [CustomFieldFilter(key: "core_system", value: "vendor")]
            #expect(try await store.accounts.list(query, caller: admin).items.map(\.id) == [bank.id])
        }
    }
}

@Suite("Account name search")
struct AccountSearchTests {
    @Test(arguments: TestEngine.allCases)
    func searchFollowsRenamesDeletesAndShortTerms(_ engine: TestEngine) async throws {
        try await TestDatabase.withStore(engine) { store in
            let company = try await TestCompany.make(store)
            let admin = try await company.caller(company.admin)
            let bank = try await company.account("Nordbank AG", owner: company.sales)
            _ = try await company.account("華星通信集団", owner: company.sales)
            func names(_ term: String) async throws -> [String] {
                var query = AccountQuery()
                query.search = term
                return try await store.accounts.list(query, caller: admin).items.map(\.name)
            }
            #expect(try await names("RDBAN") == ["Nordbank AG"])
            #expect(try await names("通信集") == ["華星通信集団"])
            #expect(try await names("通信") == ["華星通信集団"])
            var draft = bank.draft
            draft.name = "Südbank AG"
            _ = try await store.accounts.update(bank.id, draft, expectedVersion: 1, caller: admin)
            #expect(try await names("nordbank") == [])
            #expect(try await names("südbank") == ["Südbank AG"])
            // Two characters come from the bigram index, which follows renames as well.
            #expect(try await names("nd") == [])
            #expect(try await names("üd") == ["Südbank AG"])
            #expect(try await names("星通") == ["華星通信集団"])
            #expect(try await names("信華") == [])
            #expect(try await names("g") == ["Südbank AG"])
            try await store.accounts.delete(bank.id, expectedVersion: nil, caller: admin)
            #expect(try await names("bank") == [])
            #expect(try await names("üd") == [])
        }
    }

    /// Every two-character term answers exactly what a substring scan answers, for accounts made by
    /// the bulk loader and by the migration's backfill alike, also for terms too common to sort.
    @Test(arguments: TestEngine.allCases)
    func twoCharacterSearchMatchesASubstringScan(_ engine: TestEngine) async throws {
        try await TestDatabase.withStore(engine) { store in
            let generator = DemoGenerator(seed: 11)
            let loader = DemoLoader(store: store)
            let ids = try await loader.loadUsers(generator, passwordHash: "x")
            _ = try await loader.load(generator, accounts: 1_300, perAccount: 1, userIDs: ids,
                                      today: CalendarDate(year: 2026, month: 11, day: 23))
            let admin = try await store.users.caller(for: try await store.users.find(username: "admin")!.user)
            let grams = try await store.database.read { db in
                try await db.raw("""
                    SELECT gram, count(*) AS n FROM account_name_grams WHERE gram NOT LIKE '% %' GROUP BY gram
                    ORDER BY count(*) DESC, gram LIMIT 3
                    """).all().map { (try $0.decode(column: "gram", as: String.self), try $0.decode(column: "n", as: Int.self)) }
            }
            let rare = try await store.database.read { db in
                try await db.raw("""
                    SELECT gram FROM account_name_grams WHERE gram NOT LIKE '% %' GROUP BY gram HAVING count(*) = 1 ORDER BY gram LIMIT 3
                    """)
                    .all().map { try $0.decode(column: "gram", as: String.self) }
            }
            #expect(!rare.isEmpty)
            // The most common term matches more accounts than a search counts, so the list takes the other path.
            let cap = 100
            #expect((grams.first?.1 ?? 0) > cap)
            let position = engine == .sqlite ? "instr" : "strpos"
            for gram in grams.map(\.0) + rare + ["銀行", "zz"] {
                var query = AccountQuery()
                query.search = gram
                query.limit = 20
                query.searchCountCap = cap
                let page = try await store.accounts.list(query, caller: admin)
                let literal = "'" + gram.replacingOccurrences(of: "'", with: "''") + "'"
                let expected = try await store.database.read { db in
                    try await db.raw(SQLQueryString("""
                        SELECT name FROM accounts WHERE deleted_at IS NULL AND \(position)(name_search, \(literal)) > 0
                        ORDER BY name_search, id LIMIT 20
                        """)).all().map { try $0.decode(column: "name", as: String.self) }
                }
                #expect(page.items.map(\.name) == expected, "\(gram)")
            }
        }
    }
}

@Suite("Scoped lists in both forms")
struct ScopeFormTests {
    /// Walking the name index and testing each account (many visible accounts) must list exactly
    /// what driving from the owner and team indexes lists (few), with search, sorting and paging.
    @Test(arguments: TestEngine.allCases)
    func probingAndDrivingAgree(_ engine: TestEngine) async throws {
        try await TestDatabase.withStore(engine) { store in
            let generator = DemoGenerator(seed: 3)
            let loader = DemoLoader(store: store)
            let ids = try await loader.loadUsers(generator, passwordHash: "x")
            _ = try await loader.load(generator, accounts: 600, perAccount: 1, userIDs: ids, today: store.today())
            let admin = try await store.users.caller(for: try await store.users.find(username: "admin")!.user)
            // A team membership outside the director's own people: visible through the team only.
            let director = try #require(try await store.users.find(username: "schmidt")).user
            var tanakas = AccountQuery()
            tanakas.ownerID = try #require(try await store.users.find(username: "tanaka")).user.id
            let outside = try #require(try await store.accounts.list(tanakas, caller: admin).items.first)
            _ = try await store.teams.add(to: outside.id, TeamMemberDraft(userID: director.id, role: .executiveSponsor, access: .read,
                                                                          from: store.today()), caller: admin)
            let caller = try await store.users.caller(for: director)
            for (search, sort) in [(nil, AccountSort.name), ("ba", .name), ("bank", .updatedDescending), (nil, .nameDescending)] {
                func pages(dense: Bool) async throws -> ([AccountID], Int) {
                    var query = AccountQuery()
                    query.search = search
                    query.sort = sort
                    query.limit = 40
                    query.denseScopeLimit = dense ? 0 : 1_000_000
                    var ids: [AccountID] = []
                    var total = 0
                    repeat {
                        let page = try await store.accounts.list(query, caller: caller)
                        ids += page.items.map(\.id)
                        total = page.total
                        query.cursor = page.nextCursor
                    } while query.cursor != nil
                    return (ids, total)
                }
                let driving = try await pages(dense: false)
                let probing = try await pages(dense: true)
                #expect(driving.0 == probing.0, "\(search ?? "-") \(sort)")
                #expect(driving.1 == probing.1 && driving.1 == driving.0.count)
                if search == nil { #expect(driving.0.contains(outside.id) && driving.0.count > 40) }
            }
            // The owner filter offers the director's people and the owner of what the team reaches.
            let offered = Set(try await store.users.ownerChoices(visibleTo: caller).map(\.id))
            guard case .tiedTo(let people) = caller.policy.readScope else { Issue.record("a director's scope is tied to people"); return }
            #expect(offered == people.union([outside.ownerID]))
        }
    }
}
