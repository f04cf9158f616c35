// Migration 28: what a scoped account search probes.

extension Migrations {
    /// An account holds each two-character piece of its name once; saying so lets PostgreSQL read
    /// a piece's accounts straight into the join (and stop once a count's limit is reached)
    /// instead of gathering and de-duplicating all of them first. On PostgreSQL each candidate is
    /// then tested for its owner from an index alone: a director's search probes hundreds of them.
    static let searchProbes = Migration(number: 28, name: "search probes", statements: [
        "DROP INDEX account_name_grams_gram",
        "CREATE UNIQUE INDEX account_name_grams_gram ON account_name_grams(gram, account_id)",
    ], postgresOnly: [
        "CREATE INDEX accounts_live_owner_by_id ON accounts(id, owner_id) WHERE deleted_at IS NULL",
    ])
}
