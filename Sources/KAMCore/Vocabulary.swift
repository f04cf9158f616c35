/// The closed vocabularies of domain.md. Raw values are the identifiers used in the API,
/// the database and the translation catalogues (`enum.<type>.<raw>`), so they never change.

public protocol DomainVocabulary: RawRepresentable, CaseIterable, Codable, Sendable, Hashable
where RawValue == String {
    /// Catalogue key prefix, e.g. `industry` → `enum.industry.banking`.
    static var vocabularyName: String { get }
}

extension DomainVocabulary {
    public var catalogKey: String { "enum.\(Self.vocabularyName).\(rawValue)" }
    public static var allRawValues: [String] { allCases.map(\.rawValue) }
}

public enum Industry: String, DomainVocabulary {
    case banking, insurance, manufacturing, automotive, telecom, publicSector = "public_sector"
    case retail, energy, healthcare, logistics, technology, other
    public static let vocabularyName = "industry"
}

/// Where an account sits; each region proposes a default time zone (domain.md §10).
public enum Region: String, DomainVocabulary {
    case japan, korea, china, europe, northAmerica = "north_america", other
    public static let vocabularyName = "region"

    public var defaultTimeZone: String {
        switch self {
        case .japan: "Asia/Tokyo"
        case .korea: "Asia/Seoul"
        case .china: "Asia/Shanghai"
        case .europe: "Europe/Berlin"
        case .northAmerica: "America/New_York"
        case .other: "UTC"
        }
    }
}

public enum AccountSize: String, DomainVocabulary {
    case small, medium, large, enterprise
    public static let vocabularyName = "size"
}

/// How the customer buys: centrally for all branches, or each branch alone (domain.md §3).
public enum ProcurementMode: String, DomainVocabulary {
    case centralised, decentralised, mixed
    public static let vocabularyName = "procurement"
}

public enum LifecycleScene: String, DomainVocabulary {
    case acquisition, orderWinning = "order_winning", deliveryAndService = "delivery_and_service"
    public static let vocabularyName = "scene"
}

public enum RelationshipStage: String, DomainVocabulary {
    case building, stable, strengthening
    public static let vocabularyName = "stage"
}

/// `none` is an ordinary account that nobody has proposed as a key account yet.
public enum KeyAccountStatus: String, DomainVocabulary {
    case none, candidate, qualified, disqualified
    public static let vocabularyName = "status"
}

public enum OpportunityStage: String, DomainVocabulary {
    case prospecting, qualification, proposal, negotiation, won, lost
    public static let vocabularyName = "oppstage"
}

public enum Role: String, DomainVocabulary {
    case administrator, executive, salesDirector = "sales_director"
    case keyAccountManager = "key_account_manager", salesperson, expert, presales, readOnly = "read_only"
    public static let vocabularyName = "role"
}

/// Why we may keep a person's data (APPI, PIPA, PIPL).
public enum LegalBasis: String, DomainVocabulary {
    case consent, legitimateInterest = "legitimate_interest", contract, legalObligation = "legal_obligation"
    public static let vocabularyName = "legalbasis"
}

/// Who a key person is to us (domain.md §3): a contact at a customer, or someone outside who
/// matters — one of our own employees, a partner, a consultant, even a friendly competitor.
public enum PersonKind: String, DomainVocabulary {
    case contact, colleague, partner, consultant, competitor
    public static let vocabularyName = "person_kind"

    /// Outside people have an organisation of their own instead of a job at the account.
    public var isOutside: Bool { self != .contact }
}

public enum PersonalFactKind: String, DomainVocabulary {
    case hobby, school, pastEmployer = "past_employer", family, other
    public static let vocabularyName = "factkind"
}

public enum CustomFieldType: String, DomainVocabulary {
    case text, number, date, choice
    public static let vocabularyName = "fieldtype"
}

/// The account fields whose every change is a recorded move with a reason (domain.md §10).
public enum TrackedAccountField: String, DomainVocabulary {
    case scene, stage, status, accountClass = "class"
    public static let vocabularyName = "tracked"
}
