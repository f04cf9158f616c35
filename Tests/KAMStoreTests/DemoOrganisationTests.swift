import Foundation
import KAMCore
import KAMTestSupport
import Testing
@testable import KAMStore

@Suite("Demo organisation")
struct DemoOrganisationTests {
    @Test(arguments: TestEngine.allCases)
    func theStandardDemoCoversEveryAccountRegionallyAndLeavesARequestPending(_ engine: TestEngine) async throws {
        try await TestDatabase.withStore(engine) { store in
            let generator = DemoGenerator()
            let loader = DemoLoader(store: store)
            let ids = try await loader.loadUsers(generator, passwordHash: "unused")
            _ = try await loader.load(generator, accounts: DemoGenerator.standardAccountCount,
                                      perAccount: DemoGenerator.standardPeoplePerAccount, userIDs: ids, today: store.today())
            try await loader.loadOrganisation(generator, userIDs: ids)

            let admin = try await store.users.caller(for: try #require(try await store.users.find(id: ids["admin"] ?? 0)))
            let matrix = try await store.coverage.matrix(caller: admin, limit: 1000)
            #expect(matrix.rows.count == DemoGenerator.standardAccountCount)
            #expect(matrix.rows.allSatisfy { $0.cells[0].state == .covered })
            let models = try await store.territories.models(caller: admin)
            #expect(models.map(\.state) == [.active])
            #expect(try await store.territories.preview(models[0].id, caller: admin).isEmpty)
            let executive = try await store.users.caller(for: try #require(try await store.users.find(id: ids["yamamoto"] ?? 0)))
            #expect(try await store.experts.requests(.awaitingMe, caller: executive).map(\.expertName) == ["Sofía García"])
            #expect(try await store.experts.search(ExpertSearch(skills: ["demo"])).map(\.profile.name) == ["박서연"])
            // A salesperson in Japan sees the Japanese accounts through the Japan territory only if
            // they cover them; the key account manager covering Japan sees every Japanese account.
            let tanaka = try await store.users.caller(for: try #require(try await store.users.find(id: ids["tanaka"] ?? 0)))
            var japan = AccountQuery()
            japan.region = .japan
            japan.limit = 200
            let visible = try await store.accounts.list(japan, caller: tanaka).items.count
            let all = try await store.accounts.list(japan, caller: admin).items.count
            #expect(visible == all && all > 0)

            // Every account with people gets its relationship map; loading is deterministic.
            try await loader.loadRelationshipMaps(generator)
            let first = try await store.accounts.list(AccountQuery(), caller: admin).items[0]
            let map = try await store.connections.map(account: first.id, caller: admin)
            #expect(!map.connections.isEmpty)
            #expect(map.connections.allSatisfy { (1...5).contains($0.strength) && $0.fromPersonID != $0.toPersonID })
            #expect(map.analytics.influenceRanking().count == map.people.count)
            let stored = try await store.database.count("person_connections")
            #expect(stored >= 2 * DemoGenerator.standardAccountCount)
            let again = generator.influences(accountIndex: 0, people: [1, 2, 3, 4, 5, 6], managers: [2: 1, 3: 1])
            #expect(again == generator.influences(accountIndex: 0, people: [1, 2, 3, 4, 5, 6], managers: [2: 1, 3: 1]))
            #expect(!again.isEmpty)

            // Our side, partners and placeholders make the demo maps say something: every owned
            // account's map has the owner's own entry, whose best path reaches the account's people.
            let kinds = try await store.database.read { db in
                try await db.raw("SELECT kind, placeholder, count(*) AS n FROM key_persons GROUP BY kind, placeholder ORDER BY kind, placeholder")
                    .all().map { "\(try $0.decode(column: "kind", as: String.self))/\(try $0.decode(column: "placeholder", as: Int.self))" }
            }
            #expect(Set(kinds).isSuperset(of: ["colleague/0", "partner/0", "contact/1", "contact/0"]))
            var reached = 0
            for account in try await store.accounts.list(AccountQuery(), caller: admin).items.prefix(8) {
                let map = try await store.connections.map(account: account.id, caller: admin)
                let ours = map.people.filter { $0.affiliation == .ourSide }
                #expect(!ours.isEmpty, Comment(rawValue: "no one of ours on \(account.name)'s map"))
                let inside = map.people.filter { $0.affiliation == .account && !$0.isPlaceholder }
                if let target = inside.last, try map.analytics.bestPath(to: target.id) != nil { reached += 1 }
            }
            #expect(reached > 0)

            // Open deals have decision chains; some bend the org chart for the deal alone.
            let bent = try await store.database.read { db in
                try await db.raw("SELECT opportunity_id FROM person_connections WHERE kind = 'reporting' ORDER BY id")
                    .all().map { try $0.decode(column: "opportunity_id", as: Int64.self) }
            }
            #expect(!bent.isEmpty)
            let deal = try await store.decisionChains.map(opportunity: try #require(bent.first), caller: admin)
            #expect(deal.chain.entries.contains { $0.role == .decisionMaker })
            let accountMap = try await store.connections.map(account: deal.chain.accountID, caller: admin)
            #expect(Set(deal.map.reportingLines) != Set(accountMap.reportingLines))
        }
    }
}
