import Foundation
import KAMCore

/// Everything the web layer and the CLI store or read goes through these repositories.
public struct KAMStore: Sendable {
    public let database: KAMDatabase
    public let now: @Sendable () -> Date

    public init(database: KAMDatabase, now: @escaping @Sendable () -> Date = { Date() }) {
        self.database = database
        self.now = now
    }

    /// Today in UTC by the store's clock: team memberships are dated in whole days.
    public func today() -> CalendarDate { Clock.today(now()) }

    public var accounts: AccountRepository { AccountRepository(database: database, now: now) }
    public var persons: KeyPersonRepository { KeyPersonRepository(database: database, now: now) }
    public var opportunities: OpportunityRepository { OpportunityRepository(database: database, now: now) }
    public var connections: ConnectionRepository { ConnectionRepository(database: database, now: now) }
    public var decisionChains: DecisionChainRepository { DecisionChainRepository(database: database, now: now) }
    public var users: UserRepository { UserRepository(database: database, now: now) }
    public var sessions: SessionRepository { SessionRepository(database: database, now: now) }
    public var teams: AccountTeamRepository { AccountTeamRepository(database: database, now: now) }
    public var salesTeams: SalesTeamRepository { SalesTeamRepository(database: database, now: now) }
    public var coverage: CoverageRepository { CoverageRepository(database: database, now: now) }
    public var territories: TerritoryRepository { TerritoryRepository(database: database, now: now) }
    public var experts: ExpertRepository { ExpertRepository(database: database, now: now) }
    public var presales: PresalesRepository { PresalesRepository(database: database, now: now) }
    public var customFields: CustomFieldRepository { CustomFieldRepository(database: database, now: now) }
    public var catalogue: CatalogueRepository { CatalogueRepository(database: database, now: now) }
    public var purchases: PurchaseRepository { PurchaseRepository(database: database, now: now) }
    public var scoring: ScoringRepository { ScoringRepository(database: database, now: now) }
    public var classification: ClassificationRepository { ClassificationRepository(database: database, now: now) }
    public var strategies: StrategyRepository { StrategyRepository(database: database, now: now) }
    public var documents: CompanyDocumentRepository { CompanyDocumentRepository(database: database, now: now) }
    public var activities: ActivityRepository { ActivityRepository(database: database, now: now) }
    public var tasks: TaskRepository { TaskRepository(database: database, now: now) }
    public var timeline: TimelineRepository { TimelineRepository(database: database, now: now) }
    public var lifecycle: LifecycleRepository { LifecycleRepository(database: database, now: now) }
    public var incidents: IncidentRepository { IncidentRepository(database: database, now: now) }
    public var complaints: ComplaintRepository { ComplaintRepository(database: database, now: now) }
    public var strengthening: StrengtheningRepository { StrengtheningRepository(database: database, now: now) }
    public var pipeline: PipelineRepository { PipelineRepository(database: database, now: now) }
    public var salesDocuments: SalesDocumentRepository { SalesDocumentRepository(database: database, now: now) }
    public var plans: AccountPlanRepository { AccountPlanRepository(database: database, now: now) }
    public var quotas: QuotaRepository { QuotaRepository(database: database, now: now) }
    public var evaluations: EvaluationRepository { EvaluationRepository(database: database, now: now) }
    public var assessments: AssessmentRepository { AssessmentRepository(database: database, now: now) }
    public var reminders: ReminderRepository { ReminderRepository(database: database, now: now) }
}
