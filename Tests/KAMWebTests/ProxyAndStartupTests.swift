import Foundation
import KAMStore
import Testing
@testable import KAMWeb

@Suite("Start-up and proxies")
struct ProxyAndStartupTests {
    @Test func forwardedForIsBelievedOnlyFromTrustedProxies() {
        let trusted: Set<String> = ["10.0.0.5", "10.0.0.6"]
        #expect(SessionMiddleware.clientAddress(peer: "203.0.113.9", forwardedFor: "1.2.3.4", trusted: trusted) == "203.0.113.9")
        #expect(SessionMiddleware.clientAddress(peer: "10.0.0.5", forwardedFor: "198.51.100.7", trusted: trusted) == "198.51.100.7")
        // A client cannot pick its own address by sending the header: the proxy appends the real one last.
        #expect(SessionMiddleware.clientAddress(peer: "10.0.0.5", forwardedFor: "6.6.6.6, 198.51.100.7", trusted: trusted) == "198.51.100.7")
        #expect(SessionMiddleware.clientAddress(peer: "10.0.0.5", forwardedFor: "198.51.100.7, 10.0.0.6", trusted: trusted) == "198.51.100.7")
        #expect(SessionMiddleware.clientAddress(peer: "10.0.0.5", forwardedFor: nil, trusted: trusted) == "10.0.0.5")
    }

    @Test func aMissingFolderFailsAtStartUpNamingIt() async throws {
        do {
            _ = try await KAMDatabase.open("/nonexistent-folder-for-kam/kam.sqlite")
            Issue.record("opened a database in a folder that does not exist")
        } catch let error as DatabaseOpenError {
            #expect(error.description.contains("/nonexistent-folder-for-kam"))
        }
    }

    @Test func anUnreachablePostgreSQLFailsAtStartUpWithoutItsPassword() async throws {
        do {
            _ = try await KAMDatabase.open("postgres://kam:secret-pw@127.0.0.1:1/kam?sslmode=disable")
            Issue.record("opened an unreachable PostgreSQL")
        } catch let error as DatabaseOpenError {
            #expect(error.description.contains("127.0.0.1:1"))
            #expect(!error.description.contains("secret-pw"))
        }
    }

    @Test func otherURLSchemesAreRefused() async throws {
        await #expect(throws: DatabaseOpenError.self) { _ = try await KAMDatabase.open("mysql://localhost/kam") }
    }
}
