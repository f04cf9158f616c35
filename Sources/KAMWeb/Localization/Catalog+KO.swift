/// Catalogue: filled in by the translation pass.
enum CatalogKO {
    static let entries: [String: String] = [:]
}
