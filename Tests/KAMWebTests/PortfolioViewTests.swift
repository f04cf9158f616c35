import Foundation
import KAMCore
import KAMHTML
import KAMStore
@testable import KAMWeb
import Testing

@Suite("The portfolio page at size")
struct PortfolioViewTests {
    /// A run as the store would answer it, for `count` accounts placed by the real classification.
    static func run(_ count: Int) throws -> ClassificationRun {
        let figures = (1...count).map { AccountFigures(accountID: Int64($0), values: [.revenue: Double($0 % 97), .expectedValue: Double($0 % 89)]) }
        let result = Classification.classify(figures, rules: .standard)
        let placements = try JSONSerialization.jsonObject(with: try JSONEncoder().encode(result.placements)) as? [[String: Any]] ?? []
        let body: [String: Any] = [
            "rules": try JSONSerialization.jsonObject(with: try JSONEncoder().encode(ClassificationRules.standard)),
            "rulesRevision": 1, "portfolioSize": count, "contributionCut": result.contributionCut, "potentialCut": result.potentialCut,
            "accounts": placements.map { ["accountID": $0["accountID"] ?? 0, "name": "Account \($0["accountID"] ?? 0)", "placement": $0] },
            "hiddenAccounts": 0, "applied": false, "reportingCurrency": "JPY", "leaving": [Any](),
        ]
        return try JSONDecoder().decode(ClassificationRun.self, from: try JSONSerialization.data(withJSONObject: body))
    }

    /// Beyond the limits the page stays a page: the first 5,000 dots and 500 table rows, saying so.
    @Test func aLargePortfolioIsDrawnAndListedInPart() throws {
        let t = Catalog(.en)
        let large = try Self.run(5_001)
        let table = PortfolioView.placementsTable(t, large).render()
        #expect(table.components(separatedBy: "<tr id=\"placement-").count - 1 == PortfolioView.tableLimit)
        #expect(table.contains("The first 500 of 5001 accounts"))
        let drawing = PortfolioDrawing.matrix(t, large).render()
        #expect(drawing.components(separatedBy: "<circle").count - 1 == PortfolioDrawing.dotLimit)
        let small = PortfolioView.placementsTable(t, try Self.run(3)).render()
        #expect(small.components(separatedBy: "<tr id=\"placement-").count - 1 == 3 && !small.contains("The first"))
    }
}
