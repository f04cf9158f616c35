import Foundation
import Hummingbird
import KAMCore
import KAMStore

/// The server-rendered UI. Handlers load view data through the store, then hand a view model to
/// a view; views never query.
struct PageHandlers: Sendable {
    let store: KAMStore
    let authenticator: Authenticator
    let configuration: WebConfiguration

    func register(on router: Router<AppContext>) {
        for route in PageRoute.allCases {
            router.on(RouterPath(route.path), method: route.method) { request, context in
                try await self.handle(route, request, context)
            }
        }
    }

    func handle(_ route: PageRoute, _ request: Request, _ context: AppContext) async throws -> Response {
        switch route {
        case .home: Pages.redirect(context.session == nil ? Paths.login : Paths.accounts)
        case .stylesheet:
            Response(status: .ok, headers: [.contentType: "text/css; charset=utf-8", .cacheControl: "public, max-age=3600"],
                     body: .init(byteBuffer: .init(string: Stylesheet.css)))
        case .loginForm: try await loginForm(request, context)
        case .login: try await login(request, context)
        case .logout: try await logout(request, context)
        case .setLanguage: try await setLanguage(request, context)
        case .accountList: try await accountList(request, context)
        case .newAccountForm: try await newAccountForm(request, context)
        case .createAccount: try await createAccount(request, context)
        case .accountPage: try await accountPage(request, context)
        case .relationshipMapPage: try await relationshipMapPage(request, context)
        case .purchasesPage: try await purchasesPage(request, context)
        case .scorecardPage: try await scorecardPage(request, context)
        case .scoreAccount: try await scoreAccountFromPage(request, context)
        case .rescoreAccounts: try await rescoreFromList(request, context)
        case .portfolioPage: try await portfolioPage(request, context)
        case .applyClassification: try await applyClassificationFromPage(request, context)
        case .accountStrategyPage: try await accountStrategyPage(request, context)
        case .assignStrategy: try await assignStrategyFromPage(request, context)
        case .updateStrategyAssignment: try await updateStrategyAssignmentFromPage(request, context)
        case .activitiesPage: try await activitiesPage(request, context)
        case .logActivity: try await logActivityFromPage(request, context)
        case .activityPage: try await activityPage(request, context)
        case .updateActivity: try await updateActivityFromPage(request, context)
        case .timelinePage: try await timelinePage(request, context)
        case .tasksPage: try await tasksPage(request, context)
        case .createTask: try await createTaskFromPage(request, context)
        case .updateTask: try await updateTaskFromPage(request, context)
        case .lifecyclePage: try await lifecyclePage(request, context)
        case .addChannel: try await addChannelFromPage(request, context)
        case .updateChannel: try await updateChannelFromPage(request, context)
        case .incidentsPage: try await incidentsPage(request, context)
        case .openIncident: try await openIncidentFromPage(request, context)
        case .incidentPage: try await incidentPage(request, context)
        case .updateIncident: try await updateIncidentFromPage(request, context)
        case .addIncidentEvent: try await addIncidentEventFromPage(request, context)
        case .complaintsPage: try await complaintsPage(request, context)
        case .receiveComplaint: try await receiveComplaintFromPage(request, context)
        case .updateComplaint: try await updateComplaintFromPage(request, context)
        case .strengtheningPage: try await strengtheningPage(request, context)
        case .addMutualPurchase: try await addMutualPurchaseFromPage(request, context)
        case .addEngagement: try await addEngagementFromPage(request, context)
        case .addSeat: try await addSeatFromPage(request, context)
        case .pipelinePage: try await pipelinePage(request, context)
        case .salesProcessPage: try await salesProcessPage(request, context)
        case .saveSalesProcess: try await saveSalesProcessFromPage(request, context)
        case .moveOpportunityStage: try await moveOpportunityStage(request, context)
        case .saveOpportunityPursuit: try await savePursuitFromPage(request, context)
        case .createQuote: try await createQuoteFromPage(request, context)
        case .salesDocumentPage: try await salesDocumentPage(request, context)
        case .updateSalesDocument: try await updateSalesDocumentFromPage(request, context)
        case .orderFromQuote: try await orderFromPage(request, context)
        case .contractFromOrder: try await contractFromPage(request, context)
        case .plansPage: try await plansPage(request, context)
        case .createPlan: try await createPlanFromPage(request, context)
        case .planPage: try await planPage(request, context)
        case .planEditPage: try await planEditPage(request, context)
        case .savePlan: try await savePlanFromPage(request, context)
        case .planPrintPage: try await planPrintPage(request, context)
        case .planComparePage: try await planComparePage(request, context)
        case .approvePlan: try await approvePlanFromPage(request, context)
        case .clonePlan: try await clonePlanFromPage(request, context)
        case .quotasPage: try await quotasPage(request, context)
        case .createQuota: try await createQuotaFromPage(request, context)
        case .reviewsPage: try await reviewsPage(request, context)
        case .accountReviewsPage: try await accountReviewsPage(request, context)
        case .recordReview: try await recordReviewFromPage(request, context)
        case .investmentPage: try await investmentPage(request, context)
        case .saveInvestment: try await saveInvestmentFromPage(request, context)
        case .strategyLibraryPage: try await strategyLibraryPage(request, context)
        case .scoringModelPage: try await scoringModelPage(request, context)
        case .saveScoringModel: try await saveScoringModelFromPage(request, context)
        case .saveChainEntry: try await saveChainEntry(request, context)
        case .removeChainEntry: try await removeChainEntry(request, context)
        case .addConnection: try await addConnection(request, context)
        case .verifyConnection: try await verifyConnection(request, context)
        case .removeConnection: try await removeConnection(request, context)
        case .editAccountForm: try await editAccountForm(request, context)
        case .updateAccount: try await updateAccount(request, context)
        case .moveAccount: try await moveAccount(request, context)
        case .deleteAccount: try await deleteAccount(request, context)
        case .restoreAccount: try await restoreAccount(request, context)
        case .addTeamMember: try await addTeamMember(request, context)
        case .endTeamMember: try await endTeamMember(request, context)
        case .addCoverage: try await addCoverage(request, context)
        case .endCoverage: try await endCoverage(request, context)
        case .requestExpert: try await requestExpert(request, context)
        case .recycleBin: try await recycleBin(request, context)
        case .ironTriangleReport: try await ironTriangleReport(request, context)
        case .coverageMatrixPage: try await coverageMatrixPage(request, context)
        case .personList: try await personList(request, context)
        case .newPersonForm: try await newPersonForm(request, context)
        case .createPerson: try await createPerson(request, context)
        case .personPage: try await personPage(request, context)
        case .editPersonForm: try await editPersonForm(request, context)
        case .updatePerson: try await updatePerson(request, context)
        case .assessPortrait: try await assessPortrait(request, context)
        case .replacePlaceholder: try await replacePlaceholder(request, context)
        case .deletePerson: try await deletePerson(request, context)
        case .restorePerson: try await restorePerson(request, context)
        case .opportunityList: try await opportunityList(request, context)
        case .newOpportunityForm: try await newOpportunityForm(request, context)
        case .createOpportunity: try await createOpportunity(request, context)
        case .opportunityPage: try await opportunityPage(request, context)
        case .editOpportunityForm: try await editOpportunityForm(request, context)
        case .updateOpportunity: try await updateOpportunity(request, context)
        case .expertDirectory: try await expertDirectory(request, context)
        case .expertProfilePage: try await expertProfilePage(request, context)
        case .saveExpertProfile: try await saveExpertProfile(request, context)
        case .expertRequestsPage: try await expertRequestsPage(request, context)
        case .decideExpertRequest: try await decideExpertRequest(request, context)
        case .withdrawExpertRequest: try await withdrawExpertRequest(request, context)
        case .customFieldsPage: try await customFieldsPage(request, context)
        case .createCustomField: try await createCustomField(request, context)
        case .deleteCustomField: try await deleteCustomField(request, context)
        case .salesTeamsPage: try await salesTeamsPage(request, context)
        case .createSalesTeam: try await saveSalesTeam(request, context)
        case .updateSalesTeam: try await saveSalesTeam(request, context)
        case .territoryModelsPage: try await territoryModelsPage(request, context)
        case .createTerritoryModel: try await createTerritoryModel(request, context)
        case .territoryModelPage: try await territoryModelPage(request, context)
        case .addTerritory: try await addTerritory(request, context)
        case .applyTerritoryModel: try await applyTerritoryModel(request, context)
        case .usersPage: try await usersPage(request, context)
        case .createUser: try await createUser(request, context)
        case .updateUser: try await updateUser(request, context)
        case .presalesQueue: try await presalesQueue(request, context)
        case .requestPresales: try await requestPresales(request, context)
        case .assignPresales: try await assignPresales(request, context)
        case .completePresales: try await completePresales(request, context)
        case .cancelPresales: try await cancelPresales(request, context)
        }
    }

    /// The signed-in session, or a redirect to the sign-in page (raised as 401 and turned into a
    /// redirect by `SessionMiddleware`).
    func session(_ context: AppContext) throws -> SignedInSession { try context.requireSession() }

    func userNames() async throws -> [UserID: String] {
        Dictionary(uniqueKeysWithValues: try await store.users.all().map { ($0.id, $0.displayName) })
    }
}
