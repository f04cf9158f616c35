import Foundation
import KAMCore

extension KAMStore {
    /// The account list as CSV (UTF-8 with a byte-order mark, so spreadsheet programs read CJK
    /// names right), with the same filters, search and access rule as the list; read page by page.
    /// Used by the API export and `kam accounts export`.
    public func accountsCSV(_ query: AccountQuery, caller: Caller) async throws -> String {
        var query = query
        query.limit = 200
        query.cursor = nil
        let fields = try await customFields.all()
        var csv = "\u{FEFF}" + CSVWriter.row(["id", "name", "industry", "region", "size", "owner", "status", "stage", "scene", "parent_id",
                                              "updated_at"] + fields.map(\.key))
        let timestamp = ISO8601DateFormatter()
        repeat {
            let page = try await accounts.list(query, caller: caller)
            let values = try await accounts.customValues(of: page.items.map(\.id))
            for row in page.items {
                csv += CSVWriter.row([String(row.id), row.name, row.industry.rawValue, row.region.rawValue, row.size.rawValue, row.ownerName,
                                      row.status.rawValue, row.stage.rawValue, row.scene.rawValue, row.parentID.map(String.init) ?? "",
                                      timestamp.string(from: row.updatedAt)] + fields.map { values[row.id]?[$0.key] ?? "" })
            }
            query.cursor = page.nextCursor
        } while query.cursor != nil
        return csv
    }
}
