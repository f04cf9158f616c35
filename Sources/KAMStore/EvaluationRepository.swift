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
    /// The account's customer scores, oldest first: with `held`, its trend.
    public var scores: [ScorePoint]
}

public struct EvaluationRepository: Sendable {
    let database: KAMDatabase
    let now: @Sendable () -> Date

    /// Reviews due at the key accounts in `scope`, soonest (most overdue) first: the first `limit`
    /// of them, and how many there are in all.
    public func due(_ scope: ReviewScope, caller: Caller, states: Set<DueState> = Set(DueState.allCases),
                    limit: Int = Int.max) async throws -> (items: [ReviewDue], total: Int) {
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
            let kinds = Dictionary(uniqueKeysWithValues: EvaluationKind.allCases.enumerated().map { ($0.element, $0.offset) })
            // A whole portfolio is half a million reviews: each is ordered by one whole number (its
            // day, then where it was made: account, then kind), and only the ones sent are ordered
            // by account name within their day.
            var owed: [(account: Int, review: DueReview)] = [], keys: [Int64] = []
            owed.reserveCapacity(accounts.count * EvaluationKind.allCases.count)
            keys.reserveCapacity(owed.capacity)
            for (index, account) in accounts.enumerated() {
                for review in EvaluationCalendar.schedule(account.facts, cadences: cadences, investment: investment) where states.contains(review.state) {
                    keys.append(Int64(review.dueOn.daysSince1970 + 1 << 24) << 32 | Int64(owed.count))
                    owed.append((index, review))
                }
            }
            keys.sort()
            let items = keys.prefix(limit).map { key in
                let (index, review) = owed[Int(key & 0xFFFF_FFFF)]
                let account = accounts[index]
                return ReviewDue(accountID: review.accountID, accountName: account.name, accountClass: account.facts.accountClass,
                                 ownerID: account.ownerID, ownerName: account.ownerName, kind: review.kind, dueOn: review.dueOn,
                                 state: review.state, daysOverdue: review.daysOverdue)
            }
            let ordered = items.sorted { ($0.dueOn, $0.accountName, kinds[$0.kind]!) < ($1.dueOn, $1.accountName, kinds[$1.kind]!) }
            return (ordered, owed.count)
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
            let upcoming = try await Self.next(db, account, at: at)
            guard let owed = upcoming?.reviews.first(where: { $0.kind == input.kind }) else { throw StoreError.conflict(code: "not_key_account", field: nil) }
            if owed.dueOn != input.dueOn, !inputIssues.contains(where: { $0.field == "dueOn" || $0.field == "kind" }) {
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
            try await Self.applyConsequences(db, draft, account: account, evaluationID: id, caller: caller, at: at)
            try await Self.remember(db, account: accountID, draft.kind, HeldReview(dueOn: draft.dueOn, heldOn: draft.heldOn))
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

    struct KeyAccount: Sendable {
        var name: String
        var ownerID: UserID
        var ownerName: String
        var facts: EvaluationCalendar.AccountFacts
    }

    static func reviews(_ db: any SQLDatabase, _ account: Account, at moment: Date) async throws -> AccountReviews {
        let held = try await load(db, where: "e.account_id = \(account.id)")
        let upcoming = try await next(db, account, at: moment)
        return AccountReviews(accountID: account.id, keyAccountSince: upcoming?.since, next: upcoming?.reviews ?? [], held: held,
                              scores: try await Self.scores(db, account.id))
    }

    /// The next review of each kind at a key account (nil for any other), without reading the reviews held.
    static func next(_ db: any SQLDatabase, _ account: Account, at moment: Date) async throws -> (since: CalendarDate, reviews: [DueReview])? {
        guard let key = try await keyAccounts(db, where: "a.id = \(account.id)", at: moment).first else { return nil }
        let cadences = try await CompanyDocumentRepository.current(db, EvaluationCadences.self).document
        let investment = try await CompanyDocumentRepository.current(db, InvestmentStrategy.self).document
        return (key.facts.keyAccountSince, EvaluationCalendar.schedule(key.facts, cadences: cadences, investment: investment))
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
