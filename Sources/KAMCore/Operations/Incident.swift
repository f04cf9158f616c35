import Foundation

public typealias IncidentID = Int64

public enum IncidentSeverity: String, DomainVocabulary {
    case critical, major, minor
    public static let vocabularyName = "incident_severity"
}

public enum IncidentStatus: String, DomainVocabulary {
    case open, investigating, resolved, closed
    public static let vocabularyName = "incident_status"
}

/// Whose part failed, as the root-cause analysis decides (domain.md §7: the network, the
/// database, their operators, or our product?).
public enum ResponsibleParty: String, DomainVocabulary {
    case undetermined, ourProduct = "our_product", network, theirDatabase = "their_database", theirOperators = "their_operators"
    case thirdParty = "third_party", other
    public static let vocabularyName = "responsible_party"
}

public struct IncidentDraft: Sendable, Hashable, Codable {
    public var title: String
    public var severity: IncidentSeverity
    public var occurredOn: CalendarDate?
    public var status: IncidentStatus
    public var responsibleParty: ResponsibleParty
    public var rootCause: String?
    public var summary: String?

    public init(title: String = "", severity: IncidentSeverity = .major, occurredOn: CalendarDate? = nil, status: IncidentStatus = .open,
                responsibleParty: ResponsibleParty = .undetermined, rootCause: String? = nil, summary: String? = nil) {
        self.title = title
        self.severity = severity
        self.occurredOn = occurredOn
        self.status = status
        self.responsibleParty = responsibleParty
        self.rootCause = rootCause
        self.summary = summary
    }

    /// An incident is closed only once the root-cause analysis has named the responsible party
    /// and the cause; it is resolved (service back) before that.
    public func validate(known: [FieldIssue] = [], today: CalendarDate? = nil) throws(ValidationFailure) {
        var v = Validator(known: known)
        v.text(title, "title", required: true, max: 300)
        v.text(summary, "summary", max: 20_000)
        v.text(rootCause, "rootCause", max: 4000)
        if occurredOn == nil { v.add("occurredOn", "required") }
        // A day's slack: "today" is UTC's, and the account's zone may already be in tomorrow.
        if let occurredOn, let today, occurredOn > today.adding(days: 1) { v.add("occurredOn", "in_future") }
        if status == .closed {
            if responsibleParty == .undetermined { v.add("responsibleParty", "undetermined_at_closure") }
            if (rootCause ?? "").trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { v.add("rootCause", "required_at_closure") }
        }
        try v.check()
    }
}

/// A dated line of an incident's own timeline: what was done or learnt (`note`), or a change of
/// status (`status`, the one it moved to).
public struct IncidentEvent: Sendable, Hashable, Codable {
    public var at: Date
    public var status: IncidentStatus?
    public var note: String
    public var authorName: String?
    public init(at: Date, status: IncidentStatus?, note: String, authorName: String?) {
        self.at = at
        self.status = status
        self.note = note
        self.authorName = authorName
    }
}

public struct Incident: Sendable, Hashable, Codable, Identifiable {
    public var id: IncidentID
    public var accountID: AccountID
    public var title: String
    public var severity: IncidentSeverity
    public var occurredOn: CalendarDate
    public var status: IncidentStatus
    public var responsibleParty: ResponsibleParty
    public var rootCause: String?
    public var summary: String?
    public var closedAt: Date?
    public var events: [IncidentEvent]
    public var version: Int
    public var updatedAt: Date

    public init(id: IncidentID, accountID: AccountID, draft: IncidentDraft, closedAt: Date?, events: [IncidentEvent], version: Int, updatedAt: Date) {
        self.id = id
        self.accountID = accountID
        self.title = draft.title
        self.severity = draft.severity
        self.occurredOn = draft.occurredOn ?? CalendarDate(year: 1970, month: 1, day: 1)
        self.status = draft.status
        self.responsibleParty = draft.responsibleParty
        self.rootCause = draft.rootCause
        self.summary = draft.summary
        self.closedAt = closedAt
        self.events = events
        self.version = version
        self.updatedAt = updatedAt
    }

    public var draft: IncidentDraft {
        IncidentDraft(title: title, severity: severity, occurredOn: occurredOn, status: status, responsibleParty: responsibleParty,
                      rootCause: rootCause, summary: summary)
    }
}
