import Foundation
import KAMTestSupport
import KAMCore
import SQLKit
import Testing
@testable import KAMStore

@Suite("Bulk loader literals")
struct BulkLiteralTests {
    @Test(arguments: TestEngine.allCases)
    func awkwardTextRoundTripsThroughLiteralInserts(_ engine: TestEngine) async throws {
        let samples = ["O'Brien", "''", "back\\slash", "東京 'quoted' \"double\"", "semi; DROP TABLE accounts; --", "tab\tnew\nline", "emoji 🏦"]
        try await TestDatabase.withStore(engine) { store in
            try await store.database.execute("CREATE TABLE literal_probe (id BIGINT PRIMARY KEY, value TEXT, missing TEXT)")
            try await store.database.write { db in
                try await DemoLoader.insert(db, "literal_probe", "id, value, missing",
                                            samples.enumerated().map { [.int(Int64($0.offset)), .text($0.element), .null] })
            }
            let stored = try await store.database.read { db in
                try await db.raw("SELECT value, missing FROM literal_probe ORDER BY id").all().map {
                    (try $0.decode(column: "value", as: String.self), try $0.decode(column: "missing", as: String?.self))
                }
            }
            #expect(stored.map(\.0) == samples)
            #expect(stored.allSatisfy { $0.1 == nil })
            #expect(try await store.database.count("accounts") == 0)
        }
    }
}

@Suite("Bulk loader JSON")
struct BulkJSONTests {
    @Test func handWrittenPhonesJSONMatchesTheEncoder() throws {
        let phones = [Phone(label: "mobile \"main\"", number: "+81 90-1234-5678"), Phone(label: "代表\\\n\t\u{01}", number: "(03) 1234")]
        let ours = DemoLoader.phonesJSON(phones)
        #expect(try JSONText.decode([Phone].self, ours) == phones)
        #expect(ours == (try JSONText.encode(phones)).replacingOccurrences(of: "\\u0001", with: "\\u0001"))
        #expect(DemoLoader.phonesJSON([]) == "[]")
    }
}
