import Foundation

/// ABCD classification (domain.md §5): each account is placed on two axes, contribution and
/// potential, each a weighted mix of inputs the administrator chooses; thresholds split each axis
/// into high and low. A: high contribution, high potential; B: high contribution, low potential;
/// C: low contribution, high potential; D: low both.
public enum AccountClass: String, DomainVocabulary {
    case a = "A", b = "B", c = "C", d = "D"
    public static let vocabularyName = "account_class"

    public static func of(highContribution: Bool, highPotential: Bool) -> AccountClass {
        switch (highContribution, highPotential) {
        case (true, true): .a
        case (true, false): .b
        case (false, true): .c
        case (false, false): .d
        }
    }
}

/// What an axis can be built from, per account.
public enum ClassificationInput: String, DomainVocabulary {
    /// Revenue of the last 12 months, in the reporting currency.
    case revenue = "revenue_12m"
    /// Margin of the last 12 months.
    case margin = "margin_12m"
    /// Expected value of the next 12 months from the purchase models.
    case expectedValue = "expected_value"
    /// What accounts like it bought in the year after their age.
    case lookAlikeValue = "look_alike_value"
    /// The latest scorecard's total.
    case score
    /// Quarters with purchases, as a share.
    case regularity
    public static let vocabularyName = "classification_input"
}

public struct WeightedInput: Sendable, Hashable, Codable {
    public var input: ClassificationInput
    public var weight: Double

    public init(_ input: ClassificationInput, weight: Double) {
        self.input = input
        self.weight = weight
    }
}

/// Where an axis splits into high and low: at a value of the axis (0–100), or so that the top
/// share of accounts is high (ties at the boundary are all high).
public enum AxisThreshold: Sendable, Hashable {
    case absolute(Double)
    case topShare(Double)

    public enum Kind: String, DomainVocabulary {
        case absolute, topShare = "top_share"
        public static let vocabularyName = "threshold_kind"
    }

    public var kind: Kind {
        switch self {
        case .absolute: .absolute
        case .topShare: .topShare
        }
    }

    public var value: Double {
        switch self {
        case .absolute(let value), .topShare(let value): value
        }
    }

    public init(kind: Kind, value: Double) {
        self = kind == .absolute ? .absolute(value) : .topShare(value)
    }
}

/// `{"kind": "top_share", "value": 0.3}`: what API clients and stored rules read.
extension AxisThreshold: Codable {
    private enum Keys: String, CodingKey { case kind, value }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Keys.self)
        self.init(kind: try container.decode(Kind.self, forKey: .kind), value: try container.decode(Double.self, forKey: .value))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(kind, forKey: .kind)
        try container.encode(value, forKey: .value)
    }
}

public struct AxisDefinition: Sendable, Hashable, Codable {
    public var inputs: [WeightedInput]
    public var threshold: AxisThreshold

    public init(inputs: [WeightedInput], threshold: AxisThreshold) {
        self.inputs = inputs
        self.threshold = threshold
    }
}

public struct ClassificationRules: CompanyDocument {
    public static let kind = "classification_rules"

    public var contribution: AxisDefinition
    public var potential: AxisDefinition

    public init(contribution: AxisDefinition, potential: AxisDefinition) {
        self.contribution = contribution
        self.potential = potential
    }

    /// Contribution from what the account brings now, potential from what the models and the
    /// scorecard say it could bring. The look-alike value is left out of the standard: it
    /// compares every account with every other, which a large portfolio pays for on each run.
    public static let standard = ClassificationRules(
        contribution: AxisDefinition(inputs: [WeightedInput(.revenue, weight: 2), WeightedInput(.margin, weight: 1)], threshold: .topShare(0.3)),
        potential: AxisDefinition(inputs: [WeightedInput(.expectedValue, weight: 2), WeightedInput(.score, weight: 1)],
                                  threshold: .topShare(0.3)))

    public var usesLookAlike: Bool { (contribution.inputs + potential.inputs).contains { $0.input == .lookAlikeValue && $0.weight > 0 } }

    public func validate() throws(ValidationFailure) {
        var v = Validator()
        for (name, axis) in [("contribution", contribution), ("potential", potential)] {
            if axis.inputs.isEmpty { v.add("\(name).inputs", "required") }
            var seen: Set<ClassificationInput> = []
            for (index, item) in axis.inputs.enumerated() {
                if !item.weight.isFinite || item.weight < 0 { v.add("\(name).inputs[\(index)].weight", "negative") }
                if !seen.insert(item.input).inserted { v.add("\(name).inputs[\(index)].input", "duplicate") }
            }
            if !axis.inputs.isEmpty, axis.inputs.allSatisfy({ $0.weight == 0 }) { v.add("\(name).inputs", "all_weights_zero") }
            switch axis.threshold {
            case .absolute(let value): if !(0...100).contains(value) { v.add("\(name).threshold", "out_of_range", "0–100") }
            case .topShare(let share): if !(share > 0 && share < 1) { v.add("\(name).threshold", "out_of_range", "0–1") }
            }
        }
        try v.check()
    }
}

/// One account's raw figures (missing ones count as the lowest).
public struct AccountFigures: Sendable, Hashable, Codable {
    public var accountID: AccountID
    public var values: [ClassificationInput: Double]

    public init(accountID: AccountID, values: [ClassificationInput: Double]) {
        self.accountID = accountID
        self.values = values
    }
}

/// Where an account lands, and why: each input's value, its percentile among all accounts, and
/// what it adds to its axis.
public struct ClassPlacement: Sendable, Hashable, Codable {
    public struct Part: Sendable, Hashable, Codable {
        public var input: ClassificationInput
        public var value: Double?
        /// 0–100: the share of accounts this value is above (ties count half).
        public var percentile: Double
        public var share: Double
        public var points: Double
    }
    public var accountID: AccountID
    public var contribution: Double
    public var potential: Double
    public var contributionParts: [Part]
    public var potentialParts: [Part]
    public var accountClass: AccountClass
}

public struct ClassificationResult: Sendable, Hashable, Codable {
    public var placements: [ClassPlacement]
    /// The axis values the thresholds resolved to (a top share becomes a value).
    public var contributionCut: Double
    public var potentialCut: Double
}

public enum Classification {
    public static func classify(_ portfolio: [AccountFigures], rules: ClassificationRules) -> ClassificationResult {
        let percentiles = Dictionary(uniqueKeysWithValues: ClassificationInput.allCases.map { input in
            (input, percentileRanks(portfolio.map { $0.values[input] }))
        })
        func axis(_ definition: AxisDefinition, _ index: Int) -> (Double, [ClassPlacement.Part]) {
            let total = definition.inputs.reduce(0) { $0 + $1.weight }
            var parts: [ClassPlacement.Part] = []
            for item in definition.inputs {
                let percentile = percentiles[item.input]?[index] ?? 0
                let share = total > 0 ? item.weight / total : 0
                parts.append(ClassPlacement.Part(input: item.input, value: portfolio[index].values[item.input], percentile: percentile,
                                                 share: share, points: share * percentile))
            }
            return ((parts.reduce(0) { $0 + $1.points } * 1_000_000).rounded() / 1_000_000, parts)
        }
        var rows: [(AccountID, Double, [ClassPlacement.Part], Double, [ClassPlacement.Part])] = []
        for index in portfolio.indices {
            let (c, cParts) = axis(rules.contribution, index)
            let (p, pParts) = axis(rules.potential, index)
            rows.append((portfolio[index].accountID, c, cParts, p, pParts))
        }
        let contributionCut = cut(rows.map(\.1), rules.contribution.threshold)
        let potentialCut = cut(rows.map(\.3), rules.potential.threshold)
        let placements = rows.map { row in
            ClassPlacement(accountID: row.0, contribution: row.1, potential: row.3, contributionParts: row.2, potentialParts: row.4,
                           accountClass: .of(highContribution: row.1 >= contributionCut, highPotential: row.3 >= potentialCut))
        }
        return ClassificationResult(placements: placements, contributionCut: contributionCut, potentialCut: potentialCut)
    }

    /// 0–100 per position: the share of the others below it, ties counting half; a missing value
    /// sits below every present one (and level with other missing ones).
    static func percentileRanks(_ values: [Double?]) -> [Double] {
        let n = values.count
        guard n > 1 else { return Array(repeating: 100, count: n) }
        let keyed = values.map { $0 ?? -Double.infinity }
        let order = keyed.indices.sorted { keyed[$0] < keyed[$1] }
        var ranks = [Double](repeating: 0, count: n)
        var start = 0
        while start < n {
            var end = start
            while end + 1 < n, keyed[order[end + 1]] == keyed[order[start]] { end += 1 }
            // Below: `start` accounts; level: end − start others, counted half.
            let below = Double(start) + Double(end - start) / 2
            for position in start...end { ranks[order[position]] = below / Double(n - 1) * 100 }
            start = end + 1
        }
        return ranks
    }

    /// The axis value at or above which an account is high.
    static func cut(_ values: [Double], _ threshold: AxisThreshold) -> Double {
        switch threshold {
        case .absolute(let value):
            return value
        case .topShare(let share):
            guard !values.isEmpty else { return 0 }
            let sorted = values.sorted(by: >)
            // 0.07 × 100 is 7.000000000000001 in binary: without the margin the top 7 % would be 8 accounts.
            let count = max(1, Int((Double(values.count) * share - 1e-9).rounded(.up)))
            return sorted[min(count, sorted.count) - 1]
        }
    }

    /// Accounts whose class would change under `proposed` rules compared with their current class.
    public static func moves(current: [AccountID: AccountClass], proposed: ClassificationResult) -> [(AccountID, from: AccountClass?, to: AccountClass)] {
        proposed.placements.compactMap { placement in
            current[placement.accountID] == placement.accountClass ? nil : (placement.accountID, current[placement.accountID], placement.accountClass)
        }
    }
}
