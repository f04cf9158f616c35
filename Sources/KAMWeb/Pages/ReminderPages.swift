import Foundation
import Hummingbird
import KAMCore
import KAMHTML
import KAMStore

extension PageHandlers {
    func notificationsPage(_ request: Request, _ context: AppContext) async throws -> Response {
        let session = try session(context)
        let found = try await store.reminders.list(caller: session.caller, limit: 200)
        return Pages.response(ReminderViews.notifications(Catalog(context.language), items: found.items, unread: found.unread, session: session))
    }

    /// `id`: mark that one read; none: all of them.
    func readNotificationsFromPage(_ request: Request, _ context: AppContext) async throws -> Response {
        let session = try session(context)
        let form = try await FormBody.read(request, context, csrfExpected: session.csrfToken)
        if let text = FormBody.value(form, "id"), !text.isEmpty {
            guard let id = Int64(text) else { throw AppError.notFound }
            try await store.reminders.markRead(id, caller: session.caller)
        } else {
            try await store.reminders.markAllRead(caller: session.caller)
        }
        return Pages.redirect(Paths.notifications)
    }

    /// Makes a new feed address and shows it once, on the reviews page.
    func rotateCalendarFeedFromPage(_ request: Request, _ context: AppContext) async throws -> Response {
        let session = try session(context)
        _ = try await FormBody.read(request, context, csrfExpected: session.csrfToken)
        let url = try await CalendarFeeds.rotate(store, user: session.user, base: CalendarFeeds.base(request, configuration))
        return try await renderReviews(scope: .mine, session: session, context: context, newFeedURL: url)
    }

    /// The iCalendar feed; the secret in the address is the only credential.
    func calendarFeed(_ request: Request, _ context: AppContext) async throws -> Response {
        let token = context.parameters.get("token") ?? ""
        guard let feed = try await CalendarFeeds.feed(store, token: token, base: CalendarFeeds.base(request, configuration), at: Date()) else {
            throw AppError.notFound
        }
        return Response(status: .ok, headers: [.contentType: "text/calendar; charset=utf-8", .cacheControl: "private, max-age=300"],
                        body: .init(byteBuffer: .init(string: feed)))
    }
}

enum ReminderViews {
    static func notifications(_ t: Catalog, items: [ReviewReminder], unread: Int, session: SignedInSession) -> HTML {
        Pages.layout(t, title: t.text("notifications.title"), session: session) {
            h1 { t.text("notifications.title") }
            if items.isEmpty { p(.class("muted"), .id("no-notifications")) { t.text("notifications.none") } }
            if unread > 0 {
                form(.method("post"), .action(Paths.readNotifications), .class("inline")) {
                    Pages.csrfField(session.csrfToken)
                    p(.class("muted")) { t.text("notifications.unread", t.number(unread)) }
                    button(.type("submit"), .id("read-all")) { t.text("notifications.read_all") }
                }
            }
            ul(.id("notifications"), .class("plain")) {
                for item in items {
                    li(.class(item.readAt == nil ? "notification unread" : "notification"), .data("account", String(item.accountID)),
                       .data("kind", item.kind.rawValue), .data("reason", item.reason.rawValue)) {
                        span(.class("badge due-\(item.reason == .overdue ? "overdue" : "due_soon")")) { t.label(item.reason) }
                        " "
                        a(.href(Paths.accountReviews(item.accountID) + "?kind=\(item.kind.rawValue)")) {
                            t.text(item.reason == .overdue ? "notifications.overdue" : "notifications.before_due",
                                   t.label(item.kind), item.accountName, t.date(item.dueOn))
                        }
                        if item.readAt == nil {
                            form(.method("post"), .action(Paths.readNotifications), .class("inline")) {
                                Pages.csrfField(session.csrfToken)
                                input(.type("hidden"), .name("id"), .value(String(item.id)))
                                button(.type("submit"), .class("link")) { t.text("notifications.read") }
                            }
                        }
                    }
                }
            }
        }
    }

    /// The calendar feed box on the reviews page. The address is shown only right after it is
    /// made: only its hash is kept.
    static func feed(_ t: Catalog, created: Date?, newURL: String?, session: SignedInSession) -> HTML {
        section(.class("card"), .id("calendar-feed")) {
            h2 { t.text("feed.title") }
            p(.class("muted")) { t.text("feed.explain") }
            if let newURL {
                label(.for("feed-url")) { t.text("feed.url") }
                input(.type("text"), .id("feed-url"), .readonly(), .value(newURL), .class("wide"))
            } else if let created {
                p(.id("feed-active")) { t.text("feed.active_since", t.dateTime(created, timeZone: session.user.timeZone)) }
            } else {
                p(.id("feed-none")) { t.text("feed.none") }
            }
            form(.method("post"), .action(Paths.calendarFeed)) {
                Pages.csrfField(session.csrfToken)
                button(.type("submit"), .id("rotate-feed")) { t.text(created == nil && newURL == nil ? "feed.create" : "feed.rotate") }
            }
        }
    }
}
