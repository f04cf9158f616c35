import Foundation
import HTTPTypes
import Hummingbird
import KAMCore
import KAMStore

/// Signing in and out, shared by the API and the login page.
struct Authenticator: Sendable {
    let store: KAMStore
    let configuration: WebConfiguration

    enum Outcome {
        case signedIn(user: User, token: String, csrfToken: String)
        case rejected
    }

    /// Checks the password under the rate limit; too many failures per user or per address
    /// within the window answer 429 without checking the password at all.
    func signIn(username: String, password: String, clientAddress: String) async throws -> Outcome {
        guard let attempt = try await store.sessions.beginAttempt(
            username: username, ip: clientAddress, window: configuration.failedLoginWindow,
            limitPerUser: configuration.failedLoginLimitPerUser, limitPerIP: configuration.failedLoginLimitPerIP)
        else {
            throw AppError.tooManyAttempts(retryAfterSeconds: Int(configuration.failedLoginWindow))
        }
        let found = try await store.users.find(username: username)
        let hash = found?.passwordHash ?? Security.decoyHash
        let valid = Security.verifyPassword(password, hash: hash) && found?.user.active == true
        guard valid, let user = found?.user else { return .rejected }
        try await store.sessions.markSucceeded(attempt: attempt)
        let token = Security.randomToken(), csrf = Security.randomToken()
        try await store.sessions.create(tokenHash: Security.tokenHash(token), userID: user.id, csrfToken: csrf,
                                        lifetime: configuration.sessionLifetime)
        return .signedIn(user: user, token: token, csrfToken: csrf)
    }

    func sessionCookie(_ token: String) -> Cookie {
        Cookie(name: SessionMiddleware.cookieName, value: token, maxAge: Int(configuration.sessionLifetime), path: "/",
               secure: configuration.secureCookies, httpOnly: true, sameSite: .lax)
    }

    func clearedCookie() -> Cookie {
        Cookie(name: SessionMiddleware.cookieName, value: "", maxAge: 0, path: "/", secure: configuration.secureCookies,
               httpOnly: true, sameSite: .lax)
    }
}

struct SessionJSON: Encodable, Sendable {
    var user: User
    var csrfToken: String
}

extension APIHandlers {
    func signIn(_ request: Request, _ context: AppContext) async throws -> Response {
        var reader = InputReader(try await APISupport.readJSON(request, context), fromForm: false)
        let username = reader.string("username").value ?? ""
        let password = reader.string("password").value ?? ""
        if username.isEmpty { reader.issues.append(FieldIssue(field: "username", code: "required")) }
        if password.isEmpty { reader.issues.append(FieldIssue(field: "password", code: "required")) }
        guard reader.issues.isEmpty else { throw AppError.invalid(reader.issues) }
        switch try await authenticator.signIn(username: username, password: password, clientAddress: context.clientAddress) {
        case .rejected:
            throw AppError.unauthenticated
        case .signedIn(let user, let token, let csrf):
            // The token for the session's forms, as GET /api/v1/session answers it.
            var response = try APISupport.json(SessionJSON(user: user, csrfToken: csrf))
            response.setCookie(authenticator.sessionCookie(token))
            return response
        }
    }

    func signOut(_ request: Request, _ context: AppContext) async throws -> Response {
        let session = try context.requireSession()
        try await store.sessions.delete(tokenHash: session.tokenHash)
        var response = APISupport.noContent()
        response.setCookie(authenticator.clearedCookie())
        return response
    }

    func currentSession(_ request: Request, _ context: AppContext) async throws -> Response {
        let session = try context.requireSession()
        return try APISupport.json(SessionJSON(user: session.user, csrfToken: session.csrfToken))
    }

    func listUsers(_ request: Request, _ context: AppContext) async throws -> Response {
        _ = try context.requireCaller()
        return try APISupport.json(ListResponse(items: try await store.users.all(), nextCursor: nil, total: nil, totalIsLowerBound: nil))
    }
}
