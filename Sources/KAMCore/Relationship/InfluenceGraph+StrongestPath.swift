import Foundation

/// The strongest chain of influence to a person: the path that maximises the product of
/// strength / 5 over its hops.
public struct StrongestPath<Node: Hashable & Sendable>: Sendable, Hashable {
    /// From the source to the target; a single node when the target is itself a source.
    public let nodes: [Node]
    /// `strengths[i]` is the strength of the hop `nodes[i] → nodes[i + 1]`.
    public let strengths: [Int]

    public var hops: Int { strengths.count }

    /// ∏ strength / 5, multiplied in path order (1 for a path of no hops).
    public var product: Double { strengths.reduce(1.0) { $0 * (Double($1) / 5) } }
}

extension InfluenceGraph {
    /// The strongest chain of influence from any of `sources` to `target`; nil when none reaches
    /// it (or `sources` is empty).
    ///
    /// Chosen, in order: the largest product of strength / 5 (a shortest path with cost
    /// −ln(strength / 5)); then the fewest hops; then the smallest sequence of node keys, read
    /// from the source. Ties are common, since a strength-5 hop costs nothing, so the order is
    /// exact: costs are compared as exponents of 2, 3 and 5, never by a rounded logarithm alone.
    public func strongestPath(from sources: Set<Node>, to target: Node) throws(GraphError<Node>) -> StrongestPath<Node>? {
        let t = try index(of: target)
        var starts: [Int32] = []
        for source in sources { starts.append(try index(of: source)) }
        var search = StrongestChainSearch(rows: rows, sources: starts)
        search.run(until: t)
        return strongestPath(search.path(to: t))
    }

    public func strongestPath(from source: Node, to target: Node) throws(GraphError<Node>) -> StrongestPath<Node>? {
        try strongestPath(from: [source], to: target)
    }

    /// The strongest chains from `sources` to everyone they reach, for asking about many targets.
    public func strongestPaths(from sources: Set<Node>) throws(GraphError<Node>) -> StrongestPathTree<Node> {
        var starts: [Int32] = []
        for source in sources { starts.append(try index(of: source)) }
        var search = StrongestChainSearch(rows: rows, sources: starts)
        search.run(until: nil)
        return StrongestPathTree(graph: self, search: search)
    }

    func strongestPath(_ found: (nodes: [Int32], strengths: [Int])?) -> StrongestPath<Node>? {
        found.map { StrongestPath(nodes: $0.nodes.map { nodes[Int($0)] }, strengths: $0.strengths) }
    }
}

/// Every strongest chain from a set of sources, as found by one search.
public struct StrongestPathTree<Node: Hashable & Comparable & Sendable>: Sendable {
    let graph: InfluenceGraph<Node>
    let search: StrongestChainSearch

    public func path(to target: Node) -> StrongestPath<Node>? {
        guard let t = graph.indexByNode[target] else { return nil }
        return graph.strongestPath(search.path(to: t))
    }

    /// ∏ strength / 5 of the strongest chain to `target`, nil if unreachable.
    public func product(to target: Node) -> Double? { path(to: target)?.product }

    /// The exact cost to `target`, for ranking targets without rounding (nil if unreachable).
    func cost(to target: Node) -> ChainCost? {
        guard let t = graph.indexByNode[target], search.reached[Int(t)] else { return nil }
        return search.cost[Int(t)]
    }
}

/// Dijkstra over the lexicographic cost (−ln product, hops, key sequence from the source).
///
/// Why the sequence part can be settled greedily: every connection adds at least one hop, so a
/// node's (cost, hops) label is strictly larger than that of any node before it on a path, and
/// all its tight predecessors are settled first. Two optimal paths to a node have the same
/// length (equal hops), so comparing `p + [v]` with `q + [v]` is comparing `p` with `q`: the
/// smallest sequence to `v` extends the smallest sequence to one of its tight predecessors.
/// Each settled node keeps one predecessor, and when a second tight predecessor offers itself
/// the two (settled, equally long) sequences are compared by walking both chains back together.
struct StrongestChainSearch: Sendable {
    let rows: ConnectionRows
    var cost: [ChainCost]
    var reached: [Bool]
    var settled: [Bool]
    var predecessor: [Int32]

    init(rows: ConnectionRows, sources: [Int32]) {
        self.rows = rows
        let n = rows.nodeCount
        cost = [ChainCost](repeating: .zero, count: n)
        reached = [Bool](repeating: false, count: n)
        settled = [Bool](repeating: false, count: n)
        predecessor = [Int32](repeating: -1, count: n)
        for s in sources { reached[Int(s)] = true }
    }

    mutating func run(until target: Int32?) {
        var queue = ChainQueue()
        for s in reached.indices where reached[s] { queue.push(.zero, Int32(s)) }
        while let (label, u32) = queue.pop() {
            let u = Int(u32)
            if settled[u] || label != cost[u] { continue }
            settled[u] = true
            if u32 == target { return }
            for e in rows.row(u) {
                let v = Int(rows.targets[e])
                if settled[v] { continue }
                let offer = label.extended(strength: rows.strengths[e])
                if !reached[v] || offer < cost[v] {
                    reached[v] = true
                    cost[v] = offer
                    predecessor[v] = u32
                    queue.push(offer, Int32(v))
                } else if offer == cost[v], sequence(to: u32, precedes: predecessor[v]) {
                    predecessor[v] = u32
                }
            }
        }
    }

    /// Whether the chain to `a` reads smaller than the chain to `b`; both settled, equal hops.
    func sequence(to a: Int32, precedes b: Int32) -> Bool {
        var a = a, b = b
        var firstA = a, firstB = b
        // Walking back, the chains merge for good at their first shared node; the last pair that
        // differed before that is where they first differ read from the source.
        while a != b, a >= 0, b >= 0 {
            firstA = a
            firstB = b
            a = predecessor[Int(a)]
            b = predecessor[Int(b)]
        }
        return firstA < firstB
    }

    /// Node indices from the source, and the strength of each hop.
    func path(to target: Int32) -> (nodes: [Int32], strengths: [Int])? {
        guard reached[Int(target)] else { return nil }
        var indices: [Int32] = [target]
        var v = target
        while predecessor[Int(v)] >= 0 {
            v = predecessor[Int(v)]
            indices.append(v)
        }
        indices.reverse()
        var strengths: [Int] = []
        strengths.reserveCapacity(indices.count - 1)
        for i in indices.indices.dropLast() {
            strengths.append(Int(rows.strength(from: indices[i], to: indices[i + 1]) ?? 0))
        }
        return (indices, strengths)
    }
}

/// A binary min-heap of (cost, node), stale entries skipped by the caller.
struct ChainQueue {
    private var entries: [(ChainCost, Int32)] = []

    mutating func push(_ cost: ChainCost, _ node: Int32) {
        entries.append((cost, node))
        var child = entries.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard entries[child].0 < entries[parent].0 else { break }
            entries.swapAt(child, parent)
            child = parent
        }
    }

    mutating func pop() -> (ChainCost, Int32)? {
        guard let last = entries.popLast() else { return nil }
        guard !entries.isEmpty else { return last }
        let top = entries[0]
        entries[0] = last
        var parent = 0
        while true {
            let left = 2 * parent + 1, right = left + 1
            var smallest = parent
            if left < entries.count, entries[left].0 < entries[smallest].0 { smallest = left }
            if right < entries.count, entries[right].0 < entries[smallest].0 { smallest = right }
            if smallest == parent { break }
            entries.swapAt(parent, smallest)
            parent = smallest
        }
        return top
    }
}
