import Foundation
import NIOCore
import HTTPTypes
import KAMCore
import KAMTestSupport
import KAMWeb
import Testing

@Suite("Signing in and out")
struct SessionAPITests {
    @Test(arguments: TestEngine.allCases)
    func cookieIsHttpOnlyLaxAndSecureOnlyBehindHTTPS(_ engine: TestEngine) async throws {
        try await WebHarness.run(engine) { web in
            let response = try await web.send(.post, "/api/v1/session", json: ["username": "sales", "password": TestCompany.password])
            #expect(response.status == .ok)
            let cookie = response.headers[.setCookie] ?? ""
            #expect(cookie.contains("kam_session=") && cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"))
            #expect(!cookie.contains("Secure"))
            let me = try await web.send(.get, "/api/v1/session", cookie: String(cookie.split(separator: ";")[0]))
            #expect((try me.jsonObject()["user"] as? [String: Any])?["username"] as? String == "sales")
            // Sign-in hands over the token the session's forms need, the same one the session answers.
            let csrf = try response.jsonObject()["csrfToken"] as? String ?? ""
            let answered = try me.jsonObject()["csrfToken"] as? String
            #expect(!csrf.isEmpty && csrf == answered)
        }
        let https = WebConfiguration(publicURL: URL(string: "https://kam.example.com"))
        try await WebHarness.run(engine, configuration: https) { web in
            let response = try await web.send(.post, "/api/v1/session", json: ["username": "sales", "password": TestCompany.password])
            #expect(response.headers[.setCookie]?.contains("Secure") == true)
        }
    }

    @Test(arguments: TestEngine.allCases)
    func wrongPasswordIsAProblemAndRepeatedFailuresAreLimited(_ engine: TestEngine) async throws {
        try await WebHarness.run(engine) { web in
            let wrong = try await web.send(.post, "/api/v1/session", json: ["username": "sales", "password": "nope"])
            #expect(wrong.status == .unauthorized)
            #expect(wrong.headers[.contentType] == "application/problem+json")
            #expect(wrong.headers[.setCookie] == nil)
            for _ in 0..<4 { _ = try await web.send(.post, "/api/v1/session", json: ["username": "sales", "password": "nope"]) }
            let limited = try await web.send(.post, "/api/v1/session", json: ["username": "sales", "password": TestCompany.password])
            #expect(limited.status == .tooManyRequests)
            #expect(try limited.jsonObject()["code"] as? String == "too_many_attempts")
            #expect(limited.headers[.retryAfter].flatMap { Int($0) } ?? 0 > 0)
            // Another account from the same address is not locked by this one's failures.
            let other = try await web.send(.post, "/api/v1/session", json: ["username": "other", "password": TestCompany.password])
            #expect(other.status == .ok)
        }
    }

    @Test func aBodyIsReadOnlyWhenItSaysItIsJSON() async throws {
        try await WebHarness.run(.sqlite) { web in
            let cookie = try await web.signIn(web.company.admin)
            let body = ByteBuffer(string: #"{"name":"Typeless","industry":"banking","region":"japan"}"#)
            for type in [nil, "text/plain", "application/xml"] as [String?] {
                var headers: HTTPFields = [.cookie: cookie]
                if let type { headers[.contentType] = type }
                let response = try await web.client.executeRequest(uri: "/api/v1/accounts", method: .post, headers: headers, body: body)
                #expect(response.status == .unsupportedMediaType, "\(type ?? "no type")")
            }
            #expect(try await web.store.database.count("accounts") == 0)
            let typed = try await web.send(.post, "/api/v1/accounts", cookie: cookie, json: ["name": "Typed", "industry": "banking", "region": "japan"])
            #expect(typed.status == .created)
        }
    }

    /// Guesses sent all at once must not slip past the limit while the first ones are still hashing.
    @Test(arguments: TestEngine.allCases)
    func parallelGuessesAreCountedBeforeThePasswordIsChecked(_ engine: TestEngine) async throws {
        try await WebHarness.run(engine) { web in
            let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<12 {
                    group.addTask { Int(try await web.send(.post, "/api/v1/session", json: ["username": "sales", "password": "guess"]).status.code) }
                }
                return try await group.reduce(into: [Int]()) { $0.append($1) }
            }
            #expect(statuses.filter { $0 == 401 }.count == 5)
            #expect(statuses.filter { $0 == 429 }.count == 7)
        }
    }

    @Test(arguments: TestEngine.allCases)
    func signOutEndsTheSessionInTheDatabase(_ engine: TestEngine) async throws {
        try await WebHarness.run(engine) { web in
            let cookie = try await web.signIn(web.company.sales)
            #expect(try await web.send(.get, "/api/v1/accounts", cookie: cookie).status == .ok)
            #expect(try await web.send(.delete, "/api/v1/session", cookie: cookie).status == .noContent)
            let after = try await web.send(.get, "/api/v1/accounts", cookie: cookie)
            #expect(after.status == .unauthorized)
            #expect(after.headers[.contentType] == "application/problem+json")
        }
    }

    @Test(arguments: TestEngine.allCases)
    func formEncodedBodiesAreRefusedByTheAPI(_ engine: TestEngine) async throws {
        try await WebHarness.run(engine) { web in
            let cookie = try await web.signIn(web.company.admin)
            let response = try await web.form("/api/v1/accounts", cookie: cookie, [("name", "CSRF Bank")])
            #expect(response.status == .unsupportedMediaType)
            #expect(try await web.store.database.count("accounts") == 0)
        }
    }
}

@Suite("Route table and OpenAPI document")
struct RouteTableTests {
    @Test func openAPIListsExactlyTheRoutedOperations() async throws {
        try await WebHarness.run(.sqlite) { web in
            let document = try await web.send(.get, "/api/openapi.json")
            #expect(document.status == .ok)
            let json = try document.jsonObject()
            #expect((json["openapi"] as? String)?.hasPrefix("3.1") == true)
            let paths = json["paths"] as? [String: [String: Any]] ?? [:]
            var documented: Set<String> = []
            for (path, methods) in paths { for method in methods.keys { documented.insert("\(method.uppercased()) \(path)") } }
            let routed = Set(RouteTable.apiOperations.map { "\($0.method) \($0.path)" })
            #expect(documented == routed)
            // Each documented operation is really routed: without a session it answers 401 (sign-in: 422), never 404.
            for operation in RouteTable.apiOperations {
                let uri = operation.path.replacingOccurrences(of: "{id}", with: "1")
                let response = try await web.send(HTTPRequest.Method(operation.method)!, uri, json: [:])
                let expected: HTTPResponse.Status = operation.operationID == "signIn" ? .unprocessableContent : .unauthorized
                #expect(response.status == expected, "\(operation.method) \(uri)")
            }
            #expect(try await web.send(.get, "/api/v1/no-such-thing").status == .notFound)
        }
    }

    /// A path the API serves, asked with a method it does not take, is a 405 naming the ones it does.
    @Test func aMethodThePathDoesNotTakeIsA405() async throws {
        try await WebHarness.run(.sqlite) { web in
            let onList = try await web.send(.delete, "/api/v1/accounts")
            #expect(onList.status == .methodNotAllowed && onList.headers[.allow] == "GET, POST")
            #expect(try onList.jsonObject()["code"] as? String == "method_not_allowed")
            let onOne = try await web.send(.put, "/api/v1/accounts/7")
            #expect(onOne.status == .methodNotAllowed && onOne.headers[.allow] == "DELETE, GET, PATCH")
            #expect(try await web.send(.delete, "/api/v1/accounts/7/no-such-thing").status == .notFound)
        }
    }

    /// A body is one JSON object: a list or a bare value is refused, not read as an empty object.
    @Test func aBodyThatIsNoObjectIsRefused() async throws {
        try await WebHarness.run(.sqlite) { web in
            let cookie = try await web.signIn(web.company.admin)
            for body in ["[null, null]", "3", "\"name\""] {
                let response = try await web.send(.post, "/api/v1/accounts", cookie: cookie, body: body, contentType: "application/json")
                #expect(try response.status == .badRequest && response.jsonObject()["code"] as? String == "expected_object", "\(body)")
            }
            let unreadable = try await web.send(.post, "/api/v1/accounts", cookie: cookie, body: "{", contentType: "application/json")
            #expect(try unreadable.jsonObject()["code"] as? String == "invalid_json")
        }
    }

    /// Parameters the document marks required are those a call cannot do without.
    @Test func requiredQueryParametersAreDocumentedAsSuch() async throws {
        try await WebHarness.run(.sqlite) { web in
            let paths = try await web.send(.get, "/api/openapi.json").jsonObject()["paths"] as? [String: [String: Any]] ?? [:]
            func required(_ path: String) -> Set<String> {
                let parameters = (paths[path]?["get"] as? [String: Any])?["parameters"] as? [[String: Any]] ?? []
                return Set(parameters.filter { $0["in"] as? String == "query" && $0["required"] as? Bool == true }.compactMap { $0["name"] as? String })
            }
            #expect(required("/api/v1/accounts/{id}/relationship-map/best-path") == ["to"])
            #expect(required("/api/v1/plans/{id}/compare") == ["left", "right"])
            #expect(required("/api/v1/accounts").isEmpty)
        }
    }
}
