import Foundation
import KAMCore

/// Every user-visible string, per language. Keys are stable identifiers; `%1`, `%2` are
/// replaced by arguments in order, so translations may reorder them.
public struct Catalog: Sendable {
    public let language: UILanguage
    let entries: [String: String]
    let fallback: [String: String]

    public static let catalogues: [UILanguage: [String: String]] = [
        .en: CatalogEN.entries.merging(OrganisationCatalog.en) { a, _ in a }.merging(RequestsCatalog.en) { a, _ in a }
            .merging(RelationshipCatalog.en) { a, _ in a }.merging(PeopleCatalog.en) { a, _ in a }
            .merging(PurchasingCatalog.en) { a, _ in a }.merging(ScoringCatalog.en) { a, _ in a }
            .merging(StrategyCatalog.en) { a, _ in a }.merging(ClassificationCatalog.en) { a, _ in a }
            .merging(OperationsCatalog.en) { a, _ in a }.merging(LifecycleCatalog.en) { a, _ in a }
            .merging(IncidentCatalog.en) { a, _ in a }.merging(StrengtheningCatalog.en) { a, _ in a }.merging(MonetisationCatalog.en) { a, _ in a }.merging(PlanningCatalog.en) { a, _ in a }
            .merging(EvaluationCatalog.en) { a, _ in a }.merging(ReminderCatalog.en) { a, _ in a },
        .ja: CatalogJA.entries.merging(OrganisationCatalog.ja) { a, _ in a }.merging(RequestsCatalog.ja) { a, _ in a }
            .merging(RelationshipCatalog.ja) { a, _ in a }.merging(PeopleCatalog.ja) { a, _ in a }
            .merging(PurchasingCatalog.ja) { a, _ in a }.merging(ScoringCatalog.ja) { a, _ in a }
            .merging(StrategyCatalog.ja) { a, _ in a }.merging(ClassificationCatalog.ja) { a, _ in a }
            .merging(OperationsCatalog.ja) { a, _ in a }.merging(LifecycleCatalog.ja) { a, _ in a }
            .merging(IncidentCatalog.ja) { a, _ in a }.merging(StrengtheningCatalog.ja) { a, _ in a }.merging(MonetisationCatalog.ja) { a, _ in a }.merging(PlanningCatalog.ja) { a, _ in a }
            .merging(EvaluationCatalog.ja) { a, _ in a }.merging(ReminderCatalog.ja) { a, _ in a },
        .ko: CatalogKO.entries.merging(OrganisationCatalog.ko) { a, _ in a }.merging(RequestsCatalog.ko) { a, _ in a }
            .merging(RelationshipCatalog.ko) { a, _ in a }.merging(PeopleCatalog.ko) { a, _ in a }
            .merging(PurchasingCatalog.ko) { a, _ in a }.merging(ScoringCatalog.ko) { a, _ in a }
            .merging(StrategyCatalog.ko) { a, _ in a }.merging(ClassificationCatalog.ko) { a, _ in a }
            .merging(OperationsCatalog.ko) { a, _ in a }.merging(LifecycleCatalog.ko) { a, _ in a }
            .merging(IncidentCatalog.ko) { a, _ in a }.merging(StrengtheningCatalog.ko) { a, _ in a }.merging(MonetisationCatalog.ko) { a, _ in a }.merging(PlanningCatalog.ko) { a, _ in a }
            .merging(EvaluationCatalog.ko) { a, _ in a }.merging(ReminderCatalog.ko) { a, _ in a },
        .zh: CatalogZH.entries.merging(OrganisationCatalog.zh) { a, _ in a }.merging(RequestsCatalog.zh) { a, _ in a }
            .merging(RelationshipCatalog.zh) { a, _ in a }.merging(PeopleCatalog.zh) { a, _ in a }
            .merging(PurchasingCatalog.zh) { a, _ in a }.merging(ScoringCatalog.zh) { a, _ in a }
            .merging(StrategyCatalog.zh) { a, _ in a }.merging(ClassificationCatalog.zh) { a, _ in a }
            .merging(OperationsCatalog.zh) { a, _ in a }.merging(LifecycleCatalog.zh) { a, _ in a }
            .merging(IncidentCatalog.zh) { a, _ in a }.merging(StrengtheningCatalog.zh) { a, _ in a }.merging(MonetisationCatalog.zh) { a, _ in a }.merging(PlanningCatalog.zh) { a, _ in a }
            .merging(EvaluationCatalog.zh) { a, _ in a }.merging(ReminderCatalog.zh) { a, _ in a },
    ]

    public init(_ language: UILanguage) {
        self.language = language
        entries = Catalog.catalogues[language] ?? [:]
        fallback = Catalog.catalogues[.en] ?? [:]
    }

    /// A missing key shows as the key itself: visible in review, caught by the catalogue tests.
    public func text(_ key: String, _ arguments: String...) -> String {
        var value = entries[key] ?? fallback[key] ?? key
        for (i, argument) in arguments.enumerated().reversed() {
            value = value.replacingOccurrences(of: "%\(i + 1)", with: argument)
        }
        return value
    }

    public func label<V: DomainVocabulary>(_ value: V) -> String { text(value.catalogKey) }

    /// The message shown next to a field for a validation problem.
    public func message(for issue: FieldIssue) -> String {
        text("error.\(issue.code)", issue.detail ?? "")
    }

    var locale: Locale { Locale(identifier: language.localeIdentifier) }

    public func dateTime(_ date: Date, timeZone: String = "UTC") -> String {
        var style = Date.FormatStyle(date: .abbreviated, time: .shortened, locale: locale)
        style.timeZone = TimeZone(identifier: timeZone) ?? .gmt
        return date.formatted(style)
    }

    public func date(_ date: CalendarDate) -> String {
        var components = DateComponents()
        components.year = date.year
        components.month = date.month
        components.day = date.day
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = .gmt
        guard let value = calendar.date(from: components) else { return date.description }
        var style = Date.FormatStyle(date: .abbreviated, time: .omitted, locale: locale)
        style.timeZone = .gmt
        return value.formatted(style)
    }

    public func number(_ value: Int) -> String {
        value.formatted(.number.locale(locale))
    }

    public func decimal(_ value: Double, digits: Int = 1) -> String {
        value.formatted(.number.precision(.fractionLength(digits)).locale(locale))
    }

    public func percent(_ share: Double) -> String {
        share.formatted(.percent.precision(.fractionLength(0)).locale(locale))
    }

    public func money(_ money: Money) -> String {
        let major = Decimal(string: money.decimalString) ?? 0
        return major.formatted(.currency(code: money.currency).locale(locale))
    }

    public func personName(_ name: PersonName) -> String { name.display(localeIdentifier: language.rawValue) }
}
