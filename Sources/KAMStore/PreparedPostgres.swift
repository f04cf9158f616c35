import Foundation
import Logging
import NIOCore
import PostgresKit
import PostgresNIO
import SQLKit
import Synchronization

/// Reads on PostgreSQL through named prepared statements, kept per connection.
///
/// A page runs a dozen or two small queries; sent unnamed, PostgreSQL parses and plans each one
/// anew, which costs several times what executing them does (3–4 ms of a 5 ms page). Prepared
/// once per connection, later runs skip the parse and, once PostgreSQL settles on a generic plan,
/// the planning too.
///
/// Only reads use it: outside a transaction a failed statement cannot leave the connection in an
/// aborted transaction, where preparing would fail and PostgresNIO would remember the failure for
/// the statement's name. Texts with values written into them (they vary without end) run unnamed,
/// and values of types not handled here go through SQLKit's own path.
struct PreparedReadDatabase: SQLDatabase {
    let connection: PostgresConnection
    let unnamed: any SQLDatabase
    let statements: PreparedStatementNames
    /// false: every statement unnamed, planned for its values.
    let prepares: Bool

    var logger: Logger { connection.logger }
    var eventLoop: any EventLoop { connection.eventLoop }
    var dialect: any SQLDialect { PostgresDialect() }
    var queryLogLevel: Logger.Level? { nil }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void) -> EventLoopFuture<Void> {
        let promise = eventLoop.makePromise(of: Void.self)
        promise.completeWithTask { try await self.execute(sql: query, onRow) }
        return promise.futureResult
    }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void) async throws {
        let (sql, binds) = serialize(query)
        guard let (bindings, types) = Self.bindings(binds) else { return try await unnamed.execute(sql: query, onRow) }
        // A text with values written into it (digits) varies without end: it runs unnamed.
        let fixedText = !binds.isEmpty || !sql.utf8.contains { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
        guard prepares, fixedText, let name = statements.name(sql: sql, types: types) else {
            let rows = try await connection.query(PostgresQuery(unsafeSQL: sql, binds: bindings), logger: logger)
            for try await row in rows { onRow(PostgresCellsRow(row)) }
            return
        }
        do {
            let rows = try await DynamicStatement.$current.withValue(.init(name: name, sql: sql, types: types)) {
                try await connection.execute(DynamicStatement(bindings: bindings), logger: logger)
            }
            for try await row in rows { onRow(PostgresCellsRow(row)) }
        } catch let error as PSQLError {
            // A statement that failed to prepare stays failed on its connection (a changed
            // schema, a bug): drop the connection rather than keep answering with that error.
            if let state = error.serverInfo?[.sqlState], Self.poisonsStatement(state) { try? await connection.close() }
            throw error
        }
    }

    /// Errors PostgreSQL gives while preparing or when the prepared form no longer fits.
    static func poisonsStatement(_ sqlState: String) -> Bool {
        sqlState.hasPrefix("42") || sqlState.hasPrefix("26") || sqlState == "0A000" || sqlState == "25P02"
    }

    /// The bound values as PostgreSQL bindings, with their types (nil for a value of a type not
    /// handled here). An absent value is sent untyped and gives the statement a name of its own.
    static func bindings(_ binds: [any Encodable & Sendable]) -> (PostgresBindings, [PostgresDataType])? {
        var bindings = PostgresBindings(capacity: binds.count)
        var types: [PostgresDataType] = []
        types.reserveCapacity(binds.count)
        func add<Value: PostgresEncodable>(_ value: Value) throws {
            try bindings.append(value)
            types.append(Value.psqlType)
        }
        do {
            for bind in binds {
                if let optional = bind as? any OptionalBind, optional.isAbsent {
                    bindings.appendNull()
                    types.append(.null)
                    continue
                }
                switch bind {
                case let value as String: try add(value)
                case let value as Int64: try add(value)
                case let value as [Int64]: try add(value)
                case let value as Int: try add(value)
                case let value as Int32: try add(value)
                case let value as Double: try add(value)
                case let value as Bool: try add(value)
                default: return nil
                }
            }
        } catch {
            return nil
        }
        return (bindings, types)
    }
}

/// Optional values among the binds: absent ones are sent as NULL.
private protocol OptionalBind {
    var isAbsent: Bool { get }
}

extension Optional: OptionalBind {
    var isAbsent: Bool { self == nil }
}

/// One name per statement text and types of its values, the same on every connection (each
/// prepares it the first time it runs it). A text is named once it has run a few times: texts
/// with ids written into them (one per account) mostly run once or twice and stay unnamed, while
/// the texts of the code's own reads, and the pages people keep opening, are named. Bounded, so
/// no flood of texts can grow every connection's statements without end: past the bound, new
/// texts run unnamed.
final class PreparedStatementNames: Sendable {
    private struct State {
        var names: [String: String] = [:]
        var sightings: [String: Int] = [:]
    }

    private let state = Mutex(State())
    let limit: Int
    let admitAfter: Int

    init(limit: Int = 1_000, admitAfter: Int = 3) {
        self.limit = limit
        self.admitAfter = admitAfter
    }

    func name(sql: String, types: [PostgresDataType]) -> String? {
        // A text with a day written in (a scope's "current today") is new tomorrow: naming it
        // would use up the bound day after day, leaving the code's own reads unnamed.
        guard !Self.writesADay(sql) else { return nil }
        let key = types.map { String($0.rawValue) }.joined(separator: ",") + "|" + sql
        return state.withLock { state in
            if let name = state.names[key] { return name }
            guard state.names.count < limit else { return nil }
            let seen = (state.sightings[key] ?? 0) + 1
            guard seen >= admitAfter else {
                if state.sightings.count >= 10_000 { state.sightings.removeAll(keepingCapacity: true) }
                state.sightings[key] = seen
                return nil
            }
            state.sightings[key] = nil
            let name = "kam_\(state.names.count + 1)"
            state.names[key] = name
            return name
        }
    }
}

extension PreparedStatementNames {
    /// Whether `sql` holds a quoted day, `'YYYY-MM-DD'`.
    static func writesADay(_ sql: String) -> Bool {
        let bytes = Array(sql.utf8)
        guard bytes.count >= 12 else { return false }
        let quote = UInt8(ascii: "'"), dash = UInt8(ascii: "-")
        func digit(_ i: Int) -> Bool { bytes[i] >= UInt8(ascii: "0") && bytes[i] <= UInt8(ascii: "9") }
        for start in 0...(bytes.count - 12) where bytes[start] == quote && bytes[start + 11] == quote {
            if bytes[start + 5] == dash && bytes[start + 8] == dash
                && [1, 2, 3, 4, 6, 7, 9, 10].allSatisfy({ digit(start + $0) }) { return true }
        }
        return false
    }
}

/// A prepared statement whose text is chosen per call: PostgresNIO reads a statement's name,
/// text and types from the type, at the moment `execute` is called, in the calling task.
private struct DynamicStatement: PostgresPreparedStatement {
    struct Text: Sendable {
        var name: String
        var sql: String
        var types: [PostgresDataType]
    }

    @TaskLocal static var current = Text(name: "", sql: "", types: [])

    static var name: String { current.name }
    static var sql: String { current.sql }
    static var bindingDataTypes: [PostgresDataType] { current.types }

    let bindings: PostgresBindings

    func makeBindings() throws -> PostgresBindings { bindings }
    func decodeRow(_ row: PostgresRow) throws -> PostgresRow { row }
}

/// A PostgreSQL row read the short way for the handful of types the store reads (text, whole
/// numbers, reals, and those absent): SQLKit's general path builds a coding path and asks the
/// runtime about protocol conformances for every cell, which was a tenth of a page's CPU.
/// Anything else goes the general way.
struct PostgresCellsRow: SQLRow {
    let row: PostgresRow
    let cells: PostgresRandomAccessRow

    init(_ row: PostgresRow) {
        self.row = row
        self.cells = row.makeRandomAccess()
    }

    struct MissingColumn: Error, CustomStringConvertible {
        let column: String
        var description: String { "no column \(column) in the row" }
    }

    var allColumns: [String] { cells.map(\.columnName) }

    func contains(column: String) -> Bool { cells.contains(column) }

    func decodeNil(column: String) throws -> Bool { !cells.contains(column) || cells[column].bytes == nil }

    func decode<T: Decodable>(column: String, as type: T.Type) throws -> T {
        guard cells.contains(column) else { throw MissingColumn(column: column) }
        let cell = cells[column]
        // SQLKit's path also reads numeric as a real and a user-defined type as text: leave those to it.
        if cell.dataType == .numeric || cell.dataType.isUserDefined { return try row.sql().decode(column: column, as: type) }
        func value<V: PostgresDecodable>(_: V.Type) throws -> T { try cell.decode(V.self) as! T }
        func optional<V: PostgresDecodable>(_: V.Type) throws -> T { (cell.bytes == nil ? nil : try cell.decode(V.self)) as V? as! T }
        switch type {
        case is String.Type: return try value(String.self)
        case is Int64.Type: return try value(Int64.self)
        case is Int.Type: return try value(Int.self)
        case is Double.Type: return try value(Double.self)
        case is String?.Type: return try optional(String.self)
        case is Int64?.Type: return try optional(Int64.self)
        case is Int?.Type: return try optional(Int.self)
        case is Double?.Type: return try optional(Double.self)
        default: return try row.sql().decode(column: column, as: type)
        }
    }
}
