import Foundation

/// The regular evaluations of domain.md §8, and the yearly assessment of each key account.
public enum EvaluationKind: String, DomainVocabulary {
    case planExecution = "plan_execution", customer, coverage, strategy, yearly
    public static let vocabularyName = "evaluation_kind"
}

/// How the next due date is found once a review is held.
public enum CadenceAnchoring: String, DomainVocabulary {
    /// The previous due date plus the cadence, whether the review was held early or late: the
    /// rhythm does not slip.
    case anchored
    /// The day the review was held plus the cadence.
    case floating
    public static let vocabularyName = "anchoring"
}

public struct EvaluationCadence: Sendable, Hashable, Codable {
    public var kind: EvaluationKind
    public var months: Int
    public var anchoring: CadenceAnchoring
    /// A classified account is reviewed at its class's rhythm (the investment strategy's review
    /// cadence, e.g. class A monthly) instead of `months`.
    public var followsClass: Bool

    public init(_ kind: EvaluationKind, months: Int, anchoring: CadenceAnchoring = .anchored, followsClass: Bool = false) {
        self.kind = kind
        self.months = months
        self.anchoring = anchoring
        self.followsClass = followsClass
    }
}

/// The company's review calendar settings: one cadence per kind.
public struct EvaluationCadences: CompanyDocument {
    public static let kind = "evaluation_cadences"
    public var cadences: [EvaluationCadence]
    /// Days before a due date when the reminder goes out.
    public var remindDaysBefore: Int

    public init(cadences: [EvaluationCadence], remindDaysBefore: Int = 14) {
        self.cadences = cadences
        self.remindDaysBefore = remindDaysBefore
    }

    /// Plan execution and the customer review every three months (at the class's rhythm where it
    /// has one), coverage and strategy every six, the assessment yearly.
    public static let standard = EvaluationCadences(cadences: [
        EvaluationCadence(.planExecution, months: 3, followsClass: true),
        EvaluationCadence(.customer, months: 3, followsClass: true),
        EvaluationCadence(.coverage, months: 6),
        EvaluationCadence(.strategy, months: 6),
        EvaluationCadence(.yearly, months: 12),
    ])

    public static let longestCadence = 36

    public func cadence(_ kind: EvaluationKind) -> EvaluationCadence {
        cadences.first { $0.kind == kind } ?? Self.standard.cadences.first { $0.kind == kind }!
    }

    /// The months between two reviews of `kind` at an account of `accountClass`.
    public func months(_ kind: EvaluationKind, accountClass: AccountClass?, investment: InvestmentStrategy) -> Int {
        let cadence = cadence(kind)
        guard cadence.followsClass, let accountClass, let rules = investment.rules(for: accountClass),
              (1...Self.longestCadence).contains(rules.reviewCadenceMonths) else { return cadence.months }
        return rules.reviewCadenceMonths
    }

    public func validate() throws(ValidationFailure) {
        var v = Validator()
        for (index, cadence) in cadences.enumerated() {
            let field = "cadences[\(index)]"
            if cadences[..<index].contains(where: { $0.kind == cadence.kind }) { v.add("\(field).kind", "duplicate") }
            v.range(cadence.months, "\(field).months", 1...Self.longestCadence)
        }
        for missing in EvaluationKind.allCases where !cadences.contains(where: { $0.kind == missing }) {
            v.add("cadences", "missing_kind", missing.rawValue)
        }
        v.range(remindDaysBefore, "remindDaysBefore", 0...90)
        try v.check()
    }
}
