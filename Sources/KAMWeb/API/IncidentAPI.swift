import Foundation
import Hummingbird
import KAMCore
import KAMStore

/// Incidents and complaints: the stable stage's work.
extension APIHandlers {
    func listIncidents(_ request: Request, _ context: AppContext) async throws -> Response {
        try APISupport.json(ListResponse(items: try await store.incidents.list(of: try APISupport.id(context), caller: try context.requireCaller())))
    }

    func openIncident(_ request: Request, _ context: AppContext) async throws -> Response {
        let input = Inputs.incident(try await APISupport.readJSON(request, context), fromForm: false, base: nil)
        let made = try await store.incidents.open(at: try APISupport.id(context), input.value, caller: try context.requireCaller(), inputIssues: input.issues)
        return try APISupport.json(made, status: .created, version: made.version, location: "/api/v1/incidents/\(made.id)")
    }

    func getIncident(_ request: Request, _ context: AppContext) async throws -> Response {
        let found = try await store.incidents.get(try APISupport.id(context), caller: try context.requireCaller())
        return try APISupport.json(found, version: found.version)
    }

    func updateIncident(_ request: Request, _ context: AppContext) async throws -> Response {
        let caller = try context.requireCaller()
        let id = try APISupport.id(context)
        let version = try APISupport.ifMatch(request) ?? 0
        let current = try await store.incidents.get(id, caller: caller)
        let input = Inputs.incident(try await APISupport.readJSON(request, context), fromForm: false, base: current.draft)
        let updated = try await store.incidents.update(id, input.value, expectedVersion: version, caller: caller, inputIssues: input.issues)
        return try APISupport.json(updated, version: updated.version)
    }

    func addIncidentEvent(_ request: Request, _ context: AppContext) async throws -> Response {
        var r = InputReader(try await APISupport.readJSON(request, context), fromForm: false)
        r.rejectUnknown(except: ["note"])
        let note = r.string("note").or("")
        if !r.issues.isEmpty { throw StoreError.validation(ValidationFailure(r.issues)) }
        let updated = try await store.incidents.addEvent(try APISupport.id(context), note: note, caller: try context.requireCaller())
        return try APISupport.json(updated, status: .created, version: updated.version)
    }

    func listComplaints(_ request: Request, _ context: AppContext) async throws -> Response {
        try APISupport.json(ListResponse(items: try await store.complaints.list(of: try APISupport.id(context), caller: try context.requireCaller())))
    }

    func receiveComplaint(_ request: Request, _ context: AppContext) async throws -> Response {
        let input = Inputs.complaint(try await APISupport.readJSON(request, context), fromForm: false, base: nil)
        let made = try await store.complaints.receive(at: try APISupport.id(context), input.value, caller: try context.requireCaller(),
                                                      inputIssues: input.issues)
        return try APISupport.json(made, status: .created, version: made.version, location: "/api/v1/complaints/\(made.id)")
    }

    func getComplaint(_ request: Request, _ context: AppContext) async throws -> Response {
        let found = try await store.complaints.get(try APISupport.id(context), caller: try context.requireCaller())
        return try APISupport.json(found, version: found.version)
    }

    func updateComplaint(_ request: Request, _ context: AppContext) async throws -> Response {
        let caller = try context.requireCaller()
        let id = try APISupport.id(context)
        let version = try APISupport.ifMatch(request) ?? 0
        let current = try await store.complaints.get(id, caller: caller)
        let input = Inputs.complaint(try await APISupport.readJSON(request, context), fromForm: false, base: current.draft)
        let updated = try await store.complaints.update(id, input.value, expectedVersion: version, caller: caller, inputIssues: input.issues)
        return try APISupport.json(updated, version: updated.version)
    }
}
