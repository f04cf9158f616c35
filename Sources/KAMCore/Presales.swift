import Foundation

/// What a key account manager asks pre-sales for (domain.md §6, the support line).
public enum PresalesKind: String, DomainVocabulary {
    case demo, solutionDesign = "solution_design", bid
    public static let vocabularyName = "presaleskind"
}

public enum PresalesStatus: String, DomainVocabulary {
    case queued, assigned, done, cancelled
    public static let vocabularyName = "presalesstatus"
}

/// Pre-sales resources are scheduled in tiers: tier 1 is served first.
public enum PresalesTier: Int, Sendable, Codable, CaseIterable, Comparable {
    case one = 1, two, three
    public static func < (a: Self, b: Self) -> Bool { a.rawValue < b.rawValue }
}

/// The tier rule: the account's standing and the deal's size decide, whichever ranks higher.
public enum PresalesRouting {
    /// Deal sizes (in major units of the deal's currency) that reach tiers 1 and 2. Amounts in
    /// currencies not listed do not raise the tier: converting them needs the exchange rates of
    /// the reporting currency, which arrive with the purchase history.
    public static let thresholds: [String: (tierOne: Int64, tierTwo: Int64)] = [
        "USD": (1_000_000, 200_000), "EUR": (1_000_000, 200_000), "GBP": (800_000, 160_000),
        "JPY": (150_000_000, 30_000_000), "KRW": (1_300_000_000, 260_000_000), "CNY": (7_000_000, 1_400_000),
    ]

    /// A classified account queues at its class's tier (the investment strategy); an unclassified
    /// one by its standing: key accounts (qualified) tier 1, candidates tier 2. A large deal lifts any account.
    public static func tier(status: KeyAccountStatus, classTier: PresalesTier? = nil, deal: Money?) -> PresalesTier {
        let standing: PresalesTier = switch status {
        case .qualified: .one
        case .candidate: .two
        default: .three
        }
        var tier = classTier ?? standing
        if let deal, let limits = thresholds[deal.currency] {
            var scale: Int64 = 1
            for _ in 0..<deal.digits { scale *= 10 }
            let major = deal.minorUnits / scale
            if major >= limits.tierOne { tier = .one } else if major >= limits.tierTwo { tier = min(tier, .two) }
        }
        return tier
    }
}

public typealias PresalesRequestID = Int64

public struct PresalesRequest: Sendable, Hashable, Codable, Identifiable {
    public var id: PresalesRequestID
    public var accountID: AccountID
    public var accountName: String
    public var opportunityID: OpportunityID?
    public var kind: PresalesKind
    public var tier: PresalesTier
    public var status: PresalesStatus
    public var requestedBy: UserID
    public var requestedByName: String
    public var assigneeID: UserID?
    public var assigneeName: String?
    public var note: String?
    public var requestedAt: Date
    public var assignedAt: Date?
    public var doneAt: Date?
    public var version: Int

    public init(id: PresalesRequestID, accountID: AccountID, accountName: String, opportunityID: OpportunityID?, kind: PresalesKind,
                tier: PresalesTier, status: PresalesStatus, requestedBy: UserID, requestedByName: String, assigneeID: UserID?,
                assigneeName: String?, note: String?, requestedAt: Date, assignedAt: Date?, doneAt: Date?, version: Int) {
        self.id = id
        self.accountID = accountID
        self.accountName = accountName
        self.opportunityID = opportunityID
        self.kind = kind
        self.tier = tier
        self.status = status
        self.requestedBy = requestedBy
        self.requestedByName = requestedByName
        self.assigneeID = assigneeID
        self.assigneeName = assigneeName
        self.note = note
        self.requestedAt = requestedAt
        self.assignedAt = assignedAt
        self.doneAt = doneAt
        self.version = version
    }

    /// How long the request waited for someone: until it was assigned, or until `now` while queued.
    public func waitingSeconds(now: Date) -> Int {
        let end = assignedAt ?? (status == .queued ? now : doneAt ?? now)
        return max(0, Int(end.timeIntervalSince(requestedAt)))
    }

    /// The queue's order: tier first, then who has waited longest.
    public static func queueOrder(_ a: Self, _ b: Self) -> Bool {
        (a.tier, a.requestedAt, a.id) < (b.tier, b.requestedAt, b.id)
    }
}

public struct PresalesDraft: Sendable, Hashable {
    public var kind: PresalesKind
    public var opportunityID: OpportunityID?
    public var note: String?

    public init(kind: PresalesKind, opportunityID: OpportunityID? = nil, note: String? = nil) {
        self.kind = kind
        self.opportunityID = opportunityID
        self.note = note
    }

    public func validate(into v: inout Validator) {
        v.text(note, "note", max: 2000)
    }
}
