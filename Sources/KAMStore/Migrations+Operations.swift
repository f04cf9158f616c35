extension Migrations {
    /// Operations: activities with their participants on both sides, the one task list, and what
    /// an account's timeline reads (portraits and moves by account and moment).
    static let operations = Migration(number: 16, name: "activities and tasks", statements: [
        """
        CREATE TABLE activities (
            id {PK}, account_id BIGINT NOT NULL REFERENCES accounts(id), kind TEXT NOT NULL, occurred_on TEXT NOT NULL,
            subject TEXT NOT NULL, notes TEXT, agenda TEXT, outcomes TEXT, opportunity_id BIGINT REFERENCES opportunities(id),
            created_by BIGINT REFERENCES users(id), version BIGINT NOT NULL DEFAULT 1, created_at BIGINT NOT NULL,
            updated_at BIGINT NOT NULL, updated_by BIGINT REFERENCES users(id))
        """,
        "CREATE INDEX activities_account ON activities(account_id, occurred_on, id)",
        // One row per participant: a user of ours or a person of theirs.
        """
        CREATE TABLE activity_participants (
            activity_id BIGINT NOT NULL REFERENCES activities(id), user_id BIGINT REFERENCES users(id),
            person_id BIGINT REFERENCES key_persons(id), position BIGINT NOT NULL)
        """,
        "CREATE INDEX activity_participants_activity ON activity_participants(activity_id, position)",
        "CREATE INDEX activity_participants_person ON activity_participants(person_id, activity_id)",
        """
        CREATE TABLE tasks (
            id {PK}, title TEXT NOT NULL, owner_id BIGINT NOT NULL REFERENCES users(id), due_on TEXT NOT NULL, status TEXT NOT NULL,
            note TEXT, account_id BIGINT REFERENCES accounts(id), source TEXT NOT NULL, source_id BIGINT,
            created_by BIGINT REFERENCES users(id), completed_at BIGINT, version BIGINT NOT NULL DEFAULT 1, created_at BIGINT NOT NULL,
            updated_at BIGINT NOT NULL, updated_by BIGINT REFERENCES users(id))
        """,
        "CREATE INDEX tasks_owner ON tasks(owner_id, status, due_on, id)",
        "CREATE INDEX tasks_account ON tasks(account_id, status, due_on, id)",
        "CREATE INDEX tasks_source ON tasks(source, source_id)",
        // The account a person was at when assessed, so the account's timeline finds it by index.
        "ALTER TABLE portrait_assessments ADD COLUMN account_id BIGINT REFERENCES accounts(id)",
        "ALTER TABLE portrait_assessments ADD COLUMN activity_id BIGINT REFERENCES activities(id)",
        """
        UPDATE portrait_assessments SET account_id = (
            SELECT e.account_id FROM employments e WHERE e.person_id = portrait_assessments.person_id AND e.to_date IS NULL
            ORDER BY (e.from_date IS NULL), e.from_date DESC, e.position LIMIT 1)
        """,
        "CREATE INDEX portrait_assessments_account ON portrait_assessments(account_id, assessed_at, id)",
        "CREATE INDEX account_moves_timeline ON account_moves(account_id, at, id)",
        "CREATE INDEX opportunities_account_created ON opportunities(account_id, created_at, id)",
    ])
}

extension Migrations {
    /// The communication channel matrix: who of ours talks to whom of theirs, at which level,
    /// and the channel the customer complains through.
    static let channels = Migration(number: 17, name: "communication channels", statements: [
        """
        CREATE TABLE communication_channels (
            id {PK}, account_id BIGINT NOT NULL REFERENCES accounts(id), kind TEXT NOT NULL,
            our_user_id BIGINT NOT NULL REFERENCES users(id), their_person_id BIGINT REFERENCES key_persons(id), medium TEXT NOT NULL,
            note TEXT, cold_after_days BIGINT NOT NULL, active BIGINT NOT NULL, version BIGINT NOT NULL DEFAULT 1,
            created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL, updated_by BIGINT REFERENCES users(id))
        """,
        "CREATE INDEX communication_channels_account ON communication_channels(account_id, kind, id)",
        // A channel's last contact: the activities its user took part in, met with its person's.
        "CREATE INDEX activity_participants_user ON activity_participants(user_id, activity_id)",
    ])
}
