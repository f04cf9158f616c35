import Foundation
import KAMCore
import KAMStore

/// A small company for tests: an administrator, a director with one salesperson under them,
/// a second salesperson outside that team, an expert, and a read-only user.
public struct TestCompany: Sendable {
    public var admin: User
    public var director: User
    public var sales: User
    public var otherSales: User
    public var expert: User
    public var readOnly: User
    public var store: KAMStore

    public static let password = "correct horse battery"

    /// `passwordHash` lets the web tests store a real bcrypt hash; storage tests need none.
    public static func make(_ store: KAMStore, passwordHash: String = "unused") async throws -> TestCompany {
        func add(_ name: String, _ role: Role, manager: UserID? = nil) async throws -> User {
            try await store.users.create(username: name, displayName: name.capitalized, email: "\(name)@example.com", role: role,
                                         managerID: manager, locale: "en", timeZone: "Asia/Tokyo", passwordHash: passwordHash, caller: .system)
        }
        let admin = try await add("admin", .administrator)
        let director = try await add("director", .salesDirector)
        let sales = try await add("sales", .salesperson, manager: director.id)
        let other = try await add("other", .keyAccountManager)
        let expert = try await add("expert", .expert)
        let readOnly = try await add("reader", .readOnly)
        return TestCompany(admin: admin, director: director, sales: sales, otherSales: other, expert: expert, readOnly: readOnly, store: store)
    }

    public func caller(_ user: User) async throws -> Caller { try await store.users.caller(for: user) }

    public func account(_ name: String, owner: User, industry: Industry = .banking, parent: AccountID? = nil) async throws -> Account {
        try await store.accounts.create(AccountDraft(name: name, industry: industry, region: .japan, size: .large, parentID: parent,
                                                     ownerID: owner.id), caller: try await caller(admin))
    }
}
