import ArgumentParser
import Foundation
import KAMCore
import KAMStore

/// The sales process from the command line, as a named user: stage moves, the forecast, the board.
struct OpportunityCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "opportunity", abstract: "Move opportunities through the stages and forecast, as a user.",
                                                    subcommands: [Move.self, Pursuit.self, Forecast.self, Board.self])

    struct Move: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Move an opportunity to a stage (or won, lost); prints it as JSON.")
        @OptionGroup var db: DatabaseOptions
        @OptionGroup var acting: ActingUser
        @Argument(help: "The opportunity's id.") var opportunity: Int64
        @Option(help: "The stage's key, won or lost.") var to: String
        @Option(help: "Why; needed to move past exit criteria not met.") var reason: String?

        func run() async throws {
            try await db.withStore { store in
                let caller = try await acting.caller(store)
                let current = try await store.opportunities.get(opportunity, caller: caller).opportunity
                var draft = current.draft
                draft.stage = OpportunityStage(rawValue: to)
                try ConnectionsCommand.print(try await store.opportunities.update(opportunity, draft, expectedVersion: current.version, caller: caller,
                                                                                  stageReason: reason))
            }
        }
    }

    struct Pursuit: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "An opportunity's exit criteria, competitors, close plan and moves as JSON.")
        @OptionGroup var db: DatabaseOptions
        @OptionGroup var acting: ActingUser
        @Argument(help: "The opportunity's id.") var opportunity: Int64

        func run() async throws {
            try await db.withStore { store in
                try ConnectionsCommand.print(try await store.opportunities.pursuit(opportunity, caller: try await acting.caller(store)))
            }
        }
    }

    struct Forecast: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The weighted forecast of the opportunities the user may see, as JSON.")
        @OptionGroup var db: DatabaseOptions
        @OptionGroup var acting: ActingUser
        @Option(help: "Only this owner's opportunities (a user id).") var owner: Int64?
        @Option(help: "First day of the window (YYYY-MM-DD); default this quarter's first.") var from: String?
        @Option(help: "Last day of the window (YYYY-MM-DD); default a year on.") var to: String?
        @Option(help: "month or quarter.") var by: String = "quarter"

        func run() async throws {
            var query = PipelineQuery()
            query.ownerID = owner
            guard let grouping = ForecastGrouping(rawValue: by) else { throw ValidationError("--by: month or quarter") }
            query.grouping = grouping
            if let from { guard let day = CalendarDate(from) else { throw ValidationError("--from: a date as YYYY-MM-DD") }; query.from = day }
            if let to { guard let day = CalendarDate(to) else { throw ValidationError("--to: a date as YYYY-MM-DD") }; query.to = day }
            try await db.withStore { store in
                try ConnectionsCommand.print(try await store.pipeline.forecast(query, caller: try await acting.caller(store)))
            }
        }
    }

    struct Board: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The pipeline board (large open opportunities by stage) and cycle times, as JSON.")
        @OptionGroup var db: DatabaseOptions
        @OptionGroup var acting: ActingUser
        @Option(help: "Only this owner's opportunities (a user id).") var owner: Int64?

        func run() async throws {
            var query = PipelineQuery()
            query.ownerID = owner
            try await db.withStore { store in
                try ConnectionsCommand.print(try await store.pipeline.board(query, caller: try await acting.caller(store)))
            }
        }
    }
}

/// The small-order fast track from the command line: quote, its status, order and contract.
struct DocumentCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "document", abstract: "Quote, order and contract small opportunities, as a user.",
                                                    subcommands: [Quote.self, Status.self, Order.self, Contract.self, Show.self])

    struct Quote: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Quote a small opportunity; prints the quote as JSON.")
        @OptionGroup var db: DatabaseOptions
        @OptionGroup var acting: ActingUser
        @Argument(help: "The opportunity's id.") var opportunity: Int64
        @Option var currency: String
        @Option(name: .customLong("line"), help: "DESCRIPTION|QUANTITY|UNIT PRICE|DISCOUNT %, e.g. \"Pump|2|1000.00|5\" (repeatable).")
        var lines: [String]
        @Option(name: .customLong("valid-until")) var validUntil: String?

        func run() async throws {
            let digits = Money.minorUnitDigits[currency.uppercased()] ?? 2
            var parsed: [DocumentLine] = []
            for (index, text) in lines.enumerated() {
                let parts = text.split(separator: "|", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
                guard parts.count >= 3, let quantity = Int64(parts[1]), let price = Money.minorUnits(decimal: parts[2], digits: digits) else {
                    throw ValidationError("--line \(index + 1): DESCRIPTION|QUANTITY|UNIT PRICE|DISCOUNT %")
                }
                let discount = parts.count > 3 && !parts[3].isEmpty ? Double(parts[3]) : 0
                guard let discount else { throw ValidationError("--line \(index + 1): the discount is a number of percent") }
                parsed.append(DocumentLine(description: parts[0], quantity: quantity, unitPriceMinor: price,
                                           discountBasisPoints: Int64((discount * 100).rounded())))
            }
            var until: CalendarDate?
            if let validUntil { guard let day = CalendarDate(validUntil) else { throw ValidationError("--valid-until: YYYY-MM-DD") }; until = day }
            let draft = QuoteDraft(currency: currency.uppercased(), lines: parsed, validUntil: until)
            try await db.withStore { store in
                try ConnectionsCommand.print(try await store.salesDocuments.quote(opportunity, draft, caller: try await acting.caller(store)))
            }
        }
    }

    struct Status: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Move a document's status (sent, accepted, declined, fulfilled, signed, cancelled).")
        @OptionGroup var db: DatabaseOptions
        @OptionGroup var acting: ActingUser
        @Argument(help: "The document's id.") var document: Int64
        @Option var to: String

        func run() async throws {
            guard let status = SalesDocumentStatus(rawValue: to) else { throw ValidationError("--to: \(SalesDocumentStatus.allRawValues.joined(separator: ", "))") }
            try await db.withStore { store in
                let caller = try await acting.caller(store)
                let current = try await store.salesDocuments.get(document, caller: caller).document
                try ConnectionsCommand.print(try await store.salesDocuments.update(document, SalesDocumentChange(status: status),
                                                                                   expectedVersion: current.version, caller: caller))
            }
        }
    }

    struct Order: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Turn an accepted quote into an order (wins the opportunity).")
        @OptionGroup var db: DatabaseOptions
        @OptionGroup var acting: ActingUser
        @Argument(help: "The quote's id.") var quote: Int64

        func run() async throws {
            try await db.withStore { store in
                let caller = try await acting.caller(store)
                let current = try await store.salesDocuments.get(quote, caller: caller).document
                try ConnectionsCommand.print(try await store.salesDocuments.order(fromQuote: quote, expectedVersion: current.version, caller: caller))
            }
        }
    }

    struct Contract: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Draw up the contract of an order.")
        @OptionGroup var db: DatabaseOptions
        @OptionGroup var acting: ActingUser
        @Argument(help: "The order's id.") var order: Int64

        func run() async throws {
            try await db.withStore { store in
                let caller = try await acting.caller(store)
                let current = try await store.salesDocuments.get(order, caller: caller).document
                try ConnectionsCommand.print(try await store.salesDocuments.contract(fromOrder: order, expectedVersion: current.version, caller: caller))
            }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "A document as JSON.")
        @OptionGroup var db: DatabaseOptions
        @OptionGroup var acting: ActingUser
        @Argument(help: "The document's id.") var document: Int64

        func run() async throws {
            try await db.withStore { store in
                try ConnectionsCommand.print(try await store.salesDocuments.get(document, caller: try await acting.caller(store)).document)
            }
        }
    }
}
