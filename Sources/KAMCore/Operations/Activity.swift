import Foundation

public typealias ActivityID = Int64

/// What kind of interaction with the account an activity records.
public enum ActivityKind: String, DomainVocabulary {
    case visit, call, email, workshop, executiveMeeting = "executive_meeting", demo, dinner, complaint, incident, other
    public static let vocabularyName = "activity_kind"
}

/// A new assessment of a person met in the activity, recorded with the activity as its evidence.
public struct PortraitUpdate: Sendable, Hashable, Codable {
    public var personID: PersonID
    public var closeness: Int?
    public var recognition: Int?
    public var priceAcceptance: Int?
    public var evidence: String?

    public init(personID: PersonID, closeness: Int?, recognition: Int?, priceAcceptance: Int?, evidence: String? = nil) {
        self.personID = personID
        self.closeness = closeness
        self.recognition = recognition
        self.priceAcceptance = priceAcceptance
        self.evidence = evidence
    }
}

/// A follow-up agreed in the activity: it becomes a task in its owner's list.
public struct FollowUpDraft: Sendable, Hashable, Codable {
    public var title: String
    public var ownerID: UserID?
    public var dueOn: CalendarDate?

    public init(title: String, ownerID: UserID?, dueOn: CalendarDate?) {
        self.title = title
        self.ownerID = ownerID
        self.dueOn = dueOn
    }
}

/// What a user enters to log an activity. Follow-ups and portrait updates are taken when the
/// activity is logged; afterwards they live on as tasks and portrait history.
public struct ActivityDraft: Sendable, Hashable, Codable {
    public var kind: ActivityKind
    public var occurredOn: CalendarDate?
    public var subject: String
    public var notes: String?
    /// Executive meetings (and workshops) have an agenda and outcomes worth keeping apart from notes.
    public var agenda: String?
    public var outcomes: String?
    public var opportunityID: OpportunityID?
    public var ourParticipants: [UserID]
    public var theirParticipants: [PersonID]
    public var followUps: [FollowUpDraft]
    public var portraitUpdates: [PortraitUpdate]

    public init(kind: ActivityKind = .visit, occurredOn: CalendarDate? = nil, subject: String = "", notes: String? = nil,
                agenda: String? = nil, outcomes: String? = nil, opportunityID: OpportunityID? = nil, ourParticipants: [UserID] = [],
                theirParticipants: [PersonID] = [], followUps: [FollowUpDraft] = [], portraitUpdates: [PortraitUpdate] = []) {
        self.kind = kind
        self.occurredOn = occurredOn
        self.subject = subject
        self.notes = notes
        self.agenda = agenda
        self.outcomes = outcomes
        self.opportunityID = opportunityID
        self.ourParticipants = ourParticipants
        self.theirParticipants = theirParticipants
        self.followUps = followUps
        self.portraitUpdates = portraitUpdates
    }

    public static let maxParticipants = 200
    public static let maxFollowUps = 50
    /// A meeting may be logged ahead (planned), but not beyond a year, where it would top the timeline for good.
    public static let maxDaysAhead = 366

    /// Checks what needs no database: texts, dates, counts, that every follow-up has an owner and
    /// that a portrait is updated only for someone who took part. Whether ids exist is the store's.
    public func validate(known: [FieldIssue] = [], today: CalendarDate? = nil) throws(ValidationFailure) {
        var v = Validator(known: known)
        if occurredOn == nil { v.add("occurredOn", "required") }
        if let occurredOn, let today, today.days(until: occurredOn) > Self.maxDaysAhead {
            v.add("occurredOn", "too_far_ahead", String(Self.maxDaysAhead))
        }
        v.text(subject, "subject", required: true, max: 300)
        v.text(notes, "notes", max: 20_000)
        v.text(agenda, "agenda", max: 4000)
        v.text(outcomes, "outcomes", max: 4000)
        if ourParticipants.count > Self.maxParticipants { v.add("ourParticipants", "too_many", String(Self.maxParticipants)) }
        if theirParticipants.count > Self.maxParticipants { v.add("theirParticipants", "too_many", String(Self.maxParticipants)) }
        if followUps.count > Self.maxFollowUps { v.add("followUps", "too_many", String(Self.maxFollowUps)) }
        for (i, followUp) in followUps.enumerated() {
            v.text(followUp.title, "followUps[\(i)].title", required: true, max: 300)
            if followUp.ownerID == nil { v.add("followUps[\(i)].ownerID", "required") }
            if followUp.dueOn == nil { v.add("followUps[\(i)].dueOn", "required") }
        }
        var updated = Set<PersonID>()
        for (i, update) in portraitUpdates.enumerated() {
            if !theirParticipants.contains(update.personID) { v.add("portraitUpdates[\(i)].personID", "not_a_participant") }
            if !updated.insert(update.personID).inserted { v.add("portraitUpdates[\(i)].personID", "duplicate") }
            v.range(update.closeness, "portraitUpdates[\(i)].closeness", 1...5)
            v.range(update.recognition, "portraitUpdates[\(i)].recognition", 1...5)
            v.range(update.priceAcceptance, "portraitUpdates[\(i)].priceAcceptance", 1...5)
            v.text(update.evidence, "portraitUpdates[\(i)].evidence", max: 4000)
        }
        try v.check()
    }
}

/// Someone who took part: a user of ours (`name`) or a person of theirs (`personName`, written
/// in the reader's order).
public struct ActivityParticipant: Sendable, Hashable, Codable {
    public var id: Int64
    public var name: String
    public var personName: PersonName?
    public init(id: Int64, name: String, personName: PersonName? = nil) {
        self.id = id
        self.name = name
        self.personName = personName
    }
}

/// An activity as stored: what happened, who was there on both sides, and what it set in motion.
public struct Activity: Sendable, Hashable, Codable, Identifiable {
    public var id: ActivityID
    public var accountID: AccountID
    public var kind: ActivityKind
    public var occurredOn: CalendarDate
    public var subject: String
    public var notes: String?
    public var agenda: String?
    public var outcomes: String?
    public var opportunityID: OpportunityID?
    public var ourParticipants: [ActivityParticipant]
    public var theirParticipants: [ActivityParticipant]
    /// Tasks the activity created (its follow-ups).
    public var followUpTaskIDs: [TaskID]
    /// People whose portrait the activity reassessed.
    public var portraitPersonIDs: [PersonID]
    public var createdBy: UserID?
    public var createdByName: String?
    public var version: Int
    public var updatedAt: Date

    public init(id: ActivityID, accountID: AccountID, kind: ActivityKind, occurredOn: CalendarDate, subject: String, notes: String?,
                agenda: String?, outcomes: String?, opportunityID: OpportunityID?, ourParticipants: [ActivityParticipant],
                theirParticipants: [ActivityParticipant], followUpTaskIDs: [TaskID], portraitPersonIDs: [PersonID],
                createdBy: UserID?, createdByName: String?, version: Int, updatedAt: Date) {
        self.id = id
        self.accountID = accountID
        self.kind = kind
        self.occurredOn = occurredOn
        self.subject = subject
        self.notes = notes
        self.agenda = agenda
        self.outcomes = outcomes
        self.opportunityID = opportunityID
        self.ourParticipants = ourParticipants
        self.theirParticipants = theirParticipants
        self.followUpTaskIDs = followUpTaskIDs
        self.portraitPersonIDs = portraitPersonIDs
        self.createdBy = createdBy
        self.createdByName = createdByName
        self.version = version
        self.updatedAt = updatedAt
    }

    /// The editable part: follow-ups and portrait updates are not edited through the activity.
    public var draft: ActivityDraft {
        ActivityDraft(kind: kind, occurredOn: occurredOn, subject: subject, notes: notes, agenda: agenda, outcomes: outcomes,
                      opportunityID: opportunityID, ourParticipants: ourParticipants.map(\.id),
                      theirParticipants: theirParticipants.map(\.id))
    }
}
