import Foundation
import Hummingbird
import KAMCore
import KAMStore

/// The caller's feed: whether they have one, and the address, which is shown only when it is made.
struct CalendarFeedState: Codable, Sendable {
    var active: Bool
    var createdAt: Date?
    var url: String?
}

extension APIHandlers {
    /// `?unread=true` for unread ones only; `?limit=` (50, at most 500).
    func listNotifications(_ request: Request, _ context: AppContext) async throws -> Response {
        let caller = try context.requireCaller()
        var issues: [FieldIssue] = []
        let limit = APISupport.limitParameter(request, in: 1...500, absent: 50, &issues)
        let unreadOnly = APISupport.flagParameter(request, "unread", &issues)
        if !issues.isEmpty { throw AppError.invalid(issues) }
        let found = try await store.reminders.list(caller: caller, unreadOnly: unreadOnly, limit: limit)
        return try APISupport.json(NotificationList(items: found.items, unread: found.unread))
    }

    func readNotification(_ request: Request, _ context: AppContext) async throws -> Response {
        try await store.reminders.markRead(try APISupport.id(context), caller: try context.requireCaller())
        return APISupport.noContent()
    }

    func readAllNotifications(_ request: Request, _ context: AppContext) async throws -> Response {
        let marked = try await store.reminders.markAllRead(caller: try context.requireCaller())
        return try APISupport.json(["marked": marked])
    }

    func getCalendarFeed(_ request: Request, _ context: AppContext) async throws -> Response {
        let session = try context.requireSession()
        let created = try await store.reminders.feedCreated(userID: session.user.id)
        return try APISupport.json(CalendarFeedState(active: created != nil, createdAt: created, url: nil))
    }

    /// Makes a new secret address; the previous one stops working.
    func rotateCalendarFeed(_ request: Request, _ context: AppContext) async throws -> Response {
        let session = try context.requireSession()
        let url = try await CalendarFeeds.rotate(store, user: session.user, base: CalendarFeeds.base(request, authenticator.configuration))
        let created = try await store.reminders.feedCreated(userID: session.user.id)
        return try APISupport.json(CalendarFeedState(active: true, createdAt: created, url: url), status: .created)
    }

    func reviewReport(_ request: Request, _ context: AppContext) async throws -> Response {
        try APISupport.json(try await store.evaluations.report(caller: try context.requireCaller()))
    }

    func removeCalendarFeed(_ request: Request, _ context: AppContext) async throws -> Response {
        try await store.reminders.removeFeed(userID: try context.requireSession().user.id)
        return APISupport.noContent()
    }
}

struct NotificationList: Codable, Sendable {
    var items: [ReviewReminder]
    var unread: Int
}

/// The iCalendar feed of a user's reviews, reached by a secret address instead of a session:
/// calendar programs cannot sign in.
enum CalendarFeeds {
    static let suffix = ".ics"

    /// Where users reach us: the configured public URL, else the host they asked for.
    static func base(_ request: Request, _ configuration: WebConfiguration) -> String {
        if let url = configuration.publicURL?.absoluteString { return url.hasSuffix("/") ? String(url.dropLast()) : url }
        let host = request.head.authority ?? "\(configuration.hostname):\(configuration.port)"
        return "http://" + host
    }

    static func rotate(_ store: KAMStore, user: User, base: String) async throws -> String {
        let token = Security.randomToken()
        try await store.reminders.rotateFeed(userID: user.id, tokenHash: Security.tokenHash(token))
        return base + "/feeds/" + token + suffix
    }

    /// The feed behind `token` (with or without ".ics"); nil when no active user has it.
    static func feed(_ store: KAMStore, token raw: String, base: String, at now: Date) async throws -> String? {
        let token = raw.hasSuffix(suffix) ? String(raw.dropLast(suffix.count)) : raw
        guard !token.isEmpty, token.utf8.count <= 100, let user = try await store.reminders.feedUser(tokenHash: Security.tokenHash(token)) else {
            return nil
        }
        let caller = try await store.users.caller(for: user)
        let due = try await store.evaluations.due(.mine, caller: caller, limit: 5000)
        let t = Catalog(user.locale.flatMap(UILanguage.init(rawValue:)) ?? .en)
        let events = due.items.map { review in
            CalendarFeedEvent(uid: "review-\(review.accountID)-\(review.kind.rawValue)-\(review.dueOn)@openkam",
                              day: review.dueOn, summary: t.text("feed.event", t.label(review.kind), review.accountName),
                              description: t.text("feed.description", t.label(review.kind), review.accountName, t.date(review.dueOn)),
                              url: base + Paths.accountReviews(review.accountID))
        }
        return ICalendar.feed(name: t.text("feed.name", user.displayName), events: events, stamp: now)
    }
}
