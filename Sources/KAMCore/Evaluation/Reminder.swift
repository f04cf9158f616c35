import Foundation

/// Why a user is reminded of a review: it comes due soon, or its day has passed.
public enum ReminderReason: String, DomainVocabulary {
    case beforeDue = "before_due", overdue
    public static let vocabularyName = "reminder_reason"

    /// The reminder a review in this state calls for; none while it is further off than the
    /// cadences' `remindDaysBefore`.
    public init?(_ state: DueState) {
        switch state {
        case .upcoming: return nil
        case .dueSoon: self = .beforeDue
        case .overdue: self = .overdue
        }
    }
}

/// An in-app notification about one review owed at one account.
public struct ReviewReminder: Sendable, Hashable, Codable, Identifiable {
    public var id: Int64
    public var accountID: AccountID
    public var accountName: String
    public var kind: EvaluationKind
    public var dueOn: CalendarDate
    public var reason: ReminderReason
    public var createdAt: Date
    public var readAt: Date?

    public init(id: Int64, accountID: AccountID, accountName: String, kind: EvaluationKind, dueOn: CalendarDate, reason: ReminderReason,
                createdAt: Date, readAt: Date? = nil) {
        self.id = id
        self.accountID = accountID
        self.accountName = accountName
        self.kind = kind
        self.dueOn = dueOn
        self.reason = reason
        self.createdAt = createdAt
        self.readAt = readAt
    }
}
