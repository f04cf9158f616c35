extension Migrations {
    /// The staged sales process: which track an opportunity takes, its own probability, found
    /// and closed days (cycle time), competitors, the close plan, ticked exit criteria and every
    /// stage move with its reason.
    static let salesProcess = Migration(number: 20, name: "sales process", statements: [
        "ALTER TABLE opportunities ADD COLUMN track TEXT NOT NULL DEFAULT 'staged'",
        "ALTER TABLE opportunities ADD COLUMN probability BIGINT",
        "ALTER TABLE opportunities ADD COLUMN found_on TEXT",
        "ALTER TABLE opportunities ADD COLUMN closed_on TEXT",
        """
        CREATE TABLE opportunity_competitors (
            id {PK}, opportunity_id BIGINT NOT NULL REFERENCES opportunities(id), position BIGINT NOT NULL, name TEXT NOT NULL,
            strengths TEXT, note TEXT)
        """,
        "CREATE INDEX opportunity_competitors_opportunity ON opportunity_competitors(opportunity_id, position)",
        """
        CREATE TABLE close_plan_steps (
            id {PK}, opportunity_id BIGINT NOT NULL REFERENCES opportunities(id), position BIGINT NOT NULL, title TEXT NOT NULL,
            due_on TEXT NOT NULL, owner_id BIGINT REFERENCES users(id), done_on TEXT)
        """,
        "CREATE INDEX close_plan_steps_opportunity ON close_plan_steps(opportunity_id, position)",
        """
        CREATE TABLE opportunity_criteria (
            opportunity_id BIGINT NOT NULL REFERENCES opportunities(id), criterion TEXT NOT NULL, met_at BIGINT NOT NULL,
            met_by BIGINT REFERENCES users(id), PRIMARY KEY (opportunity_id, criterion))
        """,
        """
        CREATE TABLE opportunity_stage_moves (
            id {PK}, opportunity_id BIGINT NOT NULL REFERENCES opportunities(id), from_stage TEXT, to_stage TEXT NOT NULL,
            reason TEXT, skipped TEXT NOT NULL, actor_id BIGINT REFERENCES users(id), actor_name TEXT NOT NULL, at BIGINT NOT NULL)
        """,
        "CREATE INDEX opportunity_stage_moves_opportunity ON opportunity_stage_moves(opportunity_id, at)",
    ], sqliteOnly: [
        "UPDATE opportunities SET found_on = date(created_at / 1000, 'unixepoch')",
        "UPDATE opportunities SET closed_on = date(updated_at / 1000, 'unixepoch') WHERE stage IN ('won', 'lost')",
    ], postgresOnly: [
        "UPDATE opportunities SET found_on = to_char(to_timestamp(created_at / 1000) AT TIME ZONE 'UTC', 'YYYY-MM-DD')",
        """
        UPDATE opportunities SET closed_on = to_char(to_timestamp(updated_at / 1000) AT TIME ZONE 'UTC', 'YYYY-MM-DD')
        WHERE stage IN ('won', 'lost')
        """,
    ])
}

extension Migrations {
    /// The small-order fast track: quotes, orders and contracts with their lines, numbered per
    /// kind and year from a counter row.
    static let salesDocuments = Migration(number: 21, name: "sales documents", statements: [
        """
        CREATE TABLE sales_documents (
            id {PK}, kind TEXT NOT NULL, number TEXT NOT NULL UNIQUE, opportunity_id BIGINT NOT NULL REFERENCES opportunities(id),
            account_id BIGINT NOT NULL REFERENCES accounts(id), source_id BIGINT REFERENCES sales_documents(id), status TEXT NOT NULL,
            currency TEXT NOT NULL, issued_on TEXT NOT NULL, valid_until TEXT, note TEXT, version BIGINT NOT NULL DEFAULT 1,
            created_at BIGINT NOT NULL, created_by BIGINT REFERENCES users(id), created_by_name TEXT NOT NULL, updated_at BIGINT NOT NULL,
            updated_by BIGINT REFERENCES users(id))
        """,
        "CREATE INDEX sales_documents_opportunity ON sales_documents(opportunity_id, id)",
        "CREATE INDEX sales_documents_source ON sales_documents(source_id)",
        """
        CREATE TABLE sales_document_lines (
            document_id BIGINT NOT NULL REFERENCES sales_documents(id), position BIGINT NOT NULL, product_id BIGINT REFERENCES products(id),
            description TEXT NOT NULL, quantity BIGINT NOT NULL, unit_price_minor BIGINT NOT NULL, discount_bp BIGINT NOT NULL,
            PRIMARY KEY (document_id, position))
        """,
        "CREATE TABLE document_counters (kind TEXT NOT NULL, year BIGINT NOT NULL, last BIGINT NOT NULL, PRIMARY KEY (kind, year))",
    ])
}

extension Migrations {
    /// The forecast reads every open opportunity: this index holds all it needs in the order it
    /// groups by, so neither engine sorts 100,000 rows nor visits the table (measured on SQLite:
    /// 568 ms → 86 ms for the grouped query).
    static let forecastIndex = Migration(number: 23, name: "forecast index", statements: [
        """
        CREATE INDEX opportunities_forecast ON opportunities(currency, stage, probability, substr(COALESCE(closed_on, expected_close), 1, 7),
            closed_on, expected_close, track, amount_minor, account_id, owner_id) WHERE deleted_at IS NULL
        """,
    ])
}
