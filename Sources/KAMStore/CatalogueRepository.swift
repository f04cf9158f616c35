import Foundation
import KAMCore
import SQLKit

public struct CompanySettings: Sendable, Hashable, Codable {
    public var reportingCurrency: String
    public var version: Int
}

/// The company's reporting currency, its exchange rates and the product catalogue. Everyone
/// signed in reads them (transactions and quotes name products); administrators change them.
public struct CatalogueRepository: Sendable {
    let database: KAMDatabase
    let now: @Sendable () -> Date

    public func settings() async throws -> CompanySettings {
        try await database.read { db in try await Self.settings(db) }
    }

    static func settings(_ db: any SQLDatabase) async throws -> CompanySettings {
        guard let row = try await db.raw("SELECT reporting_currency, version FROM company_settings WHERE id = 1").first() else {
            throw StoreError.notFound(entity: "company_settings", id: 1)
        }
        return CompanySettings(reportingCurrency: try row.string("reporting_currency"), version: try row.int("version"))
    }

    /// The reporting currency can change only while no transaction has been converted to it:
    /// afterwards every stored conversion would silently mean something else.
    public func setReportingCurrency(_ currency: String, expectedVersion: Int, caller: Caller) async throws -> CompanySettings {
        guard caller.policy.isAdministrator else { throw StoreError.forbidden }
        var v = Validator()
        if Money.minorUnitDigits[currency] == nil { v.add("reportingCurrency", "invalid_currency") }
        try v.throwIfInvalid()
        let at = now()
        return try await database.write { db in
            let before = try await Self.settings(db)
            guard before.version == expectedVersion else {
                throw try await versionConflict(db, table: "company_settings", entity: "company_settings", id: 1)
            }
            if before.reportingCurrency != currency,
               try await db.raw("SELECT 1 AS x FROM purchase_transactions LIMIT 1").first() != nil {
                throw StoreError.conflict(code: "has_transactions", field: "reportingCurrency")
            }
            try await db.raw("""
                UPDATE company_settings SET reporting_currency = \(bind: currency), version = version + 1,
                    updated_at = \(bind: Clock.millis(at)), updated_by = \(bind: caller.actor.userID) WHERE id = 1
                """).run()
            let after = try await Self.settings(db)
            try await AuditLog.record(db, caller, at: at, entity: "company_settings", id: 1, action: "update",
                                      before: before, after: after, accountID: nil)
            return after
        }
    }

    public func exchangeRates(currency: String? = nil) async throws -> [ExchangeRate] {
        try await database.read { db in try await Self.rates(db, currency: currency) }
    }

    static func rates(_ db: any SQLDatabase, currency: String? = nil) async throws -> [ExchangeRate] {
        let rows = if let currency {
            try await db.raw("SELECT currency, day, rate FROM exchange_rates WHERE currency = \(bind: currency) ORDER BY day").all()
        } else {
            try await db.raw("SELECT currency, day, rate FROM exchange_rates ORDER BY currency, day").all()
        }
        return try rows.map { row in
            ExchangeRate(currency: try row.string("currency"), day: try row.calendarDate("day") ?? CalendarDate(year: 1970, month: 1, day: 1),
                         rate: try row.string("rate"))
        }
    }

    static func converter(_ db: any SQLDatabase) async throws -> CurrencyConverter {
        CurrencyConverter(reportingCurrency: try await settings(db).reportingCurrency, rates: try await rates(db))
    }

    /// Sets the rate of one currency on one day (a second save of the same day replaces it).
    /// Transactions already booked keep the conversion they were booked with.
    public func saveExchangeRate(_ rate: ExchangeRate, caller: Caller, inputIssues: [FieldIssue] = []) async throws -> ExchangeRate {
        guard caller.policy.isAdministrator else { throw StoreError.forbidden }
        let at = now()
        return try await database.write { db in
            let reporting = try await Self.settings(db).reportingCurrency
            do throws(ValidationFailure) { try rate.validate(reportingCurrency: reporting, known: inputIssues) } catch { throw StoreError.validation(error) }
            let before = try await Self.rates(db, currency: rate.currency).first { $0.day == rate.day }
            try await db.raw("DELETE FROM exchange_rates WHERE currency = \(bind: rate.currency) AND day = \(bind: rate.day.description)").run()
            try await db.raw("""
                INSERT INTO exchange_rates (currency, day, rate, updated_at, updated_by)
                VALUES (\(bind: rate.currency), \(bind: rate.day.description), \(bind: rate.rate.trimmingCharacters(in: .whitespaces)),
                        \(bind: Clock.millis(at)), \(bind: caller.actor.userID))
                """).run()
            try await AuditLog.record(db, caller, at: at, entity: "exchange_rate", id: Int64(rate.day.daysSince1970),
                                      action: before == nil ? "create" : "update", before: before, after: rate, accountID: nil)
            return rate
        }
    }

    // MARK: product lines and products

    public func productLines() async throws -> [ProductLine] {
        try await database.read { db in
            try await db.raw("SELECT id, code, name, version FROM product_lines ORDER BY code").all().map(Self.line)
        }
    }

    public func products(line: ProductLineID? = nil) async throws -> [Product] {
        try await database.read { db in
            let filter = line.map { "WHERE line_id = \($0)" } ?? ""
            return try await db.raw("SELECT * FROM products \(unsafeRaw: filter) ORDER BY code").all().map(Self.product)
        }
    }

    public func product(_ id: ProductID) async throws -> Product {
        try await database.read { db in
            guard let row = try await db.raw("SELECT * FROM products WHERE id = \(bind: id)").first() else {
                throw StoreError.notFound(entity: "product", id: id)
            }
            return try Self.product(row)
        }
    }

    public func createProductLine(_ draft: ProductLineDraft, caller: Caller, inputIssues: [FieldIssue] = []) async throws -> ProductLine {
        guard caller.policy.isAdministrator else { throw StoreError.forbidden }
        do { try draft.validate(known: inputIssues) } catch { throw StoreError.validation(error) }
        let at = now()
        return try await database.write { db in
            if try await db.raw("SELECT id FROM product_lines WHERE code = \(bind: draft.code)").first() != nil {
                throw StoreError.validation(ValidationFailure([FieldIssue(field: "code", code: "taken")]))
            }
            guard let row = try await db.raw("""
                INSERT INTO product_lines (code, name, version, created_at, updated_at, updated_by)
                VALUES (\(bind: draft.code), \(bind: draft.name), 1, \(bind: Clock.millis(at)), \(bind: Clock.millis(at)), \(bind: caller.actor.userID))
                RETURNING id, code, name, version
                """).first() else { throw StoreError.conflict(code: "insert_failed", field: nil) }
            let line = try Self.line(row)
            try await AuditLog.record(db, caller, at: at, entity: "product_line", id: line.id, action: "create",
                                      before: ProductLine?.none, after: line, accountID: nil)
            return line
        }
    }

    public func createProduct(_ draft: ProductDraft, caller: Caller, inputIssues: [FieldIssue] = []) async throws -> Product {
        guard caller.policy.isAdministrator else { throw StoreError.forbidden }
        let at = now()
        return try await database.write { db in
            try await Self.check(draft, db: db, replacing: nil, known: inputIssues)
            guard let row = try await db.raw("""
                INSERT INTO products (line_id, code, name, list_prices, active, version, created_at, updated_at, updated_by)
                VALUES (\(bind: draft.lineID), \(bind: draft.code), \(bind: draft.name), \(bind: try JSONText.encode(draft.listPrices)),
                        \(bind: draft.active ? 1 : 0), 1, \(bind: Clock.millis(at)), \(bind: Clock.millis(at)), \(bind: caller.actor.userID))
                RETURNING *
                """).first() else { throw StoreError.conflict(code: "insert_failed", field: nil) }
            let product = try Self.product(row)
            try await AuditLog.record(db, caller, at: at, entity: "product", id: product.id, action: "create",
                                      before: Product?.none, after: product, accountID: nil)
            return product
        }
    }

    public func updateProduct(_ id: ProductID, _ draft: ProductDraft, expectedVersion: Int, caller: Caller,
                              inputIssues: [FieldIssue] = []) async throws -> Product {
        guard caller.policy.isAdministrator else { throw StoreError.forbidden }
        let at = now()
        return try await database.write { db in
            guard let row = try await db.raw("SELECT * FROM products WHERE id = \(bind: id)").first() else {
                throw StoreError.notFound(entity: "product", id: id)
            }
            let before = try Self.product(row)
            guard before.version == expectedVersion else { throw try await versionConflict(db, table: "products", entity: "product", id: id) }
            try await Self.check(draft, db: db, replacing: id, known: inputIssues)
            guard let updated = try await db.raw("""
                UPDATE products SET line_id = \(bind: draft.lineID), code = \(bind: draft.code), name = \(bind: draft.name),
                    list_prices = \(bind: try JSONText.encode(draft.listPrices)), active = \(bind: draft.active ? 1 : 0),
                    version = version + 1, updated_at = \(bind: Clock.millis(at)), updated_by = \(bind: caller.actor.userID)
                WHERE id = \(bind: id) AND version = \(bind: expectedVersion) RETURNING *
                """).first() else { throw try await versionConflict(db, table: "products", entity: "product", id: id) }
            let after = try Self.product(updated)
            try await AuditLog.record(db, caller, at: at, entity: "product", id: id, action: "update", before: before, after: after, accountID: nil)
            return after
        }
    }

    static func check(_ draft: ProductDraft, db: any SQLDatabase, replacing: ProductID?, known: [FieldIssue]) async throws {
        var issues = known
        do { try draft.validate() } catch { issues += error.issues.filter { issue in !issues.contains { $0.field == issue.field } } }
        if try await db.raw("SELECT id FROM product_lines WHERE id = \(bind: draft.lineID)").first() == nil,
           !issues.contains(where: { $0.field == "lineID" }) {
            issues.append(FieldIssue(field: "lineID", code: "unknown_product_line"))
        }
        if let taken = try await db.raw("SELECT id FROM products WHERE code = \(bind: draft.code)").first()?.int64("id"), taken != replacing,
           !issues.contains(where: { $0.field == "code" }) {
            issues.append(FieldIssue(field: "code", code: "taken"))
        }
        if !issues.isEmpty { throw StoreError.validation(ValidationFailure(issues)) }
    }

    static func line(_ row: any SQLRow) throws -> ProductLine {
        ProductLine(id: try row.int64("id"), code: try row.string("code"), name: try row.string("name"), version: try row.int("version"))
    }

    static func product(_ row: any SQLRow) throws -> Product {
        Product(id: try row.int64("id"), lineID: try row.int64("line_id"), code: try row.string("code"), name: try row.string("name"),
                listPrices: try JSONText.decode([Money].self, try row.string("list_prices")), active: try row.int64("active") != 0,
                version: try row.int("version"))
    }
}
