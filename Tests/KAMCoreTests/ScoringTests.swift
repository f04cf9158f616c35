import Foundation
@testable import KAMCore
import Testing

@Suite("Comprehensive scoring")
struct ScoringTests {
    func model(_ indicators: [ScoringIndicator], threshold: Double = 60) -> ScoringModel {
        ScoringModel(revision: 1, draft: ScoringModelDraft(name: "m", indicators: indicators, threshold: threshold), createdAt: Date(timeIntervalSince1970: 0),
                     createdBy: "t")
    }

    func indicator(_ key: String, weight: Double, levels: ClosedRange<Int> = 1...5, source: IndicatorSource = .entered) -> ScoringIndicator {
        ScoringIndicator(key: key, name: key, description: "", levels: levels.map { ScaleLevel($0, "level \($0)") }, weight: weight, source: source)
    }

    let derived = DerivedLevels(continuousPurchasing: 4, size: 2)

    @Test func weightsThatDoNotSumToOneAreShares() throws {
        // Weights 3 and 1: shares 75 % and 25 %; levels at the top and the bottom of their scales.
        let card = try AccountScoring.score(model([indicator("a", weight: 3), indicator("b", weight: 1, levels: 0...10)]),
                                            entered: ["a": 5, "b": 0], derived: derived)
        #expect(card.lines.map(\.share) == [0.75, 0.25])
        #expect(card.lines.map(\.points) == [75, 0])
        #expect(card.total == 75 && card.complete && card.qualifies)
        let half = try AccountScoring.score(model([indicator("a", weight: 3), indicator("b", weight: 1, levels: 0...10)]),
                                            entered: ["a": 3, "b": 5], derived: derived)
        #expect(half.total == 50)
    }

    @Test func aTieAtTheThresholdQualifies() throws {
        // Weights 0.1, 0.2, 0.3 (shares that are not exact in binary), all at 3/4 of their scale: 75, and 75 qualifies.
        let m = model([indicator("a", weight: 0.1), indicator("b", weight: 0.2), indicator("c", weight: 0.3)], threshold: 60)
        let card = try AccountScoring.score(model(m.indicators, threshold: 75), entered: ["a": 4, "b": 4, "c": 4], derived: derived)
        #expect(card.total == 75 && card.qualifies)
        let levels = [1: 0.0, 2: 25.0, 3: 50.0, 4: 75.0, 5: 100.0]
        for (level, expected) in levels {
            let at = try AccountScoring.score(model([indicator("a", weight: 1)], threshold: expected), entered: ["a": level], derived: derived)
            #expect(at.total == expected && at.qualifies, "level \(level)")
        }
        let mixed = try AccountScoring.score(m, entered: ["a": 5, "b": 3, "c": 4], derived: derived)
        // (0.1×100 + 0.2×50 + 0.3×75) / 0.6 = 70.83…; threshold exactly that qualifies.
        let exact = try AccountScoring.score(model(m.indicators, threshold: mixed.total), entered: ["a": 5, "b": 3, "c": 4], derived: derived)
        #expect(exact.qualifies)
        let above = try AccountScoring.score(model(m.indicators, threshold: mixed.total + 0.001), entered: ["a": 5, "b": 3, "c": 4], derived: derived)
        #expect(!above.qualifies)
    }

    @Test func missingIndicatorsScoreNothingAndTheCardDoesNotQualify() throws {
        let card = try AccountScoring.score(model([indicator("a", weight: 1), indicator("b", weight: 1)], threshold: 10),
                                            entered: ["a": 5], derived: derived)
        #expect(card.total == 50 && !card.complete && !card.qualifies)
        #expect(card.lines[1].level == nil && card.lines[1].points == 0)
    }

    @Test func derivedIndicatorsComeFromTheDataNotFromTyping() throws {
        let m = model([indicator("steady", weight: 1, source: .continuousPurchasing), indicator("big", weight: 1, source: .size)])
        let card = try AccountScoring.score(m, entered: [:], derived: derived)
        #expect(card.lines.map(\.level) == [4, 2])
        #expect(card.total == 50)
        #expect(throws: ValidationFailure([FieldIssue(field: "levels.steady", code: "derived_indicator")])) {
            try AccountScoring.score(m, entered: ["steady": 5], derived: derived)
        }
        #expect(DerivedLevels(regularity: PurchaseRegularity(quartersWithPurchases: 8, quartersObserved: 8), size: .enterprise)
            == DerivedLevels(continuousPurchasing: 5, size: 5))
    }

    @Test func levelsOutsideTheScaleAndUnknownIndicatorsAreRefused() {
        let m = model([indicator("a", weight: 1)])
        #expect(throws: ValidationFailure([FieldIssue(field: "levels.a", code: "level_outside_scale", detail: "1–5"),
                                           FieldIssue(field: "levels.zz", code: "unknown_indicator")])) {
            try AccountScoring.score(m, entered: ["a": 6, "zz": 1], derived: derived)
        }
    }

    @Test func modelsRefuseNegativeOrAllZeroWeightsAndBrokenScales() {
        var draft = ScoringModelDraft(name: "", indicators: [indicator("a", weight: -1), indicator("a", weight: 0, levels: 1...1)], threshold: 120)
        #expect(throws: ValidationFailure([
            FieldIssue(field: "name", code: "required"), FieldIssue(field: "threshold", code: "out_of_range", detail: "0–100"),
            FieldIssue(field: "indicators[0].weight", code: "negative"), FieldIssue(field: "indicators[1].key", code: "duplicate"),
            FieldIssue(field: "indicators[1].levels", code: "too_few_levels", detail: "2"),
        ])) { try draft.validate() }
        draft = ScoringModelDraft(name: "z", indicators: [indicator("a", weight: 0), indicator("b", weight: 0)], threshold: 50)
        #expect(throws: ValidationFailure([FieldIssue(field: "indicators", code: "all_weights_zero")])) { try draft.validate() }
        draft = ScoringModelDraft(name: "d", indicators: [indicator("s", weight: 1, levels: 1...3, source: .size)], threshold: 50)
        #expect(throws: ValidationFailure([FieldIssue(field: "indicators[0].levels", code: "derived_scale", detail: "1–5")])) { try draft.validate() }
        #expect(throws: Never.self) { try ScoringModelDraft.standard.validate() }
        #expect(ScoringModelDraft.standard.indicators.count == 9)
    }
}
