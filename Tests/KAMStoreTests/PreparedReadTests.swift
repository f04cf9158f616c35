import Foundation
import KAMCore
import KAMTestSupport
import SQLKit
import Testing
@testable import KAMStore

@Suite("Reads on PostgreSQL through prepared statements")
struct PreparedReadTests {
    /// The same text with other values, absent values and other types answers each time as an
    /// unnamed statement would; the statement is prepared on the connection that ran it.
    @Test func aPreparedReadAnswersForEveryValueAndStaysPrepared() async throws {
        try await TestDatabase.withStore(.postgres) { store in
            let c = try await TestCompany.make(store)
            let (names, prepared) = try await Self.reflecting { try await store.database.read { db in
                var names: [String?] = []
                for id in [c.sales.id, c.director.id, c.admin.id, 999_999] {
                    names.append(try await db.raw("SELECT display_name FROM users WHERE id = \(bind: id)").first()?.string("display_name"))
                }
                // One statement text, a present and an absent value: each gets the right rows.
                let manager: Int64? = nil
                let text = { (value: Int64?) in SQLQueryString("SELECT count(*) AS n FROM users WHERE manager_id IS NOT DISTINCT FROM \(bind: value)") }
                let withManager = try await db.raw(text(c.director.id)).first()?.int("n")
                let without = try await db.raw(text(manager)).first()?.int("n")
                names.append(try await db.raw("SELECT display_name FROM users WHERE username = \(bind: "expert")").first()?.string("display_name"))
                let prepared = try await db.raw("SELECT name FROM pg_prepared_statements WHERE name LIKE 'kam\\_%'").all().count
                return (names + [withManager.map(String.init), without.map(String.init)], prepared)
            } }
            #expect(names == ["Sales", "Director", "Admin", nil, "Expert", "1", "5"])
            // The read by id ran four times: named on its third run, and prepared on this connection.
            #expect(prepared >= 1)
        }
    }

    /// A statement that cannot be prepared (here, its table does not exist yet) fails, and once
    /// the table exists it works: the connection that remembered the failure was let go.
    @Test func aStatementThatFailedToPrepareWorksOnceItCan() async throws {
        try await TestDatabase.withStore(.postgres) { store in
            let read = { @Sendable () async throws -> Int? in
                try await store.database.read { db in try await db.raw("SELECT count(*) AS n FROM later_table WHERE id > \(bind: 0)").first()?.int("n") }
            }
            for _ in 0..<4 { await #expect(throws: (any Error).self) { _ = try await read() } }
            try await store.database.execute("CREATE TABLE later_table (id BIGINT PRIMARY KEY)")
            try await store.database.execute("INSERT INTO later_table (id) VALUES (1), (2)")
            for _ in 0..<4 { #expect(try await read() == 2) }
        }
    }

    struct Reflected: Error, CustomStringConvertible { let description: String }

    /// PostgreSQL's errors say what went wrong only when reflected.
    static func reflecting<R>(_ body: () async throws -> R) async throws -> R {
        do { return try await body() } catch { throw Reflected(description: String(reflecting: error)) }
    }

    @Test func theNamesAreBoundedAndKeyedByTextAndTypes() {
        let names = PreparedStatementNames(limit: 2, admitAfter: 1)
        let first = names.name(sql: "SELECT $1", types: [.int8])
        #expect(first != nil && names.name(sql: "SELECT $1", types: [.int8]) == first)
        #expect(names.name(sql: "SELECT $1", types: [.text]) != first)
        #expect(names.name(sql: "SELECT $1 + 1", types: [.int8]) == nil)
    }

    /// A text is named on its third run: one written for a single account seldom gets there.
    @Test func aTextIsNamedOnceItKeepsComingBack() {
        let names = PreparedStatementNames(limit: 10, admitAfter: 3)
        #expect(names.name(sql: "SELECT $1 FROM accounts WHERE id IN (7)", types: [.int8]) == nil)
        #expect(names.name(sql: "SELECT $1 FROM accounts WHERE id IN (7)", types: [.int8]) == nil)
        let named = names.name(sql: "SELECT $1 FROM accounts WHERE id IN (7)", types: [.int8])
        #expect(named != nil && names.name(sql: "SELECT $1 FROM accounts WHERE id IN (7)", types: [.int8]) == named)
        #expect(names.name(sql: "SELECT $1 FROM accounts WHERE id IN (8)", types: [.int8]) == nil)
    }

    /// A text with today's date written in is never named, however often it runs: tomorrow's
    /// text differs, and names are bounded.
    @Test func aTextWithADayWrittenInStaysUnnamed() {
        let names = PreparedStatementNames(limit: 10, admitAfter: 1)
        let dated = "SELECT $1 FROM account_team_members tm WHERE tm.from_date <= '2026-12-03'"
        #expect((1...5).allSatisfy { _ in names.name(sql: dated, types: [.int8]) == nil })
        #expect(names.name(sql: "SELECT $1 FROM account_team_members tm WHERE tm.from_date <= $2", types: [.int8, .text]) != nil)
        #expect(!PreparedStatementNames.writesADay("SELECT '2026-12' || '-03'") && PreparedStatementNames.writesADay("x = '1999-01-31'"))
    }
}
