import Foundation
import Hummingbird
import KAMCore
import KAMStore

extension Inputs {
    /// A quote: currency, lines (a price as `unitPriceMinor` or as a decimal `unitPrice`, a discount
    /// in percent), validity and note. `base` is the quote being edited.
    static func quote(_ value: JSONValue, fromForm: Bool, base: QuoteDraft?) -> Parsed<QuoteDraft> {
        var r = InputReader(value, fromForm: fromForm)
        r.rejectUnknown(except: ["currency", "lines", "validUntil", "note"])
        var draft = base ?? QuoteDraft(currency: "", lines: [])
        draft.currency = r.string("currency").or(draft.currency).uppercased()
        if base == nil, draft.currency.isEmpty { r.issues.append(FieldIssue(field: "currency", code: "required")) }
        draft.validUntil = r.date("validUntil").orOptional(draft.validUntil)
        draft.note = r.string("note").orOptional(draft.note)
        let digits = Money.minorUnitDigits[draft.currency] ?? 2
        let rows = r.objects("lines")
        // Prices are minor units of the currency: a new currency needs its lines priced anew.
        if let base, draft.currency != base.currency, rows == nil { r.issues.append(FieldIssue(field: "lines", code: "required")) }
        if let rows {
            draft.lines = rows.map { row in
                var item = row
                item.rejectUnknown(except: ["productID", "description", "quantity", "unitPriceMinor", "unitPrice", "discountPercent"])
                var line = DocumentLine(productID: item.int("productID").value, description: item.string("description").or(""),
                                        quantity: item.int("quantity").value ?? 0, unitPriceMinor: item.int("unitPriceMinor").value ?? 0)
                if case .absent = item.int("quantity"), !item.issues.contains(where: { $0.field == item.path("quantity") }) {
                    item.issues.append(FieldIssue(field: item.path("quantity"), code: "required"))
                }
                if let decimal = item.string("unitPrice").value {
                    // A negative price parses, so the store names it as negative.
                    if let minor = Money.minorUnits(decimal: decimal.replacingOccurrences(of: ",", with: ""), digits: digits) {
                        line.unitPriceMinor = minor
                    } else {
                        item.issues.append(FieldIssue(field: item.path("unitPrice"), code: "invalid_amount"))
                    }
                }
                if let percent = item.number("discountPercent") {
                    if abs(percent) > 100 { item.issues.append(FieldIssue(field: item.path("discountPercent"), code: "out_of_range", detail: "0–100")) }
                    else { line.discountBasisPoints = Int64((percent * 100).rounded()) }
                }
                r.issues += item.issues
                return line
            }
        }
        return Parsed(value: draft, issues: r.issues)
    }
}

extension APIHandlers {
    func listSalesDocuments(_ request: Request, _ context: AppContext) async throws -> Response {
        let items = try await store.salesDocuments.documents(of: try APISupport.id(context), caller: try context.requireCaller())
        return try APISupport.json(ListResponse(items: items, nextCursor: nil, total: nil, totalIsLowerBound: nil))
    }

    func createQuote(_ request: Request, _ context: AppContext) async throws -> Response {
        let caller = try context.requireCaller()
        let input = Inputs.quote(try await APISupport.readJSON(request, context), fromForm: false, base: nil)
        let made = try await store.salesDocuments.quote(try APISupport.id(context), input.value, caller: caller, inputIssues: input.issues)
        return try APISupport.json(made, status: .created, version: made.version, location: "/api/v1/sales-documents/\(made.id)")
    }

    func getSalesDocument(_ request: Request, _ context: AppContext) async throws -> Response {
        let found = try await store.salesDocuments.get(try APISupport.id(context), caller: try context.requireCaller())
        return try APISupport.json(found.document, version: found.document.version)
    }

    /// PATCH: `status`, and while a quote is a draft, `lines`, `currency`, `validUntil`, `note`.
    func updateSalesDocument(_ request: Request, _ context: AppContext) async throws -> Response {
        let caller = try context.requireCaller()
        let id = try APISupport.id(context)
        let version = try APISupport.ifMatch(request) ?? 0
        let body = try await APISupport.readJSON(request, context)
        let current = try await store.salesDocuments.get(id, caller: caller).document
        var r = InputReader(body, fromForm: false)
        let status = r.vocabulary("status", SalesDocumentStatus.self).value
        var change = SalesDocumentChange(status: status)
        var issues = r.issues
        if case .object(let object) = body, object.keys.contains(where: { $0 != "status" }) {
            var rest = object
            rest["status"] = nil
            let base = QuoteDraft(currency: current.currency, lines: current.lines, validUntil: current.validUntil, note: current.note)
            let input = Inputs.quote(.object(rest), fromForm: false, base: base)
            change.quote = input.value
            issues += input.issues
        }
        let updated = try await store.salesDocuments.update(id, change, expectedVersion: version, caller: caller, inputIssues: issues)
        return try APISupport.json(updated, version: updated.version)
    }

    func makeOrder(_ request: Request, _ context: AppContext) async throws -> Response {
        let made = try await store.salesDocuments.order(fromQuote: try APISupport.id(context), expectedVersion: try APISupport.ifMatch(request) ?? 0,
                                                         caller: try context.requireCaller())
        return try APISupport.json(made, status: .created, version: made.version, location: "/api/v1/sales-documents/\(made.id)")
    }

    func makeContract(_ request: Request, _ context: AppContext) async throws -> Response {
        let made = try await store.salesDocuments.contract(fromOrder: try APISupport.id(context), expectedVersion: try APISupport.ifMatch(request) ?? 0,
                                                            caller: try context.requireCaller())
        return try APISupport.json(made, status: .created, version: made.version, location: "/api/v1/sales-documents/\(made.id)")
    }
}
