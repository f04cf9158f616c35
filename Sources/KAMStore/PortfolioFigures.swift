import Foundation
import KAMCore
import SQLKit

/// The figures classification reads for every key account (status qualified): purchases roll up
/// from branches to every key account above them (domain.md §10), the score is the account's own.
struct PortfolioFigures {
    struct Entry { var name: String; var currentClass: AccountClass? }
    var figures: [AccountFigures]
    var accounts: [AccountID: Entry]

    static func read(_ db: any SQLDatabase, rules: ClassificationRules, today: CalendarDate) async throws -> PortfolioFigures {
        var accounts: [AccountID: Entry] = [:]
        var order: [AccountID] = []
        for row in try await db.raw("""
            SELECT id, name, account_class FROM accounts WHERE deleted_at IS NULL AND status = 'qualified' ORDER BY id
            """).all() {
            let id = try row.int64("id")
            accounts[id] = Entry(name: try row.string("name"), currentClass: try row.optionalVocabulary("account_class", as: AccountClass.self))
            order.append(id)
        }
        // Which key accounts each account's purchases count for: itself and its ancestors that are key accounts.
        var parent: [AccountID: AccountID] = [:]
        // Every branch, as `PurchaseRepository.withBranches` rolls them up for the purchases page and scoring.
        for row in try await db.raw("SELECT id, parent_id FROM accounts WHERE parent_id IS NOT NULL").all() {
            parent[try row.int64("id")] = try row.int64("parent_id")
        }
        var targetsCache: [AccountID: [AccountID]] = [:]
        func targets(_ id: AccountID) -> [AccountID] {
            if let known = targetsCache[id] { return known }
            var found: [AccountID] = []
            var current: AccountID? = id
            var steps = 0
            while let at = current, steps < 64 {
                if accounts[at] != nil { found.append(at) }
                current = parent[at]
                steps += 1
            }
            targetsCache[id] = found
            return found
        }
        let inputs = Set((rules.contribution.inputs + rules.potential.inputs).filter { $0.weight > 0 }.map(\.input))
        var values: [AccountID: [ClassificationInput: Double]] = [:]
        for id in order { values[id] = [:] }

        if inputs.contains(.revenue) || inputs.contains(.margin) {
            for id in order { values[id]?[.revenue] = 0; values[id]?[.margin] = 0 }
            let since = today.adding(days: -365).description
            for row in try await db.raw("""
                SELECT account_id, CAST(SUM(reporting_amount_minor) AS BIGINT) AS revenue, CAST(SUM(reporting_margin_minor) AS BIGINT) AS margin
                FROM purchase_transactions WHERE day > \(bind: since) GROUP BY account_id
                """).all() {
                let revenue = Double(try row.int64("revenue")), margin = Double(try row.int64("margin"))
                for target in targets(try row.int64("account_id")) {
                    values[target]?[.revenue, default: 0] += revenue
                    values[target]?[.margin, default: 0] += margin
                }
            }
        }
        if inputs.contains(.expectedValue) || inputs.contains(.regularity) {
            // One purchase per account and day is what both the models and regularity count.
            var byAccount: [AccountID: [(day: CalendarDate, amount: Double)]] = [:]
            for row in try await db.raw("""
                SELECT account_id, day, CAST(SUM(reporting_amount_minor) AS BIGINT) AS amount FROM purchase_transactions GROUP BY account_id, day
                """).all() {
                guard let day = try row.calendarDate("day") else { continue }
                let amount = Double(try row.int64("amount"))
                for target in targets(try row.int64("account_id")) { byAccount[target, default: []].append((day, amount)) }
            }
            let fit = inputs.contains(.expectedValue) ? try await PurchaseRepository.latestFit(db).fit : nil
            for (id, history) in byAccount {
                if inputs.contains(.regularity) {
                    values[id]?[.regularity] = PurchaseRegularity.of(purchaseDays: history.map(\.day), today: today).share
                }
                if let fit {
                    let records = history.map { PurchaseRecord(customerID: String(id), day: $0.day.daysSince1970, amount: $0.amount) }
                    if let summary = PurchaseSummarizer.summarize(records, unit: .week, calibrationEnd: today.daysSince1970).first,
                       let value = PurchaseProjection(summary: summary, fit: fit).expectedValue {
                        values[id]?[.expectedValue] = Double(value.minorUnits)
                    }
                }
            }
            if inputs.contains(.regularity) { for id in order where values[id]?[.regularity] == nil { values[id]?[.regularity] = 0 } }
            // Under a fit, an account that never bought is expected to buy nothing from its own history.
            if fit != nil { for id in order where values[id]?[.expectedValue] == nil { values[id]?[.expectedValue] = 0 } }
        }
        if inputs.contains(.score) {
            for row in try await db.raw("""
                SELECT s.account_id, s.total FROM account_scores s
                JOIN (SELECT account_id, MAX(id) AS id FROM account_scores GROUP BY account_id) latest ON latest.id = s.id
                """).all() {
                let id = try row.int64("account_id")
                if accounts[id] != nil { values[id]?[.score] = try row.decode(column: "total", as: Double.self) }
            }
        }
        if inputs.contains(.lookAlikeValue) {
            let (histories, candidates) = try await PurchaseRepository.likenessPortfolio(db, including: Set(order))
            let currency = try await CatalogueRepository.settings(db).reportingCurrency
            for target in candidates where accounts[target.accountID] != nil {
                let estimate = LookAlikeEstimate.estimate(for: target, among: candidates, histories: histories, today: today, currency: currency)
                if let value = estimate.expectedValue { values[target.accountID]?[.lookAlikeValue] = Double(value.minorUnits) }
            }
        }
        return PortfolioFigures(figures: order.map { AccountFigures(accountID: $0, values: values[$0] ?? [:]) }, accounts: accounts)
    }
}
