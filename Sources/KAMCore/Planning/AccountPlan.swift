import Foundation

public typealias AccountPlanID = Int64

/// Part 1 of the plan (domain.md §5): the industry and the customer, with a SWOT.
public struct PlanSituation: Sendable, Hashable, Codable {
    public var industryTrends: String
    public var customerSituation: String
    public var strengths: [String]
    public var weaknesses: [String]
    public var opportunities: [String]
    public var threats: [String]

    public init(industryTrends: String = "", customerSituation: String = "", strengths: [String] = [], weaknesses: [String] = [],
                opportunities: [String] = [], threats: [String] = []) {
        self.industryTrends = industryTrends
        self.customerSituation = customerSituation
        self.strengths = strengths
        self.weaknesses = weaknesses
        self.opportunities = opportunities
        self.threats = threats
    }
}

/// Part 2: one of the customer's goals and the initiative behind it; the list's order is the rank.
public struct CustomerPriority: Sendable, Hashable, Codable {
    public var goal: String
    public var initiative: String?

    public init(goal: String, initiative: String? = nil) {
        self.goal = goal
        self.initiative = initiative
    }
}

/// Part 3: a key person's three attitudes now and as targeted by the end of the period, and the
/// actions that should move them.
public struct RelationshipTarget: Sendable, Hashable, Codable {
    public var personID: PersonID
    public var current: Portrait
    public var target: Portrait
    public var actions: String?

    public init(personID: PersonID, current: Portrait, target: Portrait, actions: String? = nil) {
        self.personID = personID
        self.current = current
        self.target = target
        self.actions = actions
    }
}

/// Part 4: revenue and margin targets for one product line in one quarter of the period.
public struct PlanTarget: Sendable, Hashable, Codable {
    public var productLineID: ProductLineID
    /// 1–4, counted from the period's start.
    public var quarter: Int
    public var revenue: Money
    public var margin: Money

    public init(productLineID: ProductLineID, quarter: Int, revenue: Money, margin: Money) {
        self.productLineID = productLineID
        self.quarter = quarter
        self.revenue = revenue
        self.margin = margin
    }
}

public enum ObjectiveStatus: String, DomainVocabulary {
    case open, onTrack = "on_track", atRisk = "at_risk", achieved, dropped
    public static let vocabularyName = "objective_status"
}

/// How an objective is measured: a figure the owner types, or one the product computes from the
/// account's data within the plan's period.
public enum MeasureKind: String, DomainVocabulary {
    case typed, revenueBooked = "revenue_booked", opportunitiesWon = "opportunities_won", activitiesHeld = "activities_held"
    public static let vocabularyName = "measure"
}

/// One action of an objective; saved with its task once the plan creates it.
public struct ObjectiveAction: Sendable, Hashable, Codable {
    public var title: String
    public var ownerID: UserID
    public var dueOn: CalendarDate
    public var taskID: TaskID?

    public init(title: String, ownerID: UserID, dueOn: CalendarDate, taskID: TaskID? = nil) {
        self.title = title
        self.ownerID = ownerID
        self.dueOn = dueOn
        self.taskID = taskID
    }
}

public struct PlanObjective: Sendable, Hashable, Codable {
    public var title: String
    public var ownerID: UserID
    public var dueOn: CalendarDate
    public var status: ObjectiveStatus
    public var measure: MeasureKind
    /// What counts as achieved: an amount in the reporting currency's major units, or a count.
    public var target: Double
    /// The owner's figure, for typed measures.
    public var typedActual: Double?
    public var actions: [ObjectiveAction]

    public init(title: String, ownerID: UserID, dueOn: CalendarDate, status: ObjectiveStatus = .open, measure: MeasureKind = .typed,
                target: Double = 0, typedActual: Double? = nil, actions: [ObjectiveAction] = []) {
        self.title = title
        self.ownerID = ownerID
        self.dueOn = dueOn
        self.status = status
        self.measure = measure
        self.target = target
        self.typedActual = typedActual
        self.actions = actions
    }
}

/// What a cell of the white-space grid says about one buying unit and one product line.
public enum WhiteSpaceState: String, DomainVocabulary {
    case installed, openOpportunity = "open_opportunity", potential, competitor
    public static let vocabularyName = "whitespace"
}

public struct WhiteSpaceCell: Sendable, Hashable, Codable {
    public var buyingUnit: String
    public var productLineID: ProductLineID
    public var state: WhiteSpaceState
    public var note: String?

    public init(buyingUnit: String, productLineID: ProductLineID, state: WhiteSpaceState, note: String? = nil) {
        self.buyingUnit = buyingUnit
        self.productLineID = productLineID
        self.state = state
        self.note = note
    }
}

/// The body of one revision of an account plan: the period and the four parts, objectives and
/// the white-space grid.
public struct AccountPlanDraft: Sendable, Hashable, Codable {
    public var title: String
    public var periodStart: CalendarDate
    public var periodEnd: CalendarDate
    public var situation: PlanSituation
    public var priorities: [CustomerPriority]
    public var relationships: [RelationshipTarget]
    public var targets: [PlanTarget]
    public var objectives: [PlanObjective]
    public var buyingUnits: [String]
    public var whiteSpace: [WhiteSpaceCell]

    public init(title: String, periodStart: CalendarDate, periodEnd: CalendarDate, situation: PlanSituation = PlanSituation(),
                priorities: [CustomerPriority] = [], relationships: [RelationshipTarget] = [], targets: [PlanTarget] = [],
                objectives: [PlanObjective] = [], buyingUnits: [String] = [], whiteSpace: [WhiteSpaceCell] = []) {
        self.title = title
        self.periodStart = periodStart
        self.periodEnd = periodEnd
        self.situation = situation
        self.priorities = priorities
        self.relationships = relationships
        self.targets = targets
        self.objectives = objectives
        self.buyingUnits = buyingUnits
        self.whiteSpace = whiteSpace
    }

    /// Everything that can be checked without the database: the period, texts, ranges, and
    /// objectives and actions due inside the period. (People, users and product lines are the
    /// store's to check.)
    public func validate(into v: inout Validator) {
        v.text(title, "title", required: true, max: 200)
        if periodEnd <= periodStart { v.add("periodEnd", "before_start") }
        else if periodStart.days(until: periodEnd) > 731 { v.add("periodEnd", "out_of_range", "2 years") }
        v.text(situation.industryTrends, "situation.industryTrends", max: 8000)
        v.text(situation.customerSituation, "situation.customerSituation", max: 8000)
        for (name, items) in [("strengths", situation.strengths), ("weaknesses", situation.weaknesses),
                              ("opportunities", situation.opportunities), ("threats", situation.threats)] {
            if items.count > 30 { v.add("situation.\(name)", "too_many", "30") }
            for (index, item) in items.enumerated() { v.text(item, "situation.\(name)[\(index)]", required: true, max: 500) }
        }
        if priorities.count > 30 { v.add("priorities", "too_many", "30") }
        for (index, priority) in priorities.enumerated() {
            v.text(priority.goal, "priorities[\(index)].goal", required: true, max: 500)
            v.text(priority.initiative, "priorities[\(index)].initiative", max: 2000)
        }
        if relationships.count > 100 { v.add("relationships", "too_many", "100") }
        for (index, relationship) in relationships.enumerated() {
            let field = "relationships[\(index)]"
            if relationships[..<index].contains(where: { $0.personID == relationship.personID }) { v.add("\(field).personID", "duplicate") }
            for (part, portrait) in [("current", relationship.current), ("target", relationship.target)] {
                v.range(portrait.closeness, "\(field).\(part).closeness", 1...5)
                v.range(portrait.recognition, "\(field).\(part).recognition", 1...5)
                v.range(portrait.priceAcceptance, "\(field).\(part).priceAcceptance", 1...5)
            }
            v.text(relationship.actions, "\(field).actions", max: 2000)
        }
        if targets.count > 400 { v.add("targets", "too_many", "400") }
        for (index, target) in targets.enumerated() {
            let field = "targets[\(index)]"
            v.range(target.quarter, "\(field).quarter", 1...4)
            if targets[..<index].contains(where: { $0.productLineID == target.productLineID && $0.quarter == target.quarter }) {
                v.add("\(field).quarter", "duplicate")
            }
            for (part, money) in [("revenue", target.revenue), ("margin", target.margin)] {
                if Money.minorUnitDigits[money.currency] == nil { v.add("\(field).\(part).currency", "invalid_currency") }
                if money.minorUnits < 0 { v.add("\(field).\(part).minorUnits", "negative") }
                if money.minorUnits > 1_000_000_000_000_000 { v.add("\(field).\(part).minorUnits", "out_of_range") }
            }
            if target.margin.currency == target.revenue.currency, target.margin.minorUnits > target.revenue.minorUnits {
                v.add("\(field).margin.minorUnits", "above_revenue")
            }
        }
        if objectives.count > 50 { v.add("objectives", "too_many", "50") }
        for (index, objective) in objectives.enumerated() {
            let field = "objectives[\(index)]"
            v.text(objective.title, "\(field).title", required: true, max: 300)
            if objective.dueOn < periodStart || objective.dueOn > periodEnd { v.add("\(field).dueOn", "outside_period") }
            if !(objective.target.isFinite && objective.target >= 0 && objective.target <= 1e15) { v.add("\(field).target", "out_of_range") }
            if let actual = objective.typedActual, !(actual.isFinite && abs(actual) <= 1e15) { v.add("\(field).typedActual", "out_of_range") }
            if objective.measure != .typed, objective.typedActual != nil { v.add("\(field).typedActual", "computed_measure") }
            if objective.actions.count > 20 { v.add("\(field).actions", "too_many", "20") }
            for (a, action) in objective.actions.enumerated() {
                v.text(action.title, "\(field).actions[\(a)].title", required: true, max: 300)
                if action.dueOn < periodStart || action.dueOn > periodEnd { v.add("\(field).actions[\(a)].dueOn", "outside_period") }
            }
        }
        if buyingUnits.count > 40 { v.add("buyingUnits", "too_many", "40") }
        for (index, unit) in buyingUnits.enumerated() {
            v.text(unit, "buyingUnits[\(index)]", required: true, max: 120)
            if buyingUnits[..<index].contains(unit) { v.add("buyingUnits[\(index)]", "duplicate") }
        }
        for (index, cell) in whiteSpace.enumerated() {
            let field = "whiteSpace[\(index)]"
            if !buyingUnits.contains(cell.buyingUnit) { v.add("\(field).buyingUnit", "unknown_buying_unit") }
            if whiteSpace[..<index].contains(where: { $0.buyingUnit == cell.buyingUnit && $0.productLineID == cell.productLineID }) {
                v.add("\(field).productLineID", "duplicate")
            }
            v.text(cell.note, "\(field).note", max: 500)
        }
    }

    /// Next period's plan from this one: the same parts one year on, objectives reopened and
    /// their actions not yet tasks, the people's targets kept and their "now" to be read afresh.
    public func clonedForNextYear() -> AccountPlanDraft {
        func year(_ day: CalendarDate) -> CalendarDate {
            CalendarDate(year: day.year + 1, month: day.month, day: min(day.day, CalendarDate.daysIn(month: day.month, year: day.year + 1)))
        }
        var next = self
        next.periodStart = year(periodStart)
        next.periodEnd = year(periodEnd)
        next.objectives = objectives.map { objective in
            var copy = objective
            copy.dueOn = year(objective.dueOn)
            copy.status = .open
            copy.typedActual = nil
            copy.actions = objective.actions.map { ObjectiveAction(title: $0.title, ownerID: $0.ownerID, dueOn: year($0.dueOn)) }
            return copy
        }
        return next
    }
}

public enum PlanStatus: String, DomainVocabulary {
    case draft, approved
    public static let vocabularyName = "plan_status"
}
