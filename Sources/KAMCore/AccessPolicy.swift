/// How far a user may go with one account.
public enum AccountAccess: Int, Sendable, Comparable {
    case none, read, edit
    public static func < (a: Self, b: Self) -> Bool { a.rawValue < b.rawValue }
}

/// Which accounts a user may see (domain.md §10), as data the store turns into a query so that
/// lists, counts, search and exports never load what the user may not see.
public enum AccountScope: Sendable, Hashable {
    case all
    /// Accounts that one of these users owns, is on the current team of, or covers on a line.
    case tiedTo(Set<UserID>)
}

/// The one access rule of the product (domain.md §10); every route reaches it through the store.
/// A user sees an account they own, are on the team of or cover on a line, or that someone below
/// them in the manager hierarchy owns, is on the team of or covers; company-wide roles see every
/// account. Edit rights follow ownership and team access (coverage alone gives reading); a sales
/// director edits what they see.
public struct AccessPolicy: Sendable {
    public let user: User
    /// Users below `user` in the manager hierarchy, transitively.
    public let subordinates: Set<UserID>

    public init(user: User, subordinates: Set<UserID>) {
        self.user = user
        self.subordinates = subordinates
    }

    /// Everyone below a manager, following `managerID` links; loops in bad data end the walk.
    public static func subordinates(of manager: UserID, managers: [UserID: UserID]) -> Set<UserID> {
        var children: [UserID: [UserID]] = [:]
        for (user, boss) in managers { children[boss, default: []].append(user) }
        var seen: Set<UserID> = []
        var stack = children[manager] ?? []
        while let next = stack.popLast() {
            guard next != manager, seen.insert(next).inserted else { continue }
            stack.append(contentsOf: children[next] ?? [])
        }
        return seen
    }

    /// The user and everyone below them.
    public var circle: Set<UserID> { subordinates.union([user.id]) }

    private var isCompanyWide: Bool { [.administrator, .executive, .readOnly].contains(user.role) }

    /// The access function itself: pure, on the account's owner, current team and coverers.
    public func access(to account: Account) -> AccountAccess {
        switch user.role {
        case .administrator: return .edit
        case .executive, .readOnly: return .read
        case .salesDirector, .keyAccountManager, .salesperson, .expert, .presales: break
        }
        let circle = circle
        let tied = circle.contains(account.ownerID) || account.team.keys.contains(where: circle.contains)
            || !account.coverers.isDisjoint(with: circle)
        guard tied else { return .none }
        if user.role == .salesDirector || account.ownerID == user.id || account.team[user.id] == .edit { return .edit }
        return .read
    }

    public var readScope: AccountScope { isCompanyWide ? .all : .tiedTo(circle) }

    public func canView(_ account: Account) -> Bool { access(to: account) >= .read }

    public func canEdit(_ account: Account) -> Bool { access(to: account) == .edit }

    /// Creating an account for `ownerID`: administrators for anyone, directors for their circle,
    /// account managers and salespeople for themselves.
    public func canCreateAccount(ownerID: UserID) -> Bool {
        switch user.role {
        case .administrator: true
        case .salesDirector: circle.contains(ownerID)
        case .keyAccountManager, .salesperson: ownerID == user.id
        case .executive, .readOnly, .expert, .presales: false
        }
    }

    /// Whether the user may make any change at all (the opportunity owner rule builds on it).
    public var mayEditAnything: Bool {
        switch user.role {
        case .administrator, .salesDirector, .keyAccountManager, .salesperson, .expert, .presales: true
        case .executive, .readOnly: false
        }
    }

    /// Hobbies, schools and private notes of key persons (APPI/PIPA/PIPL: need to know): the
    /// account team and those above it; experts and pre-sales only where an account editor granted
    /// it on their team membership; never read-only users.
    public func canSeePrivateFields(of account: Account?) -> Bool {
        switch user.role {
        case .administrator, .executive: true
        case .salesDirector: account.map(canView) ?? true
        case .keyAccountManager, .salesperson: account.map(canView) ?? false
        case .expert, .presales: account.map { canView($0) && $0.privateFieldGrants.contains(user.id) } ?? false
        case .readOnly: false
        }
    }

    /// Sales teams, coverage and territories are shaped by administrators and sales directors.
    public var mayShapeOrganisation: Bool { user.role == .administrator || user.role == .salesDirector }

    /// Who covers an account: a director for the accounts they edit, administrators for all.
    public func canManageCoverage(of account: Account) -> Bool { mayShapeOrganisation && canEdit(account) }

    public var isAdministrator: Bool { user.role == .administrator }

    /// Company-wide roles see people who are not (yet) employed at any account.
    public var seesUnattachedPeople: Bool { readScope == .all }
}
