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
    public var moves: [PortfolioPlacement] { accounts.filter(\.moves) }
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
    public func apply(reason: String, proposed: (rules: ClassificationRules, expectedRevision: Int)? = nil, caller: Caller,
                      inputIssues: [FieldIssue] = []) async throws -> ClassificationRun {
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
        return try await database.write { db in
            var revision = try await CompanyDocumentRepository.current(db, ClassificationRules.self)
            if let proposed, proposed.rules != revision.document || proposed.expectedRevision != revision.revision {
                revision = try await CompanyDocumentRepository.save(db, proposed.rules, expectedRevision: proposed.expectedRevision, at: at, caller: caller)
            }
            var run = try await Self.run(db, revision.document, revision: revision.revision, today: today, engine: engine, caller: caller)
            try await Self.record(db, run, reason: reason, at: at, caller: caller)
            run.applied = true
            return run
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
                SELECT a.id FROM accounts a WHERE a.deleted_at IS NULL AND a.status = 'qualified' AND \(scope)
                """)).all().map { try $0.int64("id") })
        }
        var shown: [PortfolioPlacement] = []
        for placement in result.placements where visible?.contains(placement.accountID) ?? true {
            let account = portfolio.accounts[placement.accountID]
            shown.append(PortfolioPlacement(accountID: placement.accountID, name: account?.name ?? "", currentClass: account?.currentClass,
                                            placement: placement))
        }
        return ClassificationRun(rules: rules, rulesRevision: revision, portfolioSize: result.placements.count,
                                 contributionCut: result.contributionCut, potentialCut: result.potentialCut,
                                 accounts: shown.sorted { ($0.name, $0.accountID) < ($1.name, $1.accountID) },
                                 hiddenAccounts: result.placements.count - shown.count, applied: false,
                                 reportingCurrency: try await CatalogueRepository.settings(db).reportingCurrency)
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
        for accountClass in AccountClass.allCases {
            let ids = moves.filter { $0.placement.accountClass == accountClass }.map(\.accountID)
            for start in stride(from: 0, to: ids.count, by: 500) {
                try await db.raw("""
                    UPDATE accounts SET account_class = \(bind: accountClass.rawValue), version = version + 1, updated_at = \(bind: millis),
                        updated_by = \(bind: caller.actor.userID) WHERE id IN \(unsafeRaw: inList(Array(ids[start..<min(start + 500, ids.count)])))
                    """).run()
            }
        }
        try await insertRows(db, into: "account_moves", columns: ["account_id", "field", "from_value", "to_value", "reason", "actor_id", "at"],
                             moves.map { [$0.accountID, TrackedAccountField.accountClass.rawValue, $0.currentClass?.rawValue ?? "",
                                          $0.placement.accountClass.rawValue, reason, caller.actor.userID, millis] })
        try await AuditLog.recordMany(db, caller, at: at, entity: "account", try moves.map { move in
            (move.accountID, "move.class", try JSONText.encode(ClassChange(accountClass: move.currentClass, rulesRevision: nil)),
             try JSONText.encode(ClassChange(accountClass: move.placement.accountClass, rulesRevision: run.rulesRevision)), move.accountID)
        })
    }
}
