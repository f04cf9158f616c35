import Foundation
import KAMCore

extension DemoLoader {
    /// At key accounts the first large open opportunity is pursued (a competitor, a close plan, the
    /// first stage's need confirmed); at up to eight accounts the first small open one is quoted,
    /// and every other one goes on through order to a signed contract. Drawn from ids, the same
    /// every time.
    public func loadMonetisation(today: CalendarDate) async throws {
        let store = KAMStore(database: database, now: now)
        var accounts = AccountQuery()
        accounts.limit = 200
        var quoted = 0
        for summary in try await store.accounts.list(accounts, caller: .system).items {
            var query = OpportunityQuery()
            query.accountID = summary.id
            let open = try await store.opportunities.list(query, caller: .system).map(\.opportunity).filter { !$0.stage.isClosed }
            if summary.status == .qualified, let large = open.first(where: { $0.track == .staged }) {
                let pursuit = PursuitDraft(competitors: [DealCompetitor(name: Self.demoCompetitors[Int(summary.id) % Self.demoCompetitors.count],
                                                                        strengths: "Price")],
                                           closePlan: [ClosePlanStep(title: "Steering committee", dueOn: today.adding(days: 30), ownerID: large.ownerID),
                                                       ClosePlanStep(title: "Contract review", dueOn: today.adding(days: 60), ownerID: large.ownerID)],
                                           metCriteria: ["prospecting.need_confirmed"])
                _ = try await store.opportunities.savePursuit(large.id, pursuit, expectedVersion: large.version, caller: .system)
            }
            guard quoted < 8, let small = open.first(where: { $0.track == .fastTrack }) else { continue }
            quoted += 1
            let unit = max(1, small.amount.minorUnits / 4)
            let draft = QuoteDraft(currency: small.amount.currency, lines: [
                DocumentLine(description: "Spare parts kit", quantity: 3, unitPriceMinor: unit),
                DocumentLine(description: "Installation", quantity: 1, unitPriceMinor: unit / 2, discountBasisPoints: 500),
            ], validUntil: today.adding(days: 30))
            let quote = try await store.salesDocuments.quote(small.id, draft, caller: .system)
            let sent = try await store.salesDocuments.update(quote.id, SalesDocumentChange(status: .sent), expectedVersion: quote.version, caller: .system)
            guard quoted % 2 == 0 else { continue }
            let accepted = try await store.salesDocuments.update(quote.id, SalesDocumentChange(status: .accepted), expectedVersion: sent.version,
                                                                 caller: .system)
            let order = try await store.salesDocuments.order(fromQuote: quote.id, expectedVersion: accepted.version, caller: .system)
            let contract = try await store.salesDocuments.contract(fromOrder: order.id, expectedVersion: order.version, caller: .system)
            let contractSent = try await store.salesDocuments.update(contract.id, SalesDocumentChange(status: .sent), expectedVersion: contract.version,
                                                                     caller: .system)
            _ = try await store.salesDocuments.update(contract.id, SalesDocumentChange(status: .signed), expectedVersion: contractSent.version,
                                                      caller: .system)
        }
    }

    static let demoCompetitors = ["Rival Systems", "Acme Automation", "Northwind Software", "Contoso Data"]
}
