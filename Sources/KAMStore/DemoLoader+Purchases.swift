import Foundation
import KAMCore

extension DemoLoader {
    /// The demo's catalogue, yen as the reporting currency, monthly exchange rates and every
    /// account's purchase history, written through the repositories (checked and audited), and the
    /// purchase models fitted on it.
    public func loadPurchaseHistory(_ generator: DemoGenerator) async throws {
        let store = KAMStore(database: database, now: now)
        let today = store.today()
        let settings = try await store.catalogue.settings()
        _ = try await store.catalogue.setReportingCurrency(DemoGenerator.reportingCurrency, expectedVersion: settings.version, caller: .system)
        for rate in generator.exchangeRates(through: today) { _ = try await store.catalogue.saveExchangeRate(rate, caller: .system) }
        var products: [String: ProductID] = [:]
        for line in DemoGenerator.catalogue {
            let made = try await store.catalogue.createProductLine(ProductLineDraft(code: line.code, name: line.name), caller: .system)
            for product in line.products {
                let listPrices = [Money(minorUnits: product.yen, currency: "JPY")]
                products[product.code] = try await store.catalogue.createProduct(
                    ProductDraft(lineID: made.id, code: product.code, name: product.name, listPrices: listPrices), caller: .system).id
            }
        }
        let accounts = try await database.read { db in
            try await db.raw("SELECT id, size, region FROM accounts WHERE deleted_at IS NULL ORDER BY id").all().map {
                (try $0.int64("id"), AccountSize(rawValue: try $0.string("size")) ?? .medium, Region(rawValue: try $0.string("region")) ?? .other)
            }
        }
        for (index, (account, size, region)) in accounts.enumerated() {
            for purchase in generator.purchases(accountIndex: index, size: size, region: region, through: today) {
                guard let product = products[purchase.productCode] else { continue }
                _ = try await store.purchases.create(
                    PurchaseTransactionDraft(accountID: account, date: purchase.date, productID: product, orderReference: purchase.orderReference,
                                             amount: purchase.amount, margin: purchase.margin), caller: .system)
            }
        }
        _ = try await store.purchases.fitModels(caller: .system)
    }
}
