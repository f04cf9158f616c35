import Foundation
import KAMCore
import SQLKit

/// A document with what its printable page names beside it.
public struct SalesDocumentView: Sendable {
    public var document: SalesDocument
    public var accountName: String
    public var opportunityName: String
    public var canEdit: Bool
    /// The order made from this quote, or the contract made from this order.
    public var successorID: SalesDocumentID?
}

/// Changes to a document by hand: its status, and while a quote is a draft its lines.
public struct SalesDocumentChange: Sendable {
    public var status: SalesDocumentStatus?
    public var quote: QuoteDraft?
    public init(status: SalesDocumentStatus? = nil, quote: QuoteDraft? = nil) {
        self.status = status
        self.quote = quote
    }
}

/// The small-order fast track: quote, order, contract. Visibility and editing follow the
/// opportunity (and so its account); only fast-track opportunities take it.
public struct SalesDocumentRepository: Sendable {
    let database: KAMDatabase
    let now: @Sendable () -> Date

    public func documents(of opportunityID: OpportunityID, caller: Caller) async throws -> [SalesDocument] {
        try await database.read { db in
            _ = try await OpportunityRepository.visible(db, opportunityID, caller: caller)
            return try await Self.load(db, where: "d.opportunity_id = \(opportunityID)")
        }
    }

    public func get(_ id: SalesDocumentID, caller: Caller) async throws -> SalesDocumentView {
        try await database.read { db in try await Self.view(db, id, caller: caller) }
    }

    /// The discount authority that applies at the opportunity's account.
    public func authority(for opportunityID: OpportunityID, caller: Caller) async throws -> Double {
        try await database.read { db in
            let found = try await OpportunityRepository.visible(db, opportunityID, caller: caller)
            return try await Self.authority(db, found.account)
        }
    }

    public func quote(_ opportunityID: OpportunityID, _ draft: QuoteDraft, caller: Caller, inputIssues: [FieldIssue] = []) async throws -> SalesDocument {
        let at = now()
        return try await database.write { db in
            let found = try await OpportunityRepository.visible(db, opportunityID, caller: caller)
            try Self.checkEditable(caller, found)
            var v = Validator(known: inputIssues)
            if found.opportunity.track != .fastTrack { v.add("opportunityID", "staged_process") }
            if found.opportunity.stage.isClosed { v.add("opportunityID", "closed_opportunity") }
            draft.validate(authorityPercent: try await Self.authority(db, found.account), into: &v)
            try await Self.checkProducts(db, draft, into: &v)
            try v.throwIfInvalid()
            let id = try await Self.insert(db, kind: .quote, status: .draft, opportunity: found.opportunity, source: nil, draft: draft, caller: caller, at: at)
            let made = try await Self.one(db, id)
            try await AuditLog.record(db, caller, at: at, entity: "sales_document", id: id, action: "create", before: SalesDocument?.none, after: made,
                                      accountID: made.accountID)
            return made
        }
    }

    public func update(_ id: SalesDocumentID, _ change: SalesDocumentChange, expectedVersion: Int, caller: Caller,
                       inputIssues: [FieldIssue] = []) async throws -> SalesDocument {
        let at = now()
        return try await database.write { db in
            let before = try await Self.view(db, id, caller: caller)
            guard before.canEdit else { throw StoreError.forbidden }
            guard before.document.version == expectedVersion else { throw try await Self.conflict(db, id) }
            var v = Validator(known: inputIssues)
            if let status = change.status, status != before.document.status, !before.document.mayMove(to: status) {
                v.add("status", "invalid_transition", before.document.kind.statuses.map(\.rawValue).joined(separator: ", "))
            }
            if let quote = change.quote {
                if before.document.kind != .quote || before.document.status != .draft { v.add("lines", "not_draft") }
                let found = try await OpportunityRepository.visible(db, before.document.opportunityID, caller: caller)
                quote.validate(authorityPercent: try await Self.authority(db, found.account), into: &v)
                try await Self.checkProducts(db, quote, into: &v)
            }
            try v.throwIfInvalid()
            if let quote = change.quote {
                try await db.raw("DELETE FROM sales_document_lines WHERE document_id = \(bind: id)").run()
                try await Self.insertLines(db, id, quote.lines)
                try await db.raw("""
                    UPDATE sales_documents SET currency = \(bind: quote.currency), valid_until = \(bind: quote.validUntil?.description),
                        note = \(bind: quote.note) WHERE id = \(bind: id)
                    """).run()
            }
            guard try await db.raw("""
                UPDATE sales_documents SET status = \(bind: (change.status ?? before.document.status).rawValue), version = version + 1,
                    updated_at = \(bind: Clock.millis(at)), updated_by = \(bind: caller.actor.userID)
                WHERE id = \(bind: id) AND version = \(bind: expectedVersion) RETURNING id
                """).first() != nil else { throw try await Self.conflict(db, id) }
            let after = try await Self.one(db, id)
            try await AuditLog.record(db, caller, at: at, entity: "sales_document", id: id, action: "update", before: before.document, after: after,
                                      accountID: after.accountID)
            return after
        }
    }

    /// An order from an accepted quote: the opportunity is won at the order's value.
    public func order(fromQuote id: SalesDocumentID, expectedVersion: Int, caller: Caller) async throws -> SalesDocument {
        try await follow(id, expectedVersion: expectedVersion, caller: caller, make: .order)
    }

    /// A contract from an order; from anything else it is refused (the order comes first).
    public func contract(fromOrder id: SalesDocumentID, expectedVersion: Int, caller: Caller) async throws -> SalesDocument {
        try await follow(id, expectedVersion: expectedVersion, caller: caller, make: .contract)
    }

    private func follow(_ id: SalesDocumentID, expectedVersion: Int, caller: Caller, make kind: SalesDocumentKind) async throws -> SalesDocument {
        let at = now()
        return try await database.write { db in
            let source = try await Self.view(db, id, caller: caller)
            guard source.canEdit else { throw StoreError.forbidden }
            guard source.document.version == expectedVersion else { throw try await Self.conflict(db, id) }
            var v = Validator()
            switch kind {
            case .order:
                if source.document.kind != .quote { v.add("source", "quote_required") }
                else if source.document.status != .accepted { v.add("status", "quote_not_accepted") }
            case .contract:
                if source.document.kind != .order { v.add("source", "order_required") }
                else if source.document.status == .cancelled { v.add("status", "order_cancelled") }
            case .quote: v.add("source", "quote_required")
            }
            if source.successorID != nil { v.add("source", kind == .order ? "already_ordered" : "already_contracted") }
            let found = try await OpportunityRepository.visible(db, source.document.opportunityID, caller: caller)
            if kind == .order, found.opportunity.stage == .lost { v.add("opportunityID", "closed_opportunity") }
            try v.throwIfInvalid()
            // Taking the source's version first: of two requests racing to follow it, the second finds it changed.
            guard try await db.raw("""
                UPDATE sales_documents SET version = version + 1, updated_at = \(bind: Clock.millis(at)), updated_by = \(bind: caller.actor.userID)
                WHERE id = \(bind: id) AND version = \(bind: expectedVersion) RETURNING id
                """).first() != nil else { throw try await Self.conflict(db, id) }
            let draft = QuoteDraft(currency: source.document.currency, lines: source.document.lines, validUntil: nil, note: source.document.note)
            let newID = try await Self.insert(db, kind: kind, status: kind.statuses[0], opportunity: found.opportunity, source: id, draft: draft,
                                              caller: caller, at: at)
            let made = try await Self.one(db, newID)
            if kind == .order { try await Self.win(db, found.opportunity, by: made, caller: caller, at: at) }
            try await AuditLog.record(db, caller, at: at, entity: "sales_document", id: newID, action: "create", before: SalesDocument?.none, after: made,
                                      accountID: made.accountID)
            return made
        }
    }

    /// The order wins the opportunity, at the order's net value, with the order as the move's reason.
    static func win(_ db: any SQLDatabase, _ opportunity: Opportunity, by order: SalesDocument, caller: Caller, at: Date) async throws {
        guard !opportunity.stage.isClosed, let row = try await db.raw("""
            UPDATE opportunities SET stage = 'won', closed_on = \(bind: Clock.today(at).description), amount_minor = \(bind: order.net.minorUnits),
                currency = \(bind: order.currency), version = version + 1, updated_at = \(bind: Clock.millis(at)), updated_by = \(bind: caller.actor.userID)
            WHERE id = \(bind: opportunity.id) AND stage = \(bind: opportunity.stage.rawValue) RETURNING *
            """).first() else { return }
        try await OpportunityRepository.recordMove(db, opportunity.id, from: opportunity.stage, to: .won, reason: order.number, skipped: [],
                                                   caller: caller, at: at)
        try await AuditLog.record(db, caller, at: at, entity: "opportunity", id: opportunity.id, action: "update", before: opportunity,
                                  after: try OpportunityRepository.decode(row), accountID: opportunity.accountID)
    }

    static func checkEditable(_ caller: Caller, _ found: (opportunity: Opportunity, account: Account)) throws {
        guard caller.policy.mayEditAnything, OpportunityRepository.canEdit(caller, found.opportunity, found.account) else { throw StoreError.forbidden }
    }

    static func authority(_ db: any SQLDatabase, _ account: Account) async throws -> Double {
        DiscountAuthority.percent(for: account.accountClass, strategy: try await CompanyDocumentRepository.current(db, InvestmentStrategy.self).document)
    }

    static func checkProducts(_ db: any SQLDatabase, _ draft: QuoteDraft, into v: inout Validator) async throws {
        for (index, line) in draft.lines.enumerated() {
            if let product = line.productID, try await db.raw("SELECT id FROM products WHERE id = \(bind: product)").first() == nil {
                v.add("lines[\(index)].productID", "unknown_product")
            }
        }
    }

    static func insert(_ db: any SQLDatabase, kind: SalesDocumentKind, status: SalesDocumentStatus, opportunity: Opportunity, source: SalesDocumentID?,
                       draft: QuoteDraft, caller: Caller, at: Date) async throws -> SalesDocumentID {
        let today = Clock.today(at)
        // One statement, so two first documents of a year cannot both insert the counter.
        guard let counter = try await db.raw("""
            INSERT INTO document_counters (kind, year, last) VALUES (\(bind: kind.rawValue), \(bind: today.year), 1)
            ON CONFLICT (kind, year) DO UPDATE SET last = document_counters.last + 1 RETURNING last
            """).first() else { throw StoreError.conflict(code: "insert_failed", field: nil) }
        let sequence = try counter.int("last")
        guard let row = try await db.raw("""
            INSERT INTO sales_documents (kind, number, opportunity_id, account_id, source_id, status, currency, issued_on, valid_until, note, version,
                                         created_at, created_by, created_by_name, updated_at, updated_by)
            VALUES (\(bind: kind.rawValue), \(bind: SalesDocument.number(kind, year: today.year, sequence: sequence)), \(bind: opportunity.id),
                    \(bind: opportunity.accountID), \(bind: source), \(bind: status.rawValue), \(bind: draft.currency), \(bind: today.description),
                    \(bind: draft.validUntil?.description), \(bind: draft.note), 1, \(bind: Clock.millis(at)), \(bind: caller.actor.userID),
                    \(bind: caller.actor.name), \(bind: Clock.millis(at)), \(bind: caller.actor.userID)) RETURNING id
            """).first() else { throw StoreError.conflict(code: "insert_failed", field: nil) }
        let id = try row.int64("id")
        try await insertLines(db, id, draft.lines)
        return id
    }

    static func insertLines(_ db: any SQLDatabase, _ id: SalesDocumentID, _ lines: [DocumentLine]) async throws {
        for (position, line) in lines.enumerated() {
            try await db.raw("""
                INSERT INTO sales_document_lines (document_id, position, product_id, description, quantity, unit_price_minor, discount_bp)
                VALUES (\(bind: id), \(bind: position), \(bind: line.productID), \(bind: line.description), \(bind: line.quantity),
                        \(bind: line.unitPriceMinor), \(bind: line.discountBasisPoints))
                """).run()
        }
    }

    static func view(_ db: any SQLDatabase, _ id: SalesDocumentID, caller: Caller) async throws -> SalesDocumentView {
        guard let document = try await load(db, where: "d.id = \(id)").first else { throw StoreError.notFound(entity: "sales_document", id: id) }
        let found: (opportunity: Opportunity, account: Account)
        do { found = try await OpportunityRepository.visible(db, document.opportunityID, caller: caller) } catch StoreError.notFound {
            throw StoreError.notFound(entity: "sales_document", id: id)
        }
        let successor = try await db.raw("SELECT id FROM sales_documents WHERE source_id = \(bind: id) AND status <> 'cancelled' ORDER BY id LIMIT 1")
            .first().map { try $0.int64("id") }
        return SalesDocumentView(document: document, accountName: found.account.name, opportunityName: found.opportunity.name,
                                 canEdit: caller.policy.mayEditAnything && OpportunityRepository.canEdit(caller, found.opportunity, found.account),
                                 successorID: successor)
    }

    static func one(_ db: any SQLDatabase, _ id: SalesDocumentID) async throws -> SalesDocument {
        guard let document = try await load(db, where: "d.id = \(id)").first else { throw StoreError.notFound(entity: "sales_document", id: id) }
        return document
    }

    /// Documents matching `condition` (ids only are rendered into it), with their lines.
    static func load(_ db: any SQLDatabase, where condition: String) async throws -> [SalesDocument] {
        let rows = try await db.raw(SQLQueryString("SELECT d.* FROM sales_documents d WHERE \(unsafeRaw: condition) ORDER BY d.id")).all()
        guard !rows.isEmpty else { return [] }
        let ids = try rows.map { try $0.int64("id") }
        var lines: [SalesDocumentID: [DocumentLine]] = [:]
        for row in try await db.raw(SQLQueryString("""
            SELECT * FROM sales_document_lines WHERE document_id IN \(unsafeRaw: inList(ids)) ORDER BY document_id, position
            """)).all() {
            lines[try row.int64("document_id"), default: []].append(DocumentLine(
                productID: try row.optionalInt64("product_id"), description: try row.string("description"), quantity: try row.int64("quantity"),
                unitPriceMinor: try row.int64("unit_price_minor"), discountBasisPoints: try row.int64("discount_bp")))
        }
        return try rows.map { row in
            let id = try row.int64("id")
            return SalesDocument(
                id: id, kind: SalesDocumentKind(rawValue: try row.string("kind")) ?? .quote, number: try row.string("number"),
                opportunityID: try row.int64("opportunity_id"), accountID: try row.int64("account_id"), sourceID: try row.optionalInt64("source_id"),
                status: SalesDocumentStatus(rawValue: try row.string("status")) ?? .draft, currency: try row.string("currency"), lines: lines[id] ?? [],
                issuedOn: try row.calendarDate("issued_on") ?? CalendarDate(year: 1970, month: 1, day: 1), validUntil: try row.calendarDate("valid_until"),
                note: try row.optionalString("note"), version: try row.int("version"), createdAt: try row.date("created_at"),
                createdBy: try row.string("created_by_name"), updatedAt: try row.date("updated_at"))
        }
    }

    static func conflict(_ db: any SQLDatabase, _ id: SalesDocumentID) async throws -> StoreError {
        try await versionConflict(db, table: "sales_documents", entity: "sales_document", id: id)
    }
}
