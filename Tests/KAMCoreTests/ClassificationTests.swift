@testable import KAMCore
import Testing

@Suite("ABCD classification")
struct ClassificationTests {
    func figures(_ rows: [(AccountID, Double?, Double?)]) -> [AccountFigures] {
        rows.map { AccountFigures(accountID: $0.0, values: [.revenue: $0.1, .expectedValue: $0.2].compactMapValues { $0 }) }
    }

    func rules(_ contribution: AxisThreshold, _ potential: AxisThreshold) -> ClassificationRules {
        ClassificationRules(contribution: AxisDefinition(inputs: [WeightedInput(.revenue, weight: 1)], threshold: contribution),
                            potential: AxisDefinition(inputs: [WeightedInput(.expectedValue, weight: 1)], threshold: potential))
    }

    @Test func quadrantsFollowTheMethod() {
        #expect(AccountClass.of(highContribution: true, highPotential: true) == .a)
        #expect(AccountClass.of(highContribution: true, highPotential: false) == .b)
        #expect(AccountClass.of(highContribution: false, highPotential: true) == .c)
        #expect(AccountClass.of(highContribution: false, highPotential: false) == .d)
    }

    @Test func percentilesCountTiesHalfAndMissingValuesLowest() {
        #expect(Classification.percentileRanks([10, 20, 30]) == [0, 50, 100])
        #expect(Classification.percentileRanks([10, 10, 30]) == [25, 25, 100])
        #expect(Classification.percentileRanks([nil, 5, nil]) == [25, 100, 25])
        #expect(Classification.percentileRanks([7]) == [100])
    }

    @Test func aTopShareKeepsTiesAtTheBoundaryTogether() {
        // Top 25 % of four accounts is one, but two tie for first: both are high.
        let result = Classification.classify(figures([(1, 100, 5), (2, 100, 1), (3, 50, 9), (4, 10, 3)]),
                                             rules: rules(.topShare(0.25), .topShare(0.25)))
        let classes = Dictionary(uniqueKeysWithValues: result.placements.map { ($0.accountID, $0.accountClass) })
        #expect(classes == [1: .b, 2: .b, 3: .c, 4: .d])
        #expect(result.contributionCut == result.placements.first { $0.accountID == 1 }?.contribution)
    }

    @Test func anAbsoluteThresholdIncludesAnAccountExactlyOnIt() {
        // Percentiles of three: 0, 50, 100; a threshold of 50 makes the middle account high.
        let result = Classification.classify(figures([(1, 1, 1), (2, 2, 2), (3, 3, 3)]), rules: rules(.absolute(50), .absolute(50.000001)))
        #expect(result.placements.map(\.accountClass) == [.d, .b, .a])
    }

    @Test func weightsAreSharesAndEachPartIsExplained() {
        let portfolio = [AccountFigures(accountID: 1, values: [.revenue: 10, .margin: 1]),
                         AccountFigures(accountID: 2, values: [.revenue: 20, .margin: 3]),
                         AccountFigures(accountID: 3, values: [.revenue: 30, .margin: 2])]
        let mixed = ClassificationRules(
            contribution: AxisDefinition(inputs: [WeightedInput(.revenue, weight: 3), WeightedInput(.margin, weight: 1),
                                                  WeightedInput(.score, weight: 0)], threshold: .absolute(60)),
            potential: AxisDefinition(inputs: [WeightedInput(.score, weight: 1)], threshold: .absolute(50)))
        let result = Classification.classify(portfolio, rules: mixed)
        let third = result.placements[2]
        // Revenue 100th percentile × 3/4 + margin 50th × 1/4 = 87.5; the zero-weight score adds nothing.
        #expect(third.contribution == 87.5)
        #expect(third.contributionParts.map(\.points) == [75, 12.5, 0])
        // Nobody has a score: all level at the 50th percentile, which meets an absolute 50.
        #expect(result.placements.allSatisfy { $0.potential == 50 })
        #expect(result.placements.map(\.accountClass) == [.c, .a, .a])
    }

    @Test func rulesRefuseNegativeOrAllZeroWeightsAndShares() {
        var bad = rules(.topShare(1.5), .absolute(-1))
        bad.contribution.inputs = [WeightedInput(.revenue, weight: -1), WeightedInput(.revenue, weight: 1)]
        bad.potential.inputs = [WeightedInput(.score, weight: 0)]
        #expect(throws: ValidationFailure([
            FieldIssue(field: "contribution.inputs[0].weight", code: "negative"), FieldIssue(field: "contribution.inputs[1].input", code: "duplicate"),
            FieldIssue(field: "contribution.threshold", code: "out_of_range", detail: "0–1"),
            FieldIssue(field: "potential.inputs", code: "all_weights_zero"), FieldIssue(field: "potential.threshold", code: "out_of_range", detail: "0–100"),
        ])) { try bad.validate() }
        #expect(throws: Never.self) { try ClassificationRules.standard.validate() }
    }

    @Test func movesListOnlyAccountsWhoseClassChanges() {
        let result = Classification.classify(figures([(1, 100, 100), (2, 1, 1)]), rules: rules(.topShare(0.5), .topShare(0.5)))
        let moves = Classification.moves(current: [1: .a, 2: .c], proposed: result)
        #expect(moves.map(\.0) == [2])
        #expect(moves.first?.from == .c && moves.first?.to == .d)
    }

    @Test func aTopShareCountsWholeAccountsDespiteBinaryFractions() {
        // 0.07 × 100 is 7.000000000000001 in floating point: still the top 7 accounts.
        let values = (1...100).map(Double.init)
        #expect(Classification.cut(values, .topShare(0.07)) == 94)
        #expect(Classification.cut(values, .topShare(0.55)) == 46)
        #expect(Classification.cut(values, .topShare(0.071)) == 93)
    }
}
