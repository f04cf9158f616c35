import Foundation
import KAMStore
import KAMTestSupport
import SQLKit
import Testing

extension AccessMatrixTests {
    /// A table whose rows a principal's requests can touch, narrowed to that principal's records.
    struct Watched {
        var table: String
        var condition: String
        /// nil: every column. Users change their last sign-in on every session, which no rule is about.
        var columns: [String]? = nil
    }

    /// The rows a principal's requests can touch, and the audit log: a denied request leaves all of them as they were.
    static func watched(_ f: Fixture) -> [Watched] {
        let users = "\(f.user.id), \(f.other.id), \(f.expert.id)"
        let ofAccount = "account_id = \(f.account)"
        let opportunities = "opportunity_id IN (SELECT id FROM opportunities WHERE \(ofAccount))"
        return [
            Watched(table: "accounts", condition: "id = \(f.account) OR name IN ('New \(f.n)', 'Page \(f.n)')"),
            Watched(table: "account_moves", condition: ofAccount),
            Watched(table: "account_custom_values", condition: ofAccount),
            Watched(table: "key_persons", condition: "id IN (SELECT person_id FROM employments WHERE \(ofAccount))"),
            Watched(table: "opportunities", condition: ofAccount),
            Watched(table: "account_team_members", condition: ofAccount),
            Watched(table: "account_coverage", condition: ofAccount),
            Watched(table: "expert_requests", condition: ofAccount),
            Watched(table: "presales_requests", condition: ofAccount),
            Watched(table: "sales_teams", condition: "id = \(f.salesTeam) OR name IN ('Team \(f.n)', 'Form team \(f.n)')"),
            Watched(table: "territory_models", condition: "id = \(f.model) OR name IN ('Model \(f.n)', 'Form model \(f.n)')"),
            Watched(table: "territories", condition: "model_id = \(f.model)"),
            Watched(table: "custom_field_definitions", condition: "id = \(f.customField) OR field_key IN ('new_\(f.n)', 'form_\(f.n)')"),
            Watched(table: "expert_profiles", condition: "user_id = \(f.expert.id)"),
            Watched(table: "person_connections", condition: ofAccount),
            Watched(table: "decision_chains", condition: "opportunity_id = \(f.opportunity)"),
            Watched(table: "decision_chain_entries", condition: "opportunity_id = \(f.opportunity)"),
            Watched(table: "users", condition: "id IN (\(users)) OR username IN ('made\(f.n)', 'form\(f.n)')",
                    columns: ["id", "display_name", "role", "manager_id", "active", "locale", "version"]),
            Watched(table: "purchase_transactions", condition: ofAccount),
            Watched(table: "account_scores", condition: ofAccount),
            Watched(table: "account_strategies", condition: ofAccount),
            Watched(table: "account_placements", condition: ofAccount),
            Watched(table: "company_documents", condition: "1 = 1", columns: ["kind", "revision"]),
            Watched(table: "activities", condition: ofAccount),
            Watched(table: "activity_participants", condition: "activity_id IN (SELECT id FROM activities WHERE \(ofAccount))"),
            Watched(table: "tasks", condition: "\(ofAccount) OR title IN ('Task \(f.n)', 'Form task \(f.n)')"),
            Watched(table: "portrait_assessments", condition: ofAccount),
            Watched(table: "communication_channels", condition: ofAccount),
            Watched(table: "incidents", condition: ofAccount),
            Watched(table: "incident_events", condition: "incident_id IN (SELECT id FROM incidents WHERE \(ofAccount))"),
            Watched(table: "complaints", condition: ofAccount),
            Watched(table: "mutual_purchases", condition: ofAccount),
            Watched(table: "consulting_engagements", condition: ofAccount),
            Watched(table: "governance_seats", condition: ofAccount),
            Watched(table: "opportunity_competitors", condition: opportunities),
            Watched(table: "close_plan_steps", condition: opportunities),
            Watched(table: "opportunity_criteria", condition: opportunities),
            Watched(table: "opportunity_stage_moves", condition: opportunities),
            Watched(table: "sales_documents", condition: ofAccount),
            Watched(table: "sales_document_lines", condition: "document_id IN (SELECT id FROM sales_documents WHERE \(ofAccount))"),
            Watched(table: "account_plans", condition: ofAccount),
            Watched(table: "account_plan_revisions", condition: "plan_id IN (SELECT id FROM account_plans WHERE \(ofAccount))"),
            Watched(table: "quotas", condition: "id = \(f.quota) OR sales_team_id = \(f.salesTeam)"),
            Watched(table: "evaluations", condition: ofAccount),
            Watched(table: "evaluation_participants", condition: "evaluation_id IN (SELECT id FROM evaluations WHERE \(ofAccount))"),
            Watched(table: "notifications", condition: "user_id IN (\(users))"),
            Watched(table: "calendar_feeds", condition: "user_id IN (\(users))"),
            Watched(table: "yearly_assessments", condition: "subject = 'team' AND subject_id = \(f.salesTeam)"),
        ]
    }

    /// The hash must notice a change to any watched row, or the matrix could not catch a denied write.
    @Test(arguments: TestEngine.allCases)
    func theRowHashNoticesAChangedRowAndANewAuditEntry(_ engine: TestEngine) async throws {
        try await WebHarness.run(engine) { web in
            var f = try await Self.fixture(web, role: .readOnly, relation: .none, n: 1, shared: try await Self.sharedUsers(web))
            f.columns = try await Self.tableColumns(web)
            let before = try await Self.rowHash(web, f)
            #expect(before.contains("accounts: ") && before.contains("Matrix Account 1") && before.contains("sales_document_lines: "))
            #expect(try await Self.rowHash(web, f) == before)
            let account = f.account
            try await web.store.database.write { db in
                try await db.raw("UPDATE complaints SET summary = 'Quietly changed' WHERE account_id = \(bind: account)").run()
            }
            let changed = try await Self.rowHash(web, f)
            #expect(changed != before && Self.difference(before, changed).contains("Quietly changed"))
            try await web.store.database.write { db in
                try await db.raw("DELETE FROM audit_log WHERE id = (SELECT max(id) FROM audit_log)").run()
            }
            #expect(try await Self.rowHash(web, f) != changed)
        }
    }

    /// The columns of every watched table, read once from the schema.
    static func tableColumns(_ web: WebHarness) async throws -> [String: [String]] {
        let tables = Set(watched(.probe(role: .administrator, relation: .none)).map(\.table))
        let sqlite = web.store.database.engine == .sqlite
        return try await web.store.database.read { db in
            var columns: [String: [String]] = [:]
            for table in tables {
                let sql: SQLQueryString = sqlite
                    ? "SELECT name FROM pragma_table_info(\(bind: table)) ORDER BY cid"
                    : "SELECT column_name AS name FROM information_schema.columns WHERE table_name = \(bind: table) ORDER BY ordinal_position"
                columns[table] = try await db.raw(sql).all().map { try $0.decode(column: "name", as: String.self) }
            }
            return columns
        }
    }

    /// Every watched row rendered as text by the engine itself, in one round trip: one column per
    /// table, its rows sorted (without ORDER BY an engine may return them in another order once it
    /// re-plans, as PostgreSQL does after autovacuum has analysed the growing tables).
    static func rowHash(_ web: WebHarness, _ f: Fixture) async throws -> String {
        let sqlite = web.store.database.engine == .sqlite
        var parts = ["(SELECT CAST(count(*) AS TEXT) FROM audit_log) AS audit"]
        for (number, item) in watched(f).enumerated() {
            if sqlite {
                let columns = item.columns ?? f.columns[item.table] ?? []
                precondition(!columns.isEmpty, "no columns known for \(item.table)")
                let line = columns.map { "quote(\($0))" }.joined(separator: " || ',' || ")
                parts.append("(SELECT COALESCE(group_concat(line, char(10)), '') FROM "
                             + "(SELECT \(line) AS line FROM \(item.table) WHERE \(item.condition) ORDER BY line)) AS t\(number)")
            } else {
                // PostgreSQL renders a whole row as text itself; a function call per column costs it
                // more to parse and plan than the query takes to run.
                let columns = item.columns?.joined(separator: ", ") ?? "*"
                parts.append("(SELECT COALESCE(string_agg(r::text, E'\\n' ORDER BY r::text), '') "
                             + "FROM (SELECT \(columns) FROM \(item.table) WHERE \(item.condition)) r) AS t\(number)")
            }
        }
        let sql = "SELECT " + parts.joined(separator: ", ")
        return try await web.store.database.read { db in
            guard let row = try await db.raw(SQLQueryString(sql)).first() else { return "" }
            var lines = ["audit: " + (try row.decode(column: "audit", as: String.self))]
            for (number, item) in watched(f).enumerated() {
                let text = try row.decode(column: "t\(number)", as: String.self)
                lines += text.split(separator: "\n").map { "\(item.table): \($0)" }
            }
            return lines.joined(separator: "\n")
        }
    }

    struct MatrixTiming {
        var fixtures = Duration.zero, hashing = Duration.zero
        /// Each case's request, by route.
        var cases: [String: Duration] = [:]

        mutating func record(_ name: String, _ duration: Duration) { cases[name, default: .zero] += duration }

        static func seconds(_ d: Duration) -> String {
            String(format: "%.1f s", Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18)
        }

        var totals: String {
            "fixtures \(Self.seconds(fixtures)), hashes \(Self.seconds(hashing)), cases \(Self.seconds(cases.values.reduce(Duration.zero, +)))"
        }

        var summary: String {
            let slowest = cases.sorted { $0.value > $1.value }.prefix(12).map { "\($0.key) \(Self.seconds($0.value))" }
            return totals + "; slowest: " + slowest.joined(separator: ", ")
        }
    }

}
