import ArgumentParser
import Foundation
import KAMCore
import KAMStore

/// Incidents and complaints from the command line, as a named user (an on-call engineer's script, say).
struct IncidentCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "incident", abstract: "Open, annotate and close an account's incidents, as a user.",
                                                    subcommands: [List.self, Open.self, Note.self, Close.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "An account's incidents as JSON lines, newest first.")
        @OptionGroup var db: DatabaseOptions
        @OptionGroup var acting: ActingUser
        @Argument(help: "The account's id.") var account: Int64

        func run() async throws {
            try await db.withStore { store in
                for incident in try await store.incidents.list(of: account, caller: try await acting.caller(store)) { try ConnectionsCommand.print(incident) }
            }
        }
    }

    struct Open: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Open an incident; prints it as JSON.")
        @OptionGroup var db: DatabaseOptions
        @OptionGroup var acting: ActingUser
        @Argument(help: "The account's id.") var account: Int64
        @Option var title: String
        @Option(help: "critical, major or minor.") var severity: String = "major"
        @Option(help: "The day it happened (YYYY-MM-DD).") var on: String
        @Option var summary: String?

        func run() async throws {
            guard let level = IncidentSeverity(rawValue: severity) else { throw ValidationError("--severity: critical, major or minor") }
            guard let day = CalendarDate(on) else { throw ValidationError("--on: a date as YYYY-MM-DD") }
            try await db.withStore { store in
                try ConnectionsCommand.print(try await store.incidents.open(at: account, IncidentDraft(title: title, severity: level, occurredOn: day,
                                                                                                        summary: summary),
                                                                            caller: try await acting.caller(store)))
            }
        }
    }

    struct Note: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add a note to an incident's timeline.")
        @OptionGroup var db: DatabaseOptions
        @OptionGroup var acting: ActingUser
        @Argument(help: "The incident's id.") var incident: Int64
        @Argument(help: "What was done or learnt.") var note: String

        func run() async throws {
            try await db.withStore { store in
                try ConnectionsCommand.print(try await store.incidents.addEvent(incident, note: note, caller: try await acting.caller(store)))
            }
        }
    }

    struct Close: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Close an incident with the root cause and the responsible party.")
        @OptionGroup var db: DatabaseOptions
        @OptionGroup var acting: ActingUser
        @Argument(help: "The incident's id.") var incident: Int64
        @Option(help: "our_product, network, their_database, their_operators, third_party or other.") var party: String
        @Option(name: .customLong("root-cause")) var rootCause: String

        func run() async throws {
            guard let responsible = ResponsibleParty(rawValue: party) else {
                throw ValidationError("--party: \(ResponsibleParty.allRawValues.joined(separator: ", "))")
            }
            try await db.withStore { store in
                let caller = try await acting.caller(store)
                let current = try await store.incidents.get(incident, caller: caller)
                var draft = current.draft
                draft.status = .closed
                draft.responsibleParty = responsible
                draft.rootCause = rootCause
                try ConnectionsCommand.print(try await store.incidents.update(incident, draft, expectedVersion: current.version, caller: caller))
            }
        }
    }
}
