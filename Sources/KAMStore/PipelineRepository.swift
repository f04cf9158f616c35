import Foundation
import KAMCore
import SQLKit

public struct PipelineQuery: Sendable {
    public var ownerID: UserID?
    public var accountID: AccountID?
    /// First and last day of the forecast window (closes on these days count).
    public var from: CalendarDate?
    public var to: CalendarDate?
    public var grouping: ForecastGrouping = .quarter
    public init() {}
}

public struct PipelineColumn: Sendable, Hashable, Codable {
    public var stage: OpportunityStage
    public var name: String
    public var probabilityPercent: Int
    public var count: Int
    /// The column's open amount and weighted amount, in the reporting currency.
    public var amount: Money
    public var weighted: Money
    /// The first cards by expected close; `count` says how many there are.
    public var cards: [OpportunitySummary]
}

/// Days from found to won, over the opportunities won in the last year.
public struct CycleTime: Sendable, Hashable, Codable {
    public var track: SalesTrack
    public var wonCount: Int
    public var averageDays: Double?
    public var medianDays: Int?
}

public struct PipelineBoard: Sendable, Hashable, Codable {
    public var reportingCurrency: String
    public var columns: [PipelineColumn]
    public var cycleTimes: [CycleTime]
}

/// The pipeline across the accounts a caller may see: the board of large opportunities by stage,
/// the weighted forecast and cycle times.
public struct PipelineRepository: Sendable {
    let database: KAMDatabase
    let now: @Sendable () -> Date

    public static let cardsPerColumn = 25

    public func forecast(_ query: PipelineQuery, caller: Caller) async throws -> ForecastReport {
        let today = Clock.today(now())
        let (from, to) = window(query, today: today)
        return try await database.read { db in
            let process = try await CompanyDocumentRepository.current(db, SalesProcess.self).document
            let converter = try await CatalogueRepository.converter(db)
            let closeDay = "COALESCE(o.closed_on, o.expected_close)"
            var conditions = conditions(query, caller: caller, today: today)
            conditions.append("o.stage <> 'lost'")
            conditions.append("(\(closeDay) IS NULL OR (\(closeDay) >= '\(from)' AND \(closeDay) <= '\(to)'))")
            let rows = try await db.raw(SQLQueryString("""
                SELECT o.currency, o.stage, o.probability, substr(\(unsafeRaw: closeDay), 1, 7) AS month, COUNT(*) AS n,
                       SUM(CAST(o.amount_minor AS DOUBLE PRECISION)) AS total
                FROM opportunities o WHERE \(unsafeRaw: conditions.joined(separator: " AND "))
                GROUP BY o.currency, o.stage, o.probability, substr(\(unsafeRaw: closeDay), 1, 7)
                """)).all()
            let cells = try rows.map { row in
                ForecastCell(currency: try row.string("currency"), stage: OpportunityStage(rawValue: try row.string("stage")),
                             probabilityPercent: try row.optionalInt64("probability").map(Int.init), month: try row.optionalString("month") ?? "",
                             count: try row.int("n"), amountMinor: try row.decode(column: "total", as: Double.self))
            }
            return Forecast.weigh(cells, process: process, grouping: query.grouping, reportingCurrency: converter.reportingCurrency,
                                  rate: { converter.rate($0, on: today) })
        }
    }

    public func board(_ query: PipelineQuery, caller: Caller) async throws -> PipelineBoard {
        let today = Clock.today(now())
        return try await database.read { db in
            let process = try await CompanyDocumentRepository.current(db, SalesProcess.self).document
            let converter = try await CatalogueRepository.converter(db)
            var conditions = conditions(query, caller: caller, today: today)
            conditions.append("o.track = 'staged'")
            let open = conditions + ["o.stage NOT IN ('won', 'lost')"]
            let sums = try await db.raw(SQLQueryString("""
                SELECT o.stage, o.currency, o.probability, COUNT(*) AS n, SUM(CAST(o.amount_minor AS DOUBLE PRECISION)) AS total
                FROM opportunities o WHERE \(unsafeRaw: open.joined(separator: " AND ")) GROUP BY o.currency, o.stage, o.probability
                """)).all()
            var cells: [ForecastCell] = []
            for row in sums {
                // One period for the whole board: the forecast arithmetic, summed by stage.
                cells.append(ForecastCell(currency: try row.string("currency"), stage: OpportunityStage(rawValue: try row.string("stage")),
                                          probabilityPercent: try row.optionalInt64("probability").map(Int.init), month: "board",
                                          count: try row.int("n"), amountMinor: try row.decode(column: "total", as: Double.self)))
            }
            let weighed = Forecast.weigh(cells, process: process, grouping: .month, reportingCurrency: converter.reportingCurrency,
                                         rate: { converter.rate($0, on: today) })
            let figures = Dictionary(weighed.total.byStage.map { ($0.stage, $0) }, uniquingKeysWith: { first, _ in first })
            var columns: [PipelineColumn] = []
            for stage in process.stages {
                let cardRows = try await db.raw(SQLQueryString("""
                    SELECT o.*, a.name AS account_name, u.display_name AS owner_name FROM opportunities o
                    JOIN accounts a ON a.id = o.account_id JOIN users u ON u.id = o.owner_id
                    WHERE \(unsafeRaw: conditions.joined(separator: " AND ")) AND o.stage = \(bind: stage.key)
                    ORDER BY o.expected_close IS NULL, o.expected_close, o.id LIMIT \(unsafeRaw: String(Self.cardsPerColumn))
                    """)).all()
                let figure = figures[stage.stage]
                columns.append(PipelineColumn(
                    stage: stage.stage, name: stage.name, probabilityPercent: stage.probabilityPercent, count: figure?.count ?? 0,
                    amount: figure?.amount ?? Money(minorUnits: 0, currency: converter.reportingCurrency),
                    weighted: figure?.weighted ?? Money(minorUnits: 0, currency: converter.reportingCurrency),
                    cards: try cardRows.map {
                        OpportunitySummary(opportunity: try OpportunityRepository.decode($0), accountName: try $0.string("account_name"),
                                           ownerName: try $0.string("owner_name"))
                    }))
            }
            return PipelineBoard(reportingCurrency: converter.reportingCurrency, columns: columns,
                                 cycleTimes: try await cycleTimes(db, query, caller: caller, today: today))
        }
    }

    func cycleTimes(_ db: any SQLDatabase, _ query: PipelineQuery, caller: Caller, today: CalendarDate) async throws -> [CycleTime] {
        var conditions = conditions(query, caller: caller, today: today)
        conditions.append("o.stage = 'won'")
        conditions.append("o.closed_on >= '\(today.adding(days: -365))'")
        let rows = try await db.raw(SQLQueryString("""
            SELECT o.track, o.found_on, o.closed_on FROM opportunities o JOIN accounts a ON a.id = o.account_id
            WHERE \(unsafeRaw: conditions.joined(separator: " AND "))
            """)).all()
        var days: [SalesTrack: [Int]] = [:]
        for row in rows {
            guard let track = SalesTrack(rawValue: try row.string("track")), let found = try row.calendarDate("found_on"),
                  let closed = try row.calendarDate("closed_on") else { continue }
            days[track, default: []].append(max(0, found.days(until: closed)))
        }
        return SalesTrack.allCases.map { track in
            let sorted = (days[track] ?? []).sorted()
            return CycleTime(track: track, wonCount: sorted.count,
                             averageDays: sorted.isEmpty ? nil : Double(sorted.reduce(0, +)) / Double(sorted.count),
                             medianDays: sorted.isEmpty ? nil : sorted[sorted.count / 2])
        }
    }

    /// Visibility, owner and account, as SQL over `o` (opportunities) and `a` (accounts); only ids
    /// are rendered into it.
    func conditions(_ query: PipelineQuery, caller: Caller, today: CalendarDate) -> [String] {
        var conditions = ["o.deleted_at IS NULL"]
        // The accounts as a set the opportunities' index is checked against, not a join: the
        // engines then read the forecast index in order instead of sorting what a join hands them.
        if let scope = scopeCondition(caller.policy.readScope, alias: "a", today: today, engine: database.engine) {
            conditions.append("o.account_id IN (SELECT a.id FROM accounts a WHERE a.deleted_at IS NULL AND \(scope))")
        } else {
            conditions.append("o.account_id NOT IN (SELECT a.id FROM accounts a WHERE a.deleted_at IS NOT NULL)")
        }
        if let owner = query.ownerID { conditions.append("o.owner_id = \(owner)") }
        if let account = query.accountID { conditions.append("o.account_id = \(account)") }
        return conditions
    }

    /// By default this quarter and the next three.
    func window(_ query: PipelineQuery, today: CalendarDate) -> (CalendarDate, CalendarDate) {
        let quarterStart = CalendarDate(year: today.year, month: (today.month - 1) / 3 * 3 + 1, day: 1)
        let from = query.from ?? quarterStart
        let to = query.to ?? {
            let month = quarterStart.month + 12
            return CalendarDate(year: quarterStart.year + 1, month: month - 12, day: 1).adding(days: -1)
        }()
        return (from, to)
    }
}
