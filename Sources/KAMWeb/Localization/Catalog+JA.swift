/// Catalogue: filled in by the translation pass.
enum CatalogJA {
    static let entries: [String: String] = [:]
}
