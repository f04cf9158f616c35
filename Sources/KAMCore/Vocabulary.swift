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

/// Where an opportunity stands: one of the company's configured sales stages (`SalesProcess`),
/// or one of the two outcomes every process ends in. Open-ended, so an administrator can add
/// stages; the four standard ones keep their translations.
public struct OpportunityStage: RawRepresentable, Sendable, Hashable, Codable, Comparable {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

    public static let prospecting = OpportunityStage(rawValue: "prospecting")
    public static let qualification = OpportunityStage(rawValue: "qualification")
    public static let proposal = OpportunityStage(rawValue: "proposal")
    public static let negotiation = OpportunityStage(rawValue: "negotiation")
    public static let won = OpportunityStage(rawValue: "won")
    public static let lost = OpportunityStage(rawValue: "lost")
    public static let outcomes: [OpportunityStage] = [.won, .lost]
    /// The stages shipped with the standard process and the outcomes: the ones the catalogues translate.
    public static let standardStages: [OpportunityStage] = [.prospecting, .qualification, .proposal, .negotiation, .won, .lost]

    public var isClosed: Bool { self == .won || self == .lost }
    public var catalogKey: String { "enum.oppstage.\(rawValue)" }

    public init(from decoder: any Decoder) throws { rawValue = try decoder.singleValueContainer().decode(String.self) }
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
    public static func < (lhs: OpportunityStage, rhs: OpportunityStage) -> Bool { lhs.rawValue < rhs.rawValue }
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
