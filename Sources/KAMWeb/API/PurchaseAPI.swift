import Foundation
import Hummingbird
import KAMCore
import KAMStore

/// The catalogue, exchange rates and purchase history through the API.
extension APIHandlers {
    /// A transactions file can be far larger than a JSON body.
    static let maxImportSize = 64 * 1024 * 1024

    func getCompanySettings(_ request: Request, _ context: AppContext) async throws -> Response {
        _ = try context.requireCaller()
        let settings = try await store.catalogue.settings()
        return try APISupport.json(settings, version: settings.version)
    }

    func updateCompanySettings(_ request: Request, _ context: AppContext) async throws -> Response {
        let caller = try context.requireCaller()
        let version = try APISupport.ifMatch(request) ?? 0
        var r = InputReader(try await APISupport.readJSON(request, context), fromForm: false)
        r.rejectUnknown(except: ["reportingCurrency"])
        let currency = r.string("reportingCurrency").value?.uppercased()
        if currency == nil { r.issues.append(FieldIssue(field: "reportingCurrency", code: "required")) }
        if !r.issues.isEmpty { throw AppError.invalid(r.issues) }
        let settings = try await store.catalogue.setReportingCurrency(currency ?? "", expectedVersion: version, caller: caller)
        return try APISupport.json(settings, version: settings.version)
    }

    func listExchangeRates(_ request: Request, _ context: AppContext) async throws -> Response {
        _ = try context.requireCaller()
        let currency = APISupport.query(request, "currency")
        if let currency, Money.minorUnitDigits[currency] == nil {
            throw AppError.invalid([FieldIssue(field: "currency", code: "invalid_currency",
                                               detail: Money.minorUnitDigits.keys.sorted().joined(separator: ", "))])
        }
        let rates = try await store.catalogue.exchangeRates(currency: currency)
        return try APISupport.json(ListResponse(items: rates, nextCursor: nil, total: rates.count, totalIsLowerBound: false))
    }

    func saveExchangeRate(_ request: Request, _ context: AppContext) async throws -> Response {
        let caller = try context.requireCaller()
        let input = Inputs.exchangeRate(try await APISupport.readJSON(request, context))
        return try APISupport.json(try await store.catalogue.saveExchangeRate(input.value, caller: caller, inputIssues: input.issues))
    }

    func listProductLines(_ request: Request, _ context: AppContext) async throws -> Response {
        _ = try context.requireCaller()
        let lines = try await store.catalogue.productLines()
        return try APISupport.json(ListResponse(items: lines, nextCursor: nil, total: lines.count, totalIsLowerBound: false))
    }

    func createProductLine(_ request: Request, _ context: AppContext) async throws -> Response {
        let caller = try context.requireCaller()
        let input = Inputs.productLine(try await APISupport.readJSON(request, context))
        let line = try await store.catalogue.createProductLine(input.value, caller: caller, inputIssues: input.issues)
        return try APISupport.json(line, status: .created, version: line.version)
    }

    func listProducts(_ request: Request, _ context: AppContext) async throws -> Response {
        _ = try context.requireCaller()
        var line: ProductLineID?
        if let raw = APISupport.query(request, "line") {
            guard let id = Int64(raw) else { throw AppError.invalid([FieldIssue(field: "line", code: "expected_integer")]) }
            line = id
        }
        let products = try await store.catalogue.products(line: line)
        return try APISupport.json(ListResponse(items: products, nextCursor: nil, total: products.count, totalIsLowerBound: false))
    }

    func createProduct(_ request: Request, _ context: AppContext) async throws -> Response {
        let caller = try context.requireCaller()
        let input = Inputs.product(try await APISupport.readJSON(request, context), base: ProductDraft(), creating: true)
        let product = try await store.catalogue.createProduct(input.value, caller: caller, inputIssues: input.issues)
        return try APISupport.json(product, status: .created, version: product.version, location: "/api/v1/products/\(product.id)")
    }

    func getProduct(_ request: Request, _ context: AppContext) async throws -> Response {
        _ = try context.requireCaller()
        let product = try await store.catalogue.product(try APISupport.id(context))
        return try APISupport.json(product, version: product.version)
    }

    func updateProduct(_ request: Request, _ context: AppContext) async throws -> Response {
        let caller = try context.requireCaller()
        let id = try APISupport.id(context)
        let version = try APISupport.ifMatch(request) ?? 0
        let current = try await store.catalogue.product(id)
        let input = Inputs.product(try await APISupport.readJSON(request, context), base: current.draft, creating: false)
        let product = try await store.catalogue.updateProduct(id, input.value, expectedVersion: version, caller: caller, inputIssues: input.issues)
        return try APISupport.json(product, version: product.version)
    }

    func purchaseHistory(_ request: Request, _ context: AppContext) async throws -> Response {
        let caller = try context.requireCaller()
        var issues: [FieldIssue] = []
        let branches = APISupport.flagParameter(request, "branches", &issues)
        if !issues.isEmpty { throw AppError.invalid(issues) }
        return try APISupport.json(try await store.purchases.history(of: try APISupport.id(context), includingBranches: branches, caller: caller))
    }

    func createTransaction(_ request: Request, _ context: AppContext) async throws -> Response {
        let caller = try context.requireCaller()
        let input = Inputs.transaction(try await APISupport.readJSON(request, context))
        let made = try await store.purchases.create(input.value, caller: caller, inputIssues: input.issues)
        return try APISupport.json(made, status: .created, version: made.version, location: "/api/v1/transactions/\(made.id)")
    }

    func getTransaction(_ request: Request, _ context: AppContext) async throws -> Response {
        let found = try await store.purchases.get(try APISupport.id(context), caller: try context.requireCaller())
        return try APISupport.json(found, version: found.version)
    }

    /// The body is the CSV file itself (`text/csv`), as `kam import transactions` reads it.
    func importTransactions(_ request: Request, _ context: AppContext) async throws -> Response {
        let caller = try context.requireCaller()
        let mediaType = request.headers[.contentType]?.split(separator: ";").first?.trimmingCharacters(in: .whitespaces).lowercased() ?? ""
        guard mediaType == "text/csv" else { throw AppError.unsupportedMediaType }
        var request = request
        let buffer = try await request.collectBody(upTo: Self.maxImportSize)
        let name = APISupport.query(request, "name") ?? "upload.csv"
        let outcome = try await store.purchases.importTransactions(Array(buffer: buffer), fileName: String(name.prefix(200)), caller: caller)
        return try APISupport.json(outcome)
    }

    func fitPurchaseModels(_ request: Request, _ context: AppContext) async throws -> Response {
        let fit = try await store.purchases.fitModels(caller: try context.requireCaller())
        return try APISupport.json(fit)
    }

    func latestPurchaseModel(_ request: Request, _ context: AppContext) async throws -> Response {
        _ = try context.requireCaller()
        return try APISupport.json(try await store.purchases.latestFit())
    }

    func purchaseOutlook(_ request: Request, _ context: AppContext) async throws -> Response {
        try APISupport.json(try await store.purchases.outlook(of: try APISupport.id(context), caller: try context.requireCaller()))
    }
}
