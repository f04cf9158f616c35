extension Migrations {
    /// Scoring: each revision of the company's scoring model kept whole (editing adds one), and
    /// every scorecard an account received, with the revision it was made under.
    static let scoring = Migration(number: 14, name: "scoring", statements: [
        """
        CREATE TABLE scoring_model_revisions (
            revision BIGINT PRIMARY KEY, name TEXT NOT NULL, threshold DOUBLE PRECISION NOT NULL, indicators TEXT NOT NULL,
            created_at BIGINT NOT NULL, created_by BIGINT REFERENCES users(id), created_by_name TEXT NOT NULL)
        """,
        """
        CREATE TABLE account_scores (
            id {PK}, account_id BIGINT NOT NULL REFERENCES accounts(id),
            revision BIGINT NOT NULL REFERENCES scoring_model_revisions(revision),
            entered TEXT NOT NULL, scorecard TEXT NOT NULL, total DOUBLE PRECISION NOT NULL, qualifies BIGINT NOT NULL,
            note TEXT, scored_at BIGINT NOT NULL, scored_by BIGINT REFERENCES users(id), scored_by_name TEXT NOT NULL)
        """,
        "CREATE INDEX account_scores_account ON account_scores(account_id, id)",
    ])
}
