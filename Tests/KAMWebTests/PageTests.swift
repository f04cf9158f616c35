import Foundation
import HTTPTypes
import HummingbirdTesting
import KAMCore
import KAMTestSupport
import KAMWeb
import Testing

@Suite("Server-rendered pages")
struct PageTests {
    /// Signs in through the login form, as a browser would: GET sets the pre-login CSRF cookie.
    static func formSignIn(_ web: WebHarness, _ user: User, password: String = TestCompany.password,
                           next: String = "/accounts") async throws -> TestResponse {
        let page = try await web.send(.get, "/login")
        let cookie = (page.headers[.setCookie] ?? "").split(separator: ";")[0]
        let token = String(cookie.split(separator: "=", maxSplits: 1)[1])
        #expect(page.text.contains("value=\"\(token)\""))
        return try await web.form("/login", cookie: String(cookie), [("_csrf", token), ("username", user.username), ("password", password), ("next", next)])
    }

    @Test(arguments: TestEngine.allCases)
    func loginFormSignsInAndRefusesForgedPosts(_ engine: TestEngine) async throws {
        try await WebHarness.run(engine) { web in
            #expect(try await web.send(.get, "/accounts").status == .seeOther)
            let ok = try await Self.formSignIn(web, web.company.sales)
            #expect(ok.status == .seeOther)
            #expect(ok.headers[.location] == "/accounts")
            #expect(ok.headers[.setCookie]?.contains("kam_session=") == true)
            let wrong = try await Self.formSignIn(web, web.company.sales, password: "wrong")
            #expect(wrong.status == .unauthorized)
            #expect(wrong.text.contains("id=\"login-error\""))
            #expect(wrong.text.contains("value=\"sales\""))
            let forged = try await web.form("/login", cookie: nil, [("username", "sales"), ("password", TestCompany.password)])
            #expect(forged.status == .forbidden)
        }
    }

    /// After sign-in only same-site paths are followed; tricks that browsers turn into another host are refused.
    @Test(arguments: ["//evil.example", "/\\evil.example", "/\t/evil.example", "/\n/evil.example", " /x", "https://evil.example/",
                      "/%09/evil.example", "javascript:alert(1)", "/ /evil.example"])
    func signInNeverRedirectsOffSite(_ next: String) async throws {
        try await WebHarness.run(.sqlite) { web in
            let response = try await Self.formSignIn(web, web.company.sales, next: next)
            #expect(response.status == .seeOther)
            let location = response.headers[.location] ?? ""
            #expect(location == "/accounts" || (next == "/%09/evil.example" && location == next), "\(next) → \(location)")
        }
    }

    @Test func signInFollowsASameSitePathWithItsQuery() async throws {
        try await WebHarness.run(.sqlite) { web in
            let kept = try await Self.formSignIn(web, web.company.sales, next: "/accounts?q=bank#top")
            #expect(kept.headers[.location] == "/accounts?q=bank#top")
        }
    }

    @Test(arguments: TestEngine.allCases)
    func formsRequireTheSessionCSRFToken(_ engine: TestEngine) async throws {
        try await WebHarness.run(engine) { web in
            let cookie = try await web.signIn(web.company.admin)
            let csrf = try await web.csrf(cookie)
            let fields = [("name", "Form Bank"), ("industry", "banking"), ("region", "japan"), ("size", "large"),
                          ("procurementMode", "centralised"), ("ownerID", String(web.company.sales.id))]
            #expect(try await web.form("/accounts", cookie: cookie, fields).status == .forbidden)
            #expect(try await web.form("/accounts", cookie: cookie, [("_csrf", "forged")] + fields).status == .forbidden)
            #expect(try await web.store.database.count("accounts") == 0)
            let created = try await web.form("/accounts", cookie: cookie, [("_csrf", csrf)] + fields)
            #expect(created.status == .seeOther)
            #expect(try await web.store.database.count("accounts") == 1)
        }
    }

    @Test(arguments: TestEngine.allCases)
    func accountPageManagesTheTeam(_ engine: TestEngine) async throws {
        try await WebHarness.run(engine) { web in
            let c = web.company
            let account = try await c.account("Team Page Bank", owner: c.otherSales)
            let owner = try await web.signIn(c.otherSales)
            let csrf = try await web.csrf(owner)
            let page = try await web.send(.get, "/accounts/\(account.id)", cookie: owner)
            #expect(page.text.contains("id=\"account-team\"") && page.text.contains("id=\"add-team-member\""))

            // A bad submission keeps what was typed and says why, next to the field; nothing is stored.
            let bad = try await web.form("/accounts/\(account.id)/team", cookie: owner, [
                ("_csrf", csrf), ("userID", String(c.expert.id)), ("role", "expert"), ("access", "edit"), ("from", "2026-13-01")])
            #expect(bad.status == .unprocessableContent)
            #expect(bad.text.contains("id=\"field-from-error\"") && bad.text.contains("value=\"2026-13-01\""))
            #expect(try await web.store.database.count("account_team_members") == 0)

            let added = try await web.form("/accounts/\(account.id)/team", cookie: owner, [
                ("_csrf", csrf), ("userID", String(c.expert.id)), ("role", "customer_lead_expert"), ("access", "read"),
                ("from", web.store.today().description)])
            #expect(added.status == .seeOther)
            let withMember = try await web.send(.get, "/accounts/\(account.id)", cookie: owner)
            #expect(withMember.text.contains("team-member current") && withMember.text.contains("Expert"))
            // The new member now sees the account, without the team form (read access).
            let expert = try await web.signIn(c.expert)
            let seen = try await web.send(.get, "/accounts/\(account.id)", cookie: expert)
            #expect(seen.status == .ok && !seen.text.contains("id=\"add-team-member\""))

            let member = try await web.store.teams.list(account: account.id, caller: try await c.caller(c.otherSales))[0]
            let ended = try await web.form("/team-members/\(member.id)/end", cookie: owner, [("_csrf", csrf), ("_version", "1")])
            #expect(ended.status == .seeOther)
            #expect(try await web.send(.get, "/accounts/\(account.id)", cookie: expert).status == .notFound)
            #expect(try await web.send(.get, "/accounts/\(account.id)", cookie: owner).text.contains("team-member ended"))
        }
    }

    @Test(arguments: TestEngine.allCases)
    func recycleBinListsDeletedPeopleAndRestoresThem(_ engine: TestEngine) async throws {
        try await WebHarness.run(engine) { web in
            let account = try await web.company.account("Bin Bank", owner: web.company.sales)
            let cookie = try await web.signIn(web.company.sales)
            let created = try await web.send(.post, "/api/v1/key-persons", cookie: cookie, json: PersonAPITests.person(account.id))
            let id = try created.jsonObject()["id"] as? Int ?? 0
            #expect(try await web.send(.delete, "/api/v1/key-persons/\(id)", cookie: cookie, headers: [.ifMatch: "\"1\""]).status == .noContent)
            let bin = try await web.send(.get, "/recycle-bin", cookie: cookie)
            #expect(bin.text.contains("id=\"deleted-people\"") && bin.text.contains("山田") && bin.text.contains("/people/\(id)/restore"))
            // Someone who cannot see the account does not see the person in their bin.
            let other = try await web.signIn(web.company.otherSales)
            #expect(!(try await web.send(.get, "/recycle-bin", cookie: other).text.contains("山田")))
            let restored = try await web.form("/people/\(id)/restore", cookie: cookie, [("_csrf", try await web.csrf(cookie))])
            #expect(restored.status == .seeOther)
            #expect(try await web.send(.get, "/api/v1/key-persons/\(id)", cookie: cookie).status == .ok)
            #expect(!(try await web.send(.get, "/recycle-bin", cookie: cookie).text.contains("山田")))
        }
    }

    @Test(arguments: TestEngine.allCases)
    func failedSaveKeepsWhatWasTypedAndShowsMessagesByTheFields(_ engine: TestEngine) async throws {
        try await WebHarness.run(engine) { web in
            let account = try await web.company.account("Original", owner: web.company.sales)
            let cookie = try await web.signIn(web.company.sales)
            let csrf = try await web.csrf(cookie)
            let response = try await web.form("/accounts/\(account.id)", cookie: cookie, [
                ("_csrf", csrf), ("_version", "1"), ("name", ""), ("industry", "banking"), ("region", "japan"), ("size", "large"),
                ("website", "javascript:alert(1)"), ("description", "typed <b>text</b> stays"), ("ownerID", String(web.company.sales.id)),
            ])
            #expect(response.status == .unprocessableContent)
            let html = response.text
            #expect(html.contains("id=\"field-name-error\""))
            #expect(html.contains("id=\"field-website-error\""))
            #expect(html.contains("typed &lt;b&gt;text&lt;/b&gt; stays"))
            #expect(try await web.store.accounts.get(account.id, caller: try await web.company.caller(web.company.admin)).name == "Original")
        }
    }

    @Test(arguments: TestEngine.allCases)
    func staleFormSaveSaysWhoChangedTheRecord(_ engine: TestEngine) async throws {
        try await WebHarness.run(engine) { web in
            let account = try await web.company.account("Original", owner: web.company.sales)
            let director = try await web.signIn(web.company.director)
            #expect(try await web.send(.patch, "/api/v1/accounts/\(account.id)", cookie: director, json: ["name": "By director"],
                                       headers: [.ifMatch: "\"1\""]).status == .ok)
            let cookie = try await web.signIn(web.company.sales)
            let csrf = try await web.csrf(cookie)
            let response = try await web.form("/accounts/\(account.id)", cookie: cookie, [
                ("_csrf", csrf), ("_version", "1"), ("name", "By sales"), ("industry", "banking"), ("region", "japan"),
                ("size", "large"), ("ownerID", String(web.company.sales.id)),
            ])
            #expect(response.status == .unprocessableContent)
            #expect(response.text.contains("Director"))
            #expect(response.text.contains("id=\"form-notice\""))
            #expect(response.text.contains("value=\"By sales\""))
            #expect(response.text.contains("name=\"_version\" value=\"2\""))
        }
    }

    @Test(arguments: TestEngine.allCases)
    func everyPageRendersForTheDemoCompany(_ engine: TestEngine) async throws {
        try await WebHarness.run(engine) { web in
            let account = try await web.company.account("Group", owner: web.company.sales)
            let branch = try await web.company.account("Branch", owner: web.company.sales, parent: account.id)
            let cookie = try await web.signIn(web.company.admin)
            let person = try await web.send(.post, "/api/v1/key-persons", cookie: cookie, json: PersonAPITests.person(branch.id))
            let personID = try person.jsonObject()["id"] as? Int ?? 0
            let opp = try await web.send(.post, "/api/v1/opportunities", cookie: cookie,
                                         json: ["name": "Deal", "accountID": Int(branch.id), "amount": ["minorUnits": 1000, "currency": "USD"]])
            let oppID = try opp.jsonObject()["id"] as? Int ?? 0
            for path in ["/accounts", "/accounts?q=gro&industry=banking&sort=-name", "/accounts/new", "/accounts/\(branch.id)",
                         "/accounts/\(branch.id)/edit", "/recycle-bin", "/reports/iron-triangle", "/people", "/people?q=%E5%B1%B1", "/people/new", "/people/\(personID)",
                         "/people/\(personID)/edit", "/opportunities", "/opportunities/new", "/opportunities/\(oppID)",
                         "/opportunities/\(oppID)/edit", "/settings/fields"] {
                let page = try await web.send(.get, path, cookie: cookie)
                #expect(page.status == .ok, "\(path)")
                #expect(page.headers[.contentType] == "text/html; charset=utf-8", "\(path)")
                #expect(page.headers[.contentSecurityPolicy]?.contains("script-src 'self'") == true, "\(path)")
                #expect(!page.text.contains("error_page."), "\(path)")
            }
            let tree = try await web.send(.get, "/accounts/\(branch.id)", cookie: cookie).text
            #expect(tree.contains("id=\"account-tree\""))
            #expect(tree.contains("href=\"/accounts/\(account.id)\""))
            // The parent is named, not shown as a bare number.
            #expect(tree.contains(">Group</a>") && !tree.contains(">#\(account.id)<"))
            #expect(tree.contains("山田太郎"))
            #expect(try await web.send(.get, "/accounts/999999", cookie: cookie).status == .notFound)
        }
    }

    @Test func languageComesFromTheUserElseAcceptLanguage() async throws {
        try await WebHarness.run(.sqlite) { web in
            let login = try await web.send(.get, "/login", headers: [.acceptLanguage: "ko-KR,ko;q=0.9,en;q=0.5"])
            #expect(login.text.contains("<html lang=\"ko\">"))
            #expect(login.text.contains(Catalog(.ko).text("login.title")))
            let zh = try await web.send(.get, "/login", headers: [.acceptLanguage: "zh-CN"])
            #expect(zh.text.contains("<html lang=\"zh\">"))
            let cookie = try await web.signIn(web.company.sales)
            let csrf = try await web.csrf(cookie)
            _ = try await web.form("/preferences/language", cookie: cookie, [("_csrf", csrf), ("language", "ja")])
            let page = try await web.send(.get, "/accounts", cookie: cookie, headers: [.acceptLanguage: "en"])
            #expect(page.text.contains("<html lang=\"ja\">"))
            #expect(page.text.contains(Catalog(.ja).text("accounts.title")))
        }
    }

    /// The people page filtered to one account keeps the filter on its next page.
    @Test func peopleOfOneAccountPageThroughThatAccountOnly() async throws {
        try await WebHarness.run(.sqlite) { web in
            let c = web.company
            let account = try await c.account("Crowded Bank", owner: c.sales)
            let other = try await c.account("Quiet Shop", owner: c.sales, industry: .retail)
            let caller = try await c.caller(c.sales)
            for i in 0..<51 {
                _ = try await web.store.persons.create(
                    KeyPersonDraft(name: PersonName(family: "Person", given: String(format: "%02d", i)),
                                   employments: [Employment(accountID: account.id)]), portrait: nil, caller: caller)
            }
            _ = try await web.store.persons.create(KeyPersonDraft(name: PersonName(family: "Aaron", given: "Elsewhere"),
                                                                  employments: [Employment(accountID: other.id)]), portrait: nil, caller: caller)
            let cookie = try await web.signIn(c.sales)
            let first = try await web.send(.get, "/people?account=\(account.id)", cookie: cookie).text
            #expect(!first.contains("Elsewhere"))
            let next = try #require(first.firstMatch(of: #/href="(/people\?[^"]*cursor=[^"]*)" id="next-page"/#)?.output.1)
            #expect(next.contains("account=\(account.id)"))
            let second = try await web.send(.get, String(next).replacingOccurrences(of: "&amp;", with: "&"), cookie: cookie).text
            #expect(!second.contains("Elsewhere"))
            #expect(second.contains("Person"))
        }
    }
}
