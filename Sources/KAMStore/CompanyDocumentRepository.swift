import Foundation
import KAMCore
import SQLKit

/// The company documents (classification rules, investment strategy, strategy library): every
/// save a new revision, the newest one in force, the shipped standard until the first save.
public struct CompanyDocumentRepository: Sendable {
    let database: KAMDatabase
    let now: @Sendable () -> Date

    public func current<D: CompanyDocument>(_ type: D.Type) async throws -> Revised<D> {
        try await database.read { db in try await Self.current(db, D.self) }
    }

    public func revisions<D: CompanyDocument>(_ type: D.Type) async throws -> [Revised<D>] {
        try await database.read { db in
            let stored = try await db.raw("""
                SELECT * FROM company_documents WHERE kind = \(bind: D.kind) ORDER BY revision DESC LIMIT 200
                """).all().map { try Self.decode($0, D.self) }
            return stored + [.standard]
        }
    }

    /// Saves `document` as the next revision; `expectedRevision` is the one the editor started
    /// from (If-Match; 0 for the standard): someone else's save in between answers 412.
    public func save<D: CompanyDocument>(_ document: D, expectedRevision: Int, caller: Caller, inputIssues: [FieldIssue] = []) async throws -> Revised<D> {
        guard caller.policy.isAdministrator else { throw StoreError.forbidden }
        try Self.check(document, inputIssues: inputIssues)
        let at = now()
        do {
            return try await database.write { db in try await Self.save(db, document, expectedRevision: expectedRevision, at: at, caller: caller) }
        } catch StoreError.conflict(code: "duplicate", _) {
            // Two saves from the same revision: the primary key stopped the second.
            throw StoreError.versionConflict(currentVersion: expectedRevision + 1, changedBy: nil, changedAt: at)
        }
    }

    static func check<D: CompanyDocument>(_ document: D, inputIssues: [FieldIssue]) throws {
        do throws(ValidationFailure) { try document.validate() } catch {
            let known = Set(inputIssues.map(\.field))
            throw StoreError.validation(ValidationFailure(inputIssues + error.issues.filter { !known.contains($0.field) }))
        }
        if !inputIssues.isEmpty { throw StoreError.validation(ValidationFailure(inputIssues)) }
    }

    static func save<D: CompanyDocument>(_ db: any SQLDatabase, _ document: D, expectedRevision: Int, at: Date, caller: Caller) async throws -> Revised<D> {
        let latest = try await current(db, D.self)
        guard latest.revision == expectedRevision else {
            throw StoreError.versionConflict(currentVersion: latest.revision, changedBy: latest.createdBy, changedAt: latest.createdAt ?? at)
        }
        let saved = Revised(revision: latest.revision + 1, document: document, createdAt: Clock.date(Clock.millis(at)), createdBy: caller.actor.name)
        try await db.raw("""
            INSERT INTO company_documents (kind, revision, body, created_at, created_by, created_by_name)
            VALUES (\(bind: D.kind), \(bind: saved.revision), \(bind: try JSONText.encode(document)), \(bind: Clock.millis(at)),
                    \(bind: caller.actor.userID), \(bind: caller.actor.name))
            """).run()
        try await AuditLog.record(db, caller, at: at, entity: D.kind, id: Int64(saved.revision), action: "revise",
                                  before: latest, after: saved, accountID: nil)
        return saved
    }

    static func current<D: CompanyDocument>(_ db: any SQLDatabase, _ type: D.Type) async throws -> Revised<D> {
        try await db.raw("""
            SELECT * FROM company_documents WHERE kind = \(bind: D.kind) ORDER BY revision DESC LIMIT 1
            """).first().map { try decode($0, D.self) } ?? .standard
    }

    static func decode<D: CompanyDocument>(_ row: any SQLRow, _ type: D.Type) throws -> Revised<D> {
        Revised(revision: try row.int("revision"), document: try JSONText.decode(D.self, try row.string("body")),
                createdAt: try row.date("created_at"), createdBy: try row.string("created_by_name"))
    }
}
