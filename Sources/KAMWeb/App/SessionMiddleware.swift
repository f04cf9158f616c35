import Foundation
import HTTPTypes
import Hummingbird
import KAMCore
import KAMStore
import NIOCore

/// Finds the signed-in user from the session cookie, picks the language, applies the
/// trusted-proxy rule, and turns errors into problem documents or error pages.
struct SessionMiddleware: RouterMiddleware {
    typealias Context = AppContext
    let store: KAMStore
    let configuration: WebConfiguration

    static let cookieName = "kam_session"

    func handle(_ request: Request, context: AppContext, next: (Request, AppContext) async throws -> Response) async throws -> Response {
        var context = context
        context.clientAddress = clientAddress(request, context)
        let isAPI = request.uri.path.hasPrefix("/api/")
        if let token = request.cookies[Self.cookieName]?.value, !token.isEmpty {
            let hash = Security.tokenHash(token)
            // Pages show the unread count in the navigation; the API and static files do not.
            let countingUnread = !isAPI && request.method == .get && !request.uri.path.hasPrefix("/static/")
            if let found = try await store.sessions.signedIn(tokenHash: hash, countingUnread: countingUnread) {
                context.session = SignedInSession(user: found.session.user, caller: found.caller, csrfToken: found.session.csrfToken, tokenHash: hash)
                context.session?.unreadNotifications = found.unreadNotifications
            }
        }
        if let locale = context.session?.user.locale, let language = UILanguage(rawValue: locale) {
            context.language = language
        } else {
            context.language = UILanguage.negotiate(acceptLanguage: request.headers[.acceptLanguage])
        }
        var response: Response
        do {
            if isAPI, [.post, .put, .patch].contains(request.method), Self.isFormContentType(request.headers[.contentType]) {
                // Browsers send these types cross-site without asking; the API only takes JSON.
                throw AppError.unsupportedMediaType
            }
            response = try await next(request, context)
        } catch {
            response = try errorResponse(error, request: request, context: context, isAPI: isAPI)
        }
        response.headers[.xContentTypeOptions] = "nosniff"
        response.headers[.init("Referrer-Policy")!] = "same-origin"
        if !isAPI {
            response.headers[.contentSecurityPolicy] =
                "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'"
            response.headers[.init("X-Frame-Options")!] = "DENY"
        }
        return response
    }

    static func isFormContentType(_ value: String?) -> Bool {
        guard let value = value?.lowercased() else { return false }
        return ["application/x-www-form-urlencoded", "multipart/form-data", "text/plain"].contains { value.hasPrefix($0) }
    }

    func clientAddress(_ request: Request, _ context: AppContext) -> String {
        Self.clientAddress(peer: context.remoteAddress?.ipAddress ?? "unknown",
                           forwardedFor: request.headers[.init("X-Forwarded-For")!], trusted: configuration.trustedProxies)
    }

    /// The client's address: the socket peer, or, when that peer is a trusted proxy, the nearest
    /// address in X-Forwarded-For that is not itself a trusted proxy. Anything a client wrote
    /// further left is not believed.
    static func clientAddress(peer: String, forwardedFor: String?, trusted: Set<String>) -> String {
        guard trusted.contains(peer), let forwardedFor else { return peer }
        let hops = forwardedFor.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        return hops.last(where: { !trusted.contains($0) }) ?? peer
    }

    func errorResponse(_ error: any Error, request: Request, context: AppContext, isAPI: Bool) throws -> Response {
        let catalog = Catalog(context.language)
        if let httpError = error as? HTTPError, httpError.status == .notFound {
            // A path the API serves, asked with another method: 405 with the methods it takes.
            let allowed = isAPI ? APIOperation.methods(at: request.uri.path) : []
            if !allowed.isEmpty {
                var response = Problem.from(AppError.methodNotAllowed, catalog: catalog)!.response()
                response.headers[.allow] = allowed.joined(separator: ", ")
                return response
            }
            return isAPI ? Problem.from(AppError.notFound, catalog: catalog)!.response()
                         : Pages.errorPage(status: .notFound, context: context)
        }
        guard let problem = Problem.from(error, catalog: catalog) else {
            if let httpError = error as? HTTPError {
                let p = Problem(type: "about:blank", title: httpError.status.reasonPhrase, status: Int(httpError.status.code),
                                detail: nil, code: "http_\(httpError.status.code)")
                return isAPI ? p.response() : Pages.errorPage(status: httpError.status, context: context)
            }
            // Never show raw error text to users; the log gets the type, not personal data.
            context.logger.error("unhandled error", metadata: ["type": "\(type(of: error))", "path": "\(request.uri.path)"])
            let p = Problem(type: "about:blank", title: catalog.text("problem.internal"), status: 500, detail: nil, code: "internal")
            return isAPI ? p.response() : Pages.errorPage(status: .internalServerError, context: context)
        }
        if isAPI { return problem.response() }
        if problem.status == 401 { return Response.redirect(to: Paths.login + "?next=" + (request.uri.path.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? "/")) }
        return Pages.errorPage(status: .init(code: problem.status), context: context, detail: problem.detail)
    }
}
