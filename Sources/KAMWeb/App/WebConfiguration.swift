import Foundation

/// Settings of the web server; `kam serve` fills them from its options and fails at start-up on
/// anything it cannot use.
public struct WebConfiguration: Sendable {
    public var hostname: String
    public var port: Int
    /// The URL users reach us at; cookies are marked Secure when it is https.
    public var publicURL: URL?
    /// Peers whose X-Forwarded-For we believe (the reverse proxies in front of us).
    public var trustedProxies: Set<String>
    public var bcryptCost: UInt8
    public var sessionLifetime: TimeInterval
    public var failedLoginLimitPerUser: Int
    public var failedLoginLimitPerIP: Int
    public var failedLoginWindow: TimeInterval

    public init(hostname: String = "127.0.0.1", port: Int = 8080, publicURL: URL? = nil, trustedProxies: Set<String> = [],
                bcryptCost: UInt8 = 11, sessionLifetime: TimeInterval = 12 * 3600, failedLoginLimitPerUser: Int = 5,
                failedLoginLimitPerIP: Int = 50, failedLoginWindow: TimeInterval = 15 * 60) {
        self.hostname = hostname
        self.port = port
        self.publicURL = publicURL
        self.trustedProxies = trustedProxies
        self.bcryptCost = bcryptCost
        self.sessionLifetime = sessionLifetime
        self.failedLoginLimitPerUser = failedLoginLimitPerUser
        self.failedLoginLimitPerIP = failedLoginLimitPerIP
        self.failedLoginWindow = failedLoginWindow
    }

    var secureCookies: Bool { publicURL?.scheme?.lowercased() == "https" }
}
