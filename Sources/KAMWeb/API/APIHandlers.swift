import Foundation
import Hummingbird
import KAMCore
import KAMStore

/// The JSON API. `register` walks `APIOperation.allCases`, so every declared operation has a
/// handler and nothing is routed that the OpenAPI document does not describe.
struct APIHandlers: Sendable {
    let store: KAMStore
    let authenticator: Authenticator

    func register(on router: Router<AppContext>) {
        for operation in APIOperation.allCases {
            router.on(RouterPath(operation.routerPath), method: operation.method) { request, context in
                if operation.requiresSession { _ = try context.requireSession() }
                return try await self.handle(operation, request, context)
            }
        }
        router.get("/api/openapi.json") { _, _ in
            Response(status: .ok, headers: [.contentType: "application/json"],
                     body: .init(byteBuffer: .init(string: OpenAPIDocument.json)))
        }
    }

    func handle(_ operation: APIOperation, _ request: Request, _ context: AppContext) async throws -> Response {
        switch operation {
        case .signIn: try await signIn(request, context)
        case .signOut: try await signOut(request, context)
        case .currentSession: try await currentSession(request, context)
        case .listAccounts: try await listAccounts(request, context)
        case .exportAccounts: try await exportAccounts(request, context)
        case .createAccount: try await createAccount(request, context)
        case .getAccount: try await getAccount(request, context)
        case .updateAccount: try await updateAccount(request, context)
        case .deleteAccount: try await deleteAccount(request, context)
        case .restoreAccount: try await restoreAccount(request, context)
        case .moveAccount: try await moveAccount(request, context)
        case .listAccountMoves: try await listAccountMoves(request, context)
        case .accountHistory: try await accountHistory(request, context)
        case .accountTree: try await accountTree(request, context)
        case .listPersons: try await listPersons(request, context)
        case .createPerson: try await createPerson(request, context)
        case .getPerson: try await getPerson(request, context)
        case .updatePerson: try await updatePerson(request, context)
        case .deletePerson: try await deletePerson(request, context)
        case .restorePerson: try await restorePerson(request, context)
        case .assessPortrait: try await assessPortrait(request, context)
        case .replacePlaceholder: try await replacePlaceholder(request, context)
        case .portraitHistory: try await portraitHistory(request, context)
        case .listOpportunities: try await listOpportunities(request, context)
        case .createOpportunity: try await createOpportunity(request, context)
        case .getOpportunity: try await getOpportunity(request, context)
        case .listTeam: try await listTeam(request, context)
        case .addTeamMember: try await addTeamMember(request, context)
        case .getTeamMember: try await getTeamMember(request, context)
        case .updateTeamMember: try await updateTeamMember(request, context)
        case .removeTeamMember: try await removeTeamMember(request, context)
        case .updateOpportunity: try await updateOpportunity(request, context)
        case .listCustomFields: try await listCustomFields(request, context)
        case .createCustomField: try await createCustomField(request, context)
        case .deleteCustomField: try await deleteCustomField(request, context)
        case .listUsers: try await listUsers(request, context)
        case .createUser: try await createUser(request, context)
        case .getUser: try await getUser(request, context)
        case .updateUser: try await updateUser(request, context)
        case .ironTriangleReport: try await ironTriangleReport(request, context)
        case .listSalesTeams: try await listSalesTeams(request, context)
        case .createSalesTeam: try await createSalesTeam(request, context)
        case .getSalesTeam: try await getSalesTeam(request, context)
        case .updateSalesTeam: try await updateSalesTeam(request, context)
        case .listCoverage: try await listCoverage(request, context)
        case .addCoverage: try await addCoverage(request, context)
        case .getCoverage: try await getCoverage(request, context)
        case .updateCoverage: try await updateCoverage(request, context)
        case .removeCoverage: try await removeCoverage(request, context)
        case .coverageMatrix: try await coverageMatrix(request, context)
        case .listTerritoryModels: try await listTerritoryModels(request, context)
        case .createTerritoryModel: try await createTerritoryModel(request, context)
        case .getTerritoryModel: try await getTerritoryModel(request, context)
        case .addTerritory: try await addTerritory(request, context)
        case .updateTerritory: try await updateTerritory(request, context)
        case .previewTerritoryModel: try await previewTerritoryModel(request, context)
        case .applyTerritoryModel: try await applyTerritoryModel(request, context)
        case .searchExperts: try await searchExperts(request, context)
        case .getExpert: try await getExpert(request, context)
        case .saveExpert: try await saveExpert(request, context)
        case .createExpertRequest: try await createExpertRequest(request, context)
        case .listExpertRequests: try await listExpertRequests(request, context)
        case .getExpertRequest: try await getExpertRequest(request, context)
        case .decideExpertRequest: try await decideExpertRequest(request, context)
        case .withdrawExpertRequest: try await withdrawExpertRequest(request, context)
        case .createPresalesRequest: try await createPresalesRequest(request, context)
        case .listPresalesRequests: try await listPresalesRequests(request, context)
        case .getPresalesRequest: try await getPresalesRequest(request, context)
        case .assignPresalesRequest: try await assignPresalesRequest(request, context)
        case .completePresalesRequest: try await completePresalesRequest(request, context)
        case .cancelPresalesRequest: try await cancelPresalesRequest(request, context)
        case .listConnections: try await listConnections(request, context)
        case .createConnection: try await createConnection(request, context)
        case .getConnection: try await getConnection(request, context)
        case .updateConnection: try await updateConnection(request, context)
        case .deleteConnection: try await deleteConnection(request, context)
        case .relationshipMap: try await relationshipMap(request, context)
        case .bestPath: try await bestPath(request, context)
        case .exportRelationshipMap: try await exportRelationshipMap(request, context)
        case .getDecisionChain: try await getDecisionChain(request, context)
        case .saveDecisionChain: try await saveDecisionChain(request, context)
        case .getCompanySettings: try await getCompanySettings(request, context)
        case .updateCompanySettings: try await updateCompanySettings(request, context)
        case .listExchangeRates: try await listExchangeRates(request, context)
        case .saveExchangeRate: try await saveExchangeRate(request, context)
        case .listProductLines: try await listProductLines(request, context)
        case .createProductLine: try await createProductLine(request, context)
        case .listProducts: try await listProducts(request, context)
        case .createProduct: try await createProduct(request, context)
        case .getProduct: try await getProduct(request, context)
        case .updateProduct: try await updateProduct(request, context)
        case .purchaseHistory: try await purchaseHistory(request, context)
        case .createTransaction: try await createTransaction(request, context)
        case .getTransaction: try await getTransaction(request, context)
        case .importTransactions: try await importTransactions(request, context)
        case .fitPurchaseModels: try await fitPurchaseModels(request, context)
        case .latestPurchaseModel: try await latestPurchaseModel(request, context)
        case .purchaseOutlook: try await purchaseOutlook(request, context)
        case .getScoringModel: try await getScoringModel(request, context)
        case .saveScoringModel: try await saveScoringModel(request, context)
        case .listScoringRevisions: try await listScoringRevisions(request, context)
        case .scoreAccount: try await scoreAccount(request, context)
        case .listAccountScores: try await listAccountScores(request, context)
        case .rescoreAccounts: try await rescoreAccounts(request, context)
        }
    }
}
