// Migrations 9–11: the scoped-list index, and the relationship map's connections and decision chains.

extension Migrations {
    /// The accounts a salesperson or a director's people own, from the index alone: only live
    /// accounts, in name order per owner, so a scoped count and the first page of a scoped list
    /// read index entries instead of every owned account's row. The recycle bin by owner keeps a
    /// small index of its own.
    static let liveAccountsByOwner = Migration(number: 9, name: "live accounts by owner", statements: [
        "DROP INDEX accounts_owner",
        "CREATE INDEX accounts_owner_live ON accounts(owner_id, name_search, id) WHERE deleted_at IS NULL",
        "CREATE INDEX accounts_owner_deleted ON accounts(owner_id) WHERE deleted_at IS NOT NULL",
    ])
}

extension Migrations {
    /// Influence and conflict connections between key persons, account-wide or for one
    /// opportunity's decision chain; each belongs to the account whose team may see and edit it.
    static let personConnections = Migration(number: 10, name: "person connections", statements: [
        """
        CREATE TABLE person_connections (
            id {PK}, kind TEXT NOT NULL, from_person_id BIGINT NOT NULL REFERENCES key_persons(id),
            to_person_id BIGINT NOT NULL REFERENCES key_persons(id), strength BIGINT NOT NULL, stance TEXT NOT NULL,
            status TEXT NOT NULL, evidence TEXT, opportunity_id BIGINT REFERENCES opportunities(id),
            account_id BIGINT NOT NULL REFERENCES accounts(id), verified_by BIGINT REFERENCES users(id), verified_at BIGINT,
            version BIGINT NOT NULL DEFAULT 1, created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL,
            updated_by BIGINT REFERENCES users(id),
            CHECK (strength BETWEEN 1 AND 5), CHECK (from_person_id <> to_person_id))
        """,
        "CREATE INDEX person_connections_account ON person_connections(account_id, opportunity_id, id)",
        "CREATE INDEX person_connections_from ON person_connections(from_person_id)",
        "CREATE INDEX person_connections_to ON person_connections(to_person_id)",
    ])
}

extension Migrations {
    /// Each opportunity's decision chain: who is involved in which buying role, and their three
    /// attitudes on that deal now and as targeted. The chain is saved whole, under one version.
    static let decisionChains = Migration(number: 11, name: "decision chains", statements: [
        """
        CREATE TABLE decision_chains (
            opportunity_id BIGINT PRIMARY KEY REFERENCES opportunities(id), version BIGINT NOT NULL,
            updated_at BIGINT NOT NULL, updated_by BIGINT REFERENCES users(id))
        """,
        """
        CREATE TABLE decision_chain_entries (
            id {PK}, opportunity_id BIGINT NOT NULL REFERENCES opportunities(id),
            person_id BIGINT NOT NULL REFERENCES key_persons(id), role TEXT NOT NULL,
            current_closeness BIGINT, current_recognition BIGINT, current_price_acceptance BIGINT,
            target_closeness BIGINT, target_recognition BIGINT, target_price_acceptance BIGINT,
            note TEXT, position BIGINT NOT NULL)
        """,
        "CREATE INDEX decision_chain_entries_opportunity ON decision_chain_entries(opportunity_id, position)",
        "CREATE INDEX decision_chain_entries_person ON decision_chain_entries(person_id)",
    ])
}

extension Migrations {
    /// People across organisations: what a key person is to us (a contact, one of our own
    /// employees, a partner, a consultant, a competitor), an outside person's organisation and
    /// the account they matter for, placeholders for positions nobody fills yet, and the person
    /// who replaced a placeholder. Connections become unique per account, kind, pair and deal,
    /// so two people saving the same connection at once cannot both succeed.
    static let peopleAcrossOrganisations = Migration(number: 12, name: "people across organisations", statements: [
        "ALTER TABLE key_persons ADD COLUMN kind TEXT NOT NULL DEFAULT 'contact'",
        "ALTER TABLE key_persons ADD COLUMN organisation TEXT",
        "ALTER TABLE key_persons ADD COLUMN user_id BIGINT REFERENCES users(id)",
        "ALTER TABLE key_persons ADD COLUMN recorded_for_id BIGINT REFERENCES accounts(id)",
        "ALTER TABLE key_persons ADD COLUMN placeholder BIGINT NOT NULL DEFAULT 0",
        "ALTER TABLE key_persons ADD COLUMN replaced_by_id BIGINT REFERENCES key_persons(id)",
        "CREATE INDEX key_persons_recorded_for ON key_persons(recorded_for_id) WHERE recorded_for_id IS NOT NULL",
        "CREATE INDEX key_persons_colleagues ON key_persons(kind) WHERE kind = 'colleague'",
        // What is in the recycle bin, small and read whole: a map leaves out connections touching it.
        "CREATE INDEX key_persons_in_bin ON key_persons(id) WHERE deleted_at IS NOT NULL",
        "CREATE INDEX opportunities_in_bin ON opportunities(id) WHERE deleted_at IS NOT NULL",
        """
        CREATE UNIQUE INDEX person_connections_unique
        ON person_connections(account_id, kind, from_person_id, to_person_id, COALESCE(opportunity_id, 0))
        """,
        // On a deal, a person has one manager.
        """
        CREATE UNIQUE INDEX person_connections_one_deal_manager
        ON person_connections(opportunity_id, to_person_id) WHERE kind = 'reporting'
        """,
    ])
}
