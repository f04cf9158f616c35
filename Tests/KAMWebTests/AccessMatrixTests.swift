import Foundation
import HTTPTypes
import HummingbirdTesting
import KAMCore
import KAMStore
import KAMTestSupport
@testable import KAMWeb
import SQLKit
import Testing

/// Every role × every relation to a record × every route of the product, API and pages alike,
/// generated from the two route tables: a route without a rule here does not compile. Each case
/// sends the real HTTP request and compares the status with the domain's role table (domain.md
/// §10), and a denied request must leave a hash of the affected rows (and the audit log) as it was.
@Suite("Access matrix")
struct AccessMatrixTests {
    enum Relation: String, CaseIterable, Sendable { case owner, teamRead, teamEdit, coverage, managerAbove, none }

    /// One principal: a user of `role` standing in `relation` to its own account and the records
    /// hanging off it, so cases never share mutable records.
    struct Fixture: Sendable {
        var role: Role
        var relation: Relation
        var user: User
        var cookie: String
        var csrf: String
        var account: AccountID
        var person: PersonID
        /// A colleague of `person` at the account, who sways them (`connection`).
        var secondPerson: PersonID
        var connection: ConnectionID
        /// A second connection, which the map page's remove button takes (the API deletes `connection`).
        var spareConnection: ConnectionID
        /// A placeholder at the account under `person`, swaying `secondPerson`, for replacing with `secondPerson`.
        var placeholder: PersonID
        var opportunity: OpportunityID
        var teamMember: TeamMemberID
        var coverage: CoverageID
        /// Pending for the decision cases; `ownRequest` (another expert) for withdrawing.
        var request: ExpertRequestID
        var ownRequest: ExpertRequestID
        /// Pre-sales requests at the account: queued (to assign), assigned to `presalesUser` (to complete), queued (to cancel).
        var presales: [PresalesRequestID]
        var presalesUser: User
        var salesTeam: SalesTeamID
        var model: TerritoryModelID
        var territory: TerritoryID
        var customField: Int64
        var other: User
        var expert: User
        var spareExpert: User
        var productLine: ProductLineID
        var product: ProductID
        var transaction: PurchaseTransactionID
        /// The "expand" strategy assigned to the account, owned by its owner.
        var assignment: StrategyAssignmentID
        /// A call logged at the account with `person` taking part.
        var activity: ActivityID
        /// A task at the account, owned by `other` (neither the principal nor the account's owner).
        var task: TaskID
        /// The account's complaint channel.
        var channel: ChannelID
        var incident: IncidentID
        var complaint: ComplaintID
        var mutualPurchase: MutualPurchaseID
        var engagement: EngagementID
        var seat: SeatID
        var n: Int
        /// A small opportunity at the account with two draft quotes (the API sends one, the page the other); two accepted
        /// quotes of another to make orders from; two orders of a third to draw contracts from.
        var smallOpportunity: OpportunityID = 0
        var draftQuotes: [SalesDocumentID] = []
        var acceptedQuotes: [SalesDocumentID] = []
        var orders: [SalesDocumentID] = []
        /// Two plans at the account (the API works on the first, the pages on the second) and a sales team's quota.
        var plans: [AccountPlanID] = []
        var quota: Int64 = 0
        /// A review held at the account (written straight into the table: the account is no key account).
        var evaluation: EvaluationID = 0
        /// A notification of `other`'s: personal, so nobody else may touch it, administrators included.
        var notification: Int64 = 0
        /// The watched tables' columns (`rowHash`).
        var columns: [String: [String]] = [:]
    }

    // MARK: The role table, stated independently of the implementation

    static func companyWide(_ f: Fixture) -> Bool { [.administrator, .executive, .readOnly].contains(f.role) }
    static func sees(_ f: Fixture) -> Bool { companyWide(f) || f.relation != .none }
    static func mayChange(_ f: Fixture) -> Bool { ![.executive, .readOnly].contains(f.role) }
    static func edits(_ f: Fixture) -> Bool {
        f.role == .administrator
            || (mayChange(f) && (f.relation == .owner || f.relation == .teamEdit || (f.role == .salesDirector && f.relation != .none)))
    }
    static func seesPresales(_ f: Fixture) -> Bool { sees(f) || f.role == .presales }
    static func shapes(_ f: Fixture) -> Bool { f.role == .administrator || f.role == .salesDirector }
    static func managesCoverage(_ f: Fixture) -> Bool { f.role == .administrator || (f.role == .salesDirector && edits(f)) }
    static func createsAccounts(_ f: Fixture) -> Bool { [.administrator, .salesDirector, .keyAccountManager, .salesperson].contains(f.role) }

    /// What a case expects: who may, and how a refusal looks.
    enum Rule: Sendable {
        case everyone
        case nobody
        /// Visible records: others get 404, never 403 (ids cannot be probed).
        case sees
        /// Editing a record: invisible → 404, visible but not editable → 403.
        case edits
        case managesCoverage
        case shapes
        case admin
        case createsAccounts
        case mayChange
        /// A list that must hold the principal's record exactly when they see it.
        case lists(String)
        case withdraws
        case editsExpertEntry
        /// Deciding an expert request: administrators here (the approver is someone else).
        case decides
        /// Restoring from the recycle bin: what is not in it (or not editable) is not found.
        case restores
        /// Creating a record at the account: refused as 403/404, or 422 naming the account field.
        case createsAtAccount
        /// An opportunity the caller owns, at an account they see (as Salesforce: read on the account suffices).
        case createsOwnOpportunity
        /// Pre-sales requests: pre-sales staff see what is waiting (names hidden off their accounts), others what they see.
        case seesPresales
        /// Taking (pre-sales, for themselves) or assigning (administrators, directors who see the account).
        case assignsPresales
        case completesPresales
        case cancelsPresales
        /// Recording a review at the fixture's account, which is no key account: those allowed pass
        /// the access check and are then refused for the account's status (409), others as for editing.
        case editsKeyAccountOnly
        /// Another user's personal record (a notification, a feed): not found for everyone.
        case othersOwn
        /// The yearly assessment: company-wide roles see it; administrators and executives decide.
        case companyWide, decidesAssessment

        func allows(_ f: Fixture) -> Bool {
            switch self {
            case .everyone, .lists: true
            case .nobody, .othersOwn: false
            case .sees: AccessMatrixTests.sees(f)
            case .edits: AccessMatrixTests.edits(f)
            case .managesCoverage: AccessMatrixTests.managesCoverage(f)
            case .shapes: AccessMatrixTests.shapes(f)
            case .admin: f.role == .administrator
            case .companyWide: [.administrator, .executive, .readOnly].contains(f.role)
            case .decidesAssessment: [.administrator, .executive].contains(f.role)
            case .createsAccounts: AccessMatrixTests.createsAccounts(f)
            case .mayChange: AccessMatrixTests.mayChange(f)
            case .withdraws: f.relation == .owner && AccessMatrixTests.mayChange(f)
            case .editsExpertEntry, .decides: f.role == .administrator
            case .restores, .createsAtAccount, .editsKeyAccountOnly: AccessMatrixTests.edits(f)
            case .createsOwnOpportunity: AccessMatrixTests.mayChange(f) && AccessMatrixTests.sees(f)
            case .seesPresales: AccessMatrixTests.seesPresales(f)
            case .assignsPresales: f.role == .administrator || f.role == .presales || (f.role == .salesDirector && AccessMatrixTests.sees(f))
            case .completesPresales: f.role == .administrator || (f.role == .salesDirector && AccessMatrixTests.sees(f))
            case .cancelsPresales: f.role == .administrator || (f.relation == .owner && AccessMatrixTests.mayChange(f))
            }
        }

        /// Refusals: invisible records answer 404 where the rule is about a record.
        func refusal(_ f: Fixture) -> Set<Int> {
            switch self {
            case .sees: [404]
            case .edits, .managesCoverage, .withdraws, .decides, .editsKeyAccountOnly: AccessMatrixTests.sees(f) ? [403] : [404]
            case .restores: [403, 404]
            case .seesPresales, .othersOwn: [404]
            case .assignsPresales, .cancelsPresales: AccessMatrixTests.seesPresales(f) ? [403] : [404]
            // The request to complete is assigned to someone else: pre-sales staff see it only through the account.
            case .completesPresales: AccessMatrixTests.sees(f) ? [403] : [404]
            case .createsAccounts, .mayChange, .createsAtAccount, .createsOwnOpportunity: [403, 404, 422]
            default: [403]
            }
        }
    }

    struct Case {
        var method: HTTPRequest.Method
        var path: String
        var json: [String: Any]? = nil
        var form: [(String, String)]? = nil
        /// A CSV body (`text/csv`), for imports.
        var csv: String? = nil
        /// The versioned row whose current version goes into If-Match (or the form's `_version`).
        var versionOf: (table: String, id: Int64)? = nil
        var rule: Rule
        /// Later phases run after earlier ones: deletes after edits, taking a pre-sales request (which
        /// puts a pre-sales principal on the team) after everything it would change, sign-out last.
        var phase = 0
    }

    // MARK: Running

    /// Half the roles each, so the two cores share four runs instead of waiting on PostgreSQL's alone.
    static func roles(half: Int) -> [Role] { Role.allCases.enumerated().filter { $0.offset % 2 == half }.map(\.element) }

    /// Roles that see the whole company never reach the per-relation scope SQL, the one part of the
    /// policy each engine runs differently; on PostgreSQL they are checked for the two extremes.
    static func relations(_ role: Role, _ engine: TestEngine) -> [Relation] {
        engine == .postgres && [.administrator, .executive, .readOnly].contains(role) ? [.owner, .none] : Relation.allCases
    }

    @Test(arguments: TestEngine.allCases, [0, 1])
    func everyRouteFollowsTheRoleTableForEveryRelation(_ engine: TestEngine, half: Int) async throws {
        try await WebHarness.run(engine) { web in
            let shared = try await Self.sharedUsers(web)
            let columns = try await Self.tableColumns(web)
            var counts = (allowed: 0, denied: 0)
            var failures: [String] = []
            var n = 0
            // Where the time goes, printed at the end: the matrix is the longest test of the suite.
            var timing = MatrixTiming()
            for role in Self.roles(half: half) {
                for relation in Self.relations(role, engine) {
                    n += 1
                    // API and pages each get a principal of their own, so one surface's writes never decide the other's.
                    for surface in ["api", "page"] {
                        let started = ContinuousClock.now
                        var f = try await Self.fixture(web, role: role, relation: relation, n: n * 2 + (surface == "api" ? 0 : 1), shared: shared)
                        f.columns = columns
                        timing.fixtures += ContinuousClock.now - started
                        let cases = surface == "api" ? APIOperation.allCases.map { ("api \($0.rawValue)", Self.apiCase($0, f)) }
                            : PageRoute.allCases.map { ("page \($0.rawValue)", Self.pageCase($0, f)) }
                        // The rows are hashed around the requests that must not change them (refusals and lists);
                        // an allowed write leaves the hash unknown until the next such request needs it.
                        var hash: String?
                        for (name, testCase) in cases.sorted(by: { $0.1.phase < $1.1.phase }) {
                            var watched = !testCase.rule.allows(f)
                            if case .lists = testCase.rule { watched = true }
                            let hashing = ContinuousClock.now
                            if watched, hash == nil { hash = try await Self.rowHash(web, f) }
                            timing.hashing += ContinuousClock.now - hashing
                            let (outcome, after) = try await Self.run(testCase, name: name, f, web, before: watched ? hash : nil, timing: &timing)
                            hash = after
                            if let failure = outcome.failure { failures.append("\(role.rawValue)/\(relation.rawValue) \(name): \(failure)") }
                            if outcome.allowed { counts.allowed += 1 } else { counts.denied += 1 }
                        }
                        print("access matrix [\(engine) \(half)] \(role.rawValue)/\(relation.rawValue) \(surface) done; " + timing.totals)
                    }
                }
            }
            print("access matrix [\(engine) \(half)]: \(counts.allowed + counts.denied) cases, \(counts.allowed) allowed, \(counts.denied) denied; "
                  + "\(APIOperation.allCases.count) API operations, \(PageRoute.allCases.count) page routes, "
                  + "roles \(Self.roles(half: half).map(\.rawValue).joined(separator: ", ")); " + timing.summary)
            #expect(failures == [], Comment(rawValue: "\(failures.count) failures:\n" + failures.prefix(60).joined(separator: "\n")))
            #expect(counts.denied > 500)
        }
    }

    struct Outcome { var allowed: Bool; var failure: String? }

    /// `before` is the rows' hash just before a request that must not change them (nil for an
    /// allowed one, which is not watched); the hash after it is handed back for the next.
    static func run(_ c: Case, name: String, _ f: Fixture, _ web: WebHarness, before: String?,
                    timing: inout MatrixTiming) async throws -> (Outcome, String?) {
        let sending = ContinuousClock.now
        var version: Int?
        if let target = c.versionOf {
            let key = ["expert_profiles": "user_id", "decision_chains": "opportunity_id"][target.table] ?? "id"
            version = try await web.store.database.read { db in
                // The scoring model's version is its newest revision.
                let sql: SQLQueryString = target.table == "scoring_model_revisions"
                    ? "SELECT max(revision) AS version FROM scoring_model_revisions"
                    // A company document's version is its newest revision, 0 while it is the standard.
                    : target.table.hasPrefix("company_documents:")
                    ? "SELECT COALESCE(max(revision), 0) AS version FROM company_documents WHERE kind = \(bind: String(target.table.dropFirst("company_documents:".count)))"
                    : "SELECT version FROM \(unsafeRaw: target.table) WHERE \(unsafeRaw: key) = \(bind: target.id)"
                return try await db.raw(sql).first()?.decode(column: "version", as: Int.self)
            }
        }
        let response: TestResponse
        let cookie = name == "page login" ? nil : f.cookie
        if var form = c.form {
            if let version { form.append(("_version", String(version))) }
            response = try await web.form(c.path, cookie: cookie, form)
        } else if let csv = c.csv {
            response = try await web.send(c.method, c.path, cookie: cookie, body: csv, contentType: "text/csv")
        } else {
            response = try await web.send(c.method, c.path, cookie: cookie, json: c.json,
                                          headers: version.map { [.ifMatch: "\"\($0)\""] } ?? [:])
        }
        let status = Int(response.status.code)
        timing.record(name, ContinuousClock.now - sending)
        let hashing = ContinuousClock.now
        let after: String? = before == nil ? nil : try await rowHash(web, f)
        timing.hashing += ContinuousClock.now - hashing
        let allowed = c.rule.allows(f)
        if case .lists(let marker) = c.rule {
            let present = response.text.contains(marker)
            var failure = status != 200 ? "status \(status)" : present == sees(f) ? nil : "record \(present ? "listed" : "missing")"
            if before != after { failure = (failure.map { $0 + "; " } ?? "") + "a list changed rows" }
            return (Outcome(allowed: sees(f), failure: failure), after)
        }
        if allowed {
            var ok = (200..<300).contains(status) || status == 303
            if case .editsKeyAccountOnly = c.rule {
                // The API names the code; the page says it in the principal's language.
                ok = status == 409 && (c.form != nil || response.text.contains("not_key_account"))
            }
            return (Outcome(allowed: true, failure: ok ? nil : "expected success, got \(status): \(response.text.prefix(160))"), after)
        }
        let refused = c.rule.refusal(f).contains(status)
        var failure: String?
        if !refused { failure = "expected \(c.rule.refusal(f).sorted()), got \(status)" }
        if let before, let after, before != after {
            failure = (failure.map { $0 + "; " } ?? "") + "a denied request changed rows: " + difference(before, after)
        }
        return (Outcome(allowed: false, failure: failure), after)
    }

    static func difference(_ before: String, _ after: String) -> String {
        let old = Set(before.split(separator: "\n")), new = Set(after.split(separator: "\n"))
        return "gone \(old.subtracting(new).map { $0.prefix(200) }), new \(new.subtracting(old).map { $0.prefix(200) })"
    }
}
