import Foundation
import KAMCore
import SQLKit

/// A review owed at a key account, as "my reviews" lists it.
public struct ReviewDue: Sendable, Hashable, Codable {
    public var accountID: AccountID
    public var accountName: String
    public var accountClass: AccountClass?
    public var ownerID: UserID
    public var ownerName: String
    public var kind: EvaluationKind
    public var dueOn: CalendarDate
    public var state: DueState
    public var daysOverdue: Int
}

/// One account's review calendar: the next review of each kind and the reviews held.
public struct AccountReviews: Sendable, Hashable, Codable {
    public var accountID: AccountID
    /// nil when the account is not a key account: only key accounts are on the calendar.
    public var keyAccountSince: CalendarDate?
    public var next: [DueReview]
    public var held: [Evaluation]
}

public struct EvaluationRepository: Sendable {
    let database: KAMDatabase
    let now: @Sendable () -> Date

    /// Reviews due at the key accounts in `scope`, soonest (most overdue) first.
    public func due(_ scope: ReviewScope, caller: Caller, states: Set<DueState> = Set(DueState.allCases)) async throws -> [ReviewDue] {
        let moment = now()
        let today = Clock.today(moment)
        let accountScope: AccountScope = switch scope {
        case .mine: .tiedTo(caller.actor.userID.map { [$0] } ?? [])
        case .team: caller.policy.readScope
        }
        let condition = scopeCondition(accountScope, alias: "a", today: today, engine: database.engine) ?? "1 = 1"
        return try await database.read { db in
            let cadences = try await CompanyDocumentRepository.current(db, EvaluationCadences.self).document
            let investment = try await CompanyDocumentRepository.current(db, InvestmentStrategy.self).document
            let accounts = try await Self.keyAccounts(db, where: condition, at: moment)
            var due: [ReviewDue] = []
            for account in accounts {
                for review in EvaluationCalendar.schedule(account.facts, cadences: cadences, investment: investment) where states.contains(review.state) {
                    due.append(ReviewDue(accountID: account.facts.accountID, accountName: account.name, accountClass: account.facts.accountClass,
                                         ownerID: account.ownerID, ownerName: account.ownerName, kind: review.kind, dueOn: review.dueOn,
                                         state: review.state, daysOverdue: review.daysOverdue))
                }
            }
            return due.sorted { ($0.dueOn, $0.accountName, $0.kind.rawValue) < ($1.dueOn, $1.accountName, $1.kind.rawValue) }
        }
    }

    public func reviews(of accountID: AccountID, caller: Caller) async throws -> AccountReviews {
        let moment = now()
        return try await database.read { db in
            let account = try await StrategyRepository.visibleAccount(db, accountID, caller: caller)
            return try await Self.reviews(db, account, at: moment)
        }
    }

    public func get(_ id: EvaluationID, caller: Caller) async throws -> Evaluation {
        try await database.read { db in
            guard let evaluation = try await Self.load(db, where: "e.id = \(id)").first else { throw StoreError.notFound(entity: "evaluation", id: id) }
            _ = try await StrategyRepository.visibleAccount(db, evaluation.accountID, caller: caller, notFound: ("evaluation", id))
            return evaluation
        }
    }

    /// Records a held review: its actions become tasks, and a customer review that finds the
    /// account no longer qualifies moves its key-account status, in the same transaction.
    /// `heldToday`: the review was held today in the account's zone, whatever `heldOn` says.
    /// `inputIssues`, the problems found parsing the request, are reported with the rest.
    public func record(_ accountID: AccountID, _ input: EvaluationDraft, heldToday: Bool = false, caller: Caller,
                       inputIssues: [FieldIssue] = []) async throws -> Evaluation {
        let at = now()
        return try await database.write { db in
            let account = try await StrategyRepository.editableAccount(db, accountID, caller: caller)
            guard account.status == .qualified else { throw StoreError.conflict(code: "not_key_account", field: nil) }
            let current = try await Self.reviews(db, account, at: at)
            guard let owed = current.next.first(where: { $0.kind == input.kind }) else { throw StoreError.conflict(code: "not_key_account", field: nil) }
            if owed.dueOn != input.dueOn, !inputIssues.contains(where: { $0.field == "dueOn" }) {
                let held = try await db.raw("""
                    SELECT id FROM evaluations WHERE account_id = \(bind: accountID) AND kind = \(bind: input.kind.rawValue)
                    AND due_on = \(bind: input.dueOn.description)
                    """).first()
                if held != nil { throw StoreError.conflict(code: "already_held", field: "dueOn") }
                throw StoreError.validation(ValidationFailure([FieldIssue(field: "dueOn", code: "not_due", detail: owed.dueOn.description)]))
            }
            let today = EvaluationCalendar.today(at: at, in: TimeZone(identifier: account.timeZone) ?? .gmt)
            var draft = input
            if heldToday { draft.heldOn = today }
            var v = Validator()
            for issue in inputIssues { v.add(issue.field, issue.code, issue.detail) }
            do throws(ValidationFailure) { try draft.validate(today: today) } catch { for issue in error.issues { v.add(issue.field, issue.code, issue.detail) } }
            let active = Set(try await db.raw("SELECT id FROM users WHERE active = 1").all().map { try $0.int64("id") })
            for (index, user) in draft.participantIDs.enumerated() where !active.contains(user) { v.add("participantIDs[\(index)]", "unknown_user") }
            for (index, action) in draft.actions.enumerated() {
                if let owner = action.ownerID, !active.contains(owner) { v.add("actions[\(index)].ownerID", "unknown_user") }
            }
            try v.throwIfInvalid()
            draft.participantIDs = Array(Set(draft.participantIDs)).sorted()
            guard let row = try await db.raw("""
                INSERT INTO evaluations (account_id, kind, due_on, held_on, result, body, created_at, created_by, created_by_name)
                VALUES (\(bind: accountID), \(bind: draft.kind.rawValue), \(bind: draft.dueOn.description), \(bind: draft.heldOn.description),
                        \(bind: draft.result.rawValue), '{}', \(bind: Clock.millis(at)), \(bind: caller.actor.userID), \(bind: caller.actor.name))
                RETURNING id
                """).first() else { throw StoreError.conflict(code: "insert_failed", field: nil) }
            let id = try row.int64("id")
            for user in draft.participantIDs {
                try await db.raw("INSERT INTO evaluation_participants (evaluation_id, user_id) VALUES (\(bind: id), \(bind: user))").run()
            }
            for (index, action) in draft.actions.enumerated() {
                // An action without a date is due two weeks after the review: a task needs one.
                let due = action.dueOn ?? draft.heldOn.adding(days: 14)
                draft.actions[index].dueOn = due
                let task = TaskDraft(title: action.title, ownerID: action.ownerID, dueOn: due, note: draft.findings, accountID: accountID)
                let taskID = try await TaskRepository.insert(db, task, source: .evaluation, sourceID: id, caller: caller, at: at)
                _ = try await TaskRepository.created(db, taskID, caller: caller, at: at)
                draft.actions[index].taskID = taskID
            }
            try await db.raw("UPDATE evaluations SET body = \(bind: try JSONText.encode(draft)) WHERE id = \(bind: id)").run()
            if draft.result == .disqualified {
                let reason = "\(draft.kind.rawValue) review of \(draft.heldOn): " + String(draft.findings.prefix(200))
                _ = try await AccountRepository.applyMove(db, account, MoveRequest(field: .status, to: KeyAccountStatus.disqualified.rawValue,
                                                                                     reason: reason), caller: caller, at: at)
            }
            guard let made = try await Self.load(db, where: "e.id = \(id)").first else { throw StoreError.notFound(entity: "evaluation", id: id) }
            try await AuditLog.record(db, caller, at: at, entity: "evaluation", id: id, action: "create", before: Evaluation?.none, after: made,
                                      accountID: accountID)
            return made
        }
    }

    // MARK: Reading

    struct KeyAccount {
        var name: String
        var ownerID: UserID
        var ownerName: String
        var facts: EvaluationCalendar.AccountFacts
    }

    /// Key accounts matching `condition` (on accounts aliased `a`, built from ids only) with what
    /// the calendar needs: the day each became a key account in its zone, and the last review of
    /// each kind.
    static func keyAccounts(_ db: any SQLDatabase, where condition: String, at moment: Date) async throws -> [KeyAccount] {
        let rows = try await db.raw(SQLQueryString("""
            SELECT a.id, a.name, a.owner_id, u.display_name AS owner_name, a.account_class, a.time_zone, a.created_at,
                   (SELECT max(m.at) FROM account_moves m WHERE m.account_id = a.id AND m.field = 'status' AND m.to_value = 'qualified') AS since
            FROM accounts a JOIN users u ON u.id = a.owner_id
            WHERE a.deleted_at IS NULL AND a.status = 'qualified' AND \(condition)
            """)).all()
        let held = try await db.raw(SQLQueryString("""
            SELECT e.account_id, e.kind, e.due_on, e.held_on FROM evaluations e JOIN accounts a ON a.id = e.account_id
            WHERE a.deleted_at IS NULL AND a.status = 'qualified' AND \(condition)
              AND NOT EXISTS (SELECT 1 FROM evaluations l WHERE l.account_id = e.account_id AND l.kind = e.kind AND l.due_on > e.due_on)
            """)).all()
        var lastHeld: [AccountID: [EvaluationKind: HeldReview]] = [:]
        for row in held {
            guard let kind = EvaluationKind(rawValue: try row.string("kind")), let due = CalendarDate(try row.string("due_on")),
                  let heldOn = CalendarDate(try row.string("held_on")) else { continue }
            lastHeld[try row.int64("account_id"), default: [:]][kind] = HeldReview(dueOn: due, heldOn: heldOn)
        }
        var zones: [String: TimeZone] = [:]
        return try rows.map { row in
            let id = try row.int64("id"), zoneName = try row.string("time_zone")
            let zone = zones[zoneName] ?? TimeZone(identifier: zoneName) ?? .gmt
            zones[zoneName] = zone
            let since = try row.optionalInt64("since") ?? row.int64("created_at")
            let facts = EvaluationCalendar.AccountFacts(
                accountID: id, accountClass: try row.optionalString("account_class").flatMap(AccountClass.init(rawValue:)),
                keyAccountSince: EvaluationCalendar.today(at: Clock.date(since), in: zone), today: EvaluationCalendar.today(at: moment, in: zone),
                lastHeld: lastHeld[id] ?? [:])
            return KeyAccount(name: try row.string("name"), ownerID: try row.int64("owner_id"), ownerName: try row.string("owner_name"), facts: facts)
        }
    }

    static func reviews(_ db: any SQLDatabase, _ account: Account, at moment: Date) async throws -> AccountReviews {
        let held = try await load(db, where: "e.account_id = \(account.id)")
        guard let key = try await keyAccounts(db, where: "a.id = \(account.id)", at: moment).first else {
            return AccountReviews(accountID: account.id, keyAccountSince: nil, next: [], held: held)
        }
        let cadences = try await CompanyDocumentRepository.current(db, EvaluationCadences.self).document
        let investment = try await CompanyDocumentRepository.current(db, InvestmentStrategy.self).document
        return AccountReviews(accountID: account.id, keyAccountSince: key.facts.keyAccountSince,
                              next: EvaluationCalendar.schedule(key.facts, cadences: cadences, investment: investment), held: held)
    }

    /// Newest first. `condition` is built from ids only.
    static func load(_ db: any SQLDatabase, where condition: String) async throws -> [Evaluation] {
        try await db.raw(SQLQueryString("SELECT e.* FROM evaluations e WHERE \(condition) ORDER BY e.held_on DESC, e.id DESC")).all().map { row in
            let draft = try JSONText.decode(EvaluationDraft.self, try row.string("body"))
            return Evaluation(id: try row.int64("id"), accountID: try row.int64("account_id"), draft: draft, createdAt: try row.date("created_at"),
                              createdBy: try row.optionalInt64("created_by"), createdByName: try row.string("created_by_name"))
        }
    }
}
