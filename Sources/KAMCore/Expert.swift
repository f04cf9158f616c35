import Foundation

public enum Seniority: String, DomainVocabulary, Comparable {
    case junior, senior, principal, fellow
    public static let vocabularyName = "seniority"

    public static func < (a: Self, b: Self) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}

/// An expert's entry in the directory (domain.md §6): what they know and how many hours a
/// quarter they can give to account teams.
public struct ExpertProfile: Sendable, Hashable, Codable {
    public var userID: UserID
    public var name: String
    public var managerID: UserID?
    public var skills: [String]
    public var industries: [Industry]
    public var languages: [String]
    public var seniority: Seniority
    public var capacityHoursPerQuarter: Int
    public var version: Int

    public init(userID: UserID, name: String, managerID: UserID?, skills: [String], industries: [Industry], languages: [String],
                seniority: Seniority, capacityHoursPerQuarter: Int, version: Int = 1) {
        self.userID = userID
        self.name = name
        self.managerID = managerID
        self.skills = skills
        self.industries = industries
        self.languages = languages
        self.seniority = seniority
        self.capacityHoursPerQuarter = capacityHoursPerQuarter
        self.version = version
    }

    public var draft: ExpertProfileDraft {
        ExpertProfileDraft(skills: skills, industries: industries, languages: languages, seniority: seniority,
                           capacityHoursPerQuarter: capacityHoursPerQuarter)
    }
}

public struct ExpertProfileDraft: Sendable, Hashable {
    public var skills: [String]
    public var industries: [Industry]
    public var languages: [String]
    public var seniority: Seniority
    public var capacityHoursPerQuarter: Int

    public init(skills: [String] = [], industries: [Industry] = [], languages: [String] = [], seniority: Seniority = .senior,
                capacityHoursPerQuarter: Int = 240) {
        self.skills = skills
        self.industries = industries
        self.languages = languages
        self.seniority = seniority
        self.capacityHoursPerQuarter = capacityHoursPerQuarter
    }

    /// Skills and languages are compared case-insensitively, so they are kept trimmed and lower-cased.
    public var normalised: ExpertProfileDraft {
        var copy = self
        copy.skills = Self.tags(skills)
        copy.languages = Self.tags(languages)
        var seen: Set<Industry> = []
        copy.industries = industries.filter { seen.insert($0).inserted }
        return copy
    }

    static func tags(_ values: [String]) -> [String] {
        var seen: Set<String> = []
        return values.map { $0.trimmingCharacters(in: .whitespacesAndNewlines).lowercased() }
            .filter { !$0.isEmpty && seen.insert($0).inserted }
    }

    public func validate(into v: inout Validator) {
        if skills.count > 50 { v.add("skills", "too_many", "50") }
        for skill in skills { v.text(skill, "skills", max: 80) }
        if languages.count > 20 { v.add("languages", "too_many", "20") }
        for language in languages { v.text(language, "languages", max: 40) }
        v.range(capacityHoursPerQuarter, "capacityHoursPerQuarter", 0...2000)
    }
}

/// What an expert has committed: the account teams they sit on today and the hours a quarter
/// those memberships take.
public struct ExpertLoad: Sendable, Hashable, Codable {
    public var accounts: Int
    public var committedHoursPerQuarter: Int
    public var capacityHoursPerQuarter: Int

    public init(accounts: Int, committedHoursPerQuarter: Int, capacityHoursPerQuarter: Int) {
        self.accounts = accounts
        self.committedHoursPerQuarter = committedHoursPerQuarter
        self.capacityHoursPerQuarter = capacityHoursPerQuarter
    }

    /// Committed hours as a percentage of capacity; a capacity of zero with any commitment is
    /// over-allocated.
    public var percent: Int {
        guard capacityHoursPerQuarter > 0 else { return committedHoursPerQuarter > 0 ? 999 : 0 }
        return Int((Double(committedHoursPerQuarter) * 100 / Double(capacityHoursPerQuarter)).rounded())
    }

    public var freeHoursPerQuarter: Int { capacityHoursPerQuarter - committedHoursPerQuarter }

    public var isOverAllocated: Bool { committedHoursPerQuarter > capacityHoursPerQuarter }

    /// The load after taking on `hours` more; the request flow warns when it passes 100%.
    public func adding(hours: Int) -> ExpertLoad {
        ExpertLoad(accounts: accounts + 1, committedHoursPerQuarter: committedHoursPerQuarter + hours,
                   capacityHoursPerQuarter: capacityHoursPerQuarter)
    }
}

/// A search of the directory: skills and an industry wanted, optionally a language.
public struct ExpertSearch: Sendable, Hashable {
    public var skills: [String]
    public var industry: Industry?
    public var language: String?

    public init(skills: [String] = [], industry: Industry? = nil, language: String? = nil) {
        self.skills = ExpertProfileDraft.tags(skills)
        self.industry = industry
        self.language = language.map { ExpertProfileDraft.tags([$0]).first ?? "" }.flatMap { $0.isEmpty ? nil : $0 }
    }

    public var isEmpty: Bool { skills.isEmpty && industry == nil && language == nil }
}

/// A directory row: the expert, their load and how well they fit the search.
public struct ExpertMatch: Sendable, Hashable, Codable {
    public var profile: ExpertProfile
    public var load: ExpertLoad
    /// Share of the wanted skills, industry and language the expert has, 0–100.
    public var fit: Int
    public var matchedSkills: [String]

    public init(profile: ExpertProfile, load: ExpertLoad, fit: Int, matchedSkills: [String]) {
        self.profile = profile
        self.load = load
        self.fit = fit
        self.matchedSkills = matchedSkills
    }
}

public enum ExpertDirectory {
    /// Experts who match at least one wanted skill (and the industry and language, when asked),
    /// best fit first, then most free hours, then name. An empty search lists everyone by free hours.
    public static func search(_ query: ExpertSearch, profiles: [ExpertProfile], loads: [UserID: ExpertLoad]) -> [ExpertMatch] {
        let wanted = query.skills.count + (query.industry == nil ? 0 : 1) + (query.language == nil ? 0 : 1)
        let matches: [ExpertMatch] = profiles.compactMap { profile in
            let skills = Set(profile.skills)
            let matched = query.skills.filter(skills.contains)
            if !query.skills.isEmpty, matched.isEmpty { return nil }
            let industry = query.industry.map(profile.industries.contains) ?? false
            if query.industry != nil, !industry { return nil }
            let language = query.language.map(profile.languages.contains) ?? false
            if query.language != nil, !language { return nil }
            let hits = matched.count + (industry ? 1 : 0) + (language ? 1 : 0)
            let fit = wanted == 0 ? 100 : hits * 100 / wanted
            let load = loads[profile.userID]
                ?? ExpertLoad(accounts: 0, committedHoursPerQuarter: 0, capacityHoursPerQuarter: profile.capacityHoursPerQuarter)
            return ExpertMatch(profile: profile, load: load, fit: fit, matchedSkills: matched)
        }
        return matches.sorted { a, b in
            if a.fit != b.fit { return a.fit > b.fit }
            if a.load.freeHoursPerQuarter != b.load.freeHoursPerQuarter { return a.load.freeHoursPerQuarter > b.load.freeHoursPerQuarter }
            if a.profile.name != b.profile.name { return a.profile.name < b.profile.name }
            return a.profile.userID < b.profile.userID
        }
    }
}

public typealias ExpertRequestID = Int64

public enum ExpertRequestStatus: String, DomainVocabulary {
    case pending, accepted, declined, withdrawn
    public static let vocabularyName = "requeststatus"
}

/// A key account manager asks for an expert on an account; the expert's manager decides.
public struct ExpertRequest: Sendable, Hashable, Codable, Identifiable {
    public var id: ExpertRequestID
    public var accountID: AccountID
    public var accountName: String
    public var expertID: UserID
    public var expertName: String
    public var requestedBy: UserID
    public var requestedByName: String
    /// The expert's manager when the request was made; without one, administrators decide.
    public var approverID: UserID?
    public var hoursPerQuarter: Int
    public var note: String?
    public var status: ExpertRequestStatus
    public var decisionReason: String?
    public var decidedBy: UserID?
    public var teamMemberID: TeamMemberID?
    public var createdAt: Date
    public var decidedAt: Date?
    public var version: Int

    public init(id: ExpertRequestID, accountID: AccountID, accountName: String, expertID: UserID, expertName: String,
                requestedBy: UserID, requestedByName: String, approverID: UserID?, hoursPerQuarter: Int, note: String?,
                status: ExpertRequestStatus, decisionReason: String?, decidedBy: UserID?, teamMemberID: TeamMemberID?,
                createdAt: Date, decidedAt: Date?, version: Int) {
        self.id = id
        self.accountID = accountID
        self.accountName = accountName
        self.expertID = expertID
        self.expertName = expertName
        self.requestedBy = requestedBy
        self.requestedByName = requestedByName
        self.approverID = approverID
        self.hoursPerQuarter = hoursPerQuarter
        self.note = note
        self.status = status
        self.decisionReason = decisionReason
        self.decidedBy = decidedBy
        self.teamMemberID = teamMemberID
        self.createdAt = createdAt
        self.decidedAt = decidedAt
        self.version = version
    }

    /// Who may decide: the approver, or an administrator.
    public func mayDecide(_ user: User) -> Bool {
        user.role == .administrator || approverID == user.id
    }
}

public struct ExpertRequestDraft: Sendable, Hashable {
    public var expertID: UserID
    public var hoursPerQuarter: Int
    public var note: String?

    public init(expertID: UserID, hoursPerQuarter: Int, note: String? = nil) {
        self.expertID = expertID
        self.hoursPerQuarter = hoursPerQuarter
        self.note = note
    }

    public func validate(into v: inout Validator) {
        v.range(hoursPerQuarter, "hoursPerQuarter", 1...2000)
        v.text(note, "note", max: 2000)
    }
}

/// A decision on a request: accepting adds the expert to the account's virtual team; declining
/// needs a reason the requester will read.
public struct ExpertDecision: Sendable, Hashable {
    public var accept: Bool
    public var reason: String?

    public init(accept: Bool, reason: String?) {
        self.accept = accept
        self.reason = reason
    }

    public func validate(into v: inout Validator) {
        v.text(reason, "reason", required: !accept, max: 2000)
    }
}

/// Which requests a user lists: made by them, awaiting their decision, or about them as the expert.
public enum ExpertRequestBox: String, Sendable, CaseIterable {
    case mine, awaitingMe = "awaiting", aboutMe = "about_me"
}
