import Foundation
import Hummingbird
import KAMCore
import KAMHTML

/// The sign-in page. Before a session exists, CSRF is a double-submit token in a short-lived cookie.
struct LoginPage {
    static let csrfCookie = "kam_login_csrf"

    static func view(_ t: Catalog, csrf: String, username: String, error: String?, next: String) -> HTML {
        Pages.layout(t, title: t.text("login.title"), session: nil) {
            section(.class("login")) {
                h1 { t.text("login.title") }
                if let error { p(.class("form-error"), .role("alert"), .id("login-error")) { error } }
                form(.method("post"), .action(Paths.login), .id("login-form")) {
                    input(.type("hidden"), .name("_csrf"), .value(csrf))
                    input(.type("hidden"), .name("next"), .value(next))
                    div(.class("field")) {
                        label(.for("username")) { t.text("login.username") }
                        input(.type("text"), .name("username"), .id("username"), .value(username), .autocomplete("username"), .required(true))
                    }
                    div(.class("field")) {
                        label(.for("password")) { t.text("login.password") }
                        input(.type("password"), .name("password"), .id("password"), .autocomplete("current-password"), .required(true))
                    }
                    button(.type("submit"), .id("sign-in")) { t.text("login.submit") }
                }
            }
        }
    }

    /// Only same-site paths are followed after sign-in, never another host.
    /// Browsers drop tabs and newlines from URLs and read `\` as `/`, so `/\t/evil.example` would
    /// become `//evil.example`: any control character, space or backslash refuses the value.
    static func safeNext(_ value: String?) -> String {
        guard let value, value.hasPrefix("/"), !value.hasPrefix("//"),
              !value.unicodeScalars.contains(where: { $0.value <= 0x20 || $0.value == 0x7F || $0 == "\\" }),
              let components = URLComponents(string: value), components.scheme == nil, components.host == nil,
              components.path.hasPrefix("/"), !components.path.hasPrefix("//") else { return Paths.accounts }
        return value
    }
}

extension PageHandlers {
    func loginForm(_ request: Request, _ context: AppContext) async throws -> Response {
        if context.session != nil { return Pages.redirect(Paths.accounts) }
        let token = Security.randomToken()
        var response = Pages.response(LoginPage.view(Catalog(context.language), csrf: token, username: "", error: nil,
                                                     next: LoginPage.safeNext(APISupport.query(request, "next"))))
        response.setCookie(Cookie(name: LoginPage.csrfCookie, value: token, maxAge: 3600, path: "/login",
                                  secure: configuration.secureCookies, httpOnly: true, sameSite: .strict))
        return response
    }

    func login(_ request: Request, _ context: AppContext) async throws -> Response {
        let t = Catalog(context.language)
        let form = try await FormBody.read(request, context, csrfExpected: nil)
        let cookieToken = request.cookies[LoginPage.csrfCookie]?.value ?? ""
        guard !cookieToken.isEmpty, Security.equal(FormBody.value(form, "_csrf") ?? "", cookieToken) else {
            throw AppError.csrfRejected
        }
        let username = FormBody.value(form, "username") ?? ""
        let password = FormBody.value(form, "password") ?? ""
        let next = LoginPage.safeNext(FormBody.value(form, "next"))
        do {
            switch try await authenticator.signIn(username: username, password: password, clientAddress: context.clientAddress) {
            case .signedIn(_, let token, _):
                var response = Pages.redirect(next)
                response.setCookie(authenticator.sessionCookie(token))
                return response
            case .rejected:
                return Pages.response(LoginPage.view(t, csrf: cookieToken, username: username, error: t.text("login.failed"), next: next),
                                      status: .unauthorized)
            }
        } catch AppError.tooManyAttempts(let seconds) {
            return Pages.response(LoginPage.view(t, csrf: cookieToken, username: username,
                                                 error: t.text("problem.too_many_attempts.detail", String(seconds / 60 + 1)), next: next),
                                  status: .tooManyRequests)
        }
    }

    func logout(_ request: Request, _ context: AppContext) async throws -> Response {
        let session = try context.requireSession()
        _ = try await FormBody.read(request, context, csrfExpected: session.csrfToken)
        try await store.sessions.delete(tokenHash: session.tokenHash)
        var response = Pages.redirect(Paths.login)
        response.setCookie(authenticator.clearedCookie())
        return response
    }

    func setLanguage(_ request: Request, _ context: AppContext) async throws -> Response {
        let session = try context.requireSession()
        let form = try await FormBody.read(request, context, csrfExpected: session.csrfToken)
        let language = FormBody.value(form, "language").flatMap(UILanguage.init(rawValue:))
        try await store.users.setLocale(language?.rawValue, for: session.user.id)
        let back = request.headers[.referer].flatMap { URL(string: $0)?.path } ?? Paths.accounts
        return Pages.redirect(LoginPage.safeNext(back))
    }
}
