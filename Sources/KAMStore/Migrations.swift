import SQLKit

/// Numbered, append-only schema changes. Never edit one that has landed: add the next number.
/// `{PK}` becomes each engine's 64-bit auto-numbered primary key; every integer is 64-bit.
struct Migration: Sendable {
    let number: Int
    let name: String
    let statements: [String]
    /// Statements only one engine understands (its own index types), run after the shared ones.
    var sqliteOnly: [String] = []
    var postgresOnly: [String] = []

    func statements(for engine: DatabaseEngine) -> [String] {
        statements + (engine == .sqlite ? sqliteOnly : postgresOnly)
    }
}

enum Migrations {
    static let all: [Migration] = [foundation, accountNameSearch, accountTeams, accountNameBigrams, userChanges, organisation, presales, privateFieldGrants,
                                  liveAccountsByOwner, personConnections, decisionChains, peopleAcrossOrganisations, purchasing, scoring,
                                  classification, operations, channels, incidents, strengthening, salesProcess,
                                  salesDocuments, accountPlans, forecastIndex, evaluations, reminders, yearlyAssessments,
                                  reviewCalendar, searchProbes]

    static let foundation = Migration(number: 1, name: "foundation", statements: [
        """
        CREATE TABLE users (
            id {PK}, username TEXT NOT NULL UNIQUE, display_name TEXT NOT NULL, email TEXT,
            role TEXT NOT NULL, manager_id BIGINT REFERENCES users(id), locale TEXT, time_zone TEXT NOT NULL,
            active BIGINT NOT NULL DEFAULT 1, password_hash TEXT NOT NULL, version BIGINT NOT NULL DEFAULT 1,
            created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL)
        """,
        "CREATE INDEX users_manager ON users(manager_id)",
        """
        CREATE TABLE sessions (
            token_hash TEXT PRIMARY KEY, user_id BIGINT NOT NULL REFERENCES users(id), csrf_token TEXT NOT NULL,
            created_at BIGINT NOT NULL, expires_at BIGINT NOT NULL)
        """,
        "CREATE INDEX sessions_user ON sessions(user_id)",
        """
        CREATE TABLE login_attempts (
            id {PK}, username TEXT NOT NULL, ip TEXT NOT NULL, at BIGINT NOT NULL, success BIGINT NOT NULL)
        """,
        "CREATE INDEX login_attempts_username ON login_attempts(username, at)",
        "CREATE INDEX login_attempts_ip ON login_attempts(ip, at)",
        """
        CREATE TABLE accounts (
            id {PK}, name TEXT NOT NULL, name_search TEXT NOT NULL, industry TEXT NOT NULL, region TEXT NOT NULL,
            size TEXT NOT NULL, time_zone TEXT NOT NULL, parent_id BIGINT REFERENCES accounts(id),
            procurement_mode TEXT NOT NULL, owner_id BIGINT NOT NULL REFERENCES users(id), website TEXT,
            description TEXT, scene TEXT NOT NULL, stage TEXT NOT NULL, status TEXT NOT NULL,
            version BIGINT NOT NULL DEFAULT 1, created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL,
            updated_by BIGINT REFERENCES users(id), deleted_at BIGINT)
        """,
        "CREATE INDEX accounts_name ON accounts(name_search, id)",
        "CREATE INDEX accounts_owner ON accounts(owner_id, name_search, id)",
        "CREATE INDEX accounts_parent ON accounts(parent_id)",
        "CREATE INDEX accounts_industry ON accounts(industry, name_search, id)",
        "CREATE INDEX accounts_region ON accounts(region, name_search, id)",
        "CREATE INDEX accounts_status ON accounts(status, name_search, id)",
        "CREATE INDEX accounts_updated ON accounts(updated_at, id)",
        """
        CREATE TABLE account_moves (
            id {PK}, account_id BIGINT NOT NULL REFERENCES accounts(id), field TEXT NOT NULL,
            from_value TEXT NOT NULL, to_value TEXT NOT NULL, reason TEXT NOT NULL,
            actor_id BIGINT REFERENCES users(id), at BIGINT NOT NULL)
        """,
        "CREATE INDEX account_moves_account ON account_moves(account_id, id)",
        """
        CREATE TABLE custom_field_definitions (
            id {PK}, field_key TEXT NOT NULL UNIQUE, label TEXT NOT NULL, field_type TEXT NOT NULL,
            choices TEXT NOT NULL, industry TEXT, required BIGINT NOT NULL DEFAULT 0,
            version BIGINT NOT NULL DEFAULT 1, created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL)
        """,
        """
        CREATE TABLE account_custom_values (
            account_id BIGINT NOT NULL REFERENCES accounts(id), field_key TEXT NOT NULL, value TEXT NOT NULL,
            PRIMARY KEY (account_id, field_key))
        """,
        "CREATE INDEX account_custom_values_lookup ON account_custom_values(field_key, value)",
        """
        CREATE TABLE key_persons (
            id {PK}, family_name TEXT NOT NULL, given_name TEXT NOT NULL, family_reading TEXT, given_reading TEXT,
            name_search TEXT NOT NULL, email TEXT, phones TEXT NOT NULL, legal_basis TEXT NOT NULL, notes TEXT,
            closeness BIGINT, recognition BIGINT, price_acceptance BIGINT,
            version BIGINT NOT NULL DEFAULT 1, created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL,
            updated_by BIGINT REFERENCES users(id), deleted_at BIGINT)
        """,
        "CREATE INDEX key_persons_name ON key_persons(name_search, id)",
        """
        CREATE TABLE employments (
            id {PK}, person_id BIGINT NOT NULL REFERENCES key_persons(id),
            account_id BIGINT NOT NULL REFERENCES accounts(id), title TEXT, department TEXT,
            reports_to_id BIGINT REFERENCES key_persons(id), from_date TEXT, to_date TEXT, position BIGINT NOT NULL)
        """,
        "CREATE INDEX employments_account ON employments(account_id, person_id)",
        "CREATE INDEX employments_person ON employments(person_id, position)",
        "CREATE INDEX employments_reports_to ON employments(reports_to_id)",
        """
        CREATE TABLE personal_facts (
            id {PK}, person_id BIGINT NOT NULL REFERENCES key_persons(id), kind TEXT NOT NULL, value TEXT NOT NULL,
            source TEXT NOT NULL, recorded_on TEXT NOT NULL, position BIGINT NOT NULL)
        """,
        "CREATE INDEX personal_facts_person ON personal_facts(person_id, position)",
        """
        CREATE TABLE portrait_assessments (
            id {PK}, person_id BIGINT NOT NULL REFERENCES key_persons(id), closeness BIGINT NOT NULL,
            recognition BIGINT NOT NULL, price_acceptance BIGINT NOT NULL, evidence TEXT NOT NULL,
            assessed_by BIGINT REFERENCES users(id), assessed_at BIGINT NOT NULL)
        """,
        "CREATE INDEX portrait_assessments_person ON portrait_assessments(person_id, assessed_at)",
        """
        CREATE TABLE opportunities (
            id {PK}, name TEXT NOT NULL, account_id BIGINT NOT NULL REFERENCES accounts(id),
            amount_minor BIGINT NOT NULL, currency TEXT NOT NULL, stage TEXT NOT NULL, expected_close TEXT,
            owner_id BIGINT NOT NULL REFERENCES users(id), version BIGINT NOT NULL DEFAULT 1,
            created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL, updated_by BIGINT REFERENCES users(id),
            deleted_at BIGINT)
        """,
        "CREATE INDEX opportunities_account ON opportunities(account_id, expected_close)",
        "CREATE INDEX opportunities_owner ON opportunities(owner_id, expected_close)",
        """
        CREATE TABLE audit_log (
            id {PK}, actor_id BIGINT REFERENCES users(id), actor_name TEXT NOT NULL, at BIGINT NOT NULL,
            entity TEXT NOT NULL, entity_id BIGINT NOT NULL, action TEXT NOT NULL, before_json TEXT,
            after_json TEXT, account_id BIGINT)
        """,
        "CREATE INDEX audit_log_account ON audit_log(account_id, id)",
        "CREATE INDEX audit_log_entity ON audit_log(entity, entity_id, id)",
    ])
}

extension Migrations {
    /// Substring search on account names by trigrams, so a search that matches few accounts does
    /// not read them all: FTS5's trigram tokenizer on SQLite (kept in step by triggers, which
    /// also see the bulk loader's inserts), pg_trgm's GIN index on PostgreSQL.
    static let accountNameSearch = Migration(number: 2, name: "account name search", statements: [], sqliteOnly: [
        "CREATE VIRTUAL TABLE accounts_search USING fts5(name_search, content='accounts', content_rowid='id', tokenize='trigram')",
        """
        CREATE TRIGGER accounts_search_insert AFTER INSERT ON accounts BEGIN
            INSERT INTO accounts_search(rowid, name_search) VALUES (new.id, new.name_search);
        END
        """,
        """
        CREATE TRIGGER accounts_search_delete AFTER DELETE ON accounts BEGIN
            INSERT INTO accounts_search(accounts_search, rowid, name_search) VALUES ('delete', old.id, old.name_search);
        END
        """,
        """
        CREATE TRIGGER accounts_search_update AFTER UPDATE OF name_search ON accounts BEGIN
            INSERT INTO accounts_search(accounts_search, rowid, name_search) VALUES ('delete', old.id, old.name_search);
            INSERT INTO accounts_search(rowid, name_search) VALUES (new.id, new.name_search);
        END
        """,
        "INSERT INTO accounts_search(accounts_search) VALUES ('rebuild')",
    ], postgresOnly: [
        // In the public schema, so databases confined to another schema (tests) share one copy.
        "CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public",
        "CREATE INDEX accounts_name_trigram ON accounts USING gin (name_search public.gin_trgm_ops)",
    ])
}

extension Migrations {
    /// Account teams (domain.md §6): dated memberships with a team role and read or edit access,
    /// which the access policy follows.
    static let accountTeams = Migration(number: 3, name: "account teams", statements: [
        """
        CREATE TABLE account_team_members (
            id {PK}, account_id BIGINT NOT NULL REFERENCES accounts(id), user_id BIGINT NOT NULL REFERENCES users(id),
            team_role TEXT NOT NULL, access TEXT NOT NULL, from_date TEXT NOT NULL, to_date TEXT,
            version BIGINT NOT NULL DEFAULT 1, created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL,
            updated_by BIGINT REFERENCES users(id))
        """,
        "CREATE INDEX account_team_members_account ON account_team_members(account_id, user_id)",
        "CREATE INDEX account_team_members_user ON account_team_members(user_id, account_id)",
    ])
}

extension Migrations {
    /// Two-character searches, which neither trigram index answers and which Japanese and Chinese
    /// users type all the time (銀行, 電力): each account's distinct two-character pieces of its
    /// search key, kept by the store (`nameBigrams`) and filled here for accounts that exist.
    static let accountNameBigrams = Migration(number: 4, name: "account name bigrams", statements: [
        "CREATE TABLE account_name_grams (gram TEXT NOT NULL, account_id BIGINT NOT NULL REFERENCES accounts(id))",
    ], sqliteOnly: [
        """
        INSERT INTO account_name_grams (gram, account_id)
        WITH RECURSIVE piece(id, text, n) AS (
            SELECT id, name_search, 1 FROM accounts WHERE length(name_search) >= 2
            UNION ALL SELECT id, text, n + 1 FROM piece WHERE n + 1 < length(text))
        SELECT DISTINCT substr(text, n, 2), id FROM piece WHERE instr(substr(text, n, 2), ' ') = 0
        """,
        "CREATE INDEX account_name_grams_gram ON account_name_grams(gram, account_id)",
        "CREATE INDEX account_name_grams_account ON account_name_grams(account_id)",
    ], postgresOnly: [
        """
        INSERT INTO account_name_grams (gram, account_id)
        SELECT DISTINCT substr(name_search, n, 2), id FROM accounts, generate_series(1, length(name_search) - 1) AS n
        WHERE length(name_search) >= 2 AND strpos(substr(name_search, n, 2), ' ') = 0
        """,
        "CREATE INDEX account_name_grams_gram ON account_name_grams(gram, account_id)",
        "CREATE INDEX account_name_grams_account ON account_name_grams(account_id)",
    ])
}

extension Migrations {
    /// Administrators change users (role, manager, activity); a stale change names who saved first.
    static let userChanges = Migration(number: 5, name: "user changes", statements: [
        "ALTER TABLE users ADD COLUMN updated_by BIGINT REFERENCES users(id)",
    ])
}

extension Migrations {
    /// Sales teams, coverage lines, territory models, the expert directory and expert requests
    /// (domain.md §6). Membership hours are what expert load adds up.
    static let organisation = Migration(number: 6, name: "organisation and coverage", statements: [
        """
        CREATE TABLE sales_teams (
            id {PK}, name TEXT NOT NULL, leader_id BIGINT REFERENCES users(id), version BIGINT NOT NULL DEFAULT 1,
            created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL, updated_by BIGINT REFERENCES users(id))
        """,
        """
        CREATE TABLE sales_team_members (
            sales_team_id BIGINT NOT NULL REFERENCES sales_teams(id), user_id BIGINT NOT NULL REFERENCES users(id),
            PRIMARY KEY (sales_team_id, user_id))
        """,
        "CREATE INDEX sales_team_members_user ON sales_team_members(user_id, sales_team_id)",
        """
        CREATE TABLE territory_models (
            id {PK}, name TEXT NOT NULL, state TEXT NOT NULL, applied_at BIGINT, version BIGINT NOT NULL DEFAULT 1,
            created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL, updated_by BIGINT REFERENCES users(id))
        """,
        "CREATE UNIQUE INDEX territory_models_one_active ON territory_models(state) WHERE state = 'active'",
        """
        CREATE TABLE territories (
            id {PK}, model_id BIGINT NOT NULL REFERENCES territory_models(id), parent_id BIGINT REFERENCES territories(id),
            name TEXT NOT NULL, line TEXT NOT NULL, rule TEXT NOT NULL, user_id BIGINT REFERENCES users(id),
            sales_team_id BIGINT REFERENCES sales_teams(id), version BIGINT NOT NULL DEFAULT 1,
            created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL, updated_by BIGINT REFERENCES users(id))
        """,
        "CREATE INDEX territories_model ON territories(model_id)",
        """
        CREATE TABLE account_coverage (
            id {PK}, account_id BIGINT NOT NULL REFERENCES accounts(id), line TEXT NOT NULL,
            user_id BIGINT REFERENCES users(id), sales_team_id BIGINT REFERENCES sales_teams(id),
            territory_id BIGINT REFERENCES territories(id), from_date TEXT NOT NULL, to_date TEXT,
            version BIGINT NOT NULL DEFAULT 1, created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL,
            updated_by BIGINT REFERENCES users(id),
            CHECK ((user_id IS NULL) <> (sales_team_id IS NULL)))
        """,
        "CREATE INDEX account_coverage_account ON account_coverage(account_id, line)",
        "CREATE INDEX account_coverage_user ON account_coverage(user_id, account_id)",
        "CREATE INDEX account_coverage_team ON account_coverage(sales_team_id, account_id)",
        "CREATE INDEX account_coverage_territory ON account_coverage(territory_id)",
        """
        CREATE TABLE expert_profiles (
            user_id BIGINT PRIMARY KEY REFERENCES users(id), skills TEXT NOT NULL, industries TEXT NOT NULL,
            languages TEXT NOT NULL, seniority TEXT NOT NULL, capacity_hours BIGINT NOT NULL,
            version BIGINT NOT NULL DEFAULT 1, updated_at BIGINT NOT NULL, updated_by BIGINT REFERENCES users(id))
        """,
        """
        CREATE TABLE expert_requests (
            id {PK}, account_id BIGINT NOT NULL REFERENCES accounts(id), expert_id BIGINT NOT NULL REFERENCES users(id),
            requested_by BIGINT NOT NULL REFERENCES users(id), approver_id BIGINT REFERENCES users(id),
            hours_per_quarter BIGINT NOT NULL, note TEXT, status TEXT NOT NULL, decision_reason TEXT,
            decided_by BIGINT REFERENCES users(id), decided_at BIGINT, team_member_id BIGINT REFERENCES account_team_members(id),
            created_at BIGINT NOT NULL, version BIGINT NOT NULL DEFAULT 1)
        """,
        "CREATE INDEX expert_requests_approver ON expert_requests(approver_id, status)",
        "CREATE INDEX expert_requests_requester ON expert_requests(requested_by, status)",
        "CREATE INDEX expert_requests_account ON expert_requests(account_id)",
        "ALTER TABLE account_team_members ADD COLUMN hours_per_quarter BIGINT NOT NULL DEFAULT 0",
    ])
}

extension Migrations {
    /// Pre-sales support in tiers: a queue ordered by tier and waiting time.
    static let presales = Migration(number: 7, name: "pre-sales requests", statements: [
        """
        CREATE TABLE presales_requests (
            id {PK}, account_id BIGINT NOT NULL REFERENCES accounts(id), opportunity_id BIGINT REFERENCES opportunities(id),
            kind TEXT NOT NULL, tier BIGINT NOT NULL, status TEXT NOT NULL, requested_by BIGINT NOT NULL REFERENCES users(id),
            assignee_id BIGINT REFERENCES users(id), note TEXT, requested_at BIGINT NOT NULL, assigned_at BIGINT, done_at BIGINT,
            version BIGINT NOT NULL DEFAULT 1, updated_at BIGINT NOT NULL, updated_by BIGINT REFERENCES users(id))
        """,
        "CREATE INDEX presales_requests_queue ON presales_requests(status, tier, requested_at)",
        "CREATE INDEX presales_requests_account ON presales_requests(account_id)",
        "CREATE INDEX presales_requests_assignee ON presales_requests(assignee_id, status)",
    ])
}

extension Migrations {
    /// Experts and pre-sales see key persons' personal fields only where an account editor grants it.
    static let privateFieldGrants = Migration(number: 8, name: "private field grants", statements: [
        "ALTER TABLE account_team_members ADD COLUMN private_fields BIGINT NOT NULL DEFAULT 0",
        // The membership a pre-sales assignment opened, so closing the request ends it again.
        "ALTER TABLE presales_requests ADD COLUMN team_member_id BIGINT REFERENCES account_team_members(id)",
    ])
}

extension KAMDatabase {
    /// Applies the migrations not yet applied, each in its own transaction; returns their numbers.
    /// `through`: stop after that number (tests of a migration's backfill start before it).
    @discardableResult
    public func migrate(through last: Int = .max) async throws -> [Int] {
        let engine = self.engine
        // Several servers (or tests) may start on one PostgreSQL at once: each migration runs
        // under a transaction-scoped advisory lock, so they apply one at a time, each once.
        let lock = engine == .postgres ? "SELECT pg_advisory_xact_lock(7241950)" : nil
        try await write { db in
            if let lock { try await db.raw(SQLQueryString(lock)).run() }
            try await db.raw("""
                CREATE TABLE IF NOT EXISTS schema_migrations (
                    number BIGINT PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)
                """).run()
        }
        var applied: [Int] = []
        for migration in Migrations.all where migration.number <= last {
            let done = try await write { db in
                if let lock { try await db.raw(SQLQueryString(lock)).run() }
                let existing = try await db.raw("SELECT number FROM schema_migrations WHERE number = \(bind: migration.number)").all()
                guard existing.isEmpty else { return false }
                for statement in migration.statements(for: engine) {
                    try await db.raw(SQLQueryString(Self.ddl(statement, engine: engine))).run()
                }
                try await db.raw("""
                    INSERT INTO schema_migrations (number, name, applied_at)
                    VALUES (\(bind: migration.number), \(bind: migration.name), \(bind: Clock.millis(.now)))
                    """).run()
                return true
            }
            if done { applied.append(migration.number) }
        }
        return applied
    }

    /// The migration numbers recorded as applied, for `kam migrate --status` and tests.
    public func appliedMigrations() async throws -> [Int] {
        try await read { db in
            try await db.raw("SELECT number FROM schema_migrations ORDER BY number").all()
                .map { Int(try $0.decode(column: "number", as: Int64.self)) }
        }
    }

    static func ddl(_ statement: String, engine: DatabaseEngine) -> String {
        switch engine {
        case .sqlite: statement.replacingOccurrences(of: "{PK}", with: "INTEGER PRIMARY KEY")
        case .postgres: statement.replacingOccurrences(of: "{PK}", with: "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY")
        }
    }
}
