import Foundation

/// Seeded, deterministic demo data for a key-account-management company: users, accounts in
/// hierarchies, key persons with reporting lines, and opportunities, in each region's own script.
///
/// The same seed and arguments always give identical output. People and opportunities are derived
/// from (seed, account index) alone, so they can be generated in any order and in batches.
public struct DemoGenerator: Sendable {
    public let seed: UInt64

    /// The size of the standard demo.
    public static let standardAccountCount = 30
    public static let standardPeoplePerAccount = 10

    public init(seed: UInt64 = 42) {
        self.seed = seed
    }

    /// Independent random streams, one per kind of data.
    enum Stream: UInt64 {
        case accounts = 1, people = 2, opportunities = 3
    }

    // MARK: Users

    private struct UserSpec: Sendable {
        let username: String
        let displayName: String
        let role: Role
        let manager: String?
        let locale: String
        let timeZone: String
        /// The region whose accounts an account owner mostly gets.
        let region: Region?

        init(_ username: String, _ displayName: String, _ role: Role, _ manager: String?, _ locale: String,
             _ timeZone: String, _ region: Region? = nil) {
            self.username = username
            self.displayName = displayName
            self.role = role
            self.manager = manager
            self.locale = locale
            self.timeZone = timeZone
            self.region = region
        }

        var ownsAccounts: Bool { role == .keyAccountManager || role == .salesperson }
    }

    /// In id order: every manager comes before the people below them.
    private static let userSpecs: [UserSpec] = [
        .init("admin", "System Administrator", .administrator, nil, "en", "UTC"),
        .init("yamamoto", "山本 健一", .executive, nil, "ja", "Asia/Tokyo"),
        // Sales director for Japan, Korea and China.
        .init("sato", "佐藤 恵子", .salesDirector, "yamamoto", "ja", "Asia/Tokyo"),
        // Sales director for Europe and North America.
        .init("schmidt", "Anna Schmidt", .salesDirector, "yamamoto", "en", "Europe/Berlin"),
        .init("tanaka", "田中 太郎", .keyAccountManager, "sato", "ja", "Asia/Tokyo", .japan),
        .init("suzuki.hana", "鈴木 花", .salesperson, "sato", "ja", "Asia/Tokyo", .japan),
        .init("kim.minji", "김민지", .keyAccountManager, "sato", "ko", "Asia/Seoul", .korea),
        .init("lee.junho", "이준호", .salesperson, "sato", "ko", "Asia/Seoul", .korea),
        .init("wang.lei", "王磊", .keyAccountManager, "sato", "zh", "Asia/Shanghai", .china),
        .init("chen.jing", "陈静", .salesperson, "sato", "zh", "Asia/Shanghai", .china),
        .init("mueller", "Thomas Müller", .keyAccountManager, "schmidt", "en", "Europe/Berlin", .europe),
        .init("dubois", "Claire Dubois", .salesperson, "schmidt", "en", "Europe/Paris", .europe),
        .init("johnson", "Michael Johnson", .keyAccountManager, "schmidt", "en", "America/New_York", .northAmerica),
        .init("ito", "伊藤 直樹", .expert, "yamamoto", "ja", "Asia/Tokyo"),
        .init("garcia", "Sofía García", .expert, "yamamoto", "en", "Europe/Madrid"),
        .init("park.seoyeon", "박서연", .presales, "sato", "ko", "Asia/Seoul"),
        .init("auditor", "Read-only Auditor", .readOnly, nil, "en", "UTC"),
    ]

    static let emailDomain = "openkam-demo.example"

    /// The regions of the account owners, in `accountOwners()` order; owner `i` of a larger owner
    /// list is treated as owner `i % count` of this one.
    static let ownerRegions: [Region] = userSpecs.filter(\.ownsAccounts).map { $0.region ?? .other }

    /// The users of the demo company. Ids are 1…n in this order; managers come first.
    public func users() -> [DemoUser] {
        Self.userSpecs.map { spec in
            DemoUser(username: spec.username, displayName: spec.displayName,
                     email: "\(spec.username)@\(Self.emailDomain)", role: spec.role,
                     managerUsername: spec.manager, locale: spec.locale, timeZone: spec.timeZone)
        }
    }

    /// The key account managers and salespeople, in `users()` order: what `DemoAccount.ownerIndex`
    /// and `DemoOpportunity.ownerIndex` index into.
    public func accountOwners() -> [DemoUser] {
        users().filter { $0.role == .keyAccountManager || $0.role == .salesperson }
    }

    // MARK: Accounts

    /// `count` accounts, some grouped as (holding →) headquarters → 1–3 branches; a parent always
    /// comes before its children. Owners are spread over `0..<ownerCount`, preferring owners who
    /// cover the account's region. Generated in one pass; 100,000 accounts take well under a second.
    public func accounts(count: Int, ownerCount: Int) -> [DemoAccount] {
        guard count > 0 else { return [] }
        var builder = DemoAccountBuilder(seed: seed, count: count, ownerCount: ownerCount)
        builder.run()
        return builder.accounts
    }

    /// The standard demo: 30 accounts owned by `accountOwners()`.
    public func standardAccounts() -> [DemoAccount] {
        accounts(count: Self.standardAccountCount, ownerCount: Self.ownerRegions.count)
    }
}
