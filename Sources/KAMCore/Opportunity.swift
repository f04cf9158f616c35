import Foundation

/// Amounts are integer minor units with an ISO 4217 currency (domain.md §10).
public struct Money: Sendable, Hashable, Codable {
    public var minorUnits: Int64
    public var currency: String

    public init(minorUnits: Int64, currency: String) {
        self.minorUnits = minorUnits
        self.currency = currency
    }

    /// Digits after the decimal point per ISO 4217, for the currencies our customers use.
    public static let minorUnitDigits: [String: Int] = [
        "JPY": 0, "KRW": 0, "CNY": 2, "USD": 2, "EUR": 2, "GBP": 2, "CHF": 2, "HKD": 2, "TWD": 2,
        "SGD": 2, "AUD": 2, "CAD": 2, "INR": 2, "THB": 2, "VND": 0, "IDR": 2, "SEK": 2,
    ]

    public var digits: Int { Money.minorUnitDigits[currency] ?? 2 }

    /// The amount in major units as a decimal string, without grouping ("1234.50").
    public var decimalString: String {
        let d = digits
        guard d > 0 else { return String(minorUnits) }
        let scale = Int64(pow(10.0, Double(d)))
        let sign = minorUnits < 0 ? "-" : ""
        let absolute = minorUnits.magnitude
        let fraction = String(absolute % UInt64(scale))
        return "\(sign)\(absolute / UInt64(scale)).\(String(repeating: "0", count: d - fraction.count))\(fraction)"
    }
}

public struct Opportunity: Sendable, Hashable, Codable, Identifiable {
    public var id: OpportunityID
    public var name: String
    public var accountID: AccountID
    public var amount: Money
    public var stage: OpportunityStage
    public var expectedClose: CalendarDate?
    public var ownerID: UserID
    /// The team's own estimate of winning, in percent, instead of the stage's.
    public var probabilityPercent: Int?
    /// The day the opportunity was found, where its cycle time starts.
    public var foundOn: CalendarDate
    /// Large ones take the staged process, small ones the fast track (decided by the sales process's thresholds).
    public var track: SalesTrack
    /// The day it was won or lost.
    public var closedOn: CalendarDate?
    public var version: Int
    public var createdAt: Date
    public var updatedAt: Date
    public var updatedBy: UserID?
    public var deletedAt: Date?

    public init(id: OpportunityID, draft: OpportunityDraft, track: SalesTrack = .staged, closedOn: CalendarDate? = nil, version: Int = 1,
                createdAt: Date, updatedAt: Date, updatedBy: UserID? = nil, deletedAt: Date? = nil) {
        self.id = id
        self.name = draft.name
        self.accountID = draft.accountID
        self.amount = draft.amount
        self.stage = draft.stage
        self.expectedClose = draft.expectedClose
        self.ownerID = draft.ownerID
        self.probabilityPercent = draft.probabilityPercent
        self.foundOn = draft.foundOn ?? CalendarDate(daysSince1970: Int((createdAt.timeIntervalSince1970 / 86_400).rounded(.down)))
        self.track = track
        self.closedOn = closedOn
        self.version = version
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.updatedBy = updatedBy
        self.deletedAt = deletedAt
    }

    public var draft: OpportunityDraft {
        OpportunityDraft(name: name, accountID: accountID, amount: amount, stage: stage,
                         expectedClose: expectedClose, ownerID: ownerID, probabilityPercent: probabilityPercent, foundOn: foundOn)
    }

    /// Days from found to won: nil until it is won.
    public var cycleDays: Int? {
        guard stage == .won, let closedOn else { return nil }
        return max(0, closedOn.daysSince1970 - foundOn.daysSince1970)
    }
}

public struct OpportunityDraft: Sendable, Hashable, Codable {
    public var name: String
    public var accountID: AccountID
    public var amount: Money
    public var stage: OpportunityStage
    public var expectedClose: CalendarDate?
    public var ownerID: UserID
    public var probabilityPercent: Int?
    /// nil when created: the day it is saved.
    public var foundOn: CalendarDate?

    public init(name: String, accountID: AccountID, amount: Money, stage: OpportunityStage = .prospecting,
                expectedClose: CalendarDate? = nil, ownerID: UserID, probabilityPercent: Int? = nil, foundOn: CalendarDate? = nil) {
        self.name = name
        self.accountID = accountID
        self.amount = amount
        self.stage = stage
        self.expectedClose = expectedClose
        self.ownerID = ownerID
        self.probabilityPercent = probabilityPercent
        self.foundOn = foundOn
    }

    public func validate(into v: inout Validator) {
        v.text(name, "name", required: true, max: 200)
        if Money.minorUnitDigits[amount.currency] == nil {
            v.add("amount.currency", "invalid_currency", Money.minorUnitDigits.keys.sorted().joined(separator: ", "))
        }
        if amount.minorUnits < 0 { v.add("amount.minorUnits", "negative") }
        if amount.minorUnits > 1_000_000_000_000_000 { v.add("amount.minorUnits", "out_of_range") }
        if probabilityPercent != nil { v.range(probabilityPercent, "probabilityPercent", 0...100) }
    }
}
