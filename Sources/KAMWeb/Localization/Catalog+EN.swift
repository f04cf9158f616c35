/// Catalogue: filled in by the translation pass.
enum CatalogEN {
    static let entries: [String: String] = [:]
}
