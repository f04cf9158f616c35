import Foundation
import KAMCore
import SQLKit

/// Where an account stands in its lifecycle and what its scene and stage need, with the
/// communication channel matrix the stable stage asks for.
public struct AccountLifecycle: Sendable, Codable {
    public var accountID: AccountID
    public var scene: LifecycleScene
    public var stage: RelationshipStage
    public var checklist: LifecycleChecklist
    public var channels: [CommunicationChannel]
    public var lastExecutiveMeeting: CalendarDate?
}

public struct LifecycleRepository: Sendable {
    let database: KAMDatabase
    let now: @Sendable () -> Date

    public func lifecycle(of accountID: AccountID, caller: Caller) async throws -> AccountLifecycle {
        let today = Clock.today(now())
        return try await database.read { db in
            let account = try await StrategyRepository.visibleAccount(db, accountID, caller: caller)
            let channels = try await Self.channels(db, where: "c.account_id = \(accountID)", today: today)
            let facts = try await Self.facts(db, account, channels: channels, today: today)
            return AccountLifecycle(accountID: accountID, scene: account.scene, stage: account.stage,
                                    checklist: LifecycleChecklist.evaluate(facts, today: today), channels: channels,
                                    lastExecutiveMeeting: facts.lastExecutiveMeeting)
        }
    }

    /// The account's channels alone (what a complaint can come through), without the lifecycle's facts.
    public func channels(of accountID: AccountID, caller: Caller) async throws -> [CommunicationChannel] {
        let today = Clock.today(now())
        return try await database.read { db in
            _ = try await StrategyRepository.visibleAccount(db, accountID, caller: caller)
            return try await Self.channels(db, where: "c.account_id = \(accountID)", today: today)
        }
    }

    public func channel(_ id: ChannelID, caller: Caller) async throws -> CommunicationChannel {
        let today = Clock.today(now())
        return try await database.read { db in
            guard let found = try await Self.channels(db, where: "c.id = \(id)", today: today).first else {
                throw StoreError.notFound(entity: "channel", id: id)
            }
            _ = try await StrategyRepository.visibleAccount(db, found.accountID, caller: caller, notFound: ("channel", id))
            return found
        }
    }

    public func addChannel(at accountID: AccountID, _ draft: ChannelDraft, caller: Caller, inputIssues: [FieldIssue] = []) async throws
        -> CommunicationChannel {
        let at = now()
        return try await database.write { db in
            _ = try await StrategyRepository.editableAccount(db, accountID, caller: caller)
            try await Self.check(db, draft, account: accountID, inputIssues: inputIssues)
            guard let row = try await db.raw("""
                INSERT INTO communication_channels (account_id, kind, our_user_id, their_person_id, medium, note, cold_after_days, active, version,
                                                    created_at, updated_at, updated_by)
                VALUES (\(bind: accountID), \(bind: draft.kind.rawValue), \(bind: draft.ourUserID), \(bind: draft.theirPersonID),
                        \(bind: draft.medium), \(bind: draft.note), \(bind: Int64(draft.coldAfterDays)), \(bind: draft.active ? 1 : 0), 1,
                        \(bind: Clock.millis(at)), \(bind: Clock.millis(at)), \(bind: caller.actor.userID)) RETURNING id
                """).first() else { throw StoreError.conflict(code: "insert_failed", field: nil) }
            let id = try row.int64("id")
            guard let made = try await Self.channels(db, where: "c.id = \(id)", today: Clock.today(at)).first else {
                throw StoreError.notFound(entity: "channel", id: id)
            }
            try await AuditLog.record(db, caller, at: at, entity: "channel", id: id, action: "create", before: CommunicationChannel?.none,
                                      after: made, accountID: accountID)
            return made
        }
    }

    public func updateChannel(_ id: ChannelID, _ draft: ChannelDraft, expectedVersion: Int, caller: Caller, inputIssues: [FieldIssue] = [])
        async throws -> CommunicationChannel {
        let at = now()
        return try await database.write { db in
            guard let before = try await Self.channels(db, where: "c.id = \(id)", today: Clock.today(at)).first else {
                throw StoreError.notFound(entity: "channel", id: id)
            }
            _ = try await StrategyRepository.editableAccount(db, before.accountID, caller: caller, notFound: ("channel", id))
            // Switching off a channel whose people have gone must stay possible.
            try await Self.check(db, draft, account: before.accountID, inputIssues: inputIssues, kept: before)
            let updated = try await db.raw("""
                UPDATE communication_channels SET kind = \(bind: draft.kind.rawValue), our_user_id = \(bind: draft.ourUserID),
                    their_person_id = \(bind: draft.theirPersonID), medium = \(bind: draft.medium), note = \(bind: draft.note),
                    cold_after_days = \(bind: Int64(draft.coldAfterDays)), active = \(bind: draft.active ? 1 : 0), version = version + 1,
                    updated_at = \(bind: Clock.millis(at)), updated_by = \(bind: caller.actor.userID)
                WHERE id = \(bind: id) AND version = \(bind: expectedVersion) RETURNING id
                """).first()
            guard updated != nil else { throw try await versionConflict(db, table: "communication_channels", entity: "channel", id: id) }
            guard let after = try await Self.channels(db, where: "c.id = \(id)", today: Clock.today(at)).first else {
                throw StoreError.notFound(entity: "channel", id: id)
            }
            try await AuditLog.record(db, caller, at: at, entity: "channel", id: id, action: "update", before: before, after: after,
                                      accountID: before.accountID)
            return after
        }
    }

    static func check(_ db: any SQLDatabase, _ draft: ChannelDraft, account: AccountID, inputIssues: [FieldIssue], kept: CommunicationChannel? = nil)
        async throws {
        var v = Validator(known: inputIssues)
        do throws(ValidationFailure) { try draft.validate(known: inputIssues) } catch {
            for issue in error.issues where !inputIssues.contains(issue) { v.add(issue.field, issue.code, issue.detail) }
        }
        if let user = draft.ourUserID, user != kept?.ourUserID,
           try await db.raw("SELECT id FROM users WHERE id = \(bind: user) AND active = 1").first() == nil {
            v.add("ourUserID", "unknown_user")
        }
        if let person = draft.theirPersonID, person != kept?.theirPersonID, try await db.raw("""
            SELECT e.person_id FROM employments e JOIN key_persons p ON p.id = e.person_id
            WHERE e.person_id = \(bind: person) AND e.account_id = \(bind: account) AND p.deleted_at IS NULL
            """).first() == nil {
            v.add("theirPersonID", "not_of_account")
        }
        try v.throwIfInvalid()
    }

    static func facts(_ db: any SQLDatabase, _ account: Account, channels: [CommunicationChannel], today: CalendarDate) async throws -> LifecycleFacts {
        let id = account.id
        let day = today.description
        let roles = try await db.raw("""
            SELECT team_role FROM account_team_members WHERE account_id = \(bind: id) AND from_date <= \(bind: day)
            AND (to_date IS NULL OR to_date > \(bind: day))
            """).all().map { try $0.string("team_role") }
        let counts = try await db.raw("""
            SELECT (SELECT count(*) FROM opportunities o WHERE o.account_id = \(bind: id) AND o.deleted_at IS NULL
                    AND o.stage NOT IN ('won', 'lost')) AS open_deals,
                   (SELECT count(*) FROM opportunities o WHERE o.account_id = \(bind: id) AND o.deleted_at IS NULL AND o.stage = 'won') AS won_deals,
                   (SELECT count(*) FROM purchase_transactions t WHERE t.account_id = \(bind: id) AND t.day > \(bind: today.adding(days: -365).description)
                    AND t.day <= \(bind: day)) AS purchases,
                   (SELECT count(*) FROM activities a WHERE a.account_id = \(bind: id) AND a.occurred_on >= \(bind: today.adding(days: -91).description)
                    AND a.occurred_on <= \(bind: day)) AS recent_activities,
                   (SELECT max(a.occurred_on) FROM activities a WHERE a.account_id = \(bind: id) AND a.kind = 'executive_meeting'
                    AND a.occurred_on <= \(bind: day)) AS last_executive_meeting,
                   (SELECT count(*) FROM mutual_purchases m WHERE m.account_id = \(bind: id) AND m.year >= \(bind: Int64(today.year - 1))
                    AND m.year <= \(bind: Int64(today.year))) AS mutual_purchases,
                   (SELECT count(*) FROM consulting_engagements e WHERE e.account_id = \(bind: id) AND e.from_date <= \(bind: day)
                    AND (e.to_date IS NULL OR e.to_date >= \(bind: today.adding(days: -365).description))) AS engagements,
                   (SELECT count(*) FROM governance_seats s WHERE s.account_id = \(bind: id) AND s.from_date <= \(bind: day)
                    AND (s.to_date IS NULL OR s.to_date > \(bind: day))) AS seats
            """).first()
        var warm: [ChannelKind: Int] = [:]
        for channel in channels where channel.active && !channel.isCold { warm[channel.kind, default: 0] += 1 }
        return LifecycleFacts(status: account.status, teamMembers: roles.count,
                              hasCustomerLeadExpert: roles.contains(TeamRole.customerLeadExpert.rawValue),
                              hasExecutiveSponsor: roles.contains(TeamRole.executiveSponsor.rawValue),
                              openOpportunities: try counts?.int("open_deals") ?? 0, wonOpportunities: try counts?.int("won_deals") ?? 0,
                              purchasesLastYear: try counts?.int("purchases") ?? 0, activitiesLastQuarter: try counts?.int("recent_activities") ?? 0,
                              lastExecutiveMeeting: try counts?.calendarDate("last_executive_meeting"), warmChannels: warm,
                              mutualPurchasingRecent: try (counts?.int("mutual_purchases") ?? 0) > 0,
                              consultingRecent: try (counts?.int("engagements") ?? 0) > 0, seatHeld: try (counts?.int("seats") ?? 0) > 0)
    }

    /// `condition` is built from ids only. The last contact is the newest activity at the account
    /// that both ends of the channel took part in.
    static func channels(_ db: any SQLDatabase, where condition: String, today: CalendarDate) async throws -> [CommunicationChannel] {
        try await db.raw(SQLQueryString("""
            SELECT c.*, u.display_name AS our_user_name, p.family_name, p.given_name, p.family_reading, p.given_reading,
                   (SELECT max(a.occurred_on) FROM activity_participants ours
                    JOIN activity_participants theirs ON theirs.activity_id = ours.activity_id AND theirs.person_id = c.their_person_id
                    JOIN activities a ON a.id = ours.activity_id
                    WHERE ours.user_id = c.our_user_id AND a.account_id = c.account_id AND a.occurred_on <= '\(unsafeRaw: today.description)')
                   AS last_contact
            FROM communication_channels c JOIN users u ON u.id = c.our_user_id LEFT JOIN key_persons p ON p.id = c.their_person_id
            WHERE \(unsafeRaw: condition) ORDER BY c.kind, c.id
            """)).all().map { row in
            let draft = ChannelDraft(kind: try row.vocabulary("kind", as: ChannelKind.self), ourUserID: try row.int64("our_user_id"),
                                     theirPersonID: try row.optionalInt64("their_person_id"), medium: try row.string("medium"),
                                     note: try row.optionalString("note"), coldAfterDays: try row.int("cold_after_days"),
                                     active: try row.int64("active") != 0)
            let theirName = draft.theirPersonID == nil ? nil : try KeyPersonRepository.name(row)
            return CommunicationChannel(id: try row.int64("id"), accountID: try row.int64("account_id"), draft: draft,
                                        ourUserName: try row.string("our_user_name"), theirPersonName: theirName,
                                        lastContact: try row.calendarDate("last_contact"), today: today, version: try row.int("version"),
                                        updatedAt: try row.date("updated_at"))
        }
    }
}
