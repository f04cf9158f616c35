import Foundation
import HTTPTypes
import KAMCore
import KAMStore
import KAMTestSupport
@testable import KAMWeb

/// The rule each API operation follows, and the record it is sent to.
extension AccessMatrixTests {
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
        case .listNotifications, .getCalendarFeed, .reviewReport: return Case(method: .get, path: path, rule: .everyone)
        case .readNotification: return Case(method: .post, path: path, rule: .othersOwn)
        case .readAllNotifications, .rotateCalendarFeed: return Case(method: .post, path: path, rule: .everyone)
        case .listAssessments, .exportAssessments: return Case(method: .get, path: path + "?year=2026", rule: .companyWide)
        case .decideAssessment:
            return Case(method: .post, path: path, json: ["year": 2026, "subject": "team", "subjectID": f.salesTeam, "decision": "qualified",
                                                          "comment": "Matrix \(f.n)", "version": 0], rule: .decidesAssessment)
        case .getAssessmentCriteria: return Case(method: .get, path: path, rule: .everyone)
        case .saveAssessmentCriteria:
            return Case(method: .put, path: path, json: ["targetsPercent": 85], versionOf: ("company_documents:assessment_criteria", 0), rule: .admin)
        case .removeCalendarFeed: return Case(method: .delete, path: path, rule: .everyone)
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
        if path.hasPrefix("/api/v1/notifications/") { return f.notification }
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
}
