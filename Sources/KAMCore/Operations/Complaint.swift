import Foundation

public typealias ComplaintID = Int64

/// A complaint the customer raised through a channel they know, with the deadlines the vendor
/// holds itself to: acknowledged by one day, resolved by another.
public struct ComplaintDraft: Sendable, Hashable, Codable {
    public var summary: String
    public var channelID: ChannelID?
    public var raisedByPersonID: PersonID?
    public var receivedOn: CalendarDate?
    public var acknowledgeBy: CalendarDate?
    public var resolveBy: CalendarDate?
    public var acknowledgedOn: CalendarDate?
    public var resolvedOn: CalendarDate?
    public var resolution: String?

    /// Deadlines when none are given: acknowledged the next day, resolved within two weeks.
    public static let acknowledgeWithinDays = 1
    public static let resolveWithinDays = 14

    public init(summary: String = "", channelID: ChannelID? = nil, raisedByPersonID: PersonID? = nil, receivedOn: CalendarDate? = nil,
                acknowledgeBy: CalendarDate? = nil, resolveBy: CalendarDate? = nil, acknowledgedOn: CalendarDate? = nil,
                resolvedOn: CalendarDate? = nil, resolution: String? = nil) {
        self.summary = summary
        self.channelID = channelID
        self.raisedByPersonID = raisedByPersonID
        self.receivedOn = receivedOn
        self.acknowledgeBy = acknowledgeBy
        self.resolveBy = resolveBy
        self.acknowledgedOn = acknowledgedOn
        self.resolvedOn = resolvedOn
        self.resolution = resolution
    }

    /// The draft with its deadlines filled from the day it was received where none were given
    /// (a resolution is never due before the acknowledgement).
    public var withDefaultDeadlines: ComplaintDraft {
        var d = self
        if let received = receivedOn {
            let acknowledgeBy = d.acknowledgeBy ?? received.adding(days: Self.acknowledgeWithinDays)
            d.acknowledgeBy = acknowledgeBy
            d.resolveBy = d.resolveBy ?? max(received.adding(days: Self.resolveWithinDays), acknowledgeBy)
        }
        return d
    }

    public func validate(known: [FieldIssue] = [], today: CalendarDate? = nil) throws(ValidationFailure) {
        var v = Validator(known: known)
        v.text(summary, "summary", required: true, max: 4000)
        v.text(resolution, "resolution", max: 4000)
        guard let received = receivedOn else {
            v.add("receivedOn", "required")
            try v.check()
            return
        }
        // A day's slack: "today" is UTC's, and the account's zone may already be in tomorrow.
        if let today, received > today.adding(days: 1) { v.add("receivedOn", "in_future") }
        if let by = acknowledgeBy, by < received { v.add("acknowledgeBy", "before_received") }
        if let by = resolveBy, by < (acknowledgeBy ?? received) { v.add("resolveBy", "before_acknowledge_by") }
        if let on = acknowledgedOn, on < received { v.add("acknowledgedOn", "before_received") }
        if let on = resolvedOn {
            if on < received { v.add("resolvedOn", "before_received") }
            if acknowledgedOn == nil { v.add("acknowledgedOn", "required_when_resolved") }
            if (resolution ?? "").trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { v.add("resolution", "required_when_resolved") }
        }
        try v.check()
    }
}

public struct Complaint: Sendable, Hashable, Codable, Identifiable {
    public var id: ComplaintID
    public var accountID: AccountID
    public var summary: String
    public var channelID: ChannelID?
    public var channelMedium: String?
    public var raisedByPersonID: PersonID?
    public var raisedByName: PersonName?
    public var receivedOn: CalendarDate
    public var acknowledgeBy: CalendarDate
    public var resolveBy: CalendarDate
    public var acknowledgedOn: CalendarDate?
    public var resolvedOn: CalendarDate?
    public var resolution: String?
    /// Past a deadline with the step not done (or done late).
    public var acknowledgementLate: Bool
    public var resolutionLate: Bool
    public var version: Int
    public var updatedAt: Date

    public init(id: ComplaintID, accountID: AccountID, draft: ComplaintDraft, channelMedium: String?, raisedByName: PersonName?,
                today: CalendarDate, version: Int, updatedAt: Date) {
        let d = draft.withDefaultDeadlines
        self.id = id
        self.accountID = accountID
        self.summary = d.summary
        self.channelID = d.channelID
        self.channelMedium = channelMedium
        self.raisedByPersonID = d.raisedByPersonID
        self.raisedByName = raisedByName
        self.receivedOn = d.receivedOn ?? today
        self.acknowledgeBy = d.acknowledgeBy ?? today
        self.resolveBy = d.resolveBy ?? today
        self.acknowledgedOn = d.acknowledgedOn
        self.resolvedOn = d.resolvedOn
        self.resolution = d.resolution
        self.acknowledgementLate = (d.acknowledgedOn ?? today) > acknowledgeBy
        self.resolutionLate = (d.resolvedOn ?? today) > resolveBy
        self.version = version
        self.updatedAt = updatedAt
    }

    public var isOpen: Bool { resolvedOn == nil }

    public var draft: ComplaintDraft {
        ComplaintDraft(summary: summary, channelID: channelID, raisedByPersonID: raisedByPersonID, receivedOn: receivedOn,
                       acknowledgeBy: acknowledgeBy, resolveBy: resolveBy, acknowledgedOn: acknowledgedOn, resolvedOn: resolvedOn,
                       resolution: resolution)
    }
}
