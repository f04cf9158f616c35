import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import KAMCore
import KAMStore
import KAMTestSupport
import KAMWeb
import NIOCore
import Testing

/// Runs a test against the real application (router, middleware, store) on one engine, with the
/// test company signed up and bcrypt hashes made cheap.
struct WebHarness: Sendable {
    let client: any TestClientProtocol
    let company: TestCompany
    var store: KAMStore { company.store }

    static func run(_ engine: TestEngine, configuration: WebConfiguration = WebConfiguration(), now: @escaping @Sendable () -> Date = { Date() },
                    _ body: @Sendable @escaping (WebHarness) async throws -> Void) async throws {
        try await TestDatabase.withStore(engine, now: now) { store in
            let company = try await TestCompany.make(store, passwordHash: PasswordHashing.hash(TestCompany.password, cost: 4))
            let app = buildApplication(store: store, configuration: configuration)
            try await app.test(.router) { client in
                try await body(WebHarness(client: client, company: company))
            }
        }
    }

    /// Signs in through the API and answers the Cookie header value to send afterwards.
    func signIn(_ user: User) async throws -> String {
        let response = try await send(.post, "/api/v1/session", json: ["username": user.username, "password": TestCompany.password])
        #expect(response.status == .ok)
        let setCookie = response.headers[.setCookie] ?? ""
        let pair = setCookie.split(separator: ";").first.map(String.init) ?? ""
        #expect(pair.hasPrefix("kam_session="))
        return pair
    }

    func send(_ method: HTTPRequest.Method, _ uri: String, cookie: String? = nil, json: Any? = nil,
              headers extra: HTTPFields = [:]) async throws -> TestResponse {
        var headers = extra
        if let cookie { headers[.cookie] = cookie }
        var body: ByteBuffer?
        if let json {
            headers[.contentType] = "application/json"
            body = ByteBuffer(data: try JSONSerialization.data(withJSONObject: json))
        }
        return try await client.executeRequest(uri: uri, method: method, headers: headers, body: body)
    }

    /// Sends a raw body with its content type (a CSV file, for imports).
    func send(_ method: HTTPRequest.Method, _ uri: String, cookie: String?, body: String, contentType: String) async throws -> TestResponse {
        var headers: HTTPFields = [.contentType: contentType]
        if let cookie { headers[.cookie] = cookie }
        return try await client.executeRequest(uri: uri, method: method, headers: headers, body: ByteBuffer(string: body))
    }

    /// Posts an HTML form with the given fields (already including `_csrf` where needed).
    func form(_ uri: String, cookie: String?, _ fields: [(String, String)]) async throws -> TestResponse {
        var headers: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]
        if let cookie { headers[.cookie] = cookie }
        let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-._*"))
        let text = fields.map { "\($0.0.addingPercentEncoding(withAllowedCharacters: allowed)!)=\($0.1.addingPercentEncoding(withAllowedCharacters: allowed)!)" }
            .joined(separator: "&")
        return try await client.executeRequest(uri: uri, method: .post, headers: headers, body: ByteBuffer(string: text))
    }

    /// The session's CSRF token, as a page would embed it.
    func csrf(_ cookie: String) async throws -> String {
        let response = try await send(.get, "/api/v1/session", cookie: cookie)
        return try response.jsonObject()["csrfToken"] as? String ?? ""
    }
}

extension TestResponse {
    var text: String { String(buffer: body) }

    func jsonObject() throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(buffer: body)) as? [String: Any] ?? [:]
    }

    func items() throws -> [[String: Any]] { try jsonObject()["items"] as? [[String: Any]] ?? [] }

    /// The `field` of each entry in a 422 problem's `errors`.
    func problemFields() throws -> Set<String> {
        Set((try jsonObject()["errors"] as? [[String: Any]] ?? []).compactMap { $0["field"] as? String })
    }
}
