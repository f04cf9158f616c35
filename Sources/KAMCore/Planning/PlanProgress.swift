import Foundation

/// What the account did within a plan's period, read from its data: the computed measures.
public struct PlanFacts: Sendable, Hashable, Codable {
    /// Purchases booked at the account and its branches, in the reporting currency's major units.
    public var revenueBooked: Double
    public var opportunitiesWon: Int
    public var activitiesHeld: Int

    public init(revenueBooked: Double, opportunitiesWon: Int, activitiesHeld: Int) {
        self.revenueBooked = revenueBooked
        self.opportunitiesWon = opportunitiesWon
        self.activitiesHeld = activitiesHeld
    }
}

/// An objective against its target: the actual is typed or computed, the share is actual ÷ target.
public struct ObjectiveProgress: Sendable, Hashable, Codable {
    public var measure: MeasureKind
    public var target: Double
    public var actual: Double?
    public var share: Double?

    public init(measure: MeasureKind, target: Double, actual: Double?, share: Double?) {
        self.measure = measure
        self.target = target
        self.actual = actual
        self.share = share
    }
}

public enum PlanProgress {
    public static func progress(of objective: PlanObjective, facts: PlanFacts) -> ObjectiveProgress {
        let actual: Double? = switch objective.measure {
        case .typed: objective.typedActual
        case .revenueBooked: facts.revenueBooked
        case .opportunitiesWon: Double(facts.opportunitiesWon)
        case .activitiesHeld: Double(facts.activitiesHeld)
        }
        let share = actual.flatMap { objective.target > 0 ? $0 / objective.target : nil }
        return ObjectiveProgress(measure: objective.measure, target: objective.target, actual: actual, share: share)
    }
}

/// The parts of a plan, for comparing two revisions side by side.
public enum PlanPart: String, DomainVocabulary {
    case period, situation, priorities, relationships, targets, objectives, whiteSpace = "white_space"
    public static let vocabularyName = "plan_part"

    public func differs(_ a: AccountPlanDraft, _ b: AccountPlanDraft) -> Bool {
        switch self {
        case .period: a.title != b.title || a.periodStart != b.periodStart || a.periodEnd != b.periodEnd
        case .situation: a.situation != b.situation
        case .priorities: a.priorities != b.priorities
        case .relationships: a.relationships != b.relationships
        case .targets: a.targets != b.targets
        case .objectives: a.objectives.map(\.withoutTasks) != b.objectives.map(\.withoutTasks)
        case .whiteSpace: a.buyingUnits != b.buyingUnits || Set(a.whiteSpace) != Set(b.whiteSpace)
        }
    }
}

extension PlanObjective {
    /// The objective as the user wrote it: which tasks its actions became is not a change.
    var withoutTasks: PlanObjective {
        var copy = self
        copy.actions = actions.map { ObjectiveAction(title: $0.title, ownerID: $0.ownerID, dueOn: $0.dueOn) }
        return copy
    }
}

/// One stored account plan: the current revision's body, whether (and which revision) was approved.
public struct AccountPlan: Sendable, Hashable, Codable, Identifiable {
    public var id: AccountPlanID
    public var accountID: AccountID
    public var revision: Int
    public var status: PlanStatus
    public var approvedRevision: Int?
    public var approvedBy: String?
    public var approvedAt: Date?
    public var clonedFrom: AccountPlanID?
    public var draft: AccountPlanDraft
    public var version: Int
    public var updatedAt: Date
    public var updatedBy: String

    public init(id: AccountPlanID, accountID: AccountID, revision: Int, status: PlanStatus, approvedRevision: Int?, approvedBy: String?,
                approvedAt: Date?, clonedFrom: AccountPlanID?, draft: AccountPlanDraft, version: Int, updatedAt: Date, updatedBy: String) {
        self.id = id
        self.accountID = accountID
        self.revision = revision
        self.status = status
        self.approvedRevision = approvedRevision
        self.approvedBy = approvedBy
        self.approvedAt = approvedAt
        self.clonedFrom = clonedFrom
        self.draft = draft
        self.version = version
        self.updatedAt = updatedAt
        self.updatedBy = updatedBy
    }
}

/// A kept edition of a plan.
public struct PlanRevision: Sendable, Hashable, Codable {
    public var revision: Int
    public var draft: AccountPlanDraft
    public var createdAt: Date
    public var createdBy: String

    public init(revision: Int, draft: AccountPlanDraft, createdAt: Date, createdBy: String) {
        self.revision = revision
        self.draft = draft
        self.createdAt = createdAt
        self.createdBy = createdBy
    }
}

/// A sales quota for a salesperson or a sales team over a period, which plans and the yearly
/// assessment compare against.
public struct Quota: Sendable, Hashable, Codable, Identifiable {
    public var id: Int64
    public var userID: UserID?
    public var salesTeamID: SalesTeamID?
    public var periodStart: CalendarDate
    public var periodEnd: CalendarDate
    public var amount: Money
    public var version: Int

    public init(id: Int64, userID: UserID?, salesTeamID: SalesTeamID?, periodStart: CalendarDate, periodEnd: CalendarDate, amount: Money, version: Int) {
        self.id = id
        self.userID = userID
        self.salesTeamID = salesTeamID
        self.periodStart = periodStart
        self.periodEnd = periodEnd
        self.amount = amount
        self.version = version
    }

    public static func validate(userID: UserID?, salesTeamID: SalesTeamID?, periodStart: CalendarDate, periodEnd: CalendarDate, amount: Money,
                                into v: inout Validator) {
        if (userID == nil) == (salesTeamID == nil) { v.add("userID", "one_of_user_or_team") }
        if periodEnd <= periodStart { v.add("periodEnd", "before_start") }
        if Money.minorUnitDigits[amount.currency] == nil { v.add("amount.currency", "invalid_currency") }
        if amount.minorUnits <= 0 { v.add("amount.minorUnits", "not_positive") }
        if amount.minorUnits > 1_000_000_000_000_000 { v.add("amount.minorUnits", "out_of_range") }
    }
}
