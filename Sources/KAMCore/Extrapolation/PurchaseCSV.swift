/// The CSV files of `kam clv`: transactions `customer_id,date,amount` in, summaries
/// `customer_id,frequency,recency,T,monetary_value` in and out. Every refused cell is reported
/// by row and column, up to `issueLimit` of them, and nothing is returned from a file with any.
public enum PurchaseCSV {
    public static let issueLimit = 50
    public static let summaryHeader = ["customer_id", "frequency", "recency", "T", "monetary_value"]

    public static func transactions(_ bytes: [UInt8]) throws(CSVFailure) -> [PurchaseRecord] {
        var reader = CSVReader(bytes: bytes)
        guard let header = try reader.next() else { throw CSVFailure([CSVIssue(row: 1, column: nil, code: "empty_file")]) }
        let columns = try CSVColumns(header: header, required: ["customer_id", "date", "amount"])
        let (idIndex, dateIndex, amountIndex) = (columns.index("customer_id")!, columns.index("date")!, columns.index("amount")!)
        var records: [PurchaseRecord] = []
        records.reserveCapacity(bytes.count / 24)
        var issues: [CSVIssue] = []
        while let record = try reader.next() {
            let id = idIndex < record.count ? record[idIndex] : ""
            let dateText = dateIndex < record.count ? record[dateIndex] : ""
            let amountText = amountIndex < record.count ? record[amountIndex] : ""
            if id.isEmpty { issues.append(CSVIssue(row: reader.row, column: "customer_id", code: "required")) }
            let day = dayNumber(dateText)
            if day == nil { issues.append(CSVIssue(row: reader.row, column: "date", code: "invalid_date", detail: "YYYY-MM-DD")) }
            let amount = Double(amountText)
            if amount == nil || !amount!.isFinite { issues.append(CSVIssue(row: reader.row, column: "amount", code: "not_a_number")) }
            if issues.count >= issueLimit { break }
            if let day, let amount, !id.isEmpty, issues.isEmpty {
                records.append(PurchaseRecord(customerID: id, day: day, amount: amount))
            }
        }
        guard issues.isEmpty else { throw CSVFailure(Array(issues.prefix(issueLimit))) }
        return records
    }

    public static func summaries(_ bytes: [UInt8]) throws(CSVFailure) -> [PurchaseSummary] {
        var reader = CSVReader(bytes: bytes)
        guard let header = try reader.next() else { throw CSVFailure([CSVIssue(row: 1, column: nil, code: "empty_file")]) }
        let columns = try CSVColumns(header: header, required: ["customer_id", "frequency", "recency", "t"])
        let hasSpend = columns.index("monetary_value") != nil
        var summaries: [PurchaseSummary] = []
        var issues: [CSVIssue] = []
        while let record = try reader.next() {
            let id = columns.value("customer_id", in: record)
            if id.isEmpty { issues.append(CSVIssue(row: reader.row, column: "customer_id", code: "required")) }
            var numbers: [String: Double] = [:]
            for (column, key) in [("frequency", "frequency"), ("recency", "recency"), ("T", "t"), ("monetary_value", "monetary_value")] {
                if key == "monetary_value" && !hasSpend { numbers[column] = 0; continue }
                if let value = Double(columns.value(key, in: record)), value.isFinite {
                    numbers[column] = value
                } else {
                    issues.append(CSVIssue(row: reader.row, column: column, code: "not_a_number"))
                }
            }
            if let frequency = numbers["frequency"], let recency = numbers["recency"], let age = numbers["T"], let spend = numbers["monetary_value"] {
                let summary = PurchaseSummary(customerID: id, frequency: frequency, recency: recency, age: age, monetaryValue: spend)
                for issue in summary.issues { issues.append(CSVIssue(row: reader.row, column: issue.column, code: issue.code)) }
                summaries.append(summary)
            }
            if issues.count >= issueLimit { break }
        }
        guard issues.isEmpty else { throw CSVFailure(Array(issues.prefix(issueLimit))) }
        return summaries
    }

    public static func summaryCSV(_ summaries: [PurchaseSummary]) -> String {
        var text = CSVWriter.row(summaryHeader)
        for s in summaries {
            text += CSVWriter.row([s.customerID, number(s.frequency), number(s.recency), number(s.age), number(s.monetaryValue)])
        }
        return text
    }

    /// Whole numbers without a fraction, others in the shortest form that reads back exactly.
    public static func number(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
    }

    /// `YYYY-MM-DD` as days since 1970-01-01, read from the bytes (a million-row file parses a
    /// million of these).
    public static func dayNumber(_ text: String) -> Int? {
        var text = text
        return text.withUTF8 { bytes -> Int? in
            guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-") else { return nil }
            func digits(_ range: Range<Int>) -> Int? {
                var value = 0
                for index in range {
                    let digit = Int(bytes[index]) - 48
                    guard (0...9).contains(digit) else { return nil }
                    value = value * 10 + digit
                }
                return value
            }
            guard let year = digits(0..<4), let month = digits(5..<7), let day = digits(8..<10),
                  year >= 1, (1...12).contains(month), (1...CalendarDate.daysIn(month: month, year: year)).contains(day) else { return nil }
            return CalendarDate(year: year, month: month, day: day).daysSince1970
        }
    }
}
