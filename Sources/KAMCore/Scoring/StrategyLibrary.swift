import Foundation

/// A tactic: one concrete way of carrying out a strategy.
public struct Tactic: Sendable, Hashable, Codable {
    public var key: String
    public var name: String
    public var description: String

    public init(_ key: String, _ name: String, _ description: String) {
        self.key = key
        self.name = name
        self.description = description
    }
}

/// One of the management strategies of domain.md §5, with the classes it suits and its tactics.
public struct ManagementStrategy: Sendable, Hashable, Codable {
    public var key: String
    public var name: String
    public var description: String
    public var classes: [AccountClass]
    public var tactics: [Tactic]

    public init(key: String, name: String, description: String, classes: [AccountClass], tactics: [Tactic]) {
        self.key = key
        self.name = name
        self.description = description
        self.classes = classes
        self.tactics = tactics
    }
}

/// The company's library of strategies and tactics, edited as a whole by an administrator.
public struct StrategyLibrary: CompanyDocument {
    public static let kind = "strategy_library"
    public var strategies: [ManagementStrategy]

    public init(strategies: [ManagementStrategy]) { self.strategies = strategies }

    public func strategy(_ key: String) -> ManagementStrategy? { strategies.first { $0.key == key } }

    /// The strategies suggested for a class, in library order.
    public func suggested(for accountClass: AccountClass?) -> [ManagementStrategy] {
        guard let accountClass else { return strategies }
        return strategies.filter { $0.classes.contains(accountClass) }
    }

    public func validate() throws(ValidationFailure) {
        var v = Validator()
        if strategies.isEmpty { v.add("strategies", "required") }
        for (index, strategy) in strategies.enumerated() {
            let field = "strategies[\(index)]"
            StrategyLibrary.checkKey(strategy.key, "\(field).key", into: &v)
            if strategies[..<index].contains(where: { $0.key == strategy.key }) { v.add("\(field).key", "duplicate") }
            v.text(strategy.name, "\(field).name", required: true, max: 200)
            v.text(strategy.description, "\(field).description", max: 4000)
            if Set(strategy.classes).count != strategy.classes.count { v.add("\(field).classes", "duplicate") }
            for (t, tactic) in strategy.tactics.enumerated() {
                StrategyLibrary.checkKey(tactic.key, "\(field).tactics[\(t)].key", into: &v)
                if strategy.tactics[..<t].contains(where: { $0.key == tactic.key }) { v.add("\(field).tactics[\(t)].key", "duplicate") }
                v.text(tactic.name, "\(field).tactics[\(t)].name", required: true, max: 200)
                v.text(tactic.description, "\(field).tactics[\(t)].description", max: 4000)
            }
        }
        try v.check()
    }

    /// Keys are what assignments keep: lower-case letters, digits and underscores.
    public static func checkKey(_ key: String, _ field: String, into v: inout Validator) {
        if key.isEmpty { v.add(field, "required"); return }
        if key.count > 60 || !key.unicodeScalars.allSatisfy({ ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_" }) {
            v.add(field, "invalid_key")
        }
    }

    /// The five strategies of the method across the four classes.
    public static let standard = StrategyLibrary(strategies: [
        ManagementStrategy(key: "expand", name: "Expand", description: "Grow our share of a large, promising customer: more units, more product lines, higher in the organisation.",
                           classes: [.a], tactics: [
                            Tactic("executive_alignment", "Executive alignment", "Pair our executives with theirs; meet at least twice a year on their strategy."),
                            Tactic("cross_sell", "Cross-sell", "Map white space by buying unit and product line and open one opportunity per gap."),
                            Tactic("joint_planning", "Joint planning", "Build next year's plan with the customer's own initiatives."),
                           ]),
        ManagementStrategy(key: "develop", name: "Develop", description: "Turn high potential into contribution: win the first large deals and widen the relationship.",
                           classes: [.c], tactics: [
                            Tactic("land_reference", "Land a reference project", "A visible first project that their other units can see."),
                            Tactic("widen_network", "Widen the relationship network", "Reach the decision makers and influencers not yet covered."),
                            Tactic("solution_workshop", "Solution workshop", "Experts and pre-sales shape a solution to their stated priorities."),
                           ]),
        ManagementStrategy(key: "maintain", name: "Maintain", description: "Keep a large customer with little growth left: defend the base at a sound margin.",
                           classes: [.b, .a], tactics: [
                            Tactic("service_excellence", "Service excellence", "Complaints answered on time, incidents closed with a root cause."),
                            Tactic("renewal_protection", "Protect renewals", "Renew early; no contract runs out unnoticed."),
                            Tactic("efficient_coverage", "Efficient coverage", "Fewer, better-prepared visits; routine work through inside sales."),
                           ]),
        ManagementStrategy(key: "harvest", name: "Harvest", description: "Serve a small, low-potential customer at the lowest cost to serve.",
                           classes: [.d], tactics: [
                            Tactic("standard_offers", "Standard offers", "Catalogue prices and the fast track; no custom solutions."),
                            Tactic("remote_coverage", "Remote coverage", "Calls and e-mail instead of visits."),
                           ]),
        ManagementStrategy(key: "recover", name: "Recover", description: "Win back a customer whose purchases or relationship are declining.",
                           classes: [.a, .b, .c], tactics: [
                            Tactic("root_cause_review", "Root-cause review", "Find out with the customer why purchases fell and say what we change."),
                            Tactic("executive_apology", "Executive meeting", "Our executive meets theirs to reset the relationship."),
                            Tactic("recovery_offer", "Recovery offer", "A time-limited offer within the class's discount authority."),
                           ]),
    ])
}

public typealias StrategyAssignmentID = Int64

public enum AssignmentStatus: String, DomainVocabulary {
    case planned, active, done, dropped
    public static let vocabularyName = "assignment_status"
}

/// A strategy (and optionally one of its tactics) assigned to an account, as entered.
public struct StrategyAssignmentDraft: Sendable, Hashable, Codable {
    public var strategyKey: String
    public var tacticKey: String?
    public var ownerID: UserID
    public var status: AssignmentStatus
    public var dueOn: CalendarDate?
    public var note: String?

    public init(strategyKey: String, tacticKey: String? = nil, ownerID: UserID, status: AssignmentStatus = .planned,
                dueOn: CalendarDate? = nil, note: String? = nil) {
        self.strategyKey = strategyKey
        self.tacticKey = tacticKey
        self.ownerID = ownerID
        self.status = status
        self.dueOn = dueOn
        self.note = note
    }

    public func validate(library: StrategyLibrary, known: [FieldIssue] = []) throws(ValidationFailure) {
        var v = Validator(known: known)
        if let strategy = library.strategy(strategyKey) {
            if let tacticKey, !strategy.tactics.contains(where: { $0.key == tacticKey }) { v.add("tacticKey", "unknown_tactic") }
        } else {
            v.add("strategyKey", strategyKey.isEmpty ? "required" : "unknown_strategy")
        }
        v.text(note, "note", max: 4000)
        try v.check()
    }
}

/// An assignment as stored, with the names the library gives its keys today.
public struct StrategyAssignment: Sendable, Hashable, Codable, Identifiable {
    public var id: StrategyAssignmentID
    public var accountID: AccountID
    public var strategyKey: String
    public var strategyName: String
    public var tacticKey: String?
    public var tacticName: String?
    public var ownerID: UserID
    public var ownerName: String
    public var status: AssignmentStatus
    public var dueOn: CalendarDate?
    public var note: String?
    public var version: Int
    public var updatedAt: Date

    public init(id: StrategyAssignmentID, accountID: AccountID, draft: StrategyAssignmentDraft, library: StrategyLibrary, ownerName: String,
                version: Int, updatedAt: Date) {
        self.id = id
        self.accountID = accountID
        self.strategyKey = draft.strategyKey
        let strategy = library.strategy(draft.strategyKey)
        // A strategy later removed from the library keeps its key as its name.
        self.strategyName = strategy?.name ?? draft.strategyKey
        self.tacticKey = draft.tacticKey
        self.tacticName = draft.tacticKey.map { key in strategy?.tactics.first { $0.key == key }?.name ?? key }
        self.ownerID = draft.ownerID
        self.ownerName = ownerName
        self.status = draft.status
        self.dueOn = draft.dueOn
        self.note = draft.note
        self.version = version
        self.updatedAt = updatedAt
    }

    public var draft: StrategyAssignmentDraft {
        StrategyAssignmentDraft(strategyKey: strategyKey, tacticKey: tacticKey, ownerID: ownerID, status: status, dueOn: dueOn, note: note)
    }
}
