import Foundation
import Logging
import NIOCore
import PostgresKit
import KAMTestSupport
import KAMCore
import SQLKit
import Testing
@testable import KAMStore

@Suite("PostgreSQL COPY")
struct PostgresCopyTests {
    @Test func awkwardTextRoundTripsAndAFailedCopyWritesNothing() async throws {
        let samples = ["O'Brien", "''", "back\\slash", "\\N", "東京 'quoted' \"double\"", "semi; DROP TABLE accounts; --",
                       "tab\tnew\nline\rreturn", "emoji 🏦", ""]
        try await TestDatabase.withStore(.postgres) { store in
            try await store.database.execute("CREATE TABLE literal_probe (id BIGINT PRIMARY KEY, value TEXT, missing TEXT)")
            let good = BatchTable(name: "literal_probe", columns: "id, value, missing",
                                  rows: samples.enumerated().map { [.int(Int64($0.offset)), .text($0.element), .null] })
            let logger = Logger(label: "test")
            _ = try await store.database.withPostgresTransaction { connection in
                try await connection.copyFrom(table: good.name, columns: ["id", "value", "missing"], logger: logger) { writer in
                    try await writer.write(ByteBuffer(string: good.copyText))
                }
            }
            // A second COPY whose last row repeats a key fails, and its first row is not kept either.
            let clash = BatchTable(name: "literal_probe", columns: "id, value, missing",
                                   rows: [[.int(100), .text("first"), .null], [.int(0), .text("clash"), .null]])
            await #expect(throws: (any Error).self) {
                _ = try await store.database.withPostgresTransaction { connection in
                    try await connection.copyFrom(table: clash.name, columns: ["id", "value", "missing"], logger: logger) { writer in
                        try await writer.write(ByteBuffer(string: clash.copyText))
                    }
                }
            }
            let stored = try await store.database.read { db in
                try await db.raw("SELECT value, missing FROM literal_probe ORDER BY id").all().map {
                    (try $0.decode(column: "value", as: String.self), try $0.decode(column: "missing", as: String?.self))
                }
            }
            #expect(stored.map(\.0) == samples)
            #expect(stored.allSatisfy { $0.1 == nil })
        }
    }

    @Test func isNotOfferedOnSQLite() async throws {
        try await TestDatabase.withStore(.sqlite) { store in
            let used: Bool? = try await store.database.withPostgresTransaction { _ in true }
            #expect(used == nil)
        }
    }
}

@Suite("SQLite bulk connection")
struct SQLiteBulkConnectionTests {
    @Test func bindsAwkwardTextAndRollsBackAFailedBatchWhole() async throws {
        let samples = ["O'Brien", "back\\slash", "東京 'quoted' \"double\"", "semi; DROP TABLE accounts; --", "tab\tnew\nline", "emoji 🏦", ""]
        try await TestDatabase.withStore(.sqlite) { store in
            try await store.database.execute("CREATE TABLE literal_probe (id BIGINT PRIMARY KEY, value TEXT, missing TEXT)")
            let outcome: String?? = try await store.database.withSQLiteBulk { bulk -> String? in
                try await bulk.transaction { connection in
                    try connection.insert("literal_probe", "id, value, missing",
                                          samples.enumerated().map { [.int(Int64($0.offset)), .text($0.element), .null] })
                }
                do {
                    // The second batch's last row repeats a primary key: none of the batch may land.
                    try await bulk.transaction { connection in
                        try connection.insert("literal_probe", "id, value, missing", [[.int(100), .text("first"), .null], [.int(0), .text("clash"), .null]])
                    }
                    return nil
                } catch {
                    return String(describing: error)
                }
            }
            let message = try #require(outcome ?? nil, "the clashing batch must fail")
            #expect(message.contains("literal_probe") && message.contains("UNIQUE"))
            let stored = try await store.database.read { db in
                try await db.raw("SELECT value, missing FROM literal_probe ORDER BY id").all().map {
                    (try $0.decode(column: "value", as: String.self), try $0.decode(column: "missing", as: String?.self))
                }
            }
            #expect(stored.map(\.0) == samples)
            #expect(stored.allSatisfy { $0.1 == nil })
            // The normal writer works again once the bulk connection is gone.
            try await store.database.execute("INSERT INTO literal_probe (id, value) VALUES (200, 'after')")
            #expect(try await store.database.count("literal_probe") == samples.count + 1)
        }
    }

    @Test func isNotOfferedOnPostgreSQL() async throws {
        try await TestDatabase.withStore(.postgres) { store in
            let used: Bool? = try await store.database.withSQLiteBulk { _ in true }
            #expect(used == nil)
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

@Suite("Search keys")
struct SearchKeyTests {
    /// The fast path (lower-casing only) must give what full folding gives, for every name,
    /// title and account name the demo generator writes in all five regions' scripts.
    @Test func fastPathAgreesWithFoundationFolding() {
        let generator = DemoGenerator(seed: 7)
        var samples: [String] = ["ＡＢＣ１２３", "ｶﾀｶﾅ", "Ünïcödé Straße", "ΑΒΓ", "東京　本社", "삼성전자", "ペーター・ミュラー"]
        for account in generator.accounts(count: 60, ownerCount: 3) {
            samples.append(account.name)
            for person in generator.people(for: account, perAccount: 10) {
                samples += [person.name.family, person.name.given, person.name.familyReading ?? "", person.title, person.department]
            }
        }
        for text in samples {
            #expect(searchKey(text) == text.folding(options: [.caseInsensitive, .widthInsensitive], locale: nil).lowercased(), "\(text)")
        }
        #expect(searchKey("ＡＢＣ") == "abc")
    }

    @Test func bigramsSkipWhiteSpaceAndRepeats() {
        #expect(nameBigrams("ab cd abab") == ["ab", "cd", "ba"])
        #expect(nameBigrams("銀行\u{3000}本店") == ["銀行", "本店"])
        #expect(nameBigrams("a") == [])
    }
}
