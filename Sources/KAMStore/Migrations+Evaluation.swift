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

extension Migrations {
    /// Reminders (domain.md §8): in-app notifications, the daily e-mail digest and calendar feeds.
    /// Every instance of `kam serve` runs the scheduler; the unique keys make its work idempotent
    /// and the lease on a digest lets exactly one instance send it at a time.
    static let reminders = Migration(number: 25, name: "reminders", statements: [
        // One notification per review, due date and reason, however many instances notice it.
        """
        CREATE TABLE notifications (
            id {PK}, user_id BIGINT NOT NULL REFERENCES users(id), account_id BIGINT NOT NULL REFERENCES accounts(id),
            kind TEXT NOT NULL, due_on TEXT NOT NULL, reason TEXT NOT NULL, created_at BIGINT NOT NULL, read_at BIGINT,
            mail_id BIGINT)
        """,
        "CREATE UNIQUE INDEX notifications_once ON notifications(user_id, account_id, kind, due_on, reason)",
        "CREATE INDEX notifications_unmailed ON notifications(mail_id, user_id)",
        "CREATE INDEX notifications_unread ON notifications(user_id, read_at)",
        // One digest per user and day. The Message-ID is fixed when the row is made, so a digest
        // sent again after a crash carries the same one.
        """
        CREATE TABLE reminder_mails (
            id {PK}, user_id BIGINT NOT NULL REFERENCES users(id), day TEXT NOT NULL, message_id TEXT NOT NULL,
            lease_owner TEXT, lease_until BIGINT, attempts BIGINT NOT NULL DEFAULT 0, sent_at BIGINT, created_at BIGINT NOT NULL)
        """,
        "CREATE UNIQUE INDEX reminder_mails_once ON reminder_mails(user_id, day)",
        "CREATE INDEX reminder_mails_unsent ON reminder_mails(sent_at, lease_until)",
        // Only a hash of the feed's secret is kept, as for session tokens.
        """
        CREATE TABLE calendar_feeds (
            user_id BIGINT PRIMARY KEY REFERENCES users(id), token_hash TEXT NOT NULL UNIQUE, created_at BIGINT NOT NULL)
        """,
    ])
}

extension Migrations {
    /// Decisions of the yearly assessment; the figures are computed from the year's data each time.
    static let yearlyAssessments = Migration(number: 26, name: "yearly_assessments", statements: [
        """
        CREATE TABLE yearly_assessments (
            year BIGINT NOT NULL, subject TEXT NOT NULL, subject_id BIGINT NOT NULL, decision TEXT NOT NULL, comment TEXT NOT NULL,
            decided_at BIGINT NOT NULL, decided_by BIGINT REFERENCES users(id), decided_by_name TEXT, version BIGINT NOT NULL,
            PRIMARY KEY (year, subject, subject_id))
        """,
    ])
}

extension Migrations {
    /// The review calendar's facts in one row per key account: the last review of each kind as
    /// day numbers (days since 1970-01-01), in place of `review_last`'s row per kind. A whole
    /// portfolio's calendar then reads whole numbers instead of folding text per account, which
    /// was most of its time at 100,000 accounts.
    static let reviewCalendar: Migration = {
        // Frozen with the migration: a kind added later brings its own columns.
        let kinds = ["plan_execution", "customer", "coverage", "strategy", "yearly"]
        let columns = kinds.map { "\($0)_due BIGINT, \($0)_held BIGINT" }.joined(separator: ", ")
        func backfill(_ day: (String) -> String) -> [String] {
            ["INSERT INTO review_calendar (account_id) SELECT DISTINCT account_id FROM review_last"]
                + kinds.map { kind in
                    let last = "FROM review_last r WHERE r.account_id = review_calendar.account_id AND r.kind = '\(kind)'"
                    return "UPDATE review_calendar SET \(kind)_due = (SELECT \(day("r.due_on")) \(last)), \(kind)_held = (SELECT \(day("r.held_on")) \(last))"
                }
                + ["DROP TABLE review_last"]
        }
        // SQLite's INTEGER PRIMARY KEY is the row id itself: the join from accounts is one lookup.
        return Migration(number: 27, name: "review calendar", statements: [], sqliteOnly: [
            "CREATE TABLE review_calendar (account_id INTEGER PRIMARY KEY REFERENCES accounts(id), \(columns))",
        ] + backfill { "CAST(julianday(\($0)) - 2440587.5 AS INTEGER)" }, postgresOnly: [
            "CREATE TABLE review_calendar (account_id BIGINT PRIMARY KEY REFERENCES accounts(id), \(columns))",
        ] + backfill { "(CAST(\($0) AS DATE) - DATE '1970-01-01')" })
    }()
}
