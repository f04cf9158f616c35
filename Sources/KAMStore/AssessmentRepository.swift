import Foundation
import KAMCore
import SQLKit

/// The yearly assessment (domain.md §8): every sales team, salesperson and key account judged
/// against the administrator's criteria, with the figures pre-filled from the year's data and
/// the decision kept per year. A company-level exercise: company-wide roles see it, and
/// administrators and executives decide.
public struct AssessmentRepository: Sendable {
    let database: KAMDatabase
    let now: @Sendable () -> Date

    private struct AccountYear {
        var id: AccountID, name: String, ownerID: UserID
        var revenue: Double, target: Double
        var held: Int, onTime: Int
        var objectivesDue: Int, objectivesAchieved: Int
        var score: Double?
        var ownedObjectives: [UserID: (due: Int, achieved: Int)]
    }

    public func year(_ year: Int, caller: Caller) async throws -> [YearlyAssessment] {
        guard caller.policy.readScope == .all else { throw StoreError.forbidden }
        return try await database.read { db in try await Self.compute(db, year: year) }
    }

    /// Records (or changes) a decision; `expectedVersion` is the row's version as the caller saw it (0: none yet).
    public func decide(_ draft: AssessmentDecisionDraft, expectedVersion: Int, caller: Caller) async throws -> YearlyAssessment {
        guard [.administrator, .executive].contains(caller.policy.user.role) else { throw StoreError.forbidden }
        let at = now()
        return try await database.write { db in
            guard let before = try await Self.compute(db, year: draft.year).first(where: { $0.subject == draft.subject && $0.subjectID == draft.subjectID }) else {
                throw StoreError.notFound(entity: "assessment", id: draft.subjectID)
            }
            guard before.version == expectedVersion else {
                throw StoreError.versionConflict(currentVersion: before.version, changedBy: before.decidedBy, changedAt: before.decidedAt ?? at)
            }
            if before.version == 0 {
                try await db.raw("""
                    INSERT INTO yearly_assessments (year, subject, subject_id, decision, comment, decided_at, decided_by, decided_by_name, version)
                    VALUES (\(bind: draft.year), \(bind: draft.subject.rawValue), \(bind: draft.subjectID), \(bind: draft.decision.rawValue),
                            \(bind: draft.comment), \(bind: Clock.millis(at)), \(bind: caller.actor.userID), \(bind: caller.actor.name), 1)
                    """).run()
            } else {
                try await db.raw("""
                    UPDATE yearly_assessments SET decision = \(bind: draft.decision.rawValue), comment = \(bind: draft.comment),
                           decided_at = \(bind: Clock.millis(at)), decided_by = \(bind: caller.actor.userID), decided_by_name = \(bind: caller.actor.name),
                           version = version + 1
                    WHERE year = \(bind: draft.year) AND subject = \(bind: draft.subject.rawValue) AND subject_id = \(bind: draft.subjectID)
                    """).run()
            }
            // The figures did not change: only the decision did.
            var after = before
            after.decision = draft.decision
            after.comment = draft.comment
            after.decidedBy = caller.actor.name
            after.decidedAt = Clock.date(Clock.millis(at))
            after.version = before.version + 1
            try await AuditLog.record(db, caller, at: at, entity: "yearly_assessment", id: draft.subjectID, action: before.version == 0 ? "create" : "update",
                                      before: before.version == 0 ? nil : before, after: after,
                                      accountID: draft.subject == .keyAccount ? draft.subjectID : nil)
            return after
        }
    }

    static func compute(_ db: any SQLDatabase, year: Int) async throws -> [YearlyAssessment] {
        let from = CalendarDate(year: year, month: 1, day: 1), to = CalendarDate(year: year, month: 12, day: 31)
        let criteria = try await CompanyDocumentRepository.current(db, AssessmentCriteria.self).document
        let reporting = try await CatalogueRepository.settings(db).reportingCurrency
        let digits = Double(Money.minorUnitDigits[reporting] ?? 2)
        let endMillis = Clock.millis(Date(timeIntervalSince1970: Double(to.adding(days: 1).daysSince1970) * 86_400))
        var accounts: [AccountYear] = []
        for row in try await db.raw("""
            SELECT id, name, owner_id FROM accounts WHERE deleted_at IS NULL AND status = 'qualified' ORDER BY name, id
            """).all() {
            let id = try row.int64("id")
            let facts = try await AccountPlanRepository.facts(db, account: id, from: from, to: to, reportingCurrency: reporting)
            var target = 0.0, due = 0, achieved = 0
            var owned: [UserID: (due: Int, achieved: Int)] = [:]
            for plan in try await AccountPlanRepository.load(db, where: "p.account_id = \(id) AND p.period_start <= '\(to)' AND p.period_end >= '\(from)'") {
                target += plan.draft.targets.filter { $0.revenue.currency == reporting }.reduce(0) { $0 + Double($1.revenue.minorUnits) } / pow(10, digits)
                for objective in plan.draft.objectives where objective.dueOn >= from && objective.dueOn <= to && objective.status != .dropped {
                    due += 1
                    let done = objective.status == .achieved ? 1 : 0
                    achieved += done
                    owned[objective.ownerID, default: (0, 0)].due += 1
                    owned[objective.ownerID, default: (0, 0)].achieved += done
                }
            }
            let reviews = try await db.raw("""
                SELECT count(*) AS held, sum(CASE WHEN held_on <= due_on THEN 1 ELSE 0 END) AS on_time FROM evaluations
                WHERE account_id = \(bind: id) AND held_on >= \(bind: from.description) AND held_on <= \(bind: to.description)
                """).first()
            let score = try await db.raw("""
                SELECT total FROM account_scores WHERE account_id = \(bind: id) AND scored_at < \(bind: endMillis) ORDER BY scored_at DESC, id DESC LIMIT 1
                """).first().map { try $0.decode(column: "total", as: Double.self) }
            accounts.append(AccountYear(id: id, name: try row.string("name"), ownerID: try row.int64("owner_id"), revenue: facts.revenueBooked, target: target,
                                        held: try reviews?.int("held") ?? 0, onTime: try reviews?.optionalInt64("on_time").map(Int.init) ?? 0,
                                        objectivesDue: due, objectivesAchieved: achieved, score: score, ownedObjectives: owned))
        }
        let decisions = try await db.raw("SELECT * FROM yearly_assessments WHERE year = \(bind: year)").all()
        var decided: [String: (AssessmentDecision, String, String?, Date?, Int)] = [:]
        for row in decisions {
            guard let decision = AssessmentDecision(rawValue: try row.string("decision")) else { continue }
            decided["\(try row.string("subject"))|\(try row.int64("subject_id"))"] = (decision, try row.string("comment"), try row.optionalString("decided_by_name"),
                                                                               try row.optionalInt64("decided_at").map(Clock.date), try row.int("version"))
        }
        func line(_ subject: AssessmentSubject, _ id: Int64, _ name: String, _ figures: AssessmentFigures) -> YearlyAssessment {
            let d = decided["\(subject.rawValue)|\(id)"]
            return YearlyAssessment(year: year, subject: subject, subjectID: id, name: name, figures: figures, criteria: criteria, decision: d?.0,
                                    comment: d?.1 ?? "", decidedBy: d?.2, decidedAt: d?.3, version: d?.4 ?? 0)
        }
        func figures(_ group: [AccountYear], quota: Double?, objectivesOf user: UserID? = nil) -> AssessmentFigures {
            let revenue = group.reduce(0) { $0 + $1.revenue }
            let objectives = user.map { u in group.reduce((0, 0)) { ($0.0 + ($1.ownedObjectives[u]?.due ?? 0), $0.1 + ($1.ownedObjectives[u]?.achieved ?? 0)) } }
                ?? group.reduce((0, 0)) { ($0.0 + $1.objectivesDue, $0.1 + $1.objectivesAchieved) }
            let scores = group.compactMap(\.score)
            return AssessmentFigures(targetsPercent: AssessmentFigures.percent(revenue, of: quota ?? group.reduce(0) { $0 + $1.target }),
                                     reviewsOnTimePercent: AssessmentFigures.percent(Double(group.reduce(0) { $0 + $1.onTime }), of: Double(group.reduce(0) { $0 + $1.held })),
                                     objectivesPercent: AssessmentFigures.percent(Double(objectives.1), of: Double(objectives.0)),
                                     customerScore: scores.isEmpty ? nil : (scores.reduce(0, +) / Double(scores.count) * 10).rounded() / 10)
        }
        func quota(_ column: String, _ id: Int64) async throws -> Double? {
            let rows = try await db.raw("""
                SELECT amount_minor FROM quotas WHERE \(unsafeRaw: column) = \(bind: id) AND currency = \(bind: reporting)
                AND period_start <= \(bind: to.description) AND period_end >= \(bind: from.description)
                """).all()
            return rows.isEmpty ? nil : try rows.reduce(0) { $0 + Double(try $1.int64("amount_minor")) } / pow(10, digits)
        }

        var lines: [YearlyAssessment] = []
        let users = try await db.raw("SELECT id, display_name FROM users WHERE active = 1").all()
        let names = Dictionary(uniqueKeysWithValues: try users.map { (try $0.int64("id"), try $0.string("display_name")) })
        let byOwner = Dictionary(grouping: accounts, by: \.ownerID)
        for row in try await db.raw("SELECT t.id, t.name FROM sales_teams t ORDER BY t.name, t.id").all() {
            let team = try row.int64("id")
            let members = Set(try await db.raw("SELECT user_id FROM sales_team_members WHERE sales_team_id = \(bind: team)").all().map { try $0.int64("user_id") })
            let group = members.flatMap { byOwner[$0] ?? [] }
            lines.append(line(.team, team, try row.string("name"), figures(group, quota: try await quota("sales_team_id", team))))
        }
        for owner in byOwner.keys.sorted(by: { (names[$0] ?? "", $0) < (names[$1] ?? "", $1) }) {
            lines.append(line(.salesperson, owner, names[owner] ?? "#\(owner)", figures(byOwner[owner] ?? [], quota: try await quota("user_id", owner), objectivesOf: owner)))
        }
        for account in accounts { lines.append(line(.keyAccount, account.id, account.name, figures([account], quota: nil))) }
        return lines
    }
}
