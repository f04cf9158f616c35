public typealias TerritoryID = Int64
public typealias TerritoryModelID = Int64

/// A territory model is edited as a draft, then applied; exactly one is active at a time and
/// applying another archives it.
public enum TerritoryModelState: String, DomainVocabulary {
    case draft, active, archived
    public static let vocabularyName = "territorystate"
}

public struct TerritoryModel: Sendable, Hashable, Codable, Identifiable {
    public var id: TerritoryModelID
    public var name: String
    public var state: TerritoryModelState
    public var territories: [Territory]
    public var version: Int

    public init(id: TerritoryModelID, name: String, state: TerritoryModelState, territories: [Territory] = [], version: Int = 1) {
        self.id = id
        self.name = name
        self.state = state
        self.territories = territories
        self.version = version
    }
}

/// Which accounts a territory takes; an empty set places no condition on that attribute.
/// The key-account status stands in for the class until accounts are classified A–D.
public struct TerritoryRule: Sendable, Hashable, Codable {
    public var regions: Set<Region>
    public var industries: Set<Industry>
    public var sizes: Set<AccountSize>
    public var statuses: Set<KeyAccountStatus>

    public init(regions: Set<Region> = [], industries: Set<Industry> = [], sizes: Set<AccountSize> = [],
                statuses: Set<KeyAccountStatus> = []) {
        self.regions = regions
        self.industries = industries
        self.sizes = sizes
        self.statuses = statuses
    }

    public func matches(_ account: TerritoryCandidate) -> Bool {
        (regions.isEmpty || regions.contains(account.region))
            && (industries.isEmpty || industries.contains(account.industry))
            && (sizes.isEmpty || sizes.contains(account.size))
            && (statuses.isEmpty || statuses.contains(account.status))
    }

    /// How many attributes the rule constrains: among sibling matches the narrower rule wins.
    public var specificity: Int {
        [regions.isEmpty, industries.isEmpty, sizes.isEmpty, statuses.isEmpty].filter { !$0 }.count
    }
}

/// A node of the territory hierarchy. It covers the accounts its rule (and every ancestor's
/// rule) takes, on one coverage line, through a person or a sales team.
public struct Territory: Sendable, Hashable, Codable, Identifiable {
    public var id: TerritoryID
    public var modelID: TerritoryModelID
    public var parentID: TerritoryID?
    public var name: String
    public var line: CoverageLine
    public var rule: TerritoryRule
    public var userID: UserID?
    public var salesTeamID: SalesTeamID?
    public var version: Int

    public init(id: TerritoryID, modelID: TerritoryModelID, parentID: TerritoryID?, name: String, line: CoverageLine,
                rule: TerritoryRule, userID: UserID?, salesTeamID: SalesTeamID?, version: Int = 1) {
        self.id = id
        self.modelID = modelID
        self.parentID = parentID
        self.name = name
        self.line = line
        self.rule = rule
        self.userID = userID
        self.salesTeamID = salesTeamID
        self.version = version
    }

    public var draft: TerritoryDraft {
        TerritoryDraft(parentID: parentID, name: name, line: line, rule: rule, userID: userID, salesTeamID: salesTeamID)
    }
}

public struct TerritoryDraft: Sendable, Hashable {
    public var parentID: TerritoryID?
    public var name: String
    public var line: CoverageLine
    public var rule: TerritoryRule
    public var userID: UserID?
    public var salesTeamID: SalesTeamID?

    public init(parentID: TerritoryID? = nil, name: String, line: CoverageLine, rule: TerritoryRule = TerritoryRule(),
                userID: UserID? = nil, salesTeamID: SalesTeamID? = nil) {
        self.parentID = parentID
        self.name = name
        self.line = line
        self.rule = rule
        self.userID = userID
        self.salesTeamID = salesTeamID
    }

    /// A territory without a coverer is allowed (a grouping node); with both it is ambiguous.
    public func validate(into v: inout Validator) {
        v.text(name, "name", required: true, max: 200)
        if userID != nil, salesTeamID != nil { v.add("salesTeamID", "person_or_team") }
    }
}

/// What the territory rules look at in an account.
public struct TerritoryCandidate: Sendable, Hashable {
    public var id: AccountID
    public var name: String
    public var region: Region
    public var industry: Industry
    public var size: AccountSize
    public var status: KeyAccountStatus

    public init(id: AccountID, name: String, region: Region, industry: Industry, size: AccountSize, status: KeyAccountStatus) {
        self.id = id
        self.name = name
        self.region = region
        self.industry = industry
        self.size = size
        self.status = status
    }
}

/// One account changing territory on a line when the rules are applied.
public struct TerritoryMove: Sendable, Hashable, Codable {
    public var accountID: AccountID
    public var accountName: String
    public var line: CoverageLine
    public var from: TerritoryID?
    public var to: TerritoryID?
}

/// The territory rules as pure functions: which territory takes an account, and what applying a
/// model would change.
public enum TerritoryRules {
    /// Per line, the territory that takes the account: the deepest one whose rule and ancestors'
    /// rules all match and that has a coverer; among equals the narrower rule, then the lower id.
    /// A grouping node without a coverer passes accounts on to its children but takes none.
    public static func assignments(for account: TerritoryCandidate, in territories: [Territory]) -> [CoverageLine: TerritoryID] {
        let byID = Dictionary(uniqueKeysWithValues: territories.map { ($0.id, $0) })
        var best: [CoverageLine: (depth: Int, specificity: Int, id: TerritoryID)] = [:]
        for territory in territories where territory.userID != nil || territory.salesTeamID != nil {
            var depth = 0
            var node: Territory? = territory
            var seen: Set<TerritoryID> = []
            var matches = true
            while let current = node {
                guard seen.insert(current.id).inserted, current.rule.matches(account) else { matches = false; break }
                depth += 1
                node = current.parentID.flatMap { byID[$0] }
            }
            guard matches else { continue }
            let candidate = (depth: depth, specificity: territory.rule.specificity, id: territory.id)
            if let held = best[territory.line] {
                let better = candidate.depth != held.depth ? candidate.depth > held.depth
                    : candidate.specificity != held.specificity ? candidate.specificity > held.specificity
                    : candidate.id < held.id
                if !better { continue }
            }
            best[territory.line] = candidate
        }
        return best.mapValues(\.id)
    }

    /// The moves applying `territories` makes, given where each account sits today (per line,
    /// the territory of its current territory-made coverage). The applied model replaces the one
    /// before: an account a territory held that no territory of the new model takes moves out.
    /// Coverage entered by hand is not the rules' business and never appears. Accounts in order given.
    public static func preview(accounts: [TerritoryCandidate], territories: [Territory],
                               current: [AccountID: [CoverageLine: TerritoryID]]) -> [TerritoryMove] {
        var moves: [TerritoryMove] = []
        for account in accounts {
            let target = assignments(for: account, in: territories)
            let now = current[account.id] ?? [:]
            for line in CoverageLine.allCases where target[line] != now[line] {
                moves.append(TerritoryMove(accountID: account.id, accountName: account.name, line: line, from: now[line], to: target[line]))
            }
        }
        return moves
    }

    /// Parent links that would make a loop, for validation.
    public static func makesLoop(territory: TerritoryID?, parent: TerritoryID?, parents: [TerritoryID: TerritoryID]) -> Bool {
        guard let territory else { return false }
        var node = parent
        var seen: Set<TerritoryID> = []
        while let current = node {
            if current == territory || !seen.insert(current).inserted { return true }
            node = parents[current]
        }
        return false
    }
}
