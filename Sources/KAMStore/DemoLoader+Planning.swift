import Foundation
import KAMCore

extension DemoLoader {
    /// This year's plan for the first key accounts: the four parts, objectives measured from data,
    /// a white-space grid over their product lines; the first one approved and cloned for next year.
    public func loadPlans(today: CalendarDate) async throws {
        let store = KAMStore(database: database, now: now)
        var query = AccountQuery()
        query.limit = 200
        query.status = .qualified
        let lines = try await store.catalogue.productLines()
        guard !lines.isEmpty else { return }
        let reporting = try await store.catalogue.settings().reportingCurrency
        let start = CalendarDate(year: today.year, month: 1, day: 1), end = CalendarDate(year: today.year, month: 12, day: 31)
        for (index, summary) in try await store.accounts.list(query, caller: .system).items.prefix(3).enumerated() {
            let account = try await store.accounts.get(summary.id, caller: .system)
            var people = PersonQuery()
            people.accountID = account.id
            people.limit = 2
            let persons = try await store.persons.list(people, caller: .system).items
            let units = ["Head office IT", "Operations", "Finance"]
            let states: [WhiteSpaceState] = [.installed, .openOpportunity, .potential, .competitor]
            let draft = AccountPlanDraft(
                title: "\(account.name) \(today.year)", periodStart: start, periodEnd: end,
                situation: PlanSituation(industryTrends: "Consolidation and cloud migration across the sector.",
                                         customerSituation: "New management team; cost programme under way.",
                                         strengths: ["Installed base in head office"], weaknesses: ["Thin contacts in finance"],
                                         opportunities: ["Operations modernisation"], threats: ["Low-cost competitor"]),
                priorities: [CustomerPriority(goal: "Cut operating cost by 10 %", initiative: "Shared services"),
                             CustomerPriority(goal: "Open two new sites")],
                relationships: persons.compactMap { person in
                    person.portrait.map { now in
                        RelationshipTarget(personID: person.id, current: now,
                                           target: Portrait(closeness: min(5, now.closeness + 1), recognition: min(5, now.recognition + 1),
                                                            priceAcceptance: now.priceAcceptance),
                                           actions: "Invite to the executive briefing")
                    }
                },
                targets: lines.prefix(2).flatMap { line in
                    (1...4).map { PlanTarget(productLineID: line.id, quarter: $0, revenue: Money(minorUnits: 50_000_000, currency: reporting),
                                             margin: Money(minorUnits: 15_000_000, currency: reporting)) }
                },
                objectives: [PlanObjective(title: "A workshop every month", ownerID: account.ownerID, dueOn: end.adding(days: -15), status: .onTrack,
                                           measure: .activitiesHeld, target: 12,
                                           actions: [ObjectiveAction(title: "Book the next workshop", ownerID: account.ownerID,
                                                                     dueOn: max(start, min(end, today.adding(days: 14))))]),
                             PlanObjective(title: "Win one operations deal", ownerID: account.ownerID, dueOn: end, measure: .opportunitiesWon, target: 1)],
                buyingUnits: units,
                whiteSpace: units.enumerated().flatMap { u, unit in
                    lines.prefix(3).enumerated().map { l, line in
                        WhiteSpaceCell(buyingUnit: unit, productLineID: line.id, state: states[(u + l + index) % states.count])
                    }
                })
            let plan = try await store.plans.create(at: account.id, draft, caller: .system)
            if index == 0 {
                let approved = try await store.plans.approve(plan.id, expectedVersion: plan.version, caller: .system)
                _ = try await store.plans.clone(approved.id, caller: .system)
            }
        }
    }
}
