import Foundation
import KAMCore

public enum AccountSort: String, Sendable, CaseIterable {
    case name, nameDescending = "-name", updated, updatedDescending = "-updated"

    var column: String { self == .name || self == .nameDescending ? "a.name_search" : "a.updated_at" }
    var descending: Bool { self == .nameDescending || self == .updatedDescending }
}

public struct CustomFieldFilter: Sendable, Hashable {
    public var key: String
    public var value: String
    public init(key: String, value: String) {
        self.key = key
        self.value = value
    }
}

/// A list request: filters, search, sort and a keyset cursor.
public struct AccountQuery: Sendable {
    public var search: String?
    public var industry: Industry?
    public var region: Region?
    public var ownerID: UserID?
    public var status: KeyAccountStatus?
    public var accountClass: AccountClass?
    public var parentID: AccountID?
    public var customFields: [CustomFieldFilter] = []
    public var sort: AccountSort = .name
    public var cursor: PageCursor?
    public var limit: Int = 50
    /// true lists the recycle bin instead of live accounts.
    public var deleted = false
    /// How far a search counts its matches (tests lower it to reach the common-term path cheaply).
    var searchCountCap = Page<AccountSummary>.searchCountLimit
    /// Above how many owned accounts a scope is walked rather than driven (tests force either form).
    var denseScopeLimit = AccountRepository.sortedScopeLimit

    public init() {}
}

/// A row of the account list: what the list shows, no more.
public struct AccountSummary: Sendable, Hashable, Codable {
    public var id: AccountID
    public var name: String
    public var industry: Industry
    public var region: Region
    public var size: AccountSize
    public var ownerID: UserID
    public var ownerName: String
    public var status: KeyAccountStatus
    public var accountClass: AccountClass?
    public var stage: RelationshipStage
    public var scene: LifecycleScene
    public var parentID: AccountID?
    public var updatedAt: Date
    public var deletedAt: Date?
    public var version: Int
}

public struct Page<Item: Sendable>: Sendable {
    public var items: [Item]
    public var nextCursor: PageCursor?
    /// Matching rows, counted up to `countLimit`; `countIsCapped` says there are more.
    public var total: Int
    public var countIsCapped: Bool

    public static var countLimit: Int { 2_000 }
    /// Searches count their matches up to this many, and say "200+" beyond: a term that common
    /// needs narrowing whatever the exact figure, and counting further costs every keystroke more.
    public static var searchCountLimit: Int { 200 }
}

/// One node of an account's group tree.
public struct AccountTreeNode: Sendable, Hashable {
    public var id: AccountID
    public var name: String
    public var depth: Int
}
