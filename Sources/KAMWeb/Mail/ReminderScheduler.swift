import Foundation
import KAMCore
import KAMStore
import Logging
import ServiceLifecycle

/// Where reminder digests are mailed from, and the address links in them point at.
public struct ReminderMailSettings: Sendable {
    public var server: SMTPServer
    public var from: String
    public var publicURL: URL

    public init(server: SMTPServer, from: String, publicURL: URL) {
        self.server = server
        self.from = from
        self.publicURL = publicURL
    }
}

public struct ReminderSettings: Sendable {
    /// How long between passes.
    public var interval: Duration
    /// How long a claimed digest stays with this instance before another may take it over.
    public var lease: TimeInterval
    /// Digests claimed (and sent on one connection) at a time.
    public var batch: Int
    /// nil: in-app notifications only.
    public var mail: ReminderMailSettings?
    /// Names this process in the leases it holds.
    public var instance: String

    public init(interval: Duration = .seconds(300), lease: TimeInterval = 120, batch: Int = 20, mail: ReminderMailSettings? = nil,
                instance: String = ReminderSettings.defaultInstanceName()) {
        self.interval = interval
        self.lease = lease
        self.batch = batch
        self.mail = mail
        self.instance = instance
    }

    public static func defaultInstanceName() -> String {
        "\(ProcessInfo.processInfo.hostName)-\(ProcessInfo.processInfo.processIdentifier)-\(UInt32.random(in: 0...UInt32.max))"
    }
}

/// What one pass did.
public struct ReminderPass: Sendable, Equatable {
    public var refresh: ReminderRefresh
    public var digestsSent: Int
    /// Claimed digests with nothing to send (every account deleted) or no usable address.
    public var digestsSkipped: Int
}

/// The scheduler every `kam serve` instance runs: notices reviews coming due, notifies their
/// owners in the app and mails each a daily digest. Instances share the work through the
/// database only (see ReminderRepository), so any number may run against one PostgreSQL.
public struct ReminderScheduler: Service {
    let store: KAMStore
    let settings: ReminderSettings
    let logger: Logger

    public init(store: KAMStore, settings: ReminderSettings, logger: Logger = Logger(label: "kam.reminders")) {
        self.store = store
        self.settings = settings
        self.logger = logger
    }

    public func run() async throws {
        try await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do {
                    let pass = try await self.pass()
                    if pass.refresh.notificationsCreated > 0 || pass.digestsSent > 0 {
                        logger.info("reminders: \(pass.refresh.notificationsCreated) notifications, \(pass.digestsSent) digests sent")
                    }
                } catch is CancellationError {
                    return
                } catch {
                    // The type only: SMTP replies and database errors can quote addresses.
                    logger.error("reminder pass failed: \(String(describing: type(of: error))) \((error as? SMTPFailure)?.description ?? "")")
                }
                try await Task.sleep(for: settings.interval)
            }
        }
    }

    /// One pass: notify, bundle, and send every digest this instance can claim.
    public func pass() async throws -> ReminderPass {
        let domain = settings.mail?.publicURL.host ?? "openkam.invalid"
        let refresh = try await store.reminders.refresh(digests: settings.mail != nil, messageIDDomain: domain)
        guard let mail = settings.mail else { return ReminderPass(refresh: refresh, digestsSent: 0, digestsSkipped: 0) }
        var sent = 0, skipped = 0
        while true {
            let claimed = try await store.reminders.claimDigests(owner: settings.instance, lease: settings.lease, limit: settings.batch)
            if claimed.isEmpty { break }
            var outgoing: [(id: Int64, message: MailMessage)] = []
            for digest in claimed {
                if !digest.reminders.isEmpty, let message = ReminderMail.message(digest, from: mail.from, publicURL: mail.publicURL, at: Date()) {
                    outgoing.append((digest.id, message))
                } else {
                    try await store.reminders.markSent(digest.id, owner: settings.instance)
                    skipped += 1
                }
            }
            try await SMTPClient(server: mail.server).send(outgoing.map(\.message)) { index in
                // Recorded as soon as the server took it: a crash before this line sends it again,
                // with the same Message-ID, once the lease runs out.
                if try await store.reminders.markSent(outgoing[index].id, owner: settings.instance) { sent += 1 }
            }
        }
        return ReminderPass(refresh: refresh, digestsSent: sent, digestsSkipped: skipped)
    }
}
