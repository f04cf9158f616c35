import Foundation

/// RFC 4180 CSV read from bytes: quoted fields (with doubled quotes and line breaks inside), CRLF
/// or LF line ends, a UTF-8 byte-order mark, a last line with or without its line end. Records
/// are numbered as a spreadsheet numbers rows (the header is row 1), so an error can name the
/// row a user sees.
public struct CSVReader: Sendable {
    private let bytes: [UInt8]
    private var position: Int
    /// The spreadsheet row number of the record `next()` returned last.
    public private(set) var row = 0
    private var nextRow = 1

    public init(bytes: [UInt8]) {
        self.bytes = bytes
        position = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
    }

    /// The next record's fields, or nil at the end. Blank lines are skipped; an unterminated
    /// quote is an error naming the row it started on.
    public mutating func next() throws(CSVFailure) -> [String]? {
        while position < bytes.count {
            row = nextRow
            if bytes[position] == UInt8(ascii: "\n") || bytes[position] == UInt8(ascii: "\r") {
                skipLineEnd()
                continue
            }
            return try readRecord()
        }
        return nil
    }

    private mutating func skipLineEnd() {
        if bytes[position] == UInt8(ascii: "\r") { position += 1 }
        if position < bytes.count, bytes[position] == UInt8(ascii: "\n") { position += 1 }
        nextRow += 1
    }

    private mutating func readRecord() throws(CSVFailure) -> [String] {
        var fields: [String] = []
        fields.reserveCapacity(8)
        while true {
            if position < bytes.count, bytes[position] == UInt8(ascii: "\"") {
                fields.append(try readQuoted())
            } else {
                let start = position
                while position < bytes.count {
                    let byte = bytes[position]
                    if byte == UInt8(ascii: ",") || byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") { break }
                    position += 1
                }
                fields.append(bytes.withUnsafeBufferPointer { String(decoding: $0[start..<position], as: UTF8.self) })
            }
            if position >= bytes.count { nextRow += 1; return fields }
            if bytes[position] == UInt8(ascii: ",") {
                position += 1
                continue
            }
            skipLineEnd()
            return fields
        }
    }

    private mutating func readQuoted() throws(CSVFailure) -> String {
        let startRow = nextRow
        position += 1
        var value: [UInt8] = []
        while position < bytes.count {
            let byte = bytes[position]
            if byte == UInt8(ascii: "\"") {
                if position + 1 < bytes.count, bytes[position + 1] == UInt8(ascii: "\"") {
                    value.append(byte)
                    position += 2
                    continue
                }
                position += 1
                guard position >= bytes.count || [UInt8(ascii: ","), UInt8(ascii: "\n"), UInt8(ascii: "\r")].contains(bytes[position]) else {
                    throw CSVFailure([CSVIssue(row: startRow, column: nil, code: "text_after_closing_quote")])
                }
                return String(decoding: value, as: UTF8.self)
            }
            if byte == UInt8(ascii: "\n") { nextRow += 1 }
            value.append(byte)
            position += 1
        }
        throw CSVFailure([CSVIssue(row: startRow, column: nil, code: "unterminated_quote")])
    }
}

/// One refused cell (or row, when `column` is nil) of a CSV file: the row as a spreadsheet
/// numbers it and the column by its header name.
public struct CSVIssue: Sendable, Hashable, Codable, CustomStringConvertible {
    public var row: Int
    public var column: String?
    public var code: String
    public var detail: String?

    public init(row: Int, column: String?, code: String, detail: String? = nil) {
        self.row = row
        self.column = column
        self.code = code
        self.detail = detail
    }

    public var description: String {
        "row \(row)" + (column.map { ", column \($0)" } ?? "") + ": \(code)" + (detail.map { " (\($0))" } ?? "")
    }
}

public struct CSVFailure: Error, Sendable, Equatable {
    public var issues: [CSVIssue]
    public init(_ issues: [CSVIssue]) { self.issues = issues }
}

/// A header row mapped to the columns a reader needs: missing ones are refused up front, the
/// order of the file's columns is free and extra columns are ignored.
public struct CSVColumns: Sendable {
    public let names: [String]
    private let indexes: [String: Int]

    public init(header: [String], required: [String]) throws(CSVFailure) {
        var indexes: [String: Int] = [:]
        for (index, name) in header.enumerated() {
            let key = name.trimmingCharacters(in: .whitespaces).lowercased()
            if indexes[key] == nil { indexes[key] = index }
        }
        let missing = required.filter { indexes[$0] == nil }
        if !missing.isEmpty {
            throw CSVFailure(missing.map { CSVIssue(row: 1, column: $0, code: "missing_column") })
        }
        names = header
        self.indexes = indexes
    }

    public func index(_ name: String) -> Int? { indexes[name] }

    /// The cell of `column` in `record`, empty when the record is shorter than the header.
    public func value(_ column: String, in record: [String]) -> String {
        guard let index = indexes[column], index < record.count else { return "" }
        return record[index]
    }
}
