import Foundation
import HTTPTypes
import KAMCore
import KAMStore
import KAMTestSupport
@testable import KAMWeb

/// The rule each page route follows, and the record it is sent to.
extension AccessMatrixTests {
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
        case .assessmentsPage: return Case(method: .get, path: path + "?year=2026", rule: .companyWide)
        case .decideAssessment:
            return post([("year", "2025"), ("subject", "team"), ("subjectID", String(f.salesTeam)), ("decision", "not_qualified"), ("version", "0")],
                        .decidesAssessment)
        case .notificationsPage, .reviewReportPage, .cadencesPage: return Case(method: .get, path: path, rule: .everyone)
        case .readNotifications: return post([("id", String(f.notification))], .othersOwn)
        case .rotateCalendarFeed: return post([], .everyone)
        // An address whose secret nobody holds.
        case .calendarFeed: return Case(method: .get, path: "/feeds/matrix-\(f.n).ics", rule: .othersOwn)
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
        case .saveCadences:
            var fields: [(String, String)] = [("remindDaysBefore", "10")]
            for (index, kind) in EvaluationKind.allCases.enumerated() {
                fields += [("cadences[\(index)].kind", kind.rawValue), ("cadences[\(index)].months", "4"), ("cadences[\(index)].anchoring", "anchored")]
            }
            return post(fields, .admin, versionOf: ("company_documents:evaluation_cadences", 0))
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
}
