import Foundation
import HTTPTypes
import KAMCore
import KAMStore
import KAMTestSupport
import KAMWeb
import Testing

@Suite("Organisation pages: coverage, experts, territories, users")
struct OrganisationPageTests {
    @Test(arguments: TestEngine.allCases)
    func aDirectorCoversAnAccountFromItsPageAndTheMatrixShowsGapsAndOverlaps(_ engine: TestEngine) async throws {
        try await WebHarness.run(engine) { web in
            let c = web.company
            let account = try await c.account("Matrix Motors", owner: c.sales, industry: .automotive)
            let director = try await web.signIn(c.director)
            let csrf = try await web.csrf(director)
            let page = try await web.send(.get, "/accounts/\(account.id)", cookie: director).text
            #expect(page.contains("id=\"add-coverage\""))

            // Person and team at once: refused, what was typed is kept, the field is named.
            let team = try await web.store.salesTeams.create(SalesTeamDraft(name: "Auto desk", memberIDs: [c.otherSales.id]),
                                                             caller: try await c.caller(c.admin))
            let bad = try await web.form("/accounts/\(account.id)/coverage", cookie: director,
                                         [("_csrf", csrf), ("line", "industry"), ("userID", String(c.sales.id)), ("salesTeamID", String(team.id)),
                                          ("from", "2026-11-23")])
            #expect(bad.status == .unprocessableContent)
            #expect(bad.text.contains("id=\"field-salesTeamID-error\""))
            #expect(bad.text.contains("<option value=\"\(c.sales.id)\" selected>"))
            for (line, user) in [("regional", c.sales.id), ("regional", c.director.id), ("industry", c.sales.id)] {
                let ok = try await web.form("/accounts/\(account.id)/coverage", cookie: director,
                                            [("_csrf", csrf), ("line", line), ("userID", String(user)), ("from", web.store.today().description)])
                #expect(ok.status == .seeOther)
            }
            let matrix = try await web.send(.get, "/reports/coverage", cookie: director).text
            #expect(matrix.contains("class=\"cell overlap\""))
            #expect(matrix.contains("class=\"cell covered\""))
            #expect(matrix.components(separatedBy: "class=\"cell gap\"").count - 1 == 2)
            #expect(matrix.contains("Matrix Motors"))
            // The salesperson who covers it cannot change coverage and sees no form.
            let sales = try await web.signIn(c.sales)
            #expect(!(try await web.send(.get, "/accounts/\(account.id)", cookie: sales).text.contains("id=\"add-coverage\"")))
            let forbidden = try await web.form("/accounts/\(account.id)/coverage", cookie: sales,
                                               [("_csrf", try await web.csrf(sales)), ("line", "support"), ("userID", String(c.sales.id))])
            #expect(forbidden.status == .forbidden)
        }
    }

    @Test(arguments: TestEngine.allCases)
    func anExpertIsRequestedAndAcceptedThroughThePages(_ engine: TestEngine) async throws {
        try await WebHarness.run(engine) { web in
            let c = web.company
            let admin = try await web.signIn(c.admin)
            _ = try await web.send(.patch, "/api/v1/users/\(c.expert.id)", cookie: admin, json: ["managerID": c.director.id],
                                   headers: [.ifMatch: "\"1\""])
            let expertCookie = try await web.signIn(c.expert)
            let profile = try await web.form("/experts/\(c.expert.id)", cookie: expertCookie,
                                             [("_csrf", try await web.csrf(expertCookie)), ("skills", "5G core, RAN"), ("industries", "telecom"),
                                              ("industries", "energy"), ("languages", "ko"), ("seniority", "principal"),
                                              ("capacityHoursPerQuarter", "60")])
            #expect(profile.status == .seeOther)
            let account = try await c.account("Mobile Korea", owner: c.otherSales, industry: .telecom)
            let kam = try await web.signIn(c.otherSales)
            let directory = try await web.send(.get, "/experts?account=\(account.id)&skill=ran&industry=telecom", cookie: kam).text
            #expect(directory.contains("data-expert=\"\(c.expert.id)\""))
            #expect(directory.contains("Mobile Korea"))
            let csrf = try await web.csrf(kam)
            let zero = try await web.form("/accounts/\(account.id)/expert-requests", cookie: kam,
                                          [("_csrf", csrf), ("expertID", String(c.expert.id)), ("hoursPerQuarter", "0"), ("note", "Need RAN help")])
            #expect(zero.status == .unprocessableContent)
            #expect(zero.text.contains("data-field=\"hoursPerQuarter\""))
            #expect(zero.text.contains("value=\"Need RAN help\""))
            let asked = try await web.form("/accounts/\(account.id)/expert-requests", cookie: kam,
                                           [("_csrf", csrf), ("expertID", String(c.expert.id)), ("hoursPerQuarter", "80"), ("note", "Need RAN help")])
            #expect(asked.status == .seeOther)

            let director = try await web.signIn(c.director)
            let inbox = try await web.send(.get, "/expert-requests", cookie: director).text
            #expect(inbox.contains("Mobile Korea"))
            let requestID = try await web.store.experts.requests(.mine, caller: try await c.caller(c.otherSales)).first?.id ?? 0
            let dcsrf = try await web.csrf(director)
            let bare = try await web.form("/expert-requests/\(requestID)/decision", cookie: director,
                                          [("_csrf", dcsrf), ("_version", "1"), ("accept", "false"), ("reason", "")])
            #expect(bare.status == .unprocessableContent)
            #expect(bare.text.contains("id=\"reason-\(requestID)-error\"") || bare.text.contains("field-error"))
            let accepted = try await web.form("/expert-requests/\(requestID)/decision", cookie: director,
                                              [("_csrf", dcsrf), ("_version", "1"), ("accept", "true")])
            #expect(accepted.status == .seeOther)
            // 80 of 60 hours: the directory shows the expert over-allocated.
            let after = try await web.send(.get, "/experts?skill=ran", cookie: kam).text
            #expect(after.contains("class=\"expert over\""))
            let accountPage = try await web.send(.get, "/accounts/\(account.id)", cookie: expertCookie)
            #expect(accountPage.status == .ok)
        }
    }

    @Test(arguments: TestEngine.allCases)
    func anAdministratorBuildsPreviewsAndAppliesATerritoryModelFromThePages(_ engine: TestEngine) async throws {
        try await WebHarness.run(engine) { web in
            let c = web.company
            _ = try await c.account("Seoul Telecom", owner: c.otherSales, industry: .telecom)
            let admin = try await web.signIn(c.admin)
            let csrf = try await web.csrf(admin)
            let created = try await web.form("/settings/territories", cookie: admin, [("_csrf", csrf), ("name", "Plan A")])
            #expect(created.status == .seeOther)
            let modelPath = created.headers[.location] ?? ""
            let added = try await web.form(modelPath + "/territories", cookie: admin,
                                           [("_csrf", csrf), ("name", "Telecom and energy"), ("line", "industry"), ("rule.industries", "telecom"),
                                            ("rule.industries", "energy"), ("userID", String(c.sales.id))])
            #expect(added.status == .seeOther)
            let page = try await web.send(.get, modelPath, cookie: admin).text
            #expect(page.contains("Seoul Telecom"))
            #expect(page.contains("class=\"territory-move\""))
            let applied = try await web.form(modelPath + "/apply", cookie: admin, [("_csrf", csrf), ("_version", "1")])
            #expect(applied.status == .seeOther)
            #expect(try await web.send(.get, modelPath, cookie: admin).text.contains("id=\"model-state\">Active"))
            let sales = try await web.signIn(c.sales)
            #expect(try await web.send(.get, "/settings/territories", cookie: sales).status == .forbidden)
            #expect(try await web.send(.get, "/accounts?q=Seoul", cookie: sales).text.contains("Seoul Telecom"))
        }
    }

    @Test(arguments: TestEngine.allCases)
    func usersAreAdministeredOnTheirPageAndBadChangesKeepWhatWasTyped(_ engine: TestEngine) async throws {
        try await WebHarness.run(engine) { web in
            let c = web.company
            let director = try await web.signIn(c.director)
            #expect(try await web.send(.get, "/settings/users", cookie: director).status == .forbidden)
            let admin = try await web.signIn(c.admin)
            let csrf = try await web.csrf(admin)
            let short = try await web.form("/settings/users", cookie: admin,
                                           [("_csrf", csrf), ("username", "newkam"), ("displayName", "New KAM"), ("password", "short"),
                                            ("role", "key_account_manager"), ("timeZone", "Asia/Seoul")])
            #expect(short.status == .unprocessableContent)
            #expect(short.text.contains("value=\"newkam\""))
            #expect(!short.text.contains("value=\"short\""))
            #expect(short.text.contains("id=\"field-password-error\""))
            let made = try await web.form("/settings/users", cookie: admin,
                                          [("_csrf", csrf), ("username", "newkam"), ("displayName", "New KAM"), ("password", "long enough pass"),
                                           ("role", "key_account_manager"), ("managerID", String(c.director.id)), ("timeZone", "Asia/Seoul")])
            #expect(made.status == .seeOther)
            // The director under their own salesperson would make a loop.
            let loop = try await web.form("/settings/users/\(c.director.id)", cookie: admin,
                                          [("_csrf", csrf), ("_version", "1"), ("role", "sales_director"), ("managerID", String(c.sales.id)),
                                           ("active", "true")])
            #expect(loop.status == .unprocessableContent)
            #expect(loop.text.contains("id=\"field-managerID-error\""))
            let page = try await web.send(.get, "/settings/users", cookie: admin).text
            #expect(page.contains("New KAM"))
        }
    }
}
