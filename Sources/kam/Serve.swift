import ArgumentParser
import Foundation
import Hummingbird
import KAMCore
import KAMStore
import KAMWeb

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run the web server.")
    @OptionGroup var db: DatabaseOptions
    @Option var hostname = "127.0.0.1"
    @Option var port = 8080
    @Flag(help: "Load the demo company into an empty database and print a demo login.") var demo = false
    @Option(name: .customLong("public-url"), help: "The URL users reach the server at; https makes cookies Secure.") var publicURL: String?
    @Option(name: .customLong("trusted-proxy"), help: "Address of a reverse proxy whose X-Forwarded-For is believed (repeatable).")
    var trustedProxies: [String] = []
    @Option(help: ArgumentHelp("Mail reminder digests through this SMTP relay (needs --mail-from and --public-url).", valueName: "smtp://host:port"))
    var smtp: String?
    @Option(name: .customLong("mail-from"), help: "The sender address of reminder digests.") var mailFrom: String?
    @Option(name: .customLong("reminder-interval"), help: "Seconds between reminder passes; 0 turns this instance's scheduler off.")
    var reminderInterval = 300
    @Option(name: .customLong("reminder-lease"), help: "Seconds a claimed digest stays with this instance before another may send it.")
    var reminderLease = 120

    func run() async throws {
        var publicURLValue: URL?
        if let publicURL {
            guard let url = URL(string: publicURL), let scheme = url.scheme, ["http", "https"].contains(scheme.lowercased()), url.host != nil else {
                throw ValidationError("--public-url must be an http(s) URL, got \(publicURL)")
            }
            publicURLValue = url
        }
        guard (1...65535).contains(port) else { throw ValidationError("--port must be 1–65535") }
        let reminders = try reminderSettings(publicURL: publicURLValue)
        let store = try await db.open()
        if demo, try await store.users.count() == 0 {
            let generator = DemoGenerator()
            let loader = DemoLoader(store: store)
            let ids = try await loader.loadUsers(generator, passwordHash: PasswordHashing.hash(DemoSettings.password))
            let result = try await loader.load(generator, accounts: DemoGenerator.standardAccountCount,
                                               perAccount: DemoGenerator.standardPeoplePerAccount, userIDs: ids, today: store.today())
            try await loader.loadOrganisation(generator, userIDs: ids)
            try await loader.loadRelationshipMaps(generator)
            try await loader.loadPurchaseHistory(generator)
            try await loader.loadClassification()
            try await loader.loadOperations(today: store.today())
            try await loader.loadMonetisation(today: store.today())
            try await loader.loadPlans(today: store.today())
            try await loader.loadReviews(today: store.today())
            Console.line("loaded demo: \(result.accounts) accounts, \(result.persons) key persons, \(result.opportunities) opportunities")
        }
        let configuration = WebConfiguration(hostname: hostname, port: port, publicURL: publicURLValue, trustedProxies: Set(trustedProxies))
        let scheduler = reminders.map { ReminderScheduler(store: store, settings: $0) }
        let app = buildApplication(store: store, configuration: configuration, services: scheduler.map { [$0] } ?? [])
        Console.line("OpenKAM listening on http://\(hostname):\(port) (database: \(store.database.location))")
        if demo { Console.line("Demo login: admin / \(DemoSettings.password)") }
        if let mail = reminders?.mail { Console.line("Reminder digests go through smtp://\(mail.server.host):\(mail.server.port)") }
        try await app.runService()
        await store.database.close()
    }
}

extension Serve {
    /// Fails at start-up naming what is missing: mail half configured is not silently dropped.
    func reminderSettings(publicURL: URL?) throws -> ReminderSettings? {
        guard reminderInterval >= 0 else { throw ValidationError("--reminder-interval must be 0 or more seconds") }
        guard reminderLease > 0 else { throw ValidationError("--reminder-lease must be positive") }
        var mail: ReminderMailSettings?
        if let smtp {
            let server: SMTPServer
            switch SMTPServer.parse(smtp, heloName: publicURL?.host ?? "openkam.invalid") {
            case .success(let parsed): server = parsed
            case .failure(let error): throw ValidationError(error.reason)
            }
            guard let mailFrom, ReminderMail.isSafeAddress(mailFrom) else { throw ValidationError("--smtp needs --mail-from with a sender address") }
            guard let publicURL else { throw ValidationError("--smtp needs --public-url: the links in reminder mails point there") }
            mail = ReminderMailSettings(server: server, from: mailFrom, publicURL: publicURL)
        } else if mailFrom != nil {
            throw ValidationError("--mail-from needs --smtp")
        }
        guard reminderInterval > 0 else {
            if mail != nil { throw ValidationError("--smtp needs the scheduler: --reminder-interval must be positive") }
            return nil
        }
        return ReminderSettings(interval: .seconds(reminderInterval), lease: TimeInterval(reminderLease), mail: mail)
    }
}

struct Demo: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Generate the demo company at any scale (deterministic).")
    @OptionGroup var db: DatabaseOptions
    @Option(help: "Number of accounts (about ten key persons each).") var scale = DemoGenerator.standardAccountCount
    @Option var seed: UInt64 = 42
    @Option(name: .customLong("per-account")) var perAccount = DemoGenerator.standardPeoplePerAccount
    @Option(name: .customLong("csv-dir"), help: ArgumentHelp(
        "Write the rows the load would write as CSV, one file per table, into this folder instead of loading a database.",
        valueName: "folder")) var csvDirectory: String?

    func run() async throws {
        guard scale > 0 else { throw ValidationError("--scale must be positive") }
        let generator = DemoGenerator(seed: seed)
        if let csvDirectory {
            try FileManager.default.createDirectory(atPath: csvDirectory, withIntermediateDirectories: true)
            let counts = try await DemoLoader.writeCSV(generator, accounts: scale, perAccount: perAccount, to: csvDirectory)
            for (table, rows) in counts.sorted(by: { $0.key < $1.key }) { Console.line("\(table)\t\(rows)") }
            return
        }
        try await db.withStore { store in
            let started = Date()
            let loader = DemoLoader(store: store)
            let ids = try await loader.loadUsers(generator, passwordHash: PasswordHashing.hash(DemoSettings.password))
            let step = max(1, scale / 20)
            let result = try await loader.load(generator, accounts: scale, perAccount: perAccount, userIDs: ids, today: store.today()) { done in
                if done % step == 0 || done == scale {
                    FileHandle.standardError.write(Data("\r  \(done)/\(scale) accounts [\(String(repeating: "#", count: done * 30 / scale))\(String(repeating: ".", count: 30 - done * 30 / scale))]".utf8))
                }
            }
            FileHandle.standardError.write(Data("\n".utf8))
            let seconds = Date().timeIntervalSince(started)
            Console.line(String(format: "loaded %d accounts, %d key persons in %.1f s (%.0f key persons/s); %d rows in all tables (%.0f rows/s)",
                                result.accounts, result.persons, seconds, Double(result.persons) / max(seconds, 0.001), result.rows,
                                Double(result.rows) / max(seconds, 0.001)))
        }
    }
}
