/// Catalogue: filled in by the translation pass.
enum CatalogZH {
    static let entries: [String: String] = [:]
}
