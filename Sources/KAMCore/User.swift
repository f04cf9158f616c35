import Foundation

/// A user on our side (the vendor's staff).
public struct User: Sendable, Hashable, Codable, Identifiable {
    public var id: UserID
    public var username: String
    public var displayName: String
    public var email: String?
    public var role: Role
    /// The manager above this user: sales directors see the accounts of everyone below them.
    public var managerID: UserID?
    /// nil: take the locale from the browser's Accept-Language.
    public var locale: String?
    public var timeZone: String
    public var active: Bool
    public var version: Int

    public init(id: UserID, username: String, displayName: String, email: String? = nil, role: Role,
                managerID: UserID? = nil, locale: String? = nil, timeZone: String = "UTC", active: Bool = true,
                version: Int = 1) {
        self.id = id
        self.username = username
        self.displayName = displayName
        self.email = email
        self.role = role
        self.managerID = managerID
        self.locale = locale
        self.timeZone = timeZone
        self.active = active
        self.version = version
    }

    public static func validateNew(username: String, displayName: String, password: String,
                                   email: String?, timeZone: String?) throws(ValidationFailure) {
        var v = Validator()
        v.text(username, "username", required: true, max: 64)
        if !username.isEmpty, !username.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "._-".contains($0)) }) {
            v.add("username", "invalid_username")
        }
        v.text(displayName, "displayName", required: true, max: 200)
        if password.count < 10 { v.add("password", "too_short", "10") }
        if password.utf8.count > 72 { v.add("password", "too_long", "72 bytes") }
        v.email(email, "email")
        v.timeZone(timeZone, "timeZone")
        try v.check()
    }
}

/// Supported UI languages; the first is the fallback.
public enum UILanguage: String, CaseIterable, Sendable, Codable {
    case en, ja, ko, zh

    public var localeIdentifier: String {
        switch self {
        case .en: "en_US"
        case .ja: "ja_JP"
        case .ko: "ko_KR"
        case .zh: "zh_Hans_CN"
        }
    }

    /// Picks the best language from an Accept-Language header, honouring q-values.
    public static func negotiate(acceptLanguage: String?) -> UILanguage {
        guard let header = acceptLanguage else { return .en }
        var best: (UILanguage, Double)?
        for part in header.split(separator: ",") {
            let pieces = part.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
            guard let tag = pieces.first?.lowercased(), !tag.isEmpty else { continue }
            var q = 1.0
            for p in pieces.dropFirst() where p.hasPrefix("q=") { q = Double(p.dropFirst(2)) ?? 0 }
            let primary = String(tag.split(separator: "-").first ?? "")
            guard let lang = UILanguage(rawValue: primary), q > 0 else { continue }
            if best == nil || q > best!.1 { best = (lang, q) }
        }
        return best?.0 ?? .en
    }
}

/// What an administrator may change about a user (username and password have their own paths).
public struct UserChange: Sendable, Hashable {
    public var displayName: String
    public var email: String?
    public var role: Role
    public var managerID: UserID?
    public var timeZone: String
    public var active: Bool

    public init(_ user: User) {
        displayName = user.displayName
        email = user.email
        role = user.role
        managerID = user.managerID
        timeZone = user.timeZone
        active = user.active
    }

    /// Field rules, plus the manager hierarchy: nobody manages themselves, directly or through others.
    /// `managers` maps every user to their manager as stored.
    public func validate(userID: UserID, managers: [UserID: UserID], into v: inout Validator) {
        v.text(displayName, "displayName", required: true, max: 200)
        v.email(email, "email")
        v.timeZone(timeZone, "timeZone")
        if let managerID {
            if managerID == userID {
                v.add("managerID", "cycle")
            } else if AccessPolicy.subordinates(of: userID, managers: managers).contains(managerID) {
                v.add("managerID", "cycle")
            }
        }
    }
}
