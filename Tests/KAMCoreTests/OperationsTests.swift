import Foundation
@testable import KAMCore
import Testing

@Suite("Activities, tasks and the timeline's order")
struct OperationsTests {
    func entry(_ source: TimelineSource, _ id: Int64, _ day: String, at: Double? = nil) -> TimelineEntry {
        TimelineEntry(source: source, id: id, on: CalendarDate(day)!, at: at.map { Date(timeIntervalSince1970: $0) }, title: "\(source)-\(id)")
    }

    @Test func aPageMergesSourcesByDayThenSourceThenNewestFirst() {
        let activities = [entry(.activity, 9, "2026-05-02"), entry(.activity, 4, "2026-05-02"), entry(.activity, 7, "2026-05-01")]
        let moves = [entry(.move, 2, "2026-05-02", at: 2000), entry(.move, 3, "2026-05-02", at: 1000), entry(.move, 1, "2026-04-30", at: 10)]
        let (first, next) = Timeline.page([activities, moves], limit: 4)
        #expect(first.map(\.title) == ["activity-9", "activity-4", "move-2", "move-3"])
        #expect(next == first.last?.cursor)
        // Everything past the cursor, and nothing before it.
        let rest = (activities + moves).filter { next!.precedes($0.cursor) }
        #expect(Timeline.page([rest], limit: 10).entries.map(\.title) == ["activity-7", "move-1"])
        #expect(Timeline.page([rest], limit: 10).next == nil)
    }

    @Test func aCursorReadsBackWhatItWrites() {
        let cursor = TimelineCursor(on: CalendarDate("2026-02-28")!, source: .portrait, atMillis: 1_772_236_800_123, id: 42)
        #expect(TimelineCursor(cursor.description) == cursor)
        for bad in ["", "2026-02-30_move_1_1", "2026-02-28_gossip_1_1", "2026-02-28_move_x_1", "2026-02-28_move_1"] {
            #expect(TimelineCursor(bad) == nil, Comment(rawValue: bad))
        }
    }

    @Test func aMomentFallsOnTheDayOfTheAccountsZone() {
        // 2026-03-31 16:30 UTC is already 1 April in Tokyo and Seoul, still 31 March in Berlin.
        let moment = Date(timeIntervalSince1970: 1_774_974_600)
        #expect(Timeline.day(of: moment, in: TimeZone(identifier: "Asia/Tokyo")!) == CalendarDate("2026-04-01"))
        #expect(Timeline.day(of: moment, in: TimeZone(identifier: "Europe/Berlin")!) == CalendarDate("2026-03-31"))
        let start = Timeline.startMillis(of: CalendarDate("2026-04-01")!, in: TimeZone(identifier: "Asia/Tokyo")!)
        #expect(start == 1_774_969_200_000)
    }

    @Test func anActivityDraftNamesEveryProblem() {
        let draft = ActivityDraft(kind: .visit, occurredOn: nil, subject: "", theirParticipants: [1],
                                  followUps: [FollowUpDraft(title: "", ownerID: nil, dueOn: nil)],
                                  portraitUpdates: [PortraitUpdate(personID: 2, closeness: 0, recognition: 3, priceAcceptance: nil),
                                                    PortraitUpdate(personID: 1, closeness: 3, recognition: 3, priceAcceptance: 3),
                                                    PortraitUpdate(personID: 1, closeness: 3, recognition: 3, priceAcceptance: 3)])
        var fields: Set<String> = []
        do { try draft.validate() } catch { fields = Set(error.issues.map(\.field)) }
        #expect(fields == ["occurredOn", "subject", "followUps[0].title", "followUps[0].ownerID", "followUps[0].dueOn",
                           "portraitUpdates[0].personID", "portraitUpdates[0].closeness", "portraitUpdates[0].priceAcceptance",
                           "portraitUpdates[2].personID"])
    }

    @Test func theOwnerOfATaskMayChangeItWhateverTheirRole() {
        let executive = AccessPolicy(user: User(id: 5, username: "e", displayName: "E", role: .executive), subordinates: [])
        let reader = AccessPolicy(user: User(id: 6, username: "r", displayName: "R", role: .readOnly), subordinates: [])
        let director = AccessPolicy(user: User(id: 7, username: "d", displayName: "D", role: .salesDirector), subordinates: [8])
        let task = TaskItem(id: 1, title: "t", ownerID: 5, ownerName: "E", dueOn: CalendarDate("2026-12-01")!, status: .open, note: nil,
                            accountID: nil, accountName: nil, source: .manual, sourceID: nil, createdBy: 5, completedAt: nil, version: 1,
                            updatedAt: Date())
        #expect(executive.canChange(task, accountEditable: false))
        #expect(!reader.canView(task, accountVisible: false) && !reader.canSetPersonalTask(for: 6))
        #expect(director.canSetPersonalTask(for: 8) && !director.canSetPersonalTask(for: 9))
        #expect(task.isOverdue(today: CalendarDate("2026-12-02")!) && !task.isOverdue(today: CalendarDate("2026-12-01")!))
    }

    @Test func theStableStageNeedsChannelsAMeetingAndASponsor() {
        let today = CalendarDate("2026-12-02")!
        func stable(_ facts: LifecycleFacts) -> [String: Bool?] {
            let items = LifecycleChecklist.evaluate(facts, today: today).stages.first { $0.stage == .stable }?.items ?? []
            return Dictionary(uniqueKeysWithValues: items.map { ($0.key, $0.met) })
        }
        var facts = LifecycleFacts(status: .qualified, hasExecutiveSponsor: true, lastExecutiveMeeting: today.adding(days: -183),
                                   warmChannels: [.technical: 1, .management: 2, .complaint: 1])
        #expect(stable(facts).values.allSatisfy { $0 == true })
        #expect(!LifecycleChecklist.evaluate(facts, today: today).ready(for: .strengthening))
        facts.mutualPurchasingRecent = true
        facts.consultingRecent = true
        facts.seatHeld = true
        #expect(LifecycleChecklist.evaluate(facts, today: today).ready(for: .strengthening))
        facts.lastExecutiveMeeting = today.adding(days: -184)
        #expect(stable(facts)["executive_meeting"] == false && !LifecycleChecklist.evaluate(facts, today: today).ready(for: .stable))
        facts.warmChannels[.management] = 0
        #expect(stable(facts)["management_channel"] == false)
        let scenes = LifecycleChecklist.evaluate(LifecycleFacts(status: .none, openOpportunities: 1), today: today).scenes
        #expect(scenes.first { $0.scene == .orderWinning }?.items.first?.met == true)
        #expect(scenes.first { $0.scene == .acquisition }?.items.first?.met == false)
    }

    @Test func aChannelGoesColdAfterItsPatienceButAComplaintChannelNever() {
        let today = CalendarDate("2026-12-02")!
        #expect(CommunicationChannel.isCold(kind: .technical, active: true, lastContact: nil, coldAfterDays: 90, today: today))
        #expect(!CommunicationChannel.isCold(kind: .technical, active: true, lastContact: today.adding(days: -90), coldAfterDays: 90, today: today))
        #expect(CommunicationChannel.isCold(kind: .management, active: true, lastContact: today.adding(days: -91), coldAfterDays: 90, today: today))
        #expect(!CommunicationChannel.isCold(kind: .complaint, active: true, lastContact: nil, coldAfterDays: 90, today: today))
        #expect(!CommunicationChannel.isCold(kind: .technical, active: false, lastContact: nil, coldAfterDays: 90, today: today))
        var fields: Set<String> = []
        do { try ChannelDraft(kind: .technical, medium: "", coldAfterDays: 3).validate() } catch { fields = Set(error.issues.map(\.field)) }
        #expect(fields == ["ourUserID", "theirPersonID", "coldAfterDays"])
    }

    @Test func anIncidentClosesOnRootCauseAndAComplaintKeepsItsDeadlines() {
        func fields(_ body: () throws(ValidationFailure) -> Void) -> Set<String> {
            do { try body() } catch { return Set(error.issues.map(\.field)) }
            return []
        }
        let today = CalendarDate("2026-12-02")!
        var incident = IncidentDraft(title: "Outage", occurredOn: today, status: .closed)
        #expect(fields { () throws(ValidationFailure) in try incident.validate(today: today) } == ["responsibleParty", "rootCause"])
        incident.responsibleParty = .network
        incident.rootCause = "Switch firmware"
        #expect(fields { () throws(ValidationFailure) in try incident.validate(today: today) }.isEmpty)
        // Tomorrow in UTC may already be today in Tokyo; the day after is the future everywhere.
        incident.occurredOn = today.adding(days: 1)
        #expect(fields { () throws(ValidationFailure) in try incident.validate(today: today) }.isEmpty)
        incident.occurredOn = today.adding(days: 2)
        #expect(fields { () throws(ValidationFailure) in try incident.validate(today: today) } == ["occurredOn"])

        let complaint = ComplaintDraft(summary: "Slow", receivedOn: CalendarDate("2026-02-27")!).withDefaultDeadlines
        #expect(complaint.acknowledgeBy == CalendarDate("2026-02-28") && complaint.resolveBy == CalendarDate("2026-03-13"))
        let stored = Complaint(id: 1, accountID: 1, draft: complaint, channelMedium: nil, raisedByName: nil, today: CalendarDate("2026-03-01")!,
                               version: 1, updatedAt: Date())
        #expect(stored.acknowledgementLate && !stored.resolutionLate)
        var resolved = complaint
        resolved.resolvedOn = CalendarDate("2026-03-02")
        #expect(fields { () throws(ValidationFailure) in try resolved.validate(today: today) } == ["acknowledgedOn", "resolution"])
    }
}
