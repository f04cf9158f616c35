extension Migrations {
    /// Classification and strategy: the account's class (moved like its status), the company
    /// documents an administrator edits as a whole (each save a revision), and the strategies
    /// and tactics assigned to accounts.
    static let classification = Migration(number: 15, name: "classification and strategy", statements: [
        "ALTER TABLE accounts ADD COLUMN account_class TEXT",
        "CREATE INDEX accounts_class ON accounts(account_class, name_search, id)",
        """
        CREATE TABLE company_documents (
            kind TEXT NOT NULL, revision BIGINT NOT NULL, body TEXT NOT NULL, created_at BIGINT NOT NULL,
            created_by BIGINT REFERENCES users(id), created_by_name TEXT NOT NULL, PRIMARY KEY (kind, revision))
        """,
        """
        CREATE TABLE account_strategies (
            id {PK}, account_id BIGINT NOT NULL REFERENCES accounts(id), strategy_key TEXT NOT NULL, tactic_key TEXT,
            owner_id BIGINT NOT NULL REFERENCES users(id), status TEXT NOT NULL, due_on TEXT, note TEXT,
            version BIGINT NOT NULL DEFAULT 1, created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL,
            updated_by BIGINT REFERENCES users(id))
        """,
        "CREATE INDEX account_strategies_account ON account_strategies(account_id, id)",
        // Where the last classification placed each account and why, for its page to explain.
        """
        CREATE TABLE account_placements (
            account_id BIGINT PRIMARY KEY REFERENCES accounts(id), rules_revision BIGINT NOT NULL, placement TEXT NOT NULL,
            classified_at BIGINT NOT NULL)
        """,
    ])
}
