import KAMCore
import Synchronization

/// Brokers (weighted betweenness) are the one analytic of a map that grows with people ×
/// connections: about a third of a second at 2,000 people and 20,000 connections, where every
/// other analytic takes a millisecond. They are a pure function of the influence graph, so the
/// answer for a graph is kept and handed out again while the map is unchanged; any change to a
/// person, a reporting line or a connection is a different graph and is computed afresh. The
/// few most recent graphs are kept.
enum AnalyticsMemo {
    static let capacity = 16
    private static let brokersByGraph = Mutex<[(graph: InfluenceGraph<PersonID>, brokers: [RelationshipMap.Score])]>([])

    static func brokers(of map: RelationshipMap) -> [RelationshipMap.Score] {
        let hit = brokersByGraph.withLock { entries -> [RelationshipMap.Score]? in
            guard let index = entries.firstIndex(where: { $0.graph == map.graph }) else { return nil }
            let entry = entries.remove(at: index)
            entries.append(entry)
            return entry.brokers
        }
        if let hit { return hit }
        let brokers = map.brokers()
        brokersByGraph.withLock { entries in
            entries.append((map.graph, brokers))
            if entries.count > capacity { entries.removeFirst(entries.count - capacity) }
        }
        return brokers
    }
}
