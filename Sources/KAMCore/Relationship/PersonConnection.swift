import Foundation

public typealias ConnectionID = Int64

/// The two kinds of connection the map records besides reporting lines (domain.md §3).
/// Influence is directed: the first person can sway the second. A conflict is two people who
/// oppose each other; it is stored once, either way round, and carries no influence.
/// `reporting` holds on one opportunity only: on that deal `from` leads `to` (manager → report,
/// the way influence flows), in place of the report's manager in the org chart.
public enum ConnectionKind: String, DomainVocabulary {
    case influence, conflict, reporting
    public static let vocabularyName = "connection_kind"
}

extension RelationshipMap.Stance: DomainVocabulary {
    public static let vocabularyName = "stance"
}

extension RelationshipMap.Affiliation: DomainVocabulary {
    public static let vocabularyName = "affiliation"
}

extension RelationshipMap.InfluenceStatus: DomainVocabulary {
    public static let vocabularyName = "influence_status"
}

/// What a user enters for a connection between two key persons: who sways whom, how strongly,
/// which way it pushes, on what evidence, and whether it holds account-wide or only for one
/// opportunity's decision chain (where it adds to or overrides the account-wide one).
public struct PersonConnectionDraft: Sendable, Hashable, Codable {
    public var kind: ConnectionKind
    public var fromPersonID: PersonID
    public var toPersonID: PersonID
    public var strength: Int
    public var stance: RelationshipMap.Stance
    public var status: RelationshipMap.InfluenceStatus
    public var evidence: String?
    public var opportunityID: OpportunityID?

    public init(kind: ConnectionKind = .influence, fromPersonID: PersonID, toPersonID: PersonID, strength: Int,
                stance: RelationshipMap.Stance = .neutral, status: RelationshipMap.InfluenceStatus = .hypothesis,
                evidence: String? = nil, opportunityID: OpportunityID? = nil) {
        self.kind = kind
        self.fromPersonID = fromPersonID
        self.toPersonID = toPersonID
        self.strength = strength
        self.stance = stance
        self.status = status
        self.evidence = evidence
        self.opportunityID = opportunityID
    }

    public static let evidenceLimit = 2_000

    public func validate(into v: inout Validator) {
        v.range(strength, "strength", InfluenceGraph<PersonID>.strengthRange)
        if fromPersonID == toPersonID { v.add("toPersonID", "self_reference") }
        v.text(evidence, "evidence", max: Self.evidenceLimit)
        // The account's own org chart lives in the people's jobs; a connection only bends it for one deal.
        if kind == .reporting && opportunityID == nil { v.add("opportunityID", "required_for_reporting") }
    }
}

/// A stored connection: the draft, the account it belongs to (the opportunity's, else the
/// swayed person's current one, else the swaying person's), who verified it and when, and the
/// version every write checks.
public struct PersonConnection: Sendable, Hashable, Codable, Identifiable {
    public var id: ConnectionID
    public var kind: ConnectionKind
    public var fromPersonID: PersonID
    public var toPersonID: PersonID
    public var strength: Int
    public var stance: RelationshipMap.Stance
    public var status: RelationshipMap.InfluenceStatus
    public var evidence: String?
    public var opportunityID: OpportunityID?
    public var accountID: AccountID
    public var verifiedBy: UserID?
    public var verifiedAt: Date?
    public var version: Int
    public var createdAt: Date
    public var updatedAt: Date
    public var updatedBy: UserID?

    public init(id: ConnectionID, draft: PersonConnectionDraft, accountID: AccountID, verifiedBy: UserID?, verifiedAt: Date?,
                version: Int, createdAt: Date, updatedAt: Date, updatedBy: UserID?) {
        self.id = id
        kind = draft.kind
        fromPersonID = draft.fromPersonID
        toPersonID = draft.toPersonID
        strength = draft.strength
        stance = draft.stance
        status = draft.status
        evidence = draft.evidence
        opportunityID = draft.opportunityID
        self.accountID = accountID
        self.verifiedBy = verifiedBy
        self.verifiedAt = verifiedAt
        self.version = version
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.updatedBy = updatedBy
    }

    public var draft: PersonConnectionDraft {
        PersonConnectionDraft(kind: kind, fromPersonID: fromPersonID, toPersonID: toPersonID, strength: strength, stance: stance,
                              status: status, evidence: evidence, opportunityID: opportunityID)
    }

    /// The connections that hold for one opportunity: its own, and the account-wide ones it
    /// does not override (an opportunity's connection between the same two people, of the same
    /// kind, replaces the account-wide one for that deal).
    public static func effective(_ connections: [PersonConnection], for opportunity: OpportunityID?) -> [PersonConnection] {
        guard let opportunity else {
            // Most accounts have no deal-only connections: then the list is returned, not copied.
            return connections.contains { $0.opportunityID != nil } ? connections.filter { $0.opportunityID == nil } : connections
        }
        let own = connections.filter { $0.opportunityID == opportunity }
        let overridden = Set(own.map { Pair(kind: $0.kind, from: $0.fromPersonID, to: $0.toPersonID) })
        return connections.filter {
            $0.opportunityID == nil && !overridden.contains(Pair(kind: $0.kind, from: $0.fromPersonID, to: $0.toPersonID))
        } + own
    }

    private struct Pair: Hashable {
        var kind: ConnectionKind
        var from: PersonID
        var to: PersonID
    }
}

extension RelationshipMap.ReportingLine {
    /// The org chart as it holds on one deal: each of the deal's reporting connections
    /// (manager → report) gives the report that manager in place of the one in the org chart.
    public static func onDeal(_ lines: [Self], connections: [PersonConnection]) -> [Self] {
        let dealManagers = Dictionary(connections.filter { $0.kind == .reporting }.map { ($0.toPersonID, $0.fromPersonID) },
                                      uniquingKeysWith: { first, _ in first })
        guard !dealManagers.isEmpty else { return lines }
        return lines.filter { dealManagers[$0.report] == nil }
            + dealManagers.sorted { $0.key < $1.key }.map { Self(report: $0.key, manager: $0.value) }
    }
}
