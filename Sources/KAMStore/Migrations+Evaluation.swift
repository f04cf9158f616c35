extension Migrations {
    /// Held reviews (domain.md §8). One review per account, kind and due date: recording the same
    /// review twice fails on the index even when two requests race.
    static let evaluations = Migration(number: 24, name: "evaluations", statements: [
        """
        CREATE TABLE evaluations (
            id {PK}, account_id BIGINT NOT NULL REFERENCES accounts(id), kind TEXT NOT NULL, due_on TEXT NOT NULL,
            held_on TEXT NOT NULL, result TEXT NOT NULL, body TEXT NOT NULL, created_at BIGINT NOT NULL,
            created_by BIGINT REFERENCES users(id), created_by_name TEXT NOT NULL)
        """,
        "CREATE UNIQUE INDEX evaluations_due ON evaluations(account_id, kind, due_on)",
        "CREATE TABLE evaluation_participants (evaluation_id BIGINT NOT NULL REFERENCES evaluations(id), user_id BIGINT NOT NULL REFERENCES users(id), PRIMARY KEY (evaluation_id, user_id))",
        "CREATE INDEX evaluation_participants_user ON evaluation_participants(user_id)",
        // The calendar starts from the day an account became a key account.
        "CREATE INDEX account_moves_field ON account_moves(account_id, field, at)",
        // The last review of each kind at each account, kept beside the history: the calendar of a
        // whole portfolio reads one row per account and kind, not every review ever held.
        """
        CREATE TABLE review_last (
            account_id BIGINT NOT NULL REFERENCES accounts(id), kind TEXT NOT NULL, due_on TEXT NOT NULL, held_on TEXT NOT NULL,
            PRIMARY KEY (account_id, kind))
        """,
    ])
}
