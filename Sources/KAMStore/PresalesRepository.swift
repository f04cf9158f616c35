import Foundation
import KAMCore
import SQLKit

/// Pre-sales requests (domain.md §6, the support line): asked for on an account, routed by tier,
/// queued, taken or assigned, and tracked to done. Pre-sales staff see the whole queue; everyone
/// else sees the requests of accounts they may see.
public struct PresalesRepository: Sendable {
    let database: KAMDatabase
    let now: @Sendable () -> Date

    public func create(on accountID: AccountID, _ draft: PresalesDraft, caller: Caller,
                       inputIssues: [FieldIssue] = []) async throws -> PresalesRequest {
        let at = now()
        return try await database.write { db in
            try await AccountTeamRepository.editableAccount(db, accountID, caller: caller)
            guard let account = try await AccountRepository.load(db, accountID) else { throw StoreError.notFound(entity: "account", id: accountID) }
            var v = Validator(known: inputIssues)
            draft.validate(into: &v)
            var deal: Money?
            if let opportunityID = draft.opportunityID {
                let row = try await db.raw("""
                    SELECT amount_minor, currency FROM opportunities WHERE id = \(bind: opportunityID) AND account_id = \(bind: accountID)
                    """).first()
                if let row { deal = Money(minorUnits: try row.int64("amount_minor"), currency: try row.string("currency")) } else {
                    v.add("opportunityID", "unknown_opportunity")
                }
            }
            try v.throwIfInvalid()
            // The class's investment strategy sets the queue of a classified key account.
            let classTier = try await (account.status == .qualified ? account.accountClass : nil).asyncMap { accountClass in
                try await CompanyDocumentRepository.current(db, InvestmentStrategy.self).document.rules(for: accountClass)?.presalesTier
            } ?? nil
            let tier = PresalesRouting.tier(status: account.status, classTier: classTier, deal: deal)
            let row = try await db.raw("""
                INSERT INTO presales_requests (account_id, opportunity_id, kind, tier, status, requested_by, note, requested_at, version,
                                               updated_at, updated_by)
                VALUES (\(bind: accountID), \(bind: draft.opportunityID), \(bind: draft.kind.rawValue), \(bind: tier.rawValue), 'queued',
                        \(bind: caller.actor.userID), \(bind: draft.note), \(bind: Clock.millis(at)), 1, \(bind: Clock.millis(at)),
                        \(bind: caller.actor.userID)) RETURNING id
                """).first()
            let id = try row?.int64("id") ?? 0
            guard let made = try await Self.rows(db, where: "r.id = \(id)").first else { throw StoreError.notFound(entity: "presales_request", id: id) }
            try await AuditLog.record(db, caller, at: at, entity: "presales_request", id: id, action: "create",
                                      before: PresalesRequest?.none, after: made, accountID: accountID)
            return made
        }
    }

    /// The queue as the caller may see it, tier first and longest waiting first; `status` narrows it.
    public func list(status: PresalesStatus? = nil, caller: Caller) async throws -> [PresalesRequest] {
        var conditions: [String] = []
        if let status { conditions.append("r.status = '\(status.rawValue)'") }
        if let scope = visibility(caller) { conditions.append(scope) }
        let condition = conditions.isEmpty ? "1 = 1" : conditions.joined(separator: " AND ")
        let shown = namesShown(caller)
        return try await database.read { db in try await Self.rows(db, where: condition, namesShownWhere: shown) }
    }

    public func get(_ id: PresalesRequestID, caller: Caller) async throws -> PresalesRequest {
        let (visibility, shown) = (visibility(caller), namesShown(caller))
        return try await database.read { db in try await Self.visible(db, id, visibility: visibility, namesShownWhere: shown) }
    }

    /// A pre-sales user takes a request (assigns themself); administrators and sales directors who
    /// see the account assign it to any pre-sales user. The assignee joins the account's team.
    public func assign(_ id: PresalesRequestID, to assignee: UserID, expectedVersion: Int, caller: Caller) async throws -> PresalesRequest {
        let at = now()
        let today = Clock.today(at)
        return try await database.write { db in
            let before = try await Self.visible(db, id, visibility: visibility(caller))
            let role = caller.policy.user.role
            let seesAccount = try await AccountRepository.load(db, before.accountID).map(caller.policy.canView) ?? false
            // Pre-sales staff take what is waiting (or keep what is theirs); they never take over a colleague's.
            let takes = role == .presales && assignee == caller.actor.userID && (before.status == .queued || before.assigneeID == assignee)
            let mayAssign = role == .administrator || takes || (role == .salesDirector && seesAccount)
            guard mayAssign else { throw StoreError.forbidden }
            guard before.status == .queued || before.status == .assigned else { throw StoreError.conflict(code: "request_closed", field: nil) }
            var v = Validator()
            let user = try await UserRepository.active(db, assignee)
            if user?.role != .presales { v.add("assigneeID", "not_presales") }
            try v.throwIfInvalid()
            let updated = try await db.raw("""
                UPDATE presales_requests SET status = 'assigned', assignee_id = \(bind: assignee), assigned_at = coalesce(assigned_at, \(bind: Clock.millis(at))),
                    version = version + 1, updated_at = \(bind: Clock.millis(at)), updated_by = \(bind: caller.actor.userID)
                WHERE id = \(bind: id) AND version = \(bind: expectedVersion) RETURNING id
                """).first()
            guard updated != nil else { throw try await versionConflict(db, table: "presales_requests", entity: "presales_request", id: id) }
            if before.assigneeID != assignee {
                try await Self.endMembership(db, id, at: at, caller: caller)
                let onTeam = try await currentTeam(db, account: before.accountID, today: today).access[assignee] != nil
                let owner = try await db.raw("SELECT owner_id FROM accounts WHERE id = \(bind: before.accountID)").first()?.int64("owner_id")
                if !onTeam && owner != assignee {
                    let draft = TeamMemberDraft(userID: assignee, role: .presales, access: .read, from: today)
                    try await AccountTeamRepository.check(draft, db: db, account: before.accountID, replacing: nil)
                    let member = try await AccountTeamRepository.insert(db, draft, account: before.accountID, at: at, caller: caller)
                    try await db.raw("UPDATE presales_requests SET team_member_id = \(bind: member.id) WHERE id = \(bind: id)").run()
                }
            }
            return try await Self.finish(db, id, before: before, action: "assign", at: at, caller: caller)
        }
    }

    /// The assignee (or an administrator, or a director who sees the account) marks it done; the
    /// requester (or an administrator) cancels it.
    public func close(_ id: PresalesRequestID, as status: PresalesStatus, expectedVersion: Int, caller: Caller) async throws -> PresalesRequest {
        let at = now()
        return try await database.write { db in
            let before = try await Self.visible(db, id, visibility: visibility(caller))
            let me = caller.actor.userID
            let role = caller.policy.user.role
            let seesAccount = try await AccountRepository.load(db, before.accountID).map(caller.policy.canView) ?? false
            let director = role == .salesDirector && seesAccount
            switch status {
            case .done:
                guard role == .administrator || director || (before.assigneeID != nil && before.assigneeID == me) else { throw StoreError.forbidden }
                guard before.status == .assigned else { throw StoreError.conflict(code: "request_not_assigned", field: nil) }
            case .cancelled:
                guard role == .administrator || before.requestedBy == me else { throw StoreError.forbidden }
                guard before.status == .queued || before.status == .assigned else { throw StoreError.conflict(code: "request_closed", field: nil) }
            case .queued, .assigned:
                throw StoreError.validation(ValidationFailure([FieldIssue(field: "status", code: "invalid_choice", detail: "done, cancelled")]))
            }
            let updated = try await db.raw("""
                UPDATE presales_requests SET status = \(bind: status.rawValue), done_at = \(bind: Clock.millis(at)), version = version + 1,
                    updated_at = \(bind: Clock.millis(at)), updated_by = \(bind: caller.actor.userID)
                WHERE id = \(bind: id) AND version = \(bind: expectedVersion) RETURNING id
                """).first()
            guard updated != nil else { throw try await versionConflict(db, table: "presales_requests", entity: "presales_request", id: id) }
            try await Self.endMembership(db, id, at: at, caller: caller)
            return try await Self.finish(db, id, before: before, action: status.rawValue, at: at, caller: caller)
        }
    }

    // MARK: -

    /// The team membership an assignment opened ends when the work does (or moves to someone
    /// else): pre-sales see an account while they work on it.
    static func endMembership(_ db: any SQLDatabase, _ id: PresalesRequestID, at: Date, caller: Caller) async throws {
        let today = Clock.today(at)
        guard let memberID = try await db.raw("SELECT team_member_id FROM presales_requests WHERE id = \(bind: id)").first()?
                .optionalInt64("team_member_id"),
              let member = try await AccountTeamRepository.member(db, memberID), member.isCurrent(on: today) else { return }
        try await db.raw("""
            UPDATE account_team_members SET to_date = \(bind: max(today, member.from).description), version = version + 1,
                updated_at = \(bind: Clock.millis(at)), updated_by = \(bind: caller.actor.userID) WHERE id = \(bind: memberID)
            """).run()
        try await db.raw("UPDATE presales_requests SET team_member_id = NULL WHERE id = \(bind: id)").run()
        if let after = try await AccountTeamRepository.member(db, memberID) {
            try await AuditLog.record(db, caller, at: at, entity: "account_team_member", id: memberID, action: "update",
                                      before: member, after: after, accountID: member.accountID)
        }
    }

    /// Company-wide roles see the whole queue; pre-sales staff what is waiting and what is theirs;
    /// others the requests they made and those of accounts they may see.
    func visibility(_ caller: Caller) -> String? {
        guard let scope = accountScope(caller) else { return nil }
        let me = caller.actor.userID ?? 0
        let presales = caller.policy.user.role == .presales ? " OR r.status = 'queued' OR r.assignee_id = \(me)" : ""
        return "(r.requested_by = \(me) OR \(scope)\(presales))"
    }

    /// Pre-sales staff read account names only where they may see the account.
    func namesShown(_ caller: Caller) -> String? {
        caller.policy.user.role == .presales ? accountScope(caller) : nil
    }

    func accountScope(_ caller: Caller) -> String? {
        scopeCondition(caller.policy.readScope, alias: "a", today: Clock.today(now()), engine: database.engine)
    }

    static func visible(_ db: any SQLDatabase, _ id: PresalesRequestID, visibility: String?,
                        namesShownWhere shown: String? = nil) async throws -> PresalesRequest {
        let condition = ["r.id = \(id)", visibility].compactMap { $0 }.joined(separator: " AND ")
        guard let found = try await rows(db, where: condition, namesShownWhere: shown).first else { throw StoreError.notFound(entity: "presales_request", id: id) }
        return found
    }

    static func finish(_ db: any SQLDatabase, _ id: PresalesRequestID, before: PresalesRequest, action: String, at: Date,
                       caller: Caller) async throws -> PresalesRequest {
        guard let after = try await rows(db, where: "r.id = \(id)").first else { throw StoreError.notFound(entity: "presales_request", id: id) }
        try await AuditLog.record(db, caller, at: at, entity: "presales_request", id: id, action: action, before: before, after: after,
                                  accountID: after.accountID)
        return after
    }

    /// `condition` is built by this type from integers, vocabulary values and the scope, never from user text.
    /// Where `namesShownWhere` does not hold (a pre-sales user outside the account), the account's
    /// name and the note stay hidden until they take the request.
    static func rows(_ db: any SQLDatabase, where condition: String, namesShownWhere shown: String? = nil) async throws -> [PresalesRequest] {
        let sql = """
            SELECT r.*, a.name AS account_name, q.display_name AS requester_name, s.display_name AS assignee_name,
                   CAST(CASE WHEN \(shown ?? "1 = 1") THEN 1 ELSE 0 END AS BIGINT) AS shown
            FROM presales_requests r JOIN accounts a ON a.id = r.account_id JOIN users q ON q.id = r.requested_by
            LEFT JOIN users s ON s.id = r.assignee_id
            WHERE a.deleted_at IS NULL AND \(condition) ORDER BY r.tier, r.requested_at, r.id LIMIT 1000
            """
        return try await db.raw(SQLQueryString(sql)).all().map { row in
            let shown = try row.int64("shown") != 0
            var request = PresalesRequest(id: try row.int64("id"), accountID: try row.int64("account_id"), accountName: try row.string("account_name"),
                            opportunityID: try row.optionalInt64("opportunity_id"), kind: try row.vocabulary("kind", as: PresalesKind.self),
                            tier: PresalesTier(rawValue: try row.int("tier")) ?? .three,
                            status: try row.vocabulary("status", as: PresalesStatus.self), requestedBy: try row.int64("requested_by"),
                            requestedByName: try row.string("requester_name"), assigneeID: try row.optionalInt64("assignee_id"),
                            assigneeName: try row.optionalString("assignee_name"), note: try row.optionalString("note"),
                            requestedAt: try row.date("requested_at"), assignedAt: try row.optionalDate("assigned_at"),
                            doneAt: try row.optionalDate("done_at"), version: try row.int("version"))
            if !shown {
                request.accountName = ""
                request.note = nil
            }
            return request
        }
    }
}
