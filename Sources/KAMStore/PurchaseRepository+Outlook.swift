import Foundation
import KAMCore
import SQLKit

/// An account's purchase outlook: its own history under the stored fit, how regularly it buys,
/// and what accounts like it went on to buy.
public struct PurchaseOutlook: Sendable, Hashable, Codable {
    public var accountID: AccountID
    public var fit: PurchaseModelFit?
    public var fittedAt: Date?
    public var projection: PurchaseProjection?
    public var regularity: PurchaseRegularity
    public var lookAlike: LookAlikeEstimate
}

public struct StoredPurchaseModelFit: Sendable, Hashable, Codable {
    public var fit: PurchaseModelFit?
    public var fittedAt: Date?
}

extension PurchaseRepository {
    /// Every account's purchases as the models read them: one record per transaction, the account
    /// as the customer, amounts in reporting minor units.
    static func purchaseRecords(_ db: any SQLDatabase) async throws -> [PurchaseRecord] {
        try await db.raw("SELECT account_id, day, reporting_amount_minor FROM purchase_transactions").all().compactMap { row in
            guard let day = try row.calendarDate("day") else { return nil }
            return PurchaseRecord(customerID: String(try row.int64("account_id")), day: day.daysSince1970,
                                  amount: Double(try row.int64("reporting_amount_minor")))
        }
    }

    /// Fits BG/NBD and Gamma-Gamma on every account with purchases, up to today, in weeks, and
    /// keeps the fit; account pages project from the newest one.
    public func fitModels(caller: Caller) async throws -> PurchaseModelFit {
        guard caller.policy.isAdministrator else { throw StoreError.forbidden }
        let at = now()
        let today = Clock.today(at)
        return try await database.write { db in
            let summaries = PurchaseSummarizer.summarize(try await Self.purchaseRecords(db), unit: .week, calibrationEnd: today.daysSince1970)
            let currency = try await CatalogueRepository.settings(db).reportingCurrency
            let fit: PurchaseModelFit
            do throws(ModelFitFailure) {
                fit = try PurchaseModelFit(calibrationEnd: today, summaries: summaries, reportingCurrency: currency)
            } catch {
                throw StoreError.conflict(code: "cannot_fit_\(error.code)", field: nil)
            }
            guard let row = try await db.raw("""
                INSERT INTO purchase_model_fits (fitted_at, fitted_by, fit)
                VALUES (\(bind: Clock.millis(at)), \(bind: caller.actor.userID), \(bind: try JSONText.encode(fit))) RETURNING id
                """).first() else { throw StoreError.conflict(code: "insert_failed", field: nil) }
            try await AuditLog.record(db, caller, at: at, entity: "purchase_model_fit", id: try row.int64("id"), action: "create",
                                      before: PurchaseModelFit?.none, after: fit, accountID: nil)
            return fit
        }
    }

    /// The account's own-history part of the outlook, cheap enough for its page: its purchases
    /// (with its branches') under the newest fit, and how regularly it buys.
    /// Takes the account as its page loaded it (two queries, not a second load of the account).
    public func projection(of account: Account, caller: Caller) async throws -> (fit: StoredPurchaseModelFit, projection: PurchaseProjection?,
                                                                                 regularity: PurchaseRegularity) {
        guard account.deletedAt == nil, caller.policy.canView(account) else { throw StoreError.notFound(entity: "account", id: account.id) }
        let today = Clock.today(now())
        let accountID = account.id
        return try await database.read { db in
            let stored = try await Self.latestFit(db)
            let own = try await db.raw("""
                SELECT day, reporting_amount_minor FROM purchase_transactions WHERE account_id IN \(unsafeRaw: Self.withBranches(accountID))
                """).all().compactMap { row -> (day: CalendarDate, amount: Int64)? in
                guard let day = try row.calendarDate("day") else { return nil }
                return (day, try row.int64("reporting_amount_minor"))
            }
            let records = own.map { PurchaseRecord(customerID: String(accountID), day: $0.day.daysSince1970, amount: Double($0.amount)) }
            let summary = PurchaseSummarizer.summarize(records, unit: .week, calibrationEnd: today.daysSince1970).first
            return (stored, stored.fit.flatMap { fit in summary.map { PurchaseProjection(summary: $0, fit: fit) } },
                    PurchaseRegularity.of(purchaseDays: own.map(\.day), today: today))
        }
    }

    public func latestFit() async throws -> StoredPurchaseModelFit {
        try await database.read { db in try await Self.latestFit(db) }
    }

    static func latestFit(_ db: any SQLDatabase) async throws -> StoredPurchaseModelFit {
        guard let row = try await db.raw("SELECT fitted_at, fit FROM purchase_model_fits ORDER BY id DESC LIMIT 1").first() else {
            return StoredPurchaseModelFit(fit: nil, fittedAt: nil)
        }
        return StoredPurchaseModelFit(fit: try JSONText.decode(PurchaseModelFit.self, try row.string("fit")), fittedAt: try row.date("fitted_at"))
    }

    /// Every account's purchases (day, reporting minor units) and what makes accounts alike; an
    /// account without purchases is a candidate only when it is `including` (the one estimated).
    static func likenessPortfolio(_ db: any SQLDatabase, including: Set<AccountID>) async throws
        -> (histories: [AccountID: [(day: CalendarDate, amount: Int64)]], candidates: [AccountLikeness]) {
        var histories: [AccountID: [(day: CalendarDate, amount: Int64)]] = [:]
        var lines: [AccountID: Set<String>] = [:]
        for row in try await db.raw("""
            SELECT t.account_id, t.day, t.reporting_amount_minor, l.code AS line FROM purchase_transactions t
            JOIN products p ON p.id = t.product_id JOIN product_lines l ON l.id = p.line_id
            """).all() {
            let id = try row.int64("account_id")
            guard let day = try row.calendarDate("day") else { continue }
            histories[id, default: []].append((day, try row.int64("reporting_amount_minor")))
            lines[id, default: []].insert(try row.string("line"))
        }
        var candidates: [AccountLikeness] = []
        for row in try await db.raw("SELECT id, name, industry, region, size FROM accounts WHERE deleted_at IS NULL").all() {
            let id = try row.int64("id")
            guard histories[id] != nil || including.contains(id) else { continue }
            candidates.append(AccountLikeness(accountID: id, name: try row.string("name"), industry: try row.vocabulary("industry", as: Industry.self),
                                              region: try row.vocabulary("region", as: Region.self), size: try row.vocabulary("size", as: AccountSize.self),
                                              productLines: lines[id] ?? []))
        }
        return (histories, candidates)
    }

    public func outlook(of accountID: AccountID, caller: Caller) async throws -> PurchaseOutlook {
        let today = Clock.today(now())
        return try await database.read { db in
            guard let account = try await AccountRepository.load(db, accountID), account.deletedAt == nil,
                  caller.policy.canView(account) else { throw StoreError.notFound(entity: "account", id: accountID) }
            let stored = try await Self.latestFit(db)
            let currency = try await CatalogueRepository.settings(db).reportingCurrency
            // Every account's history: the look-alike estimate reads the whole portfolio.
            let (histories, candidates) = try await Self.likenessPortfolio(db, including: [accountID])
            let target = candidates.first { $0.accountID == accountID }
                ?? AccountLikeness(accountID: accountID, name: account.name, industry: account.industry, region: account.region,
                                   size: account.size, productLines: [])
            var lookAlike = LookAlikeEstimate.estimate(for: target, among: candidates, histories: histories, today: today, currency: currency)
            // Accounts the caller may not see stay anonymous: their figures count, their names do not show.
            for index in lookAlike.neighbours.indices {
                let neighbour = try await AccountRepository.load(db, lookAlike.neighbours[index].accountID)
                if !(neighbour.map(caller.policy.canView) ?? false) {
                    lookAlike.neighbours[index].name = ""
                    lookAlike.neighbours[index].accountID = 0
                }
            }
            let own = histories[accountID] ?? []
            let records = own.map { PurchaseRecord(customerID: String(accountID), day: $0.day.daysSince1970, amount: Double($0.amount)) }
            let summary = PurchaseSummarizer.summarize(records, unit: .week, calibrationEnd: today.daysSince1970).first
            return PurchaseOutlook(
                accountID: accountID, fit: stored.fit, fittedAt: stored.fittedAt,
                // The models describe accounts that have bought; one that never has gets the look-alike estimate only.
                projection: stored.fit.flatMap { fit in summary.map { PurchaseProjection(summary: $0, fit: fit) } },
                regularity: PurchaseRegularity.of(purchaseDays: own.map(\.day), today: today), lookAlike: lookAlike)
        }
    }
}
