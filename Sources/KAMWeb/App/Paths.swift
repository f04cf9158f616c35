import KAMCore

/// Links between pages, built in one place from typed values.
enum Paths {
    static let home = "/"
    static let login = "/login"
    static let logout = "/logout"
    static let accounts = "/accounts"
    static let newAccount = "/accounts/new"
    static let recycleBin = "/recycle-bin"
    static let people = "/people"
    static let opportunities = "/opportunities"
    static let ironTriangleReport = "/reports/iron-triangle"
    static let newOpportunity = "/opportunities/new"
    static let pipeline = "/pipeline"
    static let salesProcess = "/settings/sales-process"
    static let quotas = "/settings/quotas"
    static let reviews = "/reviews"
    static let notifications = "/notifications"
    static let reviewReport = "/reports/reviews"
    static let cadences = "/settings/review-cadences"
    static let assessments = "/assessments"
    static let assessmentDecisions = "/assessments/decisions"
    static let readNotifications = "/notifications/read"
    static let calendarFeed = "/reviews/calendar-feed"
    static let customFields = "/settings/fields"
    static let language = "/preferences/language"
    static let stylesheet = "/static/app.css"
    static let experts = "/experts"
    static let expertRequestsPage = "/expert-requests"
    static let coverageMatrix = "/reports/coverage"
    static let salesTeams = "/settings/sales-teams"
    static let territoryModels = "/settings/territories"
    static let users = "/settings/users"
    static let presalesQueue = "/presales"

    static func account(_ id: AccountID) -> String { "/accounts/\(id)" }
    static func editAccount(_ id: AccountID) -> String { "/accounts/\(id)/edit" }
    static func relationshipMap(_ id: AccountID) -> String { "/accounts/\(id)/map" }
    static func scorecard(_ id: AccountID) -> String { "/accounts/\(id)/scorecard" }
    static let rescoreAccounts = "/accounts/rescore"
    static let portfolio = "/portfolio"
    static let scoringModel = "/settings/scoring"
    static let investmentStrategy = "/settings/investment"
    static let strategyLibrary = "/settings/strategies"
    static func accountStrategy(_ id: AccountID) -> String { "/accounts/\(id)/strategy" }
    static func strategyAssignments(_ id: AccountID) -> String { "/accounts/\(id)/strategy-assignments" }
    static func strategyAssignment(_ id: StrategyAssignmentID) -> String { "/strategy-assignments/\(id)" }
    static func activities(_ id: AccountID) -> String { "/accounts/\(id)/activities" }
    static func activity(_ id: ActivityID) -> String { "/activities/\(id)" }
    static func timeline(_ id: AccountID) -> String { "/accounts/\(id)/timeline" }
    static let tasks = "/tasks"
    static func task(_ id: TaskID) -> String { "/tasks/\(id)" }
    static func accountTasks(_ id: AccountID) -> String { "/tasks?account=\(id)" }
    static func lifecycle(_ id: AccountID) -> String { "/accounts/\(id)/lifecycle" }
    static func channels(_ id: AccountID) -> String { "/accounts/\(id)/channels" }
    static func channel(_ id: ChannelID) -> String { "/channels/\(id)" }
    static func incidents(_ id: AccountID) -> String { "/accounts/\(id)/incidents" }
    static func incident(_ id: IncidentID) -> String { "/incidents/\(id)" }
    static func incidentEvents(_ id: IncidentID) -> String { "/incidents/\(id)/events" }
    static func complaints(_ id: AccountID) -> String { "/accounts/\(id)/complaints" }
    static func complaint(_ id: ComplaintID) -> String { "/complaints/\(id)" }
    static func strengthening(_ id: AccountID) -> String { "/accounts/\(id)/strengthening" }
    static func mutualPurchases(_ id: AccountID) -> String { "/accounts/\(id)/mutual-purchases" }
    static func engagements(_ id: AccountID) -> String { "/accounts/\(id)/consulting-engagements" }
    static func seats(_ id: AccountID) -> String { "/accounts/\(id)/governance-seats" }
    static func purchases(_ id: AccountID, branches: Bool = false) -> String { "/accounts/\(id)/purchases" + (branches ? "?branches=true" : "") }
    static func accountConnections(_ id: AccountID) -> String { "/accounts/\(id)/connections" }
    static func verifyConnection(_ id: ConnectionID) -> String { "/connections/\(id)/verify" }
    static func removeConnection(_ id: ConnectionID) -> String { "/connections/\(id)/delete" }
    static func deleteAccount(_ id: AccountID) -> String { "/accounts/\(id)/delete" }
    static func restoreAccount(_ id: AccountID) -> String { "/accounts/\(id)/restore" }
    static func accountTeam(_ id: AccountID) -> String { "/accounts/\(id)/team" }
    static func endTeamMember(_ id: TeamMemberID) -> String { "/team-members/\(id)/end" }
    static func moveAccount(_ id: AccountID) -> String { "/accounts/\(id)/moves" }
    static func person(_ id: PersonID) -> String { "/people/\(id)" }
    static func editPerson(_ id: PersonID) -> String { "/people/\(id)/edit" }
    static func newPerson(account: AccountID?) -> String { account.map { "/people/new?account=\($0)" } ?? "/people/new" }
    static func personPortrait(_ id: PersonID) -> String { "/people/\(id)/portrait" }
    static func replacePlaceholder(_ id: PersonID) -> String { "/people/\(id)/replace" }
    static func deletePerson(_ id: PersonID) -> String { "/people/\(id)/delete" }
    static func restorePerson(_ id: PersonID) -> String { "/people/\(id)/restore" }
    static func opportunity(_ id: OpportunityID) -> String { "/opportunities/\(id)" }
    static func editOpportunity(_ id: OpportunityID) -> String { "/opportunities/\(id)/edit" }
    static func opportunityStage(_ id: OpportunityID) -> String { "/opportunities/\(id)/stage" }
    static func opportunityPursuit(_ id: OpportunityID) -> String { "/opportunities/\(id)/pursuit" }
    static func opportunityQuotes(_ id: OpportunityID) -> String { "/opportunities/\(id)/quotes" }
    static func salesDocument(_ id: SalesDocumentID) -> String { "/documents/\(id)" }
    static func accountPlans(_ id: AccountID) -> String { "/accounts/\(id)/plans" }
    static func accountReviews(_ id: AccountID) -> String { "/accounts/\(id)/reviews" }
    static func plan(_ id: AccountPlanID) -> String { "/plans/\(id)" }
    static func planEdit(_ id: AccountPlanID) -> String { "/plans/\(id)/edit" }
    static func planPrint(_ id: AccountPlanID) -> String { "/plans/\(id)/print" }
    static func planCompare(_ id: AccountPlanID) -> String { "/plans/\(id)/compare" }
    static func planApprove(_ id: AccountPlanID) -> String { "/plans/\(id)/approve" }
    static func planClone(_ id: AccountPlanID) -> String { "/plans/\(id)/clone" }
    static func orderFromQuote(_ id: SalesDocumentID) -> String { "/documents/\(id)/order" }
    static func contractFromOrder(_ id: SalesDocumentID) -> String { "/documents/\(id)/contract" }
    static func decisionChain(_ id: OpportunityID) -> String { "/opportunities/\(id)/decision-chain" }
    static func removeChainEntry(_ id: OpportunityID) -> String { "/opportunities/\(id)/decision-chain/remove" }
    static func deleteCustomField(_ id: Int64) -> String { "/settings/fields/\(id)/delete" }
    static func expert(_ id: UserID) -> String { "/experts/\(id)" }
    static func expertDirectory(for account: AccountID) -> String { "/experts?account=\(account)" }
    static func expertRequests(account: AccountID) -> String { "/accounts/\(account)/expert-requests" }
    static func decideExpertRequest(_ id: ExpertRequestID) -> String { "/expert-requests/\(id)/decision" }
    static func withdrawExpertRequest(_ id: ExpertRequestID) -> String { "/expert-requests/\(id)/withdraw" }
    static func accountCoverage(_ id: AccountID) -> String { "/accounts/\(id)/coverage" }
    static func endCoverage(_ id: CoverageID) -> String { "/coverage/\(id)/end" }
    static func salesTeam(_ id: SalesTeamID) -> String { "/settings/sales-teams/\(id)" }
    static func territoryModel(_ id: TerritoryModelID) -> String { "/settings/territories/\(id)" }
    static func territoryModelTerritories(_ id: TerritoryModelID) -> String { "/settings/territories/\(id)/territories" }
    static func applyTerritoryModel(_ id: TerritoryModelID) -> String { "/settings/territories/\(id)/apply" }
    static func user(_ id: UserID) -> String { "/settings/users/\(id)" }
    static func presalesRequests(account: AccountID) -> String { "/accounts/\(account)/presales-requests" }
    static func assignPresales(_ id: PresalesRequestID) -> String { "/presales-requests/\(id)/assign" }
    static func completePresales(_ id: PresalesRequestID) -> String { "/presales-requests/\(id)/complete" }
    static func cancelPresales(_ id: PresalesRequestID) -> String { "/presales-requests/\(id)/cancel" }
}
