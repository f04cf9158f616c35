import Foundation
import KAMCore
import SQLKit

/// Custom profile fields an administrator defines for accounts.
public struct CustomFieldRepository: Sendable {
    let database: KAMDatabase
    let now: @Sendable () -> Date

    public func all() async throws -> [CustomFieldDefinition] {
        try await database.read { try await Self.loadAll($0) }
    }

    static func loadAll(_ db: any SQLDatabase) async throws -> [CustomFieldDefinition] {
        try await db.raw("SELECT * FROM custom_field_definitions ORDER BY id").all().map { row in
            CustomFieldDefinition(
                id: try row.int64("id"), key: try row.string("field_key"), label: try row.string("label"),
                type: try row.vocabulary("field_type", as: CustomFieldType.self),
                choices: try JSONText.decode([String].self, try row.string("choices")),
                industry: try row.optionalString("industry").flatMap(Industry.init(rawValue:)),
                required: try row.int64("required") != 0, version: try row.int("version"))
        }
    }

    public func create(key: String, label: String, type: CustomFieldType, choices: [String], industry: Industry?,
                       required: Bool, caller: Caller) async throws -> CustomFieldDefinition {
        guard caller.policy.isAdministrator else { throw StoreError.forbidden }
        do { try CustomFieldDefinition.validateDefinition(key: key, label: label, type: type, choices: choices) } catch {
            throw StoreError.validation(error)
        }
        let at = now()
        return try await database.write { db in
            if try await db.raw("SELECT id FROM custom_field_definitions WHERE field_key = \(bind: key)").first() != nil {
                throw StoreError.conflict(code: "key_taken", field: "key")
            }
            let storedChoices = type == .choice ? choices : []
            let row = try await db.raw("""
                INSERT INTO custom_field_definitions (field_key, label, field_type, choices, industry, required, version, created_at, updated_at)
                VALUES (\(bind: key), \(bind: label), \(bind: type.rawValue), \(bind: try JSONText.encode(storedChoices)),
                        \(bind: industry?.rawValue), \(bind: required ? 1 : 0), 1, \(bind: Clock.millis(at)), \(bind: Clock.millis(at)))
                RETURNING id
                """).first()
            let id = try row?.int64("id") ?? 0
            let definition = CustomFieldDefinition(id: id, key: key, label: label, type: type, choices: storedChoices,
                                                   industry: industry, required: required)
            try await AuditLog.record(db, caller, at: at, entity: "custom_field", id: id, action: "create",
                                      before: CustomFieldDefinition?.none, after: definition, accountID: nil)
            return definition
        }
    }

    public func delete(id: Int64, caller: Caller) async throws {
        guard caller.policy.isAdministrator else { throw StoreError.forbidden }
        let at = now()
        try await database.write { db in
            guard let before = try await Self.loadAll(db).first(where: { $0.id == id }) else {
                throw StoreError.notFound(entity: "custom_field", id: id)
            }
            try await db.raw("DELETE FROM account_custom_values WHERE field_key = \(bind: before.key)").run()
            try await db.raw("DELETE FROM custom_field_definitions WHERE id = \(bind: id)").run()
            try await AuditLog.record(db, caller, at: at, entity: "custom_field", id: id, action: "delete",
                                      before: before, after: CustomFieldDefinition?.none, accountID: nil)
        }
    }
}
