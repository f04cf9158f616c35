import Foundation
import Hummingbird
import KAMCore
import KAMStore

extension APIHandlers {
    func getUser(_ request: Request, _ context: AppContext) async throws -> Response {
        _ = try context.requireCaller()
        guard let user = try await store.users.find(id: try APISupport.id(context)) else { throw AppError.notFound }
        return try APISupport.json(user, version: user.version)
    }

    /// A new user as typed (API body or admin form); every problem is reported at once.
    struct NewUser: Sendable {
        var username: String, displayName: String, password: String, email: String?, role: Role, managerID: UserID?, timeZone: String
    }

    static func newUser(_ value: JSONValue, fromForm: Bool) throws -> NewUser {
        var r = InputReader(value, fromForm: fromForm)
        r.rejectUnknown(except: ["username", "displayName", "password", "email", "role", "managerID", "timeZone"])
        let username = r.string("username").value ?? ""
        let displayName = r.string("displayName").value ?? ""
        let password = r.string("password").value ?? ""
        let email = r.string("email").value
        let role = r.vocabulary("role", Role.self).value
        if role == nil, !r.issues.contains(where: { $0.field == "role" }) { r.issues.append(FieldIssue(field: "role", code: "required")) }
        let managerID = r.int("managerID").value
        let timeZone = r.string("timeZone").value ?? "UTC"
        var v = Validator(known: r.issues)
        do { try User.validateNew(username: username, displayName: displayName, password: password, email: email, timeZone: timeZone) } catch {
            for issue in error.issues { v.add(issue.field, issue.code, issue.detail) }
        }
        do { try v.check() } catch { throw AppError.invalid(error.issues) }
        return NewUser(username: username, displayName: displayName, password: password, email: email, role: role ?? .readOnly,
                       managerID: managerID, timeZone: timeZone)
    }

    /// Administrators create users with a first password (bcrypt-hashed here; the store never sees it).
    func createUser(_ request: Request, _ context: AppContext) async throws -> Response {
        let caller = try context.requireCaller()
        guard caller.policy.isAdministrator else { throw AppError.forbidden }
        let user = try await Self.create(Self.newUser(try await APISupport.readJSON(request, context), fromForm: false), store: store, caller: caller)
        return try APISupport.json(user, status: .created, version: user.version, location: "/api/v1/users/\(user.id)")
    }

    static func create(_ new: NewUser, store: KAMStore, caller: Caller) async throws -> User {
        try await store.users.create(username: new.username, displayName: new.displayName, email: new.email, role: new.role,
                                     managerID: new.managerID, locale: nil, timeZone: new.timeZone,
                                     passwordHash: PasswordHashing.hash(new.password), caller: caller)
    }

    func updateUser(_ request: Request, _ context: AppContext) async throws -> Response {
        let caller = try context.requireCaller()
        guard caller.policy.isAdministrator else { throw AppError.forbidden }
        let id = try APISupport.id(context)
        let version = try APISupport.ifMatch(request) ?? 0
        guard let current = try await store.users.find(id: id) else { throw AppError.notFound }
        let input = Inputs.userChange(try await APISupport.readJSON(request, context), fromForm: false, base: UserChange(current))
        let user = try await store.users.update(id, input.value, expectedVersion: version, caller: caller, inputIssues: input.issues)
        return try APISupport.json(user, version: user.version)
    }
}
