import Foundation
import KAMCore

extension DemoLoader {
    /// The demo's organisation: expert entries, sales teams, an applied territory model (which
    /// covers the accounts) and a pending expert request. Small by design: the standard demo only.
    public func loadOrganisation(_ generator: DemoGenerator, userIDs: [String: UserID]) async throws {
        let store = KAMStore(database: database, now: now)
        let spec = generator.organisation()
        let system = Caller.system
        for (username, profile) in spec.experts {
            guard let id = userIDs[username] else { continue }
            _ = try await store.experts.saveProfile(id, profile, expectedVersion: nil, caller: system)
        }
        var teamIDs: [String: SalesTeamID] = [:]
        for team in spec.teams {
            let draft = SalesTeamDraft(name: team.name, leaderID: userIDs[team.leader], memberIDs: team.members.compactMap { userIDs[$0] })
            teamIDs[team.name] = try await store.salesTeams.create(draft, caller: system).id
        }
        let model = try await store.territories.createModel(name: spec.modelName, copyFrom: nil, caller: system)
        var territoryIDs: [String: TerritoryID] = [:]
        for territory in spec.territories {
            let draft = TerritoryDraft(parentID: territory.parent.flatMap { territoryIDs[$0] }, name: territory.name, line: territory.line,
                                       rule: territory.rule, userID: territory.user.flatMap { userIDs[$0] },
                                       salesTeamID: territory.team.flatMap { teamIDs[$0] })
            territoryIDs[territory.name] = try await store.territories.addTerritory(to: model.id, draft, caller: system).id
        }
        let current = try await store.territories.model(model.id, caller: system)
        _ = try await store.territories.apply(model.id, expectedVersion: current.version, caller: system)
        for request in spec.pendingRequests {
            guard let ownerID = userIDs[request.owner], let expertID = userIDs[request.expert],
                  let owner = try await store.users.find(id: ownerID) else { continue }
            var query = AccountQuery()
            query.ownerID = ownerID
            query.limit = 1
            let caller = try await store.users.caller(for: owner)
            guard let account = try await store.accounts.list(query, caller: caller).items.first else { continue }
            _ = try await store.experts.request(on: account.id, ExpertRequestDraft(expertID: expertID, hoursPerQuarter: request.hours,
                                                                                  note: "Network modernisation workshop"), caller: caller)
            _ = try await store.presales.create(on: account.id, PresalesDraft(kind: .demo, note: "Executive briefing demo"), caller: caller)
        }
    }
}
