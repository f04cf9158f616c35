import Foundation
import Hummingbird
import KAMCore
import KAMStore
import NIOCore

extension APIHandlers {
    /// The account list as CSV, with the same filters, search and access rule as the list itself,
    /// read page by page so an export of the whole portfolio never holds it all in memory twice.
    func exportAccounts(_ request: Request, _ context: AppContext) async throws -> Response {
        let caller = try context.requireCaller()
        var query = try Self.accountQuery(request)
        query.limit = 200
        query.cursor = nil
        let fields = try await store.customFields.all()
        var csv = "\u{FEFF}" + CSVWriter.row(["id", "name", "industry", "region", "size", "owner", "status", "stage", "scene", "parent_id",
                                              "updated_at"] + fields.map(\.key))
        repeat {
            let page = try await store.accounts.list(query, caller: caller)
            let values = try await store.accounts.customValues(of: page.items.map(\.id))
            for row in page.items {
                csv += CSVWriter.row([String(row.id), row.name, row.industry.rawValue, row.region.rawValue, row.size.rawValue, row.ownerName,
                                      row.status.rawValue, row.stage.rawValue, row.scene.rawValue, row.parentID.map(String.init) ?? "",
                                      ISO8601DateFormatter().string(from: row.updatedAt)] + fields.map { values[row.id]?[$0.key] ?? "" })
            }
            query.cursor = page.nextCursor
        } while query.cursor != nil
        return Response(status: .ok, headers: [.contentType: "text/csv; charset=utf-8", .cacheControl: "no-store",
                                               .contentDisposition: "attachment; filename=\"accounts.csv\""],
                        body: .init(byteBuffer: ByteBuffer(string: csv)))
    }
}
