import HTTPTypes

/// Every page and form route, declared once: the router registers these, and the access tests
/// walk them, so a route cannot be added without being checked.
enum PageRoute: String, CaseIterable, Sendable {
    case home, loginForm, login, logout, setLanguage, stylesheet
    case accountList, newAccountForm, createAccount, accountPage, editAccountForm, updateAccount
    case moveAccount, deleteAccount, restoreAccount, addTeamMember, endTeamMember, addCoverage
    case endCoverage, requestExpert, recycleBin, ironTriangleReport, coverageMatrixPage, personList
    case newPersonForm, createPerson, personPage, editPersonForm, updatePerson, assessPortrait
    case deletePerson, restorePerson, opportunityList, newOpportunityForm, createOpportunity, opportunityPage
    case editOpportunityForm, updateOpportunity, expertDirectory, expertProfilePage, saveExpertProfile, expertRequestsPage
    case decideExpertRequest, withdrawExpertRequest, customFieldsPage, createCustomField, deleteCustomField, salesTeamsPage
    case createSalesTeam, updateSalesTeam, territoryModelsPage, createTerritoryModel, territoryModelPage, addTerritory
    case applyTerritoryModel, usersPage, createUser, updateUser
    case presalesQueue, requestPresales, assignPresales, completePresales, cancelPresales
    case relationshipMapPage, saveChainEntry, removeChainEntry, addConnection, verifyConnection, removeConnection
    case replacePlaceholder, purchasesPage, scorecardPage, scoreAccount, rescoreAccounts
    case portfolioPage, applyClassification, accountStrategyPage, assignStrategy, updateStrategyAssignment
    case investmentPage, saveInvestment, strategyLibraryPage, scoringModelPage, saveScoringModel
    case activitiesPage, logActivity, activityPage, updateActivity, timelinePage, tasksPage, createTask, updateTask
    case lifecyclePage, addChannel, updateChannel
    case incidentsPage, openIncident, incidentPage, updateIncident, addIncidentEvent, complaintsPage, receiveComplaint, updateComplaint
    case strengtheningPage, addMutualPurchase, addEngagement, addSeat
    case pipelinePage, salesProcessPage, saveSalesProcess, moveOpportunityStage, saveOpportunityPursuit
    case createQuote, salesDocumentPage, updateSalesDocument, orderFromQuote, contractFromOrder
    case plansPage, createPlan, planPage, planEditPage, savePlan, planPrintPage, planComparePage, approvePlan, clonePlan, quotasPage, createQuota
    case reviewsPage, accountReviewsPage, recordReview
    case notificationsPage, readNotifications, rotateCalendarFeed, calendarFeed, reviewReportPage, cadencesPage, saveCadences, assessmentsPage, decideAssessment

    var method: HTTPRequest.Method {
        switch self {
        case .login, .logout, .setLanguage, .createAccount, .updateAccount, .moveAccount, .deleteAccount, .restoreAccount,
             .addTeamMember, .endTeamMember, .addCoverage, .endCoverage, .requestExpert, .createPerson, .updatePerson,
             .assessPortrait, .deletePerson, .restorePerson, .createOpportunity, .updateOpportunity, .saveExpertProfile,
             .decideExpertRequest, .withdrawExpertRequest, .createCustomField, .deleteCustomField, .createSalesTeam,
             .updateSalesTeam, .createTerritoryModel, .addTerritory, .applyTerritoryModel, .createUser, .updateUser,
             .requestPresales, .assignPresales, .completePresales, .cancelPresales, .saveChainEntry, .removeChainEntry,
             .addConnection, .verifyConnection, .removeConnection, .replacePlaceholder, .scoreAccount, .rescoreAccounts,
             .applyClassification, .assignStrategy, .updateStrategyAssignment, .saveInvestment, .saveScoringModel, .logActivity,
             .updateActivity, .createTask, .updateTask, .addChannel, .updateChannel, .openIncident, .updateIncident, .addIncidentEvent,
             .receiveComplaint, .updateComplaint, .addMutualPurchase, .addEngagement, .addSeat, .saveSalesProcess, .moveOpportunityStage,
             .saveOpportunityPursuit, .createQuote, .updateSalesDocument, .orderFromQuote, .contractFromOrder,
             .createPlan, .savePlan, .approvePlan, .clonePlan, .createQuota, .recordReview, .readNotifications, .rotateCalendarFeed, .saveCadences, .decideAssessment: .post
        default: .get
        }
    }

    var path: String {
        switch self {
        case .home: "/"
        case .loginForm: "/login"
        case .login: "/login"
        case .logout: "/logout"
        case .setLanguage: "/preferences/language"
        case .stylesheet: "/static/app.css"
        case .accountList: "/accounts"
        case .newAccountForm: "/accounts/new"
        case .createAccount: "/accounts"
        case .accountPage: "/accounts/:id"
        case .relationshipMapPage: "/accounts/:id/map"
        case .purchasesPage: "/accounts/:id/purchases"
        case .scorecardPage, .scoreAccount: "/accounts/:id/scorecard"
        case .rescoreAccounts: "/accounts/rescore"
        case .portfolioPage, .applyClassification: "/portfolio"
        case .accountStrategyPage: "/accounts/:id/strategy"
        case .assignStrategy: "/accounts/:id/strategy-assignments"
        case .updateStrategyAssignment: "/strategy-assignments/:id"
        case .investmentPage, .saveInvestment: "/settings/investment"
        case .strategyLibraryPage: "/settings/strategies"
        case .scoringModelPage, .saveScoringModel: "/settings/scoring"
        case .activitiesPage, .logActivity: "/accounts/:id/activities"
        case .activityPage, .updateActivity: "/activities/:id"
        case .timelinePage: "/accounts/:id/timeline"
        case .tasksPage, .createTask: "/tasks"
        case .updateTask: "/tasks/:id"
        case .lifecyclePage: "/accounts/:id/lifecycle"
        case .addChannel: "/accounts/:id/channels"
        case .updateChannel: "/channels/:id"
        case .incidentsPage, .openIncident: "/accounts/:id/incidents"
        case .incidentPage, .updateIncident: "/incidents/:id"
        case .addIncidentEvent: "/incidents/:id/events"
        case .complaintsPage, .receiveComplaint: "/accounts/:id/complaints"
        case .updateComplaint: "/complaints/:id"
        case .strengtheningPage: "/accounts/:id/strengthening"
        case .addMutualPurchase: "/accounts/:id/mutual-purchases"
        case .addEngagement: "/accounts/:id/consulting-engagements"
        case .addSeat: "/accounts/:id/governance-seats"
        case .saveChainEntry: "/opportunities/:id/decision-chain"
        case .pipelinePage: "/pipeline"
        case .salesProcessPage, .saveSalesProcess: "/settings/sales-process"
        case .moveOpportunityStage: "/opportunities/:id/stage"
        case .saveOpportunityPursuit: "/opportunities/:id/pursuit"
        case .createQuote: "/opportunities/:id/quotes"
        case .salesDocumentPage, .updateSalesDocument: "/documents/:id"
        case .orderFromQuote: "/documents/:id/order"
        case .contractFromOrder: "/documents/:id/contract"
        case .plansPage, .createPlan: "/accounts/:id/plans"
        case .planPage, .savePlan: "/plans/:id"
        case .planEditPage: "/plans/:id/edit"
        case .planPrintPage: "/plans/:id/print"
        case .planComparePage: "/plans/:id/compare"
        case .approvePlan: "/plans/:id/approve"
        case .clonePlan: "/plans/:id/clone"
        case .quotasPage, .createQuota: "/settings/quotas"
        case .reviewsPage: "/reviews"
        case .notificationsPage: "/notifications"
        case .reviewReportPage: "/reports/reviews"
        case .cadencesPage, .saveCadences: "/settings/review-cadences"
        case .assessmentsPage: "/assessments"
        case .decideAssessment: "/assessments/decisions"
        case .readNotifications: "/notifications/read"
        case .rotateCalendarFeed: "/reviews/calendar-feed"
        // The secret is the credential: calendar programs cannot sign in.
        case .calendarFeed: "/feeds/:token"
        case .accountReviewsPage, .recordReview: "/accounts/:id/reviews"
        case .addConnection: "/accounts/:id/connections"
        case .verifyConnection: "/connections/:id/verify"
        case .removeConnection: "/connections/:id/delete"
        case .removeChainEntry: "/opportunities/:id/decision-chain/remove"
        case .editAccountForm: "/accounts/:id/edit"
        case .updateAccount: "/accounts/:id"
        case .moveAccount: "/accounts/:id/moves"
        case .deleteAccount: "/accounts/:id/delete"
        case .restoreAccount: "/accounts/:id/restore"
        case .addTeamMember: "/accounts/:id/team"
        case .endTeamMember: "/team-members/:id/end"
        case .addCoverage: "/accounts/:id/coverage"
        case .endCoverage: "/coverage/:id/end"
        case .requestExpert: "/accounts/:id/expert-requests"
        case .recycleBin: "/recycle-bin"
        case .ironTriangleReport: "/reports/iron-triangle"
        case .coverageMatrixPage: "/reports/coverage"
        case .personList: "/people"
        case .newPersonForm: "/people/new"
        case .createPerson: "/people"
        case .personPage: "/people/:id"
        case .editPersonForm: "/people/:id/edit"
        case .updatePerson: "/people/:id"
        case .assessPortrait: "/people/:id/portrait"
        case .replacePlaceholder: "/people/:id/replace"
        case .deletePerson: "/people/:id/delete"
        case .restorePerson: "/people/:id/restore"
        case .opportunityList: "/opportunities"
        case .newOpportunityForm: "/opportunities/new"
        case .createOpportunity: "/opportunities"
        case .opportunityPage: "/opportunities/:id"
        case .editOpportunityForm: "/opportunities/:id/edit"
        case .updateOpportunity: "/opportunities/:id"
        case .expertDirectory: "/experts"
        case .expertProfilePage: "/experts/:id"
        case .saveExpertProfile: "/experts/:id"
        case .expertRequestsPage: "/expert-requests"
        case .decideExpertRequest: "/expert-requests/:id/decision"
        case .withdrawExpertRequest: "/expert-requests/:id/withdraw"
        case .customFieldsPage: "/settings/fields"
        case .createCustomField: "/settings/fields"
        case .deleteCustomField: "/settings/fields/:id/delete"
        case .salesTeamsPage: "/settings/sales-teams"
        case .createSalesTeam: "/settings/sales-teams"
        case .updateSalesTeam: "/settings/sales-teams/:id"
        case .territoryModelsPage: "/settings/territories"
        case .createTerritoryModel: "/settings/territories"
        case .territoryModelPage: "/settings/territories/:id"
        case .addTerritory: "/settings/territories/:id/territories"
        case .applyTerritoryModel: "/settings/territories/:id/apply"
        case .usersPage: "/settings/users"
        case .createUser: "/settings/users"
        case .updateUser: "/settings/users/:id"
        case .presalesQueue: "/presales"
        case .requestPresales: "/accounts/:id/presales-requests"
        case .assignPresales: "/presales-requests/:id/assign"
        case .completePresales: "/presales-requests/:id/complete"
        case .cancelPresales: "/presales-requests/:id/cancel"
        }
    }

    /// Pages anyone may open: the sign-in form and what it needs.
    var isPublic: Bool { [.home, .loginForm, .login, .stylesheet, .calendarFeed].contains(self) }
}
