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

        func allows(_ f: Fixture) -> Bool {
            switch self {
            case .everyone, .lists: true
            case .nobody: false
            case .sees: AccessMatrixTests.sees(f)
            case .edits: AccessMatrixTests.edits(f)
            case .managesCoverage: AccessMatrixTests.managesCoverage(f)
            case .shapes: AccessMatrixTests.shapes(f)
            case .admin: f.role == .administrator
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
            case .seesPresales: [404]
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

    // MARK: Rules per route

    static func apiCase(_ op: APIOperation, _ f: Fixture) -> Case {
        let a = f.account, today = "2026-01-01"
        let path = op.path.replacingOccurrences(of: "{id}", with: String(apiTarget(op, f)))
        switch op {
        case .signIn: return Case(method: .post, path: path, json: ["username": f.user.username, "password": TestCompany.password], rule: .everyone)
        case .signOut: return Case(method: .delete, path: path, rule: .everyone, phase: 10)
        case .currentSession, .listUsers, .getUser, .listCustomFields, .listSalesTeams, .getSalesTeam, .searchExperts, .getExpert,
             .listExpertRequests, .getCompanySettings, .listExchangeRates, .listProductLines, .listProducts, .getProduct,
             .latestPurchaseModel, .getScoringModel, .listScoringRevisions, .getClassificationRules, .listClassificationRevisions,
             .getInvestmentStrategy, .getStrategyLibrary:
            return Case(method: .get, path: path, rule: .everyone)
        // The fixtures' accounts are not key accounts: a preview shows nobody's, and applying moves none of them.
        case .previewClassification: return Case(method: .post, path: path, json: [:], rule: .everyone)
        case .applyClassification: return Case(method: .post, path: path, json: ["reason": "matrix \(f.n)"], rule: .admin)
        case .saveClassificationRules:
            return Case(method: .put, path: path, json: ClassificationAPITests.rules(), versionOf: ("company_documents:classification_rules", 0), rule: .admin)
        case .saveInvestmentStrategy:
            return Case(method: .put, path: path, json: StrategyAPITests.investment(), versionOf: ("company_documents:investment_strategy", 0), rule: .admin)
        case .saveStrategyLibrary:
            return Case(method: .put, path: path, json: ["strategies": [["key": "expand", "name": "Expand \(f.n)", "classes": ["A"],
                                                                         "tactics": [["key": "cross_sell", "name": "Cross-sell"]]]]],
                        versionOf: ("company_documents:strategy_library", 0), rule: .admin)
        case .accountPlacement, .accountStrategy, .getStrategyAssignment: return Case(method: .get, path: path, rule: .sees)
        case .assignStrategy: return Case(method: .post, path: path, json: ["strategyKey": "expand", "note": "matrix \(f.n)"], rule: .edits)
        case .updateStrategyAssignment:
            return Case(method: .patch, path: path, json: ["status": "active"], versionOf: ("account_strategies", f.assignment), rule: .edits)
        case .listActivities, .getActivity, .accountTimeline, .getTask: return Case(method: .get, path: path, rule: .sees)
        case .logActivity:
            return Case(method: .post, path: path, json: ["kind": "visit", "occurredOn": today, "subject": "Matrix \(f.n)",
                                                          "theirParticipants": [f.person]], rule: .edits)
        case .updateActivity:
            return Case(method: .patch, path: path, json: ["subject": "Edited \(f.n)"], versionOf: ("activities", f.activity), rule: .edits)
        // Filtered by the account: someone who cannot see it is told it is not there.
        case .listTasks: return Case(method: .get, path: path + "?account=\(a)", rule: .sees)
        case .createTask:
            return Case(method: .post, path: path, json: ["title": "Task \(f.n)", "dueOn": today, "accountID": a, "ownerID": f.other.id],
                        rule: .createsAtAccount)
        case .updateTask: return Case(method: .patch, path: path, json: ["status": "done"], versionOf: ("tasks", f.task), rule: .edits)
        case .accountLifecycle, .getChannel, .listIncidents, .getIncident, .listComplaints, .getComplaint:
            return Case(method: .get, path: path, rule: .sees)
        case .openIncident: return Case(method: .post, path: path, json: ["title": "Outage \(f.n)", "severity": "minor", "occurredOn": today], rule: .edits)
        case .updateIncident:
            return Case(method: .patch, path: path, json: ["status": "investigating"], versionOf: ("incidents", f.incident), rule: .edits)
        case .addIncidentEvent: return Case(method: .post, path: path, json: ["note": "Called the NOC \(f.n)"], rule: .edits)
        case .receiveComplaint: return Case(method: .post, path: path, json: ["summary": "Slow \(f.n)", "receivedOn": today], rule: .edits)
        case .updateComplaint:
            return Case(method: .patch, path: path, json: ["acknowledgedOn": "2026-01-02"], versionOf: ("complaints", f.complaint), rule: .edits)
        case .accountStrengthening, .getMutualPurchase, .getEngagement, .getSeat: return Case(method: .get, path: path, rule: .sees)
        case .addMutualPurchase:
            return Case(method: .post, path: path, json: ["year": 2025, "amount": ["minorUnits": 100, "currency": "USD"], "description": "Bought \(f.n)"],
                        rule: .edits)
        case .updateMutualPurchase:
            return Case(method: .patch, path: path, json: ["description": "Edited \(f.n)"], versionOf: ("mutual_purchases", f.mutualPurchase), rule: .edits)
        case .addEngagement:
            return Case(method: .post, path: path, json: ["title": "Advice \(f.n)", "leadUserID": f.other.id, "from": today], rule: .edits)
        case .updateEngagement:
            return Case(method: .patch, path: path, json: ["to": "2026-06-30"], versionOf: ("consulting_engagements", f.engagement), rule: .edits)
        case .addSeat: return Case(method: .post, path: path, json: ["body": "board", "holderUserID": f.other.id, "from": today], rule: .edits)
        case .updateSeat: return Case(method: .patch, path: path, json: ["note": "Edited \(f.n)"], versionOf: ("governance_seats", f.seat), rule: .edits)
        case .getSalesProcess, .listQuotas, .getQuota: return Case(method: .get, path: path, rule: .everyone)
        case .listPlans, .getPlan: return Case(method: .get, path: path, rule: .sees)
        case .comparePlan: return Case(method: .get, path: path + "?left=1&right=1", rule: .sees)
        case .createPlan:
            return Case(method: .post, path: path, json: ["title": "Matrix plan \(f.n)", "periodStart": "2027-01-01", "periodEnd": "2027-12-31"], rule: .edits)
        case .savePlan:
            return Case(method: .put, path: path, json: ["title": "Saved plan \(f.n)", "periodStart": "2026-01-01", "periodEnd": "2026-12-31",
                                                          "priorities": [["goal": "Matrix goal"]]],
                        versionOf: ("account_plans", f.plans.first ?? 0), rule: .edits)
        case .approvePlan: return Case(method: .post, path: path, versionOf: ("account_plans", f.plans.first ?? 0), rule: .managesCoverage)
        case .clonePlan: return Case(method: .post, path: path, rule: .edits)
        case .createQuota:
            return Case(method: .post, path: path, json: ["salesTeamID": f.salesTeam, "periodStart": "2027-01-01", "periodEnd": "2027-12-31",
                                                          "amount": ["minorUnits": 500_000, "currency": "USD"]], rule: .shapes)
        case .updateQuota:
            return Case(method: .patch, path: path, json: ["amount": ["minorUnits": 700_000, "currency": "USD"]], versionOf: ("quotas", f.quota), rule: .shapes)
        case .listSalesDocuments, .getSalesDocument: return Case(method: .get, path: path, rule: .sees)
        case .listReviews: return Case(method: .get, path: path + "?scope=team", rule: .everyone)
        case .accountReviews, .getEvaluation: return Case(method: .get, path: path, rule: .sees)
        case .recordEvaluation:
            return Case(method: .post, path: path, json: ["kind": "customer", "dueOn": "2026-04-01", "result": "qualified", "findings": "Matrix \(f.n)"],
                        rule: .editsKeyAccountOnly)
        case .getEvaluationCadences: return Case(method: .get, path: path, rule: .everyone)
        case .saveEvaluationCadences:
            return Case(method: .put, path: path, json: ["cadences": EvaluationKind.allCases.map { ["kind": $0.rawValue, "months": 6] }, "remindDaysBefore": 10],
                        versionOf: ("company_documents:evaluation_cadences", 0), rule: .admin)
        case .createQuote:
            return Case(method: .post, path: path, json: ["currency": "JPY", "lines": [["description": "Matrix part \(f.n)", "quantity": 1, "unitPriceMinor": 100]]],
                        rule: .edits)
        case .updateSalesDocument:
            return Case(method: .patch, path: path, json: ["status": "sent"], versionOf: ("sales_documents", (f.draftQuotes.first ?? 0)), rule: .edits)
        case .makeOrder: return Case(method: .post, path: path, versionOf: ("sales_documents", (f.acceptedQuotes.first ?? 0)), rule: .edits)
        case .makeContract: return Case(method: .post, path: path, versionOf: ("sales_documents", (f.orders.first ?? 0)), rule: .edits)
        case .saveSalesProcess:
            return Case(method: .put, path: path, json: MonetisationAPITests.processJSON(f.n), versionOf: ("company_documents:sales_process", 0),
                        rule: .admin)
        case .getPursuit: return Case(method: .get, path: path, rule: .sees)
        case .savePursuit:
            return Case(method: .put, path: path, json: ["competitors": [["name": "Rival \(f.n)"]], "closePlan": [["title": "Sign", "dueOn": today]]],
                        versionOf: ("opportunities", f.opportunity), rule: .edits)
        case .pipelineBoard: return Case(method: .get, path: path + "?account=\(a)", rule: .lists("\"id\":\(f.opportunity),"))
        // Amounts of accounts the caller cannot see are summed as nothing; the HTTP tests prove it.
        case .forecast: return Case(method: .get, path: path + "?account=\(a)", rule: .everyone)
        case .addChannel:
            return Case(method: .post, path: path, json: ["kind": "technical", "ourUserID": f.other.id, "theirPersonID": f.person, "medium": "Weekly"],
                        rule: .edits)
        case .updateChannel:
            return Case(method: .patch, path: path, json: ["medium": "Hotline \(f.n)"], versionOf: ("communication_channels", f.channel), rule: .edits)
        case .listAccounts: return Case(method: .get, path: path + "?q=Matrix%20Account%20\(f.n)", rule: .lists("\"id\":\(a),"))
        case .exportAccounts: return Case(method: .get, path: path, rule: .lists("Matrix Account \(f.n),"))
        case .listPersons: return Case(method: .get, path: path + "?account=\(a)", rule: .lists("\"id\":\(f.person),"))
        case .listOpportunities: return Case(method: .get, path: path + "?account=\(a)", rule: .lists("\"id\":\(f.opportunity),"))
        case .ironTriangleReport: return Case(method: .get, path: path, rule: .lists("\"accountID\":\(a),"))
        case .coverageMatrix: return Case(method: .get, path: path + "?limit=1000", rule: .lists("\"accountID\":\(a),"))
        case .getAccount, .listAccountMoves, .accountHistory, .accountTree, .listTeam, .getTeamMember, .getPerson, .portraitHistory,
             .getOpportunity, .listCoverage, .getCoverage, .getExpertRequest, .listConnections, .getConnection, .relationshipMap,
             .exportRelationshipMap, .getDecisionChain, .purchaseHistory, .getTransaction, .purchaseOutlook, .listAccountScores:
            return Case(method: .get, path: path, rule: .sees)
        case .fitPurchaseModels: return Case(method: .post, path: path, rule: .admin)
        case .scoreAccount: return Case(method: .post, path: path, json: ["note": "matrix \(f.n)"], rule: .edits)
        case .rescoreAccounts: return Case(method: .post, path: path, json: ["accountIDs": [a]], rule: .edits)
        case .saveScoringModel:
            return Case(method: .put, path: path, json: [
                "name": "Model \(f.n)", "threshold": 50,
                "indicators": [["key": "fit", "name": "Fit", "weight": 1, "levels": [["level": 1, "meaning": "low"], ["level": 2, "meaning": "high"]]]],
            ], versionOf: ("scoring_model_revisions", 0), rule: .admin)
        case .updateCompanySettings:
            return Case(method: .patch, path: path, json: ["reportingCurrency": "USD"], versionOf: ("company_settings", 1), rule: .admin)
        case .saveExchangeRate: return Case(method: .post, path: path, json: ["currency": "EUR", "day": today, "rate": "1.08"], rule: .admin)
        case .createProductLine: return Case(method: .post, path: path, json: ["code": "L\(f.n)", "name": "Line \(f.n)"], rule: .admin)
        case .createProduct:
            return Case(method: .post, path: path, json: ["lineID": f.productLine, "code": "P\(f.n)", "name": "Product \(f.n)"], rule: .admin)
        case .updateProduct: return Case(method: .patch, path: path, json: ["name": "Renamed \(f.n)"], versionOf: ("products", f.product), rule: .admin)
        case .createTransaction:
            return Case(method: .post, path: path, json: ["accountID": a, "date": today, "productID": f.product, "orderReference": "NEW-\(f.n)",
                                                          "amount": ["minorUnits": 1000, "currency": "USD"],
                                                          "margin": ["minorUnits": 300, "currency": "USD"]], rule: .createsAtAccount)
        case .importTransactions:
            return Case(method: .post, path: path, csv: "account_id,date,product,order_reference,currency,amount,margin\n\(a),\(today),MATRIX,IMP-\(f.n),USD,12.50,3\n",
                        rule: .createsAtAccount)
        case .bestPath: return Case(method: .get, path: path + "?from=\(f.secondPerson)&to=\(f.person)", rule: .sees)
        case .createConnection:
            return Case(method: .post, path: path, json: ["kind": "conflict", "fromPersonID": f.person, "toPersonID": f.secondPerson, "strength": 2],
                        rule: .createsAtAccount)
        case .updateConnection:
            return Case(method: .patch, path: path, json: ["strength": 5, "status": "verified"], versionOf: ("person_connections", f.connection),
                        rule: .edits)
        case .deleteConnection: return Case(method: .delete, path: path, versionOf: ("person_connections", f.connection), rule: .edits, phase: 4)
        case .saveDecisionChain:
            // The first save of a chain (no row yet, version 0) takes no If-Match.
            return Case(method: .put, path: path, json: ["entries": [["personID": f.person, "role": "decision_maker"]]],
                        versionOf: ("decision_chains", f.opportunity), rule: .edits)
        case .createAccount:
            return Case(method: .post, path: path, json: ["name": "New \(f.n)", "industry": "retail", "region": "korea", "ownerID": f.user.id],
                        rule: .createsAccounts)
        case .updateAccount: return Case(method: .patch, path: path, json: ["description": "edited"], versionOf: ("accounts", a), rule: .edits)
        case .moveAccount:
            return Case(method: .post, path: path, json: ["field": "stage", "to": "stable", "reason": "matrix"], versionOf: ("accounts", a), rule: .edits)
        case .deleteAccount: return Case(method: .delete, path: path, versionOf: ("accounts", a), rule: .edits, phase: 6)
        case .restoreAccount: return Case(method: .post, path: path, rule: .restores, phase: 7)
        case .addTeamMember:
            return Case(method: .post, path: path, json: ["userID": f.expert.id, "role": "expert", "access": "read", "from": today], rule: .edits)
        case .updateTeamMember:
            return Case(method: .patch, path: path, json: ["access": "edit"], versionOf: ("account_team_members", f.teamMember), rule: .edits)
        case .removeTeamMember: return Case(method: .delete, path: path, versionOf: ("account_team_members", f.teamMember), rule: .edits, phase: 4)
        case .createPerson:
            return Case(method: .post, path: path, json: ["name": ["family": "New", "given": "Person"], "employments": [["accountID": a]]],
                        rule: .createsAtAccount)
        case .updatePerson: return Case(method: .patch, path: path, json: ["email": "p@example.com"], versionOf: ("key_persons", f.person), rule: .edits)
        case .deletePerson: return Case(method: .delete, path: path, versionOf: ("key_persons", f.person), rule: .edits, phase: 4)
        case .restorePerson: return Case(method: .post, path: path, rule: .restores, phase: 5)
        case .replacePlaceholder:
            return Case(method: .post, path: path, json: ["personID": f.secondPerson], versionOf: ("key_persons", f.placeholder), rule: .edits,
                        phase: 3)
        case .assessPortrait:
            return Case(method: .post, path: path, json: ["closeness": 4, "recognition": 4, "priceAcceptance": 4, "evidence": "lunch"],
                        versionOf: ("key_persons", f.person), rule: .edits)
        case .createOpportunity:
            return Case(method: .post, path: path, json: ["name": "Deal \(f.n)", "accountID": a, "amount": ["minorUnits": 100, "currency": "EUR"]],
                        rule: .createsOwnOpportunity)
        case .updateOpportunity:
            return Case(method: .patch, path: path, json: ["name": "Renamed"], versionOf: ("opportunities", f.opportunity), rule: .edits)
        case .createCustomField:
            return Case(method: .post, path: path, json: ["key": "new_\(f.n)", "label": "New", "type": "text"], rule: .admin)
        case .deleteCustomField: return Case(method: .delete, path: path, rule: .admin, phase: 4)
        case .createUser:
            return Case(method: .post, path: path, json: ["username": "made\(f.n)", "displayName": "Made", "password": "long enough pw", "role": "salesperson"],
                        rule: .admin)
        case .updateUser: return Case(method: .patch, path: path, json: ["displayName": "Renamed"], versionOf: ("users", f.other.id), rule: .admin)
        case .createSalesTeam: return Case(method: .post, path: path, json: ["name": "Team \(f.n)"], rule: .shapes)
        case .updateSalesTeam: return Case(method: .patch, path: path, json: ["name": "Renamed"], versionOf: ("sales_teams", f.salesTeam), rule: .shapes)
        case .addCoverage: return Case(method: .post, path: path, json: ["line": "support", "userID": f.other.id], rule: .managesCoverage)
        case .updateCoverage:
            return Case(method: .patch, path: path, json: ["line": "industry"], versionOf: ("account_coverage", f.coverage), rule: .managesCoverage)
        case .removeCoverage: return Case(method: .delete, path: path, versionOf: ("account_coverage", f.coverage), rule: .managesCoverage, phase: 4)
        case .listTerritoryModels, .getTerritoryModel: return Case(method: .get, path: path, rule: .shapes)
        case .previewTerritoryModel: return Case(method: .get, path: path, rule: .admin)
        case .createTerritoryModel: return Case(method: .post, path: path, json: ["name": "Model \(f.n)"], rule: .admin)
        case .addTerritory: return Case(method: .post, path: path, json: ["name": "Sub", "line": "regional", "parentID": f.territory], rule: .admin)
        case .updateTerritory: return Case(method: .patch, path: path, json: ["name": "Renamed"], versionOf: ("territories", f.territory), rule: .admin)
        case .applyTerritoryModel: return Case(method: .post, path: path, versionOf: ("territory_models", f.model), rule: .admin, phase: 3)
        case .saveExpert:
            return Case(method: .put, path: path, json: ["capacityHoursPerQuarter": 200], versionOf: ("expert_profiles", f.expert.id), rule: .editsExpertEntry)
        case .createExpertRequest:
            return Case(method: .post, path: path, json: ["expertID": f.spareExpert.id, "hoursPerQuarter": 8], rule: .edits, phase: 2)
        case .decideExpertRequest:
            return Case(method: .post, path: path, json: ["accept": false, "reason": "no"], versionOf: ("expert_requests", f.request), rule: .decides, phase: 3)
        case .withdrawExpertRequest:
            return Case(method: .post, path: path, versionOf: ("expert_requests", f.ownRequest), rule: .withdraws, phase: 2)
        case .createPresalesRequest: return Case(method: .post, path: path, json: ["kind": "bid"], rule: .edits)
        case .listPresalesRequests: return Case(method: .get, path: path, rule: .everyone)
        case .getPresalesRequest: return Case(method: .get, path: path, rule: .seesPresales)
        case .assignPresalesRequest:
            return Case(method: .post, path: path, json: ["assigneeID": f.role == .presales ? f.user.id : f.presalesUser.id],
                        versionOf: ("presales_requests", f.presales[0]), rule: .assignsPresales, phase: 9)
        case .completePresalesRequest:
            return Case(method: .post, path: path, versionOf: ("presales_requests", f.presales[1]), rule: .completesPresales, phase: 8)
        case .cancelPresalesRequest:
            return Case(method: .post, path: path, versionOf: ("presales_requests", f.presales[2]), rule: .cancelsPresales, phase: 8)
        }
    }

    static func apiTarget(_ op: APIOperation, _ f: Fixture) -> Int64 {
        let path = op.path
        if path.hasPrefix("/api/v1/accounts/") { return f.account }
        if path.hasPrefix("/api/v1/team-members/") { return f.teamMember }
        if path.hasPrefix("/api/v1/key-persons/") { return op == .replacePlaceholder ? f.placeholder : f.person }
        if op == .createQuote || op == .listSalesDocuments { return f.smallOpportunity }
        if path.hasPrefix("/api/v1/plans/") { return f.plans.first ?? 0 }
        if path.hasPrefix("/api/v1/quotas/") { return f.quota }
        if path.hasPrefix("/api/v1/evaluations/") { return f.evaluation }
        if path.hasPrefix("/api/v1/sales-documents/") {
            return op == .makeOrder ? (f.acceptedQuotes.first ?? 0) : op == .makeContract ? (f.orders.first ?? 0) : (f.draftQuotes.first ?? 0)
        }
        if path.hasPrefix("/api/v1/opportunities/") { return f.opportunity }
        if path.hasPrefix("/api/v1/custom-fields/") { return f.customField }
        if path.hasPrefix("/api/v1/users/") { return f.other.id }
        if path.hasPrefix("/api/v1/sales-teams/") { return f.salesTeam }
        if path.hasPrefix("/api/v1/coverage/") { return f.coverage }
        if path.hasPrefix("/api/v1/connections/") { return f.connection }
        if path.hasPrefix("/api/v1/territory-models/") { return f.model }
        if path.hasPrefix("/api/v1/territories/") { return f.territory }
        if path.hasPrefix("/api/v1/experts/") { return f.expert.id }
        if path.hasPrefix("/api/v1/presales-requests/") {
            return op == .completePresalesRequest ? f.presales[1] : op == .cancelPresalesRequest ? f.presales[2] : f.presales[0]
        }
        if path.hasPrefix("/api/v1/expert-requests/") { return op == .withdrawExpertRequest ? f.ownRequest : f.request }
        if path.hasPrefix("/api/v1/products/") { return f.product }
        if path.hasPrefix("/api/v1/transactions/") { return f.transaction }
        if path.hasPrefix("/api/v1/strategy-assignments/") { return f.assignment }
        if path.hasPrefix("/api/v1/activities/") { return f.activity }
        if path.hasPrefix("/api/v1/tasks/") { return f.task }
        if path.hasPrefix("/api/v1/channels/") { return f.channel }
        if path.hasPrefix("/api/v1/incidents/") { return f.incident }
        if path.hasPrefix("/api/v1/complaints/") { return f.complaint }
        if path.hasPrefix("/api/v1/mutual-purchases/") { return f.mutualPurchase }
        if path.hasPrefix("/api/v1/consulting-engagements/") { return f.engagement }
        if path.hasPrefix("/api/v1/governance-seats/") { return f.seat }
        return 0
    }

    static func pageCase(_ route: PageRoute, _ f: Fixture) -> Case {
        let a = f.account
        let path = route.path.replacingOccurrences(of: ":id", with: String(pageTarget(route, f)))
        func post(_ fields: [(String, String)], _ rule: Rule, versionOf: (String, Int64)? = nil, phase: Int = 0) -> Case {
            Case(method: .post, path: path, form: [("_csrf", f.csrf)] + fields, versionOf: versionOf, rule: rule, phase: phase)
        }
        switch route {
        case .home, .stylesheet, .loginForm, .expertDirectory, .expertProfilePage, .expertRequestsPage, .salesTeamsPage:
            return Case(method: .get, path: path, rule: .everyone)
        case .login: return Case(method: .post, path: path, form: [("username", f.user.username), ("password", TestCompany.password)], rule: .nobody)
        case .logout: return post([], .everyone, phase: 10)
        case .setLanguage: return post([("language", "ja")], .everyone)
        case .accountList: return Case(method: .get, path: path + "?q=Matrix%20Account%20\(f.n)", rule: .lists("/accounts/\(a)\""))
        case .recycleBin: return Case(method: .get, path: path, rule: .everyone)
        case .personList: return Case(method: .get, path: path + "?account=\(a)", rule: .lists("/people/\(f.person)\""))
        case .opportunityList: return Case(method: .get, path: path + "?account=\(a)", rule: .lists("/opportunities/\(f.opportunity)\""))
        case .ironTriangleReport: return Case(method: .get, path: path, rule: .lists("/accounts/\(a)\""))
        case .coverageMatrixPage: return Case(method: .get, path: path + "?limit=1000", rule: .lists("/accounts/\(a)\""))
        case .accountPage, .personPage, .opportunityPage, .relationshipMapPage, .purchasesPage, .scorecardPage:
            return Case(method: .get, path: path, rule: .sees)
        case .scoreAccount: return post([("note", "page \(f.n)")], .edits)
        case .portfolioPage, .investmentPage, .strategyLibraryPage, .scoringModelPage: return Case(method: .get, path: path, rule: .everyone)
        case .saveScoringModel: return post(ScoringAPITests.modelForm(.standard), .admin, versionOf: ("scoring_model_revisions", 0))
        case .accountStrategyPage, .activitiesPage, .activityPage, .timelinePage: return Case(method: .get, path: path, rule: .sees)
        case .tasksPage: return Case(method: .get, path: path, rule: .everyone)
        case .logActivity: return post([("kind", "call"), ("occurredOn", "2026-01-03"), ("subject", "Page \(f.n)"), ("theirParticipants", String(f.person))], .edits)
        case .updateActivity:
            return post([("kind", "visit"), ("occurredOn", "2026-01-04"), ("subject", "Page edit \(f.n)")], .edits, versionOf: ("activities", f.activity))
        case .createTask:
            return post([("title", "Form task \(f.n)"), ("dueOn", "2026-02-01"), ("accountID", String(a)), ("ownerID", String(f.other.id))],
                        .createsAtAccount)
        case .updateTask: return post([("status", "cancelled")], .edits, versionOf: ("tasks", f.task))
        case .lifecyclePage, .incidentsPage, .incidentPage, .complaintsPage: return Case(method: .get, path: path, rule: .sees)
        case .openIncident: return post([("title", "Form outage \(f.n)"), ("severity", "major"), ("occurredOn", "2026-01-05")], .edits)
        case .updateIncident:
            return post([("title", "Outage"), ("severity", "critical"), ("occurredOn", "2026-01-05"), ("status", "resolved"),
                         ("responsibleParty", "network")], .edits, versionOf: ("incidents", f.incident))
        case .addIncidentEvent: return post([("note", "Form note \(f.n)")], .edits)
        case .receiveComplaint: return post([("summary", "Form complaint \(f.n)"), ("receivedOn", "2026-01-05")], .edits)
        case .updateComplaint: return post([("acknowledgedOn", "2026-01-03")], .edits, versionOf: ("complaints", f.complaint))
        case .strengtheningPage: return Case(method: .get, path: path, rule: .sees)
        case .pipelinePage: return Case(method: .get, path: path + "?account=\(a)", rule: .lists("/opportunities/\(f.opportunity)\""))
        case .salesProcessPage: return Case(method: .get, path: path, rule: .everyone)
        case .salesDocumentPage, .plansPage, .planPage, .planPrintPage, .planComparePage: return Case(method: .get, path: path, rule: .sees)
        case .quotasPage, .reviewsPage: return Case(method: .get, path: path, rule: .everyone)
        case .accountReviewsPage: return Case(method: .get, path: path, rule: .sees)
        case .recordReview:
            return post([("kind", "customer"), ("dueOn", "2026-04-01"), ("result", "qualified"), ("findings", "Form review \(f.n)")], .editsKeyAccountOnly)
        case .planEditPage: return Case(method: .get, path: path, rule: .edits)
        case .createPlan: return post([("title", "Form plan \(f.n)"), ("periodStart", "2027-01-01"), ("periodEnd", "2027-12-31")], .edits)
        case .savePlan:
            return post([("title", "Form saved plan"), ("periodStart", "2026-01-01"), ("periodEnd", "2026-12-31"), ("buyingUnits", "Plant IT")], .edits,
                        versionOf: ("account_plans", f.plans.last ?? 0))
        case .approvePlan: return post([], .managesCoverage, versionOf: ("account_plans", f.plans.last ?? 0))
        case .clonePlan: return post([], .edits)
        case .createQuota:
            return post([("salesTeamID", String(f.salesTeam)), ("periodStart", "2028-01-01"), ("periodEnd", "2028-12-31"), ("amount.decimal", "9000"),
                         ("amount.currency", "USD")], .shapes)
        case .createQuote:
            return post([("currency", "JPY"), ("lines[0].description", "Form part \(f.n)"), ("lines[0].quantity", "3"), ("lines[0].unitPrice", "250")],
                        .edits)
        case .updateSalesDocument: return post([("status", "sent")], .edits, versionOf: ("sales_documents", (f.draftQuotes.last ?? 0)))
        case .orderFromQuote: return post([], .edits, versionOf: ("sales_documents", (f.acceptedQuotes.last ?? 0)))
        case .contractFromOrder: return post([], .edits, versionOf: ("sales_documents", (f.orders.last ?? 0)))
        case .saveSalesProcess: return post(MonetisationAPITests.processForm(f.n), .admin, versionOf: ("company_documents:sales_process", 0))
        case .moveOpportunityStage:
            return post([("stage", "qualification"), ("stageReason", "matrix \(f.n)")], .edits, versionOf: ("opportunities", f.opportunity))
        case .saveOpportunityPursuit:
            return post([("competitors[0].name", "Form rival \(f.n)"), ("metCriteria", "prospecting.need_confirmed")], .edits,
                        versionOf: ("opportunities", f.opportunity))
        case .addMutualPurchase:
            return post([("year", "2025"), ("amount.decimal", "12.5"), ("amount.currency", "USD"), ("description", "Form bought \(f.n)")], .edits)
        case .addEngagement: return post([("title", "Form advice \(f.n)"), ("leadUserID", String(f.other.id)), ("from", "2026-01-05")], .edits)
        case .addSeat: return post([("body", "advisory_board"), ("holderUserID", String(f.other.id)), ("from", "2026-01-05")], .edits)
        case .addChannel: return post([("kind", "management"), ("ourUserID", String(f.other.id)), ("theirPersonID", String(f.person)),
                                       ("medium", "Monthly"), ("coldAfterDays", "60")], .edits)
        case .updateChannel: return post([("active", "false")], .edits, versionOf: ("communication_channels", f.channel))
        case .applyClassification:
            return post(PortfolioQuery.standard.sorted { $0.key < $1.key } + [("reason", "page \(f.n)")], .admin,
                        versionOf: ("company_documents:classification_rules", 0))
        case .saveInvestment:
            var fields: [(String, String)] = []
            for (index, row) in (StrategyAPITests.investment()["classes"] as? [[String: Any]] ?? []).enumerated() {
                for (key, value) in row.sorted(by: { $0.key < $1.key }) { fields.append(("classes[\(index)].\(key)", "\(value)")) }
            }
            return post(fields, .admin, versionOf: ("company_documents:investment_strategy", 0))
        case .assignStrategy: return post([("strategyKey", "expand"), ("note", "page \(f.n)")], .edits)
        case .updateStrategyAssignment: return post([("status", "done")], .edits, versionOf: ("account_strategies", f.assignment))
        case .rescoreAccounts: return post([("account", String(a))], .edits)
        case .editAccountForm, .editPersonForm, .editOpportunityForm: return Case(method: .get, path: path, rule: .edits)
        case .newAccountForm: return Case(method: .get, path: path, rule: .createsAccounts)
        case .newPersonForm, .newOpportunityForm: return Case(method: .get, path: path, rule: .mayChange)
        case .customFieldsPage, .usersPage: return Case(method: .get, path: path, rule: .admin)
        case .territoryModelsPage, .territoryModelPage: return Case(method: .get, path: path, rule: .shapes)
        case .createAccount:
            return post([("name", "Page \(f.n)"), ("industry", "retail"), ("region", "china"), ("ownerID", String(f.user.id))], .createsAccounts)
        case .updateAccount: return post([("description", "from the page")], .edits, versionOf: ("accounts", a))
        case .moveAccount: return post([("field", "scene"), ("to", "delivery_and_service"), ("reason", "page")], .edits, versionOf: ("accounts", a))
        case .deleteAccount: return post([], .edits, versionOf: ("accounts", a), phase: 6)
        case .restoreAccount: return post([], .restores, phase: 7)
        case .addTeamMember:
            return post([("userID", String(f.expert.id)), ("role", "expert"), ("access", "read"), ("from", "2026-01-01")], .edits)
        case .endTeamMember: return post([], .edits, versionOf: ("account_team_members", f.teamMember))
        case .addCoverage: return post([("line", "support"), ("userID", String(f.other.id)), ("from", "2026-01-01")], .managesCoverage)
        case .endCoverage: return post([], .managesCoverage, versionOf: ("account_coverage", f.coverage))
        case .requestExpert: return post([("expertID", String(f.spareExpert.id)), ("hoursPerQuarter", "6")], .edits, phase: 2)
        case .createPerson:
            return post([("name.family", "Form"), ("name.given", "Person"), ("employments[0].accountID", String(a))], .createsAtAccount)
        case .updatePerson:
            return post([("name.family", "Key"), ("name.given", "Person"), ("email", "page@example.com"), ("employments[0].accountID", String(a))],
                        .edits, versionOf: ("key_persons", f.person))
        case .assessPortrait:
            return post([("closeness", "2"), ("recognition", "2"), ("priceAcceptance", "2"), ("evidence", "call")], .edits,
                        versionOf: ("key_persons", f.person))
        case .deletePerson: return post([], .edits, versionOf: ("key_persons", f.person), phase: 4)
        case .restorePerson: return post([], .restores, phase: 5)
        case .replacePlaceholder: return post([("personID", String(f.secondPerson))], .edits, versionOf: ("key_persons", f.placeholder), phase: 3)
        case .createOpportunity:
            return post([("name", "Form deal"), ("accountID", String(a)), ("amount.minorUnits", "500"), ("amount.currency", "JPY")], .createsOwnOpportunity)
        case .updateOpportunity: return post([("name", "Form renamed")], .edits, versionOf: ("opportunities", f.opportunity))
        case .saveChainEntry:
            return post([("personID", String(f.secondPerson)), ("role", "coach"), ("current.closeness", "3"), ("current.recognition", "2"),
                         ("current.priceAcceptance", "4")], .edits, versionOf: ("decision_chains", f.opportunity))
        case .removeChainEntry:
            return post([("personID", String(f.secondPerson))], .edits, versionOf: ("decision_chains", f.opportunity), phase: 2)
        case .addConnection:
            return post([("fromPersonID", String(f.person)), ("toPersonID", String(f.secondPerson)), ("strength", "2"), ("kind", "influence")],
                        .createsAtAccount)
        case .verifyConnection: return post([], .edits, versionOf: ("person_connections", f.connection), phase: 1)
        case .removeConnection: return post([], .edits, versionOf: ("person_connections", f.spareConnection), phase: 4)
        case .saveExpertProfile: return post([("capacityHoursPerQuarter", "180")], .editsExpertEntry, versionOf: ("expert_profiles", f.expert.id))
        case .decideExpertRequest: return post([("accept", "false"), ("reason", "busy")], .decides, versionOf: ("expert_requests", f.request), phase: 3)
        case .withdrawExpertRequest: return post([], .withdraws, versionOf: ("expert_requests", f.ownRequest), phase: 2)
        case .createCustomField: return post([("key", "form_\(f.n)"), ("label", "Form"), ("type", "text")], .admin)
        case .deleteCustomField: return post([], .admin, phase: 4)
        case .createSalesTeam: return post([("name", "Form team \(f.n)")], .shapes)
        case .updateSalesTeam: return post([("name", "Form renamed")], .shapes, versionOf: ("sales_teams", f.salesTeam))
        case .createTerritoryModel: return post([("name", "Form model \(f.n)")], .admin)
        case .addTerritory: return post([("name", "Form territory"), ("line", "industry")], .admin)
        case .applyTerritoryModel: return post([], .admin, versionOf: ("territory_models", f.model), phase: 3)
        case .createUser:
            return post([("username", "form\(f.n)"), ("displayName", "Form"), ("password", "long enough pw"), ("role", "salesperson"),
                         ("timeZone", "UTC")], .admin)
        case .updateUser: return post([("role", "salesperson"), ("active", "true")], .admin, versionOf: ("users", f.other.id))
        case .presalesQueue: return Case(method: .get, path: path, rule: .everyone)
        case .requestPresales: return post([("kind", "demo")], .edits)
        case .assignPresales:
            return post([("assigneeID", String(f.role == .presales ? f.user.id : f.presalesUser.id))], .assignsPresales,
                        versionOf: ("presales_requests", f.presales[0]), phase: 9)
        case .completePresales: return post([], .completesPresales, versionOf: ("presales_requests", f.presales[1]), phase: 8)
        case .cancelPresales: return post([], .cancelsPresales, versionOf: ("presales_requests", f.presales[2]), phase: 8)
        }
    }

    static func pageTarget(_ route: PageRoute, _ f: Fixture) -> Int64 {
        let path = route.path
        if path.hasPrefix("/accounts/") { return f.account }
        if path.hasPrefix("/team-members/") { return f.teamMember }
        if path.hasPrefix("/coverage/") { return f.coverage }
        if path.hasPrefix("/connections/") { return route == .removeConnection ? f.spareConnection : f.connection }
        if path.hasPrefix("/people/") { return route == .replacePlaceholder ? f.placeholder : f.person }
        if route == .createQuote { return f.smallOpportunity }
        if path.hasPrefix("/plans/") { return f.plans.last ?? 0 }
        if path.hasPrefix("/documents/") {
            return route == .orderFromQuote ? (f.acceptedQuotes.last ?? 0) : route == .contractFromOrder ? (f.orders.last ?? 0) : (f.draftQuotes.last ?? 0)
        }
        if path.hasPrefix("/opportunities/") { return f.opportunity }
        if path.hasPrefix("/experts/") { return f.expert.id }
        if path.hasPrefix("/presales-requests/") {
            return route == .completePresales ? f.presales[1] : route == .cancelPresales ? f.presales[2] : f.presales[0]
        }
        if path.hasPrefix("/expert-requests/") { return route == .withdrawExpertRequest ? f.ownRequest : f.request }
        if path.hasPrefix("/settings/fields/") { return f.customField }
        if path.hasPrefix("/settings/sales-teams/") { return f.salesTeam }
        if path.hasPrefix("/settings/territories/") { return f.model }
        if path.hasPrefix("/settings/users/") { return f.other.id }
        if path.hasPrefix("/strategy-assignments/") { return f.assignment }
        if path.hasPrefix("/activities/") { return f.activity }
        if path.hasPrefix("/tasks/") { return f.task }
        if path.hasPrefix("/channels/") { return f.channel }
        if path.hasPrefix("/incidents/") { return f.incident }
        if path.hasPrefix("/complaints/") { return f.complaint }
        return 0
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
                ok = status == 409 && (response.text.contains("not_key_account") || response.text.contains("Only key accounts are reviewed"))
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
