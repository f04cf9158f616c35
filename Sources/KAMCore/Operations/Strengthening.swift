import Foundation

public typealias MutualPurchaseID = Int64
public typealias EngagementID = Int64
public typealias SeatID = Int64

/// What we bought from the account in a year (domain.md §7: win-win and mutual purchasing); what
/// they bought from us comes from their purchase history.
public struct MutualPurchaseDraft: Sendable, Hashable, Codable {
    public var year: Int?
    public var amount: Money?
    public var description: String

    public init(year: Int? = nil, amount: Money? = nil, description: String = "") {
        self.year = year
        self.amount = amount
        self.description = description
    }

    /// As for opportunities: far above any real purchase, far below where sums could overflow.
    public static let maxMinorUnits: Int64 = 1_000_000_000_000_000

    public func validate(known: [FieldIssue] = [], today: CalendarDate) throws(ValidationFailure) {
        var v = Validator(known: known)
        v.range(year, "year", 2000...(today.year + 1))
        if let amount {
            if amount.minorUnits <= 0 || amount.minorUnits > Self.maxMinorUnits { v.add("amount.minorUnits", "out_of_range", "1–\(Self.maxMinorUnits)") }
            if Money.minorUnitDigits[amount.currency] == nil { v.add("amount.currency", "unknown_currency") }
        } else {
            v.add("amount", "required")
        }
        v.text(description, "description", required: true, max: 300)
        try v.check()
    }
}

public struct MutualPurchase: Sendable, Hashable, Codable, Identifiable {
    public var id: MutualPurchaseID
    public var accountID: AccountID
    public var year: Int
    public var amount: Money
    /// In the company's reporting currency at the year's last known rate, when there is one.
    public var reportingAmount: Money?
    public var description: String
    public var version: Int
    public var updatedAt: Date

    public init(id: MutualPurchaseID, accountID: AccountID, year: Int, amount: Money, reportingAmount: Money?, description: String, version: Int,
                updatedAt: Date) {
        self.id = id
        self.accountID = accountID
        self.year = year
        self.amount = amount
        self.reportingAmount = reportingAmount
        self.description = description
        self.version = version
        self.updatedAt = updatedAt
    }

    public var draft: MutualPurchaseDraft { MutualPurchaseDraft(year: year, amount: amount, description: description) }
}

/// One year of the mutual purchasing ledger, both ways, in the reporting currency.
public struct MutualPurchasingYear: Sendable, Hashable, Codable {
    public var year: Int
    public var weBuy: Money
    public var theyBuy: Money
    /// Some of what we bought that year is in a currency with no exchange rate yet, so `weBuy` leaves it out.
    public var weBuyIncomplete: Bool
    public init(year: Int, weBuy: Money, theyBuy: Money, weBuyIncomplete: Bool = false) {
        self.year = year
        self.weBuy = weBuy
        self.theyBuy = theyBuy
        self.weBuyIncomplete = weBuyIncomplete
    }

    /// Years that have either side, newest first; sums saturate rather than overflow.
    public static func ledger(_ purchases: [MutualPurchase], theyBuy: [Int: Int64], currency: String) -> [MutualPurchasingYear] {
        var weBuy: [Int: Int64] = [:], incomplete: Set<Int> = []
        for purchase in purchases {
            guard let amount = purchase.reportingAmount?.minorUnits else {
                incomplete.insert(purchase.year)
                weBuy[purchase.year, default: 0] += 0
                continue
            }
            let (sum, overflow) = weBuy[purchase.year, default: 0].addingReportingOverflow(amount)
            weBuy[purchase.year] = overflow ? Int64.max : sum
        }
        return Set(weBuy.keys).union(theyBuy.keys).sorted(by: >).map { year in
            MutualPurchasingYear(year: year, weBuy: Money(minorUnits: weBuy[year] ?? 0, currency: currency),
                                 theyBuy: Money(minorUnits: theyBuy[year] ?? 0, currency: currency), weBuyIncomplete: incomplete.contains(year))
        }
    }
}

/// Consulting on the customer's own processes, led by one of ours.
public struct EngagementDraft: Sendable, Hashable, Codable {
    public var title: String
    public var scope: String?
    public var leadUserID: UserID?
    public var from: CalendarDate?
    public var to: CalendarDate?

    public init(title: String = "", scope: String? = nil, leadUserID: UserID? = nil, from: CalendarDate? = nil, to: CalendarDate? = nil) {
        self.title = title
        self.scope = scope
        self.leadUserID = leadUserID
        self.from = from
        self.to = to
    }

    public func validate(known: [FieldIssue] = []) throws(ValidationFailure) {
        var v = Validator(known: known)
        v.text(title, "title", required: true, max: 300)
        v.text(scope, "scope", max: 4000)
        if leadUserID == nil { v.add("leadUserID", "required") }
        if from == nil { v.add("from", "required") }
        if let from, let to, to < from { v.add("to", "before_start") }
        try v.check()
    }
}

public struct ConsultingEngagement: Sendable, Hashable, Codable, Identifiable {
    public var id: EngagementID
    public var accountID: AccountID
    public var title: String
    public var scope: String?
    public var leadUserID: UserID
    public var leadName: String
    public var from: CalendarDate
    public var to: CalendarDate?
    public var version: Int
    public var updatedAt: Date

    public init(id: EngagementID, accountID: AccountID, draft: EngagementDraft, leadName: String, version: Int, updatedAt: Date) {
        self.id = id
        self.accountID = accountID
        self.title = draft.title
        self.scope = draft.scope
        self.leadUserID = draft.leadUserID ?? 0
        self.leadName = leadName
        self.from = draft.from ?? CalendarDate(year: 1970, month: 1, day: 1)
        self.to = draft.to
        self.version = version
        self.updatedAt = updatedAt
    }

    /// Running on `day`, or ended no longer than a year before it.
    public func isRecent(on day: CalendarDate) -> Bool { from <= day && (to.map { $0.days(until: day) <= 365 } ?? true) }

    public var draft: EngagementDraft { EngagementDraft(title: title, scope: scope, leadUserID: leadUserID, from: from, to: to) }
}

public enum GovernanceBody: String, DomainVocabulary {
    case board, steeringCommittee = "steering_committee", advisoryBoard = "advisory_board"
    public static let vocabularyName = "governance_body"
}

/// A seat one of ours holds in the customer's governance (domain.md §7: deep involvement).
public struct SeatDraft: Sendable, Hashable, Codable {
    public var body: GovernanceBody
    public var holderUserID: UserID?
    public var from: CalendarDate?
    public var to: CalendarDate?
    public var note: String?

    public init(body: GovernanceBody = .steeringCommittee, holderUserID: UserID? = nil, from: CalendarDate? = nil, to: CalendarDate? = nil,
                note: String? = nil) {
        self.body = body
        self.holderUserID = holderUserID
        self.from = from
        self.to = to
        self.note = note
    }

    public func validate(known: [FieldIssue] = []) throws(ValidationFailure) {
        var v = Validator(known: known)
        if holderUserID == nil { v.add("holderUserID", "required") }
        if from == nil { v.add("from", "required") }
        if let from, let to, to < from { v.add("to", "before_start") }
        v.text(note, "note", max: 4000)
        try v.check()
    }
}

public struct GovernanceSeat: Sendable, Hashable, Codable, Identifiable {
    public var id: SeatID
    public var accountID: AccountID
    public var body: GovernanceBody
    public var holderUserID: UserID
    public var holderName: String
    public var from: CalendarDate
    public var to: CalendarDate?
    public var note: String?
    public var version: Int
    public var updatedAt: Date

    public init(id: SeatID, accountID: AccountID, draft: SeatDraft, holderName: String, version: Int, updatedAt: Date) {
        self.id = id
        self.accountID = accountID
        self.body = draft.body
        self.holderUserID = draft.holderUserID ?? 0
        self.holderName = holderName
        self.from = draft.from ?? CalendarDate(year: 1970, month: 1, day: 1)
        self.to = draft.to
        self.note = draft.note
        self.version = version
        self.updatedAt = updatedAt
    }

    public func isHeld(on day: CalendarDate) -> Bool { from <= day && (to.map { day < $0 } ?? true) }

    public var draft: SeatDraft { SeatDraft(body: body, holderUserID: holderUserID, from: from, to: to, note: note) }
}
