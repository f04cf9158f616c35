import Foundation

/// One audited change: who did what to which record, with the record before and after as JSON.
public struct AuditEntry: Sendable, Hashable, Codable {
    public var id: Int64
    public var actorID: UserID?
    /// "system" for maintenance commands, else the user's name at the time.
    public var actorName: String
    public var at: Date
    public var entity: String
    public var entityID: Int64
    public var action: String
    public var before: String?
    public var after: String?
    /// The account this change concerns, so an account page can show its history.
    public var accountID: AccountID?

    public init(id: Int64, actorID: UserID?, actorName: String, at: Date, entity: String, entityID: Int64,
                action: String, before: String?, after: String?, accountID: AccountID?) {
        self.id = id
        self.actorID = actorID
        self.actorName = actorName
        self.at = at
        self.entity = entity
        self.entityID = entityID
        self.action = action
        self.before = before
        self.after = after
        self.accountID = accountID
    }
}

/// Who is acting: a signed-in user, a CLI user given with `--as`, or the system for maintenance.
public struct Actor: Sendable, Hashable {
    public var userID: UserID?
    public var name: String
    public static let system = Actor(userID: nil, name: "system")
    public init(userID: UserID?, name: String) {
        self.userID = userID
        self.name = name
    }
    public init(_ user: User) { self.init(userID: user.id, name: user.username) }
}
