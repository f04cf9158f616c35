/// Cycle checks for the account hierarchy (group → headquarters → branch) and reporting lines.
public enum Hierarchy {
    /// True when making `child` point at `newParent` would close a loop, given each node's current
    /// parent. `parentOf` is asked lazily so the store can read only the chain it walks.
    public static func wouldCreateCycle<ID: Hashable>(
        child: ID, newParent: ID?, parentOf: (ID) throws -> ID?
    ) rethrows -> Bool {
        guard var cursor = newParent else { return false }
        var seen: Set<ID> = [child]
        while true {
            if !seen.insert(cursor).inserted { return true }
            guard let next = try parentOf(cursor) else { return false }
            cursor = next
        }
    }

    /// Orders nodes so that each parent comes before its children, and gives each node its depth:
    /// what a tree view needs. Nodes whose parent is not in the list are roots.
    public static func treeOrder<ID: Hashable & Comparable>(
        _ nodes: [(id: ID, parent: ID?, sortKey: String)]
    ) -> [(id: ID, depth: Int)] {
        let ids = Set(nodes.map(\.id))
        var children: [ID: [(ID, String)]] = [:]
        var roots: [(ID, String)] = []
        for node in nodes {
            if let p = node.parent, ids.contains(p) { children[p, default: []].append((node.id, node.sortKey)) }
            else { roots.append((node.id, node.sortKey)) }
        }
        var out: [(id: ID, depth: Int)] = []
        var visited: Set<ID> = []
        func visit(_ id: ID, _ depth: Int) {
            guard visited.insert(id).inserted else { return }
            out.append((id, depth))
            for child in (children[id] ?? []).sorted(by: { ($0.1, $0.0) < ($1.1, $1.0) }) { visit(child.0, depth + 1) }
        }
        for root in roots.sorted(by: { ($0.1, $0.0) < ($1.1, $1.0) }) { visit(root.0, 0) }
        return out
    }
}
