import Foundation
import KAMCore
import SQLKit

/// An account's strengthening-stage record: the mutual purchasing ledger, consulting engagements
/// and governance seats.
public struct StrengtheningOverview: Sendable, Codable {
    public var accountID: AccountID
    public var reportingCurrency: String
    public var ledger: [MutualPurchasingYear]
    public var purchases: [MutualPurchase]
    public var engagements: [ConsultingEngagement]
    public var seats: [GovernanceSeat]
}

public struct StrengtheningRepository: Sendable {
    let database: KAMDatabase
    let now: @Sendable () -> Date

    public func overview(of accountID: AccountID, caller: Caller) async throws -> StrengtheningOverview {
        let today = Clock.today(now())
        return try await database.read { db in
            _ = try await StrategyRepository.visibleAccount(db, accountID, caller: caller)
            let converter = try await CatalogueRepository.converter(db)
            let purchases = try await Self.purchases(db, where: "m.account_id = \(accountID)", converter: converter, today: today)
            var theyBuy: [Int: Int64] = [:]
            for row in try await db.raw("""
                SELECT substr(day, 1, 4) AS year, CAST(sum(reporting_amount_minor) AS BIGINT) AS amount FROM purchase_transactions
                WHERE account_id = \(bind: accountID) GROUP BY substr(day, 1, 4)
                """).all() {
                theyBuy[Int(try row.string("year")) ?? 0] = try row.int64("amount")
            }
            return StrengtheningOverview(accountID: accountID, reportingCurrency: converter.reportingCurrency,
                                         ledger: MutualPurchasingYear.ledger(purchases, theyBuy: theyBuy, currency: converter.reportingCurrency),
                                         purchases: purchases,
                                         engagements: try await Self.engagements(db, where: "e.account_id = \(accountID)"),
                                         seats: try await Self.seats(db, where: "s.account_id = \(accountID)"))
        }
    }

    // MARK: Mutual purchases

    public func addPurchase(at accountID: AccountID, _ draft: MutualPurchaseDraft, caller: Caller, inputIssues: [FieldIssue] = []) async throws
        -> MutualPurchase {
        let at = now()
        return try await database.write { db in
            try await StrategyRepository.editableAccount(db, accountID, caller: caller)
            do throws(ValidationFailure) { try draft.validate(known: inputIssues, today: Clock.today(at)) } catch { throw StoreError.validation(error) }
            guard let row = try await db.raw("""
                INSERT INTO mutual_purchases (account_id, year, amount_minor, currency, description, version, created_at, updated_at, updated_by)
                VALUES (\(bind: accountID), \(bind: Int64(draft.year ?? 0)), \(bind: draft.amount?.minorUnits), \(bind: draft.amount?.currency),
                        \(bind: draft.description), 1, \(bind: Clock.millis(at)), \(bind: Clock.millis(at)), \(bind: caller.actor.userID)) RETURNING id
                """).first() else { throw StoreError.conflict(code: "insert_failed", field: nil) }
            let made = try await Self.purchase(db, try row.int64("id"), today: Clock.today(at))
            try await AuditLog.record(db, caller, at: at, entity: "mutual_purchase", id: made.id, action: "create", before: MutualPurchase?.none,
                                      after: made, accountID: accountID)
            return made
        }
    }

    public func purchase(_ id: MutualPurchaseID, caller: Caller) async throws -> MutualPurchase {
        try await database.read { db in
            let found = try await Self.purchase(db, id, today: Clock.today(now()))
            _ = try await StrategyRepository.visibleAccount(db, found.accountID, caller: caller, notFound: ("mutual_purchase", id))
            return found
        }
    }

    public func updatePurchase(_ id: MutualPurchaseID, _ draft: MutualPurchaseDraft, expectedVersion: Int, caller: Caller,
                               inputIssues: [FieldIssue] = []) async throws -> MutualPurchase {
        let at = now()
        return try await database.write { db in
            let before = try await Self.purchase(db, id, today: Clock.today(at))
            try await StrategyRepository.editableAccount(db, before.accountID, caller: caller, notFound: ("mutual_purchase", id))
            do throws(ValidationFailure) { try draft.validate(known: inputIssues, today: Clock.today(at)) } catch { throw StoreError.validation(error) }
            let updated = try await db.raw("""
                UPDATE mutual_purchases SET year = \(bind: Int64(draft.year ?? 0)), amount_minor = \(bind: draft.amount?.minorUnits),
                    currency = \(bind: draft.amount?.currency), description = \(bind: draft.description), version = version + 1,
                    updated_at = \(bind: Clock.millis(at)), updated_by = \(bind: caller.actor.userID)
                WHERE id = \(bind: id) AND version = \(bind: expectedVersion) RETURNING id
                """).first()
            guard updated != nil else { throw try await versionConflict(db, table: "mutual_purchases", entity: "mutual_purchase", id: id) }
            let after = try await Self.purchase(db, id, today: Clock.today(at))
            try await AuditLog.record(db, caller, at: at, entity: "mutual_purchase", id: id, action: "update", before: before, after: after,
                                      accountID: before.accountID)
            return after
        }
    }

    // MARK: Consulting engagements

    public func addEngagement(at accountID: AccountID, _ draft: EngagementDraft, caller: Caller, inputIssues: [FieldIssue] = []) async throws
        -> ConsultingEngagement {
        let at = now()
        return try await database.write { db in
            try await StrategyRepository.editableAccount(db, accountID, caller: caller)
            try await Self.check(db, draft.validate, user: draft.leadUserID, field: "leadUserID", inputIssues: inputIssues)
            guard let row = try await db.raw("""
                INSERT INTO consulting_engagements (account_id, title, scope, lead_user_id, from_date, to_date, version, created_at, updated_at, updated_by)
                VALUES (\(bind: accountID), \(bind: draft.title), \(bind: draft.scope), \(bind: draft.leadUserID), \(bind: draft.from?.description),
                        \(bind: draft.to?.description), 1, \(bind: Clock.millis(at)), \(bind: Clock.millis(at)), \(bind: caller.actor.userID)) RETURNING id
                """).first() else { throw StoreError.conflict(code: "insert_failed", field: nil) }
            let made = try await Self.engagement(db, try row.int64("id"))
            try await AuditLog.record(db, caller, at: at, entity: "consulting_engagement", id: made.id, action: "create",
                                      before: ConsultingEngagement?.none, after: made, accountID: accountID)
            return made
        }
    }

    public func engagement(_ id: EngagementID, caller: Caller) async throws -> ConsultingEngagement {
        try await database.read { db in
            let found = try await Self.engagement(db, id)
            _ = try await StrategyRepository.visibleAccount(db, found.accountID, caller: caller, notFound: ("consulting_engagement", id))
            return found
        }
    }

    public func updateEngagement(_ id: EngagementID, _ draft: EngagementDraft, expectedVersion: Int, caller: Caller,
                                 inputIssues: [FieldIssue] = []) async throws -> ConsultingEngagement {
        let at = now()
        return try await database.write { db in
            let before = try await Self.engagement(db, id)
            try await StrategyRepository.editableAccount(db, before.accountID, caller: caller, notFound: ("consulting_engagement", id))
            try await Self.check(db, draft.validate, user: draft.leadUserID == before.leadUserID ? nil : draft.leadUserID, field: "leadUserID",
                                 inputIssues: inputIssues)
            let updated = try await db.raw("""
                UPDATE consulting_engagements SET title = \(bind: draft.title), scope = \(bind: draft.scope), lead_user_id = \(bind: draft.leadUserID),
                    from_date = \(bind: draft.from?.description), to_date = \(bind: draft.to?.description), version = version + 1,
                    updated_at = \(bind: Clock.millis(at)), updated_by = \(bind: caller.actor.userID)
                WHERE id = \(bind: id) AND version = \(bind: expectedVersion) RETURNING id
                """).first()
            guard updated != nil else { throw try await versionConflict(db, table: "consulting_engagements", entity: "consulting_engagement", id: id) }
            let after = try await Self.engagement(db, id)
            try await AuditLog.record(db, caller, at: at, entity: "consulting_engagement", id: id, action: "update", before: before, after: after,
                                      accountID: before.accountID)
            return after
        }
    }

    // MARK: Governance seats

    public func addSeat(at accountID: AccountID, _ draft: SeatDraft, caller: Caller, inputIssues: [FieldIssue] = []) async throws -> GovernanceSeat {
        let at = now()
        return try await database.write { db in
            try await StrategyRepository.editableAccount(db, accountID, caller: caller)
            try await Self.check(db, draft.validate, user: draft.holderUserID, field: "holderUserID", inputIssues: inputIssues)
            guard let row = try await db.raw("""
                INSERT INTO governance_seats (account_id, body, holder_user_id, from_date, to_date, note, version, created_at, updated_at, updated_by)
                VALUES (\(bind: accountID), \(bind: draft.body.rawValue), \(bind: draft.holderUserID), \(bind: draft.from?.description),
                        \(bind: draft.to?.description), \(bind: draft.note), 1, \(bind: Clock.millis(at)), \(bind: Clock.millis(at)),
                        \(bind: caller.actor.userID)) RETURNING id
                """).first() else { throw StoreError.conflict(code: "insert_failed", field: nil) }
            let made = try await Self.seat(db, try row.int64("id"))
            try await AuditLog.record(db, caller, at: at, entity: "governance_seat", id: made.id, action: "create", before: GovernanceSeat?.none,
                                      after: made, accountID: accountID)
            return made
        }
    }

    public func seat(_ id: SeatID, caller: Caller) async throws -> GovernanceSeat {
        try await database.read { db in
            let found = try await Self.seat(db, id)
            _ = try await StrategyRepository.visibleAccount(db, found.accountID, caller: caller, notFound: ("governance_seat", id))
            return found
        }
    }

    public func updateSeat(_ id: SeatID, _ draft: SeatDraft, expectedVersion: Int, caller: Caller, inputIssues: [FieldIssue] = []) async throws
        -> GovernanceSeat {
        let at = now()
        return try await database.write { db in
            let before = try await Self.seat(db, id)
            try await StrategyRepository.editableAccount(db, before.accountID, caller: caller, notFound: ("governance_seat", id))
            try await Self.check(db, draft.validate, user: draft.holderUserID == before.holderUserID ? nil : draft.holderUserID, field: "holderUserID",
                                 inputIssues: inputIssues)
            let updated = try await db.raw("""
                UPDATE governance_seats SET body = \(bind: draft.body.rawValue), holder_user_id = \(bind: draft.holderUserID),
                    from_date = \(bind: draft.from?.description), to_date = \(bind: draft.to?.description), note = \(bind: draft.note),
                    version = version + 1, updated_at = \(bind: Clock.millis(at)), updated_by = \(bind: caller.actor.userID)
                WHERE id = \(bind: id) AND version = \(bind: expectedVersion) RETURNING id
                """).first()
            guard updated != nil else { throw try await versionConflict(db, table: "governance_seats", entity: "governance_seat", id: id) }
            let after = try await Self.seat(db, id)
            try await AuditLog.record(db, caller, at: at, entity: "governance_seat", id: id, action: "update", before: before, after: after,
                                      accountID: before.accountID)
            return after
        }
    }

    // MARK: Shared

    /// The draft's own rules and, when a user is newly named, that they are an active user.
    static func check(_ db: any SQLDatabase, _ validate: ([FieldIssue]) throws(ValidationFailure) -> Void, user: UserID?, field: String,
                      inputIssues: [FieldIssue]) async throws {
        var v = Validator(known: inputIssues)
        do throws(ValidationFailure) { try validate(inputIssues) } catch {
            for issue in error.issues where !inputIssues.contains(issue) { v.add(issue.field, issue.code, issue.detail) }
        }
        if let user, try await UserRepository.active(db, user) == nil { v.add(field, "unknown_user") }
        try v.throwIfInvalid()
    }

    /// A year's purchases convert at the year's last rate (today's for the current year).
    static func purchases(_ db: any SQLDatabase, where condition: String, converter: CurrencyConverter, today: CalendarDate) async throws
        -> [MutualPurchase] {
        try await db.raw(SQLQueryString("SELECT m.* FROM mutual_purchases m WHERE \(unsafeRaw: condition) ORDER BY m.year DESC, m.id DESC"))
            .all().map { row in
                let year = try row.int("year")
                let amount = Money(minorUnits: try row.int64("amount_minor"), currency: try row.string("currency"))
                let day = min(CalendarDate(year: year, month: 12, day: 31), today)
                return MutualPurchase(id: try row.int64("id"), accountID: try row.int64("account_id"), year: year, amount: amount,
                                      reportingAmount: converter.convert(amount, on: day), description: try row.string("description"),
                                      version: try row.int("version"), updatedAt: try row.date("updated_at"))
            }
    }

    static func purchase(_ db: any SQLDatabase, _ id: MutualPurchaseID, today: CalendarDate) async throws -> MutualPurchase {
        guard let found = try await purchases(db, where: "m.id = \(id)", converter: try await CatalogueRepository.converter(db), today: today).first else {
            throw StoreError.notFound(entity: "mutual_purchase", id: id)
        }
        return found
    }

    static func engagements(_ db: any SQLDatabase, where condition: String) async throws -> [ConsultingEngagement] {
        try await db.raw(SQLQueryString("""
            SELECT e.*, u.display_name FROM consulting_engagements e JOIN users u ON u.id = e.lead_user_id
            WHERE \(unsafeRaw: condition) ORDER BY e.from_date DESC, e.id DESC
            """)).all().map { row in
            let draft = EngagementDraft(title: try row.string("title"), scope: try row.optionalString("scope"), leadUserID: try row.int64("lead_user_id"),
                                        from: try row.calendarDate("from_date"), to: try row.calendarDate("to_date"))
            return ConsultingEngagement(id: try row.int64("id"), accountID: try row.int64("account_id"), draft: draft,
                                        leadName: try row.string("display_name"), version: try row.int("version"), updatedAt: try row.date("updated_at"))
        }
    }

    static func engagement(_ db: any SQLDatabase, _ id: EngagementID) async throws -> ConsultingEngagement {
        guard let found = try await engagements(db, where: "e.id = \(id)").first else { throw StoreError.notFound(entity: "consulting_engagement", id: id) }
        return found
    }

    static func seats(_ db: any SQLDatabase, where condition: String) async throws -> [GovernanceSeat] {
        try await db.raw(SQLQueryString("""
            SELECT s.*, u.display_name FROM governance_seats s JOIN users u ON u.id = s.holder_user_id
            WHERE \(unsafeRaw: condition) ORDER BY s.from_date DESC, s.id DESC
            """)).all().map { row in
            let draft = SeatDraft(body: try row.vocabulary("body", as: GovernanceBody.self), holderUserID: try row.int64("holder_user_id"),
                                  from: try row.calendarDate("from_date"), to: try row.calendarDate("to_date"), note: try row.optionalString("note"))
            return GovernanceSeat(id: try row.int64("id"), accountID: try row.int64("account_id"), draft: draft,
                                  holderName: try row.string("display_name"), version: try row.int("version"), updatedAt: try row.date("updated_at"))
        }
    }

    static func seat(_ db: any SQLDatabase, _ id: SeatID) async throws -> GovernanceSeat {
        guard let found = try await seats(db, where: "s.id = \(id)").first else { throw StoreError.notFound(entity: "governance_seat", id: id) }
        return found
    }
}
