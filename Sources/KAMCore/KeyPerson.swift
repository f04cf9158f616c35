import Foundation

/// One person identity (domain.md §10): a contact at an account or an outside person who matters.
public struct KeyPerson: Sendable, Hashable, Codable, Identifiable {
    public var id: PersonID
    public var name: PersonName
    public var kind: PersonKind
    /// An outside person's own organisation (the partner firm, the competitor, our department).
    public var organisation: String?
    /// For one of our own employees: their user account, when they have one.
    public var userID: UserID?
    /// For an outside person: the account they matter for, which decides who sees and edits them.
    public var recordedForAccountID: AccountID?
    /// A role in the org chart nobody has been found for yet ("CFO — not yet identified").
    public var isPlaceholder: Bool
    /// The real person who took a placeholder's place; set when the placeholder was replaced.
    public var replacedByID: PersonID?
    public var email: String?
    public var phones: [Phone]
    public var legalBasis: LegalBasis
    /// Private notes: personal fields, shown only to those allowed to see private data.
    public var notes: String?
    public var employments: [Employment]
    public var facts: [PersonalFact]
    /// The latest assessment; the full history is kept in `PortraitAssessment` rows.
    public var portrait: Portrait?
    public var version: Int
    public var createdAt: Date
    public var updatedAt: Date
    public var updatedBy: UserID?
    public var deletedAt: Date?

    public init(id: PersonID, draft: KeyPersonDraft, portrait: Portrait? = nil, replacedByID: PersonID? = nil, version: Int = 1,
                createdAt: Date, updatedAt: Date, updatedBy: UserID? = nil, deletedAt: Date? = nil) {
        self.id = id
        self.name = draft.name
        self.kind = draft.kind
        self.organisation = draft.organisation
        self.userID = draft.userID
        self.recordedForAccountID = draft.recordedForAccountID
        self.isPlaceholder = draft.isPlaceholder
        self.replacedByID = replacedByID
        self.email = draft.email
        self.phones = draft.phones
        self.legalBasis = draft.legalBasis
        self.notes = draft.notes
        self.employments = draft.employments
        self.facts = draft.facts
        self.portrait = portrait
        self.version = version
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.updatedBy = updatedBy
        self.deletedAt = deletedAt
    }

    public var draft: KeyPersonDraft {
        KeyPersonDraft(name: name, kind: kind, organisation: organisation, userID: userID, recordedForAccountID: recordedForAccountID,
                       isPlaceholder: isPlaceholder, email: email, phones: phones, legalBasis: legalBasis, notes: notes,
                       employments: employments, facts: facts)
    }

    /// The open employment link is the person's current job; with several open, the latest start wins.
    public var currentEmployment: Employment? {
        employments.filter { $0.to == nil }.max { ($0.from ?? .init(year: 1, month: 1, day: 1)) < ($1.from ?? .init(year: 1, month: 1, day: 1)) }
    }
}

/// Structured names; the order in which they are written depends on the reader's locale and
/// on the script of the name itself.
public struct PersonName: Sendable, Hashable, Codable {
    public var family: String
    public var given: String
    /// Reading (furigana, romanisation) of each part, used for sorting and pronunciation.
    public var familyReading: String?
    public var givenReading: String?

    public init(family: String, given: String, familyReading: String? = nil, givenReading: String? = nil) {
        self.family = family
        self.given = given
        self.familyReading = familyReading
        self.givenReading = givenReading
    }

    /// East Asian locales write family name first; a name written in CJK or Hangul is always
    /// written family first, with no space, whatever the locale.
    public func display(localeIdentifier: String) -> String {
        let familyFirstLocale = ["ja", "ko", "zh"].contains { localeIdentifier.hasPrefix($0) }
        if isEastAsianScript { return family + given }
        if given.isEmpty { return family }
        if family.isEmpty { return given }
        return familyFirstLocale ? "\(family) \(given)" : "\(given) \(family)"
    }

    public var reading: String? {
        let parts = [familyReading, givenReading].compactMap { $0 }.filter { !$0.isEmpty }
        return parts.isEmpty ? nil : parts.joined(separator: " ")
    }

    var isEastAsianScript: Bool {
        (family + given).unicodeScalars.contains { s in
            (0x3040...0x30FF).contains(s.value) || (0x3400...0x9FFF).contains(s.value) || (0xAC00...0xD7AF).contains(s.value)
        }
    }
}

public struct Phone: Sendable, Hashable, Codable {
    public var label: String
    public var number: String
    public init(label: String, number: String) {
        self.label = label
        self.number = number
    }
}

/// A dated link between a person and an account: where they work(ed), as what, and to whom they report.
public struct Employment: Sendable, Hashable, Codable {
    public var accountID: AccountID
    public var title: String?
    public var department: String?
    /// The person this one reports to in this job: the reporting line of the org chart.
    public var reportsToID: PersonID?
    public var from: CalendarDate?
    public var to: CalendarDate?

    public init(accountID: AccountID, title: String? = nil, department: String? = nil, reportsToID: PersonID? = nil,
                from: CalendarDate? = nil, to: CalendarDate? = nil) {
        self.accountID = accountID
        self.title = title
        self.department = department
        self.reportsToID = reportsToID
        self.from = from
        self.to = to
    }
}

/// A personal fact worth knowing (hobby, school, past employer), with where it came from and when.
public struct PersonalFact: Sendable, Hashable, Codable {
    public var kind: PersonalFactKind
    public var value: String
    public var source: String
    public var recordedOn: CalendarDate

    public init(kind: PersonalFactKind, value: String, source: String, recordedOn: CalendarDate) {
        self.kind = kind
        self.value = value
        self.source = source
        self.recordedOn = recordedOn
    }
}

/// The three attitudes that decide whether a key person chooses us, each 1 (worst) to 5 (best).
public struct Portrait: Sendable, Hashable, Codable {
    public var closeness: Int
    public var recognition: Int
    public var priceAcceptance: Int

    public init(closeness: Int, recognition: Int, priceAcceptance: Int) {
        self.closeness = closeness
        self.recognition = recognition
        self.priceAcceptance = priceAcceptance
    }
}

/// One assessment of a portrait; every change is kept (who assessed, when, the evidence).
public struct PortraitAssessment: Sendable, Hashable, Codable {
    public var personID: PersonID
    public var portrait: Portrait
    public var evidence: String
    public var assessedBy: UserID?
    public var assessedAt: Date

    public init(personID: PersonID, portrait: Portrait, evidence: String, assessedBy: UserID?, assessedAt: Date) {
        self.personID = personID
        self.portrait = portrait
        self.evidence = evidence
        self.assessedBy = assessedBy
        self.assessedAt = assessedAt
    }
}

public struct PortraitInput: Sendable, Hashable, Codable {
    public var closeness: Int?
    public var recognition: Int?
    public var priceAcceptance: Int?
    public var evidence: String?

    public init(closeness: Int?, recognition: Int?, priceAcceptance: Int?, evidence: String?) {
        self.closeness = closeness
        self.recognition = recognition
        self.priceAcceptance = priceAcceptance
        self.evidence = evidence
    }

    public func validated() throws(ValidationFailure) -> (Portrait, String) {
        var v = Validator()
        v.range(closeness, "closeness", 1...5)
        v.range(recognition, "recognition", 1...5)
        v.range(priceAcceptance, "priceAcceptance", 1...5)
        v.text(evidence, "evidence", max: 4000)
        try v.check()
        return (Portrait(closeness: closeness ?? 0, recognition: recognition ?? 0, priceAcceptance: priceAcceptance ?? 0),
                evidence ?? "")
    }
}

public struct KeyPersonDraft: Sendable, Hashable, Codable {
    public var name: PersonName
    public var kind: PersonKind
    public var organisation: String?
    public var userID: UserID?
    public var recordedForAccountID: AccountID?
    public var isPlaceholder: Bool
    public var email: String?
    public var phones: [Phone]
    public var legalBasis: LegalBasis
    public var notes: String?
    public var employments: [Employment]
    public var facts: [PersonalFact]

    public init(name: PersonName, kind: PersonKind = .contact, organisation: String? = nil, userID: UserID? = nil,
                recordedForAccountID: AccountID? = nil, isPlaceholder: Bool = false, email: String? = nil, phones: [Phone] = [],
                legalBasis: LegalBasis = .legitimateInterest, notes: String? = nil, employments: [Employment] = [],
                facts: [PersonalFact] = []) {
        self.name = name
        self.kind = kind
        self.organisation = organisation
        self.userID = userID
        self.recordedForAccountID = recordedForAccountID
        self.isPlaceholder = isPlaceholder
        self.email = email
        self.phones = phones
        self.legalBasis = legalBasis
        self.notes = notes
        self.employments = employments
        self.facts = facts
    }

    /// Checks that need no database. Account and manager ids, and reporting cycles, are checked by
    /// the store in the writing transaction.
    public func validate(into v: inout Validator, selfID: PersonID? = nil) {
        v.text(name.family, "name.family", required: true, max: 100)
        v.text(name.given, "name.given", max: 100)
        v.text(name.familyReading, "name.familyReading", max: 100)
        v.text(name.givenReading, "name.givenReading", max: 100)
        v.email(email, "email")
        v.text(notes, "notes", max: 10_000)
        v.text(organisation, "organisation", max: 200)
        if !kind.isOutside {
            // A contact's organisation is the account of their job, and who sees them follows it.
            if organisation != nil { v.add("organisation", "only_outside_people") }
            if recordedForAccountID != nil { v.add("recordedForAccountID", "only_outside_people") }
        } else if kind != .colleague && recordedForAccountID == nil && employments.isEmpty {
            // Someone must be able to see them: the account they matter for decides who.
            v.add("recordedForAccountID", "required")
        }
        if userID != nil && kind != .colleague { v.add("userID", "only_colleagues") }
        if isPlaceholder {
            if kind != .contact { v.add("isPlaceholder", "only_contacts") }
            // A placeholder stands for a position in an org chart, so it needs that job.
            if !employments.contains(where: { $0.to == nil }) { v.add("employments", "placeholder_needs_job") }
        }
        if phones.count > 10 { v.add("phones", "too_many", "10") }
        for (i, phone) in phones.enumerated() {
            v.text(phone.label, "phones[\(i)].label", max: 40)
            v.text(phone.number, "phones[\(i)].number", required: true, max: 40)
            if !phone.number.allSatisfy({ $0.isNumber || " +-().".contains($0) }) {
                v.add("phones[\(i)].number", "invalid_phone")
            }
        }
        if employments.count > 50 { v.add("employments", "too_many", "50") }
        for (i, job) in employments.enumerated() {
            v.text(job.title, "employments[\(i)].title", max: 200)
            v.text(job.department, "employments[\(i)].department", max: 200)
            if let from = job.from, let to = job.to, to < from { v.add("employments[\(i)].to", "before_start") }
            if let selfID, job.reportsToID == selfID { v.add("employments[\(i)].reportsToID", "self_reference") }
        }
        if facts.count > 100 { v.add("facts", "too_many", "100") }
        for (i, fact) in facts.enumerated() {
            v.text(fact.value, "facts[\(i)].value", required: true, max: 500)
            v.text(fact.source, "facts[\(i)].source", required: true, max: 500)
        }
    }
}
