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
    public var version: Int

    public init(id: TeamMemberID, accountID: AccountID, userID: UserID, userName: String, role: TeamRole, access: TeamAccess,
                from: CalendarDate, to: CalendarDate? = nil, version: Int = 1) {
        self.id = id
        self.accountID = accountID
        self.userID = userID
        self.userName = userName
        self.role = role
        self.access = access
        self.from = from
        self.to = to
        self.version = version
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

    public init(userID: UserID, role: TeamRole, access: TeamAccess, from: CalendarDate, to: CalendarDate? = nil) {
        self.userID = userID
        self.role = role
        self.access = access
        self.from = from
        self.to = to
    }

    public func validate() throws(ValidationFailure) {
        var v = Validator()
        if let to, to < from { v.add("to", "before_start") }
        try v.check()
    }
}
