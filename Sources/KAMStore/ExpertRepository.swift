import Foundation
import KAMCore
import SQLKit

/// The expert directory and the request flow that forms virtual teams (domain.md §6). The
/// directory is our own staff, readable by every signed-in user.
public struct ExpertRepository: Sendable {
    let database: KAMDatabase
    let now: @Sendable () -> Date

    public func search(_ query: ExpertSearch) async throws -> [ExpertMatch] {
        let today = Clock.today(now())
        return try await database.read { db in
            let profiles = try await Self.profiles(db, where: "1 = 1")
            let loads = try await Self.loads(db, profiles: profiles, today: today)
            return ExpertDirectory.search(query, profiles: profiles, loads: loads)
        }
    }

    public func profile(_ userID: UserID) async throws -> (profile: ExpertProfile, load: ExpertLoad) {
        let today = Clock.today(now())
        return try await database.read { db in
            guard let profile = try await Self.profiles(db, where: "p.user_id = \(userID)").first else {
                throw StoreError.notFound(entity: "expert", id: userID)
            }
            let load = try await Self.loads(db, profiles: [profile], today: today)[userID]
                ?? ExpertLoad(accounts: 0, committedHoursPerQuarter: 0, capacityHoursPerQuarter: profile.capacityHoursPerQuarter)
            return (profile, load)
        }
    }

    /// Creates or changes a directory entry: the expert themself, their manager or an administrator.
    /// `expectedVersion` is nil to create.
    public func saveProfile(_ userID: UserID, _ draft: ExpertProfileDraft, expectedVersion: Int?, caller: Caller,
                            inputIssues: [FieldIssue] = []) async throws -> ExpertProfile {
        let at = now()
        let draft = draft.normalised
        return try await database.write { db in
            guard let user = try await UserRepository.active(db, userID) else {
                throw StoreError.notFound(entity: "user", id: userID)
            }
            guard caller.policy.isAdministrator
                    || (caller.policy.mayEditAnything && (caller.actor.userID == userID || user.managerID == caller.actor.userID)) else {
                throw StoreError.forbidden
            }
            var v = Validator(known: inputIssues)
            draft.validate(into: &v)
            try v.throwIfInvalid()
            let before = try await Self.profiles(db, where: "p.user_id = \(userID)").first
            let skills = try JSONText.encode(draft.skills), industries = try JSONText.encode(draft.industries.map(\.rawValue))
            let languages = try JSONText.encode(draft.languages)
            switch (before, expectedVersion) {
            case (nil, _):
                try await db.raw("""
                    INSERT INTO expert_profiles (user_id, skills, industries, languages, seniority, capacity_hours, version, updated_at, updated_by)
                    VALUES (\(bind: userID), \(bind: skills), \(bind: industries), \(bind: languages), \(bind: draft.seniority.rawValue),
                            \(bind: draft.capacityHoursPerQuarter), 1, \(bind: Clock.millis(at)), \(bind: caller.actor.userID))
                    """).run()
            case (.some, let version?):
                let updated = try await db.raw("""
                    UPDATE expert_profiles SET skills = \(bind: skills), industries = \(bind: industries), languages = \(bind: languages),
                        seniority = \(bind: draft.seniority.rawValue), capacity_hours = \(bind: draft.capacityHoursPerQuarter),
                        version = version + 1, updated_at = \(bind: Clock.millis(at)), updated_by = \(bind: caller.actor.userID)
                    WHERE user_id = \(bind: userID) AND version = \(bind: version) RETURNING user_id
                    """).first()
                if updated == nil { throw try await versionConflict(db, table: "expert_profiles", key: "user_id", entity: "expert", id: userID) }
            case (.some, nil):
                throw try await versionConflict(db, table: "expert_profiles", key: "user_id", entity: "expert", id: userID)
            }
            guard let after = try await Self.profiles(db, where: "p.user_id = \(userID)").first else {
                throw StoreError.notFound(entity: "expert", id: userID)
            }
            try await AuditLog.record(db, caller, at: at, entity: "expert", id: userID, action: before == nil ? "create" : "update",
                                      before: before, after: after, accountID: nil)
            return after
        }
    }

    // MARK: - Requests

    /// A request for an expert on an account the caller may edit. It goes to the expert's manager;
    /// the answer carries a warning when accepting it would take the expert past 100%.
    public func request(on accountID: AccountID, _ draft: ExpertRequestDraft, caller: Caller,
                        inputIssues: [FieldIssue] = []) async throws -> (request: ExpertRequest, warnings: [FieldIssue]) {
        let at = now()
        let today = Clock.today(at)
        return try await database.write { db in
            try await AccountTeamRepository.editableAccount(db, accountID, caller: caller)
            var v = Validator(known: inputIssues)
            draft.validate(into: &v)
            let expert = try await UserRepository.active(db, draft.expertID)
            let profile = try await Self.profiles(db, where: "p.user_id = \(draft.expertID)").first
            if expert == nil || profile == nil { v.add("expertID", "unknown_expert") }
            let open = try await db.raw("""
                SELECT count(*) AS n FROM expert_requests WHERE account_id = \(bind: accountID) AND expert_id = \(bind: draft.expertID)
                  AND status = 'pending'
                """).first()?.int("n") ?? 0
            if open > 0 { v.add("expertID", "already_requested") }
            try v.throwIfInvalid()
            let row = try await db.raw("""
                INSERT INTO expert_requests (account_id, expert_id, requested_by, approver_id, hours_per_quarter, note, status, created_at, version)
                VALUES (\(bind: accountID), \(bind: draft.expertID), \(bind: caller.actor.userID), \(bind: expert?.managerID),
                        \(bind: draft.hoursPerQuarter), \(bind: draft.note), 'pending', \(bind: Clock.millis(at)), 1) RETURNING id
                """).first()
            let id = try row?.int64("id") ?? 0
            guard let request = try await Self.requests(db, where: "r.id = \(id)").first else { throw StoreError.notFound(entity: "expert_request", id: id) }
            try await AuditLog.record(db, caller, at: at, entity: "expert_request", id: id, action: "create",
                                      before: ExpertRequest?.none, after: request, accountID: accountID)
            let warnings = try await Self.capacityWarnings(db, expert: draft.expertID, adding: draft.hoursPerQuarter, today: today)
            return (request, warnings)
        }
    }

    /// Requests the caller made, those awaiting their decision, or those about them as the expert.
    public func requests(_ box: ExpertRequestBox, caller: Caller) async throws -> [ExpertRequest] {
        let me = caller.actor.userID ?? 0
        let condition = switch box {
        case .mine: "r.requested_by = \(me)"
        case .awaitingMe: caller.policy.isAdministrator
            ? "r.status = 'pending' AND (r.approver_id = \(me) OR r.approver_id IS NULL)"
            : "r.status = 'pending' AND r.approver_id = \(me)"
        case .aboutMe: "r.expert_id = \(me)"
        }
        return try await database.read { db in try await Self.requests(db, where: condition) }
    }

    /// Visible to who made it, who decides it, the expert, and anyone who may see the account.
    public func get(_ id: ExpertRequestID, caller: Caller) async throws -> ExpertRequest {
        try await database.read { db in try await Self.visibleRequest(db, id, caller: caller) }
    }

    /// Accepting adds the expert to the account's team (team role expert, read access, from today,
    /// the requested hours); declining records the reason. Only a pending request can be decided.
    public func decide(_ id: ExpertRequestID, _ decision: ExpertDecision, expectedVersion: Int, caller: Caller,
                       inputIssues: [FieldIssue] = []) async throws -> (request: ExpertRequest, warnings: [FieldIssue]) {
        let at = now()
        let today = Clock.today(at)
        return try await database.write { db in
            let before = try await Self.visibleRequest(db, id, caller: caller)
            guard before.mayDecide(caller.policy.user) || (before.approverID == nil && caller.policy.isAdministrator) else {
                throw StoreError.forbidden
            }
            guard before.status == .pending else { throw StoreError.conflict(code: "request_decided", field: nil) }
            guard before.version == expectedVersion else {
                throw try await versionConflict(db, table: "expert_requests", entity: "expert_request", id: id)
            }
            var v = Validator(known: inputIssues)
            decision.validate(into: &v)
            try v.throwIfInvalid()
            var memberID: TeamMemberID?
            var warnings: [FieldIssue] = []
            if decision.accept {
                warnings = try await Self.capacityWarnings(db, expert: before.expertID, adding: before.hoursPerQuarter, today: today)
                let draft = TeamMemberDraft(userID: before.expertID, role: .expert, access: .read, from: today,
                                            hoursPerQuarter: before.hoursPerQuarter)
                try await AccountTeamRepository.check(draft, db: db, account: before.accountID, replacing: nil)
                memberID = try await AccountTeamRepository.insert(db, draft, account: before.accountID, at: at, caller: caller).id
            }
            let decidedRow = try await db.raw("""
                UPDATE expert_requests SET status = \(bind: decision.accept ? "accepted" : "declined"), decision_reason = \(bind: decision.reason),
                    decided_by = \(bind: caller.actor.userID), decided_at = \(bind: Clock.millis(at)), team_member_id = \(bind: memberID),
                    version = version + 1
                WHERE id = \(bind: id) AND version = \(bind: expectedVersion) AND status = 'pending' RETURNING id
                """).first()
            // Someone decided at the same moment: everything this decision wrote is rolled back.
            if decidedRow == nil { throw try await versionConflict(db, table: "expert_requests", entity: "expert_request", id: id) }
            guard let after = try await Self.requests(db, where: "r.id = \(id)").first else { throw StoreError.notFound(entity: "expert_request", id: id) }
            try await AuditLog.record(db, caller, at: at, entity: "expert_request", id: id, action: decision.accept ? "accept" : "decline",
                                      before: before, after: after, accountID: before.accountID)
            return (after, warnings)
        }
    }

    /// The requester takes back a pending request.
    public func withdraw(_ id: ExpertRequestID, expectedVersion: Int, caller: Caller) async throws -> ExpertRequest {
        let at = now()
        return try await database.write { db in
            let before = try await Self.visibleRequest(db, id, caller: caller)
            guard before.requestedBy == caller.actor.userID else { throw StoreError.forbidden }
            guard before.status == .pending else { throw StoreError.conflict(code: "request_decided", field: nil) }
            let updated = try await db.raw("""
                UPDATE expert_requests SET status = 'withdrawn', decided_by = \(bind: caller.actor.userID), decided_at = \(bind: Clock.millis(at)),
                    version = version + 1 WHERE id = \(bind: id) AND version = \(bind: expectedVersion) RETURNING id
                """).first()
            guard updated != nil, let after = try await Self.requests(db, where: "r.id = \(id)").first else {
                throw try await versionConflict(db, table: "expert_requests", entity: "expert_request", id: id)
            }
            try await AuditLog.record(db, caller, at: at, entity: "expert_request", id: id, action: "withdraw",
                                      before: before, after: after, accountID: before.accountID)
            return after
        }
    }

    // MARK: -

    /// `condition` is built by this type from integers, never from user text.
    static func profiles(_ db: any SQLDatabase, where condition: String) async throws -> [ExpertProfile] {
        try await db.raw(SQLQueryString(String("""
            SELECT p.user_id, u.display_name, u.manager_id, p.skills, p.industries, p.languages, p.seniority, p.capacity_hours, p.version
            FROM expert_profiles p JOIN users u ON u.id = p.user_id WHERE u.active = 1 AND \(condition) ORDER BY u.display_name, u.id
            """))).all().map { row in
            ExpertProfile(userID: try row.int64("user_id"), name: try row.string("display_name"), managerID: try row.optionalInt64("manager_id"),
                          skills: try JSONText.decode([String].self, try row.string("skills")),
                          industries: try JSONText.decode([String].self, try row.string("industries")).compactMap(Industry.init(rawValue:)),
                          languages: try JSONText.decode([String].self, try row.string("languages")),
                          seniority: try row.vocabulary("seniority", as: Seniority.self),
                          capacityHoursPerQuarter: try row.int("capacity_hours"), version: try row.int("version"))
        }
    }

    /// Current memberships of each expert: accounts and hours a quarter.
    static func loads(_ db: any SQLDatabase, profiles: [ExpertProfile], today: CalendarDate) async throws -> [UserID: ExpertLoad] {
        guard !profiles.isEmpty else { return [:] }
        let rows = try await db.raw(SQLQueryString(String("""
            SELECT t.user_id, count(DISTINCT t.account_id) AS accounts, CAST(coalesce(sum(t.hours_per_quarter), 0) AS BIGINT) AS hours
            FROM account_team_members t JOIN accounts a ON a.id = t.account_id AND a.deleted_at IS NULL
            WHERE t.user_id IN \(inList(profiles.map(\.userID))) AND t.from_date <= '\(today)' AND (t.to_date IS NULL OR t.to_date > '\(today)')
            GROUP BY t.user_id
            """))).all()
        var committed: [UserID: (Int, Int)] = [:]
        for row in rows { committed[try row.int64("user_id")] = (try row.int("accounts"), try row.int("hours")) }
        return Dictionary(uniqueKeysWithValues: profiles.map { profile in
            let (accounts, hours) = committed[profile.userID] ?? (0, 0)
            return (profile.userID, ExpertLoad(accounts: accounts, committedHoursPerQuarter: hours,
                                               capacityHoursPerQuarter: profile.capacityHoursPerQuarter))
        })
    }

    /// A warning (not an error: over-allocation is allowed) when `adding` more hours takes the
    /// expert past their capacity.
    static func capacityWarnings(_ db: any SQLDatabase, expert: UserID, adding hours: Int, today: CalendarDate) async throws -> [FieldIssue] {
        guard let profile = try await profiles(db, where: "p.user_id = \(expert)").first,
              let load = try await loads(db, profiles: [profile], today: today)[expert] else { return [] }
        let after = load.adding(hours: hours)
        guard after.isOverAllocated else { return [] }
        return [FieldIssue(field: "hoursPerQuarter", code: "over_capacity",
                           detail: "\(after.percent)% (\(after.committedHoursPerQuarter)/\(after.capacityHoursPerQuarter) h)")]
    }

    static func visibleRequest(_ db: any SQLDatabase, _ id: ExpertRequestID, caller: Caller) async throws -> ExpertRequest {
        guard let request = try await requests(db, where: "r.id = \(id) AND a.deleted_at IS NULL").first else {
            throw StoreError.notFound(entity: "expert_request", id: id)
        }
        let me = caller.actor.userID
        if caller.policy.isAdministrator || [request.requestedBy, request.expertID, request.approverID].contains(me) { return request }
        guard let account = try await AccountRepository.load(db, request.accountID), account.deletedAt == nil,
              caller.policy.canView(account) else { throw StoreError.notFound(entity: "expert_request", id: id) }
        return request
    }

    static func requests(_ db: any SQLDatabase, where condition: String) async throws -> [ExpertRequest] {
        try await db.raw(SQLQueryString(String("""
            SELECT r.*, a.name AS account_name, e.display_name AS expert_name, q.display_name AS requester_name
            FROM expert_requests r JOIN accounts a ON a.id = r.account_id JOIN users e ON e.id = r.expert_id
            JOIN users q ON q.id = r.requested_by WHERE \(condition) ORDER BY r.created_at DESC, r.id DESC LIMIT 500
            """))).all().map { row in
            ExpertRequest(id: try row.int64("id"), accountID: try row.int64("account_id"), accountName: try row.string("account_name"),
                          expertID: try row.int64("expert_id"), expertName: try row.string("expert_name"),
                          requestedBy: try row.int64("requested_by"), requestedByName: try row.string("requester_name"),
                          approverID: try row.optionalInt64("approver_id"), hoursPerQuarter: try row.int("hours_per_quarter"),
                          note: try row.optionalString("note"), status: try row.vocabulary("status", as: ExpertRequestStatus.self),
                          decisionReason: try row.optionalString("decision_reason"), decidedBy: try row.optionalInt64("decided_by"),
                          teamMemberID: try row.optionalInt64("team_member_id"), createdAt: try row.date("created_at"),
                          decidedAt: try row.optionalDate("decided_at"), version: try row.int("version"))
        }
    }
}
