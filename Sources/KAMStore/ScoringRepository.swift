import Foundation
import KAMCore
import SQLKit

/// A scorecard an account received, with what was typed and who scored it.
public struct AccountScore: Sendable, Hashable, Codable {
    public var id: Int64
    public var accountID: AccountID
    public var scorecard: Scorecard
    public var entered: [String: Int]
    public var note: String?
    public var scoredAt: Date
    public var scoredBy: String
}

/// The company's scoring model (every revision kept) and the accounts' scorecards.
public struct ScoringRepository: Sendable {
    let database: KAMDatabase
    let now: @Sendable () -> Date

    /// The current revision; a company that never edited its model gets the standard one as
    /// revision 1 the first time anyone asks.
    public func model() async throws -> ScoringModel {
        if let current = try await database.read({ db in try await Self.current(db) }) { return current }
        do {
            return try await database.write { db in
                if let current = try await Self.current(db) { return current }
                return try await Self.insert(db, .standard, revision: 1, at: now(), actor: Caller.system.actor)
            }
        } catch StoreError.conflict(code: "duplicate", _) {
            // Another request seeded it first.
            guard let current = try await database.read({ db in try await Self.current(db) }) else { throw StoreError.notFound(entity: "scoring_model", id: 1) }
            return current
        }
    }

    public func revisions() async throws -> [ScoringModel] {
        _ = try await model()
        return try await database.read { db in
            try await db.raw("SELECT * FROM scoring_model_revisions ORDER BY revision DESC").all().map(Self.decode)
        }
    }

    /// Saves an edited model as the next revision. `expectedRevision` is the revision the editor
    /// started from (If-Match): someone else's edit in between answers 412.
    public func saveModel(_ draft: ScoringModelDraft, expectedRevision: Int, caller: Caller, inputIssues: [FieldIssue] = []) async throws -> ScoringModel {
        guard caller.policy.isAdministrator else { throw StoreError.forbidden }
        do throws(ValidationFailure) { try draft.validate(known: inputIssues) } catch { throw StoreError.validation(error) }
        let current = try await model()
        let at = now()
        return try await database.write { db in
            guard let latest = try await Self.current(db), latest.revision == expectedRevision else {
                let found = try await Self.current(db) ?? current
                throw StoreError.versionConflict(currentVersion: found.revision, changedBy: found.createdBy, changedAt: found.createdAt)
            }
            let saved = try await Self.insert(db, draft, revision: latest.revision + 1, at: at, actor: caller.actor)
            try await AuditLog.record(db, caller, at: at, entity: "scoring_model", id: Int64(saved.revision), action: "revise",
                                      before: latest, after: saved, accountID: nil)
            return saved
        }
    }

    public func scores(of accountID: AccountID, caller: Caller) async throws -> [AccountScore] {
        try await database.read { db in
            guard let account = try await AccountRepository.load(db, accountID), account.deletedAt == nil, caller.policy.canView(account) else {
                throw StoreError.notFound(entity: "account", id: accountID)
            }
            return try await db.raw("SELECT * FROM account_scores WHERE account_id = \(bind: accountID) ORDER BY id DESC LIMIT 100").all()
                .map(Self.decodeScore)
        }
    }

    /// Scores an account under the current model: `entered` levels by indicator key, derived
    /// levels from its purchases (with its branches') and size.
    public func score(_ accountID: AccountID, entered: [String: Int], note: String?, caller: Caller,
                      inputIssues: [FieldIssue] = []) async throws -> AccountScore {
        let model = try await model()
        let at = now()
        return try await database.write { db in
            try await Self.score(db, accountID, model: model, entered: entered, note: note, at: at, caller: caller, inputIssues: inputIssues)
        }
    }

    /// Re-scores many accounts at once (the quarterly requalification): each keeps its latest
    /// entered levels for indicators the current model still has, its derived levels are
    /// recomputed. All or nothing: an account the caller may not score stops the batch. Read and
    /// written a batch at a time (a few statements, not a few per account).
    public func rescore(_ accountIDs: [AccountID], caller: Caller) async throws -> [AccountScore] {
        guard !accountIDs.isEmpty else { throw StoreError.validation(ValidationFailure([FieldIssue(field: "accountIDs", code: "required")])) }
        guard accountIDs.count <= 10_000 else {
            throw StoreError.validation(ValidationFailure([FieldIssue(field: "accountIDs", code: "too_long", detail: "10000")]))
        }
        let model = try await model()
        let at = now()
        let today = Clock.today(at)
        let enteredKeys = Set(model.indicators.filter { $0.source == .entered }.map(\.key))
        let ids = Set(accountIDs).sorted()
        return try await database.write { db in
            let accounts = try await AccountRepository.loadMany(db, ids)
            // The same answers as scoring one at a time: unseen is not found, seen but not editable is forbidden.
            for id in ids {
                guard let account = accounts[id], account.deletedAt == nil, caller.policy.canView(account) else {
                    throw StoreError.notFound(entity: "account", id: id)
                }
                guard caller.policy.mayEditAnything, caller.policy.canEdit(account) else { throw StoreError.forbidden }
            }
            let list = inList(ids)
            var latest: [AccountID: [String: Int]] = [:]
            for row in try await db.raw(SQLQueryString("""
                SELECT s.account_id, s.entered FROM account_scores s
                JOIN (SELECT account_id, MAX(id) AS id FROM account_scores WHERE account_id IN \(list) GROUP BY account_id) l ON l.id = s.id
                """)).all() {
                latest[try row.int64("account_id")] = try JSONText.decode([String: Int].self, try row.string("entered"))
            }
            var days: [AccountID: [CalendarDate]] = [:]
            for row in try await db.raw(SQLQueryString("""
                WITH RECURSIVE grp(root, id) AS (SELECT id, id FROM accounts WHERE id IN \(list)
                    UNION SELECT grp.root, a.id FROM accounts a JOIN grp ON a.parent_id = grp.id)
                SELECT grp.root AS root, t.day AS day FROM grp JOIN purchase_transactions t ON t.account_id = grp.id
                """)).all() {
                if let day = try row.calendarDate("day") { days[try row.int64("root"), default: []].append(day) }
            }
            var cards: [(AccountID, [String: Int], Scorecard)] = []
            for id in ids {
                let entered = (latest[id] ?? [:]).filter { enteredKeys.contains($0.key) }
                let derived = DerivedLevels(regularity: PurchaseRegularity.of(purchaseDays: days[id] ?? [], today: today), size: accounts[id]?.size ?? .medium)
                do throws(ValidationFailure) { cards.append((id, entered, try AccountScoring.score(model, entered: entered, derived: derived))) } catch {
                    throw StoreError.validation(error)
                }
            }
            let millis = Clock.millis(at)
            let inserted = try await insertRows(db, into: "account_scores", columns: [
                "account_id", "revision", "entered", "scorecard", "total", "qualifies", "note", "scored_at", "scored_by", "scored_by_name",
            ], try cards.map { id, entered, card in
                [id, model.revision, try JSONText.encode(entered), try JSONText.encode(card), card.total, card.qualifies ? 1 : 0, String?.none, millis,
                 caller.actor.userID, caller.actor.name]
            }, suffix: " RETURNING id, account_id")
            var scoreIDs: [AccountID: Int64] = [:]
            for row in inserted { scoreIDs[try row.int64("account_id")] = try row.int64("id") }
            let scores = cards.map { id, entered, card in
                AccountScore(id: scoreIDs[id] ?? 0, accountID: id, scorecard: card, entered: entered, note: nil, scoredAt: Clock.date(millis),
                             scoredBy: caller.actor.name)
            }
            try await AuditLog.recordMany(db, caller, at: at, entity: "account_score", try scores.map { score in
                (score.id, "score", nil, try JSONText.encode(score), score.accountID)
            })
            return scores
        }
    }

    static func score(_ db: any SQLDatabase, _ accountID: AccountID, model: ScoringModel, entered: [String: Int], note: String?, at: Date,
                      caller: Caller, inputIssues: [FieldIssue]) async throws -> AccountScore {
        guard let account = try await AccountRepository.load(db, accountID), account.deletedAt == nil, caller.policy.canView(account) else {
            throw StoreError.notFound(entity: "account", id: accountID)
        }
        guard caller.policy.mayEditAnything, caller.policy.canEdit(account) else { throw StoreError.forbidden }
        var v = Validator(known: inputIssues)
        v.text(note, "note", max: 2000)
        try v.throwIfInvalid()
        let days = try await db.raw("""
            SELECT day FROM purchase_transactions WHERE account_id IN \(unsafeRaw: PurchaseRepository.withBranches(accountID))
            """).all().compactMap { try $0.calendarDate("day") }
        let derived = DerivedLevels(regularity: PurchaseRegularity.of(purchaseDays: days, today: Clock.today(at)), size: account.size)
        let card: Scorecard
        do throws(ValidationFailure) { card = try AccountScoring.score(model, entered: entered, derived: derived) } catch {
            throw StoreError.validation(ValidationFailure(inputIssues + error.issues))
        }
        guard let row = try await db.raw("""
            INSERT INTO account_scores (account_id, revision, entered, scorecard, total, qualifies, note, scored_at, scored_by, scored_by_name)
            VALUES (\(bind: accountID), \(bind: model.revision), \(bind: try JSONText.encode(entered)), \(bind: try JSONText.encode(card)),
                    \(bind: card.total), \(bind: card.qualifies ? 1 : 0), \(bind: note), \(bind: Clock.millis(at)), \(bind: caller.actor.userID),
                    \(bind: caller.actor.name))
            RETURNING *
            """).first() else { throw StoreError.conflict(code: "insert_failed", field: nil) }
        let stored = try decodeScore(row)
        try await AuditLog.record(db, caller, at: at, entity: "account_score", id: stored.id, action: "score",
                                  before: AccountScore?.none, after: stored, accountID: accountID)
        return stored
    }

    static func current(_ db: any SQLDatabase) async throws -> ScoringModel? {
        try await db.raw("SELECT * FROM scoring_model_revisions ORDER BY revision DESC LIMIT 1").first().map(decode)
    }

    static func insert(_ db: any SQLDatabase, _ draft: ScoringModelDraft, revision: Int, at: Date, actor: Actor) async throws -> ScoringModel {
        try await db.raw("""
            INSERT INTO scoring_model_revisions (revision, name, threshold, indicators, created_at, created_by, created_by_name)
            VALUES (\(bind: revision), \(bind: draft.name), \(bind: draft.threshold), \(bind: try JSONText.encode(draft.indicators)),
                    \(bind: Clock.millis(at)), \(bind: actor.userID), \(bind: actor.name))
            """).run()
        return ScoringModel(revision: revision, draft: draft, createdAt: Clock.date(Clock.millis(at)), createdBy: actor.name)
    }

    static func decode(_ row: any SQLRow) throws -> ScoringModel {
        ScoringModel(revision: try row.int("revision"),
                     draft: ScoringModelDraft(name: try row.string("name"), indicators: try JSONText.decode([ScoringIndicator].self, try row.string("indicators")),
                                              threshold: try row.decode(column: "threshold", as: Double.self)),
                     createdAt: try row.date("created_at"), createdBy: try row.string("created_by_name"))
    }

    static func decodeScore(_ row: any SQLRow) throws -> AccountScore {
        AccountScore(id: try row.int64("id"), accountID: try row.int64("account_id"),
                     scorecard: try JSONText.decode(Scorecard.self, try row.string("scorecard")),
                     entered: try JSONText.decode([String: Int].self, try row.string("entered")), note: try row.optionalString("note"),
                     scoredAt: try row.date("scored_at"), scoredBy: try row.string("scored_by_name"))
    }
}
