/// What a team member may do on the account: edit rights follow the team access (domain.md §10).
public enum TeamAccess: String, DomainVocabulary, Comparable {
    case read, edit
    public static let vocabularyName = "teamaccess"

    public static func < (a: Self, b: Self) -> Bool { a == .read && b == .edit }
}

/// The part a member plays in the account team (domain.md §6). The key account manager is not a
/// team role: it is the account's owner, one person per account.
public enum TeamRole: String, DomainVocabulary {
    case salesperson
    case solutionManager = "solution_manager"
    case customerLeadExpert = "customer_lead_expert"
    case expert, presales
    case serviceManager = "service_manager"
    case executiveSponsor = "executive_sponsor"
    case other
    public static let vocabularyName = "teamrole"
}

public typealias TeamMemberID = Int64

/// A user on an account's team, dated: the membership is current while `to` is open or later
/// than today.
public struct AccountTeamMember: Sendable, Hashable, Codable, Identifiable {
    public var id: TeamMemberID
    public var accountID: AccountID
    public var userID: UserID
    public var userName: String
    public var role: TeamRole
    public var access: TeamAccess
    public var from: CalendarDate
    public var to: CalendarDate?
    /// Hours a quarter the membership takes: what an expert's load adds up.
    public var hoursPerQuarter: Int
    /// Granted sight of key persons' personal fields (experts and pre-sales have none otherwise).
    public var privateFields: Bool
    public var version: Int

    public init(id: TeamMemberID, accountID: AccountID, userID: UserID, userName: String, role: TeamRole, access: TeamAccess,
                from: CalendarDate, to: CalendarDate? = nil, hoursPerQuarter: Int = 0, privateFields: Bool = false, version: Int = 1) {
        self.id = id
        self.accountID = accountID
        self.userID = userID
        self.userName = userName
        self.role = role
        self.access = access
        self.from = from
        self.to = to
        self.hoursPerQuarter = hoursPerQuarter
        self.privateFields = privateFields
        self.version = version
    }

    /// The membership as a client would send it, to change one field and keep the rest.
    public var draft: TeamMemberDraft {
        TeamMemberDraft(userID: userID, role: role, access: access, from: from, to: to, hoursPerQuarter: hoursPerQuarter,
                        privateFields: privateFields)
    }

    public func isCurrent(on day: CalendarDate) -> Bool {
        from <= day && (to.map { day < $0 } ?? true)
    }
}

/// What a client sends to add a member or change one.
public struct TeamMemberDraft: Sendable, Hashable {
    public var userID: UserID
    public var role: TeamRole
    public var access: TeamAccess
    public var from: CalendarDate
    public var to: CalendarDate?
    public var hoursPerQuarter: Int
    public var privateFields: Bool

    public init(userID: UserID, role: TeamRole, access: TeamAccess, from: CalendarDate, to: CalendarDate? = nil,
                hoursPerQuarter: Int = 0, privateFields: Bool = false) {
        self.userID = userID
        self.role = role
        self.access = access
        self.from = from
        self.to = to
        self.hoursPerQuarter = hoursPerQuarter
        self.privateFields = privateFields
    }

    public func validate() throws(ValidationFailure) {
        var v = Validator()
        if let to, to < from { v.add("to", "before_start") }
        v.range(hoursPerQuarter, "hoursPerQuarter", 0...2000)
        try v.check()
    }
}

/// The three roles around a key account (domain.md §6): the account manager (its owner), a
/// customer-lead expert and a solution (programme) manager.
public enum IronTriangleRole: String, DomainVocabulary {
    case accountManager = "account_manager"
    case customerLeadExpert = "customer_lead_expert"
    case solutionManager = "solution_manager"
    public static let vocabularyName = "triangle"
}

/// Who fills each corner of an account's iron triangle today, and which corners are empty.
public struct IronTriangle: Sendable, Hashable, Codable {
    public var accountID: AccountID
    public var accountManager: UserID
    public var customerLeadExperts: [TeamMemberID]
    public var solutionManagers: [TeamMemberID]

    /// The owner is the account manager (domain.md §10: one field, not three); the other corners
    /// come from current team members in those team roles.
    public init(accountID: AccountID, owner: UserID, team: [AccountTeamMember], on day: CalendarDate) {
        let current = team.filter { $0.accountID == accountID && $0.isCurrent(on: day) }
        self.accountID = accountID
        accountManager = owner
        customerLeadExperts = current.filter { $0.role == .customerLeadExpert }.map(\.id)
        solutionManagers = current.filter { $0.role == .solutionManager }.map(\.id)
    }

    public init(account: Account, team: [AccountTeamMember], on day: CalendarDate) {
        self.init(accountID: account.id, owner: account.ownerID, team: team, on: day)
    }

    public var missing: [IronTriangleRole] {
        (customerLeadExperts.isEmpty ? [.customerLeadExpert] : []) + (solutionManagers.isEmpty ? [.solutionManager] : [])
    }

    public var isComplete: Bool { missing.isEmpty }

    /// A key account without a customer-lead expert is flagged: that expert is who earns the key
    /// people's trust over years. (Classes A–D will narrow this to A and C once accounts are classified.)
    public func needsLeadExpert(status: KeyAccountStatus) -> Bool {
        status == .qualified && customerLeadExperts.isEmpty
    }
}
