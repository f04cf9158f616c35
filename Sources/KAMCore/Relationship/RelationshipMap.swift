import Foundation

/// The people around an account or an opportunity and who can sway whom (domain.md §3), with
/// the analytics of the relationship map as pure functions of it: influence ranking, brokers,
/// the best path to a person, indirect key persons and coverage gaps.
///
/// The influence graph joins both kinds of connection: every influence as recorded, and every
/// reporting line as influence of the manager on the report with strength 2, unless an
/// influence from that manager to that report is recorded (what we learnt beats the org chart,
/// even when weaker).
public struct RelationshipMap: Sendable {
    /// Where a person stands towards us, or which way an influence pushes.
    public enum Stance: String, Sendable, Hashable, Codable, CaseIterable {
        case supporter, neutral, opponent
    }

    /// Influence is hidden and costly to discover: a guess until someone has confirmed it.
    public enum InfluenceStatus: String, Sendable, Hashable, Codable, CaseIterable {
        case hypothesis, verified
    }

    /// Inside the account, one of ours, or someone else outside (partner, friendly competitor).
    public enum Affiliation: String, Sendable, Hashable, Codable, CaseIterable {
        case account, ourSide = "our_side", external
    }

    /// A person's buying role in an opportunity's decision chain.
    public enum DecisionRole: String, Sendable, Hashable, Codable, CaseIterable {
        case decisionMaker = "decision_maker", approver, evaluator, influencer, user, gatekeeper, coach, blocker
    }

    public struct Person: Sendable, Hashable, Identifiable {
        public var id: PersonID
        public var affiliation: Affiliation
        /// Relationship closeness of the latest portrait, 1…5; nil without a portrait.
        public var closeness: Int?
        public var stance: Stance?
        /// The part in the opportunity analysed; nil for an account-wide map or no part.
        public var role: DecisionRole?
        /// A role in the decision chain that nobody has been found for yet.
        public var isPlaceholder: Bool
        public var portraitUpdatedOn: CalendarDate?

        public init(id: PersonID, affiliation: Affiliation, closeness: Int? = nil, stance: Stance? = nil,
                    role: DecisionRole? = nil, isPlaceholder: Bool = false, portraitUpdatedOn: CalendarDate? = nil) {
            self.id = id
            self.affiliation = affiliation
            self.closeness = closeness
            self.stance = stance
            self.role = role
            self.isPlaceholder = isPlaceholder
            self.portraitUpdatedOn = portraitUpdatedOn
        }
    }

    /// `influencer` can sway `influenced`, with a strength of 1…5.
    public struct Influence: Sendable, Hashable {
        public var influencer: PersonID
        public var influenced: PersonID
        public var strength: Int
        public var stance: Stance
        public var status: InfluenceStatus

        public init(influencer: PersonID, influenced: PersonID, strength: Int, stance: Stance, status: InfluenceStatus) {
            self.influencer = influencer
            self.influenced = influenced
            self.strength = strength
            self.stance = stance
            self.status = status
        }
    }

    public struct ReportingLine: Sendable, Hashable {
        public var report: PersonID
        public var manager: PersonID

        public init(report: PersonID, manager: PersonID) {
            self.report = report
            self.manager = manager
        }
    }

    /// One hop of a chain of influence, with what it rests on.
    public struct Hop: Sendable, Hashable {
        public var from: PersonID
        public var to: PersonID
        public var strength: Int
        /// Nil for a reporting line, which has no stance of its own.
        public var stance: Stance?
        /// A reporting line is explicit (the org chart), so it counts as verified.
        public var status: InfluenceStatus
        public var isReportingLine: Bool
    }

    public struct InfluenceChain: Sendable, Hashable {
        public var people: [PersonID]
        public var hops: [Hop]
        /// ∏ strength / 5 over the hops.
        public var product: Double
    }

    public struct Score: Sendable, Hashable {
        public var person: PersonID
        public var value: Double
    }

    public let people: [Person]
    public let influences: [Influence]
    public let reportingLines: [ReportingLine]
    /// Influencer → influenced, reporting lines included as described above.
    public let graph: InfluenceGraph<PersonID>
    /// The record behind each connection of `graph`, for the hops of a chain.
    let hopByPair: [Pair: Hop]
    let personByID: [PersonID: Person]

    struct Pair: Hashable {
        var from: PersonID
        var to: PersonID
    }

    /// Refuses what `InfluenceGraph` refuses: someone influencing or reporting to themself, a
    /// strength outside 1…5, a connection naming someone not among `people`.
    public init(people: [Person], influences: [Influence], reportingLines: [ReportingLine]) throws(GraphError<PersonID>) {
        var personByID: [PersonID: Person] = [:]
        personByID.reserveCapacity(people.count)
        for person in people where personByID[person.id] == nil { personByID[person.id] = person }
        var hopByPair: [Pair: Hop] = [:]
        hopByPair.reserveCapacity(influences.count + reportingLines.count)
        for influence in influences {
            let pair = Pair(from: influence.influencer, to: influence.influenced)
            let hop = Hop(from: pair.from, to: pair.to, strength: influence.strength, stance: influence.stance,
                          status: influence.status, isReportingLine: false)
            // The graph keeps the strongest of repeated influences; the hop shows that one,
            // the verified one when equally strong.
            if let kept = hopByPair[pair],
               (kept.strength, kept.status == .verified ? 1 : 0) >= (hop.strength, hop.status == .verified ? 1 : 0) { continue }
            hopByPair[pair] = hop
        }
        for line in reportingLines {
            let pair = Pair(from: line.manager, to: line.report)
            if hopByPair[pair] == nil {
                hopByPair[pair] = Hop(from: line.manager, to: line.report, strength: 2, stance: nil, status: .verified,
                                      isReportingLine: true)
            }
        }
        let connections = influences.map { InfluenceGraph.Connection(from: $0.influencer, to: $0.influenced, strength: $0.strength) }
            + reportingLines.compactMap { line -> InfluenceGraph<PersonID>.Connection? in
                let hop = hopByPair[Pair(from: line.manager, to: line.report)]
                return hop?.isReportingLine == true ? .init(from: line.manager, to: line.report, strength: 2) : nil
            }
        self.graph = try InfluenceGraph(nodes: people.map(\.id), connections: connections)
        self.people = people
        self.influences = influences
        self.reportingLines = reportingLines
        self.hopByPair = hopByPair
        self.personByID = personByID
    }

    /// Who weighs most: PageRank on the graph with every connection reversed, so rank flows from
    /// the influenced to their influencer. Highest first, then by person id.
    public func influenceRanking() -> [Score] {
        Self.ranked(graph.reversed().pageRank())
    }

    /// Who sits between others: weighted betweenness on the influence graph (a weak tie is a
    /// long way round). Highest first, then by person id.
    public func brokers() -> [Score] {
        Self.ranked(graph.betweenness(weighted: true))
    }

    static func ranked(_ scores: [PersonID: Double]) -> [Score] {
        scores.map { Score(person: $0.key, value: $0.value) }
            .sorted { ($1.value, $0.person) < ($0.value, $1.person) }
    }

    /// The strongest chain of influence to `target` from `sources`, or from any of our people
    /// (placeholders aside) when `sources` is nil; ties as in `InfluenceGraph.strongestPath`.
    public func bestPath(to target: PersonID, from sources: Set<PersonID>? = nil) throws(GraphError<PersonID>) -> InfluenceChain? {
        let starts = sources ?? Set(people.filter { $0.affiliation == .ourSide && !$0.isPlaceholder }.map(\.id))
        return chain(try graph.strongestPath(from: starts, to: target))
    }

    func chain(_ path: StrongestPath<PersonID>?) -> InfluenceChain? {
        guard let path else { return nil }
        let hops = zip(path.nodes, path.nodes.dropFirst()).map { from, to in
            hopByPair[Pair(from: from, to: to)]
                ?? Hop(from: from, to: to, strength: graph.strength(from: from, to: to) ?? 0, stance: nil,
                       status: .hypothesis, isReportingLine: false)
        }
        return InfluenceChain(people: path.nodes, hops: hops, product: path.product)
    }
}
