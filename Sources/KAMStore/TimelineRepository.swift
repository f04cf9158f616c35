import Foundation
import KAMCore
import SQLKit

/// An account's timeline: activities, portrait reassessments of its people, its moves (scene,
/// stage, status, class) and its opportunities, merged newest first. Each source is read by its
/// own index up to one page past the cursor, so a page costs the same at any depth of history.
public struct TimelineRepository: Sendable {
    let database: KAMDatabase
    let now: @Sendable () -> Date

    public struct Page: Sendable, Codable {
        public var items: [TimelineEntry]
        public var nextCursor: String?
    }

    public func page(of accountID: AccountID, sources: Set<TimelineSource> = Set(TimelineSource.allCases), cursor text: String? = nil,
                     limit: Int = 50, caller: Caller) async throws -> Page {
        let limit = max(1, min(limit, 200))
        let cursor = text.flatMap(TimelineCursor.init)
        if text != nil && cursor == nil {
            throw StoreError.validation(ValidationFailure([FieldIssue(field: "cursor", code: "invalid_cursor")]))
        }
        return try await database.read { db in
            let account = try await StrategyRepository.visibleAccount(db, accountID, caller: caller)
            let zone = TimeZone(identifier: account.timeZone) ?? TimeZone(identifier: "UTC")!
            var lists: [[TimelineEntry]] = []
            for source in TimelineSource.allCases where sources.contains(source) {
                lists.append(try await Self.read(source, db, accountID, after: cursor, zone: zone, limit: limit + 1))
            }
            let (items, next) = Timeline.page(lists, limit: limit)
            return Page(items: items, nextCursor: next?.description)
        }
    }

    /// The SQL condition for rows of `source` past the cursor: by day for activities (`moment` is
    /// their date column), by moment (the day's bounds in the account's zone) for the rest.
    /// Built from numbers and dates only.
    static func condition(_ source: TimelineSource, after cursor: TimelineCursor?, zone: TimeZone, moment: String, id: String) -> String {
        guard let cursor else { return "1 = 1" }
        if source == .activity {
            if source < cursor.source { return "\(moment) < '\(cursor.on)'" }
            if source > cursor.source { return "\(moment) <= '\(cursor.on)'" }
            return "(\(moment) < '\(cursor.on)' OR (\(moment) = '\(cursor.on)' AND \(id) < \(cursor.id)))"
        }
        let dayStart = Timeline.startMillis(of: cursor.on, in: zone)
        let nextDayStart = Timeline.startMillis(of: cursor.on.adding(days: 1), in: zone)
        if source < cursor.source { return "\(moment) < \(dayStart)" }
        if source > cursor.source { return "\(moment) < \(nextDayStart)" }
        return "(\(moment) < \(cursor.atMillis) OR (\(moment) = \(cursor.atMillis) AND \(id) < \(cursor.id)))"
    }

    static func read(_ source: TimelineSource, _ db: any SQLDatabase, _ account: AccountID, after cursor: TimelineCursor?, zone: TimeZone,
                     limit: Int) async throws -> [TimelineEntry] {
        switch source {
        case .activity:
            let past = condition(source, after: cursor, zone: zone, moment: "a.occurred_on", id: "a.id")
            return try await db.raw(SQLQueryString("""
                SELECT a.id, a.kind, a.occurred_on, a.subject, u.display_name FROM activities a LEFT JOIN users u ON u.id = a.created_by
                WHERE a.account_id = \(unsafeRaw: String(account)) AND \(unsafeRaw: past) ORDER BY a.occurred_on DESC, a.id DESC LIMIT \(unsafeRaw: String(limit))
                """)).all().map { row in
                TimelineEntry(source: .activity, id: try row.int64("id"), on: try row.calendarDate("occurred_on") ?? CalendarDate(year: 1970, month: 1, day: 1),
                              title: try row.string("subject"), activityKind: try row.vocabulary("kind", as: ActivityKind.self),
                              actorName: try row.optionalString("display_name"))
            }
        case .portrait:
            let past = condition(source, after: cursor, zone: zone, moment: "pa.assessed_at", id: "pa.id")
            return try await db.raw(SQLQueryString("""
                SELECT pa.id, pa.person_id, pa.closeness, pa.recognition, pa.price_acceptance, pa.evidence, pa.assessed_at,
                       p.family_name, p.given_name, p.family_reading, p.given_reading, u.display_name
                FROM portrait_assessments pa JOIN key_persons p ON p.id = pa.person_id LEFT JOIN users u ON u.id = pa.assessed_by
                WHERE pa.account_id = \(unsafeRaw: String(account)) AND p.deleted_at IS NULL AND \(unsafeRaw: past) ORDER BY pa.assessed_at DESC, pa.id DESC LIMIT \(unsafeRaw: String(limit))
                """)).all().map { row in
                let at = try row.date("assessed_at")
                let name = try KeyPersonRepository.name(row)
                return TimelineEntry(source: .portrait, id: try row.int64("id"), on: Timeline.day(of: at, in: zone), at: at,
                                     title: name.display(localeIdentifier: "en"), personID: try row.int64("person_id"), personName: name,
                                     portrait: Portrait(closeness: try row.int("closeness"), recognition: try row.int("recognition"),
                                                        priceAcceptance: try row.int("price_acceptance")),
                                     detail: try row.string("evidence"), actorName: try row.optionalString("display_name"))
            }
        case .move:
            let past = condition(source, after: cursor, zone: zone, moment: "m.at", id: "m.id")
            return try await db.raw(SQLQueryString("""
                SELECT m.id, m.field, m.from_value, m.to_value, m.reason, m.at, u.display_name FROM account_moves m
                LEFT JOIN users u ON u.id = m.actor_id
                WHERE m.account_id = \(unsafeRaw: String(account)) AND \(unsafeRaw: past) ORDER BY m.at DESC, m.id DESC LIMIT \(unsafeRaw: String(limit))
                """)).all().map { row in
                let at = try row.date("at")
                return TimelineEntry(source: .move, id: try row.int64("id"), on: Timeline.day(of: at, in: zone), at: at,
                                     title: try row.string("field"), field: try row.string("field"), from: try row.string("from_value"),
                                     to: try row.string("to_value"), detail: try row.string("reason"), actorName: try row.optionalString("display_name"))
            }
        case .incident:
            let past = condition(source, after: cursor, zone: zone, moment: "i.created_at", id: "i.id")
            return try await db.raw(SQLQueryString("""
                SELECT i.id, i.title, i.severity, i.status, i.created_at, u.display_name FROM incidents i LEFT JOIN users u ON u.id = i.created_by
                WHERE i.account_id = \(unsafeRaw: String(account)) AND \(unsafeRaw: past) ORDER BY i.created_at DESC, i.id DESC LIMIT \(unsafeRaw: String(limit))
                """)).all().map { row in
                let at = try row.date("created_at")
                return TimelineEntry(source: .incident, id: try row.int64("id"), on: Timeline.day(of: at, in: zone), at: at,
                                     title: try row.string("title"), field: try row.string("severity"), to: try row.string("status"),
                                     actorName: try row.optionalString("display_name"))
            }
        case .complaint:
            let past = condition(source, after: cursor, zone: zone, moment: "c.created_at", id: "c.id")
            return try await db.raw(SQLQueryString("""
                SELECT c.id, c.summary, c.resolved_on, c.created_at, u.display_name FROM complaints c LEFT JOIN users u ON u.id = c.created_by
                WHERE c.account_id = \(unsafeRaw: String(account)) AND \(unsafeRaw: past) ORDER BY c.created_at DESC, c.id DESC LIMIT \(unsafeRaw: String(limit))
                """)).all().map { row in
                let at = try row.date("created_at")
                return TimelineEntry(source: .complaint, id: try row.int64("id"), on: Timeline.day(of: at, in: zone), at: at,
                                     title: try row.string("summary"), to: try row.optionalString("resolved_on"),
                                     actorName: try row.optionalString("display_name"))
            }
        case .opportunity:
            let past = condition(source, after: cursor, zone: zone, moment: "o.created_at", id: "o.id")
            return try await db.raw(SQLQueryString("""
                SELECT o.id, o.name, o.stage, o.amount_minor, o.currency, o.created_at, u.display_name FROM opportunities o
                LEFT JOIN users u ON u.id = o.owner_id
                WHERE o.account_id = \(unsafeRaw: String(account)) AND o.deleted_at IS NULL AND \(unsafeRaw: past) ORDER BY o.created_at DESC, o.id DESC LIMIT \(unsafeRaw: String(limit))
                """)).all().map { row in
                let at = try row.date("created_at")
                return TimelineEntry(source: .opportunity, id: try row.int64("id"), on: Timeline.day(of: at, in: zone), at: at,
                                     title: try row.string("name"), to: try row.string("stage"),
                                     amount: Money(minorUnits: try row.int64("amount_minor"), currency: try row.string("currency")),
                                     actorName: try row.optionalString("display_name"))
            }
        }
    }
}
