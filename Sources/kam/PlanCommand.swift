import ArgumentParser
import Foundation
import KAMCore
import KAMStore

/// Account plans from the command line, as a named user: list, show, approve, clone.
struct PlanCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "plan", abstract: "Read, approve and clone account plans, as a user.",
                                                    subcommands: [List.self, Show.self, Approve.self, Clone.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "An account's plans as JSON lines, newest period first.")
        @OptionGroup var db: DatabaseOptions
        @OptionGroup var acting: ActingUser
        @Argument(help: "The account's id.") var account: Int64

        func run() async throws {
            try await db.withStore { store in
                for plan in try await store.plans.plans(of: account, caller: try await acting.caller(store)) { try ConnectionsCommand.print(plan) }
            }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "A plan with its objectives' progress, quotas and revisions, as JSON.")
        @OptionGroup var db: DatabaseOptions
        @OptionGroup var acting: ActingUser
        @Argument(help: "The plan's id.") var plan: Int64

        func run() async throws {
            try await db.withStore { store in try ConnectionsCommand.print(try await store.plans.get(plan, caller: try await acting.caller(store))) }
        }
    }

    struct Approve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Approve a plan's current revision (administrators, sales directors above the owner).")
        @OptionGroup var db: DatabaseOptions
        @OptionGroup var acting: ActingUser
        @Argument(help: "The plan's id.") var plan: Int64

        func run() async throws {
            try await db.withStore { store in
                let caller = try await acting.caller(store)
                let current = try await store.plans.get(plan, caller: caller).plan
                try ConnectionsCommand.print(try await store.plans.approve(plan, expectedVersion: current.version, caller: caller))
            }
        }
    }

    struct Clone: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Clone a plan for the year after; prints the new plan as JSON.")
        @OptionGroup var db: DatabaseOptions
        @OptionGroup var acting: ActingUser
        @Argument(help: "The plan's id.") var plan: Int64

        func run() async throws {
            try await db.withStore { store in try ConnectionsCommand.print(try await store.plans.clone(plan, caller: try await acting.caller(store))) }
        }
    }
}
