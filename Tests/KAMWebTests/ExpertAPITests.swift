import Foundation
import HTTPTypes
import KAMCore
import KAMStore
import KAMTestSupport
import KAMWeb
import Testing

@Suite("Expert directory and requests API")
struct ExpertAPITests {
    /// Two experts under one expert manager, with directory entries.
    struct Experts {
        var manager: User
        var banker: User
        var generalist: User
    }

    static func experts(_ web: WebHarness) async throws -> Experts {
        let hash = PasswordHashing.hash(TestCompany.password, cost: 4)
        func add(_ name: String, _ role: Role, manager: UserID?) async throws -> User {
            try await web.store.users.create(username: name, displayName: name.capitalized, email: nil, role: role, managerID: manager,
                                             locale: "en", timeZone: "UTC", passwordHash: hash, caller: .system)
        }
        let manager = try await add("practice", .salesDirector, manager: nil)
        let banker = try await add("banker", .expert, manager: manager.id)
        let generalist = try await add("generalist", .expert, manager: manager.id)
        let admin = try await web.signIn(web.company.admin)
        let one = try await web.send(.put, "/api/v1/experts/\(banker.id)", cookie: admin,
                                     json: ["skills": ["Core Banking", "SAP"], "industries": ["banking"], "languages": ["ja", "en"],
                                            "seniority": "principal", "capacityHoursPerQuarter": 100])
        #expect(one.status == .created)
        _ = try await web.send(.put, "/api/v1/experts/\(generalist.id)", cookie: admin,
                               json: ["skills": ["sap"], "industries": ["banking", "retail"], "capacityHoursPerQuarter": 300])
        return Experts(manager: manager, banker: banker, generalist: generalist)
    }

    @Test(arguments: TestEngine.allCases)
    func aRequestGoesToTheExpertsManagerAndAnAcceptedExpertJoinsTheTeamWithAWarningPastCapacity(_ engine: TestEngine) async throws {
        try await WebHarness.run(engine) { web in
            let c = web.company
            let e = try await Self.experts(web)
            let account = try await c.account("Megabank", owner: c.otherSales)
            let kam = try await web.signIn(c.otherSales)

            let found = try await web.send(.get, "/api/v1/experts?skill=sap,core%20banking&industry=banking", cookie: kam).items()
            #expect(found.compactMap { ($0["profile"] as? [String: Any])?["name"] as? String } == ["Banker", "Generalist"])
            #expect(found.map { $0["fit"] as? Int } == [100, 66])

            let asked = try await web.send(.post, "/api/v1/accounts/\(account.id)/expert-requests", cookie: kam,
                                           json: ["expertID": e.banker.id, "hoursPerQuarter": 120, "note": "Core banking renewal"])
            #expect(asked.status == .created)
            let requestID = try asked.jsonObject()["id"] as? Int ?? 0
            #expect(try asked.jsonObject()["approverID"] as? Int == Int(e.manager.id))
            // 120 of 100 hours: allowed, but said.
            let warnings = try asked.jsonObject()["warnings"] as? [[String: Any]] ?? []
            #expect(warnings.map { $0["code"] as? String } == ["over_capacity"])
            let twice = try await web.send(.post, "/api/v1/accounts/\(account.id)/expert-requests", cookie: kam,
                                           json: ["expertID": e.banker.id, "hoursPerQuarter": 10])
            #expect(try twice.problemFields() == ["expertID"])

            let manager = try await web.signIn(e.manager)
            let inbox = try await web.send(.get, "/api/v1/expert-requests?box=awaiting", cookie: manager).items()
            #expect(inbox.map { $0["accountName"] as? String } == ["Megabank"])
            // The manager sees the request, not the account.
            #expect(try await web.send(.get, "/api/v1/expert-requests/\(requestID)", cookie: manager).status == .ok)
            #expect(try await web.send(.get, "/api/v1/accounts/\(account.id)", cookie: manager).status == .notFound)
            // Nobody else decides: not the requester, not the expert.
            let banker = try await web.signIn(e.banker)
            for cookie in [kam, banker] {
                let refused = try await web.send(.post, "/api/v1/expert-requests/\(requestID)/decision", cookie: cookie,
                                                 json: ["accept": true], headers: [.ifMatch: "\"1\""])
                #expect(refused.status == .forbidden)
            }
            #expect(try await web.send(.get, "/api/v1/accounts/\(account.id)", cookie: banker).status == .notFound)

            let accepted = try await web.send(.post, "/api/v1/expert-requests/\(requestID)/decision", cookie: manager,
                                              json: ["accept": true], headers: [.ifMatch: "\"1\""])
            #expect(accepted.status == .ok)
            #expect(try accepted.jsonObject()["status"] as? String == "accepted")
            #expect((try accepted.jsonObject()["warnings"] as? [[String: Any]] ?? []).map { $0["detail"] as? String } == ["120% (120/100 h)"])
            // On the virtual team: the expert sees the account; the directory shows the load.
            #expect(try await web.send(.get, "/api/v1/accounts/\(account.id)", cookie: banker).status == .ok)
            let team = try await web.send(.get, "/api/v1/accounts/\(account.id)/team", cookie: kam).items()
            #expect(team.map { "\($0["userName"] as? String ?? ""):\($0["role"] as? String ?? ""):\($0["hoursPerQuarter"] as? Int ?? -1)" }
                    == ["Banker:expert:120"])
            let entry = try await web.send(.get, "/api/v1/experts/\(e.banker.id)", cookie: kam).jsonObject()
            let load = entry["load"] as? [String: Any] ?? [:]
            #expect(load["accounts"] as? Int == 1)
            #expect(load["committedHoursPerQuarter"] as? Int == 120)
            let again = try await web.send(.post, "/api/v1/expert-requests/\(requestID)/decision", cookie: manager,
                                           json: ["accept": false, "reason": "changed my mind"], headers: [.ifMatch: "\"2\""])
            #expect(again.status == .conflict)
            // The generalist now ranks first for SAP: same fit, more free hours.
            let ranked = try await web.send(.get, "/api/v1/experts?skill=sap", cookie: kam).items()
            #expect(ranked.compactMap { ($0["profile"] as? [String: Any])?["name"] as? String } == ["Generalist", "Banker"])
        }
    }

    @Test(arguments: TestEngine.allCases)
    func aDeclineNeedsAReasonAndAWithdrawnRequestCannotBeDecided(_ engine: TestEngine) async throws {
        try await WebHarness.run(engine) { web in
            let c = web.company
            let e = try await Self.experts(web)
            let account = try await c.account("Small Bank", owner: c.sales)
            let sales = try await web.signIn(c.sales)
            let manager = try await web.signIn(e.manager)
            let first = try await web.send(.post, "/api/v1/accounts/\(account.id)/expert-requests", cookie: sales,
                                           json: ["expertID": e.generalist.id, "hoursPerQuarter": 40])
            #expect((try first.jsonObject()["warnings"] as? [Any])?.isEmpty == true)
            let firstID = try first.jsonObject()["id"] as? Int ?? 0
            let bare = try await web.send(.post, "/api/v1/expert-requests/\(firstID)/decision", cookie: manager,
                                          json: ["accept": false], headers: [.ifMatch: "\"1\""])
            #expect(try bare.problemFields() == ["reason"])
            let declined = try await web.send(.post, "/api/v1/expert-requests/\(firstID)/decision", cookie: manager,
                                              json: ["accept": false, "reason": "Fully booked on the Q1 bid"], headers: [.ifMatch: "\"1\""])
            #expect(try declined.jsonObject()["decisionReason"] as? String == "Fully booked on the Q1 bid")
            #expect(try await web.send(.get, "/api/v1/accounts/\(account.id)/team", cookie: sales).items().isEmpty)
            let mine = try await web.send(.get, "/api/v1/expert-requests?box=mine", cookie: sales).items()
            #expect(mine.map { $0["status"] as? String } == ["declined"])

            let second = try await web.send(.post, "/api/v1/accounts/\(account.id)/expert-requests", cookie: sales,
                                            json: ["expertID": e.generalist.id, "hoursPerQuarter": 40])
            let secondID = try second.jsonObject()["id"] as? Int ?? 0
            #expect(try await web.send(.post, "/api/v1/expert-requests/\(secondID)/withdraw", cookie: sales, headers: [.ifMatch: "\"1\""]).status == .ok)
            let late = try await web.send(.post, "/api/v1/expert-requests/\(secondID)/decision", cookie: manager,
                                          json: ["accept": true], headers: [.ifMatch: "\"2\""])
            #expect(late.status == .conflict)

            // Someone who cannot edit the account cannot ask for an expert on it; an unknown expert is named.
            let reader = try await web.signIn(c.readOnly)
            #expect(try await web.send(.post, "/api/v1/accounts/\(account.id)/expert-requests", cookie: reader,
                                       json: ["expertID": e.generalist.id, "hoursPerQuarter": 4]).status == .forbidden)
            let unknown = try await web.send(.post, "/api/v1/accounts/\(account.id)/expert-requests", cookie: sales,
                                             json: ["expertID": c.director.id, "hoursPerQuarter": 0])
            #expect(try unknown.problemFields() == ["expertID", "hoursPerQuarter"])
            // Only the expert, their manager or an administrator edit a directory entry.
            let grab = try await web.send(.put, "/api/v1/experts/\(e.banker.id)", cookie: sales, json: ["capacityHoursPerQuarter": 1],
                                          headers: [.ifMatch: "\"1\""])
            #expect(grab.status == .forbidden)
            let own = try await web.signIn(e.banker)
            let updated = try await web.send(.put, "/api/v1/experts/\(e.banker.id)", cookie: own, json: ["capacityHoursPerQuarter": 150],
                                             headers: [.ifMatch: "\"1\""])
            #expect(updated.status == .ok)
            #expect(try updated.jsonObject()["skills"] as? [String] == ["core banking", "sap"])
        }
    }
}
