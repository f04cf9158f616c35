import Foundation

/// What one class of account is entitled to (domain.md §5, resource investment strategy): the
/// rhythm of visits, whether an executive of ours sponsors it, expert time, where its pre-sales
/// requests queue, how much discount its manager may give and how often it is reviewed.
public struct ClassInvestment: Sendable, Hashable, Codable {
    public var accountClass: AccountClass
    public var visitsPerQuarter: Int
    public var executiveSponsorRequired: Bool
    public var expertHoursPerQuarter: Int
    /// Pre-sales requests of the class queue at this tier (1 is served first).
    public var presalesTier: PresalesTier
    /// The largest discount off list price the key account manager may give without approval, in percent.
    public var discountAuthorityPercent: Double
    public var reviewCadenceMonths: Int

    public init(_ accountClass: AccountClass, visitsPerQuarter: Int, executiveSponsorRequired: Bool, expertHoursPerQuarter: Int,
                presalesTier: PresalesTier, discountAuthorityPercent: Double, reviewCadenceMonths: Int) {
        self.accountClass = accountClass
        self.visitsPerQuarter = visitsPerQuarter
        self.executiveSponsorRequired = executiveSponsorRequired
        self.expertHoursPerQuarter = expertHoursPerQuarter
        self.presalesTier = presalesTier
        self.discountAuthorityPercent = discountAuthorityPercent
        self.reviewCadenceMonths = reviewCadenceMonths
    }
}

/// The investment rules of all four classes.
public struct InvestmentStrategy: CompanyDocument {
    public static let kind = "investment_strategy"
    public var classes: [ClassInvestment]

    public init(classes: [ClassInvestment]) { self.classes = classes }

    /// A invests most (monthly contact, a sponsor, the first pre-sales tier); C is courted to grow;
    /// B is kept efficiently; D is served at the lowest cost.
    public static let standard = InvestmentStrategy(classes: [
        ClassInvestment(.a, visitsPerQuarter: 6, executiveSponsorRequired: true, expertHoursPerQuarter: 120, presalesTier: .one,
                        discountAuthorityPercent: 15, reviewCadenceMonths: 1),
        ClassInvestment(.b, visitsPerQuarter: 3, executiveSponsorRequired: true, expertHoursPerQuarter: 40, presalesTier: .two,
                        discountAuthorityPercent: 10, reviewCadenceMonths: 3),
        ClassInvestment(.c, visitsPerQuarter: 4, executiveSponsorRequired: false, expertHoursPerQuarter: 80, presalesTier: .one,
                        discountAuthorityPercent: 12, reviewCadenceMonths: 3),
        ClassInvestment(.d, visitsPerQuarter: 1, executiveSponsorRequired: false, expertHoursPerQuarter: 0, presalesTier: .three,
                        discountAuthorityPercent: 5, reviewCadenceMonths: 6),
    ])

    public func rules(for accountClass: AccountClass) -> ClassInvestment? { classes.first { $0.accountClass == accountClass } }

    public func validate() throws(ValidationFailure) {
        var v = Validator()
        for (index, item) in classes.enumerated() {
            let field = "classes[\(index)]"
            if classes[..<index].contains(where: { $0.accountClass == item.accountClass }) { v.add("\(field).accountClass", "duplicate") }
            v.range(item.visitsPerQuarter, "\(field).visitsPerQuarter", 0...100)
            v.range(item.expertHoursPerQuarter, "\(field).expertHoursPerQuarter", 0...2000)
            if !(item.discountAuthorityPercent.isFinite && (0...100).contains(item.discountAuthorityPercent)) {
                v.add("\(field).discountAuthorityPercent", "out_of_range", "0–100")
            }
            v.range(item.reviewCadenceMonths, "\(field).reviewCadenceMonths", 1...24)
        }
        for missing in AccountClass.allCases where !classes.contains(where: { $0.accountClass == missing }) {
            v.add("classes", "missing_class", missing.rawValue)
        }
        try v.check()
    }
}

/// What an account's class entitles it to beside what it actually gets, line by line.
public struct EntitlementCheck: Sendable, Hashable, Codable {
    public enum Item: String, DomainVocabulary {
        case visits, executiveSponsor = "executive_sponsor", expertHours = "expert_hours", presalesTier = "presales_tier"
        case discountAuthority = "discount_authority", reviewCadence = "review_cadence"
        public static let vocabularyName = "entitlement"
    }
    public enum Effort: String, DomainVocabulary {
        case inLine = "in_line", short, over
        /// The product does not record this effort yet (visits arrive with activities).
        case notRecorded = "not_recorded"
        public static let vocabularyName = "effort"
    }
    public struct Line: Sendable, Hashable, Codable {
        public var item: Item
        public var entitled: String
        public var actual: String?
        public var effort: Effort
    }
    public var accountClass: AccountClass
    public var lines: [Line]

    /// `sponsor`: someone holds the executive-sponsor role on the account team today;
    /// `expertHours`: hours a quarter the team's experts are committed to it. Expert time more
    /// than half again above the entitlement is over-investment: it is taken from other accounts.
    public static func check(_ rules: ClassInvestment, sponsor: Bool, expertHours: Int) -> EntitlementCheck {
        let percent = rules.discountAuthorityPercent == rules.discountAuthorityPercent.rounded()
            ? String(Int(rules.discountAuthorityPercent)) : String(rules.discountAuthorityPercent)
        let entitledHours = rules.expertHoursPerQuarter
        let hours: Effort = expertHours < entitledHours ? .short : expertHours * 2 > entitledHours * 3 && expertHours > entitledHours ? .over : .inLine
        return EntitlementCheck(accountClass: rules.accountClass, lines: [
            Line(item: .visits, entitled: String(rules.visitsPerQuarter), actual: nil, effort: .notRecorded),
            Line(item: .executiveSponsor, entitled: rules.executiveSponsorRequired ? "yes" : "no", actual: sponsor ? "yes" : "no",
                 effort: rules.executiveSponsorRequired && !sponsor ? .short : .inLine),
            Line(item: .expertHours, entitled: String(entitledHours), actual: String(expertHours), effort: hours),
            // Pre-sales routing reads the tier from the class, so what is entitled is what happens.
            Line(item: .presalesTier, entitled: String(rules.presalesTier.rawValue), actual: String(rules.presalesTier.rawValue), effort: .inLine),
            Line(item: .discountAuthority, entitled: percent, actual: nil, effort: .notRecorded),
            Line(item: .reviewCadence, entitled: String(rules.reviewCadenceMonths), actual: nil, effort: .notRecorded),
        ])
    }
}
