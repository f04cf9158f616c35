import Foundation

public typealias EvaluationID = Int64

/// What a review concluded. The customer review decides whether the account still qualifies;
/// the others whether the account goes on as planned or needs adjusting.
public enum EvaluationResult: String, DomainVocabulary {
    case qualified, disqualified, onTrack = "on_track", adjust
    public static let vocabularyName = "evaluation_result"

    public static func allowed(for kind: EvaluationKind) -> [EvaluationResult] {
        kind == .customer || kind == .yearly ? [.qualified, .disqualified] : [.onTrack, .adjust]
    }
}

/// One point of a review's checklist: a part of the plan, a team member, a strategy…, judged.
public struct ReviewPoint: Sendable, Hashable, Codable {
    public var key: String
    public var verdict: String
    public var note: String

    public init(key: String, verdict: String, note: String = "") {
        self.key = key
        self.verdict = verdict
        self.note = note
    }
}

/// A follow-up agreed in the review; it becomes a task in its owner's list.
public struct EvaluationAction: Sendable, Hashable, Codable {
    public var title: String
    public var ownerID: UserID?
    public var dueOn: CalendarDate?
    /// Set once the task exists.
    public var taskID: TaskID?

    public init(title: String, ownerID: UserID?, dueOn: CalendarDate?, taskID: TaskID? = nil) {
        self.title = title
        self.ownerID = ownerID
        self.dueOn = dueOn
        self.taskID = taskID
    }
}

/// What a user records when they hold a review. `dueOn` names the due date it answers, so a
/// second submission of the same review is refused instead of answering the next one early.
public struct EvaluationDraft: Sendable, Hashable, Codable {
    public var kind: EvaluationKind
    public var dueOn: CalendarDate
    public var heldOn: CalendarDate
    public var participantIDs: [UserID]
    public var result: EvaluationResult
    public var checklist: [ReviewPoint]
    public var findings: String
    public var actions: [EvaluationAction]

    public init(kind: EvaluationKind, dueOn: CalendarDate, heldOn: CalendarDate, participantIDs: [UserID] = [], result: EvaluationResult,
                checklist: [ReviewPoint] = [], findings: String = "", actions: [EvaluationAction] = []) {
        self.kind = kind
        self.dueOn = dueOn
        self.heldOn = heldOn
        self.participantIDs = participantIDs
        self.result = result
        self.checklist = checklist
        self.findings = findings
        self.actions = actions
    }

    /// `today` is the account's date: a review cannot be recorded as held in the future.
    public func validate(today: CalendarDate) throws(ValidationFailure) {
        var v = Validator()
        if heldOn > today { v.add("heldOn", "in_future") }
        if !EvaluationResult.allowed(for: kind).contains(result) { v.add("result", "not_for_kind", kind.rawValue) }
        v.text(findings, "findings", max: 10_000)
        if checklist.count > 200 { v.add("checklist", "too_many", "200") }
        for (index, item) in checklist.enumerated() {
            v.text(item.key, "checklist[\(index)].key", required: true, max: 200)
            v.text(item.verdict, "checklist[\(index)].verdict", required: true, max: 100)
            v.text(item.note, "checklist[\(index)].note", max: 2_000)
        }
        if actions.count > 50 { v.add("actions", "too_many", "50") }
        for (index, action) in actions.enumerated() {
            v.text(action.title, "actions[\(index)].title", required: true, max: 300)
            if action.ownerID == nil { v.add("actions[\(index)].ownerID", "required") }
            if let due = action.dueOn, due < heldOn { v.add("actions[\(index)].dueOn", "before_review") }
        }
        if participantIDs.count > 50 { v.add("participantIDs", "too_many", "50") }
        try v.check()
    }
}

/// A held review, as kept.
public struct Evaluation: Sendable, Hashable, Codable {
    public var id: EvaluationID
    public var accountID: AccountID
    public var kind: EvaluationKind
    public var dueOn: CalendarDate
    public var heldOn: CalendarDate
    /// Held on or before its due date.
    public var onTime: Bool
    public var participantIDs: [UserID]
    public var result: EvaluationResult
    public var checklist: [ReviewPoint]
    public var findings: String
    public var actions: [EvaluationAction]
    public var createdAt: Date
    public var createdBy: UserID?
    public var createdByName: String

    public init(id: EvaluationID, accountID: AccountID, draft: EvaluationDraft, createdAt: Date, createdBy: UserID?, createdByName: String) {
        self.id = id
        self.accountID = accountID
        self.kind = draft.kind
        self.dueOn = draft.dueOn
        self.heldOn = draft.heldOn
        self.onTime = draft.heldOn <= draft.dueOn
        self.participantIDs = draft.participantIDs
        self.result = draft.result
        self.checklist = draft.checklist
        self.findings = draft.findings
        self.actions = draft.actions
        self.createdAt = createdAt
        self.createdBy = createdBy
        self.createdByName = createdByName
    }
}
