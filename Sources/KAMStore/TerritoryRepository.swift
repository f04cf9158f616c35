import Foundation
import KAMCore
import SQLKit

/// Territory models: drafts an administrator edits, previews and applies; applying makes the
/// model the active one and turns its rules into coverage rows.
public struct TerritoryRepository: Sendable {
    let database: KAMDatabase
    let now: @Sendable () -> Date

    public func models(caller: Caller) async throws -> [TerritoryModel] {
        guard caller.policy.mayShapeOrganisation else { throw StoreError.forbidden }
        return try await database.read { db in
            let rows = try await db.raw("SELECT id FROM territory_models ORDER BY state = 'active' DESC, id DESC").all()
            var out: [TerritoryModel] = []
            for row in rows { if let model = try await Self.load(db, try row.int64("id")) { out.append(model) } }
            return out
        }
    }

    public func model(_ id: TerritoryModelID, caller: Caller) async throws -> TerritoryModel {
        guard caller.policy.mayShapeOrganisation else { throw StoreError.forbidden }
        return try await database.read { db in
            guard let model = try await Self.load(db, id) else { throw StoreError.notFound(entity: "territory_model", id: id) }
            return model
        }
    }

    public func territory(_ id: TerritoryID, caller: Caller) async throws -> Territory {
        guard caller.policy.mayShapeOrganisation else { throw StoreError.forbidden }
        return try await database.read { db in
            guard let modelID = try await db.raw("SELECT model_id FROM territories WHERE id = \(bind: id)").first()?.int64("model_id"),
                  let territory = try await Self.load(db, modelID)?.territories.first(where: { $0.id == id }) else {
                throw StoreError.notFound(entity: "territory", id: id)
            }
            return territory
        }
    }

    /// A new draft, empty or a copy of another model's territories (parents re-linked).
    public func createModel(name: String, copyFrom source: TerritoryModelID?, caller: Caller) async throws -> TerritoryModel {
        guard caller.policy.isAdministrator else { throw StoreError.forbidden }
        var v = Validator()
        v.text(name, "name", required: true, max: 200)
        try v.throwIfInvalid()
        let at = now()
        return try await database.write { db in
            let original = try await source.asyncMap { id in
                guard let model = try await Self.load(db, id) else {
                    throw StoreError.validation(ValidationFailure([FieldIssue(field: "copyFrom", code: "unknown_model")]))
                }
                return model
            }
            let row = try await db.raw("""
                INSERT INTO territory_models (name, state, version, created_at, updated_at, updated_by)
                VALUES (\(bind: name), 'draft', 1, \(bind: Clock.millis(at)), \(bind: Clock.millis(at)), \(bind: caller.actor.userID))
                RETURNING id
                """).first()
            let id = try row?.int64("id") ?? 0
            var newIDs: [TerritoryID: TerritoryID] = [:]
            // Parents come before children when ordered by depth, so every parent id is known.
            for territory in Self.parentsFirst(original?.territories ?? []) {
                var draft = territory.draft
                draft.parentID = territory.parentID.flatMap { newIDs[$0] }
                newIDs[territory.id] = try await Self.insert(db, model: id, draft, at: at, caller: caller)
            }
            guard let model = try await Self.load(db, id) else { throw StoreError.notFound(entity: "territory_model", id: id) }
            try await AuditLog.record(db, caller, at: at, entity: "territory_model", id: id, action: "create",
                                      before: TerritoryModel?.none, after: model, accountID: nil)
            return model
        }
    }

    public func addTerritory(to modelID: TerritoryModelID, _ draft: TerritoryDraft, caller: Caller,
                             inputIssues: [FieldIssue] = []) async throws -> Territory {
        guard caller.policy.isAdministrator else { throw StoreError.forbidden }
        let at = now()
        return try await database.write { db in
            let model = try await Self.draftModel(db, modelID)
            try await Self.check(draft, db: db, model: model, replacing: nil, known: inputIssues)
            let id = try await Self.insert(db, model: modelID, draft, at: at, caller: caller)
            guard let territory = try await Self.load(db, modelID)?.territories.first(where: { $0.id == id }) else {
                throw StoreError.notFound(entity: "territory", id: id)
            }
            try await AuditLog.record(db, caller, at: at, entity: "territory", id: id, action: "create",
                                      before: Territory?.none, after: territory, accountID: nil)
            return territory
        }
    }

    public func updateTerritory(_ id: TerritoryID, _ draft: TerritoryDraft, expectedVersion: Int, caller: Caller,
                                inputIssues: [FieldIssue] = []) async throws -> Territory {
        guard caller.policy.isAdministrator else { throw StoreError.forbidden }
        let at = now()
        return try await database.write { db in
            guard let modelID = try await db.raw("SELECT model_id FROM territories WHERE id = \(bind: id)").first()?.int64("model_id") else {
                throw StoreError.notFound(entity: "territory", id: id)
            }
            let model = try await Self.draftModel(db, modelID)
            guard let before = model.territories.first(where: { $0.id == id }) else { throw StoreError.notFound(entity: "territory", id: id) }
            try await Self.check(draft, db: db, model: model, replacing: id, known: inputIssues)
            let updated = try await db.raw("""
                UPDATE territories SET parent_id = \(bind: draft.parentID), name = \(bind: draft.name), line = \(bind: draft.line.rawValue),
                    rule = \(bind: try JSONText.encode(draft.rule)), user_id = \(bind: draft.userID), sales_team_id = \(bind: draft.salesTeamID),
                    version = version + 1, updated_at = \(bind: Clock.millis(at)), updated_by = \(bind: caller.actor.userID)
                WHERE id = \(bind: id) AND version = \(bind: expectedVersion) RETURNING id
                """).first()
            guard updated != nil, let after = try await Self.load(db, modelID)?.territories.first(where: { $0.id == id }) else {
                throw try await versionConflict(db, table: "territories", entity: "territory", id: id)
            }
            try await AuditLog.record(db, caller, at: at, entity: "territory", id: id, action: "update",
                                      before: before, after: after, accountID: nil)
            return after
        }
    }

    /// What applying the model would change, account by account (by name), line by line. It names
    /// accounts across the whole company, so it is for administrators, who apply models.
    public func preview(_ modelID: TerritoryModelID, caller: Caller) async throws -> [TerritoryMove] {
        guard caller.policy.isAdministrator else { throw StoreError.forbidden }
        let today = Clock.today(now())
        return try await database.read { db in
            guard let model = try await Self.load(db, modelID) else { throw StoreError.notFound(entity: "territory_model", id: modelID) }
            return try await Self.moves(db, model: model, today: today)
        }
    }

    /// Applies the rules: the model becomes the active one (the one before is archived), rows the
    /// rules made end today, and new ones start today. One transaction: all moves or none.
    public func apply(_ modelID: TerritoryModelID, expectedVersion: Int, caller: Caller) async throws -> [TerritoryMove] {
        guard caller.policy.isAdministrator else { throw StoreError.forbidden }
        let at = now()
        let today = Clock.today(at)
        return try await database.write { db in
            guard let model = try await Self.load(db, modelID) else { throw StoreError.notFound(entity: "territory_model", id: modelID) }
            guard model.state != .archived else { throw StoreError.conflict(code: "model_archived", field: nil) }
            guard model.version == expectedVersion else {
                throw try await versionConflict(db, table: "territory_models", entity: "territory_model", id: modelID)
            }
            // Claim the model first: a second apply running at the same time waits here and then
            // finds the version moved on, so two applies never both write coverage.
            let claimed = try await db.raw("""
                UPDATE territory_models SET version = version + 1 WHERE id = \(bind: modelID) AND version = \(bind: expectedVersion) RETURNING id
                """).first()
            guard claimed != nil else { throw try await versionConflict(db, table: "territory_models", entity: "territory_model", id: modelID) }
            let moves = try await Self.moves(db, model: model, today: today)
            let byID = Dictionary(uniqueKeysWithValues: model.territories.map { ($0.id, $0) })
            for move in moves {
                // Each account's history says who covers it now and why: the territory model applied.
                try await AuditLog.record(db, caller, at: at, entity: "coverage", id: move.to ?? move.from ?? 0, action: "territory_move",
                                          before: move.from, after: move, accountID: move.accountID)
                try await db.raw("""
                    UPDATE account_coverage SET to_date = \(bind: today.description), version = version + 1,
                        updated_at = \(bind: Clock.millis(at)), updated_by = \(bind: caller.actor.userID)
                    WHERE account_id = \(bind: move.accountID) AND line = \(bind: move.line.rawValue) AND territory_id IS NOT NULL
                      AND from_date <= \(bind: today.description) AND (to_date IS NULL OR to_date > \(bind: today.description))
                    """).run()
                guard let target = move.to.flatMap({ byID[$0] }) else { continue }
                try await db.raw("""
                    INSERT INTO account_coverage (account_id, line, user_id, sales_team_id, territory_id, from_date, version,
                                                  created_at, updated_at, updated_by)
                    VALUES (\(bind: move.accountID), \(bind: move.line.rawValue), \(bind: target.userID), \(bind: target.salesTeamID),
                            \(bind: target.id), \(bind: today.description), 1, \(bind: Clock.millis(at)), \(bind: Clock.millis(at)),
                            \(bind: caller.actor.userID))
                    """).run()
            }
            if model.state == .draft {
                try await db.raw("""
                    UPDATE territory_models SET state = 'archived', version = version + 1, updated_at = \(bind: Clock.millis(at)),
                        updated_by = \(bind: caller.actor.userID) WHERE state = 'active'
                    """).run()
            }
            try await db.raw("""
                UPDATE territory_models SET state = 'active', applied_at = \(bind: Clock.millis(at)),
                    updated_at = \(bind: Clock.millis(at)), updated_by = \(bind: caller.actor.userID) WHERE id = \(bind: modelID)
                """).run()
            try await AuditLog.record(db, caller, at: at, entity: "territory_model", id: modelID, action: "apply",
                                      before: model.state, after: ["moves": moves.count], accountID: nil)
            return moves
        }
    }

    // MARK: -

    static func moves(_ db: any SQLDatabase, model: TerritoryModel, today: CalendarDate) async throws -> [TerritoryMove] {
        let accounts = try await db.raw("""
            SELECT id, name, region, industry, size, status FROM accounts WHERE deleted_at IS NULL ORDER BY name_search, id
            """).all().map { row in
            TerritoryCandidate(id: try row.int64("id"), name: try row.string("name"), region: try row.vocabulary("region", as: Region.self),
                               industry: try row.vocabulary("industry", as: Industry.self), size: try row.vocabulary("size", as: AccountSize.self),
                               status: try row.vocabulary("status", as: KeyAccountStatus.self))
        }
        let rows = try await db.raw("""
            SELECT account_id, line, territory_id FROM account_coverage WHERE territory_id IS NOT NULL
              AND from_date <= \(bind: today.description) AND (to_date IS NULL OR to_date > \(bind: today.description))
            """).all()
        var current: [AccountID: [CoverageLine: TerritoryID]] = [:]
        for row in rows {
            current[try row.int64("account_id"), default: [:]][try row.vocabulary("line", as: CoverageLine.self)] = try row.int64("territory_id")
        }
        return TerritoryRules.preview(accounts: accounts, territories: model.territories, current: current)
    }

    static func load(_ db: any SQLDatabase, _ id: TerritoryModelID) async throws -> TerritoryModel? {
        guard let row = try await db.raw("SELECT id, name, state, version FROM territory_models WHERE id = \(bind: id)").first() else {
            return nil
        }
        let territories = try await db.raw("""
            SELECT id, model_id, parent_id, name, line, rule, user_id, sales_team_id, version FROM territories
            WHERE model_id = \(bind: id) ORDER BY name, id
            """).all().map { t in
            Territory(id: try t.int64("id"), modelID: try t.int64("model_id"), parentID: try t.optionalInt64("parent_id"),
                      name: try t.string("name"), line: try t.vocabulary("line", as: CoverageLine.self),
                      rule: try JSONText.decode(TerritoryRule.self, try t.string("rule")), userID: try t.optionalInt64("user_id"),
                      salesTeamID: try t.optionalInt64("sales_team_id"), version: try t.int("version"))
        }
        return TerritoryModel(id: id, name: try row.string("name"), state: try row.vocabulary("state", as: TerritoryModelState.self),
                              territories: territories, version: try row.int("version"))
    }

    static func draftModel(_ db: any SQLDatabase, _ id: TerritoryModelID) async throws -> TerritoryModel {
        guard let model = try await load(db, id) else { throw StoreError.notFound(entity: "territory_model", id: id) }
        guard model.state == .draft else { throw StoreError.conflict(code: "model_not_draft", field: nil) }
        return model
    }

    static func insert(_ db: any SQLDatabase, model: TerritoryModelID, _ draft: TerritoryDraft, at: Date, caller: Caller) async throws -> TerritoryID {
        let row = try await db.raw("""
            INSERT INTO territories (model_id, parent_id, name, line, rule, user_id, sales_team_id, version, created_at, updated_at, updated_by)
            VALUES (\(bind: model), \(bind: draft.parentID), \(bind: draft.name), \(bind: draft.line.rawValue),
                    \(bind: try JSONText.encode(draft.rule)), \(bind: draft.userID), \(bind: draft.salesTeamID), 1,
                    \(bind: Clock.millis(at)), \(bind: Clock.millis(at)), \(bind: caller.actor.userID)) RETURNING id
            """).first()
        return try row?.int64("id") ?? 0
    }

    static func parentsFirst(_ territories: [Territory]) -> [Territory] {
        let byID = Dictionary(uniqueKeysWithValues: territories.map { ($0.id, $0) })
        func depth(_ t: Territory) -> Int {
            var d = 0
            var node = t.parentID
            while let id = node, d < territories.count { d += 1; node = byID[id]?.parentID }
            return d
        }
        return territories.sorted { (depth($0), $0.id) < (depth($1), $1.id) }
    }

    /// The parent is a territory of the same model and no loop forms; the coverer exists.
    static func check(_ draft: TerritoryDraft, db: any SQLDatabase, model: TerritoryModel, replacing: TerritoryID?,
                      known: [FieldIssue]) async throws {
        var v = Validator(known: known)
        draft.validate(into: &v)
        if let parent = draft.parentID {
            let parents = Dictionary(uniqueKeysWithValues: model.territories.compactMap { t in t.parentID.map { (t.id, $0) } })
            if !model.territories.contains(where: { $0.id == parent }) {
                v.add("parentID", "unknown_territory")
            } else if TerritoryRules.makesLoop(territory: replacing, parent: parent, parents: parents) {
                v.add("parentID", "cycle")
            }
        }
        if let user = draft.userID, try await activeUsers(db, [user]).isEmpty { v.add("userID", "unknown_user") }
        if let team = draft.salesTeamID, try await SalesTeamRepository.load(db, team) == nil { v.add("salesTeamID", "unknown_team") }
        try v.throwIfInvalid()
    }
}
