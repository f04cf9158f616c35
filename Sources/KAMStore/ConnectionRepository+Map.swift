import Foundation
import KAMCore
import SQLKit

/// One person on an account's map: the account's own people (current employees), and the
/// people at the far end of a connection. Someone the caller may not see otherwise appears
/// by id only: the map must not leak another account's contacts.
public struct MapPerson: Sendable, Hashable, Codable, Identifiable {
    public var id: PersonID
    public var name: PersonName?
    public var title: String?
    public var department: String?
    /// The current employer, when it is this account (nil for outsiders).
    public var accountID: AccountID?
    public var affiliation: RelationshipMap.Affiliation
    /// Nil for someone the caller may not see.
    public var kind: PersonKind?
    /// An outside person's organisation, when the caller may see them.
    public var organisation: String?
    public var isPlaceholder: Bool
    public var portrait: Portrait?
    public var portraitUpdatedOn: CalendarDate?
}

/// An account's relationship map as stored, with the analytics computed on it; for an
/// opportunity, the map of that deal.
public struct AccountRelationshipMap: Sendable {
    public var accountID: AccountID
    public var people: [MapPerson]
    public var reportingLines: [RelationshipMap.ReportingLine]
    /// The account-wide connections (an opportunity's own ones are in its decision chain).
    public var connections: [PersonConnection]
    public var analytics: RelationshipMap
}

extension ConnectionRepository {
    /// The account's map: its people on `day` (today by default: the current org chart; an
    /// earlier day shows the org chart as it was), their reporting lines, the account-wide
    /// influence and conflict connections, and the pure analytics of KAMCore on them.
    public func map(account id: AccountID, on day: CalendarDate? = nil, caller: Caller) async throws -> AccountRelationshipMap {
        let today = day ?? Clock.today(now())
        return try await database.read { db in
            guard let account = try await AccountRepository.load(db, id), account.deletedAt == nil, caller.policy.canView(account) else {
                throw StoreError.notFound(entity: "account", id: id)
            }
            return try await Self.build(db, account: id, on: today, chain: nil, caller: caller)
        }
    }

    /// The map as it holds for one opportunity: the account's people plus its decision chain,
    /// the connections of that deal over the account-wide ones, each chain member with their
    /// buying role and their attitudes on this deal.
    static func build(_ db: any SQLDatabase, account id: AccountID, on today: CalendarDate, chain: DecisionChain?,
                      caller: Caller) async throws -> AccountRelationshipMap {
        var people: [MapPerson] = []
        var managers: [(PersonID, PersonID)] = []
        var seen: Set<PersonID> = []
        for (person, manager) in try await Self.accountPeople(db, account: id, on: today) {
            guard seen.insert(person.id).inserted else { continue }
            people.append(person)
            if let manager { managers.append((person.id, manager)) }
        }
        let connections = PersonConnection.effective(try await Self.connections(db, account: id), for: chain?.opportunityID)
        // Outside people recorded for the account belong on its map before anyone connects them.
        let recordedFor = try await db.raw("""
            SELECT id FROM key_persons WHERE recorded_for_id = \(bind: id) AND deleted_at IS NULL ORDER BY id
            """).all().map { try $0.int64("id") }
        let others = Set(connections.flatMap { [$0.fromPersonID, $0.toPersonID] } + (chain?.entries.map(\.personID) ?? []) + recordedFor)
        for outsider in others.subtracting(seen).sorted() {
            guard let person = try await KeyPersonRepository.load(db, outsider), person.deletedAt == nil else { continue }
            let employers = try await KeyPersonRepository.employerAccounts(db, person)
            let visible = KeyPersonRepository.canView(caller, person, employers: employers)
            // Their current job shows only when its account is one the caller may see: a
            // person known from a past employer must not reveal where they work now.
            let job = person.currentEmployment.flatMap { job in
                employers.first { $0.id == job.accountID }.flatMap { caller.policy.canView($0) ? job : nil }
            }
            people.append(MapPerson(id: outsider, name: visible ? person.name : nil, title: job?.title,
                                    department: job?.department, accountID: nil,
                                    affiliation: person.kind == .colleague ? .ourSide : .external,
                                    kind: visible ? person.kind : nil, organisation: visible ? person.organisation : nil,
                                    isPlaceholder: person.isPlaceholder, portrait: nil, portraitUpdatedOn: nil))
            seen.insert(outsider)
        }
        let orgChart = managers.filter { seen.contains($0.1) && $0.0 != $0.1 }.map { RelationshipMap.ReportingLine(report: $0.0, manager: $0.1) }
        let lines = chain == nil ? orgChart : RelationshipMap.ReportingLine.onDeal(orgChart, connections: connections)
        let analytics = try Self.analytics(people: people, lines: lines, connections: connections, chain: chain)
        return AccountRelationshipMap(accountID: id, people: people, reportingLines: lines, connections: connections,
                                      analytics: analytics)
    }

    static func analytics(people: [MapPerson], lines: [RelationshipMap.ReportingLine],
                          connections: [PersonConnection], chain: DecisionChain? = nil) throws -> RelationshipMap {
        let onDeal = Dictionary((chain?.entries ?? []).map { ($0.personID, $0) }, uniquingKeysWith: { first, _ in first })
        let influences = connections.filter { $0.kind == .influence }.map {
            RelationshipMap.Influence(influencer: $0.fromPersonID, influenced: $0.toPersonID, strength: $0.strength,
                                      stance: $0.stance, status: $0.status)
        }
        do {
            return try RelationshipMap(
                people: people.map {
                    // On a deal, closeness is how close they are to us on it, where the chain says so.
                    RelationshipMap.Person(id: $0.id, affiliation: $0.affiliation,
                                           closeness: onDeal[$0.id]?.current?.closeness ?? $0.portrait?.closeness,
                                           role: onDeal[$0.id]?.role, isPlaceholder: $0.isPlaceholder,
                                           portraitUpdatedOn: $0.portraitUpdatedOn)
                },
                influences: influences, reportingLines: lines)
        } catch {
            // Stored data is checked when written, so this is a broken invariant, not bad input.
            throw StoreError.conflict(code: "inconsistent_map", field: nil)
        }
    }
}

extension ConnectionRepository {
    /// The account's people on `day`, by id, with the manager of each; on SQLite read from the
    /// reader connection's own values (a large account's 2,000 people × 15 cells through SQLKit's
    /// `Decodable` path cost as much as drawing them).
    static func accountPeople(_ db: any SQLDatabase, account id: AccountID, on day: CalendarDate) async throws -> [(MapPerson, PersonID?)] {
        let select = """
            SELECT p.id, p.family_name, p.given_name, p.family_reading, p.given_reading, p.closeness, p.recognition,
                   p.price_acceptance, p.kind, p.organisation, p.placeholder, e.title, e.department, e.reports_to_id,
                   (SELECT max(pa.assessed_at) FROM portrait_assessments pa WHERE pa.person_id = p.id) AS portrait_at
            FROM employments e JOIN key_persons p ON p.id = e.person_id
            """
        if let reader = KAMDatabase.sqliteReader {
            let kinds = ConnectionLines.Words<PersonKind>()
            let rows = try await reader.query(select + """
                 WHERE e.account_id = ?1 AND p.deleted_at IS NULL
                  AND (e.from_date IS NULL OR e.from_date <= ?2) AND (e.to_date IS NULL OR e.to_date > ?2)
                ORDER BY p.id
                """, [.integer(Int(id)), .text(day.description)])
            return try rows.map { row in
                let cells = row.columns
                guard cells.count == 15 else { throw ConnectionLines.Malformed() }
                func int(_ i: Int) -> Int64? {
                    if case .integer(let value) = cells[i].data { return Int64(value) }
                    return nil
                }
                func text(_ i: Int) -> String? {
                    if case .text(let value) = cells[i].data { return value }
                    return nil
                }
                guard let person = int(0), let family = text(1), let given = text(2) else { throw ConnectionLines.Malformed() }
                let portrait = int(5).flatMap { c in int(6).flatMap { r in int(7).map { p in
                    Portrait(closeness: Int(c), recognition: Int(r), priceAcceptance: Int(p))
                } } }
                return (MapPerson(id: person, name: PersonName(family: family, given: given, familyReading: text(3), givenReading: text(4)),
                                  title: text(11), department: text(12), accountID: id, affiliation: .account,
                                  kind: try kinds.match(text(8)), organisation: text(9), isPlaceholder: (int(10) ?? 0) != 0,
                                  portrait: portrait, portraitUpdatedOn: int(14).map { Clock.today(Clock.date($0)) }),
                        int(13))
            }
        }
        return try await db.raw("""
            \(unsafeRaw: select) WHERE e.account_id = \(bind: id) AND p.deleted_at IS NULL
              AND (e.from_date IS NULL OR e.from_date <= \(bind: day.description)) AND (e.to_date IS NULL OR e.to_date > \(bind: day.description))
            ORDER BY p.id
            """).all().map { row in
            (MapPerson(id: try row.int64("id"), name: try KeyPersonRepository.name(row), title: try row.optionalString("title"),
                       department: try row.optionalString("department"), accountID: id, affiliation: .account,
                       kind: try row.vocabulary("kind", as: PersonKind.self), organisation: try row.optionalString("organisation"),
                       isPlaceholder: try row.int("placeholder") != 0, portrait: try KeyPersonRepository.portrait(row),
                       portraitUpdatedOn: try row.optionalDate("portrait_at").map { Clock.today($0) }),
             try row.optionalInt64("reports_to_id"))
        }
    }
}
