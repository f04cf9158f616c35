import Foundation
import KAMCore

extension DemoLoader {
    /// Writes the rows a load of `count` accounts would write, one CSV file per table (header =
    /// the table's columns), without a database: the load benchmark imports these with sqlite3's
    /// `.import` into bare tables as its reference, so both sides handle the same data. The
    /// account-name search pieces are left out: they are an index, which the bare tables do not
    /// have either. Owners are numbered 1…n, as no users exist here. Returns rows per table.
    public static func writeCSV(_ generator: DemoGenerator, accounts count: Int, perAccount: Int,
                                to directory: String) async throws -> [String: Int] {
        let owners = generator.accountOwners().indices.map { UserID($0 + 1) }
        let plan = LoadPlan(generator: generator, accounts: generator.accounts(count: count, ownerCount: owners.count), owners: owners,
                            perAccount: perAccount, today: Clock.today(), at: 0, batchSize: 1000, copyFormat: false, progress: { _ in })
        let files = CSVFiles(directory: directory)
        _ = try await plan.run(baseAccount: 1, firstPerson: 1) { built in
            for table in built.tables where table.name != "account_name_grams" {
                try await files.append(table)
            }
        }
        return try await files.close()
    }
}

/// One open CSV file per table, written in order by the load plan's single writer.
private actor CSVFiles {
    let directory: String
    var handles: [String: FileHandle] = [:]
    var counts: [String: Int] = [:]

    init(directory: String) {
        self.directory = directory
    }

    func append(_ table: BatchTable) throws {
        let handle = try self.handle(for: table)
        var text = ""
        text.reserveCapacity(table.rows.count * 128)
        for row in table.rows {
            for (index, value) in row.enumerated() {
                if index > 0 { text += "," }
                switch value {
                case .null: break
                case .int(let number): text += String(number)
                case .text(let value):
                    if value.utf8.contains(where: { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\n") || $0 == UInt8(ascii: "\r") }) {
                        text += "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
                    } else {
                        text += value
                    }
                }
            }
            text += "\n"
        }
        try handle.write(contentsOf: Data(text.utf8))
        counts[table.name, default: 0] += table.rows.count
    }

    private func handle(for table: BatchTable) throws -> FileHandle {
        if let handle = handles[table.name] { return handle }
        let path = directory + "/" + table.name + ".csv"
        guard FileManager.default.createFile(atPath: path, contents: Data((table.columns.replacingOccurrences(of: " ", with: "") + "\n").utf8)),
              let handle = FileHandle(forWritingAtPath: path) else {
            throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: path])
        }
        try handle.seekToEnd()
        handles[table.name] = handle
        return handle
    }

    func close() throws -> [String: Int] {
        for handle in handles.values { try handle.close() }
        handles = [:]
        return counts
    }
}
