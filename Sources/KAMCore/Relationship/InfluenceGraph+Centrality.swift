import Dispatch
import Foundation
import Synchronization

extension InfluenceGraph {
    /// PageRank with networkx's semantics (`networkx.pagerank`, weight = strength), so the
    /// cross-check against it can ask for equal values: uniform start and teleport, a node with
    /// no outgoing connection spreading its rank evenly over every node, power iteration until
    /// the L1 change is below `nodeCount × tolerance`.
    ///
    /// The default tolerance is far tighter than networkx's 1e-6 because two implementations
    /// agree to 1e-6 only when both are well past that: one iteration costs one pass over the
    /// connections, and the error shrinks by `damping` each time. If `maxIterations` runs out
    /// first the last iterate is returned; with damping below 1 that only happens for a
    /// tolerance under the floating-point noise.
    ///
    /// Run on `reversed()` for the influence ranking: rank then flows from the influenced to
    /// their influencer.
    public func pageRank(damping: Double = 0.85, tolerance: Double = 1e-12, maxIterations: Int = 10_000) -> [Node: Double] {
        byNode(pageRankScores(damping: damping, tolerance: tolerance, maxIterations: maxIterations))
    }

    /// `pageRank` by node index (the order of `nodes`), without building a dictionary: the
    /// whole-database run has a million entries.
    public func pageRankScores(damping: Double = 0.85, tolerance: Double = 1e-12, maxIterations: Int = 10_000) -> [Double] {
        rows.pageRank(damping: damping, tolerance: tolerance, maxIterations: maxIterations)
    }

    /// Betweenness centrality (Brandes) on the directed graph, normalised by (n−1)(n−2) like
    /// `networkx.betweenness_centrality(G, normalized=True)` for directed graphs; all zero below
    /// three nodes.
    ///
    /// Weighted, a connection is as long as 60 / strength (60, 30, 20, 15, 12): a weak tie is a
    /// long way round. Whole numbers, so two paths of equal length tie exactly and both count,
    /// instead of one winning by a rounding error in the last bit.
    public func betweenness(weighted: Bool = true) -> [Node: Double] {
        byNode(betweennessScores(weighted: weighted))
    }

    /// `betweenness` by node index.
    public func betweennessScores(weighted: Bool = true) -> [Double] {
        rows.betweenness(weighted: weighted)
    }
}

extension ConnectionRows {
    func pageRank(damping: Double, tolerance: Double, maxIterations: Int) -> [Double] {
        let n = nodeCount
        guard n > 0 else { return [] }
        let uniform = 1.0 / Double(n)
        // Each node hands its rank out in proportion to strength: precompute 1 / total strength.
        var inverseOutStrength = [Double](repeating: 0, count: n)
        var dangling: [Int32] = []
        for u in 0..<n {
            var total = 0
            for e in Int(offsets[u])..<Int(offsets[u + 1]) { total += Int(strengths[e]) }
            if total == 0 { dangling.append(Int32(u)) } else { inverseOutStrength[u] = 1.0 / Double(total) }
        }
        var rank = [Double](repeating: uniform, count: n)
        var next = [Double](repeating: 0, count: n)
        for _ in 0..<maxIterations {
            var danglingRank = 0.0
            for u in dangling { danglingRank += rank[Int(u)] }
            let base = damping * danglingRank * uniform + (1 - damping) * uniform
            let change = offsets.withUnsafeBufferPointer { offsets in
                targets.withUnsafeBufferPointer { targets in
                    strengths.withUnsafeBufferPointer { strengths in
                        inverseOutStrength.withUnsafeBufferPointer { inverse in
                            rank.withUnsafeBufferPointer { rank in
                                next.withUnsafeMutableBufferPointer { next in
                                    Self.spread(rank: rank, into: next, offsets: offsets, targets: targets, strengths: strengths,
                                                inverseOutStrength: inverse, damping: damping, base: base)
                                }
                            }
                        }
                    }
                }
            }
            swap(&rank, &next)
            if change < Double(n) * tolerance { break }
        }
        return rank
    }

    /// One power-iteration step; returns the L1 change.
    private static func spread(rank: UnsafeBufferPointer<Double>, into next: UnsafeMutableBufferPointer<Double>,
                               offsets: UnsafeBufferPointer<Int32>, targets: UnsafeBufferPointer<Int32>,
                               strengths: UnsafeBufferPointer<UInt8>, inverseOutStrength: UnsafeBufferPointer<Double>,
                               damping: Double, base: Double) -> Double {
        let n = rank.count
        for v in 0..<n { next[v] = 0 }
        for u in 0..<n {
            let share = rank[u] * inverseOutStrength[u]
            if share == 0 { continue }
            for e in Int(offsets[u])..<Int(offsets[u + 1]) {
                next[Int(targets[e])] += share * Double(strengths[e])
            }
        }
        var change = 0.0
        for v in 0..<n {
            let value = damping * next[v] + base
            change += abs(value - rank[v])
            next[v] = value
        }
        return change
    }

    /// Sources are dealt round-robin to a fixed number of parts, each summed on its own and the
    /// parts added in order: the same sums whatever the machine, so equal scores stay equal and
    /// the ranking never depends on how many cores ran it. Large graphs run the parts in parallel.
    static let betweennessParts = 4
    /// n × m above which the parts run on several threads (below it, starting them costs more).
    static let parallelBetweennessWork = 2_000_000

    func betweenness(weighted: Bool) -> [Double] {
        let n = nodeCount
        guard n > 2 else { return [Double](repeating: 0, count: n) }
        // Lengths per connection, looked up rather than divided in the inner loops.
        let lengths = weighted ? strengths.map { Int32(60 / Int($0)) } : [Int32](repeating: 1, count: targets.count)
        let parts = Self.betweennessParts
        let results = Mutex([[Double]](repeating: [], count: parts))
        let work: @Sendable (Int) -> Void = { part in
            let sums = self.betweennessPart(part, of: parts, weighted: weighted, lengths: lengths)
            results.withLock { $0[part] = sums }
        }
        if n * targets.count >= Self.parallelBetweennessWork {
            DispatchQueue.concurrentPerform(iterations: parts, execute: work)
        } else {
            for part in 0..<parts { work(part) }
        }
        var centrality = [Double](repeating: 0, count: n)
        let partials = results.withLock { $0 }
        for partial in partials {
            for v in 0..<n { centrality[v] += partial[v] }
        }
        let scale = 1.0 / (Double(n - 1) * Double(n - 2))
        for v in 0..<n { centrality[v] *= scale }
        return centrality
    }

    /// Brandes' dependencies summed over the sources `part`, `part + parts`, `part + 2 × parts`, …
    private func betweennessPart(_ part: Int, of parts: Int, weighted: Bool, lengths: [Int32]) -> [Double] {
        let n = nodeCount
        var centrality = [Double](repeating: 0, count: n)
        offsets.withUnsafeBufferPointer { offsets in
            targets.withUnsafeBufferPointer { targets in
                lengths.withUnsafeBufferPointer { lengths in
                    centrality.withUnsafeMutableBufferPointer { centrality in
                        var search = ShortestPathCounts(nodeCount: n, connectionCount: targets.count)
                        for source in stride(from: Int32(part), to: Int32(n), by: parts) {
                            if weighted {
                                search.dijkstra(from: source, offsets: offsets, targets: targets, lengths: lengths)
                            } else {
                                search.breadthFirst(from: source, offsets: offsets, targets: targets)
                            }
                            search.accumulate(into: centrality, source: source, offsets: offsets, targets: targets, lengths: lengths)
                        }
                    }
                }
            }
        }
        return centrality
    }
}

/// One source's shortest paths for Brandes' algorithm, in buffers allocated once for all
/// sources (only the nodes a search reached are reset). Raw buffers because these loops run
/// n × m times; noncopyable so the buffers are freed exactly once.
struct ShortestPathCounts: ~Copyable {
    /// −1 until reached.
    let distance: UnsafeMutableBufferPointer<Int32>
    let pathCount: UnsafeMutableBufferPointer<Double>
    /// (1 + dependency) / path count of a node whose dependency is known: what each of its
    /// predecessors on a shortest path gains per path through them.
    let coefficient: UnsafeMutableBufferPointer<Double>
    let isSettled: UnsafeMutableBufferPointer<Bool>
    /// Reached nodes in the order they were settled (non-decreasing distance).
    let order: UnsafeMutableBufferPointer<Int32>
    var settledCount = 0
    // Dial's bucket queue: lengths are whole numbers up to 60, so 64 circular buckets of
    // singly linked entries replace a heap. Entries still waiting are never more than 60 ahead
    // of the current distance, so a bucket never mixes two distances. At most one entry per
    // improvement, so one per connection plus the source.
    let bucketHead: UnsafeMutableBufferPointer<Int32>
    let entryNode: UnsafeMutableBufferPointer<Int32>
    let entryNext: UnsafeMutableBufferPointer<Int32>

    init(nodeCount n: Int, connectionCount m: Int) {
        distance = .allocate(capacity: n)
        distance.initialize(repeating: -1)
        pathCount = .allocate(capacity: n)
        pathCount.initialize(repeating: 0)
        coefficient = .allocate(capacity: n)
        coefficient.initialize(repeating: 0)
        isSettled = .allocate(capacity: n)
        isSettled.initialize(repeating: false)
        order = .allocate(capacity: n)
        order.initialize(repeating: 0)
        bucketHead = .allocate(capacity: 64)
        bucketHead.initialize(repeating: -1)
        entryNode = .allocate(capacity: m + 1)
        entryNode.initialize(repeating: 0)
        entryNext = .allocate(capacity: m + 1)
        entryNext.initialize(repeating: 0)
    }

    deinit {
        for buffer in [distance, order, bucketHead, entryNode, entryNext] { buffer.deallocate() }
        pathCount.deallocate()
        coefficient.deallocate()
        isSettled.deallocate()
    }

    private mutating func reset() {
        for i in 0..<settledCount {
            let v = Int(order[i])
            distance[v] = -1
            pathCount[v] = 0
            isSettled[v] = false
        }
        settledCount = 0
    }

    mutating func breadthFirst(from source: Int32, offsets: UnsafeBufferPointer<Int32>, targets: UnsafeBufferPointer<Int32>) {
        reset()
        distance[Int(source)] = 0
        pathCount[Int(source)] = 1
        order[0] = source
        settledCount = 1
        var head = 0
        while head < settledCount {
            let u = Int(order[head])
            head += 1
            let next = distance[u] + 1
            for e in Int(offsets[u])..<Int(offsets[u + 1]) {
                let v = Int(targets[e])
                if distance[v] < 0 {
                    distance[v] = next
                    order[settledCount] = Int32(v)
                    settledCount += 1
                }
                if distance[v] == next { pathCount[v] += pathCount[u] }
            }
        }
    }

    mutating func dijkstra(from source: Int32, offsets: UnsafeBufferPointer<Int32>, targets: UnsafeBufferPointer<Int32>,
                           lengths: UnsafeBufferPointer<Int32>) {
        reset()
        var entries = 0
        func push(_ node: Int32, at distance: Int32) {
            let bucket = Int(distance & 63)
            entryNode[entries] = node
            entryNext[entries] = bucketHead[bucket]
            bucketHead[bucket] = Int32(entries)
            entries += 1
        }
        distance[Int(source)] = 0
        pathCount[Int(source)] = 1
        push(source, at: 0)
        var waiting = 1
        var current: Int32 = 0
        while waiting > 0 {
            let bucket = Int(current & 63)
            while bucketHead[bucket] >= 0 {
                let entry = Int(bucketHead[bucket])
                bucketHead[bucket] = entryNext[entry]
                waiting -= 1
                let u = Int(entryNode[entry])
                if isSettled[u] { continue } // an earlier, longer offer for a node since improved
                isSettled[u] = true
                order[settledCount] = Int32(u)
                settledCount += 1
                for e in Int(offsets[u])..<Int(offsets[u + 1]) {
                    let v = Int(targets[e])
                    if isSettled[v] { continue }
                    let through = current + lengths[e]
                    if distance[v] < 0 || through < distance[v] {
                        distance[v] = through
                        pathCount[v] = pathCount[u]
                        push(Int32(v), at: through)
                        waiting += 1
                    } else if through == distance[v] {
                        pathCount[v] += pathCount[u]
                    }
                }
            }
            current += 1
        }
    }

    /// Brandes' dependency accumulation, walking successors instead of stored predecessor lists:
    /// `w → v` lies on a shortest path exactly when `distance[v] == distance[w] + length`.
    func accumulate(into centrality: UnsafeMutableBufferPointer<Double>, source: Int32, offsets: UnsafeBufferPointer<Int32>,
                    targets: UnsafeBufferPointer<Int32>, lengths: UnsafeBufferPointer<Int32>) {
        for i in stride(from: settledCount - 1, through: 0, by: -1) {
            let w = Int(order[i])
            let reach = distance[w]
            var sum = 0.0
            for e in Int(offsets[w])..<Int(offsets[w + 1]) {
                let v = Int(targets[e])
                if distance[v] == reach + lengths[e] { sum += coefficient[v] }
            }
            let dependency = pathCount[w] * sum
            coefficient[w] = (1 + dependency) / pathCount[w]
            if w != Int(source) { centrality[w] += dependency }
        }
    }
}
