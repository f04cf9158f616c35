import Foundation
import KAMCore

/// Maps request bodies (JSON, or HTML forms turned into the same shape) onto domain drafts.
/// A field left out keeps its current value; for creation the base is a blank draft and the
/// required fields are checked by the domain's own validation.
enum Inputs {
    /// A draft read from a request, with what was wrong in it (wrong types, unknown choices, unknown
    /// fields). The store answers these together with its own findings, so one 422 lists them all.
    struct Parsed<Value: Sendable>: Sendable {
        var value: Value
        var issues: [FieldIssue]
    }

    static let accountFields: Set<String> = ["name", "industry", "region", "size", "timeZone", "parentID",
                                             "procurementMode", "ownerID", "website", "description", "customFields"]

    static func account(_ value: JSONValue, fromForm: Bool, base: AccountDraft, creating: Bool) -> Parsed<AccountDraft> {
        var r = InputReader(value, fromForm: fromForm)
        r.rejectUnknown(except: accountFields)
        var d = base
        let name = r.string("name")
        d.name = name.or(creating ? "" : d.name)
        if case .null = name { d.name = "" }
        d.industry = required(r.vocabulary("industry", Industry.self), "industry", creating, &r, current: d.industry)
        d.region = required(r.vocabulary("region", Region.self), "region", creating, &r, current: d.region)
        d.size = r.vocabulary("size", AccountSize.self).or(d.size)
        d.timeZone = r.string("timeZone").orOptional(d.timeZone)
        d.parentID = r.int("parentID").orOptional(d.parentID)
        d.procurementMode = r.vocabulary("procurementMode", ProcurementMode.self).or(d.procurementMode)
        d.ownerID = r.int("ownerID").or(d.ownerID)
        d.website = r.string("website").orOptional(d.website)
        d.description = r.string("description").orOptional(d.description)
        if var custom = r.object("customFields") {
            var values = d.customFields
            for key in custom.object.keys.sorted() {
                switch custom.string(key) {
                case .value(let v): values[key] = v
                case .null: values[key] = nil
                case .absent: break
                }
            }
            r.issues += custom.issues
            d.customFields = values
        }
        return Parsed(value: d, issues: r.issues)
    }

    static func required<V>(_ field: Field<V>, _ key: String, _ creating: Bool, _ r: inout InputReader, current: V) -> V {
        switch field {
        case .value(let v): return v
        case .null:
            r.issues.append(FieldIssue(field: key, code: "required"))
            return current
        case .absent:
            if creating { r.issues.append(FieldIssue(field: key, code: "required")) }
            return current
        }
    }

    static func move(_ value: JSONValue, fromForm: Bool) throws -> MoveRequest {
        var r = InputReader(value, fromForm: fromForm)
        r.rejectUnknown(except: ["field", "to", "reason"])
        let field = required(r.vocabulary("field", TrackedAccountField.self), "field", true, &r, current: .status)
        let to = required(r.string("to"), "to", true, &r, current: "")
        let reason = r.string("reason").value ?? ""
        try finish(r)
        return MoveRequest(field: field, to: to, reason: reason)
    }

    static let personFields: Set<String> = ["name", "kind", "organisation", "userID", "recordedForAccountID", "isPlaceholder", "email",
                                            "phones", "legalBasis", "notes", "employments", "facts", "portrait"]

    static func person(_ value: JSONValue, fromForm: Bool, base: KeyPersonDraft) -> Parsed<(KeyPersonDraft, PortraitInput?)> {
        var r = InputReader(value, fromForm: fromForm)
        r.rejectUnknown(except: personFields)
        var d = base
        if var name = r.object("name") {
            name.rejectUnknown(except: ["family", "given", "familyReading", "givenReading"])
            d.name.family = name.string("family").or(d.name.family)
            d.name.given = name.string("given").orOptional(d.name.given) ?? ""
            d.name.familyReading = name.string("familyReading").orOptional(d.name.familyReading)
            d.name.givenReading = name.string("givenReading").orOptional(d.name.givenReading)
            r.issues += name.issues
        }
        d.kind = r.vocabulary("kind", PersonKind.self).or(d.kind)
        d.organisation = r.string("organisation").orOptional(d.organisation)
        d.userID = r.int("userID").orOptional(d.userID)
        d.recordedForAccountID = r.int("recordedForAccountID").orOptional(d.recordedForAccountID)
        d.isPlaceholder = r.bool("isPlaceholder").or(d.isPlaceholder)
        d.email = r.string("email").orOptional(d.email)
        d.legalBasis = r.vocabulary("legalBasis", LegalBasis.self).or(d.legalBasis)
        d.notes = r.string("notes").orOptional(d.notes)
        if let phones = r.objects("phones") {
            d.phones = phones.map { p in
                var p = p
                p.rejectUnknown(except: ["label", "number"])
                let phone = Phone(label: p.string("label").value ?? "", number: p.string("number").value ?? "")
                r.issues += p.issues
                return phone
            }
        }
        if let jobs = r.objects("employments") {
            d.employments = jobs.map { j in
                var j = j
                j.rejectUnknown(except: ["accountID", "title", "department", "reportsToID", "from", "to"])
                let accountID = j.int("accountID").value
                if accountID == nil { j.issues.append(FieldIssue(field: j.path("accountID"), code: "required")) }
                let job = Employment(accountID: accountID ?? 0, title: j.string("title").value, department: j.string("department").value,
                                     reportsToID: j.int("reportsToID").value, from: j.date("from").value, to: j.date("to").value)
                r.issues += j.issues
                return job
            }
        }
        if let facts = r.objects("facts") {
            d.facts = facts.map { f in
                var f = f
                f.rejectUnknown(except: ["kind", "value", "source", "recordedOn"])
                let kind = f.vocabulary("kind", PersonalFactKind.self).value ?? .other
                let recorded = f.date("recordedOn").value
                if recorded == nil { f.issues.append(FieldIssue(field: f.path("recordedOn"), code: "required")) }
                let fact = PersonalFact(kind: kind, value: f.string("value").value ?? "", source: f.string("source").value ?? "",
                                        recordedOn: recorded ?? CalendarDate(year: 1970, month: 1, day: 1))
                r.issues += f.issues
                return fact
            }
        }
        var portrait: PortraitInput?
        if var p = r.object("portrait") {
            portrait = portraitInput(&p)
            r.issues += p.issues
        }
        return Parsed(value: (d, portrait), issues: r.issues)
    }

    static func portrait(_ value: JSONValue, fromForm: Bool) throws -> PortraitInput {
        var r = InputReader(value, fromForm: fromForm)
        let input = portraitInput(&r)
        try finish(r)
        return input
    }

    private static func portraitInput(_ r: inout InputReader) -> PortraitInput {
        r.rejectUnknown(except: ["closeness", "recognition", "priceAcceptance", "evidence"])
        return PortraitInput(closeness: r.int("closeness").value.map(Int.init), recognition: r.int("recognition").value.map(Int.init),
                             priceAcceptance: r.int("priceAcceptance").value.map(Int.init), evidence: r.string("evidence").value)
    }

    static let opportunityFields: Set<String> = ["name", "accountID", "amount", "stage", "expectedClose", "ownerID", "probabilityPercent",
                                                 "foundOn", "stageReason"]

    static func opportunity(_ value: JSONValue, fromForm: Bool, base: OpportunityDraft, creating: Bool) -> Parsed<OpportunityDraft> {
        var r = InputReader(value, fromForm: fromForm)
        r.rejectUnknown(except: opportunityFields)
        var d = base
        d.name = r.string("name").or(creating ? "" : d.name)
        d.accountID = required(r.int("accountID"), "accountID", creating, &r, current: d.accountID)
        if var amount = r.object("amount") {
            amount.rejectUnknown(except: ["minorUnits", "currency", "decimal"])
            d.amount.currency = amount.string("currency").or(d.amount.currency).uppercased()
            if let minor = amount.int("minorUnits").value { d.amount.minorUnits = minor }
            if let decimal = amount.string("decimal").value {
                if let minor = minorUnits(decimal, digits: d.amount.digits) { d.amount.minorUnits = minor } else {
                    amount.issues.append(FieldIssue(field: amount.path("decimal"), code: "invalid_amount"))
                }
            }
            r.issues += amount.issues
        } else if creating {
            r.issues.append(FieldIssue(field: "amount", code: "required"))
        }
        // Any stage key: the sales process, which an administrator configures, decides which exist.
        d.stage = r.string("stage").value.map(OpportunityStage.init(rawValue:)) ?? d.stage
        d.expectedClose = r.date("expectedClose").orOptional(d.expectedClose)
        d.ownerID = r.int("ownerID").or(d.ownerID)
        d.probabilityPercent = r.int("probabilityPercent").orOptional(d.probabilityPercent.map(Int64.init)).map { Int(clamping: $0) }
        d.foundOn = r.date("foundOn").orOptional(d.foundOn)
        if creating, r.string("stageReason").value != nil { r.issues.append(FieldIssue(field: "stageReason", code: "only_when_moving")) }
        return Parsed(value: d, issues: r.issues)
    }

    /// "1234.5" in a currency with 2 digits → 123450; refuses more digits than the currency has.
    /// "1,234.5" in a currency with 2 digits → 123450; no signs, no more digits than the currency has.
    static func minorUnits(_ text: String, digits: Int) -> Int64? {
        Money.minorUnits(decimal: text.replacingOccurrences(of: ",", with: ""), digits: digits).flatMap { $0 >= 0 ? $0 : nil }
    }

    static let userChangeFields: Set<String> = ["displayName", "email", "role", "managerID", "timeZone", "active"]

    static func userChange(_ value: JSONValue, fromForm: Bool, base: UserChange) -> Parsed<UserChange> {
        var r = InputReader(value, fromForm: fromForm)
        r.rejectUnknown(except: userChangeFields)
        var d = base
        d.displayName = r.string("displayName").or(d.displayName)
        d.email = r.string("email").orOptional(d.email)
        d.role = r.vocabulary("role", Role.self).or(d.role)
        d.managerID = r.int("managerID").orOptional(d.managerID)
        d.timeZone = r.string("timeZone").or(d.timeZone)
        d.active = r.bool("active").or(d.active)
        return Parsed(value: d, issues: r.issues)
    }

    static let teamMemberFields: Set<String> = ["userID", "role", "access", "from", "to", "hoursPerQuarter", "privateFields"]

    /// A team membership; `base` is the stored one when changing, a new one (from today) when adding.
    static func teamMember(_ value: JSONValue, fromForm: Bool, base: TeamMemberDraft, creating: Bool) -> Parsed<TeamMemberDraft> {
        var r = InputReader(value, fromForm: fromForm)
        r.rejectUnknown(except: teamMemberFields)
        var d = base
        d.userID = required(r.int("userID"), "userID", creating, &r, current: d.userID)
        d.role = required(r.vocabulary("role", TeamRole.self), "role", creating, &r, current: d.role)
        d.access = r.vocabulary("access", TeamAccess.self).or(d.access)
        d.from = r.date("from").or(d.from)
        d.to = r.date("to").orOptional(d.to)
        d.hoursPerQuarter = Int(r.int("hoursPerQuarter").or(Int64(d.hoursPerQuarter)))
        d.privateFields = r.bool("privateFields").or(d.privateFields)
        return Parsed(value: d, issues: r.issues)
    }

    private static func finish(_ r: InputReader) throws {
        if !r.issues.isEmpty { throw AppError.invalid(r.issues) }
    }
}
