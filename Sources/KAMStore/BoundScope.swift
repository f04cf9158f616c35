import KAMCore
import SQLKit

/// A read scope tied to users, for the statements that depend on the scope alone (the accounts it
/// reaches through teams and coverage, how many its users own, whose accounts a filter offers).
///
/// On PostgreSQL the users and the day are bound values, so every caller on every day runs the
/// same text: it is prepared once per connection and planned once, instead of parsed and planned
/// on each request with fifty ids written in (a director's scope). SQLite plans cheaply and keeps
/// the ids written in, where its planner sees them.
struct BoundScope: Sendable {
    let users: [Int64]
    let today: String
    let engine: DatabaseEngine

    init?(_ scope: AccountScope, today: CalendarDate, engine: DatabaseEngine) {
        guard case .tiedTo(let users) = scope else { return nil }
        self.users = users.sorted()
        self.today = today.description
        self.engine = engine
    }

    /// `column` is one of the scope's users.
    func isMember(_ column: String) -> SQLQueryString {
        switch engine {
        case .sqlite: "\(unsafeRaw: column) IN \(unsafeRaw: inList(users))"
        case .postgres: "\(unsafeRaw: column) = ANY(\(bind: users))"
        }
    }

    /// A row of a dated membership (team or coverage, aliased `alias`) that holds today.
    func current(_ alias: String) -> SQLQueryString {
        "\(unsafeRaw: alias).from_date <= \(bind: today) AND (\(unsafeRaw: alias).to_date IS NULL OR \(unsafeRaw: alias).to_date > \(bind: today))"
    }

    /// The ids of the accounts the scope's users reach through a current team membership or
    /// coverage, in person or by a sales team (the owners' own accounts aside).
    var reachedAccounts: SQLQueryString {
        """
        SELECT tm.account_id FROM account_team_members tm WHERE \(isMember("tm.user_id")) AND \(current("tm"))
        UNION SELECT ac.account_id FROM account_coverage ac WHERE \(isMember("ac.user_id")) AND \(current("ac"))
        UNION SELECT tc.account_id FROM account_coverage tc JOIN sales_team_members stm ON stm.sales_team_id = tc.sales_team_id
        WHERE \(isMember("stm.user_id")) AND \(current("tc"))
        """
    }

    /// Up to `limit` + 1 reached account ids (beyond `limit` the caller writes the subqueries in).
    func reachedIDs(_ db: any SQLDatabase, limit: Int) async throws -> [Int64] {
        try await db.raw("SELECT account_id FROM (\(reachedAccounts)) r LIMIT \(bind: limit + 1)").all().map { try $0.int64("account_id") }
    }

    /// Whether the scope's users own more than `limit` live accounts (counted up to `limit` + 1).
    func ownsMore(than limit: Int, _ db: any SQLDatabase) async throws -> Bool {
        let row = try await db.raw("""
            SELECT count(*) AS n FROM (SELECT 1 FROM accounts a WHERE \(isMember("a.owner_id")) AND a.deleted_at IS NULL
            LIMIT \(bind: limit + 1)) owned
            """).first()
        return try (row?.int64("n") ?? 0) > Int64(limit)
    }
}
