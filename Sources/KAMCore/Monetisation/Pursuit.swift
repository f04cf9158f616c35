import Foundation

/// A competitor met on an opportunity, and where they stand.
public struct DealCompetitor: Sendable, Hashable, Codable {
    public var name: String
    public var strengths: String?
    public var note: String?

    public init(name: String, strengths: String? = nil, note: String? = nil) {
        self.name = name
        self.strengths = strengths
        self.note = note
    }
}

/// One dated step of the close plan agreed with the customer.
public struct ClosePlanStep: Sendable, Hashable, Codable {
    public var title: String
    public var dueOn: CalendarDate
    public var ownerID: UserID?
    public var doneOn: CalendarDate?

    public init(title: String, dueOn: CalendarDate, ownerID: UserID? = nil, doneOn: CalendarDate? = nil) {
        self.title = title
        self.dueOn = dueOn
        self.ownerID = ownerID
        self.doneOn = doneOn
    }
}

/// What the team records while pursuing a large opportunity; saved whole, under the
/// opportunity's version.
public struct PursuitDraft: Sendable, Hashable, Codable {
    public var competitors: [DealCompetitor]
    public var closePlan: [ClosePlanStep]
    /// Manual exit criteria ticked, as `stage.criterion`.
    public var metCriteria: [String]

    public init(competitors: [DealCompetitor] = [], closePlan: [ClosePlanStep] = [], metCriteria: [String] = []) {
        self.competitors = competitors
        self.closePlan = closePlan
        self.metCriteria = metCriteria
    }

    public func validate(process: SalesProcess, into v: inout Validator) {
        if competitors.count > 20 { v.add("competitors", "too_many", "20") }
        for (index, competitor) in competitors.enumerated() {
            v.text(competitor.name, "competitors[\(index)].name", required: true, max: 200)
            v.text(competitor.strengths, "competitors[\(index)].strengths", max: 2000)
            v.text(competitor.note, "competitors[\(index)].note", max: 2000)
        }
        if closePlan.count > 50 { v.add("closePlan", "too_many", "50") }
        for (index, step) in closePlan.enumerated() {
            v.text(step.title, "closePlan[\(index)].title", required: true, max: 200)
        }
        for (index, reference) in metCriteria.enumerated() {
            let parts = reference.split(separator: ".", maxSplits: 1).map(String.init)
            let criterion = parts.count == 2 ? process.stage(OpportunityStage(rawValue: parts[0]))?.exitCriteria.first { $0.key == parts[1] } : nil
            if criterion == nil { v.add("metCriteria[\(index)]", "unknown_criterion") }
            else if criterion?.check != .manual { v.add("metCriteria[\(index)]", "computed_criterion") }
        }
    }
}

/// The data behind the computed exit criteria.
public struct PursuitFacts: Sendable, Hashable {
    public var closeDateSet: Bool
    public var decisionChainMapped: Bool
    public var competitorsNamed: Bool
    public var closePlanSet: Bool
    public var ticked: Set<String>

    public init(closeDateSet: Bool, decisionChainMapped: Bool, competitorsNamed: Bool, closePlanSet: Bool, ticked: Set<String>) {
        self.closeDateSet = closeDateSet
        self.decisionChainMapped = decisionChainMapped
        self.competitorsNamed = competitorsNamed
        self.closePlanSet = closePlanSet
        self.ticked = ticked
    }

    public func isMet(_ stage: SalesStage, _ criterion: ExitCriterion) -> Bool {
        switch criterion.check {
        case .manual: ticked.contains("\(stage.key).\(criterion.key)")
        case .closeDateSet: closeDateSet
        case .decisionChainMapped: decisionChainMapped
        case .competitorsNamed: competitorsNamed
        case .closePlanSet: closePlanSet
        }
    }
}

/// An exit criterion with whether it holds, for the opportunity page and the API.
public struct CriterionState: Sendable, Hashable, Codable {
    public var stageKey: String
    public var criterionKey: String
    public var label: String
    public var check: CriterionCheck
    public var met: Bool
}

/// A stage move with its reason; `overridden` lists the exit criteria it skipped.
public struct StageMove: Sendable, Hashable, Codable {
    public var from: OpportunityStage?
    public var to: OpportunityStage
    public var reason: String?
    public var skipped: [String]
    public var by: String
    public var at: Date

    public init(from: OpportunityStage?, to: OpportunityStage, reason: String?, skipped: [String], by: String, at: Date) {
        self.from = from
        self.to = to
        self.reason = reason
        self.skipped = skipped
        self.by = by
        self.at = at
    }
}

/// Everything about pursuing one opportunity: its stage's worth, its criteria, competitors,
/// close plan and how it moved.
public struct Pursuit: Sendable, Hashable, Codable {
    public var opportunityID: OpportunityID
    public var track: SalesTrack
    public var stage: OpportunityStage
    public var probabilityPercent: Int
    public var competitors: [DealCompetitor]
    public var closePlan: [ClosePlanStep]
    public var criteria: [CriterionState]
    public var moves: [StageMove]
    public var cycleDays: Int?
    public var version: Int

    public init(opportunity: Opportunity, process: SalesProcess, competitors: [DealCompetitor], closePlan: [ClosePlanStep],
                facts: PursuitFacts, moves: [StageMove]) {
        opportunityID = opportunity.id
        track = opportunity.track
        stage = opportunity.stage
        probabilityPercent = opportunity.probabilityPercent ?? process.probabilityPercent(of: opportunity.stage)
        self.competitors = competitors
        self.closePlan = closePlan
        criteria = process.stages.flatMap { stage in
            stage.exitCriteria.map {
                CriterionState(stageKey: stage.key, criterionKey: $0.key, label: $0.label, check: $0.check, met: facts.isMet(stage, $0))
            }
        }
        self.moves = moves
        cycleDays = opportunity.cycleDays
        version = opportunity.version
    }
}
