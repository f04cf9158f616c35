import Foundation
import KAMCore
import SQLKit

extension PurchaseRepository {
    /// Imports a transactions CSV all or nothing: every row is read, resolved (account the caller
    /// may edit, product code, a rate for the day) and matched against what is stored before
    /// anything is written. A row already stored with the same values is left alone, so running
    /// the same file twice changes nothing; a stored row with other values is refused. Each
    /// account touched gets one audit entry naming the file and the count, not one per row.
    public func importTransactions(_ bytes: [UInt8], fileName: String, caller: Caller) async throws -> TransactionImportOutcome {
        let at = now()
        let rows = try TransactionCSV.rows(bytes, today: Clock.today(at))
        return try await database.write { db in
            var issues: [CSVIssue] = []
            func refuse(_ row: Int, _ column: String, _ code: String, _ detail: String? = nil) {
                if issues.count < PurchaseCSV.issueLimit { issues.append(CSVIssue(row: row, column: column, code: code, detail: detail)) }
            }
            let products = try await db.raw("SELECT id, code FROM products").all()
                .reduce(into: [String: ProductID]()) { $0[try $1.string("code")] = try $1.int64("id") }
            let converter = try await CatalogueRepository.converter(db)
            enum Access { case unknown, readOnly, editable }
            var access: [AccountID: Access] = [:]
            var resolved: [(row: TransactionImportRow, productID: ProductID, converted: (amount: Money, margin: Money))] = []
            var unchanged = 0
            for row in rows {
                if access[row.accountID] == nil {
                    let account = try await AccountRepository.load(db, row.accountID)
                    access[row.accountID] = if let account, account.deletedAt == nil, caller.policy.canView(account) {
                        caller.policy.canEdit(account) ? .editable : .readOnly
                    } else {
                        .unknown
                    }
                }
                switch access[row.accountID] ?? .unknown {
                case .unknown: refuse(row.row, "account_id", "unknown_account")
                case .readOnly: refuse(row.row, "account_id", "not_permitted")
                case .editable: break
                }
                let productID = products[row.productCode]
                if productID == nil { refuse(row.row, "product", "unknown_product") }
                let amount = converter.convert(row.amount, on: row.date), margin = converter.convert(row.margin, on: row.date)
                if amount == nil || margin == nil { refuse(row.row, "date", "no_exchange_rate", row.amount.currency) }
                guard let productID, let amount, let margin else { continue }
                if let stored = try await db.raw("""
                    SELECT day, currency, amount_minor, margin_minor FROM purchase_transactions
                    WHERE account_id = \(bind: row.accountID) AND order_reference = \(bind: row.orderReference) AND product_id = \(bind: productID)
                    """).first() {
                    let same = try stored.string("day") == row.date.description && stored.string("currency") == row.amount.currency
                        && stored.int64("amount_minor") == row.amount.minorUnits && stored.int64("margin_minor") == row.margin.minorUnits
                    if same { unchanged += 1 } else { refuse(row.row, "order_reference", "conflicts_with_existing") }
                    continue
                }
                resolved.append((row, productID, (amount, margin)))
            }
            var inserted = 0
            var perAccount: [AccountID: Int] = [:]
            if issues.isEmpty {
                for item in resolved {
                    _ = try await Self.insert(db, accountID: item.row.accountID, date: item.row.date, productID: item.productID,
                                              orderReference: item.row.orderReference, amount: item.row.amount, margin: item.row.margin,
                                              converted: item.converted, at: at, caller: caller)
                    inserted += 1
                    perAccount[item.row.accountID, default: 0] += 1
                }
            }
            // Thrown inside the write, so what was inserted above is rolled back with it.
            guard issues.isEmpty else { throw CSVFailure(issues) }
            for (accountID, count) in perAccount.sorted(by: { $0.key < $1.key }) {
                try await AuditLog.record(db, caller, at: at, entity: "account", id: accountID, action: "import_transactions",
                                          before: String?.none, after: ["file": fileName, "transactions": String(count)], accountID: accountID)
            }
            return TransactionImportOutcome(inserted: inserted, unchanged: unchanged, accounts: perAccount.count)
        }
    }
}
