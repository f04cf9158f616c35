import Foundation
import KAMCore
import SQLKit

/// How the review calendar's facts are kept and read: one `review_calendar` row per account with
/// the last review of each kind as day numbers, so a whole portfolio is one pass over whole numbers.
extension EvaluationRepository {
    /// The columns of a kind in `review_calendar`; raw values are vocabulary words, safe in SQL.
    static func calendarColumns(_ kind: EvaluationKind) -> (due: String, held: String) {
        ("\(kind.rawValue)_due", "\(kind.rawValue)_held")
    }

    /// Keeps `held` as the account's last review of `kind`.
    static func remember(_ db: any SQLDatabase, account: AccountID, _ kind: EvaluationKind, _ held: HeldReview) async throws {
        let (due, heldOn) = calendarColumns(kind)
        try await db.raw("""
            INSERT INTO review_calendar (account_id, \(unsafeRaw: due), \(unsafeRaw: heldOn))
            VALUES (\(bind: account), \(bind: held.dueOn.daysSince1970), \(bind: held.heldOn.daysSince1970))
            ON CONFLICT (account_id) DO UPDATE SET \(unsafeRaw: due) = excluded.\(unsafeRaw: due), \(unsafeRaw: heldOn) = excluded.\(unsafeRaw: heldOn)
            """).run()
    }

    /// Key accounts matching `condition` (on accounts aliased `a`, built from ids only) with what
    /// the calendar needs: the day each became a key account in its zone, and the last review of
    /// each kind.
    ///
    /// A portfolio of 100,000 accounts is read in one pass. On SQLite through a raw read-only
    /// connection, each cell read in place; on PostgreSQL the day numbers come folded into one
    /// text cell ("due,held,…", empty for none), since SQLKit's decoding costs about a microsecond a cell.
    static func keyAccounts(_ db: any SQLDatabase, where condition: String, at moment: Date) async throws -> [KeyAccount] {
        let kinds = EvaluationKind.allCases
        let days = kinds.flatMap { kind in [calendarColumns(kind).due, calendarColumns(kind).held].map { "c.\($0)" } }
        let base = """
            SELECT a.id, a.name, a.owner_id, u.display_name AS owner_name, a.account_class, a.time_zone, a.created_at,
                   (SELECT max(m.at) FROM account_moves m WHERE m.account_id = a.id AND m.field = 'status' AND m.to_value = 'qualified') AS since
            """
        let from = """
            FROM accounts a JOIN users u ON u.id = a.owner_id LEFT JOIN review_calendar c ON c.account_id = a.id
            WHERE a.deleted_at IS NULL AND a.status = 'qualified' AND \(condition)
            """
        let start = CalendarFacts(moment: moment)
        if let readers = KAMDatabase.sqliteRowReaders {
            let sql = base + ", " + days.joined(separator: ", ") + "\n" + from
            return try await readers.read { connection in
                var facts = start
                var accounts: [KeyAccount] = []
                var owners: [UserID: String] = [:]
                try connection.rows(sql, cached: false) { row in
                    guard let id = row.int(0), let name = row.text(1), let owner = row.int(2), let zone = row.text(5),
                          let created = row.int(6) else { throw CalendarRowMalformed() }
                    let ownerName = owners[owner] ?? row.text(3) ?? ""
                    owners[owner] = ownerName
                    let held = lastHeld(kinds) { row.int(Int32(8 + $0)).map(Int.init) }
                    accounts.append(facts.account(id: id, name: name, ownerID: owner, ownerName: ownerName,
                                                  accountClass: row.text(4), zoneName: zone, since: row.int(7) ?? created, lastHeld: held))
                }
                return accounts
            }
        }
        let folded = days.map { "COALESCE(CAST(\($0) AS TEXT), '')" }.joined(separator: " || ',' || ")
        var facts = start
        let rows = try await db.raw(SQLQueryString(base + ", " + folded + " AS last_held\n" + from)).all()
        return try rows.map { row in
            let since = try row.optionalInt64("since") ?? row.int64("created_at")
            return facts.account(id: try row.int64("id"), name: try row.string("name"), ownerID: try row.int64("owner_id"),
                                 ownerName: try row.string("owner_name"), accountClass: try row.optionalString("account_class"),
                                 zoneName: try row.string("time_zone"), since: since, lastHeld: try lastHeld(row.string("last_held"), kinds: kinds))
        }
    }

    /// "due,held,…" in the order of `kinds`, each a day number or empty.
    static func lastHeld(_ folded: String, kinds: [EvaluationKind]) throws -> [EvaluationKind: HeldReview] {
        var numbers: [Int?] = []
        numbers.reserveCapacity(kinds.count * 2)
        var value = 0, negative = false, digits = 0
        for byte in folded.utf8 {
            switch byte {
            case UInt8(ascii: ","):
                numbers.append(digits == 0 ? nil : negative ? -value : value)
                (value, negative, digits) = (0, false, 0)
            case UInt8(ascii: "-") where digits == 0: negative = true
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                value = value * 10 + Int(byte - UInt8(ascii: "0"))
                digits += 1
            default: throw CalendarRowMalformed()
            }
        }
        numbers.append(digits == 0 ? nil : negative ? -value : value)
        guard numbers.count == kinds.count * 2 else { throw CalendarRowMalformed() }
        return lastHeld(kinds) { numbers[$0] }
    }

    /// The last review of each kind from its day numbers: `day(2i)` the due date and `day(2i + 1)`
    /// the day held of `kinds[i]`, nil where none was held.
    static func lastHeld(_ kinds: [EvaluationKind], day: (Int) -> Int?) -> [EvaluationKind: HeldReview] {
        var held: [EvaluationKind: HeldReview] = [:]
        for (index, kind) in kinds.enumerated() {
            if let due = day(2 * index), let on = day(2 * index + 1) {
                held[kind] = HeldReview(dueOn: CalendarDate(daysSince1970: due), heldOn: CalendarDate(daysSince1970: on))
            }
        }
        return held
    }
}

struct CalendarRowMalformed: Error, CustomStringConvertible {
    var description: String { "a review calendar row could not be read" }
}

/// Turns calendar rows into `KeyAccount`s, looking each time zone up once: a portfolio has a
/// handful of zones and a hundred thousand accounts.
struct CalendarFacts: Sendable {
    let moment: Date
    private var zones: [String: (zone: TimeZone, today: CalendarDate)] = [:]

    init(moment: Date) {
        self.moment = moment
    }

    mutating func account(id: AccountID, name: String, ownerID: UserID, ownerName: String, accountClass: String?, zoneName: String,
                          since: Int64, lastHeld: [EvaluationKind: HeldReview]) -> EvaluationRepository.KeyAccount {
        let known = zones[zoneName] ?? {
            let zone = TimeZone(identifier: zoneName) ?? .gmt
            return (zone, EvaluationCalendar.today(at: moment, in: zone))
        }()
        zones[zoneName] = known
        let facts = EvaluationCalendar.AccountFacts(
            accountID: id, accountClass: accountClass.flatMap(AccountClass.init(rawValue:)),
            keyAccountSince: EvaluationCalendar.today(at: Clock.date(since), in: known.zone), today: known.today, lastHeld: lastHeld)
        return EvaluationRepository.KeyAccount(name: name, ownerID: ownerID, ownerName: ownerName, facts: facts)
    }
}
