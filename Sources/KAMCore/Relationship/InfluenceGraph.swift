import Foundation

/// Who can sway whom (domain.md §3), as a compact directed graph the analytics of the
/// relationship map run on: an account of a few thousand people answers at once, and the whole
/// database (a million people, five million connections) in seconds.
///
/// Nodes are kept in ascending key order, so a node's index order is its key order: comparing
/// index sequences compares key sequences, which is what the strongest-path tie-break needs.
/// Connections are stored as compressed sparse rows (one offset per node into flat target and
/// strength arrays, each row sorted by target) because the analytics walk every row many times
/// and flat arrays keep that walk in cache, with no hashing in the inner loops.
public struct InfluenceGraph<Node: Hashable & Comparable & Sendable>: Sendable {
    /// One directed connection: `from` sways `to` with a strength of 1 (weak) to 5 (decisive).
    public struct Connection: Sendable, Hashable {
        public var from: Node
        public var to: Node
        public var strength: Int

        public init(from: Node, to: Node, strength: Int) {
            self.from = from
            self.to = to
            self.strength = strength
        }
    }

    /// The strengths a connection may have (domain.md: influence is rated 1…5).
    public static var strengthRange: ClosedRange<Int> { 1...5 }

    /// Every node once, ascending.
    public let nodes: [Node]
    let indexByNode: [Node: Int32]
    /// The connections by node index; the analytics run on these alone.
    let rows: ConnectionRows

    // Prespecialized for the node types we use (person ids, the CLI's string ids): unspecialized
    // generic code from another module hashes through witness tables, several times slower.
    /// Builds the graph from the people and the connections between them.
    ///
    /// Refuses a connection from a person to themself (influence on oneself means nothing and
    /// would distort every analytic), a strength outside 1…5, and a connection naming someone not
    /// in `nodes`. Several connections between the same two people in the same direction are
    /// one relationship recorded more than once: the strongest is kept, so a later, weaker
    /// duplicate never hides what we know.
    @_specialize(exported: true, where Node == Int64)
    @_specialize(exported: true, where Node == String)
    public init(nodes: [Node], connections: [Connection]) throws(GraphError<Node>) {
        var keys: [Node] = []
        var index: [Node: Int32] = [:]
        index.reserveCapacity(nodes.count)
        for node in nodes where index[node] == nil {
            guard keys.count < Int(Int32.max) else { throw .tooLarge }
            index[node] = Int32(keys.count)
            keys.append(node)
        }
        var edges = EdgeList()
        edges.reserve(connections.count)
        for connection in connections {
            guard let from = index[connection.from] else { throw .unknownNode(connection.from) }
            guard let to = index[connection.to] else { throw .unknownNode(connection.to) }
            try edges.append(connection, from: from, to: to)
        }
        self = try Self(unsortedKeys: keys, index: index, edges: edges)
    }

    /// Builds the graph of the people the connections name (nobody without a connection).
    @_specialize(exported: true, where Node == Int64)
    @_specialize(exported: true, where Node == String)
    public init(connections: [Connection]) throws(GraphError<Node>) {
        var keys: [Node] = []
        var index: [Node: Int32] = [:]
        var edges = EdgeList()
        for connection in connections {
            let from = try Self.intern(connection.from, keys: &keys, index: &index)
            let to = try Self.intern(connection.to, keys: &keys, index: &index)
            try edges.append(connection, from: from, to: to)
        }
        self = try Self(unsortedKeys: keys, index: index, edges: edges)
    }

    public var nodeCount: Int { nodes.count }
    public var connectionCount: Int { rows.targets.count }

    public func contains(_ node: Node) -> Bool { indexByNode[node] != nil }

    /// The strength of the connection `from → to`, if there is one.
    public func strength(from: Node, to: Node) -> Int? {
        guard let u = indexByNode[from], let v = indexByNode[to] else { return nil }
        return rows.strength(from: u, to: v).map(Int.init)
    }

    /// Every connection, by source then target.
    public var connections: [Connection] {
        var result: [Connection] = []
        result.reserveCapacity(connectionCount)
        for u in 0..<nodeCount {
            for e in rows.row(u) {
                result.append(Connection(from: nodes[u], to: nodes[Int(rows.targets[e])], strength: Int(rows.strengths[e])))
            }
        }
        return result
    }

    /// The same people with every connection pointing the other way: influence ranking runs on
    /// it, so that rank flows from the influenced to their influencer.
    public func reversed() -> Self {
        var edges = EdgeList()
        edges.reserve(connectionCount)
        for u in 0..<nodeCount {
            for e in rows.row(u) {
                edges.appendUnchecked(from: rows.targets[e], to: Int32(u), strength: rows.strengths[e])
            }
        }
        return Self(sortedNodes: nodes, index: indexByNode, edges: edges)
    }

    // MARK: - Building

    /// Connections by node index, checked as they arrive so the error names the culprit.
    struct EdgeList {
        var from: [Int32] = []
        var to: [Int32] = []
        var strength: [UInt8] = []

        var count: Int { from.count }

        mutating func reserve(_ n: Int) {
            from.reserveCapacity(n)
            to.reserveCapacity(n)
            strength.reserveCapacity(n)
        }

        mutating func append(_ connection: Connection, from u: Int32, to v: Int32) throws(GraphError<Node>) {
            guard u != v else { throw .selfLoop(connection.from) }
            guard InfluenceGraph.strengthRange.contains(connection.strength) else {
                throw .strengthOutOfRange(from: connection.from, to: connection.to, strength: connection.strength)
            }
            guard count < Int(Int32.max) else { throw .tooLarge }
            appendUnchecked(from: u, to: v, strength: UInt8(connection.strength))
        }

        mutating func appendUnchecked(from u: Int32, to v: Int32, strength s: UInt8) {
            from.append(u)
            to.append(v)
            strength.append(s)
        }
    }

    static func intern(_ node: Node, keys: inout [Node], index: inout [Node: Int32]) throws(GraphError<Node>) -> Int32 {
        if let known = index[node] { return known }
        guard keys.count < Int(Int32.max) else { throw .tooLarge }
        let new = Int32(keys.count)
        index[node] = new
        keys.append(node)
        return new
    }

    /// Sorts the keys (index order becomes key order) and renumbers the checked edges; keys
    /// already ascending (person ids read in order) keep their index.
    init(unsortedKeys keys: [Node], index known: [Node: Int32], edges: EdgeList) throws(GraphError<Node>) {
        if zip(keys, keys.dropFirst()).allSatisfy({ $0 < $1 }) {
            self.init(sortedNodes: keys, index: known, edges: edges)
            return
        }
        let order = keys.indices.sorted { keys[$0] < keys[$1] }
        var renumber = [Int32](repeating: 0, count: keys.count)
        var sorted: [Node] = []
        sorted.reserveCapacity(keys.count)
        var index: [Node: Int32] = [:]
        index.reserveCapacity(keys.count)
        for (position, old) in order.enumerated() {
            renumber[old] = Int32(position)
            sorted.append(keys[old])
            index[keys[old]] = Int32(position)
        }
        var renumbered = EdgeList()
        renumbered.reserve(edges.count)
        for e in 0..<edges.count {
            renumbered.appendUnchecked(from: renumber[Int(edges.from[e])], to: renumber[Int(edges.to[e])],
                                       strength: edges.strength[e])
        }
        self.init(sortedNodes: sorted, index: index, edges: renumbered)
    }

    init(sortedNodes: [Node], index: [Node: Int32], edges: EdgeList) {
        self.nodes = sortedNodes
        self.indexByNode = index
        self.rows = ConnectionRows(nodeCount: sortedNodes.count, from: edges.from, to: edges.to, strength: edges.strength)
    }

    func index(of node: Node) throws(GraphError<Node>) -> Int32 {
        guard let i = indexByNode[node] else { throw .unknownNode(node) }
        return i
    }

    /// Scores by node index as a dictionary by node.
    @_specialize(exported: true, where Node == Int64)
    @_specialize(exported: true, where Node == String)
    func byNode(_ scores: [Double]) -> [Node: Double] {
        var result: [Node: Double] = [:]
        result.reserveCapacity(scores.count)
        for (i, score) in scores.enumerated() { result[nodes[i]] = score }
        return result
    }
}

/// Compressed sparse rows of the connections: row `u` is `offsets[u] ..< offsets[u + 1]` in
/// `targets` and `strengths`, sorted by target. Not generic, so the analytics compiled in
/// KAMCore run at full speed whatever the node type of the caller.
struct ConnectionRows: Sendable {
    let offsets: [Int32]
    let targets: [Int32]
    let strengths: [UInt8]

    var nodeCount: Int { offsets.count - 1 }

    @inline(__always) func row(_ u: Int) -> Range<Int> { Int(offsets[u])..<Int(offsets[u + 1]) }

    /// Counting sort by source, then each row sorted by target with duplicates folded into the
    /// strongest: linear in the connections but for the short per-row sorts.
    init(nodeCount n: Int, from: [Int32], to: [Int32], strength: [UInt8]) {
        var start = [Int32](repeating: 0, count: n + 1)
        for u in from { start[Int(u) + 1] += 1 }
        for u in 0..<n { start[u + 1] += start[u] }
        // Packed as target << 8 | strength: sorting a row then orders by target, strongest last.
        var packed = [UInt64](repeating: 0, count: from.count)
        var cursor = start
        for e in 0..<from.count {
            let u = Int(from[e])
            packed[Int(cursor[u])] = UInt64(UInt32(bitPattern: to[e])) << 8 | UInt64(strength[e])
            cursor[u] += 1
        }
        var offsets = [Int32](repeating: 0, count: n + 1)
        var targets: [Int32] = []
        var strengths: [UInt8] = []
        targets.reserveCapacity(from.count)
        strengths.reserveCapacity(from.count)
        for u in 0..<n {
            let row = Int(start[u])..<Int(start[u + 1])
            if row.count > 1 { packed[row].sort() }
            for e in row {
                let target = Int32(truncatingIfNeeded: packed[e] >> 8)
                let strength = UInt8(truncatingIfNeeded: packed[e])
                if targets.count > Int(offsets[u]), targets[targets.count - 1] == target {
                    strengths[strengths.count - 1] = strength // ascending: the later one is stronger
                } else {
                    targets.append(target)
                    strengths.append(strength)
                }
            }
            offsets[u + 1] = Int32(targets.count)
        }
        self.offsets = offsets
        self.targets = targets
        self.strengths = strengths
    }

    /// Binary search in the sorted row of `u`.
    func strength(from u: Int32, to v: Int32) -> UInt8? {
        let row = row(Int(u))
        var low = row.lowerBound, high = row.upperBound
        while low < high {
            let mid = (low + high) / 2
            if targets[mid] < v { low = mid + 1 } else { high = mid }
        }
        return low < row.upperBound && targets[low] == v ? strengths[low] : nil
    }
}

/// Why a graph cannot be built or a node not found.
public enum GraphError<Node: Hashable & Sendable>: Error, Hashable {
    case selfLoop(Node)
    case strengthOutOfRange(from: Node, to: Node, strength: Int)
    case unknownNode(Node)
    /// More than 2³¹ people or connections: the compact indices would overflow.
    case tooLarge
}

/// Two graphs are equal when they have the same people and the same connections with the same
/// strengths: every analytic gives both the same answer, so an answer can be kept for the next
/// request on an unchanged map.
extension InfluenceGraph: Equatable, Hashable {
    public static func == (a: Self, b: Self) -> Bool {
        a.rows.targets.count == b.rows.targets.count && a.nodes == b.nodes && a.rows.offsets == b.rows.offsets
            && a.rows.targets == b.rows.targets && a.rows.strengths == b.rows.strengths
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(nodes.count)
        hasher.combine(rows.targets.count)
        hasher.combine(rows.targets)
        hasher.combine(rows.strengths)
    }
}
