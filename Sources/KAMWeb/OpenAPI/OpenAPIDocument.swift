import Foundation
import KAMCore

/// The OpenAPI 3.1 description, generated from `APIOperation` so it lists exactly what is routed.
enum OpenAPIDocument {
    static let json: String = {
        let data = (try? JSONSerialization.data(withJSONObject: document, options: [.sortedKeys, .prettyPrinted])) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }()

    static var document: [String: Any] {
        var paths: [String: [String: Any]] = [:]
        for operation in APIOperation.allCases {
            paths[operation.path, default: [:]][operation.method.rawValue.lowercased()] = describe(operation)
        }
        return [
            "openapi": "3.1.0",
            "info": ["title": "OpenKAM API", "version": "1.0.0",
                     "description": "Key account management. Sign in with POST /api/v1/session; the session cookie authenticates later calls. Writes to versioned records take If-Match with the ETag last read; a stale one answers 412."],
            "servers": [["url": "/"]],
            "paths": paths,
            "components": ["schemas": OpenAPISchemas.all,
                           "securitySchemes": ["session": ["type": "apiKey", "in": "cookie", "name": "kam_session"]]],
            "security": [["session": [String]()]],
        ]
    }

    static func describe(_ op: APIOperation) -> [String: Any] {
        var d: [String: Any] = ["operationId": op.rawValue, "summary": summary(op), "tags": [tag(op)]]
        var parameters: [[String: Any]] = []
        if op.path.contains("{id}") {
            parameters.append(["name": "id", "in": "path", "required": true, "schema": ["type": "integer", "format": "int64", "minimum": 1]])
        }
        if op.takesIfMatch {
            parameters.append(["name": "If-Match", "in": "header", "required": true, "schema": ["type": "string"],
                               "description": "The ETag of the version the client last read, e.g. \"3\"."])
        }
        let required = requiredQueryParameters(op), query = queryParameters(op)
        for (name, schema) in query {
            // An empty filter, as a form sends it, counts as no filter.
            parameters.append(required.contains(name) ? ["name": name, "in": "query", "required": true, "schema": schema]
                                                      : ["name": name, "in": "query", "required": false, "allowEmptyValue": true, "schema": schema])
        }
        if !parameters.isEmpty { d["parameters"] = parameters }
        if let body = requestSchema(op) {
            // Scoring and a classification preview may be asked with nothing to add; an expert's
            // profile saved empty keeps its defaults.
            let optional: [APIOperation] = [.scoreAccount, .previewClassification, .saveExpert]
            d["requestBody"] = ["required": !optional.contains(op), "content": ["application/json": ["schema": ref(body)]]]
        }
        if op == .importTransactions {
            d["requestBody"] = ["required": true, "description": "CSV: " + TransactionCSV.columns.joined(separator: ","),
                                "content": ["text/csv": ["schema": ["type": "string"]]]]
        }
        var responses: [String: Any] = [:]
        let problem: [String: Any] = ["description": "Problem document (RFC 9457)", "content": ["application/problem+json": ["schema": ref("Problem")]]]
        if let (status, schema) = responseSchema(op) {
            if schema == "CSV" {
                responses[status] = ["description": "CSV (UTF-8 with BOM, RFC 4180)", "content": ["text/csv": ["schema": ["type": "string"]]]]
            } else if schema == "GraphML" {
                responses[status] = ["description": "GraphML (directed)", "content": ["application/graphml+xml": ["schema": ["type": "string"]]]]
            } else {
                responses[status] = schema.map { ["description": "Success", "content": ["application/json": ["schema": ref($0)]]] as [String: Any] }
                    ?? ["description": "Success, no content"]
            }
        }
        responses["401"] = problem
        if op.path.contains("{id}") { responses["404"] = problem }
        if !query.isEmpty { responses["422"] = problem }
        // Filtering by an account one cannot see answers as if it did not exist.
        if query.contains(where: { $0.0 == "account" }) { responses["404"] = problem }
        // A body that is not JSON (400) or of another type (415); an If-Match that is no ETag (400).
        if d["requestBody"] != nil { responses["400"] = problem; responses["415"] = problem }
        if op.method != .get { responses["422"] = problem; responses["403"] = problem }
        if op.takesIfMatch { responses["400"] = problem; responses["412"] = problem; responses["428"] = problem }
        if op == .signIn { responses["429"] = problem; d["security"] = [[String: Any]]() }
        if [.deleteAccount, .restoreAccount, .createCustomField, .createUser, .addTerritory, .updateTerritory, .applyTerritoryModel,
            .decideExpertRequest, .withdrawExpertRequest, .assignPresalesRequest, .completePresalesRequest,
            .cancelPresalesRequest, .createTransaction, .updateCompanySettings, .fitPurchaseModels].contains(op) { responses["409"] = problem }
        if op == .saveExpert { responses["201"] = responses["200"]; responses["412"] = problem }
        if op == .recordEvaluation { responses["409"] = problem }
        // A task at an account the caller cannot see: as if the account were not there.
        if op == .createTask { responses["404"] = problem }
        if op == .applyClassification { responses["412"] = problem }
        d["responses"] = responses
        return d
    }

    static func ref(_ name: String) -> [String: Any] { ["$ref": "#/components/schemas/\(name)"] }

    static func tag(_ op: APIOperation) -> String {
        let path = op.path
        if path.contains("/team-members") || path.hasSuffix("/team") { return "account teams" }
        if path.contains("coverage") || path.contains("sales-teams") || path.contains("territor") { return "coverage and territories" }
        if path.contains("expert") { return "experts" }
        if path.contains("presales") { return "pre-sales" }
        if path.contains("activit") || path.contains("timeline") { return "activities" }
        if ["lifecycle", "channels", "incidents", "complaints", "strengthening", "mutual-purchases", "consulting-engagements",
            "governance-seats"].contains(where: path.contains) {
            return "lifecycle"
        }
        if path.contains("/plans") || path.contains("quotas") { return "account plans" }
        if path.contains("accounts") { return "accounts" }
        if path.contains("key-persons") { return "key persons" }
        if path.contains("opportunities") || path.contains("pipeline") || path.contains("forecast") || path.contains("sales-process")
            || path.contains("sales-documents") {
            return "opportunities"
        }
        if path.contains("custom-fields") { return "custom fields" }
        if path.contains("/users") { return "users" }
        if path.contains("/reports") { return "reports" }
        if path.contains("product") || path.contains("exchange-rates") || path.contains("company-settings") { return "catalogue and currencies" }
        if path.contains("transactions") { return "purchase history" }
        if path.contains("scor") { return "scoring" }
        if path.contains("classification") { return "classification" }
        if path.contains("strateg") { return "strategy" }
        if path.contains("activit") || path.contains("timeline") { return "activities" }
        if path.contains("/tasks") { return "tasks" }
        return "session"
    }

    static func summary(_ op: APIOperation) -> String {
        op.rawValue.reduce(into: "") { text, ch in
            if ch.isUppercase { text += " " + ch.lowercased() } else { text.append(ch) }
        }.capitalized(with: nil)
    }

    static func queryParameters(_ op: APIOperation) -> [(String, [String: Any])] {
        let string: [String: Any] = ["type": "string"]
        let integer: [String: Any] = ["type": "integer", "format": "int64"]
        switch op {
        case .listAccounts, .exportAccounts:
            return [("q", string), ("industry", ["type": "string", "enum": Industry.allRawValues]), ("region", ["type": "string", "enum": Region.allRawValues]),
                    ("status", ["type": "string", "enum": KeyAccountStatus.allRawValues]), ("class", ["type": "string", "enum": AccountClass.allRawValues]),
                    ("owner", integer), ("parent", integer),
                    ("sort", ["type": "string", "enum": ["name", "-name", "updated", "-updated"]]), ("limit", ["type": "integer", "minimum": 1, "maximum": 200]),
                    ("cursor", string), ("deleted", ["type": "string", "enum": ["true", "false"]])]
        case .listPersons:
            return [("q", string), ("account", integer), ("limit", ["type": "integer", "minimum": 1, "maximum": 500]), ("cursor", string),
                    ("deleted", ["type": "string", "enum": ["true", "false"]])]
        case .listOpportunities:
            return [("account", integer), ("owner", integer), ("stage", OpenAPISchemas.stageKey),
                    ("track", ["type": "string", "enum": SalesTrack.allRawValues]), ("limit", integer), ("offset", integer)]
        case .pipelineBoard:
            return [("account", integer), ("owner", integer)]
        case .comparePlan: return [("left", integer), ("right", integer)]
        case .listReviews:
            return [("scope", ["type": "string", "enum": ReviewScope.allCases.map(\.rawValue)]),
                    ("state", ["type": "string", "description": "Comma-separated: " + DueState.allRawValues.joined(separator: ", ")]),
                    ("limit", ["type": "integer", "minimum": 1, "maximum": 5000])]
        case .listAssessments, .exportAssessments: return [("year", ["type": "integer", "minimum": 2000, "maximum": 2100])]
        case .listNotifications:
            return [("unread", ["type": "string", "enum": ["true", "false"]]), ("limit", ["type": "integer", "minimum": 1, "maximum": 500])]
        case .forecast:
            return [("account", integer), ("owner", integer), ("from", ["type": "string", "format": "date"]), ("to", ["type": "string", "format": "date"]),
                    ("by", ["type": "string", "enum": ForecastGrouping.allRawValues])]
        case .getAccount: return [("deleted", ["type": "string", "enum": ["true", "false"]])]
        case .coverageMatrix:
            return [("region", ["type": "string", "enum": Region.allRawValues]), ("industry", ["type": "string", "enum": Industry.allRawValues]),
                    ("status", ["type": "string", "enum": KeyAccountStatus.allRawValues]), ("problems", ["type": "string", "enum": ["true", "false"]]),
                    ("limit", ["type": "integer", "minimum": 1, "maximum": 1000])]
        case .searchExperts:
            return [("skill", ["type": "string", "description": "Comma-separated skills"]),
                    ("industry", ["type": "string", "enum": Industry.allRawValues]), ("language", string)]
        case .listExpertRequests: return [("box", ["type": "string", "enum": ExpertRequestBox.allCases.map(\.rawValue)])]
        case .listPresalesRequests: return [("status", ["type": "string", "enum": PresalesStatus.allRawValues])]
        case .bestPath: return [("to", integer), ("from", ["type": "string", "description": "Comma-separated person ids"])]
        case .exportRelationshipMap:
            return [("opportunity", ["type": "integer", "format": "int64", "description": "The map as it holds for this opportunity of the account"]),
                    ("on", ["type": "string", "format": "date", "description": "The org chart as it was on this day"])]
        case .relationshipMap: return [("on", ["type": "string", "format": "date", "description": "The org chart as it was on this day"])]
        case .listExchangeRates: return [("currency", ["type": "string", "enum": Money.minorUnitDigits.keys.sorted()])]
        case .listProducts: return [("line", integer)]
        case .purchaseHistory: return [("branches", ["type": "string", "enum": ["true", "false"], "description": "Include the branches' purchases"])]
        case .importTransactions: return [("name", ["type": "string", "description": "The file's name, for the audit trail"])]
        case .listActivities:
            return [("kind", OpenAPISchemas.enumOf(ActivityKind.self)), ("limit", ["type": "integer", "minimum": 1, "maximum": 500]), ("cursor", string)]
        case .accountTimeline:
            return [("sources", ["type": "string", "description": "Comma-separated: " + TimelineSource.allRawValues.joined(separator: ", ")]),
                    ("limit", ["type": "integer", "minimum": 1, "maximum": 200]), ("cursor", string)]
        case .listTasks:
            return [("owner", integer), ("account", integer), ("status", OpenAPISchemas.enumOf(TaskStatus.self)), ("dueBy", ["type": "string", "format": "date"]),
                    ("limit", ["type": "integer", "minimum": 1, "maximum": 1000])]
        default: return []
        }
    }

    /// Query parameters an operation cannot do without (a 422 names each one missing).
    static func requiredQueryParameters(_ op: APIOperation) -> Set<String> {
        switch op {
        case .bestPath: ["to"]
        case .comparePlan: ["left", "right"]
        default: []
        }
    }

    static func requestSchema(_ op: APIOperation) -> String? {
        switch op {
        case .signIn: "SignIn"
        case .createAccount, .updateAccount: "AccountInput"
        case .moveAccount: "MoveRequest"
        case .createPerson, .updatePerson: "KeyPersonInput"
        case .assessPortrait: "PortraitInput"
        case .replacePlaceholder: "PlaceholderReplacementInput"
        case .createOpportunity, .updateOpportunity: "OpportunityInput"
        case .createCustomField: "CustomFieldInput"
        case .addTeamMember, .updateTeamMember: "TeamMemberInput"
        case .createUser: "NewUser"
        case .updateUser: "UserChange"
        case .createSalesTeam, .updateSalesTeam: "SalesTeamInput"
        case .addCoverage, .updateCoverage: "CoverageInput"
        case .createTerritoryModel: "TerritoryModelInput"
        case .addTerritory, .updateTerritory: "TerritoryInput"
        case .saveExpert: "ExpertProfileInput"
        case .createExpertRequest: "ExpertRequestInput"
        case .decideExpertRequest: "ExpertDecision"
        case .createPresalesRequest: "PresalesInput"
        case .assignPresalesRequest: "PresalesAssignment"
        case .createConnection, .updateConnection: "ConnectionInput"
        case .saveDecisionChain: "DecisionChainInput"
        case .updateCompanySettings: "CompanySettingsInput"
        case .saveExchangeRate: "ExchangeRate"
        case .createProductLine: "ProductLineInput"
        case .createProduct, .updateProduct: "ProductInput"
        case .createTransaction: "TransactionInput"
        case .saveScoringModel: "ScoringModelInput"
        case .scoreAccount: "ScoreInput"
        case .rescoreAccounts: "RescoreInput"
        case .saveClassificationRules: "ClassificationRulesInput"
        case .previewClassification: "ClassificationRulesInput"
        case .applyClassification: "ClassificationApplyInput"
        case .saveInvestmentStrategy: "InvestmentStrategyInput"
        case .saveStrategyLibrary: "StrategyLibraryInput"
        case .assignStrategy, .updateStrategyAssignment: "StrategyAssignmentInput"
        case .logActivity, .updateActivity: "ActivityInput"
        case .createTask, .updateTask: "TaskInput"
        case .addChannel, .updateChannel: "ChannelInput"
        case .openIncident, .updateIncident: "IncidentInput"
        case .addIncidentEvent: "IncidentNote"
        case .receiveComplaint, .updateComplaint: "ComplaintInput"
        case .addMutualPurchase, .updateMutualPurchase: "MutualPurchaseInput"
        case .addEngagement, .updateEngagement: "EngagementInput"
        case .addSeat, .updateSeat: "SeatInput"
        case .saveSalesProcess: "SalesProcessInput"
        case .savePursuit: "PursuitInput"
        case .createQuote: "QuoteInput"
        case .updateSalesDocument: "SalesDocumentChange"
        case .createPlan, .savePlan: "PlanInput"
        case .createQuota, .updateQuota: "QuotaInput"
        case .recordEvaluation: "EvaluationInput"
        case .saveEvaluationCadences: "EvaluationCadencesInput"
        case .decideAssessment: "AssessmentDecisionInput"
        case .saveAssessmentCriteria: "AssessmentCriteriaInput"
        default: nil
        }
    }

    static func responseSchema(_ op: APIOperation) -> (String, String?)? {
        switch op {
        case .signIn, .currentSession: ("200", "Session")
        case .signOut, .deleteAccount, .deletePerson, .deleteCustomField: ("204", nil)
        case .listAccounts: ("200", "AccountList")
        case .exportAccounts: ("200", "CSV")
        case .createAccount: ("201", "Account")
        case .getAccount, .updateAccount, .restoreAccount, .moveAccount: ("200", "Account")
        case .listAccountMoves: ("200", "MoveList")
        case .accountHistory: ("200", "AuditList")
        case .accountTree: ("200", "TreeList")
        case .listPersons: ("200", "PersonList")
        case .createPerson: ("201", "KeyPerson")
        case .getPerson, .updatePerson, .restorePerson, .assessPortrait: ("200", "KeyPerson")
        case .portraitHistory: ("200", "PortraitHistory")
        case .replacePlaceholder: ("200", "PlaceholderReplacement")
        case .listOpportunities: ("200", "OpportunityList")
        case .createOpportunity: ("201", "Opportunity")
        case .getOpportunity, .updateOpportunity: ("200", "Opportunity")
        case .listCustomFields: ("200", "CustomFieldList")
        case .createCustomField: ("201", "CustomField")
        case .listUsers: ("200", "UserList")
        case .createUser: ("201", "User")
        case .getUser, .updateUser: ("200", "User")
        case .ironTriangleReport: ("200", "TriangleGapList")
        case .listTeam: ("200", "TeamList")
        case .addTeamMember: ("201", "TeamMember")
        case .getTeamMember, .updateTeamMember: ("200", "TeamMember")
        case .removeTeamMember, .removeCoverage: ("204", nil)
        case .listSalesTeams: ("200", "SalesTeamList")
        case .createSalesTeam: ("201", "SalesTeam")
        case .getSalesTeam, .updateSalesTeam: ("200", "SalesTeam")
        case .listCoverage: ("200", "CoverageList")
        case .addCoverage: ("201", "Coverage")
        case .getCoverage, .updateCoverage: ("200", "Coverage")
        case .coverageMatrix: ("200", "CoverageMatrix")
        case .listTerritoryModels: ("200", "TerritoryModelList")
        case .createTerritoryModel: ("201", "TerritoryModel")
        case .getTerritoryModel: ("200", "TerritoryModel")
        case .addTerritory: ("201", "Territory")
        case .updateTerritory: ("200", "Territory")
        case .previewTerritoryModel, .applyTerritoryModel: ("200", "TerritoryMoveList")
        case .searchExperts: ("200", "ExpertList")
        case .getExpert: ("200", "ExpertMatch")
        case .saveExpert: ("200", "ExpertProfile")
        case .createExpertRequest: ("201", "ExpertRequest")
        case .listExpertRequests: ("200", "ExpertRequestList")
        case .getExpertRequest, .decideExpertRequest, .withdrawExpertRequest: ("200", "ExpertRequest")
        case .createPresalesRequest: ("201", "PresalesRequest")
        case .listPresalesRequests: ("200", "PresalesRequestList")
        case .getPresalesRequest, .assignPresalesRequest, .completePresalesRequest, .cancelPresalesRequest: ("200", "PresalesRequest")
        case .listConnections: ("200", "ConnectionList")
        case .createConnection: ("201", "Connection")
        case .getConnection, .updateConnection: ("200", "Connection")
        case .deleteConnection: ("204", nil)
        case .relationshipMap: ("200", "RelationshipMap")
        case .bestPath: ("200", "BestPath")
        case .exportRelationshipMap: ("200", "GraphML")
        case .getDecisionChain, .saveDecisionChain: ("200", "DecisionChain")
        case .getCompanySettings, .updateCompanySettings: ("200", "CompanySettings")
        case .listExchangeRates: ("200", "ExchangeRateList")
        case .saveExchangeRate: ("200", "ExchangeRate")
        case .listProductLines: ("200", "ProductLineList")
        case .createProductLine: ("201", "ProductLine")
        case .listProducts: ("200", "ProductList")
        case .createProduct: ("201", "Product")
        case .getProduct, .updateProduct: ("200", "Product")
        case .purchaseHistory: ("200", "PurchaseHistory")
        case .createTransaction: ("201", "Transaction")
        case .getTransaction: ("200", "Transaction")
        case .importTransactions: ("200", "TransactionImportOutcome")
        case .fitPurchaseModels: ("200", "PurchaseModelFit")
        case .latestPurchaseModel: ("200", "StoredPurchaseModelFit")
        case .purchaseOutlook: ("200", "PurchaseOutlook")
        case .getScoringModel, .saveScoringModel: ("200", "ScoringModel")
        case .listScoringRevisions: ("200", "ScoringModelList")
        case .scoreAccount: ("201", "AccountScore")
        case .listAccountScores, .rescoreAccounts: ("200", "AccountScoreList")
        case .getClassificationRules, .saveClassificationRules: ("200", "ClassificationRules")
        case .listClassificationRevisions: ("200", "ClassificationRulesList")
        case .previewClassification, .applyClassification: ("200", "ClassificationRun")
        case .accountPlacement: ("200", "StoredPlacement")
        case .getInvestmentStrategy, .saveInvestmentStrategy: ("200", "InvestmentStrategy")
        case .getStrategyLibrary, .saveStrategyLibrary: ("200", "StrategyLibrary")
        case .accountStrategy: ("200", "AccountStrategy")
        case .assignStrategy: ("201", "StrategyAssignment")
        case .getStrategyAssignment, .updateStrategyAssignment: ("200", "StrategyAssignment")
        case .listActivities: ("200", "ActivityList")
        case .logActivity: ("201", "Activity")
        case .getActivity, .updateActivity: ("200", "Activity")
        case .accountTimeline: ("200", "Timeline")
        case .listTasks: ("200", "TaskList")
        case .createTask: ("201", "Task")
        case .getTask, .updateTask: ("200", "Task")
        case .accountLifecycle: ("200", "AccountLifecycle")
        case .addChannel: ("201", "Channel")
        case .getChannel, .updateChannel: ("200", "Channel")
        case .listIncidents: ("200", "IncidentList")
        case .openIncident, .addIncidentEvent: ("201", "Incident")
        case .getIncident, .updateIncident: ("200", "Incident")
        case .listComplaints: ("200", "ComplaintList")
        case .receiveComplaint: ("201", "Complaint")
        case .getComplaint, .updateComplaint: ("200", "Complaint")
        case .accountStrengthening: ("200", "Strengthening")
        case .addMutualPurchase: ("201", "MutualPurchase")
        case .getMutualPurchase, .updateMutualPurchase: ("200", "MutualPurchase")
        case .addEngagement: ("201", "Engagement")
        case .getEngagement, .updateEngagement: ("200", "Engagement")
        case .addSeat: ("201", "Seat")
        case .getSeat, .updateSeat: ("200", "Seat")
        case .getSalesProcess, .saveSalesProcess: ("200", "SalesProcess")
        case .getPursuit, .savePursuit: ("200", "Pursuit")
        case .pipelineBoard: ("200", "PipelineBoard")
        case .forecast: ("200", "Forecast")
        case .listSalesDocuments: ("200", "SalesDocumentList")
        case .createQuote, .makeOrder, .makeContract: ("201", "SalesDocument")
        case .getSalesDocument, .updateSalesDocument: ("200", "SalesDocument")
        case .listPlans: ("200", "PlanList")
        case .createPlan, .clonePlan: ("201", "Plan")
        case .savePlan, .approvePlan: ("200", "Plan")
        case .getPlan: ("200", "PlanView")
        case .comparePlan: ("200", "PlanComparison")
        case .listQuotas: ("200", "QuotaList")
        case .createQuota: ("201", "Quota")
        case .getQuota, .updateQuota: ("200", "Quota")
        case .listReviews: ("200", "ReviewDueList")
        case .accountReviews: ("200", "AccountReviews")
        case .recordEvaluation: ("201", "Evaluation")
        case .getEvaluation: ("200", "Evaluation")
        case .getEvaluationCadences, .saveEvaluationCadences: ("200", "EvaluationCadences")
        case .listNotifications: ("200", "NotificationList")
        case .readNotification, .removeCalendarFeed: ("204", nil)
        case .readAllNotifications: ("200", "MarkedCount")
        case .getCalendarFeed: ("200", "CalendarFeed")
        case .rotateCalendarFeed: ("201", "CalendarFeed")
        case .reviewReport: ("200", "ReviewReport")
        case .listAssessments: ("200", "AssessmentList")
        case .exportAssessments: ("200", "CSV")
        case .decideAssessment: ("200", "YearlyAssessment")
        case .getAssessmentCriteria, .saveAssessmentCriteria: ("200", "AssessmentCriteria")
        }
    }
}
