import Foundation

/// One point a review of a kind judges: a part of the plan, a person on the account, a strategy.
/// `labelKey` names a catalogue entry; `subject` is data (a person's or a strategy's name) shown beside it.
public struct ChecklistPoint: Sendable, Hashable, Codable {
    public var key: String
    public var labelKey: String
    public var subject: String
    /// What the data says already (the last score, a person's role), shown as the note's start.
    public var hint: String

    public init(key: String, labelKey: String, subject: String = "", hint: String = "") {
        self.key = key
        self.labelKey = labelKey
        self.subject = subject
        self.hint = hint
    }
}

/// What a review of each kind goes through (domain.md §8), pre-filled from the account's data,
/// and the verdicts each point may take.
public enum ReviewChecklist {
    /// The people on the account (team members and coverers) and its live strategies, as the
    /// checklists need them.
    public struct Facts: Sendable {
        public var people: [(id: UserID, name: String, role: String)]
        public var strategies: [(id: StrategyAssignmentID, name: String)]
        public var lastScore: Double?

        public init(people: [(id: UserID, name: String, role: String)] = [], strategies: [(id: StrategyAssignmentID, name: String)] = [],
                    lastScore: Double? = nil) {
            self.people = people
            self.strategies = strategies
            self.lastScore = lastScore
        }

    }

    public static func verdicts(_ kind: EvaluationKind) -> [String] {
        switch kind {
        case .planExecution: ["as_planned", "behind", "revise"]
        case .customer: ["confirmed", "changed"]
        case .coverage: ["best", "reassign"]
        case .strategy: ["keep", "adjust", "drop"]
        case .yearly: ["met", "missed"]
        }
    }

    public static func points(_ kind: EvaluationKind, facts: Facts) -> [ChecklistPoint] {
        switch kind {
        case .planExecution:
            ["situation", "priorities", "relationships", "opportunities", "people", "targets"].map { ChecklistPoint(key: "plan.\($0)", labelKey: "checklist.plan.\($0)") }
        case .customer:
            [ChecklistPoint(key: "customer.score", labelKey: "checklist.customer.score", hint: facts.lastScore.map { String(format: "%.1f", $0) } ?? ""),
             ChecklistPoint(key: "customer.criteria", labelKey: "checklist.customer.criteria")]
        case .coverage:
            facts.people.map { ChecklistPoint(key: "person.\($0.id)", labelKey: "checklist.coverage.person", subject: $0.name, hint: $0.role) }
        case .strategy:
            facts.strategies.map { ChecklistPoint(key: "strategy.\($0.id)", labelKey: "checklist.strategy.assignment", subject: $0.name) }
        case .yearly:
            ["targets", "reviews", "objectives", "score"].map { ChecklistPoint(key: "yearly.\($0)", labelKey: "checklist.yearly.\($0)") }
        }
    }

    /// What a judged point changes: a person judged not the best allocation opens a reassignment;
    /// a strategy dropped ends its assignment, one to adjust asks its owner to.
    public enum Consequence: Sendable, Hashable {
        case reassign(UserID)
        case dropStrategy(StrategyAssignmentID)
        case adjustStrategy(StrategyAssignmentID)
    }

    public static func consequences(_ kind: EvaluationKind, _ points: [ReviewPoint]) -> [Consequence] {
        points.compactMap { point in
            let parts = point.key.split(separator: ".")
            guard parts.count == 2, let id = Int64(parts[1]) else { return nil }
            switch (kind, String(parts[0]), point.verdict) {
            case (.coverage, "person", "reassign"): return .reassign(id)
            case (.strategy, "strategy", "drop"): return .dropStrategy(id)
            case (.strategy, "strategy", "adjust"): return .adjustStrategy(id)
            default: return nil
            }
        }
    }
}
