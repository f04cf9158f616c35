import Foundation

public typealias AccountID = Int64
public typealias PersonID = Int64
public typealias UserID = Int64
public typealias OpportunityID = Int64
public typealias SalesDocumentID = Int64

/// The account (enterprise) of domain.md §3, as stored. Scene, stage and status change only
/// through `StateMove`s, so they are not part of `AccountDraft`.
public struct Account: Sendable, Hashable, Codable, Identifiable {
    public var id: AccountID
    public var name: String
    public var industry: Industry
    public var region: Region
    public var size: AccountSize
    public var timeZone: String
    public var parentID: AccountID?
    public var procurementMode: ProcurementMode
    public var ownerID: UserID
    public var website: String?
    public var description: String?
    public var scene: LifecycleScene
    public var stage: RelationshipStage
    public var status: KeyAccountStatus
    /// A–D once classified (domain.md §5); nil until the first classification or move.
    public var accountClass: AccountClass?
    public var customFields: [String: String]
    public var version: Int
    public var createdAt: Date
    public var updatedAt: Date
    public var updatedBy: UserID?
    public var deletedAt: Date?
    /// The current team members and their access, loaded with the account for the access policy;
    /// not part of the account's own record (audit entries and API bodies leave it out).
    public var team: [UserID: TeamAccess] = [:]
    /// Everyone who covers the account on a line today, in person or through a sales team;
    /// loaded like `team`: coverage lets them see the account, not change it.
    public var coverers: Set<UserID> = []
    /// Current team members granted sight of key persons' personal fields.
    public var privateFieldGrants: Set<UserID> = []

    private enum CodingKeys: String, CodingKey {
        case id, name, industry, region, size, timeZone, parentID, procurementMode, ownerID, website, description
        case scene, stage, status, accountClass, customFields, version, createdAt, updatedAt, updatedBy, deletedAt
    }

    public init(id: AccountID, draft: AccountDraft, scene: LifecycleScene = .acquisition,
                stage: RelationshipStage = .building, status: KeyAccountStatus = .none, accountClass: AccountClass? = nil,
                version: Int = 1, createdAt: Date, updatedAt: Date, updatedBy: UserID? = nil, deletedAt: Date? = nil) {
        self.id = id
        self.name = draft.name
        self.industry = draft.industry
        self.region = draft.region
        self.size = draft.size
        self.timeZone = draft.timeZone ?? draft.region.defaultTimeZone
        self.parentID = draft.parentID
        self.procurementMode = draft.procurementMode
        self.ownerID = draft.ownerID
        self.website = draft.website
        self.description = draft.description
        self.scene = scene
        self.stage = stage
        self.status = status
        self.accountClass = accountClass
        self.customFields = draft.customFields
        self.version = version
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.updatedBy = updatedBy
        self.deletedAt = deletedAt
    }

    public var draft: AccountDraft {
        AccountDraft(name: name, industry: industry, region: region, size: size, timeZone: timeZone,
                     parentID: parentID, procurementMode: procurementMode, ownerID: ownerID,
                     website: website, description: description, customFields: customFields)
    }
}

/// What a user enters to create or edit an account.
public struct AccountDraft: Sendable, Hashable, Codable {
    public var name: String
    public var industry: Industry
    public var region: Region
    public var size: AccountSize
    /// nil means "the region's default".
    public var timeZone: String?
    public var parentID: AccountID?
    public var procurementMode: ProcurementMode
    public var ownerID: UserID
    public var website: String?
    public var description: String?
    /// Custom profile field values keyed by the field's key, as entered text.
    public var customFields: [String: String]

    public init(name: String, industry: Industry, region: Region, size: AccountSize, timeZone: String? = nil,
                parentID: AccountID? = nil, procurementMode: ProcurementMode = .centralised, ownerID: UserID,
                website: String? = nil, description: String? = nil, customFields: [String: String] = [:]) {
        self.name = name
        self.industry = industry
        self.region = region
        self.size = size
        self.timeZone = timeZone
        self.parentID = parentID
        self.procurementMode = procurementMode
        self.ownerID = ownerID
        self.website = website
        self.description = description
        self.customFields = customFields
    }

    /// The checks that need no database; existence of ids and cycles are checked by the store
    /// inside the writing transaction (see `Hierarchy`).
    public func validate(into v: inout Validator, customFieldDefinitions: [CustomFieldDefinition]) {
        v.text(name, "name", required: true, max: 200)
        v.timeZone(timeZone, "timeZone")
        v.url(website, "website")
        v.text(description, "description", max: 10_000)
        let applicable = customFieldDefinitions.filter { $0.applies(to: industry) }
        for (key, value) in customFields {
            guard let definition = applicable.first(where: { $0.key == key }) else {
                v.add("customFields.\(key)", "unknown_field")
                continue
            }
            definition.validate(value, into: &v)
        }
        for definition in applicable where definition.required && (customFields[definition.key] ?? "").isEmpty {
            v.add("customFields.\(definition.key)", "required")
        }
    }
}

/// A recorded change of scene, stage, key-account status or class: editing one is making a move.
public struct StateMove: Sendable, Hashable, Codable {
    public var accountID: AccountID
    public var field: TrackedAccountField
    public var from: String
    public var to: String
    public var reason: String
    public var actorID: UserID?
    public var at: Date

    public init(accountID: AccountID, field: TrackedAccountField, from: String, to: String,
                reason: String, actorID: UserID?, at: Date) {
        self.accountID = accountID
        self.field = field
        self.from = from
        self.to = to
        self.reason = reason
        self.actorID = actorID
        self.at = at
    }
}

/// A move as requested: which field, the new value and why.
public struct MoveRequest: Sendable, Hashable, Codable {
    public var field: TrackedAccountField
    public var to: String
    public var reason: String

    public init(field: TrackedAccountField, to: String, reason: String) {
        self.field = field
        self.to = to
        self.reason = reason
    }

    public func validate(current: Account) throws(ValidationFailure) {
        var v = Validator()
        v.text(reason, "reason", required: true, max: 2000)
        let allowed: [String] = switch field {
        case .scene: LifecycleScene.allRawValues
        case .stage: RelationshipStage.allRawValues
        case .status: KeyAccountStatus.allRawValues
        case .accountClass: AccountClass.allRawValues
        }
        if !allowed.contains(to) {
            v.add("to", "invalid_choice", allowed.joined(separator: ", "))
        } else if to == current.value(of: field) {
            v.add("to", "unchanged")
        }
        try v.check()
    }
}

extension Account {
    public func value(of field: TrackedAccountField) -> String {
        switch field {
        case .scene: scene.rawValue
        case .stage: stage.rawValue
        case .status: status.rawValue
        // Before the first classification the move starts from nothing.
        case .accountClass: accountClass?.rawValue ?? ""
        }
    }

    /// Applies a validated move; the raw value was checked by `MoveRequest.validate`.
    public mutating func apply(_ move: MoveRequest) {
        switch move.field {
        case .scene: scene = LifecycleScene(rawValue: move.to) ?? scene
        case .stage: stage = RelationshipStage(rawValue: move.to) ?? stage
        case .status: status = KeyAccountStatus(rawValue: move.to) ?? status
        case .accountClass: accountClass = AccountClass(rawValue: move.to) ?? accountClass
        }
    }
}
