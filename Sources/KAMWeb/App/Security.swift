import Crypto
import Foundation
import HummingbirdBcrypt

/// Random tokens, token hashes and password hashing in one place.
enum Security {
    /// 256 random bits, URL- and cookie-safe.
    static func randomToken() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
        return Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// Sessions are stored by the hash of their token, so a copy of the database signs nobody in.
    static func tokenHash(_ token: String) -> String {
        SHA256.hash(data: Data(token.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    /// Constant-time comparison for CSRF tokens.
    static func equal(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        var diff: UInt8 = 0
        for i in 0..<x.count { diff |= x[i] ^ y[i] }
        return diff == 0
    }

    static func hashPassword(_ password: String, cost: UInt8) -> String { Bcrypt.hash(password, cost: cost) }

    static func verifyPassword(_ password: String, hash: String) -> Bool { Bcrypt.verify(password, hash: hash) }

    /// A hash to verify against when the username is unknown, so timing does not reveal which
    /// usernames exist.
    static let decoyHash = Bcrypt.hash("decoy-password-never-used", cost: 10)
}

/// Public entry for the CLI: `kam user add` hashes with the same settings as the server.
public enum PasswordHashing {
    public static func hash(_ password: String, cost: UInt8 = 11) -> String { Security.hashPassword(password, cost: cost) }
}
