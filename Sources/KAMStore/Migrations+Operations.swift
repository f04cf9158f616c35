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

extension Migrations {
    /// Stable-stage work: incidents with their own timeline and the responsible party the root-cause
    /// analysis decides, and complaints with their deadlines.
    static let incidents = Migration(number: 18, name: "incidents and complaints", statements: [
        """
        CREATE TABLE incidents (
            id {PK}, account_id BIGINT NOT NULL REFERENCES accounts(id), title TEXT NOT NULL, severity TEXT NOT NULL,
            occurred_on TEXT NOT NULL, status TEXT NOT NULL, responsible_party TEXT NOT NULL, root_cause TEXT, summary TEXT,
            closed_at BIGINT, created_by BIGINT REFERENCES users(id), version BIGINT NOT NULL DEFAULT 1, created_at BIGINT NOT NULL,
            updated_at BIGINT NOT NULL, updated_by BIGINT REFERENCES users(id))
        """,
        "CREATE INDEX incidents_account ON incidents(account_id, created_at, id)",
        """
        CREATE TABLE incident_events (
            id {PK}, incident_id BIGINT NOT NULL REFERENCES incidents(id), at BIGINT NOT NULL, status TEXT, note TEXT NOT NULL,
            author_id BIGINT REFERENCES users(id))
        """,
        "CREATE INDEX incident_events_incident ON incident_events(incident_id, at, id)",
        """
        CREATE TABLE complaints (
            id {PK}, account_id BIGINT NOT NULL REFERENCES accounts(id), summary TEXT NOT NULL,
            channel_id BIGINT REFERENCES communication_channels(id), raised_by_person_id BIGINT REFERENCES key_persons(id),
            received_on TEXT NOT NULL, acknowledge_by TEXT NOT NULL, resolve_by TEXT NOT NULL, acknowledged_on TEXT, resolved_on TEXT,
            resolution TEXT, created_by BIGINT REFERENCES users(id), version BIGINT NOT NULL DEFAULT 1, created_at BIGINT NOT NULL,
            updated_at BIGINT NOT NULL, updated_by BIGINT REFERENCES users(id))
        """,
        "CREATE INDEX complaints_account ON complaints(account_id, created_at, id)",
    ])
}

extension Migrations {
    /// Strengthening-stage work: what we buy from the account, consulting on its processes, and
    /// seats in its governance.
    static let strengthening = Migration(number: 19, name: "strengthening", statements: [
        """
        CREATE TABLE mutual_purchases (
            id {PK}, account_id BIGINT NOT NULL REFERENCES accounts(id), year BIGINT NOT NULL, amount_minor BIGINT NOT NULL,
            currency TEXT NOT NULL, description TEXT NOT NULL, version BIGINT NOT NULL DEFAULT 1, created_at BIGINT NOT NULL,
            updated_at BIGINT NOT NULL, updated_by BIGINT REFERENCES users(id))
        """,
        "CREATE INDEX mutual_purchases_account ON mutual_purchases(account_id, year)",
        """
        CREATE TABLE consulting_engagements (
            id {PK}, account_id BIGINT NOT NULL REFERENCES accounts(id), title TEXT NOT NULL, scope TEXT,
            lead_user_id BIGINT NOT NULL REFERENCES users(id), from_date TEXT NOT NULL, to_date TEXT, version BIGINT NOT NULL DEFAULT 1,
            created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL, updated_by BIGINT REFERENCES users(id))
        """,
        "CREATE INDEX consulting_engagements_account ON consulting_engagements(account_id, from_date)",
        """
        CREATE TABLE governance_seats (
            id {PK}, account_id BIGINT NOT NULL REFERENCES accounts(id), body TEXT NOT NULL,
            holder_user_id BIGINT NOT NULL REFERENCES users(id), from_date TEXT NOT NULL, to_date TEXT, note TEXT,
            version BIGINT NOT NULL DEFAULT 1, created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL, updated_by BIGINT REFERENCES users(id))
        """,
        "CREATE INDEX governance_seats_account ON governance_seats(account_id, from_date)",
    ])
}
