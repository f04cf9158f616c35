import Foundation

/// One customer score of an account over time, for the trend chart.
public struct ScorePoint: Sendable, Hashable, Codable {
    public var scoredAt: Date
    public var total: Double

    public init(scoredAt: Date, total: Double) {
        self.scoredAt = scoredAt
        self.total = total
    }
}

/// Where an account is heading: its last score against the one before.
public enum TrendDirection: String, DomainVocabulary {
    case improved, declined, unchanged
    /// Fewer than two scores: nothing to compare.
    case unknown
    public static let vocabularyName = "trend_direction"

    /// A move of less than `tolerance` points is noise, not a trend.
    public init(scores: [Double], tolerance: Double = 1) {
        guard scores.count >= 2 else { self = .unknown; return }
        let change = scores[scores.count - 1] - scores[scores.count - 2]
        self = change >= tolerance ? .improved : change <= -tolerance ? .declined : .unchanged
    }
}

/// How many key accounts are heading which way.
public struct PortfolioTrend: Sendable, Hashable, Codable {
    public var improved = 0, declined = 0, unchanged = 0, unknown = 0

    public init() {}

    public mutating func add(_ direction: TrendDirection) {
        switch direction {
        case .improved: improved += 1
        case .declined: declined += 1
        case .unchanged: unchanged += 1
        case .unknown: unknown += 1
        }
    }
}

/// One line of the on-time report: a team or a class and its reviews.
public struct OnTimeRow: Sendable, Hashable, Codable {
    /// The class's letter, or the team's name ("" for owners on no team).
    public var key: String
    public var teamID: Int64?
    public var accounts: Int
    public var share: OnTimeShare
    public var percent: Int? { share.percent }

    public init(key: String, teamID: Int64? = nil, accounts: Int, share: OnTimeShare) {
        self.key = key
        self.teamID = teamID
        self.accounts = accounts
        self.share = share
    }

    enum CodingKeys: String, CodingKey { case key, teamID, accounts, share, percent }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(key, forKey: .key)
        try c.encodeIfPresent(teamID, forKey: .teamID)
        try c.encode(accounts, forKey: .accounts)
        try c.encode(share, forKey: .share)
        try c.encodeIfPresent(percent, forKey: .percent)
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        key = try c.decode(String.self, forKey: .key)
        teamID = try c.decodeIfPresent(Int64.self, forKey: .teamID)
        accounts = try c.decode(Int.self, forKey: .accounts)
        share = try c.decode(OnTimeShare.self, forKey: .share)
    }
}

/// The portfolio's review discipline and direction (domain.md §8): reviews held on time by
/// team and by class over the last twelve months, and how many key accounts improved or declined.
public struct ReviewReport: Sendable, Hashable, Codable {
    public var since: CalendarDate
    public var byTeam: [OnTimeRow]
    public var byClass: [OnTimeRow]
    public var total: OnTimeShare
    public var trend: PortfolioTrend

    public init(since: CalendarDate, byTeam: [OnTimeRow], byClass: [OnTimeRow], total: OnTimeShare, trend: PortfolioTrend) {
        self.since = since
        self.byTeam = byTeam
        self.byClass = byClass
        self.total = total
        self.trend = trend
    }
}
