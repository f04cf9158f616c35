import Foundation

/// The purchase models fitted across all accounts at one moment, kept so an account page can
/// explain its projection without refitting: time in weeks, amounts in the reporting
/// currency's minor units.
public struct PurchaseModelFit: Sendable, Hashable, Codable {
    public var calibrationEnd: CalendarDate
    public var accounts: Int
    public var accountsWithRepeats: Int
    public var bgnbd: BGNBDParameters
    public var logLikelihood: Double
    public var gammaGamma: GammaGammaParameters?
    public var reportingCurrency: String
    /// Whether both searches settled; an unsettled fit is kept but said to be unreliable.
    public var converged: Bool

    public init(calibrationEnd: CalendarDate, summaries: [PurchaseSummary], reportingCurrency: String) throws(ModelFitFailure) {
        let report = try PurchaseModelReport(summaries)
        self.calibrationEnd = calibrationEnd
        accounts = summaries.count
        accountsWithRepeats = summaries.filter { $0.frequency > 0 }.count
        bgnbd = report.bgnbd.parameters
        logLikelihood = report.bgnbd.logLikelihood
        gammaGamma = report.gammaGamma?.parameters
        self.reportingCurrency = reportingCurrency
        converged = report.bgnbd.converged && (report.gammaGamma?.converged ?? true)
    }
}

/// How steadily an account buys: of the last `observed` calendar quarters since its first
/// purchase (at most eight), how many had a purchase. "10M every year beats one 200M purchase"
/// (domain.md §4) is this figure, and it sets the continuous-purchasing indicator's level.
public struct PurchaseRegularity: Sendable, Hashable, Codable {
    public var quartersWithPurchases: Int
    public var quartersObserved: Int

    public var share: Double { quartersObserved == 0 ? 0 : Double(quartersWithPurchases) / Double(quartersObserved) }

    /// 1 (never or no longer) … 5 (nearly every quarter).
    public var level: Int {
        guard quartersWithPurchases > 0 else { return 1 }
        switch share {
        case 0.875...: return 5
        case 0.625...: return 4
        case 0.375...: return 3
        default: return 2
        }
    }

    public static func of(purchaseDays days: [CalendarDate], today: CalendarDate, window: Int = 8) -> PurchaseRegularity {
        guard let first = days.min() else { return PurchaseRegularity(quartersWithPurchases: 0, quartersObserved: 0) }
        func quarter(_ d: CalendarDate) -> Int { d.year * 4 + (d.month - 1) / 3 }
        let current = quarter(today)
        let observed = min(window, current - quarter(first) + 1)
        let recent = Set(days.map(quarter).filter { $0 > current - observed && $0 <= current })
        return PurchaseRegularity(quartersWithPurchases: recent.count, quartersObserved: observed)
    }
}

/// One account's projection from its own history under a stored fit.
public struct PurchaseProjection: Sendable, Hashable, Codable {
    public var summary: PurchaseSummary
    public var horizonWeeks: Double
    public var expectedPurchases: Double
    public var probabilityActive: Double
    /// Expected amount per future purchase (reporting minor units), nil without a spend model.
    public var expectedSpend: Double?
    public var expectedValue: Money?

    public init(summary: PurchaseSummary, fit: PurchaseModelFit, horizonWeeks: Double = 52) {
        self.summary = summary
        self.horizonWeeks = horizonWeeks
        expectedPurchases = BetaGeometricNBD.expectedPurchases(fit.bgnbd, summary, horizon: horizonWeeks)
        probabilityActive = BetaGeometricNBD.probabilityAlive(fit.bgnbd, summary)
        expectedSpend = fit.gammaGamma.flatMap { GammaGammaSpend.expectedSpend($0, summary) }
        expectedValue = expectedSpend.map { Money(minorUnits: Int64(($0 * expectedPurchases).rounded()), currency: fit.reportingCurrency) }
    }
}

/// What an account is like, for finding accounts like it.
public struct AccountLikeness: Sendable, Hashable, Codable {
    public var accountID: AccountID
    public var name: String
    public var industry: Industry
    public var region: Region
    public var size: AccountSize
    public var productLines: Set<String>

    public init(accountID: AccountID, name: String, industry: Industry, region: Region, size: AccountSize, productLines: Set<String>) {
        self.accountID = accountID
        self.name = name
        self.industry = industry
        self.region = region
        self.size = size
        self.productLines = productLines
    }

    /// 0…1: industry 35 %, size 25 % (by steps apart), region 20 %, product lines bought 20 % (Jaccard).
    public func similarity(to other: AccountLikeness) -> Double {
        let sizes = AccountSize.allCases
        let steps = abs((sizes.firstIndex(of: size) ?? 0) - (sizes.firstIndex(of: other.size) ?? 0))
        let union = productLines.union(other.productLines)
        let lines = union.isEmpty ? 1 : Double(productLines.intersection(other.productLines).count) / Double(union.count)
        return 0.35 * (industry == other.industry ? 1 : 0) + 0.25 * (1 - Double(steps) / Double(max(sizes.count - 1, 1)))
            + 0.2 * (region == other.region ? 1 : 0) + 0.2 * lines
    }
}

/// The second estimate: the k accounts most like this one and what they went on to buy in the
/// year after they were as far into their purchasing as this account is now. Accounts whose
/// history does not yet reach that far are not asked.
public struct LookAlikeEstimate: Sendable, Hashable, Codable {
    public struct Neighbour: Sendable, Hashable, Codable {
        public var accountID: AccountID
        public var name: String
        public var similarity: Double
        public var purchases: Int
        public var value: Int64
    }
    public var neighbours: [Neighbour]
    public var expectedPurchases: Double?
    public var expectedValue: Money?

    /// `histories` are each account's purchases (day, amount in reporting minor units), known up
    /// to `today`; the target's age is taken at `asOf` (today unless a test predicts from the past).
    public static func estimate(for target: AccountLikeness, among candidates: [AccountLikeness],
                                histories: [AccountID: [(day: CalendarDate, amount: Int64)]], today: CalendarDate, asOf: CalendarDate? = nil,
                                horizonDays: Int = 365, k: Int = 5, currency: String,
                                similarity: (AccountLikeness, AccountLikeness) -> Double = { $0.similarity(to: $1) }) -> LookAlikeEstimate {
        let ownFirst = histories[target.accountID]?.map(\.day).min()
        let age = ownFirst.map { $0.days(until: asOf ?? today) } ?? 0
        var scored: [(AccountLikeness, Double, Int, Int64)] = []
        for candidate in candidates where candidate.accountID != target.accountID {
            guard let history = histories[candidate.accountID], let first = history.map(\.day).min() else { continue }
            let from = first.adding(days: age), through = first.adding(days: age + horizonDays)
            guard through <= today else { continue }
            // "As far into their purchasing": after the first purchase for accounts that have bought, from it for those that have not.
            let window = history.filter { ownFirst == nil ? ($0.day >= from && $0.day < through) : ($0.day > from && $0.day <= through) }
            scored.append((candidate, similarity(target, candidate), Set(window.map(\.day)).count, window.reduce(0) { $0 + $1.amount }))
        }
        scored.sort { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0.accountID < $1.0.accountID }
        let chosen = scored.prefix(k)
        let neighbours = chosen.map { Neighbour(accountID: $0.0.accountID, name: $0.0.name, similarity: $0.1, purchases: $0.2, value: $0.3) }
        guard !neighbours.isEmpty else { return LookAlikeEstimate(neighbours: [], expectedPurchases: nil, expectedValue: nil) }
        let count = Double(neighbours.count)
        return LookAlikeEstimate(
            neighbours: neighbours, expectedPurchases: Double(neighbours.reduce(0) { $0 + $1.purchases }) / count,
            expectedValue: Money(minorUnits: Int64((Double(neighbours.reduce(0) { $0 + $1.value }) / count).rounded()), currency: currency))
    }
}
