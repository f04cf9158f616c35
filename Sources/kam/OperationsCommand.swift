import ArgumentParser
import Foundation
import KAMCore
import KAMStore

/// Activities, an account's timeline and the task list from the command line, as a named user.
struct ActivityCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "activity", abstract: "Log and list an account's activities, as a user.",
                                                    subcommands: [Log.self, List.self, Timeline.self, Lifecycle.self])

    struct Log: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Log an activity; prints it as JSON.")
        @OptionGroup var db: DatabaseOptions
        @OptionGroup var acting: ActingUser
        @Argument(help: "The account's id.") var account: Int64
        @Option(help: "visit, call, email, workshop, executive_meeting, demo, dinner, complaint, incident or other.") var kind: String = "visit"
        @Option(help: "The day it happened (YYYY-MM-DD).") var on: String
        @Option var subject: String
        @Option var notes: String?
        @Option var agenda: String?
        @Option var outcomes: String?
        @Option(name: .customLong("with-user"), help: "One of ours who took part (a user id); repeatable.") var users: [Int64] = []
        @Option(name: .customLong("with-person"), help: "One of theirs who took part (a key person id); repeatable.") var persons: [Int64] = []
        @Option(name: .customLong("follow-up"), help: "TITLE|OWNER_ID|DUE: a follow-up task; repeatable.") var followUps: [String] = []
        @Option(name: .customLong("portrait"), help: "PERSON_ID:CLOSENESS,RECOGNITION,PRICE — reassess someone who took part; repeatable.")
        var portraits: [String] = []

        func run() async throws {
            guard let kind = ActivityKind(rawValue: kind) else { throw ValidationError("--kind: \(ActivityKind.allRawValues.joined(separator: ", "))") }
            guard let day = CalendarDate(on) else { throw ValidationError("--on: a date as YYYY-MM-DD") }
            var draft = ActivityDraft(kind: kind, occurredOn: day, subject: subject, notes: notes, agenda: agenda, outcomes: outcomes,
                                      ourParticipants: users, theirParticipants: persons)
            for text in followUps {
                let parts = text.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
                guard parts.count == 3, let owner = Int64(parts[1]), let due = CalendarDate(parts[2]) else {
                    throw ValidationError("--follow-up takes TITLE|OWNER_ID|YYYY-MM-DD, not \(text)")
                }
                draft.followUps.append(FollowUpDraft(title: parts[0], ownerID: owner, dueOn: due))
            }
            for text in portraits {
                let parts = text.split(separator: ":")
                guard parts.count == 2, let person = Int64(parts[0]),
                      let levels = try ChainCommand.SetEntry.attitudes(String(parts[1]), "portrait") else {
                    throw ValidationError("--portrait takes PERSON_ID:CLOSENESS,RECOGNITION,PRICE, not \(text)")
                }
                draft.portraitUpdates.append(PortraitUpdate(personID: person, closeness: levels.closeness, recognition: levels.recognition,
                                                            priceAcceptance: levels.priceAcceptance))
            }
            try await db.withStore { store in
                try ConnectionsCommand.print(try await store.activities.create(at: account, draft, caller: try await acting.caller(store)))
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "An account's activities, newest first, as JSON lines (every page).")
        @OptionGroup var db: DatabaseOptions
        @OptionGroup var acting: ActingUser
        @Argument(help: "The account's id.") var account: Int64

        func run() async throws {
            try await db.withStore { store in
                let caller = try await acting.caller(store)
                var cursor: String?
                repeat {
                    let page = try await store.activities.list(of: account, cursor: cursor, limit: 500, caller: caller)
                    for activity in page.items { try ConnectionsCommand.print(activity) }
                    cursor = page.nextCursor
                } while cursor != nil
            }
        }
    }

    struct Timeline: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "A page of an account's timeline as JSON, with the cursor of the next.")
        @OptionGroup var db: DatabaseOptions
        @OptionGroup var acting: ActingUser
        @Argument(help: "The account's id.") var account: Int64
        @Option var limit: Int = 50
        @Option var cursor: String?

        func run() async throws {
            try await db.withStore { store in
                try ConnectionsCommand.print(try await store.timeline.page(of: account, cursor: cursor, limit: limit, caller: try await acting.caller(store)))
            }
        }
    }
}

extension ActivityCommand {
    struct Lifecycle: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The account's scene and stage, their criteria checked from data, and its channels, as JSON.")
        @OptionGroup var db: DatabaseOptions
        @OptionGroup var acting: ActingUser
        @Argument(help: "The account's id.") var account: Int64

        func run() async throws {
            try await db.withStore { store in
                try ConnectionsCommand.print(try await store.lifecycle.lifecycle(of: account, caller: try await acting.caller(store)))
            }
        }
    }
}

struct TasksCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "tasks", abstract: "The task list, as a user.",
                                                    subcommands: [List.self, Add.self, Done.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The user's tasks (or an account's) as JSON lines, soonest due first.")
        @OptionGroup var db: DatabaseOptions
        @OptionGroup var acting: ActingUser
        @Option var account: Int64?
        @Option(help: "open, done or cancelled (default: open).") var status: String = "open"

        func run() async throws {
            guard let status = TaskStatus(rawValue: status) else { throw ValidationError("--status: \(TaskStatus.allRawValues.joined(separator: ", "))") }
            try await db.withStore { store in
                let tasks = try await store.tasks.list(TaskFilter(accountID: account, status: status, limit: 1000), caller: try await acting.caller(store))
                for task in tasks { try ConnectionsCommand.print(task) }
            }
        }
    }

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Set a task (for oneself unless --owner); prints it as JSON.")
        @OptionGroup var db: DatabaseOptions
        @OptionGroup var acting: ActingUser
        @Option var title: String
        @Option(help: "Due day (YYYY-MM-DD).") var due: String
        @Option(help: "The owner's user id (default: the acting user).") var owner: Int64?
        @Option var account: Int64?
        @Option var note: String?

        func run() async throws {
            guard let day = CalendarDate(due) else { throw ValidationError("--due: a date as YYYY-MM-DD") }
            try await db.withStore { store in
                let caller = try await acting.caller(store)
                let draft = TaskDraft(title: title, ownerID: owner ?? caller.actor.userID, dueOn: day, note: note, accountID: account)
                try ConnectionsCommand.print(try await store.tasks.create(draft, caller: caller))
            }
        }
    }

    struct Done: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Mark a task done.")
        @OptionGroup var db: DatabaseOptions
        @OptionGroup var acting: ActingUser
        @Argument(help: "The task's id.") var task: Int64

        func run() async throws {
            try await db.withStore { store in
                let caller = try await acting.caller(store)
                let current = try await store.tasks.get(task, caller: caller)
                var draft = current.draft
                draft.status = .done
                try ConnectionsCommand.print(try await store.tasks.update(task, draft, expectedVersion: current.version, caller: caller))
            }
        }
    }
}
