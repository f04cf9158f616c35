import Foundation
import Testing
@testable import KAMCore

/// The analytics of the relationship map on hand-made graphs with known answers. Reference
/// values marked "networkx 3.6.1" were computed with networkx 3.6.1: `pagerank(G,
/// weight="strength", tol=1e-12)` and `betweenness_centrality(G, weight="w")` with
/// w = 60 // strength.
@Suite("Influence graph")
struct InfluenceGraphTests {
    typealias Graph = InfluenceGraph<String>

    static func graph(_ edges: [(String, String, Int)], nodes: [String] = []) throws -> Graph {
        try Graph(nodes: nodes + edges.flatMap { [$0.0, $0.1] },
                  connections: edges.map { Graph.Connection(from: $0.0, to: $0.1, strength: $0.2) })
    }

    static func expectClose(_ actual: [String: Double], _ expected: [String: Double], within tolerance: Double = 1e-9,
                            sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(Set(actual.keys) == Set(expected.keys), sourceLocation: sourceLocation)
        for (node, value) in expected {
            #expect(abs((actual[node] ?? .nan) - value) <= tolerance, "\(node): \(actual[node] ?? .nan) vs \(value)",
                    sourceLocation: sourceLocation)
        }
    }

    // MARK: - Building

    @Test func refusesSelfLoopsStrengthsOutOfRangeAndStrangers() {
        #expect(throws: GraphError<String>.selfLoop("a")) { try Self.graph([("a", "b", 3), ("a", "a", 3)]) }
        #expect(throws: GraphError<String>.strengthOutOfRange(from: "a", to: "b", strength: 0)) { try Self.graph([("a", "b", 0)]) }
        #expect(throws: GraphError<String>.strengthOutOfRange(from: "b", to: "a", strength: 6)) { try Self.graph([("b", "a", 6)]) }
        #expect(throws: GraphError<String>.unknownNode("z")) {
            try Graph(nodes: ["a", "b"], connections: [.init(from: "a", to: "z", strength: 1)])
        }
    }

    @Test func repeatedPairsKeepTheStrongestAndNodesAreInKeyOrder() throws {
        let graph = try Self.graph([("b", "a", 2), ("c", "a", 1), ("b", "a", 4), ("b", "a", 3)], nodes: ["d"])
        #expect(graph.nodes == ["a", "b", "c", "d"])
        #expect(graph.connectionCount == 2)
        #expect(graph.strength(from: "b", to: "a") == 4)
        #expect(graph.strength(from: "a", to: "b") == nil)
        let reversed = graph.reversed()
        #expect(Set(reversed.connections) == [.init(from: "a", to: "b", strength: 4), .init(from: "a", to: "c", strength: 1)])
        #expect(reversed.nodes == graph.nodes)
    }

    // MARK: - PageRank

    @Test func pageRankMatchesNetworkx() throws {
        // d has no outgoing connection: its rank is spread evenly over everyone.
        let graph = try Self.graph([("a", "b", 5), ("b", "c", 3), ("a", "c", 1), ("c", "d", 4)])
        // networkx 3.6.1
        Self.expectClose(graph.pageRank(), ["a": 0.11755341945728022, "b": 0.20082042490683405,
                                            "c": 0.30490418171868827, "d": 0.37672197391719753])
    }

    @Test func pageRankOnDisconnectedPartsWithACycleAndDanglingNodes() throws {
        let graph = try Self.graph([("x", "y", 2), ("p", "q", 5), ("q", "p", 5), ("r", "p", 1)])
        let rank = graph.pageRank()
        // networkx 3.6.1
        Self.expectClose(rank, ["p": 0.42580874090826426, "q": 0.4057011059188696, "r": 0.04376367614879651,
                                "x": 0.04376367614879651, "y": 0.08096280087527355])
        #expect(abs(rank.values.reduce(0, +) - 1) < 1e-12)
    }

    @Test func pageRankOfASymmetricCycleIsUniform() throws {
        let rank = try Self.graph([("a", "b", 3), ("b", "c", 3), ("c", "a", 3)]).pageRank()
        for value in rank.values { #expect(abs(value - 1.0 / 3) < 1e-12) }
        #expect(try Graph(connections: []).pageRank().isEmpty)
    }

    // MARK: - Betweenness

    @Test func equalDistancesTieExactly() throws {
        // s→a→b→t is 20+15+12 = 47 long, s→c→d→t is 20+12+15 = 47: a tie, so each route carries
        // half of s→t. Summed as floats 1/3+1/4+1/5 and 1/3+1/5+1/4 differ in the last bit, and
        // networkx with weights 1/strength gives a 0.1, c 0.05 instead.
        let graph = try Self.graph([("s", "a", 3), ("a", "b", 4), ("b", "t", 5), ("s", "c", 3), ("c", "d", 5), ("d", "t", 4)])
        // networkx 3.6.1: a is on s→b (1) and half of s→t, over (6−1)(6−2) = 20.
        Self.expectClose(graph.betweenness(), ["a": 0.075, "b": 0.075, "c": 0.075, "d": 0.075, "s": 0, "t": 0], within: 1e-15)
    }

    @Test func aWeakDirectTieIsAsLongAsFiveDecisiveHops() throws {
        let graph = try Self.graph([("s", "t", 1), ("s", "a", 5), ("a", "b", 5), ("b", "c", 5), ("c", "d", 5), ("d", "t", 5)])
        // networkx 3.6.1
        Self.expectClose(graph.betweenness(), ["a": 0.175, "b": 0.275, "c": 0.275, "d": 0.175, "s": 0, "t": 0], within: 1e-12)
    }

    @Test func unweightedBetweennessAndSmallGraphs() throws {
        let line = try Self.graph([("a", "b", 1), ("b", "c", 5)])
        #expect(line.betweenness(weighted: false) == ["a": 0, "b": 0.5, "c": 0])
        // Disconnected parts add nothing to each other; a cycle counts both ways round.
        let parts = try Self.graph([("a", "b", 1), ("b", "c", 5), ("x", "y", 3), ("y", "x", 3)])
        #expect(parts.betweenness(weighted: false)["b"] == 1.0 / 12) // (5 − 1)(5 − 2) = 12
        #expect(try Self.graph([("a", "b", 3)]).betweenness() == ["a": 0, "b": 0])
    }

    // MARK: - Strongest path

    @Test func strongestPathMaximisesTheProduct() throws {
        let graph = try Self.graph([("a", "t", 2), ("a", "b", 4), ("b", "t", 4)])
        let path = try #require(try graph.strongestPath(from: "a", to: "t"))
        #expect(path.nodes == ["a", "b", "t"])
        #expect(path.strengths == [4, 4])
        #expect(abs(path.product - 0.64) < 1e-15)
    }

    @Test func equalProductsGoToFewerHopsThenToTheSmallerSequence() throws {
        // Decisive hops cost nothing: a→t and a→b→t both have product 1.
        let fewer = try Self.graph([("a", "b", 5), ("b", "t", 5), ("a", "t", 5)])
        #expect(try fewer.strongestPath(from: "a", to: "t")?.nodes == ["a", "t"])
        // 4/5·2/5 = 2/5·4/5, two hops each: [a, b, t] < [a, c, t].
        let order = try Self.graph([("a", "c", 2), ("c", "t", 4), ("a", "b", 4), ("b", "t", 2)])
        #expect(try order.strongestPath(from: "a", to: "t")?.nodes == ["a", "b", "t"])
        // The sequence is read from the source: t's predecessors are d < e, but [a, b, e, t]
        // comes before [a, c, d, t].
        let early = try Self.graph([("a", "c", 5), ("c", "d", 5), ("d", "t", 5), ("a", "b", 5), ("b", "e", 5), ("e", "t", 5)])
        #expect(try early.strongestPath(from: "a", to: "t")?.nodes == ["a", "b", "e", "t"])
    }

    @Test func severalSourcesStartTheSequence() throws {
        let graph = try Self.graph([("s2", "a", 5), ("a", "t", 5), ("s1", "z", 5), ("z", "t", 5), ("s3", "t", 1)])
        #expect(try graph.strongestPath(from: ["s2", "s1", "s3"], to: "t")?.nodes == ["s1", "z", "t"])
        #expect(try graph.strongestPath(from: ["s3", "t"], to: "t")?.nodes == ["t"])
        #expect(try graph.strongestPath(from: Set<String>(), to: "t") == nil)
        let tree = try graph.strongestPaths(from: ["s3"])
        #expect(tree.product(to: "t") == 0.2)
        #expect(tree.path(to: "a") == nil)
    }

    @Test func noPathIsNilAndStrangersAreRefused() throws {
        let graph = try Self.graph([("a", "b", 3), ("c", "d", 3), ("d", "c", 3)])
        #expect(try graph.strongestPath(from: "b", to: "a") == nil)
        #expect(try graph.strongestPath(from: "a", to: "c") == nil)
        #expect(throws: GraphError<String>.unknownNode("q")) { try graph.strongestPath(from: "a", to: "q") }
    }

    @Test func chainCostsCompareExactlyWhenLogarithmsCannotTell() {
        // 2^227268 / 5^97879 is within 4e-7 of 1 in logarithm (inside the rounding slack at
        // these exponents), and is in fact larger than 1.
        let close = ChainCost(weakHops: 97_879, twos: 227_268, threes: 0, hops: 1)
        let even = ChainCost(weakHops: 0, twos: 0, threes: 0, hops: 2)
        #expect(close < even)
        #expect(!(even < close))
        // Equal products: the hop count decides.
        #expect(ChainCost.zero.extended(strength: 4).extended(strength: 2) == ChainCost.zero.extended(strength: 2).extended(strength: 4))
        #expect(ChainCost.zero.extended(strength: 5) > ChainCost.zero)
        #expect(ChainCost.zero.extended(strength: 5).extended(strength: 5) < ChainCost.zero.extended(strength: 4))
    }

    // MARK: - CSV and JSON of `kam graph`

    @Test func csvWithQuotesBOMAndCRLF() throws {
        let text = "\u{FEFF}source,target,strength\r\n\"a,1\",b,3\r\n\"say \"\"hi\"\"\",b,5\r\nb,\"a,1\",2\r\n"
        let graph = try GraphCSV.influenceGraph(Data(text.utf8))
        #expect(graph.nodes == ["a,1", "b", "say \"hi\""])
        #expect(graph.strength(from: "say \"hi\"", to: "b") == 5)
        #expect(GraphCSV.scoresJSON(graph, scores: [0.5, 0.25, 1e-05]) == #"{"a,1": 0.5, "b": 0.25, "say \"hi\"": 1e-05}"#)
        let path = try graph.strongestPath(from: "b", to: "a,1")
        #expect(GraphCSV.pathJSON(path) == #"{"path": ["b", "a,1"], "product": 0.4}"#)
        #expect(GraphCSV.pathJSON(nil) == #"{"path": null}"#)
    }

    @Test func csvErrorsNameRowAndColumn() {
        func error(_ text: String) -> GraphCSV.ParseError? {
            do { _ = try GraphCSV.influenceGraph(Data(text.utf8)); return nil } catch { return error }
        }
        #expect(error("source,target,strength\na,b,3\nb,c,9\n") == .init(row: 3, column: "strength", reason: "expected a whole number from 1 to 5, found \"9\""))
        #expect(error("source,target,strength\na,a,3\n")?.column == "target")
        #expect(error("source,target,strength\na,b\n")?.row == 2)
        #expect(error("source,target,strength\na,\"b,2\n")?.column == "target")
        #expect(error("from,to,strength\n")?.row == 1)
        #expect(error("")?.row == 1)
        #expect(error("source,target,strength\n,b,1\n")?.column == "source")
    }
}

/// The relationship map of one opportunity, with known answers:
///
///     1 (ours) ─3✓→ 3 (manager) ═reports═▶ 2 (decision maker) ─1→ 4 (reports to 2) ─3→ 2
///     1 ─2?→ 11 (decision maker) ←1─ 8 (opponent)
///     5 (supporter) ─4✓→ 2,  5 ─3✓→ 9 (opponent),  7 ─5?→ 5,  6 (external) ─5?→ 2
///     10: a gatekeeper not found yet
@Suite("Relationship map")
struct RelationshipMapTests {
    typealias Map = RelationshipMap

    static let today = CalendarDate(year: 2025, month: 6, day: 30)

    static func map() throws -> Map {
        let people: [Map.Person] = [
            .init(id: 1, affiliation: .ourSide),
            .init(id: 2, affiliation: .account, closeness: 2, stance: .neutral, role: .decisionMaker,
                  portraitUpdatedOn: .init(year: 2025, month: 1, day: 10)),
            .init(id: 3, affiliation: .account, portraitUpdatedOn: .init(year: 2025, month: 6, day: 1)),
            .init(id: 4, affiliation: .account),
            .init(id: 5, affiliation: .account, stance: .supporter, portraitUpdatedOn: .init(year: 2025, month: 4, day: 1)),
            .init(id: 6, affiliation: .external),
            .init(id: 7, affiliation: .account, portraitUpdatedOn: .init(year: 2025, month: 4, day: 2)),
            .init(id: 8, affiliation: .account, stance: .opponent, role: .evaluator, portraitUpdatedOn: .init(year: 2025, month: 6, day: 29)),
            .init(id: 9, affiliation: .account, stance: .opponent, portraitUpdatedOn: .init(year: 2025, month: 6, day: 29)),
            .init(id: 10, affiliation: .account, role: .gatekeeper, isPlaceholder: true),
            .init(id: 11, affiliation: .account, closeness: 4, role: .decisionMaker, portraitUpdatedOn: .init(year: 2025, month: 6, day: 29)),
        ]
        let influences: [Map.Influence] = [
            .init(influencer: 1, influenced: 3, strength: 3, stance: .supporter, status: .verified),
            .init(influencer: 1, influenced: 11, strength: 2, stance: .supporter, status: .hypothesis),
            .init(influencer: 5, influenced: 2, strength: 4, stance: .supporter, status: .verified),
            .init(influencer: 6, influenced: 2, strength: 5, stance: .neutral, status: .hypothesis),
            .init(influencer: 7, influenced: 5, strength: 5, stance: .supporter, status: .hypothesis),
            .init(influencer: 5, influenced: 9, strength: 3, stance: .supporter, status: .verified),
            .init(influencer: 2, influenced: 4, strength: 1, stance: .neutral, status: .verified),
            .init(influencer: 4, influenced: 2, strength: 3, stance: .neutral, status: .hypothesis),
            .init(influencer: 8, influenced: 11, strength: 1, stance: .opponent, status: .hypothesis),
        ]
        let lines: [Map.ReportingLine] = [.init(report: 2, manager: 3), .init(report: 4, manager: 2)]
        return try Map(people: people, influences: influences, reportingLines: lines)
    }

    @Test func reportingLinesAreInfluenceOfStrengthTwoUnlessRecorded() throws {
        let map = try Self.map()
        #expect(map.graph.strength(from: 3, to: 2) == 2)
        #expect(map.graph.strength(from: 2, to: 4) == 1) // the recorded influence wins, though weaker
        #expect(map.graph.nodeCount == 11)
    }

    @Test func aDealsReportingLinesReplaceTheOrgChartsForItsReportsOnly() {
        let chart: [Map.ReportingLine] = [.init(report: 2, manager: 1), .init(report: 3, manager: 1), .init(report: 4, manager: 3)]
        func connection(_ kind: ConnectionKind, _ from: PersonID, _ to: PersonID) -> PersonConnection {
            PersonConnection(id: from * 10 + to, draft: .init(kind: kind, fromPersonID: from, toPersonID: to, strength: 2, opportunityID: 7),
                             accountID: 1, verifiedBy: nil, verifiedAt: nil, version: 1, createdAt: Date(), updatedAt: Date(), updatedBy: nil)
        }
        #expect(Map.ReportingLine.onDeal(chart, connections: [connection(.influence, 2, 4)]) == chart)
        let bent = Map.ReportingLine.onDeal(chart, connections: [connection(.reporting, 2, 4), connection(.influence, 1, 4),
                                                                 connection(.reporting, 4, 5)])
        #expect(bent == [.init(report: 2, manager: 1), .init(report: 3, manager: 1), .init(report: 4, manager: 2), .init(report: 5, manager: 4)])
        var v = Validator()
        PersonConnectionDraft(kind: .reporting, fromPersonID: 1, toPersonID: 2, strength: 2).validate(into: &v)
        #expect(v.issues.map(\.field) == ["opportunityID"])
    }

    @Test func refusesSelfInfluenceSelfReportingAndStrangers() {
        let people = [Map.Person(id: 1, affiliation: .account), .init(id: 2, affiliation: .account)]
        #expect(throws: GraphError<PersonID>.selfLoop(2)) {
            try Map(people: people, influences: [.init(influencer: 2, influenced: 2, strength: 3, stance: .neutral, status: .verified)],
                    reportingLines: [])
        }
        #expect(throws: GraphError<PersonID>.selfLoop(1)) {
            try Map(people: people, influences: [], reportingLines: [.init(report: 1, manager: 1)])
        }
        #expect(throws: GraphError<PersonID>.unknownNode(9)) {
            try Map(people: people, influences: [], reportingLines: [.init(report: 1, manager: 9)])
        }
    }

    @Test func influenceRankingIsPageRankOnReversedInfluence() throws {
        let ranking = try Self.map().influenceRanking()
        // networkx 3.6.1, on the reversed graph.
        let expected: [(PersonID, Double)] = [
            (7, 0.1604453442988125), (1, 0.14019263856921468), (5, 0.12634604612847555), (2, 0.1161230688202583),
            (6, 0.08830285098083308), (4, 0.07420219262420011), (8, 0.06808237986457029), (3, 0.06715186344588363),
            (9, 0.05305120508925065), (10, 0.05305120508925065), (11, 0.05305120508925065),
        ]
        #expect(ranking.map(\.person) == expected.map(\.0))
        for (score, (_, value)) in zip(ranking, expected) { #expect(abs(score.value - value) < 1e-9) }
    }

    @Test func brokersAreWeightedBetweenness() throws {
        let brokers = try Self.map().brokers()
        // networkx 3.6.1
        #expect(brokers.prefix(3).map(\.person) == [2, 5, 3])
        #expect(abs(brokers[0].value - 1.0 / 18) < 1e-12)
        #expect(abs(brokers[1].value - 1.0 / 30) < 1e-12)
        #expect(abs(brokers[2].value - 1.0 / 45) < 1e-12)
        #expect(brokers.dropFirst(3).allSatisfy { $0.value == 0 })
    }

    @Test func bestPathFromOurSideShowsEachHop() throws {
        let map = try Self.map()
        let chain = try #require(try map.bestPath(to: 2))
        #expect(chain.people == [1, 3, 2])
        #expect(chain.hops == [
            .init(from: 1, to: 3, strength: 3, stance: .supporter, status: .verified, isReportingLine: false),
            .init(from: 3, to: 2, strength: 2, stance: nil, status: .verified, isReportingLine: true),
        ])
        #expect(abs(chain.product - 0.24) < 1e-15)
        #expect(try map.bestPath(to: 2, from: [7])?.people == [7, 5, 2])
        #expect(try map.bestPath(to: 1) == Map.InfluenceChain(people: [1], hops: [], product: 1)) // one of ours
        #expect(try map.bestPath(to: 8) == nil)
    }

    @Test func indirectKeyPersonsAreOutsideTheReportingLine() throws {
        let found = try Self.map().indirectKeyPersons()
        // 3 and 4 sway decision maker 2 but are their manager and report; 6 is an outsider.
        // 5 and 7 both reach 2 with product 0.8; 5 in one hop.
        #expect(found.map(\.person) == [5, 7, 8])
        #expect(found.map(\.decisionMaker) == [2, 2, 11])
        #expect(found.map(\.product) == [0.8, 0.8, 0.2])
        #expect(found[1].chain.people == [7, 5, 2])
        #expect(found[0].chain.hops.first?.stance == .supporter)
        #expect(found[0].decisionMakersSwayed == [2])
    }

    @Test func coverageGaps() throws {
        let gaps = try Self.map().coverageGaps(today: Self.today)
        #expect(gaps == [
            .noVerifiedPath(decisionMaker: 11), // only a hypothesis reaches them
            .lowCloseness(decisionMaker: 2, closeness: 2),
            .opponentWithoutCounterInfluencer(opponent: 8), // 9 is countered by supporter 5
            .roleWithoutPerson(placeholder: 10, role: .gatekeeper),
            .stalePortrait(person: 2, lastUpdated: .init(year: 2025, month: 1, day: 10)),
            .stalePortrait(person: 4, lastUpdated: nil),
            .stalePortrait(person: 5, lastUpdated: .init(year: 2025, month: 4, day: 1)), // 90 days; 7's 89 are not
        ])
    }
}
