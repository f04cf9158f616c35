import Foundation

/// A user of the demo company. Ids are assigned 1…n in the order `DemoGenerator.users()` returns,
/// and a manager always comes before the people who report to them.
public struct DemoUser: Sendable, Hashable {
    public var username: String
    public var displayName: String
    public var email: String?
    public var role: Role
    public var managerUsername: String?
    /// A `UILanguage` raw value ("en", "ja", "ko", "zh").
    public var locale: String?
    public var timeZone: String

    public init(username: String, displayName: String, email: String?, role: Role,
                managerUsername: String?, locale: String?, timeZone: String) {
        self.username = username
        self.displayName = displayName
        self.email = email
        self.role = role
        self.managerUsername = managerUsername
        self.locale = locale
        self.timeZone = timeZone
    }

    public func user(id: UserID, managerID: UserID?) -> User {
        User(id: id, username: username, displayName: displayName, email: email, role: role,
             managerID: managerID, locale: locale, timeZone: timeZone)
    }
}

/// One demo account. `parentIndex` always refers to an earlier account of the same batch;
/// `ownerIndex` is an index into the account owners (`DemoGenerator.accountOwners()`).
public struct DemoAccount: Sendable, Hashable {
    public var index: Int
    public var parentIndex: Int?
    public var name: String
    public var industry: Industry
    public var region: Region
    public var size: AccountSize
    public var procurementMode: ProcurementMode
    public var ownerIndex: Int
    public var website: String?
    public var description: String?
    /// The domain of the account's e-mail addresses (shared by a headquarters and its branches),
    /// always under an `.example` name, e.g. `mizunami-bank.example.jp`.
    public var emailDomain: String
    public var scene: LifecycleScene
    public var stage: RelationshipStage
    public var status: KeyAccountStatus

    public init(index: Int, parentIndex: Int?, name: String, industry: Industry, region: Region, size: AccountSize,
                procurementMode: ProcurementMode, ownerIndex: Int, website: String?, description: String?,
                emailDomain: String, scene: LifecycleScene, stage: RelationshipStage, status: KeyAccountStatus) {
        self.index = index
        self.parentIndex = parentIndex
        self.name = name
        self.industry = industry
        self.region = region
        self.size = size
        self.procurementMode = procurementMode
        self.ownerIndex = ownerIndex
        self.website = website
        self.description = description
        self.emailDomain = emailDomain
        self.scene = scene
        self.stage = stage
        self.status = status
    }

    /// The draft a user would have entered; the time zone is left to the region's default.
    public func draft(ownerID: UserID, parentID: AccountID?) -> AccountDraft {
        AccountDraft(name: name, industry: industry, region: region, size: size, parentID: parentID,
                     procurementMode: procurementMode, ownerID: ownerID, website: website, description: description)
    }
}

/// One key person of a demo account. `localIndex` is the position in the account's list;
/// person 0 is the top of the org chart and everyone else reports to an earlier person.
public struct DemoPerson: Sendable, Hashable {
    public var localIndex: Int
    public var name: PersonName
    public var email: String?
    public var phones: [Phone]
    public var legalBasis: LegalBasis
    public var title: String
    public var department: String
    public var reportsToLocalIndex: Int?
    /// Start of the current employment.
    public var since: CalendarDate
    public var facts: [PersonalFact]
    public var portrait: Portrait
    public var notes: String?

    public init(localIndex: Int, name: PersonName, email: String?, phones: [Phone], legalBasis: LegalBasis,
                title: String, department: String, reportsToLocalIndex: Int?, since: CalendarDate,
                facts: [PersonalFact], portrait: Portrait, notes: String?) {
        self.localIndex = localIndex
        self.name = name
        self.email = email
        self.phones = phones
        self.legalBasis = legalBasis
        self.title = title
        self.department = department
        self.reportsToLocalIndex = reportsToLocalIndex
        self.since = since
        self.facts = facts
        self.portrait = portrait
        self.notes = notes
    }

    /// The draft with one open employment at `accountID`.
    public func draft(accountID: AccountID, reportsToID: PersonID?) -> KeyPersonDraft {
        KeyPersonDraft(name: name, email: email, phones: phones, legalBasis: legalBasis, notes: notes,
                       employments: [Employment(accountID: accountID, title: title, department: department,
                                                reportsToID: reportsToID, from: since)],
                       facts: facts)
    }
}

/// One demo opportunity of an account, in the account region's language and currency.
public struct DemoOpportunity: Sendable, Hashable {
    public var localIndex: Int
    public var name: String
    public var amount: Money
    public var stage: OpportunityStage
    public var expectedClose: CalendarDate
    public var ownerIndex: Int

    public init(localIndex: Int, name: String, amount: Money, stage: OpportunityStage,
                expectedClose: CalendarDate, ownerIndex: Int) {
        self.localIndex = localIndex
        self.name = name
        self.amount = amount
        self.stage = stage
        self.expectedClose = expectedClose
        self.ownerIndex = ownerIndex
    }

    public func draft(accountID: AccountID, ownerID: UserID) -> OpportunityDraft {
        OpportunityDraft(name: name, accountID: accountID, amount: amount, stage: stage,
                         expectedClose: expectedClose, ownerID: ownerID)
    }
}
