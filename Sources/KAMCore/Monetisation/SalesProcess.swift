import Foundation

/// How an exit criterion is known to be met: ticked by the opportunity's team, or read from the
/// opportunity's own data, so nobody ticks "decision chain mapped" over an empty chain.
public enum CriterionCheck: String, DomainVocabulary {
    case manual
    case closeDateSet = "close_date_set"
    case decisionChainMapped = "decision_chain_mapped"
    case competitorsNamed = "competitors_named"
    case closePlanSet = "close_plan_set"
    public static let vocabularyName = "criterioncheck"
}

public struct ExitCriterion: Sendable, Hashable, Codable {
    public var key: String
    public var label: String
    public var check: CriterionCheck

    public init(_ key: String, _ label: String, check: CriterionCheck = .manual) {
        self.key = key
        self.label = label
        self.check = check
    }
}

/// One stage of the staged sales process: what it is worth in the forecast and what must be true
/// before an opportunity leaves it.
public struct SalesStage: Sendable, Hashable, Codable {
    public var key: String
    public var name: String
    public var probabilityPercent: Int
    public var exitCriteria: [ExitCriterion]

    public init(key: String, name: String, probabilityPercent: Int, exitCriteria: [ExitCriterion]) {
        self.key = key
        self.name = name
        self.probabilityPercent = probabilityPercent
        self.exitCriteria = exitCriteria
    }

    public var stage: OpportunityStage { OpportunityStage(rawValue: key) }
}

/// Which way an opportunity is sold (domain.md §9): large ones through the stages, small ones
/// straight to quote, order and contract.
public enum SalesTrack: String, DomainVocabulary {
    case staged, fastTrack = "fast_track"
    public static let vocabularyName = "salestrack"
}

/// An exit criterion not met on the way from one stage to another.
public struct UnmetCriterion: Sendable, Hashable, Codable {
    public var stageKey: String
    public var criterionKey: String
    public var label: String

    public init(stageKey: String, criterionKey: String, label: String) {
        self.stageKey = stageKey
        self.criterionKey = criterionKey
        self.label = label
    }

    public var reference: String { "\(stageKey).\(criterionKey)" }
}

/// The company's sales process: the open stages in order (every process ends in won or lost),
/// and the amount per currency from which an opportunity is large.
public struct SalesProcess: CompanyDocument {
    public static let kind = "sales_process"
    public var stages: [SalesStage]
    /// Per currency, the amount (minor units) from which an opportunity takes the staged process.
    public var largeDealThresholds: [Money]

    public init(stages: [SalesStage], largeDealThresholds: [Money]) {
        self.stages = stages
        self.largeDealThresholds = largeDealThresholds
    }

    public static let standard = SalesProcess(stages: [
        SalesStage(key: "prospecting", name: "Prospecting", probabilityPercent: 10, exitCriteria: [
            ExitCriterion("need_confirmed", "The customer confirmed the need"),
            ExitCriterion("close_date", "Expected close date set", check: .closeDateSet),
        ]),
        SalesStage(key: "qualification", name: "Qualification", probabilityPercent: 25, exitCriteria: [
            ExitCriterion("budget_confirmed", "Budget confirmed"),
            ExitCriterion("decision_chain", "Decision chain mapped", check: .decisionChainMapped),
        ]),
        SalesStage(key: "proposal", name: "Proposal", probabilityPercent: 50, exitCriteria: [
            ExitCriterion("proposal_presented", "Proposal presented to the decision maker"),
            ExitCriterion("competitors", "Competitors named", check: .competitorsNamed),
        ]),
        SalesStage(key: "negotiation", name: "Negotiation", probabilityPercent: 75, exitCriteria: [
            ExitCriterion("terms_agreed", "Commercial terms agreed"),
            ExitCriterion("close_plan", "Close plan agreed with the customer", check: .closePlanSet),
        ]),
    ], largeDealThresholds: [
        Money(minorUnits: 25_000_000, currency: "USD"), Money(minorUnits: 23_000_000, currency: "EUR"),
        Money(minorUnits: 35_000_000, currency: "JPY"), Money(minorUnits: 300_000_000, currency: "KRW"),
        Money(minorUnits: 170_000_000, currency: "CNY"),
    ])

    public func stage(_ stage: OpportunityStage) -> SalesStage? { stages.first { $0.key == stage.rawValue } }

    public var allStages: [OpportunityStage] { stages.map(\.stage) + OpportunityStage.outcomes }

    public func knows(_ stage: OpportunityStage) -> Bool { stage.isClosed || self.stage(stage) != nil }

    /// Won counts whole, lost nothing; a stage since removed from the process counts nothing
    /// rather than a guess.
    public func probabilityPercent(of stage: OpportunityStage) -> Int {
        switch stage {
        case .won: 100
        case .lost: 0
        default: self.stage(stage)?.probabilityPercent ?? 0
        }
    }

    public func threshold(for currency: String) -> Money? { largeDealThresholds.first { $0.currency == currency } }

    /// Without a threshold for its currency an opportunity is treated as large: the staged
    /// process is the careful default, and the settings page names the missing currencies.
    public func track(for amount: Money) -> SalesTrack {
        guard let threshold = threshold(for: amount.currency) else { return .staged }
        return amount.minorUnits >= threshold.minorUnits ? .staged : .fastTrack
    }

    /// The exit criteria an opportunity skips by moving from `from` to `to`: those of `from` and of
    /// every stage between, when the move goes forward (a win passes every remaining stage).
    /// Reopening a closed opportunity starts from the first stage, so won → lost → won cannot step
    /// round the gate. Moving back, to lost, or within the same stage skips nothing.
    public func unmet(from: OpportunityStage, to: OpportunityStage, isMet: (SalesStage, ExitCriterion) -> Bool) -> [UnmetCriterion] {
        guard from != to, to != .lost else { return [] }
        let opened = from.isClosed ? 0 : stages.firstIndex(where: { $0.key == from.rawValue })
        guard let start = opened else { return [] }
        let end: Int
        if to == .won { end = stages.count } else {
            guard let target = stages.firstIndex(where: { $0.key == to.rawValue }), target > start else { return [] }
            end = target
        }
        return stages[start..<end].flatMap { stage in
            stage.exitCriteria.filter { !isMet(stage, $0) }.map {
                UnmetCriterion(stageKey: stage.key, criterionKey: $0.key, label: $0.label)
            }
        }
    }

    public func validate() throws(ValidationFailure) {
        var v = Validator()
        if stages.isEmpty { v.add("stages", "required") }
        if stages.count > 12 { v.add("stages", "too_many", "12") }
        for (index, stage) in stages.enumerated() {
            let field = "stages[\(index)]"
            StrategyLibrary.checkKey(stage.key, "\(field).key", into: &v)
            if OpportunityStage.outcomes.map(\.rawValue).contains(stage.key) { v.add("\(field).key", "reserved") }
            if stages[..<index].contains(where: { $0.key == stage.key }) { v.add("\(field).key", "duplicate") }
            v.text(stage.name, "\(field).name", required: true, max: 100)
            v.range(stage.probabilityPercent, "\(field).probabilityPercent", 0...100)
            if stage.exitCriteria.count > 10 { v.add("\(field).exitCriteria", "too_many", "10") }
            for (c, criterion) in stage.exitCriteria.enumerated() {
                StrategyLibrary.checkKey(criterion.key, "\(field).exitCriteria[\(c)].key", into: &v)
                if stage.exitCriteria[..<c].contains(where: { $0.key == criterion.key }) { v.add("\(field).exitCriteria[\(c)].key", "duplicate") }
                v.text(criterion.label, "\(field).exitCriteria[\(c)].label", required: true, max: 200)
            }
        }
        for (index, threshold) in largeDealThresholds.enumerated() {
            let field = "largeDealThresholds[\(index)]"
            if Money.minorUnitDigits[threshold.currency] == nil { v.add("\(field).currency", "invalid_currency") }
            if largeDealThresholds[..<index].contains(where: { $0.currency == threshold.currency }) { v.add("\(field).currency", "duplicate") }
            if threshold.minorUnits <= 0 || threshold.minorUnits > 1_000_000_000_000_000 { v.add("\(field).minorUnits", "out_of_range") }
        }
        try v.check()
    }
}
