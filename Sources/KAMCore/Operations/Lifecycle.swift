import Foundation

public typealias ChannelID = Int64

/// A line of communication with the account (domain.md §7: technical and management levels,
/// not one thread through one person), or the channel the customer uses to complain.
public enum ChannelKind: String, DomainVocabulary {
    case technical, management, complaint
    public static let vocabularyName = "channel_kind"
}

/// What a user enters for a channel: who talks to whom, how, and when it counts as gone cold.
public struct ChannelDraft: Sendable, Hashable, Codable {
    public var kind: ChannelKind
    public var ourUserID: UserID?
    public var theirPersonID: PersonID?
    public var medium: String
    public var note: String?
    /// Days without an activity both sides took part in after which the channel is flagged cold.
    public var coldAfterDays: Int
    public var active: Bool

    public init(kind: ChannelKind = .technical, ourUserID: UserID? = nil, theirPersonID: PersonID? = nil, medium: String = "",
                note: String? = nil, coldAfterDays: Int = 90, active: Bool = true) {
        self.kind = kind
        self.ourUserID = ourUserID
        self.theirPersonID = theirPersonID
        self.medium = medium
        self.note = note
        self.coldAfterDays = coldAfterDays
        self.active = active
    }

    /// A complaint channel may be a hotline with nobody named on their side; the others connect two people.
    public func validate(known: [FieldIssue] = []) throws(ValidationFailure) {
        var v = Validator(known: known)
        if ourUserID == nil { v.add("ourUserID", "required") }
        if kind != .complaint && theirPersonID == nil { v.add("theirPersonID", "required") }
        v.text(medium, "medium", required: kind == .complaint, max: 200)
        v.text(note, "note", max: 4000)
        v.range(coldAfterDays, "coldAfterDays", 7...730)
        try v.check()
    }
}

public struct CommunicationChannel: Sendable, Hashable, Codable, Identifiable {
    public var id: ChannelID
    public var accountID: AccountID
    public var kind: ChannelKind
    public var ourUserID: UserID
    public var ourUserName: String
    public var theirPersonID: PersonID?
    public var theirPersonName: PersonName?
    public var medium: String
    public var note: String?
    public var coldAfterDays: Int
    public var active: Bool
    /// The newest activity both ends of the channel took part in.
    public var lastContact: CalendarDate?
    public var isCold: Bool
    public var version: Int
    public var updatedAt: Date

    public init(id: ChannelID, accountID: AccountID, draft: ChannelDraft, ourUserName: String, theirPersonName: PersonName?,
                lastContact: CalendarDate?, today: CalendarDate, version: Int, updatedAt: Date) {
        self.id = id
        self.accountID = accountID
        self.kind = draft.kind
        self.ourUserID = draft.ourUserID ?? 0
        self.ourUserName = ourUserName
        self.theirPersonID = draft.theirPersonID
        self.theirPersonName = theirPersonName
        self.medium = draft.medium
        self.note = draft.note
        self.coldAfterDays = draft.coldAfterDays
        self.active = draft.active
        self.lastContact = lastContact
        self.isCold = Self.isCold(kind: draft.kind, active: draft.active, lastContact: lastContact, coldAfterDays: draft.coldAfterDays, today: today)
        self.version = version
        self.updatedAt = updatedAt
    }

    /// A person-to-person channel is cold when nobody has met across it for `coldAfterDays`; a
    /// complaint channel is a door, not a conversation, and never goes cold.
    public static func isCold(kind: ChannelKind, active: Bool, lastContact: CalendarDate?, coldAfterDays: Int, today: CalendarDate) -> Bool {
        guard active, kind != .complaint else { return false }
        guard let lastContact else { return true }
        return lastContact.days(until: today) > coldAfterDays
    }

    public var draft: ChannelDraft {
        ChannelDraft(kind: kind, ourUserID: ourUserID, theirPersonID: theirPersonID, medium: medium, note: note, coldAfterDays: coldAfterDays,
                     active: active)
    }
}

/// What the product knows about an account that bears on its lifecycle scene and relationship stage.
public struct LifecycleFacts: Sendable, Hashable {
    public var status: KeyAccountStatus
    public var teamMembers: Int
    public var hasCustomerLeadExpert: Bool
    public var hasExecutiveSponsor: Bool
    public var openOpportunities: Int
    public var wonOpportunities: Int
    public var purchasesLastYear: Int
    public var activitiesLastQuarter: Int
    public var lastExecutiveMeeting: CalendarDate?
    /// Active, not-cold channels by kind.
    public var warmChannels: [ChannelKind: Int]
    /// Something bought from the account this year or last.
    public var mutualPurchasingRecent: Bool
    /// A consulting engagement running, or ended within the year.
    public var consultingRecent: Bool
    /// A board, steering-committee or advisory seat held now.
    public var seatHeld: Bool

    public init(status: KeyAccountStatus, teamMembers: Int = 0, hasCustomerLeadExpert: Bool = false, hasExecutiveSponsor: Bool = false,
                openOpportunities: Int = 0, wonOpportunities: Int = 0, purchasesLastYear: Int = 0, activitiesLastQuarter: Int = 0,
                lastExecutiveMeeting: CalendarDate? = nil, warmChannels: [ChannelKind: Int] = [:], mutualPurchasingRecent: Bool = false,
                consultingRecent: Bool = false, seatHeld: Bool = false) {
        self.status = status
        self.teamMembers = teamMembers
        self.hasCustomerLeadExpert = hasCustomerLeadExpert
        self.hasExecutiveSponsor = hasExecutiveSponsor
        self.openOpportunities = openOpportunities
        self.wonOpportunities = wonOpportunities
        self.purchasesLastYear = purchasesLastYear
        self.activitiesLastQuarter = activitiesLastQuarter
        self.lastExecutiveMeeting = lastExecutiveMeeting
        self.warmChannels = warmChannels
        self.mutualPurchasingRecent = mutualPurchasingRecent
        self.consultingRecent = consultingRecent
        self.seatHeld = seatHeld
    }
}

/// One entry criterion: met, not met, or (nil) something the product has no data for yet.
public struct ChecklistItem: Sendable, Hashable, Codable {
    public var key: String
    public var met: Bool?
    public init(_ key: String, _ met: Bool?) {
        self.key = key
        self.met = met
    }
}

public struct SceneCriteria: Sendable, Hashable, Codable {
    public var scene: LifecycleScene
    public var items: [ChecklistItem]
}

public struct StageCriteria: Sendable, Hashable, Codable {
    public var stage: RelationshipStage
    public var items: [ChecklistItem]
}

/// The entry criteria of every scene and stage, evaluated from data (domain.md §7).
public struct LifecycleChecklist: Sendable, Hashable, Codable {
    public var scenes: [SceneCriteria]
    public var stages: [StageCriteria]

    public static let executiveMeetingWithinDays = 183

    public static func evaluate(_ f: LifecycleFacts, today: CalendarDate) -> LifecycleChecklist {
        let recentExecutiveMeeting = f.lastExecutiveMeeting.map { $0.days(until: today) <= executiveMeetingWithinDays } ?? false
        let building = [
            ChecklistItem("assessed", f.status != .none),
            ChecklistItem("team_set_up", f.teamMembers > 0),
            ChecklistItem("lead_expert", f.hasCustomerLeadExpert),
            ChecklistItem("in_touch", f.activitiesLastQuarter > 0),
        ]
        let stable = [
            ChecklistItem("complaint_channel", (f.warmChannels[.complaint] ?? 0) > 0),
            ChecklistItem("technical_channel", (f.warmChannels[.technical] ?? 0) > 0),
            ChecklistItem("management_channel", (f.warmChannels[.management] ?? 0) > 0),
            ChecklistItem("executive_meeting", recentExecutiveMeeting),
            ChecklistItem("executive_sponsor", f.hasExecutiveSponsor),
        ]
        let strengthening = [
            ChecklistItem("stable_holds", stable.allSatisfy { $0.met == true }),
            ChecklistItem("mutual_purchasing", f.mutualPurchasingRecent),
            ChecklistItem("consulting", f.consultingRecent),
            ChecklistItem("board_seat", f.seatHeld),
        ]
        return LifecycleChecklist(
            scenes: [
                SceneCriteria(scene: .acquisition, items: [ChecklistItem("no_opportunity_yet", f.openOpportunities == 0 && f.wonOpportunities == 0),
                                                           ChecklistItem("lead_expert", f.hasCustomerLeadExpert)]),
                SceneCriteria(scene: .orderWinning, items: [ChecklistItem("open_opportunity", f.openOpportunities > 0)]),
                SceneCriteria(scene: .deliveryAndService, items: [ChecklistItem("won_or_bought", f.wonOpportunities > 0 || f.purchasesLastYear > 0)]),
            ],
            stages: [StageCriteria(stage: .building, items: building), StageCriteria(stage: .stable, items: stable),
                     StageCriteria(stage: .strengthening, items: strengthening)])
    }

    /// Whether what the product can check for `stage` is all met (unknowns do not count against it).
    public func ready(for stage: RelationshipStage) -> Bool {
        (stages.first { $0.stage == stage }?.items ?? []).allSatisfy { $0.met != false }
    }
}
