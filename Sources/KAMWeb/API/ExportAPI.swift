import Foundation
import Hummingbird
import KAMCore
import KAMStore
import NIOCore

extension APIHandlers {
    /// The account list as CSV, with the same filters, search and access rule as the list itself.
    func exportAccounts(_ request: Request, _ context: AppContext) async throws -> Response {
        let caller = try context.requireCaller()
        let csv = try await store.accountsCSV(try Self.accountQuery(request), caller: caller)
        return Response(status: .ok, headers: [.contentType: "text/csv; charset=utf-8", .cacheControl: "no-store",
                                               .contentDisposition: "attachment; filename=\"accounts.csv\""],
                        body: .init(byteBuffer: ByteBuffer(string: csv)))
    }
}
