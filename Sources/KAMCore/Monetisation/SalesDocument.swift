import Foundation

/// The three documents of the small-order fast track (domain.md §9), each numbered by kind and year.
public enum SalesDocumentKind: String, DomainVocabulary {
    case quote, order, contract
    public static let vocabularyName = "dockind"

    public var numberPrefix: String {
        switch self {
        case .quote: "Q"
        case .order: "O"
        case .contract: "C"
        }
    }

    /// The statuses a document of this kind may take; the first is where it starts.
    public var statuses: [SalesDocumentStatus] {
        switch self {
        case .quote: [.draft, .sent, .accepted, .declined, .cancelled]
        case .order: [.confirmed, .fulfilled, .cancelled]
        case .contract: [.draft, .sent, .signed, .cancelled]
        }
    }
}

public enum SalesDocumentStatus: String, DomainVocabulary {
    case draft, sent, accepted, declined, confirmed, fulfilled, signed, cancelled
    public static let vocabularyName = "docstatus"
}

/// One line of a quote: what, how many, at what list price and discount. Prices are minor units of
/// the document's currency; the discount is in hundredths of a percent (1250 = 12.5 %), so sums
/// are exact.
public struct DocumentLine: Sendable, Hashable, Codable {
    public var productID: ProductID?
    public var description: String
    public var quantity: Int64
    public var unitPriceMinor: Int64
    public var discountBasisPoints: Int64

    public init(productID: ProductID? = nil, description: String, quantity: Int64, unitPriceMinor: Int64, discountBasisPoints: Int64 = 0) {
        self.productID = productID
        self.description = description
        self.quantity = quantity
        self.unitPriceMinor = unitPriceMinor
        self.discountBasisPoints = discountBasisPoints
    }

    public var grossMinor: Int64 { quantity.multipliedReportingOverflow(by: unitPriceMinor).partialValue }

    /// The most a line or a document may come to, in minor units (10^14: a trillion in a two-digit currency).
    public static let largestAmount: Int64 = 100_000_000_000_000

    /// The discounted amount, rounded half up to the minor unit. Worked in two parts so a large
    /// line cannot overflow (validation keeps lines below 10^14 minor units anyway).
    public var netMinor: Int64 {
        let gross = grossMinor
        let basisPoints = min(max(discountBasisPoints, 0), 10_000)
        let discount = (gross / 10_000) * basisPoints + ((gross % 10_000) * basisPoints + 5_000) / 10_000
        return gross - discount
    }
}

/// What a user sends for a quote: its lines, currency, validity and note.
public struct QuoteDraft: Sendable, Hashable, Codable {
    public var currency: String
    public var lines: [DocumentLine]
    public var validUntil: CalendarDate?
    public var note: String?

    public init(currency: String, lines: [DocumentLine], validUntil: CalendarDate? = nil, note: String? = nil) {
        self.currency = currency
        self.lines = lines
        self.validUntil = validUntil
        self.note = note
    }

    /// Quantities positive, prices not negative, the discount within `authorityPercent` (the
    /// account class's discount authority), sums that fit; every line named by its row.
    public func validate(authorityPercent: Double, into v: inout Validator) {
        if Money.minorUnitDigits[currency] == nil { v.add("currency", "invalid_currency") }
        if lines.isEmpty { v.add("lines", "required") }
        if lines.count > 100 { v.add("lines", "too_many", "100") }
        var total: Int64 = 0
        for (index, line) in lines.enumerated() {
            let field = "lines[\(index)]"
            v.text(line.description, "\(field).description", required: line.productID == nil, max: 500)
            if line.quantity <= 0 { v.add("\(field).quantity", "not_positive") } else if line.quantity > 1_000_000_000 { v.add("\(field).quantity", "out_of_range") }
            if line.unitPriceMinor < 0 { v.add("\(field).unitPriceMinor", "negative") }
            else if line.unitPriceMinor > DocumentLine.largestAmount { v.add("\(field).unitPriceMinor", "out_of_range") }
            if line.discountBasisPoints < 0 { v.add("\(field).discountPercent", "negative") }
            else if Double(line.discountBasisPoints) > authorityPercent * 100 + 1e-9 {
                v.add("\(field).discountPercent", "beyond_authority", DiscountAuthority.format(authorityPercent))
            }
            let product = line.quantity.multipliedReportingOverflow(by: max(0, line.unitPriceMinor))
            let sum = total.addingReportingOverflow(product.partialValue)
            if product.overflow || sum.overflow || sum.partialValue > DocumentLine.largestAmount { v.add("\(field).quantity", "out_of_range") }
            else { total = sum.partialValue }
        }
    }
}

/// The discount a key account manager may give without approval, by the account's class.
public enum DiscountAuthority {
    /// The class's authority from the investment strategy; an account without a class gets the
    /// smallest authority of any class (the careful default, shown on the quote form).
    public static func percent(for accountClass: AccountClass?, strategy: InvestmentStrategy) -> Double {
        if let accountClass, let rules = strategy.rules(for: accountClass) { return rules.discountAuthorityPercent }
        return strategy.classes.map(\.discountAuthorityPercent).min() ?? 0
    }

    public static func format(_ percent: Double) -> String {
        percent == percent.rounded() ? String(Int(percent)) : String(format: "%.2f", percent)
    }
}

/// A quote, order or contract: numbered, with a status, lines and totals; an order comes from a
/// quote and a contract from an order (`sourceID`).
public struct SalesDocument: Sendable, Hashable, Codable, Identifiable {
    public var id: SalesDocumentID
    public var kind: SalesDocumentKind
    public var number: String
    public var opportunityID: OpportunityID
    public var accountID: AccountID
    public var sourceID: SalesDocumentID?
    public var status: SalesDocumentStatus
    public var currency: String
    public var lines: [DocumentLine]
    public var issuedOn: CalendarDate
    public var validUntil: CalendarDate?
    public var note: String?
    public var gross: Money
    public var net: Money
    public var version: Int
    public var createdAt: Date
    public var createdBy: String
    public var updatedAt: Date

    public init(id: SalesDocumentID, kind: SalesDocumentKind, number: String, opportunityID: OpportunityID, accountID: AccountID,
                sourceID: SalesDocumentID?, status: SalesDocumentStatus, currency: String, lines: [DocumentLine], issuedOn: CalendarDate,
                validUntil: CalendarDate?, note: String?, version: Int, createdAt: Date, createdBy: String, updatedAt: Date) {
        self.id = id
        self.kind = kind
        self.number = number
        self.opportunityID = opportunityID
        self.accountID = accountID
        self.sourceID = sourceID
        self.status = status
        self.currency = currency
        self.lines = lines
        self.issuedOn = issuedOn
        self.validUntil = validUntil
        self.note = note
        gross = Money(minorUnits: lines.reduce(0) { $0 + $1.grossMinor }, currency: currency)
        net = Money(minorUnits: lines.reduce(0) { $0 + $1.netMinor }, currency: currency)
        self.version = version
        self.createdAt = createdAt
        self.createdBy = createdBy
        self.updatedAt = updatedAt
    }

    /// "Q-2026-00042".
    public static func number(_ kind: SalesDocumentKind, year: Int, sequence: Int) -> String {
        let digits = String(sequence)
        return "\(kind.numberPrefix)-\(year)-\(String(repeating: "0", count: max(0, 5 - digits.count)))\(digits)"
    }

    /// Which status changes a user may make by hand; orders and contracts are made by their own actions.
    public func mayMove(to status: SalesDocumentStatus) -> Bool {
        guard status != self.status, kind.statuses.contains(status) else { return false }
        switch (kind, self.status, status) {
        case (.quote, .draft, .sent), (.quote, .sent, .accepted), (.quote, .sent, .declined), (.quote, .draft, .cancelled),
             (.quote, .sent, .cancelled): return true
        case (.order, .confirmed, .fulfilled), (.order, .confirmed, .cancelled): return true
        case (.contract, .draft, .sent), (.contract, .sent, .signed), (.contract, .draft, .cancelled), (.contract, .sent, .cancelled): return true
        default: return false
        }
    }
}
