import Foundation
import KAMCore

extension DemoLoader {
    /// The key accounts scored (entered levels drawn from the account's id, so the demo is the
    /// same every time), classified under the standard rules, and each given the first strategy
    /// its class suits, with that strategy's first tactic, owned by its key account manager.
    public func loadClassification() async throws {
        let store = KAMStore(database: database, now: now)
        let model = try await store.scoring.model()
        let keyAccounts = try await store.accounts.keyAccountIDs(caller: .system)
        for id in keyAccounts {
            var levels: [String: Int] = [:]
            for (index, indicator) in model.indicators.enumerated() where indicator.source == .entered {
                let scale = indicator.levels.map(\.level).sorted()
                guard !scale.isEmpty else { continue }
                levels[indicator.key] = scale[Int((id &* 7 &+ Int64(index) &* 3) % Int64(scale.count))]
            }
            _ = try await store.scoring.score(id, entered: levels, note: nil, caller: .system)
        }
        _ = try await store.classification.apply(reason: "First classification of the demo portfolio", caller: .system)
        let library = try await store.strategies.library().document
        for id in keyAccounts {
            let account = try await store.accounts.get(id, caller: .system)
            guard let strategy = library.suggested(for: account.accountClass).first else { continue }
            _ = try await store.strategies.assign(id, StrategyAssignmentDraft(strategyKey: strategy.key, tacticKey: strategy.tactics.first?.key,
                                                                              ownerID: account.ownerID, status: .active), caller: .system)
        }
    }
}
