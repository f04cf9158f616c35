extension Migrations {
    /// Account plans with every saved revision kept whole, and sales quotas per salesperson or
    /// sales team and period.
    static let accountPlans = Migration(number: 22, name: "account plans and quotas", statements: [
        """
        CREATE TABLE account_plans (
            id {PK}, account_id BIGINT NOT NULL REFERENCES accounts(id), title TEXT NOT NULL, period_start TEXT NOT NULL,
            period_end TEXT NOT NULL, revision BIGINT NOT NULL, status TEXT NOT NULL, approved_revision BIGINT,
            approved_by_name TEXT, approved_at BIGINT, cloned_from BIGINT REFERENCES account_plans(id), version BIGINT NOT NULL DEFAULT 1,
            created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL, updated_by BIGINT REFERENCES users(id), updated_by_name TEXT NOT NULL)
        """,
        "CREATE INDEX account_plans_account ON account_plans(account_id, period_start)",
        """
        CREATE TABLE account_plan_revisions (
            plan_id BIGINT NOT NULL REFERENCES account_plans(id), revision BIGINT NOT NULL, body TEXT NOT NULL, created_at BIGINT NOT NULL,
            created_by BIGINT REFERENCES users(id), created_by_name TEXT NOT NULL, PRIMARY KEY (plan_id, revision))
        """,
        """
        CREATE TABLE quotas (
            id {PK}, user_id BIGINT REFERENCES users(id), sales_team_id BIGINT REFERENCES sales_teams(id), period_start TEXT NOT NULL,
            period_end TEXT NOT NULL, amount_minor BIGINT NOT NULL, currency TEXT NOT NULL, version BIGINT NOT NULL DEFAULT 1,
            created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL, updated_by BIGINT REFERENCES users(id))
        """,
        "CREATE INDEX quotas_user ON quotas(user_id, period_start)",
        "CREATE INDEX quotas_team ON quotas(sales_team_id, period_start)",
    ])
}
