import Foundation
import KAMCore
import SQLKit

/// A daily digest one scheduler instance has claimed: who it goes to and the reminders in it.
public struct ClaimedDigest: Sendable {
    public var id: Int64
    /// Fixed when the digest was made: a digest sent again carries the same one.
    public var messageID: String
    public var day: CalendarDate
    public var user: User
    public var reminders: [ReviewReminder]

    public init(id: Int64, messageID: String, day: CalendarDate, user: User, reminders: [ReviewReminder]) {
        self.id = id
        self.messageID = messageID
        self.day = day
        self.user = user
        self.reminders = reminders
    }
}

/// What one pass of the scheduler found to do.
public struct ReminderRefresh: Sendable, Equatable {
    public var notificationsCreated: Int
    public var digestsCreated: Int
}

/// Reminders of reviews: the in-app notifications a user reads, and the scheduler's side: noticing
/// reviews that come due, bundling them into daily digests and handing each digest to exactly one
/// sender at a time. Everything that must survive a restart or be shared by several `kam serve`
/// instances is in the database.
public struct ReminderRepository: Sendable {
    let database: KAMDatabase
    let now: @Sendable () -> Date

    // MARK: In-app notifications

    /// The caller's notifications, newest due date first, and how many are unread.
    public func list(caller: Caller, unreadOnly: Bool = false, limit: Int = 50) async throws -> (items: [ReviewReminder], unread: Int) {
        guard let user = caller.actor.userID else { return ([], 0) }
        return try await database.read { db in
            let rows = try await db.raw("""
                SELECT n.*, a.name AS account_name FROM notifications n JOIN accounts a ON a.id = n.account_id
                WHERE n.user_id = \(bind: user) AND a.deleted_at IS NULL \(unsafeRaw: unreadOnly ? "AND n.read_at IS NULL" : "")
                ORDER BY CASE WHEN n.read_at IS NULL THEN 0 ELSE 1 END, n.due_on, n.id LIMIT \(bind: max(0, min(limit, 500)))
                """).all()
            let unread = try await Self.unread(db, user)
            return (try rows.compactMap(Self.decode), unread)
        }
    }

    /// Marks one of the caller's notifications read; someone else's is not found.
    public func markRead(_ id: Int64, caller: Caller) async throws {
        let at = now()
        try await database.write { db in
            guard let user = caller.actor.userID,
                  try await db.raw("SELECT id FROM notifications WHERE id = \(bind: id) AND user_id = \(bind: user)").first() != nil else {
                throw StoreError.notFound(entity: "notification", id: id)
            }
            try await db.raw("UPDATE notifications SET read_at = \(bind: Clock.millis(at)) WHERE id = \(bind: id) AND read_at IS NULL").run()
        }
    }

    /// Marks all the caller's notifications read; answers how many were unread.
    @discardableResult
    public func markAllRead(caller: Caller) async throws -> Int {
        guard let user = caller.actor.userID else { return 0 }
        let at = now()
        return try await database.write { db in
            let unread = try await Self.unread(db, user)
            try await db.raw("UPDATE notifications SET read_at = \(bind: Clock.millis(at)) WHERE user_id = \(bind: user) AND read_at IS NULL").run()
            return unread
        }
    }

    static func unread(_ db: any SQLDatabase, _ user: UserID) async throws -> Int {
        try await db.raw("""
            SELECT count(*) AS n FROM notifications n JOIN accounts a ON a.id = n.account_id
            WHERE n.user_id = \(bind: user) AND n.read_at IS NULL AND a.deleted_at IS NULL
            """).first()?.int("n") ?? 0
    }

    /// nil for a row this version cannot read (a kind or reason a later version added).
    static func decode(_ row: any SQLRow) throws -> ReviewReminder? {
        guard let kind = EvaluationKind(rawValue: try row.string("kind")), let due = CalendarDate(try row.string("due_on")),
              let reason = ReminderReason(rawValue: try row.string("reason")) else { return nil }
        return ReviewReminder(id: try row.int64("id"), accountID: try row.int64("account_id"), accountName: try row.string("account_name"),
                              kind: kind, dueOn: due, reason: reason, createdAt: try row.date("created_at"),
                              readAt: try row.optionalInt64("read_at").map(Clock.date))
    }

    // MARK: The scheduler

    /// Notices every review that comes due soon or is overdue and notifies the account's owner
    /// once per review and reason; with `digests`, bundles each user's notifications not yet mailed
    /// into today's digest (one per user and day). Safe to run in several instances at once.
    public func refresh(digests: Bool, messageIDDomain: String) async throws -> ReminderRefresh {
        let moment = now()
        let day = Clock.today(moment)
        let engine = database.engine
        return try await database.write { db in
            let cadences = try await CompanyDocumentRepository.current(db, EvaluationCadences.self).document
            let investment = try await CompanyDocumentRepository.current(db, InvestmentStrategy.self).document
            let accounts = try await EvaluationRepository.keyAccounts(db, where: "1 = 1", at: moment)
            var wanted: [(user: UserID, review: DueReview, reason: ReminderReason)] = []
            for account in accounts {
                for review in EvaluationCalendar.schedule(account.facts, cadences: cadences, investment: investment) {
                    if let reason = ReminderReason(review.state) { wanted.append((account.ownerID, review, reason)) }
                }
            }
            var created = 0
            if let earliest = wanted.map(\.review.dueOn).min() {
                var known = Set<String>()
                for row in try await db.raw("""
                    SELECT user_id, account_id, kind, due_on, reason FROM notifications WHERE due_on >= \(bind: earliest.description)
                    """).all() {
                    known.insert("\(try row.int64("user_id"))|\(try row.int64("account_id"))|\(try row.string("kind"))|\(try row.string("due_on"))|\(try row.string("reason"))")
                }
                // In key order: two instances inserting the same rows then take their locks in the same order.
                let fresh = wanted.filter { !known.contains("\($0.user)|\($0.review.accountID)|\($0.review.kind.rawValue)|\($0.review.dueOn)|\($0.reason.rawValue)") }
                    .sorted { ($0.user, $0.review.accountID, $0.review.kind.rawValue, $0.review.dueOn.daysSince1970) < ($1.user, $1.review.accountID, $1.review.kind.rawValue, $1.review.dueOn.daysSince1970) }
                // Every value is an id, a vocabulary word or a date this process made: no user text.
                for chunk in stride(from: 0, to: fresh.count, by: 500).map({ fresh[$0..<min($0 + 500, fresh.count)] }) {
                    let values = chunk.map { entry in
                        "(\(entry.user), \(entry.review.accountID), '\(entry.review.kind.rawValue)', '\(entry.review.dueOn)', '\(entry.reason.rawValue)', \(Clock.millis(moment)))"
                    }.joined(separator: ", ")
                    // Counted from what was written: another instance may have inserted some first.
                    created += try await db.raw("""
                        INSERT INTO notifications (user_id, account_id, kind, due_on, reason, created_at) VALUES \(unsafeRaw: values)
                        ON CONFLICT (user_id, account_id, kind, due_on, reason) DO NOTHING RETURNING id
                        """).all().count
                }
            }
            guard digests else { return ReminderRefresh(notificationsCreated: created, digestsCreated: 0) }
            return ReminderRefresh(notificationsCreated: created, digestsCreated: try await Self.bundle(db, day: day, at: moment, domain: messageIDDomain, engine: engine))
        }
    }

    /// Makes today's digest for every user with an e-mail address and unmailed notifications, and
    /// puts those notifications in it. A digest already handed to a sender is left as it is: what
    /// comes later waits for tomorrow's.
    static func bundle(_ db: any SQLDatabase, day: CalendarDate, at moment: Date, domain: String, engine: DatabaseEngine) async throws -> Int {
        let before = try await db.raw("SELECT count(*) AS n FROM reminder_mails WHERE day = \(bind: day.description)").first()?.int("n") ?? 0
        try await db.raw("""
            INSERT INTO reminder_mails (user_id, day, message_id, created_at)
            SELECT DISTINCT n.user_id, \(bind: day.description),
                   '<openkam-reminders-' || n.user_id || '-' || \(bind: day.description) || '@' || \(bind: domain) || '>', \(bind: Clock.millis(moment))
            FROM notifications n JOIN users u ON u.id = n.user_id
            WHERE n.mail_id IS NULL AND n.read_at IS NULL AND u.active = 1 AND u.email IS NOT NULL AND u.email <> ''
            ON CONFLICT (user_id, day) DO NOTHING
            """).run()
        // On PostgreSQL a sender claims with SKIP LOCKED: holding the open digests here keeps a
        // digest from being sent while notifications are still going into it.
        let open = "m.day = '\(day)' AND m.sent_at IS NULL AND m.lease_owner IS NULL"
        if engine == .postgres {
            try await db.raw("SELECT m.id FROM reminder_mails m WHERE \(unsafeRaw: open) ORDER BY m.id FOR UPDATE").run()
        }
        try await db.raw("""
            UPDATE notifications SET mail_id = (SELECT m.id FROM reminder_mails m WHERE m.user_id = notifications.user_id AND \(unsafeRaw: open))
            WHERE mail_id IS NULL AND read_at IS NULL
              AND EXISTS (SELECT 1 FROM reminder_mails m WHERE m.user_id = notifications.user_id AND \(unsafeRaw: open))
            """).run()
        let after = try await db.raw("SELECT count(*) AS n FROM reminder_mails WHERE day = \(bind: day.description)").first()?.int("n") ?? 0
        return after - before
    }

    /// Hands up to `limit` unsent digests to `owner` for `lease` seconds. A digest whose lease ran
    /// out (its sender crashed or hung) is handed out again, with the same Message-ID.
    public func claimDigests(owner: String, lease: TimeInterval, limit: Int) async throws -> [ClaimedDigest] {
        let moment = now()
        let skipLocked = database.engine == .postgres ? "FOR UPDATE SKIP LOCKED" : ""
        return try await database.write { db in
            let claimed = try await db.raw("""
                UPDATE reminder_mails SET lease_owner = \(bind: owner), lease_until = \(bind: Clock.millis(moment.addingTimeInterval(lease))),
                       attempts = attempts + 1
                WHERE id IN (SELECT id FROM reminder_mails WHERE sent_at IS NULL AND (lease_until IS NULL OR lease_until < \(bind: Clock.millis(moment)))
                             ORDER BY id LIMIT \(bind: limit) \(unsafeRaw: skipLocked))
                RETURNING id, user_id, day, message_id
                """).all()
            guard !claimed.isEmpty else { return [] }
            // The batch's recipients and reminders in one query each.
            let ids = try claimed.map { try $0.int64("id") }
            let users = Dictionary(uniqueKeysWithValues: try await db.raw("""
                SELECT * FROM users WHERE id IN \(unsafeRaw: inList(try claimed.map { try $0.int64("user_id") }))
                """).all().map { row in (try row.int64("id"), try UserRepository.decode(row)) })
            var reminders: [Int64: [ReviewReminder]] = [:]
            for row in try await db.raw("""
                SELECT n.*, a.name AS account_name FROM notifications n JOIN accounts a ON a.id = n.account_id
                WHERE n.mail_id IN \(unsafeRaw: inList(ids)) AND a.deleted_at IS NULL ORDER BY n.due_on, a.name, n.id
                """).all() {
                if let reminder = try Self.decode(row) { reminders[try row.int64("mail_id"), default: []].append(reminder) }
            }
            return try claimed.compactMap { row -> ClaimedDigest? in
                let id = try row.int64("id")
                guard let user = users[try row.int64("user_id")], let day = CalendarDate(try row.string("day")) else { return nil }
                return ClaimedDigest(id: id, messageID: try row.string("message_id"), day: day, user: user, reminders: reminders[id] ?? [])
            }.sorted { $0.id < $1.id }
        }
    }

    /// Records a digest as sent. Answers false when `owner` no longer held it (its lease ran out and
    /// another instance took it over, and will send it again with the same Message-ID).
    @discardableResult
    public func markSent(_ id: Int64, owner: String) async throws -> Bool {
        let moment = now()
        return try await database.write { db in
            let rows = try await db.raw("""
                UPDATE reminder_mails SET sent_at = \(bind: Clock.millis(moment))
                WHERE id = \(bind: id) AND lease_owner = \(bind: owner) AND sent_at IS NULL RETURNING id
                """).all()
            return !rows.isEmpty
        }
    }

    /// Sent digests and how often each was handed out, for the operator and the tests.
    public func digestCounts() async throws -> (sent: Int, unsent: Int) {
        try await database.read { db in
            let row = try await db.raw("""
                SELECT sum(CASE WHEN sent_at IS NULL THEN 0 ELSE 1 END) AS sent, sum(CASE WHEN sent_at IS NULL THEN 1 ELSE 0 END) AS unsent
                FROM reminder_mails
                """).first()
            return (try row?.optionalInt64("sent").map(Int.init) ?? 0, try row?.optionalInt64("unsent").map(Int.init) ?? 0)
        }
    }

    // MARK: Calendar feeds

    /// Gives the user a feed under a new secret (only its hash is kept); the old URL stops working.
    public func rotateFeed(userID: UserID, tokenHash: String) async throws {
        let at = now()
        try await database.write { db in
            try await db.raw("DELETE FROM calendar_feeds WHERE user_id = \(bind: userID)").run()
            try await db.raw("INSERT INTO calendar_feeds (user_id, token_hash, created_at) VALUES (\(bind: userID), \(bind: tokenHash), \(bind: Clock.millis(at)))").run()
        }
    }

    public func removeFeed(userID: UserID) async throws {
        try await database.write { db in try await db.raw("DELETE FROM calendar_feeds WHERE user_id = \(bind: userID)").run() }
    }

    /// When the user's current feed secret was made; nil when they have none.
    public func feedCreated(userID: UserID) async throws -> Date? {
        try await database.read { db in
            try await db.raw("SELECT created_at FROM calendar_feeds WHERE user_id = \(bind: userID)").first()?.date("created_at")
        }
    }

    /// The active user a feed secret belongs to.
    public func feedUser(tokenHash: String) async throws -> User? {
        try await database.read { db in
            guard let row = try await db.raw("""
                SELECT u.* FROM calendar_feeds f JOIN users u ON u.id = f.user_id WHERE f.token_hash = \(bind: tokenHash) AND u.active = 1
                """).first() else { return nil }
            return try UserRepository.decode(row)
        }
    }
}
