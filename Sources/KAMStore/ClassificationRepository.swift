import Foundation
import KAMCore
import SQLKit

/// One account on the portfolio: where the rules place it, and the class it has now.
public struct PortfolioPlacement: Sendable, Hashable, Codable {
    public var accountID: AccountID
    public var name: String
    public var currentClass: AccountClass?
    public var placement: ClassPlacement
    public var moves: Bool { currentClass != placement.accountClass }
}

/// A classification run, previewed or applied. Accounts the caller may not see count toward
/// the percentiles and cuts but are not listed (`hiddenAccounts` says how many).
public struct ClassificationRun: Sendable, Hashable, Codable {
    public var rules: ClassificationRules
    /// The stored revision the rules are, nil for a proposal not saved.
    public var rulesRevision: Int?
    public var portfolioSize: Int
    public var contributionCut: Double
    public var potentialCut: Double
    public var accounts: [PortfolioPlacement]
    public var hiddenAccounts: Int
    public var applied: Bool
    /// Money inputs are in minor units of this currency.
    public var reportingCurrency: String
    /// Classified accounts that are no longer key accounts: applying removes their class.
    public var leaving: [ClassRemoval]
    public var moves: [PortfolioPlacement] { accounts.filter(\.moves) }
}

/// An account that keeps a class from an earlier classification but is no longer a key account.
public struct ClassRemoval: Sendable, Hashable, Codable {
    public var accountID: AccountID
    public var name: String
    public var currentClass: AccountClass
}

/// What the last classification said about one account; all nil when it was never classified.
public struct StoredPlacement: Sendable, Hashable, Codable {
    public var accountID: AccountID
    public var placement: ClassPlacement?
    public var rulesRevision: Int?
    public var classifiedAt: Date?

    public init(accountID: AccountID, placement: ClassPlacement? = nil, rulesRevision: Int? = nil, classifiedAt: Date? = nil) {
        self.accountID = accountID
        self.placement = placement
        self.rulesRevision = rulesRevision
        self.classifiedAt = classifiedAt
    }
}

/// ABCD classification of the key accounts (status qualified): the rules as a company document,
/// each account's figures read from the store, placements previewed or applied as moves.
public struct ClassificationRepository: Sendable {
    let database: KAMDatabase
    let now: @Sendable () -> Date

    var documents: CompanyDocumentRepository { CompanyDocumentRepository(database: database, now: now) }

    /// The rules in force; saving them is `CompanyDocumentRepository.save` (or `apply` with new rules).
    public func rules() async throws -> Revised<ClassificationRules> { try await documents.current(ClassificationRules.self) }

    /// What `proposed` rules (the stored ones when nil) would do, without changing anything.
    public func preview(_ proposed: ClassificationRules?, caller: Caller, inputIssues: [FieldIssue] = []) async throws -> ClassificationRun {
        if let proposed { try CompanyDocumentRepository.check(proposed, inputIssues: inputIssues) }
        // The look-alike input compares every key account with every other: a cost only administrators may ask for.
        if let proposed, proposed.usesLookAlike, !caller.policy.isAdministrator { throw StoreError.forbidden }
        let today = Clock.today(now())
        let engine = database.engine
        return try await database.read { db in
            let stored = try await CompanyDocumentRepository.current(db, ClassificationRules.self)
            let rules = proposed ?? stored.document
            return try await Self.run(db, rules, revision: proposed == nil || proposed == stored.document ? stored.revision : nil,
                                      today: today, engine: engine, caller: caller)
        }
    }

    /// Classifies the portfolio under the stored rules (or saves `proposed` as the next revision
    /// first, in the same transaction) and moves every account whose class changes, each move
    /// with `reason`. Administrators only: the cuts run across every key account.
    /// `expectedRevision`: the rules revision the caller previewed (a newer one saved since answers 412).
    public func apply(reason: String, proposed: (rules: ClassificationRules, expectedRevision: Int)? = nil, expectedRevision: Int? = nil,
                      caller: Caller, inputIssues: [FieldIssue] = []) async throws -> ClassificationRun {
        guard caller.policy.isAdministrator else { throw StoreError.forbidden }
        var v = Validator(known: inputIssues)
        v.text(reason, "reason", required: true, max: 2000)
        if let proposed {
            do throws(ValidationFailure) { try proposed.rules.validate() } catch { for issue in error.issues { v.add(issue.field, issue.code, issue.detail) } }
        }
        try v.throwIfInvalid()
        let at = now()
        let today = Clock.today(at)
        let engine = database.engine
        do {
            return try await database.write { db in
            var revision = try await CompanyDocumentRepository.current(db, ClassificationRules.self)
            if let expectedRevision, expectedRevision != revision.revision {
                throw StoreError.versionConflict(currentVersion: revision.revision, changedBy: revision.createdBy, changedAt: revision.createdAt ?? at)
            }
            if let proposed, proposed.rules != revision.document || proposed.expectedRevision != revision.revision {
                revision = try await CompanyDocumentRepository.save(db, proposed.rules, expectedRevision: proposed.expectedRevision, at: at, caller: caller)
            }
            var run = try await Self.run(db, revision.document, revision: revision.revision, today: today, engine: engine, caller: caller)
            try await Self.record(db, run, reason: reason, at: at, caller: caller)
            run.applied = true
            return run
            }
        } catch StoreError.conflict(code: "duplicate", _) {
            // Another administrator saved rules from the same revision at the same moment.
            throw StoreError.versionConflict(currentVersion: (proposed?.expectedRevision ?? 0) + 1, changedBy: nil, changedAt: at)
        }
    }

    /// The last classification's explanation of one account.
    public func placement(of accountID: AccountID, caller: Caller) async throws -> StoredPlacement {
        try await database.read { db in
            guard let account = try await AccountRepository.load(db, accountID), account.deletedAt == nil, caller.policy.canView(account) else {
                throw StoreError.notFound(entity: "account", id: accountID)
            }
            return try await db.raw("SELECT * FROM account_placements WHERE account_id = \(bind: accountID)").first().map { row in
                StoredPlacement(accountID: accountID, placement: try JSONText.decode(ClassPlacement.self, try row.string("placement")),
                                rulesRevision: try row.int("rules_revision"), classifiedAt: try row.date("classified_at"))
            } ?? StoredPlacement(accountID: accountID)
        }
    }

    static func run(_ db: any SQLDatabase, _ rules: ClassificationRules, revision: Int?, today: CalendarDate, engine: DatabaseEngine,
                    caller: Caller) async throws
        -> ClassificationRun {
        let portfolio = try await PortfolioFigures.read(db, rules: rules, today: today)
        let result = Classification.classify(portfolio.figures, rules: rules)
        var visible: Set<AccountID>?
        if let scope = scopeCondition(caller.policy.readScope, alias: "a", today: today, engine: engine) {
            visible = Set(try await db.raw(SQLQueryString("""
                SELECT a.id FROM accounts a WHERE a.deleted_at IS NULL AND (a.status = 'qualified' OR a.account_class IS NOT NULL) AND \(scope)
                """)).all().map { try $0.int64("id") })
        }
        var shown: [PortfolioPlacement] = []
        for placement in result.placements where visible?.contains(placement.accountID) ?? true {
            let account = portfolio.accounts[placement.accountID]
            shown.append(PortfolioPlacement(accountID: placement.accountID, name: account?.name ?? "", currentClass: account?.currentClass,
                                            placement: placement))
        }
        var leaving: [ClassRemoval] = []
        for row in try await db.raw("""
            SELECT a.id, a.name, a.account_class FROM accounts a
            WHERE a.account_class IS NOT NULL AND a.status <> 'qualified' AND a.deleted_at IS NULL ORDER BY a.name, a.id
            """).all() {
            let id = try row.int64("id")
            guard visible?.contains(id) ?? true, let current = try row.optionalVocabulary("account_class", as: AccountClass.self) else { continue }
            leaving.append(ClassRemoval(accountID: id, name: try row.string("name"), currentClass: current))
        }
        return ClassificationRun(rules: rules, rulesRevision: revision, portfolioSize: result.placements.count,
                                 contributionCut: result.contributionCut, potentialCut: result.potentialCut,
                                 accounts: shown.sorted { ($0.name, $0.accountID) < ($1.name, $1.accountID) },
                                 hiddenAccounts: result.placements.count - shown.count, applied: false,
                                 reportingCurrency: try await CatalogueRepository.settings(db).reportingCurrency, leaving: leaving)
    }

    private struct ClassChange: Codable { var accountClass: AccountClass?; var rulesRevision: Int? }

    /// Each placement kept for the account's page; each change of class a move with the reason
    /// and an audit row. Written in batches: a first classification moves every key account.
    static func record(_ db: any SQLDatabase, _ run: ClassificationRun, reason: String, at: Date, caller: Caller) async throws {
        let millis = Clock.millis(at)
        try await insertRows(db, into: "account_placements", columns: ["account_id", "rules_revision", "placement", "classified_at"],
                             try run.accounts.map { [$0.accountID, run.rulesRevision ?? 0, try JSONText.encode($0.placement), millis] },
                             suffix: """
                                 ON CONFLICT (account_id) DO UPDATE SET rules_revision = excluded.rules_revision, placement = excluded.placement,
                                 classified_at = excluded.classified_at
                                """)
        let moves = run.moves
        // Each group of accounts moves from one class to another only if it still has the class the
        // run read: a manual move committed meanwhile (PostgreSQL reads committed data) stops the run.
        let groups = Dictionary(grouping: moves) { "\($0.currentClass?.rawValue ?? "")>\($0.placement.accountClass.rawValue)" }
        for (_, group) in groups.sorted(by: { $0.key < $1.key }) {
            let from = group[0].currentClass?.rawValue, to = group[0].placement.accountClass.rawValue
            for start in stride(from: 0, to: group.count, by: 500) {
                let ids = group[start..<min(start + 500, group.count)].map(\.accountID)
                let updated = try await db.raw("""
                    UPDATE accounts SET account_class = \(bind: to), version = version + 1, updated_at = \(bind: millis),
                        updated_by = \(bind: caller.actor.userID)
                    WHERE id IN \(unsafeRaw: inList(ids)) AND \(unsafeRaw: from.map { "account_class = '\($0)'" } ?? "account_class IS NULL")
                    RETURNING id
                    """).all()
                if updated.count != ids.count { throw StoreError.conflict(code: "classes_changed_meanwhile", field: nil) }
            }
        }
        for start in stride(from: 0, to: run.leaving.count, by: 500) {
            let ids = run.leaving[start..<min(start + 500, run.leaving.count)].map(\.accountID)
            try await db.raw("""
                UPDATE accounts SET account_class = NULL, version = version + 1, updated_at = \(bind: millis), updated_by = \(bind: caller.actor.userID)
                WHERE id IN \(unsafeRaw: inList(ids))
                """).run()
        }
        try await db.raw("DELETE FROM account_placements WHERE account_id IN \(unsafeRaw: inList(run.leaving.map(\.accountID)))").run()
        let changes: [(AccountID, AccountClass?, AccountClass?)] = moves.map { ($0.accountID, $0.currentClass, $0.placement.accountClass) }
            + run.leaving.map { ($0.accountID, $0.currentClass, nil) }
        try await insertRows(db, into: "account_moves", columns: ["account_id", "field", "from_value", "to_value", "reason", "actor_id", "at"],
                             changes.map { [$0.0, TrackedAccountField.accountClass.rawValue, $0.1?.rawValue ?? "", $0.2?.rawValue ?? "", reason,
                                            caller.actor.userID, millis] })
        try await AuditLog.recordMany(db, caller, at: at, entity: "account", try changes.map { id, from, to in
            (id, "move.class", try JSONText.encode(ClassChange(accountClass: from, rulesRevision: nil)),
             try JSONText.encode(ClassChange(accountClass: to, rulesRevision: run.rulesRevision)), id)
        })
    }
}
