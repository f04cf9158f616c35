import KAMCore
import Testing

@Suite("CSV reading and the purchase files")
struct CSVReaderTests {
    private func records(_ text: String) throws -> [(Int, [String])] {
        var reader = CSVReader(bytes: Array(text.utf8))
        var out: [(Int, [String])] = []
        while let record = try reader.next() { out.append((reader.row, record)) }
        return out
    }

    @Test func readsQuotesLineBreaksAndByteOrderMarks() throws {
        let read = try records("\u{FEFF}a,b\r\n\"x, \"\"y\"\"\",\"two\nlines\"\r\n\r\nlast,\n3,")
        #expect(read.map(\.1) == [["a", "b"], ["x, \"y\"", "two\nlines"], ["last", ""], ["3", ""]])
        // Rows as a spreadsheet numbers them: the quoted line break and the blank line count.
        #expect(read.map(\.0) == [1, 2, 5, 6])
    }

    @Test func refusesAnUnterminatedQuoteNamingItsRow() {
        #expect(throws: CSVFailure([CSVIssue(row: 2, column: nil, code: "unterminated_quote")])) {
            try records("a\n\"open\nstill open")
        }
        #expect(throws: CSVFailure([CSVIssue(row: 1, column: nil, code: "text_after_closing_quote")])) {
            try records("\"a\"b,c")
        }
    }

    @Test func transactionsReportEveryBadCellAndReturnNothing() {
        let text = "customer_id,date,amount\nc1,2024-01-05,10.5\n,2024-02-30,ten\nc2,2024-03-01,\n"
        #expect(throws: CSVFailure([
            CSVIssue(row: 3, column: "customer_id", code: "required"),
            CSVIssue(row: 3, column: "date", code: "invalid_date", detail: "YYYY-MM-DD"),
            CSVIssue(row: 3, column: "amount", code: "not_a_number"),
            CSVIssue(row: 4, column: "amount", code: "not_a_number"),
        ])) { try PurchaseCSV.transactions(Array(text.utf8)) }
        #expect(throws: CSVFailure([CSVIssue(row: 1, column: "amount", code: "missing_column")])) {
            try PurchaseCSV.transactions(Array("customer_id,date\n".utf8))
        }
    }

    @Test func summariesRefuseImpossibleHistories() {
        let text = "customer_id,frequency,recency,T,monetary_value\na,1.5,2,3,1\nb,0,2,3,0\nc,2,5,3,-1\n"
        #expect(throws: CSVFailure([
            CSVIssue(row: 2, column: "frequency", code: "not_a_count"),
            CSVIssue(row: 3, column: "recency", code: "nonzero_without_repeats"),
            CSVIssue(row: 4, column: "recency", code: "after_T"),
            CSVIssue(row: 4, column: "monetary_value", code: "negative"),
        ])) { try PurchaseCSV.summaries(Array(text.utf8)) }
    }

    @Test func summaryMergesSameDayPurchasesAndSkipsTheFirst() throws {
        let day = { (text: String) in PurchaseCSV.dayNumber(text)! }
        let purchases = [
            PurchaseRecord(customerID: "late", day: day("2024-02-01"), amount: 5),
            PurchaseRecord(customerID: "a", day: day("2024-01-08"), amount: 30),
            PurchaseRecord(customerID: "a", day: day("2024-01-01"), amount: 100),
            PurchaseRecord(customerID: "a", day: day("2024-01-08"), amount: 10),
            PurchaseRecord(customerID: "a", day: day("2024-01-15"), amount: 20),
            PurchaseRecord(customerID: "a", day: day("2024-01-30"), amount: 999),
            PurchaseRecord(customerID: "b", day: day("2024-01-15"), amount: 7),
        ]
        let summary = PurchaseSummarizer.summarize(purchases, unit: .week, calibrationEnd: day("2024-01-29"))
        #expect(summary == [
            PurchaseSummary(customerID: "a", frequency: 2, recency: 2, age: 4, monetaryValue: 30),
            PurchaseSummary(customerID: "b", frequency: 0, recency: 0, age: 2, monetaryValue: 0),
        ])
        let csv = PurchaseCSV.summaryCSV(summary)
        #expect(try PurchaseCSV.summaries(Array(csv.utf8)) == summary)
        let holdout = PurchaseSummarizer.holdoutPurchases(purchases, after: day("2024-01-29"), through: day("2024-12-31"))
        #expect(holdout == ["a": 1, "late": 1])
    }
}
