import Foundation
import HTTPTypes
import KAMCore
import KAMStore
import KAMTestSupport
import KAMWeb
import Testing

@Suite("Pre-sales requests API and queue")
struct PresalesAPITests {
    @Test(arguments: TestEngine.allCases)
    func requestsAreTieredQueuedTakenAndCompletedWithWaitingTimeShown(_ engine: TestEngine) async throws {
        try await WebHarness.run(engine) { web in
            let c = web.company
            let presales = try await web.store.users.create(username: "demo.pro", displayName: "Demo Pro", email: nil, role: .presales,
                                                            managerID: nil, locale: "en", timeZone: "UTC",
                                                            passwordHash: PasswordHashing.hash(TestCompany.password, cost: 4), caller: .system)
            let small = try await c.account("Corner Shop", owner: c.sales, industry: .retail)
            let big = try await c.account("Big Bank", owner: c.sales)
            let sales = try await web.signIn(c.sales)
            let deal = try await web.send(.post, "/api/v1/opportunities", cookie: sales,
                                          json: ["name": "Core renewal", "accountID": big.id, "amount": ["minorUnits": 200_000_000, "currency": "JPY"]])
            let dealID = try deal.jsonObject()["id"] as? Int ?? 0

            let plain = try await web.send(.post, "/api/v1/accounts/\(small.id)/presales-requests", cookie: sales, json: ["kind": "demo"])
            #expect(plain.status == .created)
            #expect(try plain.jsonObject()["tier"] as? Int == 3)
            let urgent = try await web.send(.post, "/api/v1/accounts/\(big.id)/presales-requests", cookie: sales,
                                            json: ["kind": "bid", "opportunityID": dealID, "note": "RFP due Friday"])
            #expect(try urgent.jsonObject()["tier"] as? Int == 1)
            let urgentID = try urgent.jsonObject()["id"] as? Int ?? 0
            // An opportunity of another account is refused by name, and nothing is queued.
            let wrong = try await web.send(.post, "/api/v1/accounts/\(small.id)/presales-requests", cookie: sales,
                                           json: ["kind": "nap", "opportunityID": dealID])
            #expect(try wrong.problemFields() == ["kind", "opportunityID"])

            // Pre-sales sees what is waiting, tier 1 first, with how long each has waited; accounts they
            // are not on stay unnamed (and the note unread) until they take the request.
            let pro = try await web.signIn(presales)
            let queue = try await web.send(.get, "/api/v1/presales-requests?status=queued", cookie: pro).items()
            #expect(queue.map { $0["tier"] as? Int } == [1, 3])
            #expect(queue.map { $0["accountName"] as? String } == ["", ""])
            #expect(queue.allSatisfy { $0["note"] == nil })
            #expect(queue.allSatisfy { ($0["waitingSeconds"] as? Int).map { $0 >= 0 } ?? false })
            #expect(try await web.send(.get, "/api/v1/accounts/\(big.id)", cookie: pro).status == .notFound)
            // Others cannot take it for someone else; the pre-sales user takes it and joins the account team.
            let grab = try await web.send(.post, "/api/v1/presales-requests/\(urgentID)/assign", cookie: sales,
                                          json: ["assigneeID": presales.id], headers: [.ifMatch: "\"1\""])
            #expect(grab.status == .forbidden)
            let taken = try await web.send(.post, "/api/v1/presales-requests/\(urgentID)/assign", cookie: pro,
                                           json: ["assigneeID": presales.id], headers: [.ifMatch: "\"1\""])
            #expect(taken.status == .ok)
            #expect(try taken.jsonObject()["status"] as? String == "assigned")
            #expect(try taken.jsonObject()["accountName"] as? String == "Big Bank")
            #expect(try taken.jsonObject()["note"] as? String == "RFP due Friday")
            #expect(try await web.send(.get, "/api/v1/accounts/\(big.id)", cookie: pro).status == .ok)
            let team = try await web.send(.get, "/api/v1/accounts/\(big.id)/team", cookie: sales).items()
            #expect(team.map { "\($0["userName"] as? String ?? ""):\($0["role"] as? String ?? "")" } == ["Demo Pro:presales"])
            let done = try await web.send(.post, "/api/v1/presales-requests/\(urgentID)/complete", cookie: pro, headers: [.ifMatch: "\"2\""])
            #expect(try done.jsonObject()["status"] as? String == "done")
            // The work is done, and so is the membership it opened: the account is out of sight again.
            #expect(try await web.send(.get, "/api/v1/accounts/\(big.id)", cookie: pro).status == .notFound)
            let ended = try await web.send(.get, "/api/v1/accounts/\(big.id)/team", cookie: sales).items()
            #expect(ended.map { $0["to"] as? String } == [web.store.today().description])
            let again = try await web.send(.post, "/api/v1/presales-requests/\(urgentID)/cancel", cookie: sales, headers: [.ifMatch: "\"3\""])
            #expect(again.status == .conflict)

            // The queue page shows the waiting request under its tier, with a take button for pre-sales.
            let page = try await web.send(.get, "/presales", cookie: pro).text
            #expect(page.contains("id=\"tier-3\""))
            #expect(page.contains("class=\"take\""))
            #expect(!page.contains("id=\"tier-1\""))
            // Someone outside the account sees neither the request nor the queue entry.
            let other = try await web.signIn(c.otherSales)
            #expect(try await web.send(.get, "/api/v1/presales-requests/\(urgentID)", cookie: other).status == .notFound)
            #expect(try await web.send(.get, "/api/v1/presales-requests", cookie: other).items().isEmpty)
        }
    }
}
