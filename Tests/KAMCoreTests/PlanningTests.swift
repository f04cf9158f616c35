import Foundation
import KAMCore
import Testing

@Suite("Account plans: validation, measures, cloning, comparison")
struct PlanningTests {
    static let start = CalendarDate(year: 2027, month: 1, day: 1), end = CalendarDate(year: 2027, month: 12, day: 31)

    static func plan() -> AccountPlanDraft {
        AccountPlanDraft(
            title: "FY2027", periodStart: start, periodEnd: end,
            situation: PlanSituation(industryTrends: "Consolidation", strengths: ["Incumbent"]),
            priorities: [CustomerPriority(goal: "Cut batch time")],
            relationships: [RelationshipTarget(personID: 7, current: Portrait(closeness: 2, recognition: 3, priceAcceptance: 2),
                                               target: Portrait(closeness: 4, recognition: 4, priceAcceptance: 3))],
            targets: [PlanTarget(productLineID: 1, quarter: 2, revenue: Money(minorUnits: 1_000_00, currency: "USD"),
                                 margin: Money(minorUnits: 300_00, currency: "USD"))],
            objectives: [PlanObjective(title: "Win the MES", ownerID: 3, dueOn: CalendarDate(year: 2027, month: 9, day: 30), measure: .opportunitiesWon,
                                       target: 2, actions: [ObjectiveAction(title: "Workshop", ownerID: 3, dueOn: CalendarDate(year: 2027, month: 3, day: 1),
                                                                            taskID: 99)])],
            buyingUnits: ["Plant IT", "Finance"],
            whiteSpace: [WhiteSpaceCell(buyingUnit: "Plant IT", productLineID: 1, state: .installed)])
    }

    @Test func anObjectiveDueBeforeThePeriodIsNamed() {
        var draft = Self.plan()
        draft.objectives[0].dueOn = CalendarDate(year: 2026, month: 12, day: 31)
        draft.objectives[0].actions[0].dueOn = CalendarDate(year: 2028, month: 1, day: 1)
        draft.objectives[0].typedActual = 1
        draft.targets[0].margin.minorUnits = 2_000_00
        draft.whiteSpace.append(WhiteSpaceCell(buyingUnit: "Legal", productLineID: 1, state: .potential))
        draft.relationships.append(draft.relationships[0])
        var v = Validator()
        draft.validate(into: &v)
        #expect(v.issues.map(\.field) == ["relationships[1].personID", "targets[0].margin.minorUnits", "objectives[0].dueOn", "objectives[0].typedActual",
                                          "objectives[0].actions[0].dueOn", "whiteSpace[1].buyingUnit"])
        #expect(v.issues.first { $0.field == "objectives[0].dueOn" }?.code == "outside_period")
        var good = Validator()
        Self.plan().validate(into: &good)
        #expect(good.issues.isEmpty)
        var backwards = Self.plan()
        backwards.periodEnd = backwards.periodStart
        var b = Validator()
        backwards.validate(into: &b)
        #expect(b.issues.map(\.field).first == "periodEnd")
    }

    @Test func computedMeasuresReadTheFactsAndTypedOnesTheOwner() {
        let facts = PlanFacts(revenueBooked: 150_000, opportunitiesWon: 1, activitiesHeld: 24)
        var objective = Self.plan().objectives[0]
        #expect(PlanProgress.progress(of: objective, facts: facts) == ObjectiveProgress(measure: .opportunitiesWon, target: 2, actual: 1, share: 0.5))
        objective.measure = .revenueBooked
        objective.target = 100_000
        #expect(PlanProgress.progress(of: objective, facts: facts).share == 1.5)
        objective.measure = .activitiesHeld
        objective.target = 0
        #expect(PlanProgress.progress(of: objective, facts: facts).actual == 24 && PlanProgress.progress(of: objective, facts: facts).share == nil)
        objective.measure = .typed
        objective.target = 10
        objective.typedActual = nil
        #expect(PlanProgress.progress(of: objective, facts: facts).actual == nil)
        objective.typedActual = 4
        #expect(PlanProgress.progress(of: objective, facts: facts).share == 0.4)
    }

    @Test func aCloneIsNextYearsPlanWithObjectivesReopened() {
        var draft = Self.plan()
        draft.objectives[0].status = .achieved
        draft.periodStart = CalendarDate(year: 2028, month: 2, day: 29)
        draft.periodEnd = CalendarDate(year: 2029, month: 2, day: 28)
        draft.objectives[0].dueOn = CalendarDate(year: 2028, month: 9, day: 30)
        let next = draft.clonedForNextYear()
        #expect(next.periodStart == CalendarDate(year: 2029, month: 2, day: 28) && next.periodEnd == CalendarDate(year: 2030, month: 2, day: 28))
        #expect(next.objectives[0].status == .open && next.objectives[0].dueOn == CalendarDate(year: 2029, month: 9, day: 30))
        #expect(next.objectives[0].actions[0].taskID == nil && next.whiteSpace == draft.whiteSpace && next.relationships == draft.relationships)
    }

    @Test func twoRevisionsDifferInThePartsThatChanged() {
        let a = Self.plan()
        var b = a
        b.whiteSpace[0].state = .competitor
        b.objectives[0].actions[0].taskID = nil
        #expect(PlanPart.allCases.filter { $0.differs(a, b) } == [.whiteSpace])
        b.priorities.append(CustomerPriority(goal: "Open a Korean plant"))
        #expect(PlanPart.allCases.filter { $0.differs(a, b) } == [.priorities, .whiteSpace])
    }
}
