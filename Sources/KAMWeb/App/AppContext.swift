import Hummingbird
import KAMCore
import KAMStore
import NIOCore

/// Per-request state: who is signed in (set by `SessionMiddleware`) and the language to answer in.
public struct AppContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    public var session: SignedInSession?
    public var language: UILanguage = .en
    /// The peer's address as the socket saw it; `clientAddress` applies the trusted-proxy rule.
    public let remoteAddress: SocketAddress?
    /// Set by the session middleware once the proxy rule is applied.
    public var clientAddress = "unknown"

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress
    }

    public var maxUploadSize: Int { 2 * 1024 * 1024 }
}

/// The signed-in user and what they may do.
public struct SignedInSession: Sendable {
    public var user: User
    public var caller: Caller
    public var csrfToken: String
    public var tokenHash: String
    /// Shown in the navigation of pages; not counted for API calls.
    public var unreadNotifications = 0
}

extension AppContext {
    /// The caller, or a 401 problem when nobody is signed in.
    func requireCaller() throws -> Caller {
        guard let session else { throw AppError.unauthenticated }
        return session.caller
    }

    func requireSession() throws -> SignedInSession {
        guard let session else { throw AppError.unauthenticated }
        return session
    }
}
