import Foundation
import KAMCore
import KAMStore
import KAMTestSupport
import Testing

@Suite("Account teams and the access they grant, on both engines")
struct AccountTeamStoreTests {
    @Test(arguments: TestEngine.allCases)
    func teamMembershipGrantsReadOrEditAndEndsOnItsDate(_ engine: TestEngine) async throws {
        try await TestDatabase.withStore(engine) { store in
            let c = try await TestCompany.make(store)
            let account = try await c.account("Team Bank", owner: c.otherSales)
            let today = store.today()
            let asExpert = try await c.caller(c.expert)
            let asOwner = try await c.caller(c.otherSales)
            let asDirector = try await c.caller(c.director)

            // Not on the team: invisible in the list, the search and by id.
            #expect(try await store.accounts.list(AccountQuery(), caller: asExpert).items.isEmpty)
            await #expect(throws: StoreError.notFound(entity: "account", id: account.id)) {
                _ = try await store.accounts.get(account.id, caller: asExpert)
            }

            // Read access: visible, not editable.
            let member = try await store.teams.add(to: account.id, TeamMemberDraft(userID: c.expert.id, role: .expert, access: .read, from: today),
                                                   caller: asOwner)
            var search = AccountQuery()
            search.search = "team b"
            #expect(try await store.accounts.list(search, caller: asExpert).items.map(\.id) == [account.id])
            let seen = try await store.accounts.get(account.id, caller: asExpert)
            #expect(seen.team[c.expert.id] == .read)
            await #expect(throws: StoreError.forbidden) {
                _ = try await store.accounts.update(account.id, seen.draft, expectedVersion: seen.version, caller: asExpert)
            }
            // A team member with read access cannot change the team either.
            await #expect(throws: StoreError.forbidden) {
                _ = try await store.teams.add(to: account.id, TeamMemberDraft(userID: c.sales.id, role: .salesperson, access: .edit, from: today),
                                              caller: asExpert)
            }

            // Edit access: the expert may now change the account.
            let upgraded = try await store.teams.update(member.id, TeamMemberDraft(userID: c.expert.id, role: .expert, access: .edit, from: today),
                                                        expectedVersion: member.version, caller: asOwner)
            #expect(upgraded.version == member.version + 1)
            var draft = seen.draft
            draft.description = "edited by the expert"
            _ = try await store.accounts.update(account.id, draft, expectedVersion: seen.version, caller: asExpert)

            // A stale version is refused and names who changed it.
            await #expect(throws: StoreError.self) {
                _ = try await store.teams.update(member.id, TeamMemberDraft(userID: c.expert.id, role: .expert, access: .read, from: today),
                                                 expectedVersion: member.version, caller: asOwner)
            }

            // The director above nobody on this team does not see it; once their salesperson joins, they do.
            #expect(try await store.accounts.list(AccountQuery(), caller: asDirector).items.isEmpty)
            _ = try await store.teams.add(to: account.id, TeamMemberDraft(userID: c.sales.id, role: .salesperson, access: .read, from: today),
                                          caller: asOwner)
            #expect(try await store.accounts.list(AccountQuery(), caller: asDirector).items.map(\.id) == [account.id])
            #expect(try await store.accounts.get(account.id, caller: asDirector).team.count == 2)

            // Ending the membership today removes the access today.
            let ended = try await store.teams.update(member.id, TeamMemberDraft(userID: c.expert.id, role: .expert, access: .edit, from: today, to: today),
                                                     expectedVersion: upgraded.version, caller: asOwner)
            #expect(ended.to == today)
            #expect(try await store.accounts.list(AccountQuery(), caller: asExpert).items.isEmpty)
            #expect(try await store.teams.list(account: account.id, caller: asOwner).count == 2)

            // Every change is in the account's history.
            let history = try await store.accounts.history(of: account, caller: asOwner)
            #expect(history.filter { $0.entity == "account_team_member" }.count == 4)
        }
    }

    @Test(arguments: TestEngine.allCases)
    func badMembershipsAreRefusedWithEveryFieldAndWriteNothing(_ engine: TestEngine) async throws {
        try await TestDatabase.withStore(engine) { store in
            let c = try await TestCompany.make(store)
            let account = try await c.account("Refusals", owner: c.otherSales)
            let asOwner = try await c.caller(c.otherSales)
            let today = store.today()
            try await store.database.execute("UPDATE users SET active = 0 WHERE id = \(c.readOnly.id)")

            func issues(_ draft: TeamMemberDraft) async -> [String] {
                do {
                    _ = try await store.teams.add(to: account.id, draft, caller: asOwner)
                    return []
                } catch StoreError.validation(let failure) {
                    return failure.issues.map { "\($0.field):\($0.code)" }.sorted()
                } catch {
                    return ["unexpected: \(error)"]
                }
            }
            let yesterday = CalendarDate(year: today.year - 1, month: 1, day: 1)
            #expect(await issues(TeamMemberDraft(userID: c.readOnly.id, role: .expert, access: .read, from: today, to: yesterday))
                    == ["to:before_start", "userID:unknown_user"])
            #expect(await issues(TeamMemberDraft(userID: 9999, role: .expert, access: .read, from: today)) == ["userID:unknown_user"])
            #expect(await issues(TeamMemberDraft(userID: c.otherSales.id, role: .expert, access: .read, from: today)) == ["userID:already_owner"])
            _ = try await store.teams.add(to: account.id, TeamMemberDraft(userID: c.expert.id, role: .expert, access: .read, from: today),
                                          caller: asOwner)
            #expect(await issues(TeamMemberDraft(userID: c.expert.id, role: .presales, access: .edit, from: today)) == ["userID:already_member"])
            #expect(try await store.database.count("account_team_members") == 1)
        }
    }
}
