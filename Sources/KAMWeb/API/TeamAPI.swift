import Foundation
import Hummingbird
import KAMCore
import KAMStore

extension APIHandlers {
    func listTeam(_ request: Request, _ context: AppContext) async throws -> Response {
        let members = try await store.teams.list(account: try APISupport.id(context), caller: try context.requireCaller())
        return try APISupport.json(ListResponse(items: members, nextCursor: nil, total: members.count, totalIsLowerBound: false))
    }

    func addTeamMember(_ request: Request, _ context: AppContext) async throws -> Response {
        let caller = try context.requireCaller()
        let accountID = try APISupport.id(context)
        let base = TeamMemberDraft(userID: 0, role: .salesperson, access: .read, from: store.today())
        let input = Inputs.teamMember(try await APISupport.readJSON(request, context), fromForm: false, base: base, creating: true)
        let member = try await store.teams.add(to: accountID, input.value, caller: caller, inputIssues: input.issues)
        return try APISupport.json(member, status: .created, version: member.version, location: "/api/v1/team-members/\(member.id)")
    }

    func getTeamMember(_ request: Request, _ context: AppContext) async throws -> Response {
        let member = try await store.teams.get(try APISupport.id(context), caller: try context.requireCaller())
        return try APISupport.json(member, version: member.version)
    }

    func updateTeamMember(_ request: Request, _ context: AppContext) async throws -> Response {
        let caller = try context.requireCaller()
        let id = try APISupport.id(context)
        let version = try APISupport.ifMatch(request) ?? 0
        let current = try await store.teams.get(id, caller: caller)
        let input = Inputs.teamMember(try await APISupport.readJSON(request, context), fromForm: false, base: current.draft, creating: false)
        let member = try await store.teams.update(id, input.value, expectedVersion: version, caller: caller, inputIssues: input.issues)
        return try APISupport.json(member, version: member.version)
    }

    func removeTeamMember(_ request: Request, _ context: AppContext) async throws -> Response {
        let caller = try context.requireCaller()
        try await store.teams.remove(try APISupport.id(context), expectedVersion: try APISupport.ifMatch(request) ?? 0, caller: caller)
        return APISupport.noContent()
    }

    /// Key accounts and candidates with an incomplete iron triangle, as the caller may see them.
    func ironTriangleReport(_ request: Request, _ context: AppContext) async throws -> Response {
        let gaps = try await store.teams.triangleGaps(caller: try context.requireCaller())
        return try APISupport.json(ListResponse(items: gaps, nextCursor: nil, total: gaps.count, totalIsLowerBound: false))
    }
}
