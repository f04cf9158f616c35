import Foundation

/// A purchase by an account: what the purchase-history models, revenue roll-ups and the
/// classification read. Amount and margin are kept in the currency of the order and, converted
/// with the rate of the day, in the reporting currency.
public typealias PurchaseTransactionID = Int64

public struct PurchaseTransaction: Sendable, Hashable, Codable, Identifiable {
    public var id: PurchaseTransactionID
    public var accountID: AccountID
    public var date: CalendarDate
    public var productID: ProductID
    public var productCode: String
    public var orderReference: String
    public var amount: Money
    public var margin: Money
    public var reportingAmount: Money
    public var reportingMargin: Money
    public var version: Int

    public init(id: PurchaseTransactionID, accountID: AccountID, date: CalendarDate, productID: ProductID, productCode: String,
                orderReference: String, amount: Money, margin: Money, reportingAmount: Money, reportingMargin: Money, version: Int) {
        self.id = id
        self.accountID = accountID
        self.date = date
        self.productID = productID
        self.productCode = productCode
        self.orderReference = orderReference
        self.amount = amount
        self.margin = margin
        self.reportingAmount = reportingAmount
        self.reportingMargin = reportingMargin
        self.version = version
    }
}

public struct PurchaseTransactionDraft: Sendable, Hashable, Codable {
    public var accountID: AccountID
    public var date: CalendarDate?
    public var productID: ProductID
    public var orderReference: String
    public var amount: Money
    public var margin: Money

    public init(accountID: AccountID = 0, date: CalendarDate? = nil, productID: ProductID = 0, orderReference: String = "",
                amount: Money = Money(minorUnits: 0, currency: ""), margin: Money = Money(minorUnits: 0, currency: "")) {
        self.accountID = accountID
        self.date = date
        self.productID = productID
        self.orderReference = orderReference
        self.amount = amount
        self.margin = margin
    }

    /// The checks that need nothing but the draft and today's date; the store adds those that
    /// need the database (the account, the product, a rate for the day).
    public func issues(today: CalendarDate) -> [FieldIssue] {
        var v = Validator()
        if accountID <= 0 { v.add("accountID", "required") }
        if productID <= 0 { v.add("productID", "required") }
        if let date { if date > today { v.add("date", "in_future") } } else { v.add("date", "required") }
        v.text(orderReference, "orderReference", required: true, max: 100)
        for (field, issue) in PurchaseTransactionDraft.moneyIssues(amount: amount, margin: margin) { v.add(field, issue) }
        return v.issues
    }

    /// Amount and margin rules shared by the API and the CSV import: a purchase has a positive
    /// amount; its margin is in the same currency and not above the amount (it may be negative,
    /// a sale at a loss).
    public static func moneyIssues(amount: Money, margin: Money) -> [(field: String, code: String)] {
        var found: [(String, String)] = []
        if Money.minorUnitDigits[amount.currency] == nil { found.append(("amount.currency", "invalid_currency")) }
        if amount.minorUnits <= 0 { found.append(("amount.minorUnits", "not_positive")) }
        if margin.currency != amount.currency { found.append(("margin.currency", "currency_mismatch")) }
        else if margin.minorUnits > amount.minorUnits { found.append(("margin.minorUnits", "exceeds_amount")) }
        return found
    }
}

/// One row of a transactions CSV, read but not yet resolved against the database.
public struct TransactionImportRow: Sendable, Hashable {
    public var row: Int
    public var accountID: AccountID
    public var date: CalendarDate
    public var productCode: String
    public var orderReference: String
    public var amount: Money
    public var margin: Money
}

/// The file `kam import transactions` reads:
/// `account_id,date,product,order_reference,currency,amount,margin`, amounts in major units
/// ("1234.50", as spreadsheets write them), dates `YYYY-MM-DD`.
public enum TransactionCSV {
    public static let columns = ["account_id", "date", "product", "order_reference", "currency", "amount", "margin"]

    public static func rows(_ bytes: [UInt8], today: CalendarDate) throws(CSVFailure) -> [TransactionImportRow] {
        var reader = CSVReader(bytes: bytes)
        guard let header = try reader.next() else { throw CSVFailure([CSVIssue(row: 1, column: nil, code: "empty_file")]) }
        let map = try CSVColumns(header: header, required: columns)
        var rows: [TransactionImportRow] = []
        var issues: [CSVIssue] = []
        var keys: [String: Int] = [:]
        while let record = try reader.next() {
            let row = reader.row
            func cell(_ name: String) -> String { map.value(name, in: record).trimmingCharacters(in: .whitespaces) }
            func refuse(_ column: String, _ code: String, _ detail: String? = nil) {
                issues.append(CSVIssue(row: row, column: column, code: code, detail: detail))
            }
            let accountID = Int64(cell("account_id"))
            if accountID == nil || accountID! <= 0 { refuse("account_id", "not_an_id") }
            let date = CalendarDate(cell("date"))
            if date == nil { refuse("date", "invalid_date", "YYYY-MM-DD") } else if date! > today { refuse("date", "in_future") }
            let product = cell("product")
            if product.isEmpty { refuse("product", "required") }
            let reference = cell("order_reference")
            if reference.isEmpty { refuse("order_reference", "required") } else if reference.count > 100 { refuse("order_reference", "too_long", "100") }
            let currency = cell("currency").uppercased()
            let digits = Money.minorUnitDigits[currency]
            if digits == nil { refuse("currency", "invalid_currency") }
            let amount = digits.flatMap { Money.minorUnits(decimal: cell("amount"), digits: $0) }
            if digits != nil && amount == nil { refuse("amount", "invalid_amount", digits.map { "up to \($0) decimals" }) }
            let margin = digits.flatMap { Money.minorUnits(decimal: cell("margin"), digits: $0) }
            if digits != nil && margin == nil { refuse("margin", "invalid_amount", digits.map { "up to \($0) decimals" }) }
            if let amount, let margin {
                for (field, code) in PurchaseTransactionDraft.moneyIssues(amount: Money(minorUnits: amount, currency: currency),
                                                                          margin: Money(minorUnits: margin, currency: currency)) {
                    refuse(field.hasPrefix("margin") ? "margin" : "amount", code)
                }
            }
            if let accountID, !reference.isEmpty, !product.isEmpty {
                // The key a re-import recognises a row by; twice in one file is a mistake.
                let key = "\(accountID)\u{1F}\(reference)\u{1F}\(product)"
                if let first = keys[key] { refuse("order_reference", "duplicate_in_file", "row \(first)") } else { keys[key] = row }
            }
            if issues.count >= PurchaseCSV.issueLimit { break }
            if issues.isEmpty, let accountID, let date, let amount, let margin {
                rows.append(TransactionImportRow(row: row, accountID: accountID, date: date, productCode: product, orderReference: reference,
                                                 amount: Money(minorUnits: amount, currency: currency),
                                                 margin: Money(minorUnits: margin, currency: currency)))
            }
        }
        guard issues.isEmpty else { throw CSVFailure(Array(issues.prefix(PurchaseCSV.issueLimit))) }
        return rows
    }
}

extension Money {
    /// "1234.5" with 2 digits → 123450; "-12.30" → -1230; nil for more decimals than the currency
    /// has, grouping characters or anything else that is not a plain decimal.
    public static func minorUnits(decimal text: String, digits: Int) -> Int64? {
        var body = Substring(text.trimmingCharacters(in: .whitespaces))
        let negative = body.hasPrefix("-")
        if negative { body = body.dropFirst() }
        let parts = body.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), !parts[0].isEmpty, parts[0].count <= 13,
              parts[0].allSatisfy({ $0.isASCII && $0.isNumber }), let whole = Int64(parts[0]) else { return nil }
        let fraction = parts.count == 2 ? parts[1] : ""
        guard fraction.count <= digits, fraction.allSatisfy({ $0.isASCII && $0.isNumber }), parts.count == 1 || !fraction.isEmpty else { return nil }
        var scale: Int64 = 1
        for _ in 0..<digits { scale *= 10 }
        let padded = fraction + String(repeating: "0", count: digits - fraction.count)
        let minor = whole * scale + (Int64(padded) ?? 0)
        return negative ? -minor : minor
    }
}
