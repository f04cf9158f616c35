import Foundation
import KAMCore

extension DemoLoader {
    /// Subjects of demo activities per kind, in the language of the account's region.
    static let demoSubjects: [String: [ActivityKind: String]] = [
        "ja": [.visit: "定例訪問", .call: "予算確認の電話", .workshop: "要件定義ワークショップ", .executiveMeeting: "経営層会議",
               .demo: "新製品デモ", .dinner: "会食", .email: "見積の送付"],
        "ko": [.visit: "정기 방문", .call: "예산 확인 전화", .workshop: "요구사항 워크숍", .executiveMeeting: "경영진 회의",
               .demo: "신제품 데모", .dinner: "저녁 식사", .email: "견적 송부"],
        "zh": [.visit: "例行拜访", .call: "预算确认电话", .workshop: "需求研讨会", .executiveMeeting: "高层会晤",
               .demo: "新产品演示", .dinner: "商务宴请", .email: "发送报价"],
        "en": [.visit: "Quarterly visit", .call: "Budget check call", .workshop: "Requirements workshop", .executiveMeeting: "Executive meeting",
               .demo: "Product demo", .dinner: "Dinner with the CIO", .email: "Quote sent"],
    ]

    /// A year of activities at every account (more at key accounts), their people taking part and
    /// now and then reassessed, and the newest ones' follow-ups in the owners' task lists. Drawn
    /// from the account's id, so the demo is the same every time.
    public func loadOperations(today: CalendarDate) async throws {
        let store = KAMStore(database: database, now: now)
        var query = AccountQuery()
        query.limit = 200
        let kinds: [ActivityKind] = [.visit, .call, .workshop, .executiveMeeting, .demo, .dinner, .email]
        for summary in try await store.accounts.list(query, caller: .system).items {
            let account = try await store.accounts.get(summary.id, caller: .system)
            var people = PersonQuery()
            people.accountID = account.id
            people.limit = 6
            let persons = try await store.persons.list(people, caller: .system).items.map(\.id)
            let language = [Region.japan: "ja", .korea: "ko", .china: "zh"][account.region] ?? "en"
            let count = account.status == .qualified ? 8 : 3
            for index in 0..<count {
                let seed = Int(account.id) &* 31 &+ index &* 7
                let kind = kinds[(Int(account.id) &+ index &* 3) % kinds.count]
                let day = today.adding(days: -(index * 45 + seed % 20))
                let theirs = persons.isEmpty ? [] : [persons[seed % persons.count], persons[(seed / 3) % persons.count]]
                var draft = ActivityDraft(kind: kind, occurredOn: day, subject: Self.demoSubjects[language]?[kind] ?? kind.rawValue,
                                          ourParticipants: [account.ownerID], theirParticipants: Array(Set(theirs)).sorted())
                if kind == .executiveMeeting { draft.agenda = "2027"; draft.outcomes = "✓" }
                if index == 0 {
                    draft.followUps = [FollowUpDraft(title: Self.demoSubjects[language]?[.email] ?? "Follow up", ownerID: account.ownerID,
                                                     dueOn: today.adding(days: 7 - seed % 12))]
                }
                if index % 3 == 1, let person = draft.theirParticipants.first {
                    draft.portraitUpdates = [PortraitUpdate(personID: person, closeness: 2 + seed % 4, recognition: 1 + seed % 5,
                                                            priceAcceptance: 2 + (seed / 5) % 3, evidence: draft.subject)]
                }
                _ = try await store.activities.create(at: account.id, draft, caller: .system)
            }
            // Key accounts have their channels: a complaint line, and the owner's technical line to their first contact.
            if account.status == .qualified, let first = persons.first {
                _ = try await store.lifecycle.addChannel(at: account.id, ChannelDraft(kind: .complaint, ourUserID: account.ownerID,
                                                                                      medium: "support@example.com"), caller: .system)
                _ = try await store.lifecycle.addChannel(at: account.id, ChannelDraft(kind: .technical, ourUserID: account.ownerID,
                                                                                      theirPersonID: first, medium: "Weekly call"), caller: .system)
                // One incident under investigation and one complaint awaiting resolution, to show the stable stage's work.
                let seed = Int(account.id)
                _ = try await store.incidents.open(at: account.id, IncidentDraft(title: "Batch job delayed", severity: seed % 2 == 0 ? .major : .minor,
                                                                                 occurredOn: today.adding(days: -(seed % 9) - 1), status: .investigating),
                                                   caller: .system)
                _ = try await store.complaints.receive(at: account.id, ComplaintDraft(summary: "Invoice does not match the order", raisedByPersonID: first,
                                                                                      receivedOn: today.adding(days: -(seed % 5)),
                                                                                      acknowledgedOn: today.adding(days: -(seed % 5))), caller: .system)
                // Every third key account is a partner already: we buy from it and sit on its steering committee.
                if seed % 3 == 0 {
                    _ = try await store.strengthening.addPurchase(at: account.id, MutualPurchaseDraft(year: today.year - 1,
                                                                                                      amount: Money(minorUnits: 4_800_000, currency: "USD"),
                                                                                                      description: "Facility services"), caller: .system)
                    _ = try await store.strengthening.addSeat(at: account.id, SeatDraft(body: .steeringCommittee, holderUserID: account.ownerID,
                                                                                        from: today.adding(days: -200)), caller: .system)
                }
            }
        }
    }
}
