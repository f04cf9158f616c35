import Foundation

/// What the yearly assessment judges (domain.md §8): sales teams, salespeople, key accounts.
public enum AssessmentSubject: String, DomainVocabulary {
    case team, salesperson, keyAccount = "key_account"
    public static let vocabularyName = "assessment_subject"
}

/// The four criteria of the yearly assessment.
public enum AssessmentCriterion: String, DomainVocabulary {
    case targets, reviewsOnTime = "reviews_on_time", objectives, customerScore = "customer_score"
    public static let vocabularyName = "assessment_criterion"
}

public enum AssessmentDecision: String, DomainVocabulary {
    case qualified, notQualified = "not_qualified"
    public static let vocabularyName = "assessment_decision"
}

/// The bars an administrator sets; a subject meets a criterion when its figure reaches the bar.
public struct AssessmentCriteria: CompanyDocument {
    public static let kind = "assessment_criteria"
    /// Revenue booked as a share of the target or quota, in percent.
    public var targetsPercent: Int
    public var reviewsOnTimePercent: Int
    /// Plan objectives achieved, in percent of those due in the year.
    public var objectivesPercent: Int
    /// The customer score (0–100) at the end of the year.
    public var customerScore: Int

    public init(targetsPercent: Int = 90, reviewsOnTimePercent: Int = 80, objectivesPercent: Int = 70, customerScore: Int = 60) {
        self.targetsPercent = targetsPercent
        self.reviewsOnTimePercent = reviewsOnTimePercent
        self.objectivesPercent = objectivesPercent
        self.customerScore = customerScore
    }

    public static let standard = AssessmentCriteria()

    public func validate() throws(ValidationFailure) {
        var v = Validator()
        v.range(targetsPercent, "targetsPercent", 0...1000)
        v.range(reviewsOnTimePercent, "reviewsOnTimePercent", 0...100)
        v.range(objectivesPercent, "objectivesPercent", 0...100)
        v.range(customerScore, "customerScore", 0...100)
        try v.check()
    }

    /// Each criterion met (true), missed (false) or without a figure to judge (nil).
    public func judge(_ figures: AssessmentFigures) -> [AssessmentCriterion: Bool?] {
        [.targets: figures.targetsPercent.map { $0 >= targetsPercent },
         .reviewsOnTime: figures.reviewsOnTimePercent.map { $0 >= reviewsOnTimePercent },
         .objectives: figures.objectivesPercent.map { $0 >= objectivesPercent },
         .customerScore: figures.customerScore.map { $0 >= Double(customerScore) }]
    }

    /// The decision the figures suggest: qualified when every criterion with a figure is met and
    /// at least one has a figure; nil when there is nothing to judge.
    public func suggestion(_ figures: AssessmentFigures) -> AssessmentDecision? {
        let judged = judge(figures).values.compactMap { $0 }
        guard !judged.isEmpty else { return nil }
        return judged.allSatisfy { $0 } ? .qualified : .notQualified
    }
}

/// The year's figures of one subject, pre-filled from data.
public struct AssessmentFigures: Sendable, Hashable, Codable {
    public var targetsPercent: Int?
    public var reviewsOnTimePercent: Int?
    public var objectivesPercent: Int?
    public var customerScore: Double?

    public init(targetsPercent: Int? = nil, reviewsOnTimePercent: Int? = nil, objectivesPercent: Int? = nil, customerScore: Double? = nil) {
        self.targetsPercent = targetsPercent
        self.reviewsOnTimePercent = reviewsOnTimePercent
        self.objectivesPercent = objectivesPercent
        self.customerScore = customerScore
    }

    /// Percent of `part` in `whole`, rounded; nil when there is no whole.
    public static func percent(_ part: Double, of whole: Double) -> Int? {
        whole > 0 ? Int((part * 100 / whole).rounded()) : nil
    }
}

/// One line of a year's assessment: the figures, what they suggest, and the decision taken.
public struct YearlyAssessment: Sendable, Hashable, Codable {
    public var year: Int
    public var subject: AssessmentSubject
    public var subjectID: Int64
    public var name: String
    public var figures: AssessmentFigures
    public var met: [String: Bool]
    public var suggestion: AssessmentDecision?
    public var decision: AssessmentDecision?
    public var comment: String
    public var decidedBy: String?
    public var decidedAt: Date?
    /// 0 until a decision is recorded.
    public var version: Int

    public init(year: Int, subject: AssessmentSubject, subjectID: Int64, name: String, figures: AssessmentFigures, criteria: AssessmentCriteria,
                decision: AssessmentDecision? = nil, comment: String = "", decidedBy: String? = nil, decidedAt: Date? = nil, version: Int = 0) {
        self.year = year
        self.subject = subject
        self.subjectID = subjectID
        self.name = name
        self.figures = figures
        var met: [String: Bool] = [:]
        for (criterion, result) in criteria.judge(figures) { if let result { met[criterion.rawValue] = result } }
        self.met = met
        self.suggestion = criteria.suggestion(figures)
        self.decision = decision
        self.comment = comment
        self.decidedBy = decidedBy
        self.decidedAt = decidedAt
        self.version = version
    }
}

/// A decision as a user records it.
public struct AssessmentDecisionDraft: Sendable, Hashable {
    public var year: Int
    public var subject: AssessmentSubject
    public var subjectID: Int64
    public var decision: AssessmentDecision
    public var comment: String

    public init(year: Int, subject: AssessmentSubject, subjectID: Int64, decision: AssessmentDecision, comment: String) {
        self.year = year
        self.subject = subject
        self.subjectID = subjectID
        self.decision = decision
        self.comment = comment
    }
}
