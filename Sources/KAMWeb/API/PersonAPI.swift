import Foundation
import Hummingbird
import KAMCore
import KAMStore

extension APIHandlers {
    func listPersons(_ request: Request, _ context: AppContext) async throws -> Response {
        var issues: [FieldIssue] = []
        var query = PersonQuery()
        query.search = APISupport.query(request, "q")
        query.accountID = APISupport.intParameter(request, "account", &issues)
        query.deleted = APISupport.flagParameter(request, "deleted", &issues)
        query.limit = APISupport.limitParameter(request, in: 1...500, absent: query.limit, &issues)
        if let cursor = APISupport.query(request, "cursor") {
            if let value = PageCursor(token: cursor) { query.cursor = value } else { issues.append(FieldIssue(field: "cursor", code: "invalid_cursor")) }
        }
        if !issues.isEmpty { throw AppError.invalid(issues) }
        let page = try await store.persons.list(query, caller: try context.requireCaller())
        return try APISupport.json(ListResponse(items: page.items, nextCursor: page.nextCursor?.token, total: page.total,
                                                totalIsLowerBound: page.countIsCapped))
    }

    func createPerson(_ request: Request, _ context: AppContext) async throws -> Response {
        let caller = try context.requireCaller()
        let base = KeyPersonDraft(name: PersonName(family: "", given: ""))
        let input = Inputs.person(try await APISupport.readJSON(request, context), fromForm: false, base: base)
        let (draft, portrait) = input.value
        let person = try await store.persons.create(draft, portrait: portrait, caller: caller, inputIssues: input.issues)
        return try APISupport.json(person, status: .created, version: person.version, location: "/api/v1/key-persons/\(person.id)")
    }

    func getPerson(_ request: Request, _ context: AppContext) async throws -> Response {
        let found = try await store.persons.get(try APISupport.id(context), caller: try context.requireCaller())
        return try APISupport.json(found.person, version: found.person.version)
    }

    func updatePerson(_ request: Request, _ context: AppContext) async throws -> Response {
        let caller = try context.requireCaller()
        let id = try APISupport.id(context)
        let version = try APISupport.ifMatch(request) ?? 0
        let current = try await store.persons.get(id, caller: caller)
        let input = Inputs.person(try await APISupport.readJSON(request, context), fromForm: false, base: current.person.draft)
        let (draft, portrait) = input.value
        let issues = input.issues + (portrait != nil ? [FieldIssue(field: "portrait", code: "use_portrait_endpoint")] : [])
        let person = try await store.persons.update(id, draft, expectedVersion: version, caller: caller, inputIssues: issues)
        return try APISupport.json(person, version: person.version)
    }

    func deletePerson(_ request: Request, _ context: AppContext) async throws -> Response {
        try await store.persons.delete(try APISupport.id(context), expectedVersion: try APISupport.ifMatch(request),
                                       caller: try context.requireCaller())
        return APISupport.noContent()
    }

    func restorePerson(_ request: Request, _ context: AppContext) async throws -> Response {
        let caller = try context.requireCaller()
        let id = try APISupport.id(context)
        try await store.persons.restore(id, caller: caller)
        let found = try await store.persons.get(id, caller: caller)
        return try APISupport.json(found.person, version: found.person.version)
    }

    func assessPortrait(_ request: Request, _ context: AppContext) async throws -> Response {
        let caller = try context.requireCaller()
        let version = try APISupport.ifMatch(request) ?? 0
        let input = try Inputs.portrait(try await APISupport.readJSON(request, context), fromForm: false)
        let person = try await store.persons.assessPortrait(try APISupport.id(context), input, expectedVersion: version, caller: caller)
        return try APISupport.json(person, version: person.version)
    }

    func portraitHistory(_ request: Request, _ context: AppContext) async throws -> Response {
        let found = try await store.persons.get(try APISupport.id(context), caller: try context.requireCaller())
        return try APISupport.json(ListResponse(items: try await store.persons.portraitHistory(of: found.person.id), nextCursor: nil,
                                                total: nil, totalIsLowerBound: nil))
    }

    /// `{"personID": ID}`: the real person found for a placeholder takes its place.
    func replacePlaceholder(_ request: Request, _ context: AppContext) async throws -> Response {
        let caller = try context.requireCaller()
        let version = try APISupport.ifMatch(request) ?? 0
        var r = InputReader(try await APISupport.readJSON(request, context), fromForm: false)
        r.rejectUnknown(except: ["personID"])
        let person = r.int("personID").value
        if person == nil, !r.issues.contains(where: { $0.field == "personID" }) { r.issues.append(FieldIssue(field: "personID", code: "required")) }
        if !r.issues.isEmpty { throw AppError.invalid(r.issues) }
        let result = try await store.persons.replacePlaceholder(try APISupport.id(context), with: person ?? 0, expectedVersion: version,
                                                                caller: caller)
        return try APISupport.json(result)
    }
}
