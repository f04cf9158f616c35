import Foundation
import HTTPTypes
import HummingbirdTesting
import KAMCore
import KAMStore
import KAMTestSupport
@testable import KAMWeb
import SQLKit
import Testing

extension AccessMatrixTests {
    // MARK: Fixtures

    struct Shared: Sendable {
        var admin: String; var other: User; var expert: User; var secondExpert: User; var spareExpert: User; var presalesUser: User
        var productLine: ProductLineID; var product: ProductID
    }

    static func sharedUsers(_ web: WebHarness) async throws -> Shared {
        let hash = PasswordHashing.hash(TestCompany.password, cost: 4)
        let manager = try await web.store.users.create(username: "xm", displayName: "Expert manager", email: nil, role: .salesDirector,
                                                       managerID: nil, locale: "en", timeZone: "UTC", passwordHash: hash, caller: .system)
        let expert = try await web.store.users.create(username: "xe", displayName: "Matrix expert", email: nil, role: .expert,
                                                      managerID: manager.id, locale: "en", timeZone: "UTC", passwordHash: hash, caller: .system)
        let second = try await web.store.users.create(username: "xe2", displayName: "Second expert", email: nil, role: .expert,
                                                      managerID: manager.id, locale: "en", timeZone: "UTC", passwordHash: hash, caller: .system)
        let admin = try await web.signIn(web.company.admin)
        for user in [expert, second, web.company.expert] {
            let entry = try await web.send(.put, "/api/v1/experts/\(user.id)", cookie: admin, json: ["skills": ["matrix"]])
            #expect(entry.status == .created)
        }
        let presales = try await web.store.users.create(username: "xp", displayName: "Pre-sales", email: nil, role: .presales,
                                                        managerID: nil, locale: "en", timeZone: "UTC", passwordHash: hash, caller: .system)
        // The scoring model exists before anyone edits it (the first read seeds the standard one).
        #expect(try await web.send(.get, "/api/v1/scoring-model", cookie: admin).status == .ok)
        let line = try await web.send(.post, "/api/v1/product-lines", cookie: admin, json: ["code": "MX", "name": "Matrix line"])
        let lineID = Int64(try line.jsonObject()["id"] as? Int ?? 0)
        let product = try await web.send(.post, "/api/v1/products", cookie: admin, json: ["lineID": lineID, "code": "MATRIX", "name": "Matrix product"])
        #expect(product.status == .created, Comment(rawValue: product.text))
        // A few accounts with different purchase rhythms, so the purchase models can be fitted from the first fixture on.
        let productID = Int64(try product.jsonObject()["id"] as? Int ?? 0)
        for index in 0..<4 {
            let account = try await web.store.accounts.create(
                AccountDraft(name: "Matrix history \(index)", industry: .retail, region: .korea, size: .medium, ownerID: web.company.otherSales.id),
                caller: .system)
            for purchase in 0...index {
                let response = try await web.send(.post, "/api/v1/transactions", cookie: admin, json: [
                    "accountID": account.id, "date": "2025-0\(1 + purchase * 2)-\(10 + index * 4)", "productID": productID,
                    "orderReference": "H-\(index)-\(purchase)", "amount": ["minorUnits": 1000 * (index + 1), "currency": "USD"],
                    "margin": ["minorUnits": 100, "currency": "USD"]])
                #expect(response.status == .created, Comment(rawValue: response.text))
            }
        }
        return Shared(admin: admin, other: web.company.otherSales, expert: expert, secondExpert: second, spareExpert: web.company.expert,
                      presalesUser: presales, productLine: lineID, product: Int64(try product.jsonObject()["id"] as? Int ?? 0))
    }

    static func fixture(_ web: WebHarness, role: Role, relation: Relation, n: Int, shared: Shared) async throws -> Fixture {
        let hash = PasswordHashing.hash(TestCompany.password, cost: 4)
        let users = web.store.users
        let principal = try await users.create(username: "p\(n)", displayName: "Principal \(n)", email: nil, role: role, managerID: nil,
                                               locale: "en", timeZone: "UTC", passwordHash: hash, caller: .system)
        let owner = relation == .owner ? principal
            : try await users.create(username: "o\(n)", displayName: "Owner \(n)", email: nil, role: .keyAccountManager,
                                     managerID: relation == .managerAbove ? principal.id : nil, locale: "en", timeZone: "UTC",
                                     passwordHash: hash, caller: .system)
        let admin = shared.admin
        func id(_ response: TestResponse) throws -> Int64 {
            #expect((200..<300).contains(Int(response.status.code)), Comment(rawValue: "fixture: \(response.text.prefix(200))"))
            return Int64(try response.jsonObject()["id"] as? Int ?? 0)
        }
        let account = try await web.store.accounts.create(
            AccountDraft(name: "Matrix Account \(n)", industry: .banking, region: .japan, size: .large, ownerID: owner.id), caller: .system)
        _ = try await web.send(.post, "/api/v1/accounts/\(account.id)/moves", cookie: admin,
                               json: ["field": "status", "to": "candidate", "reason": "fixture"], headers: [.ifMatch: "\"1\""])
        switch relation {
        case .teamRead, .teamEdit:
            _ = try id(try await web.send(.post, "/api/v1/accounts/\(account.id)/team", cookie: admin,
                                          json: ["userID": principal.id, "role": "salesperson", "access": relation == .teamEdit ? "edit" : "read"]))
        case .coverage:
            _ = try id(try await web.send(.post, "/api/v1/accounts/\(account.id)/coverage", cookie: admin,
                                          json: ["line": "regional", "userID": principal.id]))
        case .owner, .managerAbove, .none: break
        }
        let person = try id(try await web.send(.post, "/api/v1/key-persons", cookie: admin,
                                               json: ["name": ["family": "Key", "given": "Person"], "employments": [["accountID": account.id]]]))
        let secondPerson = try id(try await web.send(.post, "/api/v1/key-persons", cookie: admin,
                                                     json: ["name": ["family": "Second", "given": "Person"], "employments": [["accountID": account.id]]]))
        let connection = try id(try await web.send(.post, "/api/v1/connections", cookie: admin,
                                                   json: ["fromPersonID": secondPerson, "toPersonID": person, "strength": 3]))
        let spareConnection = try id(try await web.send(.post, "/api/v1/connections", cookie: admin,
                                                        json: ["kind": "conflict", "fromPersonID": secondPerson, "toPersonID": person, "strength": 1]))
        let placeholder = try id(try await web.send(.post, "/api/v1/key-persons", cookie: admin,
                                                    json: ["name": ["family": "CFO", "given": ""], "isPlaceholder": true,
                                                           "employments": [["accountID": account.id, "title": "CFO", "reportsToID": person]]]))
        _ = try id(try await web.send(.post, "/api/v1/connections", cookie: admin,
                                      json: ["fromPersonID": placeholder, "toPersonID": person, "strength": 4]))
        let opportunity = try id(try await web.send(.post, "/api/v1/opportunities", cookie: admin,
                                                    json: ["name": "Deal", "accountID": account.id, "ownerID": owner.id,
                                                           "amount": ["minorUnits": 50_000_000, "currency": "JPY"]]))
        let member = try id(try await web.send(.post, "/api/v1/accounts/\(account.id)/team", cookie: admin,
                                               json: ["userID": shared.other.id, "role": "salesperson", "access": "read"]))
        let coverage = try id(try await web.send(.post, "/api/v1/accounts/\(account.id)/coverage", cookie: admin,
                                                 json: ["line": "solution", "userID": shared.other.id]))
        // The owner asks for the expert when they may change anything; otherwise an administrator does.
        let requester = mayChange(Fixture.probe(role: role, relation: relation)) && relation == .owner ? try await web.signIn(principal) : admin
        let request = try id(try await web.send(.post, "/api/v1/accounts/\(account.id)/expert-requests", cookie: admin,
                                                json: ["expertID": shared.expert.id, "hoursPerQuarter": 4]))
        let ownRequest = try id(try await web.send(.post, "/api/v1/accounts/\(account.id)/expert-requests", cookie: requester,
                                                   json: ["expertID": shared.secondExpert.id, "hoursPerQuarter": 4]))
        var presales: [PresalesRequestID] = []
        for _ in 0..<3 {
            presales.append(try id(try await web.send(.post, "/api/v1/accounts/\(account.id)/presales-requests", cookie: requester,
                                                      json: ["kind": "demo"])))
        }
        _ = try id(try await web.send(.post, "/api/v1/presales-requests/\(presales[1])/assign", cookie: admin,
                                      json: ["assigneeID": shared.presalesUser.id], headers: [.ifMatch: "\"1\""]))
        let team = try id(try await web.send(.post, "/api/v1/sales-teams", cookie: admin, json: ["name": "Fixture team \(n)"]))
        let model = try id(try await web.send(.post, "/api/v1/territory-models", cookie: admin, json: ["name": "Fixture model \(n)"]))
        let territory = try id(try await web.send(.post, "/api/v1/territory-models/\(model)/territories", cookie: admin,
                                                  json: ["name": "Grouping \(n)", "line": "regional"]))
        let field = try id(try await web.send(.post, "/api/v1/custom-fields", cookie: admin, json: ["key": "f\(n)", "label": "F", "type": "text"]))
        let transaction = try id(try await web.send(.post, "/api/v1/transactions", cookie: admin,
                                                    json: ["accountID": account.id, "date": "2025-06-30", "productID": shared.product,
                                                           "orderReference": "F-\(n)", "amount": ["minorUnits": 5000, "currency": "USD"],
                                                           "margin": ["minorUnits": 1500, "currency": "USD"]]))
        // Repeat purchases that differ from account to account, so the purchase models can be fitted.
        for extra in 0..<(n % 3) {
            _ = try id(try await web.send(.post, "/api/v1/transactions", cookie: admin,
                                          json: ["accountID": account.id, "date": "2025-0\(7 + extra * 2)-\(10 + n % 19)", "productID": shared.product,
                                                 "orderReference": "F-\(n)-\(extra)", "amount": ["minorUnits": 2000 + 100 * n, "currency": "USD"],
                                                 "margin": ["minorUnits": 500, "currency": "USD"]]))
        }
        let assignment = try id(try await web.send(.post, "/api/v1/accounts/\(account.id)/strategy-assignments", cookie: admin,
                                                   json: ["strategyKey": "expand", "ownerID": owner.id]))
        let activity = try id(try await web.send(.post, "/api/v1/accounts/\(account.id)/activities", cookie: admin,
                                                 json: ["kind": "call", "occurredOn": "2026-01-02", "subject": "Fixture call", "theirParticipants": [person]]))
        let task = try id(try await web.send(.post, "/api/v1/tasks", cookie: admin,
                                             json: ["title": "Fixture task", "dueOn": "2026-01-20", "accountID": account.id, "ownerID": shared.other.id]))
        let channel = try id(try await web.send(.post, "/api/v1/accounts/\(account.id)/channels", cookie: admin,
                                                json: ["kind": "complaint", "ourUserID": shared.other.id, "medium": "Hotline"]))
        let incident = try id(try await web.send(.post, "/api/v1/accounts/\(account.id)/incidents", cookie: admin,
                                                 json: ["title": "Fixture outage", "severity": "major", "occurredOn": "2026-01-01"]))
        let complaint = try id(try await web.send(.post, "/api/v1/accounts/\(account.id)/complaints", cookie: admin,
                                                  json: ["summary": "Fixture complaint", "receivedOn": "2026-01-01", "channelID": channel]))
        let mutualPurchase = try id(try await web.send(.post, "/api/v1/accounts/\(account.id)/mutual-purchases", cookie: admin,
                                                       json: ["year": 2025, "amount": ["minorUnits": 1000, "currency": "USD"], "description": "Fixture"]))
        let engagement = try id(try await web.send(.post, "/api/v1/accounts/\(account.id)/consulting-engagements", cookie: admin,
                                                   json: ["title": "Fixture advice", "leadUserID": shared.other.id, "from": "2026-01-01"]))
        let seat = try id(try await web.send(.post, "/api/v1/accounts/\(account.id)/governance-seats", cookie: admin,
                                             json: ["body": "board", "holderUserID": shared.other.id, "from": "2026-01-01"]))
        func small() async throws -> OpportunityID {
            try id(try await web.send(.post, "/api/v1/opportunities", cookie: admin, json: [
                "name": "Small \(n)", "accountID": account.id, "ownerID": owner.id, "amount": ["minorUnits": 1000, "currency": "JPY"]]))
        }
        func quote(_ opportunity: OpportunityID, accepted: Bool) async throws -> SalesDocumentID {
            let quote = try id(try await web.send(.post, "/api/v1/opportunities/\(opportunity)/quotes", cookie: admin, json: [
                "currency": "JPY", "lines": [["description": "Fixture sensor", "quantity": 2, "unitPriceMinor": 500]]]))
            if accepted {
                for (version, status) in [(1, "sent"), (2, "accepted")] {
                    _ = try await web.send(.patch, "/api/v1/sales-documents/\(quote)", cookie: admin, json: ["status": status],
                                           headers: [.ifMatch: "\"\(version)\""])
                }
            }
            return quote
        }
        let smallOpportunity = try await small(), ordering = try await small(), ordered = try await small()
        let draftQuotes = [try await quote(smallOpportunity, accepted: false), try await quote(smallOpportunity, accepted: false)]
        let acceptedQuotes = [try await quote(ordering, accepted: true), try await quote(ordering, accepted: true)]
        // Both quotes first: the first order wins the opportunity, and a won opportunity takes no new quote.
        let toOrder = [try await quote(ordered, accepted: true), try await quote(ordered, accepted: true)]
        var orders: [SalesDocumentID] = []
        for accepted in toOrder {
            orders.append(try id(try await web.send(.post, "/api/v1/sales-documents/\(accepted)/order", cookie: admin, headers: [.ifMatch: "\"3\""])))
        }
        var plans: [AccountPlanID] = []
        for _ in 0..<2 {
            plans.append(try id(try await web.send(.post, "/api/v1/accounts/\(account.id)/plans", cookie: admin,
                                                   json: ["title": "Fixture plan \(n)", "periodStart": "2026-01-01", "periodEnd": "2026-12-31"])))
        }
        let quota = try id(try await web.send(.post, "/api/v1/quotas", cookie: admin, json: [
            "salesTeamID": team, "periodStart": "2026-01-01", "periodEnd": "2026-12-31", "amount": ["minorUnits": 1_000_000, "currency": "USD"]]))
        let body = try JSONText.encode(EvaluationDraft(kind: .coverage, dueOn: CalendarDate(year: 2026, month: 1, day: 1),
                                                        heldOn: CalendarDate(year: 2026, month: 1, day: 1), result: .onTrack, findings: "Fixture review"))
        let evaluation = try await web.store.database.write { db in
            try await db.raw("""
                INSERT INTO evaluations (account_id, kind, due_on, held_on, result, body, created_at, created_by_name)
                VALUES (\(bind: account.id), 'coverage', '2026-01-01', '2026-01-01', 'on_track', \(bind: body), 0, 'fixture') RETURNING id
                """).first()?.decode(column: "id", as: Int64.self) ?? 0
        }
        let notification = try await web.store.database.write { db in
            try await db.raw("""
                INSERT INTO notifications (user_id, account_id, kind, due_on, reason, created_at)
                VALUES (\(bind: shared.other.id), \(bind: account.id), 'customer', '2026-01-01', 'overdue', 0) RETURNING id
                """).first()?.decode(column: "id", as: Int64.self) ?? 0
        }
        let cookie = try await web.signIn(principal)
        return Fixture(role: role, relation: relation, user: principal, cookie: cookie, csrf: try await web.csrf(cookie), account: account.id,
                       person: person, secondPerson: secondPerson, connection: connection, spareConnection: spareConnection, placeholder: placeholder, opportunity: opportunity, teamMember: member, coverage: coverage, request: request, ownRequest: ownRequest, presales: presales,
                       presalesUser: shared.presalesUser,
                       salesTeam: team, model: model, territory: territory, customField: field, other: shared.other,
                       expert: shared.expert, spareExpert: shared.spareExpert, productLine: shared.productLine, product: shared.product,
                       transaction: transaction, assignment: assignment, activity: activity, task: task, channel: channel, incident: incident, complaint: complaint, mutualPurchase: mutualPurchase, engagement: engagement, seat: seat, n: n,
                       smallOpportunity: smallOpportunity, draftQuotes: draftQuotes, acceptedQuotes: acceptedQuotes, orders: orders, plans: plans,
                       quota: quota, evaluation: evaluation, notification: notification)
    }
}
extension AccessMatrixTests.Fixture {
    /// A fixture with only role and relation set, for asking the role table before the records exist.
    static func probe(role: Role, relation: AccessMatrixTests.Relation) -> Self {
        let nobody = User(id: 0, username: "", displayName: "", role: role)
        return Self(role: role, relation: relation, user: nobody, cookie: "", csrf: "", account: 0, person: 0, secondPerson: 0, connection: 0, spareConnection: 0, placeholder: 0,
                    opportunity: 0, teamMember: 0, coverage: 0, request: 0, ownRequest: 0, presales: [], presalesUser: nobody, salesTeam: 0, model: 0, territory: 0, customField: 0,
                    other: nobody, expert: nobody, spareExpert: nobody, productLine: 0, product: 0, transaction: 0, assignment: 0, activity: 0, task: 0, channel: 0, incident: 0, complaint: 0, mutualPurchase: 0, engagement: 0, seat: 0, n: 0)
    }
}
