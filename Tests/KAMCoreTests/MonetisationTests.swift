import Foundation
import KAMCore
import Testing

@Suite("Monetisation rules: stage gates, tracks, forecast weighting")
struct MonetisationTests {
    let process = SalesProcess.standard

    @Test func movingForwardSkipsTheCriteriaOfEveryStageLeft() {
        let none = PursuitFacts(closeDateSet: false, decisionChainMapped: false, competitorsNamed: false, closePlanSet: false, ticked: [])
        let skipped = process.unmet(from: .prospecting, to: .proposal, isMet: none.isMet).map(\.reference)
        #expect(skipped == ["prospecting.need_confirmed", "prospecting.close_date", "qualification.budget_confirmed", "qualification.decision_chain"])
        let ready = PursuitFacts(closeDateSet: true, decisionChainMapped: true, competitorsNamed: false, closePlanSet: false,
                                 ticked: ["prospecting.need_confirmed", "qualification.budget_confirmed"])
        #expect(process.unmet(from: .prospecting, to: .proposal, isMet: ready.isMet).isEmpty)
        // Winning passes every remaining stage; going back, losing or staying passes none.
        #expect(process.unmet(from: .proposal, to: .won, isMet: ready.isMet).map(\.reference)
                == ["proposal.proposal_presented", "proposal.competitors", "negotiation.terms_agreed", "negotiation.close_plan"])
        #expect(process.unmet(from: .negotiation, to: .qualification, isMet: none.isMet).isEmpty)
        #expect(process.unmet(from: .negotiation, to: .lost, isMet: none.isMet).isEmpty)
        #expect(process.unmet(from: .won, to: .prospecting, isMet: none.isMet).isEmpty)
        // Reopening starts from the first stage: lost and then won again passes every gate.
        #expect(process.unmet(from: .lost, to: .won, isMet: none.isMet).count == 8)
        #expect(process.unmet(from: .lost, to: .qualification, isMet: ready.isMet).isEmpty)
        #expect(process.unmet(from: .won, to: .proposal, isMet: none.isMet).map(\.stageKey) == ["prospecting", "prospecting", "qualification", "qualification"])
        // A stage since removed from the process gates nothing.
        #expect(process.unmet(from: OpportunityStage(rawValue: "legacy"), to: .won, isMet: none.isMet).isEmpty)
    }

    @Test func theThresholdOfTheCurrencyDecidesTheTrack() {
        #expect(process.track(for: Money(minorUnits: 35_000_000, currency: "JPY")) == .staged)
        #expect(process.track(for: Money(minorUnits: 34_999_999, currency: "JPY")) == .fastTrack)
        // No threshold for the currency: the careful default.
        #expect(process.track(for: Money(minorUnits: 1, currency: "CHF")) == .staged)
        #expect(process.probabilityPercent(of: .won) == 100 && process.probabilityPercent(of: .lost) == 0)
        #expect(process.probabilityPercent(of: .proposal) == 50 && process.probabilityPercent(of: OpportunityStage(rawValue: "gone")) == 0)
    }

    @Test func aProcessIsValidatedField() {
        var broken = process
        broken.stages.append(SalesStage(key: "lost", name: "", probabilityPercent: 101, exitCriteria: [ExitCriterion("a b", ""), ExitCriterion("a b", "x")]))
        broken.stages.append(broken.stages[0])
        broken.largeDealThresholds.append(Money(minorUnits: 0, currency: "USD"))
        #expect(throws: ValidationFailure.self) { try broken.validate() }
        let issues = (try? { () throws(ValidationFailure) in try broken.validate(); return [FieldIssue]() }()) ?? []
        _ = issues
        do { try broken.validate() } catch {
            #expect(Set(error.issues.map(\.field)) == ["stages[4].key", "stages[4].name", "stages[4].probabilityPercent", "stages[4].exitCriteria[0].key",
                                                        "stages[4].exitCriteria[0].label", "stages[4].exitCriteria[1].key", "stages[5].key",
                                                        "largeDealThresholds[5].currency", "largeDealThresholds[5].minorUnits"])
        }
        #expect(throws: Never.self) { try process.validate() }
    }

    @Test func aDiscountIsWorkedWithoutOverflowAndWithinAuthority() {
        let line = DocumentLine(description: "Big", quantity: 1, unitPriceMinor: DocumentLine.largestAmount, discountBasisPoints: 1_250)
        #expect(line.netMinor == DocumentLine.largestAmount - DocumentLine.largestAmount / 8)
        #expect(DocumentLine(description: "x", quantity: 3, unitPriceMinor: 333, discountBasisPoints: 5_000).netMinor == 499)
        var v = Validator()
        QuoteDraft(currency: "USD", lines: [line, DocumentLine(description: "y", quantity: 2, unitPriceMinor: 1, discountBasisPoints: 1_501)])
            .validate(authorityPercent: 15, into: &v)
        #expect(v.issues.map(\.field) == ["lines[1].discountPercent", "lines[1].quantity"])
        #expect(DiscountAuthority.percent(for: nil, strategy: .standard) == 5 && DiscountAuthority.percent(for: .c, strategy: .standard) == 12)
    }

    @Test func theForecastWeighsConvertsAndGroups() {
        let cells = [
            ForecastCell(currency: "USD", stage: .qualification, probabilityPercent: nil, month: "2030-02", count: 2, amountMinor: 1_000_00),
            ForecastCell(currency: "USD", stage: .qualification, probabilityPercent: 60, month: "2030-03", count: 1, amountMinor: 1_000_00),
            ForecastCell(currency: "JPY", stage: .negotiation, probabilityPercent: nil, month: "2030-04", count: 1, amountMinor: 150_000),
            ForecastCell(currency: "USD", stage: .won, probabilityPercent: nil, month: "2030-01", count: 3, amountMinor: 9_00),
            ForecastCell(currency: "USD", stage: .lost, probabilityPercent: nil, month: "2030-01", count: 1, amountMinor: 7_00),
            ForecastCell(currency: "KRW", stage: .proposal, probabilityPercent: nil, month: "2030-01", count: 1, amountMinor: 5),
            ForecastCell(currency: "USD", stage: .proposal, probabilityPercent: nil, month: "", count: 4, amountMinor: 5),
        ]
        let rates: [String: Decimal] = ["USD": 1, "JPY": Decimal(string: "0.0067")!]
        let report = Forecast.weigh(cells, process: process, grouping: .quarter, reportingCurrency: "USD", rate: { rates[$0] })
        #expect(report.periods.map(\.period) == ["2030-Q1", "2030-Q2"])
        let q1 = report.periods[0]
        #expect(q1.pipeline.minorUnits == 2_000_00 && q1.weighted.minorUnits == 250_00 + 600_00 && q1.openCount == 3)
        #expect(q1.won.minorUnits == 9_00 && q1.wonCount == 3)
        // 150,000 yen at 0.0067 is 1,005.00 dollars, weighed at negotiation's 75 %.
        #expect(report.periods[1].pipeline.minorUnits == 1_005_00 && report.periods[1].weighted.minorUnits == 753_75)
        #expect(report.total.weighted.minorUnits == 850_00 + 753_75 && report.total.byStage.map(\.stage) == [.qualification, .negotiation])
        #expect(report.unconvertedCurrencies == ["KRW"] && report.undatedOpenCount == 4)
        #expect(ForecastGrouping.month.period(ofMonth: "2030-11") == "2030-11" && ForecastGrouping.quarter.period(ofMonth: "2030-11") == "2030-Q4")
    }

    @Test func aPursuitNamesItsBadRows() {
        let draft = PursuitDraft(competitors: [DealCompetitor(name: " ")], closePlan: [ClosePlanStep(title: "", dueOn: CalendarDate(year: 2030, month: 1, day: 1))],
                                 metCriteria: ["prospecting.need_confirmed", "prospecting.close_date", "x"])
        var v = Validator()
        draft.validate(process: process, into: &v)
        #expect(v.issues.map(\.field) == ["competitors[0].name", "closePlan[0].title", "metCriteria[1]", "metCriteria[2]"])
        #expect(v.issues.map(\.code) == ["required", "required", "computed_criterion", "unknown_criterion"])
    }

    @Test func cycleTimeRunsFromFoundToWon() {
        let draft = OpportunityDraft(name: "Deal", accountID: 1, amount: Money(minorUnits: 1, currency: "USD"), stage: .won, ownerID: 1,
                                     foundOn: CalendarDate(year: 2026, month: 1, day: 10))
        let won = Opportunity(id: 1, draft: draft, closedOn: CalendarDate(year: 2026, month: 3, day: 1), createdAt: Date(), updatedAt: Date())
        #expect(won.cycleDays == 50)
        var open = won
        open.stage = .proposal
        #expect(open.cycleDays == nil)
    }
}
