import Foundation
import Testing
@testable import KAMCore

@Suite("Pre-sales routing")
struct PresalesRoutingTests {
    @Test func standingAndDealSizeDecideTheTierWhicheverRanksHigher() {
        #expect(PresalesRouting.tier(status: .qualified, deal: nil) == .one)
        #expect(PresalesRouting.tier(status: .candidate, deal: nil) == .two)
        #expect(PresalesRouting.tier(status: .none, deal: nil) == .three)
        // ¥30,000,000 reaches tier 2, ¥150,000,000 tier 1; a small deal never lowers a key account.
        #expect(PresalesRouting.tier(status: .none, deal: Money(minorUnits: 30_000_000, currency: "JPY")) == .two)
        #expect(PresalesRouting.tier(status: .none, deal: Money(minorUnits: 29_999_999, currency: "JPY")) == .three)
        #expect(PresalesRouting.tier(status: .candidate, deal: Money(minorUnits: 150_000_000, currency: "JPY")) == .one)
        #expect(PresalesRouting.tier(status: .qualified, deal: Money(minorUnits: 1, currency: "USD")) == .one)
        // Minor units count: $200,000.00 is 20,000,000 cents.
        #expect(PresalesRouting.tier(status: .none, deal: Money(minorUnits: 20_000_000, currency: "USD")) == .two)
        #expect(PresalesRouting.tier(status: .none, deal: Money(minorUnits: 19_999_999, currency: "USD")) == .three)
        // A currency without thresholds leaves the tier to the account's standing.
        #expect(PresalesRouting.tier(status: .none, deal: Money(minorUnits: 9_000_000_000, currency: "THB")) == .three)
    }

    @Test func theQueueServesTierFirstThenTheLongestWaiting() {
        let start = Date(timeIntervalSince1970: 1_800_000_000)
        func request(_ id: Int64, _ tier: PresalesTier, minutesAgo: Double) -> PresalesRequest {
            PresalesRequest(id: id, accountID: 1, accountName: "A", opportunityID: nil, kind: .demo, tier: tier, status: .queued,
                            requestedBy: 1, requestedByName: "K", assigneeID: nil, assigneeName: nil, note: nil,
                            requestedAt: start.addingTimeInterval(-minutesAgo * 60), assignedAt: nil, doneAt: nil, version: 1)
        }
        let queue = [request(1, .two, minutesAgo: 500), request(2, .one, minutesAgo: 5), request(3, .two, minutesAgo: 900),
                     request(4, .three, minutesAgo: 9000)].sorted(by: PresalesRequest.queueOrder)
        #expect(queue.map(\.id) == [2, 3, 1, 4])
        #expect(queue[0].waitingSeconds(now: start) == 300)
        var assigned = queue[0]
        assigned.status = .assigned
        assigned.assignedAt = start.addingTimeInterval(-60)
        #expect(assigned.waitingSeconds(now: start.addingTimeInterval(3600)) == 240)
    }
}
