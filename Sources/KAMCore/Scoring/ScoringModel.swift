import Foundation

/// Key-account identification by comprehensive scoring (domain.md §4): indicators, each on a
/// scale with a meaning per level and a weight, summed to a score out of 100 with a qualifying
/// threshold. Editing the model makes a new revision; scores keep the revision they were made with.
public typealias ScoringRevision = Int

/// Where an indicator's level comes from: typed by a person, or computed from the account's data.
public enum IndicatorSource: String, DomainVocabulary {
    case entered
    /// From how regularly the account buys (quarters with purchases).
    case continuousPurchasing = "continuous_purchasing"
    /// From the account's size.
    case size
    public static let vocabularyName = "indicator_source"
}

public struct ScaleLevel: Sendable, Hashable, Codable {
    public var level: Int
    public var meaning: String

    public init(_ level: Int, _ meaning: String) {
        self.level = level
        self.meaning = meaning
    }
}

public struct ScoringIndicator: Sendable, Hashable, Codable {
    public var key: String
    public var name: String
    public var description: String
    public var levels: [ScaleLevel]
    public var weight: Double
    public var source: IndicatorSource

    public init(key: String, name: String, description: String, levels: [ScaleLevel], weight: Double, source: IndicatorSource = .entered) {
        self.key = key
        self.name = name
        self.description = description
        self.levels = levels
        self.weight = weight
        self.source = source
    }

    public var lowest: Int { levels.map(\.level).min() ?? 0 }
    public var highest: Int { levels.map(\.level).max() ?? 0 }
}

public struct ScoringModelDraft: Sendable, Hashable, Codable {
    public var name: String
    public var indicators: [ScoringIndicator]
    /// Out of 100: an account qualifies at or above it.
    public var threshold: Double

    public init(name: String, indicators: [ScoringIndicator], threshold: Double) {
        self.name = name
        self.indicators = indicators
        self.threshold = threshold
    }

    public func validate(known: [FieldIssue] = []) throws(ValidationFailure) {
        var v = Validator(known: known)
        v.text(name, "name", required: true, max: 200)
        if !(0...100).contains(threshold) || !threshold.isFinite { v.add("threshold", "out_of_range", "0–100") }
        if indicators.isEmpty { v.add("indicators", "required") }
        var keys: Set<String> = []
        var derived: Set<IndicatorSource> = []
        for (index, indicator) in indicators.enumerated() {
            let path = "indicators[\(index)]"
            ProductCode.check(indicator.key, "\(path).key", &v)
            if !keys.insert(indicator.key).inserted { v.add("\(path).key", "duplicate") }
            v.text(indicator.name, "\(path).name", required: true, max: 200)
            v.text(indicator.description, "\(path).description", max: 2000)
            if !indicator.weight.isFinite || indicator.weight < 0 { v.add("\(path).weight", "negative") }
            let numbers = indicator.levels.map(\.level)
            if numbers.count < 2 { v.add("\(path).levels", "too_few_levels", "2") }
            else if Set(numbers).count != numbers.count { v.add("\(path).levels", "duplicate") }
            for (position, level) in indicator.levels.enumerated() {
                v.text(level.meaning, "\(path).levels[\(position)].meaning", required: true, max: 500)
            }
            if indicator.source != .entered {
                // Derived levels are computed on 1–5, so their scale is 1–5.
                if Set(numbers) != Set(1...5) { v.add("\(path).levels", "derived_scale", "1–5") }
                if !derived.insert(indicator.source).inserted { v.add("\(path).source", "duplicate") }
            }
        }
        if !indicators.isEmpty, indicators.allSatisfy({ $0.weight == 0 }) { v.add("indicators", "all_weights_zero") }
        try v.check()
    }
}

public struct ScoringModel: Sendable, Hashable, Codable {
    public var revision: ScoringRevision
    public var name: String
    public var indicators: [ScoringIndicator]
    public var threshold: Double
    public var createdAt: Date
    public var createdBy: String

    public init(revision: ScoringRevision, draft: ScoringModelDraft, createdAt: Date, createdBy: String) {
        self.revision = revision
        name = draft.name
        indicators = draft.indicators
        threshold = draft.threshold
        self.createdAt = createdAt
        self.createdBy = createdBy
    }

    public var draft: ScoringModelDraft { ScoringModelDraft(name: name, indicators: indicators, threshold: threshold) }
}

/// One indicator's line on a scorecard: its level and what that level earned.
public struct ScoreLine: Sendable, Hashable, Codable {
    public var key: String
    public var name: String
    public var source: IndicatorSource
    /// nil when an entered indicator was not scored.
    public var level: Int?
    public var meaning: String?
    public var lowest: Int
    public var highest: Int
    public var weight: Double
    /// The weight as a share of all weights (they need not sum to 1).
    public var share: Double
    /// Points out of 100 this line adds to the total.
    public var points: Double
}

public struct Scorecard: Sendable, Hashable, Codable {
    public var revision: ScoringRevision
    public var lines: [ScoreLine]
    public var total: Double
    public var threshold: Double
    /// Every indicator has a level.
    public var complete: Bool
    /// Complete and at or above the threshold.
    public var qualifies: Bool
}

/// Levels computed from data, on 1–5, for the derived indicators.
public struct DerivedLevels: Sendable, Hashable, Codable {
    public var continuousPurchasing: Int
    public var size: Int

    public init(continuousPurchasing: Int, size: Int) {
        self.continuousPurchasing = continuousPurchasing
        self.size = size
    }

    public init(regularity: PurchaseRegularity, size: AccountSize) {
        continuousPurchasing = regularity.level
        self.size = DerivedLevels.level(of: size)
    }

    public static func level(of size: AccountSize) -> Int {
        switch size {
        case .small: 1
        case .medium: 2
        case .large: 4
        case .enterprise: 5
        }
    }

    func level(for source: IndicatorSource) -> Int? {
        switch source {
        case .entered: nil
        case .continuousPurchasing: continuousPurchasing
        case .size: size
        }
    }
}

public enum AccountScoring {
    /// The scorecard of an account under `model`: entered levels by indicator key, derived ones
    /// from the data. Refuses levels outside an indicator's scale, levels for indicators the model
    /// does not have, and levels typed for derived indicators. A missing entered level scores
    /// nothing and leaves the card incomplete; an incomplete card does not qualify.
    public static func score(_ model: ScoringModel, entered: [String: Int], derived: DerivedLevels) throws(ValidationFailure) -> Scorecard {
        var v = Validator()
        let byKey = Dictionary(uniqueKeysWithValues: model.indicators.map { ($0.key, $0) })
        for (key, level) in entered.sorted(by: { $0.key < $1.key }) {
            guard let indicator = byKey[key] else { v.add("levels.\(key)", "unknown_indicator"); continue }
            if indicator.source != .entered { v.add("levels.\(key)", "derived_indicator") }
            else if !indicator.levels.contains(where: { $0.level == level }) {
                v.add("levels.\(key)", "level_outside_scale", "\(indicator.lowest)–\(indicator.highest)")
            }
        }
        try v.check()
        let totalWeight = model.indicators.reduce(0) { $0 + $1.weight }
        var lines: [ScoreLine] = []
        for indicator in model.indicators {
            let level = indicator.source == .entered ? entered[indicator.key] : derived.level(for: indicator.source)
            let share = totalWeight > 0 ? indicator.weight / totalWeight : 0
            let span = Double(indicator.highest - indicator.lowest)
            let points = level.map { share * Double($0 - indicator.lowest) / max(span, 1) * 100 } ?? 0
            lines.append(ScoreLine(key: indicator.key, name: indicator.name, source: indicator.source, level: level,
                                   meaning: level.flatMap { l in indicator.levels.first { $0.level == l }?.meaning },
                                   lowest: indicator.lowest, highest: indicator.highest, weight: indicator.weight, share: share, points: points))
        }
        // Rounded to a millionth of a point, so a total that equals the threshold on paper is not
        // pushed under it by binary fractions.
        let total = (lines.reduce(0) { $0 + $1.points } * 1_000_000).rounded() / 1_000_000
        let complete = lines.allSatisfy { $0.level != nil }
        return Scorecard(revision: model.revision, lines: lines, total: total, threshold: model.threshold, complete: complete,
                         qualifies: complete && total >= model.threshold)
    }
}
