import Foundation
import KAMCore
import SQLKit

/// An account's purchases, with its branches' when asked (domain.md §10: revenue rolls up from
/// branches to their parents), newest first, and the totals a sales director asks about first.
public struct PurchaseHistory: Sendable, Hashable, Codable {
    public struct Year: Sendable, Hashable, Codable {
        public var year: Int
        public var purchases: Int
        public var amount: Money
        public var margin: Money
    }
    public var accountID: AccountID
    public var includesBranches: Bool
    public var reportingCurrency: String
    public var transactions: [PurchaseTransaction]
    public var totalCount: Int
    public var trailingTwelveMonths: Money
    public var trailingTwelveMonthsMargin: Money
    public var years: [Year]
}

public struct TransactionImportOutcome: Sendable, Hashable, Codable {
    public var inserted: Int
    public var unchanged: Int
    public var accounts: Int
}

public struct PurchaseRepository: Sendable {
    let database: KAMDatabase
    let now: @Sendable () -> Date
    static let historyLimit = 500

    public func history(of accountID: AccountID, includingBranches: Bool, caller: Caller) async throws -> PurchaseHistory {
        let today = Clock.today(now())
        return try await database.read { db in
            guard let account = try await AccountRepository.load(db, accountID), account.deletedAt == nil,
                  caller.policy.canView(account) else { throw StoreError.notFound(entity: "account", id: accountID) }
            let currency = try await CatalogueRepository.settings(db).reportingCurrency
            let scope = includingBranches ? "account_id IN \(Self.withBranches(accountID))" : "account_id = \(accountID)"
            let rows = try await db.raw("""
                SELECT t.*, p.code AS product_code FROM purchase_transactions t JOIN products p ON p.id = t.product_id
                WHERE t.\(unsafeRaw: scope) ORDER BY t.day DESC, t.id DESC LIMIT \(unsafeRaw: String(Self.historyLimit))
                """).all()
            let yearStart = today.adding(days: -365).description
            let totals = try await db.raw("""
                SELECT substr(day, 1, 4) AS year, count(*) AS n, CAST(sum(reporting_amount_minor) AS BIGINT) AS amount,
                       CAST(sum(reporting_margin_minor) AS BIGINT) AS margin
                FROM purchase_transactions WHERE \(unsafeRaw: scope) GROUP BY substr(day, 1, 4) ORDER BY year
                """).all()
            let trailing = try await db.raw("""
                SELECT CAST(coalesce(sum(reporting_amount_minor), 0) AS BIGINT) AS amount,
                       CAST(coalesce(sum(reporting_margin_minor), 0) AS BIGINT) AS margin
                FROM purchase_transactions WHERE \(unsafeRaw: scope) AND day > \(bind: yearStart)
                """).first()
            let years = try totals.map { row in
                PurchaseHistory.Year(year: Int(try row.string("year")) ?? 0, purchases: try row.int("n"),
                                     amount: Money(minorUnits: try row.int64("amount"), currency: currency),
                                     margin: Money(minorUnits: try row.int64("margin"), currency: currency))
            }
            return PurchaseHistory(
                accountID: accountID, includesBranches: includingBranches, reportingCurrency: currency,
                transactions: try rows.map(Self.transaction), totalCount: years.reduce(0) { $0 + $1.purchases },
                trailingTwelveMonths: Money(minorUnits: try trailing?.int64("amount") ?? 0, currency: currency),
                trailingTwelveMonthsMargin: Money(minorUnits: try trailing?.int64("margin") ?? 0, currency: currency),
                years: years)
        }
    }

    public func create(_ draft: PurchaseTransactionDraft, caller: Caller, inputIssues: [FieldIssue] = []) async throws -> PurchaseTransaction {
        let at = now()
        let today = Clock.today(at)
        return try await database.write { db in
            var v = Validator(known: inputIssues)
            for issue in draft.issues(today: today) { v.add(issue.field, issue.code, issue.detail) }
            if draft.accountID > 0 {
                let account = try await AccountRepository.load(db, draft.accountID)
                if account == nil || account?.deletedAt != nil || !(account.map(caller.policy.canView) ?? false) {
                    v.add("accountID", "unknown_account")
                } else if let account, !caller.policy.canEdit(account) {
                    throw StoreError.forbidden
                }
            }
            if draft.productID > 0, try await db.raw("SELECT id FROM products WHERE id = \(bind: draft.productID)").first() == nil {
                v.add("productID", "unknown_product")
            }
            var converted: (amount: Money, margin: Money)?
            if let date = draft.date, Money.minorUnitDigits[draft.amount.currency] != nil {
                let converter = try await CatalogueRepository.converter(db)
                if let amount = converter.convert(draft.amount, on: date), let margin = converter.convert(draft.margin, on: date) {
                    converted = (amount, margin)
                } else {
                    v.add("date", "no_exchange_rate", draft.amount.currency)
                }
            }
            try v.throwIfInvalid()
            guard let converted, let date = draft.date else { throw StoreError.conflict(code: "insert_failed", field: nil) }
            if try await db.raw("""
                SELECT id FROM purchase_transactions WHERE account_id = \(bind: draft.accountID)
                    AND order_reference = \(bind: draft.orderReference) AND product_id = \(bind: draft.productID)
                """).first() != nil {
                throw StoreError.conflict(code: "duplicate_transaction", field: "orderReference")
            }
            let id = try await Self.insert(db, accountID: draft.accountID, date: date, productID: draft.productID,
                                           orderReference: draft.orderReference, amount: draft.amount, margin: draft.margin,
                                           converted: converted, at: at, caller: caller)
            let made = try await Self.load(db, id)
            try await AuditLog.record(db, caller, at: at, entity: "transaction", id: id, action: "create",
                                      before: PurchaseTransaction?.none, after: made, accountID: draft.accountID)
            return made
        }
    }

    public func get(_ id: PurchaseTransactionID, caller: Caller) async throws -> PurchaseTransaction {
        try await database.read { db in
            guard let row = try await db.raw("SELECT account_id FROM purchase_transactions WHERE id = \(bind: id)").first(),
                  let account = try await AccountRepository.load(db, try row.int64("account_id")), account.deletedAt == nil,
                  caller.policy.canView(account) else { throw StoreError.notFound(entity: "transaction", id: id) }
            return try await Self.load(db, id)
        }
    }

    /// The account and every branch below it, as an `IN` subquery: revenue, transactions and
    /// scores roll up from branches to their parents (domain.md §10). The id is a number, so it is
    /// written into the SQL as is.
    static func withBranches(_ accountID: AccountID) -> String {
        """
        (WITH RECURSIVE grp(id) AS (SELECT id FROM accounts WHERE id = \(accountID)
            UNION SELECT a.id FROM accounts a JOIN grp ON a.parent_id = grp.id) SELECT id FROM grp)
        """
    }

    static func insert(_ db: any SQLDatabase, accountID: AccountID, date: CalendarDate, productID: ProductID, orderReference: String,
                       amount: Money, margin: Money, converted: (amount: Money, margin: Money), at: Date, caller: Caller) async throws -> Int64 {
        guard let row = try await db.raw("""
            INSERT INTO purchase_transactions (account_id, day, product_id, order_reference, currency, amount_minor, margin_minor,
                reporting_currency, reporting_amount_minor, reporting_margin_minor, version, created_at, created_by)
            VALUES (\(bind: accountID), \(bind: date.description), \(bind: productID), \(bind: orderReference), \(bind: amount.currency),
                    \(bind: amount.minorUnits), \(bind: margin.minorUnits), \(bind: converted.amount.currency),
                    \(bind: converted.amount.minorUnits), \(bind: converted.margin.minorUnits), 1, \(bind: Clock.millis(at)),
                    \(bind: caller.actor.userID))
            RETURNING id
            """).first() else { throw StoreError.conflict(code: "insert_failed", field: nil) }
        return try row.int64("id")
    }

    static func load(_ db: any SQLDatabase, _ id: PurchaseTransactionID) async throws -> PurchaseTransaction {
        guard let row = try await db.raw("""
            SELECT t.*, p.code AS product_code FROM purchase_transactions t JOIN products p ON p.id = t.product_id WHERE t.id = \(bind: id)
            """).first() else { throw StoreError.notFound(entity: "transaction", id: id) }
        return try transaction(row)
    }

    static func transaction(_ row: any SQLRow) throws -> PurchaseTransaction {
        let currency = try row.string("currency"), reporting = try row.string("reporting_currency")
        return PurchaseTransaction(
            id: try row.int64("id"), accountID: try row.int64("account_id"),
            date: try row.calendarDate("day") ?? CalendarDate(year: 1970, month: 1, day: 1), productID: try row.int64("product_id"),
            productCode: try row.string("product_code"), orderReference: try row.string("order_reference"),
            amount: Money(minorUnits: try row.int64("amount_minor"), currency: currency),
            margin: Money(minorUnits: try row.int64("margin_minor"), currency: currency),
            reportingAmount: Money(minorUnits: try row.int64("reporting_amount_minor"), currency: reporting),
            reportingMargin: Money(minorUnits: try row.int64("reporting_margin_minor"), currency: reporting),
            version: try row.int("version"))
    }
}
