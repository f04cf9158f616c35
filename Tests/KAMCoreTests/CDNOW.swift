import Foundation
import KAMCore

/// The CDNOW sample of Fader, Hardie and Lee (2005), read from Tests/Fixtures/cdnow.
enum CDNOW {
    static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Fixtures/cdnow")

    /// The paper's calibration summary (weeks, rounded to 2 decimals as published).
    static func publishedSummary() throws -> [PurchaseSummary] {
        let text = try String(contentsOf: directory.appendingPathComponent("cdnow_customers_summary_with_transactions.csv"), encoding: .utf8)
        return text.split(whereSeparator: \.isNewline).dropFirst().map { line in
            let cells = line.split(separator: ",").map(String.init)
            return PurchaseSummary(customerID: cells[0], frequency: Double(cells[1])!, recency: Double(cells[2])!,
                                   age: Double(cells[3])!, monetaryValue: Double(cells[4])!)
        }
    }

    /// Every transaction, 1997-01-01 to 1998-06-30.
    static func transactions() throws -> [PurchaseRecord] {
        let text = try String(contentsOf: directory.appendingPathComponent("CDNOW_sample.txt"), encoding: .utf8)
        return text.split(whereSeparator: \.isNewline).map { line in
            let cells = line.split(separator: " ").map(String.init)
            let date = cells[2]
            let iso = "\(date.prefix(4))-\(date.dropFirst(4).prefix(2))-\(date.suffix(2))"
            return PurchaseRecord(customerID: String(Int(cells[1])!), day: CalendarDate(iso)!.daysSince1970, amount: Double(cells[4])!)
        }
    }

    static let calibrationEnd = CalendarDate(year: 1997, month: 9, day: 30).daysSince1970
    static let holdoutEnd = CalendarDate(year: 1998, month: 6, day: 30).daysSince1970
}
