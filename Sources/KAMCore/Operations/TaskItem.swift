import Foundation

public typealias TaskID = Int64

public enum TaskStatus: String, DomainVocabulary {
    case open, done, cancelled
    public static let vocabularyName = "task_status"
}

/// What made a task: the one task list gathers work from every part of the method.
public enum TaskSource: String, DomainVocabulary {
    case manual, followUp = "follow_up", objective, evaluation, expertRequest = "expert_request", presalesRequest = "presales_request"
    public static let vocabularyName = "task_source"
}

/// What a user enters for a task. (Named `TaskItem` because Swift's `Task` is the concurrency type.)
public struct TaskDraft: Sendable, Hashable, Codable {
    public var title: String
    public var ownerID: UserID?
    public var dueOn: CalendarDate?
    public var status: TaskStatus
    public var note: String?
    public var accountID: AccountID?

    public init(title: String = "", ownerID: UserID? = nil, dueOn: CalendarDate? = nil, status: TaskStatus = .open, note: String? = nil,
                accountID: AccountID? = nil) {
        self.title = title
        self.ownerID = ownerID
        self.dueOn = dueOn
        self.status = status
        self.note = note
        self.accountID = accountID
    }

    public func validate(known: [FieldIssue] = []) throws(ValidationFailure) {
        var v = Validator(known: known)
        v.text(title, "title", required: true, max: 300)
        if ownerID == nil { v.add("ownerID", "required") }
        if dueOn == nil { v.add("dueOn", "required") }
        v.text(note, "note", max: 4000)
        try v.check()
    }
}

public struct TaskItem: Sendable, Hashable, Codable, Identifiable {
    public var id: TaskID
    public var title: String
    public var ownerID: UserID
    public var ownerName: String
    public var dueOn: CalendarDate
    public var status: TaskStatus
    public var note: String?
    public var accountID: AccountID?
    public var accountName: String?
    public var source: TaskSource
    /// The record that made the task (an activity for a follow-up), by the source's kind.
    public var sourceID: Int64?
    public var createdBy: UserID?
    public var completedAt: Date?
    public var version: Int
    public var updatedAt: Date

    public init(id: TaskID, title: String, ownerID: UserID, ownerName: String, dueOn: CalendarDate, status: TaskStatus, note: String?,
                accountID: AccountID?, accountName: String?, source: TaskSource, sourceID: Int64?, createdBy: UserID?,
                completedAt: Date?, version: Int, updatedAt: Date) {
        self.id = id
        self.title = title
        self.ownerID = ownerID
        self.ownerName = ownerName
        self.dueOn = dueOn
        self.status = status
        self.note = note
        self.accountID = accountID
        self.accountName = accountName
        self.source = source
        self.sourceID = sourceID
        self.createdBy = createdBy
        self.completedAt = completedAt
        self.version = version
        self.updatedAt = updatedAt
    }

    public var draft: TaskDraft {
        TaskDraft(title: title, ownerID: ownerID, dueOn: dueOn, status: status, note: note, accountID: accountID)
    }

    public func isOverdue(today: CalendarDate) -> Bool { status == .open && dueOn < today }
}

/// Who may see and change a task. The owner always may (executives included: their own tasks are
/// the one thing they edit); beyond that a task at an account follows the account, and a task at
/// no account belongs to its owner and whoever set it.
public extension AccessPolicy {
    func canView(_ task: TaskItem, accountVisible: Bool) -> Bool {
        isAdministrator || task.ownerID == user.id || task.createdBy == user.id || (task.accountID != nil && accountVisible)
    }

    func canChange(_ task: TaskItem, accountEditable: Bool) -> Bool {
        guard user.role != .readOnly else { return false }
        if isAdministrator || task.ownerID == user.id { return true }
        guard mayEditAnything else { return false }
        return task.accountID != nil ? accountEditable : task.createdBy == user.id
    }

    /// A task at no account: for oneself, or (directors) for someone in one's team.
    func canSetPersonalTask(for owner: UserID) -> Bool {
        guard user.role != .readOnly else { return false }
        return owner == user.id || isAdministrator || (user.role == .salesDirector && circle.contains(owner))
    }
}
