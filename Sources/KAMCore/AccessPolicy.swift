/// Which accounts a user may see and change (domain.md §10), as data the store turns into a query
/// so that lists, counts, search and exports never load what the user may not see.
public enum AccountScope: Sendable, Hashable {
    case all
    /// Accounts owned by one of these users.
    case ownedBy(Set<UserID>)

    public func contains(ownerID: UserID) -> Bool {
        switch self {
        case .all: true
        case .ownedBy(let owners): owners.contains(ownerID)
        }
    }
}

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

    public var readScope: AccountScope {
        switch user.role {
        case .administrator, .executive, .readOnly: .all
        case .salesDirector: .ownedBy(subordinates.union([user.id]))
        case .keyAccountManager, .salesperson, .expert, .presales: .ownedBy([user.id])
        }
    }

    public var editScope: AccountScope? {
        switch user.role {
        case .administrator: .all
        case .executive, .readOnly, .expert, .presales: nil
        case .salesDirector: .ownedBy(subordinates.union([user.id]))
        case .keyAccountManager, .salesperson: .ownedBy([user.id])
        }
    }

    public func canView(_ account: Account) -> Bool { readScope.contains(ownerID: account.ownerID) }

    public func canEdit(_ account: Account) -> Bool { editScope?.contains(ownerID: account.ownerID) ?? false }

    /// Creating an account for `ownerID`: within one's own edit scope only.
    public func canCreateAccount(ownerID: UserID) -> Bool { editScope?.contains(ownerID: ownerID) ?? false }

    /// Hobbies, schools and private notes of key persons (APPI/PIPA/PIPL: need to know).
    public func canSeePrivateFields(of account: Account?) -> Bool {
        switch user.role {
        case .administrator, .executive, .salesDirector: true
        case .keyAccountManager, .salesperson: account.map(canView) ?? false
        case .expert, .presales, .readOnly: false
        }
    }

    public var isAdministrator: Bool { user.role == .administrator }

    /// Company-wide roles see people who are not (yet) employed at any account.
    public var seesUnattachedPeople: Bool { readScope == .all }
}
