import Foundation
import KAMCore
import SQLKit

/// Who a request comes from: the session, the caller with everyone below them, and (for pages)
/// how many of their notifications are unread.
public struct SignedIn: Sendable {
    public var session: StoredSession
    public var caller: Caller
    /// 0 unless counted.
    public var unreadNotifications: Int
}

extension SessionRepository {
    /// Every request asks this first, so it is one query: the reporting lines come folded into one
    /// cell ("id:manager,…") and the unread count as a subquery, instead of three round trips.
    public func signedIn(tokenHash: String, countingUnread: Bool) async throws -> SignedIn? {
        let at = now()
        let aggregate = database.engine == .sqlite ? "group_concat(pair, ',')" : "string_agg(pair, ',')"
        let unread = countingUnread ? """
            (SELECT count(*) FROM notifications n JOIN accounts a ON a.id = n.account_id
             WHERE n.user_id = u.id AND n.read_at IS NULL AND a.deleted_at IS NULL)
            """ : "0"
        return try await database.read { db in
            guard let row = try await db.raw("""
                SELECT u.*, s.csrf_token, s.expires_at AS session_expires,
                       (SELECT \(unsafeRaw: aggregate) FROM (SELECT CAST(m.id AS TEXT) || ':' || CAST(m.manager_id AS TEXT) AS pair
                                                            FROM users m WHERE m.manager_id IS NOT NULL) pairs) AS managers,
                       \(unsafeRaw: unread) AS unread
                FROM sessions s JOIN users u ON u.id = s.user_id
                WHERE s.token_hash = \(bind: tokenHash) AND s.expires_at > \(bind: Clock.millis(at)) AND u.active = 1
                """).first() else { return nil }
            let user = try UserRepository.decode(row)
            var managers: [UserID: UserID] = [:]
            for pair in (try row.optionalString("managers") ?? "").split(separator: ",") {
                let parts = pair.split(separator: ":")
                guard parts.count == 2, let id = UserID(parts[0]), let manager = UserID(parts[1]) else { continue }
                managers[id] = manager
            }
            let session = StoredSession(user: user, csrfToken: try row.string("csrf_token"), expiresAt: try row.date("session_expires"))
            return SignedIn(session: session, caller: Caller(user: user, subordinates: AccessPolicy.subordinates(of: user.id, managers: managers)),
                            unreadNotifications: try row.int("unread"))
        }
    }
}
