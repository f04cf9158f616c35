import HTTPTypes

/// Every JSON API operation, declared once: the router registers these and the OpenAPI
/// document is generated from them, so the two cannot drift apart.
enum APIOperation: String, CaseIterable, Sendable {
    case signIn, signOut, currentSession
    case listAccounts, exportAccounts, createAccount, getAccount, updateAccount, deleteAccount, restoreAccount
    case moveAccount, listAccountMoves, accountHistory, accountTree
    case listTeam, addTeamMember, getTeamMember, updateTeamMember, removeTeamMember
    case listPersons, createPerson, getPerson, updatePerson, deletePerson, restorePerson, assessPortrait, portraitHistory
    case replacePlaceholder
    case listOpportunities, createOpportunity, getOpportunity, updateOpportunity
    case listCustomFields, createCustomField, deleteCustomField
    case listUsers, createUser, getUser, updateUser
    case ironTriangleReport
    case listSalesTeams, createSalesTeam, getSalesTeam, updateSalesTeam
    case listCoverage, addCoverage, getCoverage, updateCoverage, removeCoverage, coverageMatrix
    case listTerritoryModels, createTerritoryModel, getTerritoryModel, addTerritory, updateTerritory
    case previewTerritoryModel, applyTerritoryModel
    case searchExperts, getExpert, saveExpert
    case createExpertRequest, listExpertRequests, getExpertRequest, decideExpertRequest, withdrawExpertRequest
    case createPresalesRequest, listPresalesRequests, getPresalesRequest, assignPresalesRequest, completePresalesRequest
    case cancelPresalesRequest
    case listConnections, createConnection, getConnection, updateConnection, deleteConnection, relationshipMap, bestPath
    case exportRelationshipMap, getDecisionChain, saveDecisionChain
    case getCompanySettings, updateCompanySettings, listExchangeRates, saveExchangeRate
    case listProductLines, createProductLine, listProducts, createProduct, getProduct, updateProduct
    case purchaseHistory, createTransaction, getTransaction, importTransactions
    case fitPurchaseModels, latestPurchaseModel, purchaseOutlook
    case getScoringModel, saveScoringModel, listScoringRevisions, scoreAccount, listAccountScores, rescoreAccounts
    case getClassificationRules, saveClassificationRules, listClassificationRevisions, previewClassification, applyClassification
    case accountPlacement, getInvestmentStrategy, saveInvestmentStrategy, getStrategyLibrary, saveStrategyLibrary
    case accountStrategy, assignStrategy, getStrategyAssignment, updateStrategyAssignment
    case listActivities, logActivity, getActivity, updateActivity, accountTimeline, listTasks, createTask, getTask, updateTask
    case accountLifecycle, addChannel, getChannel, updateChannel
    case listIncidents, openIncident, getIncident, updateIncident, addIncidentEvent, listComplaints, receiveComplaint, getComplaint, updateComplaint
    case accountStrengthening, addMutualPurchase, getMutualPurchase, updateMutualPurchase, addEngagement, getEngagement, updateEngagement
    case addSeat, getSeat, updateSeat
    case getSalesProcess, saveSalesProcess, getPursuit, savePursuit, pipelineBoard, forecast
    case listSalesDocuments, createQuote, getSalesDocument, updateSalesDocument, makeOrder, makeContract
    case listPlans, createPlan, getPlan, savePlan, approvePlan, clonePlan, comparePlan, listQuotas, createQuota, getQuota, updateQuota
    case listReviews, accountReviews, recordEvaluation, getEvaluation, getEvaluationCadences, saveEvaluationCadences
    case listNotifications, readNotification, readAllNotifications, getCalendarFeed, rotateCalendarFeed, removeCalendarFeed, reviewReport
    case listAssessments, exportAssessments, decideAssessment, getAssessmentCriteria, saveAssessmentCriteria

    var method: HTTPRequest.Method {
        switch self {
        case .signIn, .createAccount, .restoreAccount, .moveAccount, .createPerson, .restorePerson, .assessPortrait, .replacePlaceholder,
             .createOpportunity, .createCustomField, .addTeamMember, .createUser, .createSalesTeam, .addCoverage,
             .createTerritoryModel, .addTerritory, .applyTerritoryModel, .createExpertRequest, .decideExpertRequest,
             .withdrawExpertRequest, .createPresalesRequest, .assignPresalesRequest, .completePresalesRequest,
             .cancelPresalesRequest, .createConnection, .saveExchangeRate, .createProductLine, .createProduct,
             .createTransaction, .importTransactions, .fitPurchaseModels, .scoreAccount, .rescoreAccounts, .previewClassification,
             .applyClassification, .assignStrategy, .logActivity, .createTask, .addChannel, .openIncident,
             .addIncidentEvent, .receiveComplaint, .addMutualPurchase, .addEngagement, .addSeat, .createQuote, .makeOrder, .makeContract,
             .createPlan, .approvePlan, .clonePlan, .createQuota, .recordEvaluation, .readNotification, .readAllNotifications,
             .rotateCalendarFeed, .decideAssessment: .post
        case .removeCalendarFeed,
             .signOut, .deleteAccount, .deletePerson, .deleteCustomField, .removeTeamMember, .removeCoverage, .deleteConnection: .delete
        case .updateAccount, .updatePerson, .updateOpportunity, .updateTeamMember, .updateUser, .updateSalesTeam,
             .updateCoverage, .updateTerritory, .updateConnection, .updateCompanySettings, .updateProduct, .updateStrategyAssignment,
             .updateActivity, .updateTask, .updateChannel, .updateIncident, .updateComplaint,
             .updateMutualPurchase, .updateEngagement, .updateSeat, .updateSalesDocument, .updateQuota: .patch
        case .saveExpert, .saveDecisionChain, .saveScoringModel, .saveClassificationRules, .saveInvestmentStrategy, .saveStrategyLibrary,
             .saveSalesProcess, .savePursuit, .savePlan, .saveEvaluationCadences, .saveAssessmentCriteria: .put
        default: .get
        }
    }

    /// OpenAPI-style path; the router's form replaces `{id}` with `:id`.
    var path: String {
        switch self {
        case .signIn, .signOut, .currentSession: "/api/v1/session"
        case .listAccounts, .createAccount: "/api/v1/accounts"
        case .exportAccounts: "/api/v1/exports/accounts.csv"
        case .getAccount, .updateAccount, .deleteAccount: "/api/v1/accounts/{id}"
        case .restoreAccount: "/api/v1/accounts/{id}/restore"
        case .moveAccount, .listAccountMoves: "/api/v1/accounts/{id}/moves"
        case .accountHistory: "/api/v1/accounts/{id}/history"
        case .accountTree: "/api/v1/accounts/{id}/tree"
        case .listTeam, .addTeamMember: "/api/v1/accounts/{id}/team"
        case .getTeamMember, .updateTeamMember, .removeTeamMember: "/api/v1/team-members/{id}"
        case .listPersons, .createPerson: "/api/v1/key-persons"
        case .getPerson, .updatePerson, .deletePerson: "/api/v1/key-persons/{id}"
        case .restorePerson: "/api/v1/key-persons/{id}/restore"
        case .assessPortrait: "/api/v1/key-persons/{id}/portrait"
        case .portraitHistory: "/api/v1/key-persons/{id}/portrait-history"
        case .replacePlaceholder: "/api/v1/key-persons/{id}/replace"
        case .listOpportunities, .createOpportunity: "/api/v1/opportunities"
        case .getOpportunity, .updateOpportunity: "/api/v1/opportunities/{id}"
        case .listCustomFields, .createCustomField: "/api/v1/custom-fields"
        case .deleteCustomField: "/api/v1/custom-fields/{id}"
        case .listUsers, .createUser: "/api/v1/users"
        case .getUser, .updateUser: "/api/v1/users/{id}"
        case .ironTriangleReport: "/api/v1/reports/iron-triangle"
        case .listSalesTeams, .createSalesTeam: "/api/v1/sales-teams"
        case .getSalesTeam, .updateSalesTeam: "/api/v1/sales-teams/{id}"
        case .listCoverage, .addCoverage: "/api/v1/accounts/{id}/coverage"
        case .getCoverage, .updateCoverage, .removeCoverage: "/api/v1/coverage/{id}"
        case .coverageMatrix: "/api/v1/reports/coverage-matrix"
        case .listTerritoryModels, .createTerritoryModel: "/api/v1/territory-models"
        case .getTerritoryModel: "/api/v1/territory-models/{id}"
        case .addTerritory: "/api/v1/territory-models/{id}/territories"
        case .updateTerritory: "/api/v1/territories/{id}"
        case .previewTerritoryModel: "/api/v1/territory-models/{id}/preview"
        case .applyTerritoryModel: "/api/v1/territory-models/{id}/apply"
        case .searchExperts: "/api/v1/experts"
        case .getExpert, .saveExpert: "/api/v1/experts/{id}"
        case .createExpertRequest: "/api/v1/accounts/{id}/expert-requests"
        case .listExpertRequests: "/api/v1/expert-requests"
        case .getExpertRequest: "/api/v1/expert-requests/{id}"
        case .decideExpertRequest: "/api/v1/expert-requests/{id}/decision"
        case .withdrawExpertRequest: "/api/v1/expert-requests/{id}/withdraw"
        case .createPresalesRequest: "/api/v1/accounts/{id}/presales-requests"
        case .listPresalesRequests: "/api/v1/presales-requests"
        case .getPresalesRequest: "/api/v1/presales-requests/{id}"
        case .assignPresalesRequest: "/api/v1/presales-requests/{id}/assign"
        case .completePresalesRequest: "/api/v1/presales-requests/{id}/complete"
        case .cancelPresalesRequest: "/api/v1/presales-requests/{id}/cancel"
        case .listConnections: "/api/v1/accounts/{id}/connections"
        case .createConnection: "/api/v1/connections"
        case .getConnection, .updateConnection, .deleteConnection: "/api/v1/connections/{id}"
        case .relationshipMap: "/api/v1/accounts/{id}/relationship-map"
        case .bestPath: "/api/v1/accounts/{id}/relationship-map/best-path"
        case .exportRelationshipMap: "/api/v1/accounts/{id}/relationship-map/graphml"
        case .getDecisionChain, .saveDecisionChain: "/api/v1/opportunities/{id}/decision-chain"
        case .getCompanySettings, .updateCompanySettings: "/api/v1/company-settings"
        case .listExchangeRates, .saveExchangeRate: "/api/v1/exchange-rates"
        case .listProductLines, .createProductLine: "/api/v1/product-lines"
        case .listProducts, .createProduct: "/api/v1/products"
        case .getProduct, .updateProduct: "/api/v1/products/{id}"
        case .purchaseHistory: "/api/v1/accounts/{id}/transactions"
        case .createTransaction: "/api/v1/transactions"
        case .getTransaction: "/api/v1/transactions/{id}"
        case .importTransactions: "/api/v1/imports/transactions"
        case .fitPurchaseModels: "/api/v1/purchase-models/fit"
        case .latestPurchaseModel: "/api/v1/purchase-models/latest"
        case .purchaseOutlook: "/api/v1/accounts/{id}/purchase-outlook"
        case .getScoringModel, .saveScoringModel: "/api/v1/scoring-model"
        case .listScoringRevisions: "/api/v1/scoring-model/revisions"
        case .scoreAccount, .listAccountScores: "/api/v1/accounts/{id}/scores"
        case .rescoreAccounts: "/api/v1/scores/rescore"
        case .getClassificationRules, .saveClassificationRules: "/api/v1/classification/rules"
        case .listClassificationRevisions: "/api/v1/classification/rules/revisions"
        case .previewClassification: "/api/v1/classification/preview"
        case .applyClassification: "/api/v1/classification/apply"
        case .accountPlacement: "/api/v1/accounts/{id}/classification"
        case .getInvestmentStrategy, .saveInvestmentStrategy: "/api/v1/investment-strategy"
        case .getStrategyLibrary, .saveStrategyLibrary: "/api/v1/strategy-library"
        case .accountStrategy: "/api/v1/accounts/{id}/strategy"
        case .assignStrategy: "/api/v1/accounts/{id}/strategy-assignments"
        case .getStrategyAssignment, .updateStrategyAssignment: "/api/v1/strategy-assignments/{id}"
        case .listActivities, .logActivity: "/api/v1/accounts/{id}/activities"
        case .getActivity, .updateActivity: "/api/v1/activities/{id}"
        case .accountTimeline: "/api/v1/accounts/{id}/timeline"
        case .listTasks, .createTask: "/api/v1/tasks"
        case .getTask, .updateTask: "/api/v1/tasks/{id}"
        case .accountLifecycle: "/api/v1/accounts/{id}/lifecycle"
        case .addChannel: "/api/v1/accounts/{id}/channels"
        case .getChannel, .updateChannel: "/api/v1/channels/{id}"
        case .listIncidents, .openIncident: "/api/v1/accounts/{id}/incidents"
        case .getIncident, .updateIncident: "/api/v1/incidents/{id}"
        case .addIncidentEvent: "/api/v1/incidents/{id}/events"
        case .listComplaints, .receiveComplaint: "/api/v1/accounts/{id}/complaints"
        case .getComplaint, .updateComplaint: "/api/v1/complaints/{id}"
        case .accountStrengthening: "/api/v1/accounts/{id}/strengthening"
        case .addMutualPurchase: "/api/v1/accounts/{id}/mutual-purchases"
        case .getMutualPurchase, .updateMutualPurchase: "/api/v1/mutual-purchases/{id}"
        case .addEngagement: "/api/v1/accounts/{id}/consulting-engagements"
        case .getEngagement, .updateEngagement: "/api/v1/consulting-engagements/{id}"
        case .addSeat: "/api/v1/accounts/{id}/governance-seats"
        case .getSeat, .updateSeat: "/api/v1/governance-seats/{id}"
        case .getSalesProcess, .saveSalesProcess: "/api/v1/sales-process"
        case .getPursuit, .savePursuit: "/api/v1/opportunities/{id}/pursuit"
        case .pipelineBoard: "/api/v1/pipeline"
        case .forecast: "/api/v1/forecast"
        case .listSalesDocuments: "/api/v1/opportunities/{id}/documents"
        case .createQuote: "/api/v1/opportunities/{id}/quotes"
        case .getSalesDocument, .updateSalesDocument: "/api/v1/sales-documents/{id}"
        case .makeOrder: "/api/v1/sales-documents/{id}/order"
        case .makeContract: "/api/v1/sales-documents/{id}/contract"
        case .listPlans, .createPlan: "/api/v1/accounts/{id}/plans"
        case .getPlan, .savePlan: "/api/v1/plans/{id}"
        case .approvePlan: "/api/v1/plans/{id}/approve"
        case .clonePlan: "/api/v1/plans/{id}/clone"
        case .comparePlan: "/api/v1/plans/{id}/compare"
        case .listQuotas, .createQuota: "/api/v1/quotas"
        case .getQuota, .updateQuota: "/api/v1/quotas/{id}"
        case .listReviews: "/api/v1/reviews"
        case .accountReviews, .recordEvaluation: "/api/v1/accounts/{id}/evaluations"
        case .getEvaluation: "/api/v1/evaluations/{id}"
        case .getEvaluationCadences, .saveEvaluationCadences: "/api/v1/evaluation-cadences"
        case .listNotifications: "/api/v1/notifications"
        case .reviewReport: "/api/v1/reports/reviews"
        case .listAssessments: "/api/v1/assessments"
        case .exportAssessments: "/api/v1/exports/assessments.csv"
        case .decideAssessment: "/api/v1/assessments/decisions"
        case .getAssessmentCriteria, .saveAssessmentCriteria: "/api/v1/assessment-criteria"
        case .readNotification: "/api/v1/notifications/{id}/read"
        case .readAllNotifications: "/api/v1/notifications/read"
        case .getCalendarFeed, .rotateCalendarFeed, .removeCalendarFeed: "/api/v1/calendar-feed"
        }
    }

    var routerPath: String { path.replacingOccurrences(of: "{id}", with: ":id") }

    var requiresSession: Bool { self != .signIn }

    /// Operations that change a versioned record take `If-Match` with the version they saw.
    var takesIfMatch: Bool {
        [.updateAccount, .deleteAccount, .moveAccount, .updatePerson, .deletePerson, .assessPortrait, .replacePlaceholder,
         .updateOpportunity,
         .updateTeamMember, .removeTeamMember, .updateUser, .updateSalesTeam, .updateCoverage, .removeCoverage, .updateTerritory,
         .applyTerritoryModel, .decideExpertRequest, .withdrawExpertRequest, .assignPresalesRequest, .completePresalesRequest,
         .cancelPresalesRequest, .updateConnection, .deleteConnection, .saveDecisionChain, .updateCompanySettings,
         .updateProduct, .saveScoringModel, .saveClassificationRules, .saveInvestmentStrategy, .saveStrategyLibrary,
         .updateStrategyAssignment, .updateActivity, .updateTask, .updateChannel, .updateIncident, .updateComplaint,
         .updateMutualPurchase, .updateEngagement, .updateSeat, .saveSalesProcess, .savePursuit,
         .updateSalesDocument, .makeOrder, .makeContract, .savePlan, .approvePlan, .updateQuota, .saveEvaluationCadences, .saveAssessmentCriteria].contains(self)
    }
}

extension APIOperation {
    /// The methods the API answers at `path` (a request path, ids in place): what a 405 lists in
    /// its Allow header when a client used another one.
    static func methods(at path: String) -> [String] {
        let segments = path.split(separator: "/", omittingEmptySubsequences: false)
        let methods = allCases.filter { operation in
            let template = operation.path.split(separator: "/", omittingEmptySubsequences: false)
            return template.count == segments.count
                && zip(template, segments).allSatisfy { pattern, segment in
                    pattern.hasPrefix("{") ? !segment.isEmpty : pattern == segment
                }
        }.map(\.method.rawValue)
        return Array(Set(methods)).sorted()
    }
}
