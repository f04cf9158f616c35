import Foundation

extension RelationshipMap.DecisionRole: DomainVocabulary {
    public static let vocabularyName = "buying_role"
}

/// One person in an opportunity's decision chain (domain.md §3): their buying role on this deal,
/// and where their three attitudes stand on it now and where the plan wants them. The
/// account-level portrait stays as it is; a deal can see the same person differently.
public struct DecisionChainEntry: Sendable, Hashable, Codable {
    public var personID: PersonID
    public var role: RelationshipMap.DecisionRole
    public var current: Portrait?
    public var target: Portrait?
    public var note: String?

    public init(personID: PersonID, role: RelationshipMap.DecisionRole, current: Portrait? = nil, target: Portrait? = nil,
                note: String? = nil) {
        self.personID = personID
        self.role = role
        self.current = current
        self.target = target
        self.note = note
    }

    public static let noteLimit = 1_000
}

/// An opportunity's decision chain as stored: its entries in the order the user keeps them.
public struct DecisionChain: Sendable, Hashable, Codable {
    public var opportunityID: OpportunityID
    public var accountID: AccountID
    public var entries: [DecisionChainEntry]
    /// 0 before the chain was first saved.
    public var version: Int

    public init(opportunityID: OpportunityID, accountID: AccountID, entries: [DecisionChainEntry], version: Int) {
        self.opportunityID = opportunityID
        self.accountID = accountID
        self.entries = entries
        self.version = version
    }

    /// Field names are `entries[i].…`, as the API reads them.
    public static func validate(_ entries: [DecisionChainEntry], into v: inout Validator) {
        var seen: Set<PersonID> = []
        for (index, entry) in entries.enumerated() {
            let field = "entries[\(index)]"
            if !seen.insert(entry.personID).inserted { v.add("\(field).personID", "duplicate") }
            for (name, portrait) in [("current", entry.current), ("target", entry.target)] {
                guard let portrait else { continue }
                v.range(portrait.closeness, "\(field).\(name).closeness", 1...5)
                v.range(portrait.recognition, "\(field).\(name).recognition", 1...5)
                v.range(portrait.priceAcceptance, "\(field).\(name).priceAcceptance", 1...5)
            }
            v.text(entry.note, "\(field).note", max: DecisionChainEntry.noteLimit)
        }
        if entries.count > 500 { v.add("entries", "too_many", "500") }
    }

    /// How far each attitude still has to move, person by person (target − current; nil where
    /// either side is unknown), for the account plan's relationship part.
    public var gaps: [PersonID: (closeness: Int, recognition: Int, priceAcceptance: Int)] {
        var result: [PersonID: (Int, Int, Int)] = [:]
        for entry in entries {
            guard let current = entry.current, let target = entry.target else { continue }
            result[entry.personID] = (target.closeness - current.closeness, target.recognition - current.recognition,
                                      target.priceAcceptance - current.priceAcceptance)
        }
        return result
    }
}
