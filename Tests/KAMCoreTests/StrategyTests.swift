import Foundation
import KAMCore
import Testing

@Suite("Company documents, investment strategy, strategy library")
struct StrategyTests {
    @Test func thresholdsAndRevisionsEncodeFlat() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        #expect(String(decoding: try encoder.encode(AxisThreshold.topShare(0.25)), as: UTF8.self) == #"{"kind":"top_share","value":0.25}"#)
        let back = try JSONDecoder().decode(AxisThreshold.self, from: Data(#"{"kind":"absolute","value":60}"#.utf8))
        #expect(back == .absolute(60))
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(AxisThreshold.self, from: Data(#"{"kind":"median","value":1}"#.utf8)) }

        let revised = Revised(revision: 3, document: ClassificationRules.standard, createdAt: nil, createdBy: "ana")
        let object = try JSONSerialization.jsonObject(with: try encoder.encode(revised)) as? [String: Any] ?? [:]
        #expect(object["revision"] as? Int == 3 && object["createdBy"] as? String == "ana" && object["contribution"] != nil && object["document"] == nil)
        #expect(try JSONDecoder().decode(Revised<ClassificationRules>.self, from: try encoder.encode(revised)) == revised)
    }

    @Test func theStandardDocumentsAreValid() throws {
        try ClassificationRules.standard.validate()
        try InvestmentStrategy.standard.validate()
        try StrategyLibrary.standard.validate()
        #expect(StrategyLibrary.standard.strategies.map(\.key) == ["expand", "develop", "maintain", "harvest", "recover"])
        for accountClass in AccountClass.allCases { #expect(!StrategyLibrary.standard.suggested(for: accountClass).isEmpty) }
        #expect(!ClassificationRules.standard.usesLookAlike)
    }

    @Test func investmentRulesNeedEveryClassOnceWithinRange() {
        var strategy = InvestmentStrategy.standard
        strategy.classes[0].visitsPerQuarter = -1
        strategy.classes[1].discountAuthorityPercent = .nan
        strategy.classes[2].reviewCadenceMonths = 0
        strategy.classes[3].accountClass = .a
        #expect(throws: ValidationFailure([
            FieldIssue(field: "classes[0].visitsPerQuarter", code: "out_of_range", detail: "0–100"),
            FieldIssue(field: "classes[1].discountAuthorityPercent", code: "out_of_range", detail: "0–100"),
            FieldIssue(field: "classes[2].reviewCadenceMonths", code: "out_of_range", detail: "1–24"),
            FieldIssue(field: "classes[3].accountClass", code: "duplicate"),
            FieldIssue(field: "classes", code: "missing_class", detail: "D"),
        ])) { try strategy.validate() }
    }

    @Test func entitlementsCompareWhatTheClassGivesWithTheEffort() {
        let a = InvestmentStrategy.standard.rules(for: .a)!
        func effort(_ check: EntitlementCheck, _ item: EntitlementCheck.Item) -> EntitlementCheck.Effort? {
            check.lines.first { $0.item == item }?.effort
        }
        let bare = EntitlementCheck.check(a, sponsor: false, expertHours: 0)
        #expect(effort(bare, .executiveSponsor) == .short && effort(bare, .expertHours) == .short && effort(bare, .visits) == .notRecorded)
        let served = EntitlementCheck.check(a, sponsor: true, expertHours: 180)
        #expect(effort(served, .executiveSponsor) == .inLine && effort(served, .expertHours) == .inLine)
        #expect(effort(EntitlementCheck.check(a, sponsor: true, expertHours: 181), .expertHours) == .over)
        // A class with no expert time: any is more than entitled, none is in line.
        let d = InvestmentStrategy.standard.rules(for: .d)!
        #expect(effort(EntitlementCheck.check(d, sponsor: false, expertHours: 0), .expertHours) == .inLine)
        #expect(effort(EntitlementCheck.check(d, sponsor: false, expertHours: 1), .expertHours) == .over)
        #expect(effort(EntitlementCheck.check(d, sponsor: false, expertHours: 0), .executiveSponsor) == .inLine)
    }

    @Test func theClassSetsThePresalesTierAndALargeDealStillLiftsIt() {
        #expect(PresalesRouting.tier(status: .none, classTier: .one, deal: nil) == .one)
        #expect(PresalesRouting.tier(status: .qualified, classTier: .three, deal: nil) == .three)
        #expect(PresalesRouting.tier(status: .qualified, classTier: .three, deal: Money(minorUnits: 2_000_000_00, currency: "USD")) == .one)
        #expect(PresalesRouting.tier(status: .qualified, deal: nil) == .one)
    }

    @Test func libraryKeysAndAssignmentsAreChecked() {
        var library = StrategyLibrary.standard
        library.strategies[0].key = "Expand!"
        library.strategies[1].tactics.append(library.strategies[1].tactics[0])
        library.strategies[2].classes = [.b, .b]
        #expect(throws: ValidationFailure([
            FieldIssue(field: "strategies[0].key", code: "invalid_key"),
            FieldIssue(field: "strategies[1].tactics[3].key", code: "duplicate"),
            FieldIssue(field: "strategies[2].classes", code: "duplicate"),
        ])) { try library.validate() }

        let standard = StrategyLibrary.standard
        #expect(throws: ValidationFailure([FieldIssue(field: "tacticKey", code: "unknown_tactic")])) {
            try StrategyAssignmentDraft(strategyKey: "expand", tacticKey: "remote_coverage", ownerID: 1).validate(library: standard)
        }
        #expect(throws: ValidationFailure([FieldIssue(field: "strategyKey", code: "required")])) {
            try StrategyAssignmentDraft(strategyKey: "", ownerID: 1).validate(library: standard)
        }
        #expect(throws: Never.self) { try StrategyAssignmentDraft(strategyKey: "harvest", tacticKey: "remote_coverage", ownerID: 1).validate(library: standard) }
    }
}
