import Foundation
import Hummingbird
import KAMCore
import KAMStore

/// The strengthening stage's record: mutual purchasing, consulting engagements, governance seats.
extension APIHandlers {
    func accountStrengthening(_ request: Request, _ context: AppContext) async throws -> Response {
        try APISupport.json(try await store.strengthening.overview(of: try APISupport.id(context), caller: try context.requireCaller()))
    }

    func addMutualPurchase(_ request: Request, _ context: AppContext) async throws -> Response {
        let input = Inputs.mutualPurchase(try await APISupport.readJSON(request, context), fromForm: false, base: nil)
        let made = try await store.strengthening.addPurchase(at: try APISupport.id(context), input.value, caller: try context.requireCaller(),
                                                             inputIssues: input.issues)
        return try APISupport.json(made, status: .created, version: made.version, location: "/api/v1/mutual-purchases/\(made.id)")
    }

    func getMutualPurchase(_ request: Request, _ context: AppContext) async throws -> Response {
        let found = try await store.strengthening.purchase(try APISupport.id(context), caller: try context.requireCaller())
        return try APISupport.json(found, version: found.version)
    }

    func updateMutualPurchase(_ request: Request, _ context: AppContext) async throws -> Response {
        let caller = try context.requireCaller()
        let id = try APISupport.id(context)
        let version = try APISupport.ifMatch(request) ?? 0
        let current = try await store.strengthening.purchase(id, caller: caller)
        let input = Inputs.mutualPurchase(try await APISupport.readJSON(request, context), fromForm: false, base: current.draft)
        let updated = try await store.strengthening.updatePurchase(id, input.value, expectedVersion: version, caller: caller, inputIssues: input.issues)
        return try APISupport.json(updated, version: updated.version)
    }

    func addEngagement(_ request: Request, _ context: AppContext) async throws -> Response {
        let input = Inputs.engagement(try await APISupport.readJSON(request, context), fromForm: false, base: nil)
        let made = try await store.strengthening.addEngagement(at: try APISupport.id(context), input.value, caller: try context.requireCaller(),
                                                               inputIssues: input.issues)
        return try APISupport.json(made, status: .created, version: made.version, location: "/api/v1/consulting-engagements/\(made.id)")
    }

    func getEngagement(_ request: Request, _ context: AppContext) async throws -> Response {
        let found = try await store.strengthening.engagement(try APISupport.id(context), caller: try context.requireCaller())
        return try APISupport.json(found, version: found.version)
    }

    func updateEngagement(_ request: Request, _ context: AppContext) async throws -> Response {
        let caller = try context.requireCaller()
        let id = try APISupport.id(context)
        let version = try APISupport.ifMatch(request) ?? 0
        let current = try await store.strengthening.engagement(id, caller: caller)
        let input = Inputs.engagement(try await APISupport.readJSON(request, context), fromForm: false, base: current.draft)
        let updated = try await store.strengthening.updateEngagement(id, input.value, expectedVersion: version, caller: caller, inputIssues: input.issues)
        return try APISupport.json(updated, version: updated.version)
    }

    func addSeat(_ request: Request, _ context: AppContext) async throws -> Response {
        let input = Inputs.seat(try await APISupport.readJSON(request, context), fromForm: false, base: nil)
        let made = try await store.strengthening.addSeat(at: try APISupport.id(context), input.value, caller: try context.requireCaller(),
                                                         inputIssues: input.issues)
        return try APISupport.json(made, status: .created, version: made.version, location: "/api/v1/governance-seats/\(made.id)")
    }

    func getSeat(_ request: Request, _ context: AppContext) async throws -> Response {
        let found = try await store.strengthening.seat(try APISupport.id(context), caller: try context.requireCaller())
        return try APISupport.json(found, version: found.version)
    }

    func updateSeat(_ request: Request, _ context: AppContext) async throws -> Response {
        let caller = try context.requireCaller()
        let id = try APISupport.id(context)
        let version = try APISupport.ifMatch(request) ?? 0
        let current = try await store.strengthening.seat(id, caller: caller)
        let input = Inputs.seat(try await APISupport.readJSON(request, context), fromForm: false, base: current.draft)
        let updated = try await store.strengthening.updateSeat(id, input.value, expectedVersion: version, caller: caller, inputIssues: input.issues)
        return try APISupport.json(updated, version: updated.version)
    }
}
