import Foundation
import KAMCore
import SQLKit

extension EvaluationRepository {
    /// The on-time report and the portfolio's direction over the key accounts the caller sees:
    /// reviews held in the last twelve months and those overdue now, by the owner's sales team
    /// and by class; improved or declined from each account's last two scores.
    public func report(caller: Caller) async throws -> ReviewReport {
        let moment = now()
        let today = Clock.today(moment)
        let since = today.adding(days: -365)
        let condition = scopeCondition(caller.policy.readScope, alias: "a", today: today, engine: database.engine) ?? "1 = 1"
        return try await database.read { db in
            let cadences = try await CompanyDocumentRepository.current(db, EvaluationCadences.self).document
            let investment = try await CompanyDocumentRepository.current(db, InvestmentStrategy.self).document
            let accounts = try await Self.keyAccounts(db, where: condition, at: moment)
            let visible = Set(accounts.map(\.facts.accountID))
            var shares: [AccountID: OnTimeShare] = [:]
            for row in try await db.raw("""
                SELECT account_id, count(*) AS held, sum(CASE WHEN held_on <= due_on THEN 1 ELSE 0 END) AS on_time
                FROM evaluations WHERE held_on >= \(bind: since.description) GROUP BY account_id
                """).all() {
                let id = try row.int64("account_id")
                guard visible.contains(id) else { continue }
                shares[id, default: OnTimeShare()] = OnTimeShare(held: try row.int("held"), onTime: try row.int("on_time"))
            }
            for account in accounts {
                let overdue = EvaluationCalendar.schedule(account.facts, cadences: cadences, investment: investment).filter { $0.state == .overdue }.count
                shares[account.facts.accountID, default: OnTimeShare()].overdue += overdue
            }
            var scores: [AccountID: [Double]] = [:]
            for row in try await db.raw("SELECT account_id, total FROM account_scores ORDER BY account_id, scored_at, id").all() {
                let id = try row.int64("account_id")
                if visible.contains(id) { scores[id, default: []].append(try row.decode(column: "total", as: Double.self)) }
            }
            var teams: [UserID: [(id: Int64, name: String)]] = [:]
            for row in try await db.raw("""
                SELECT m.user_id, t.id, t.name FROM sales_team_members m JOIN sales_teams t ON t.id = m.sales_team_id
                """).all() {
                teams[try row.int64("user_id"), default: []].append((try row.int64("id"), try row.string("name")))
            }

            var byTeam: [String: OnTimeRow] = [:], byClass: [String: OnTimeRow] = [:]
            var total = OnTimeShare(), trend = PortfolioTrend()
            for account in accounts {
                let share = shares[account.facts.accountID] ?? OnTimeShare()
                total = total + share
                trend.add(TrendDirection(scores: scores[account.facts.accountID] ?? []))
                // An owner on two teams counts for both; one on none, under "".
                for team in teams[account.ownerID] ?? [(id: 0, name: "")] {
                    let key = team.id == 0 ? "" : "\(team.id)"
                    var row = byTeam[key] ?? OnTimeRow(key: team.name, teamID: team.id == 0 ? nil : team.id, accounts: 0, share: OnTimeShare())
                    row.accounts += 1
                    row.share = row.share + share
                    byTeam[key] = row
                }
                let letter = account.facts.accountClass?.rawValue ?? ""
                var row = byClass[letter] ?? OnTimeRow(key: letter, accounts: 0, share: OnTimeShare())
                row.accounts += 1
                row.share = row.share + share
                byClass[letter] = row
            }
            return ReviewReport(since: since, byTeam: byTeam.values.sorted { ($0.key.isEmpty ? 1 : 0, $0.key) < ($1.key.isEmpty ? 1 : 0, $1.key) },
                                byClass: byClass.values.sorted { ($0.key.isEmpty ? "~" : $0.key) < ($1.key.isEmpty ? "~" : $1.key) },
                                total: total, trend: trend)
        }
    }

    /// An account's customer scores, oldest first, for its trend chart.
    static func scores(_ db: any SQLDatabase, _ accountID: AccountID) async throws -> [ScorePoint] {
        try await db.raw("SELECT scored_at, total FROM account_scores WHERE account_id = \(bind: accountID) ORDER BY scored_at, id").all().map {
            ScorePoint(scoredAt: try $0.date("scored_at"), total: try $0.decode(column: "total", as: Double.self))
        }
    }
}
