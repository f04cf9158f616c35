import Foundation
import KAMCore

extension Inputs {
    /// Logging (`base` nil) or changing an activity. Follow-ups and portrait updates are read so
    /// that a change carrying them is refused by name rather than ignored.
    static func activity(_ value: JSONValue, fromForm: Bool, base: ActivityDraft?) -> Parsed<ActivityDraft> {
        var r = InputReader(value, fromForm: fromForm)
        r.rejectUnknown(except: ["kind", "occurredOn", "subject", "notes", "agenda", "outcomes", "opportunityID", "ourParticipants",
                                 "theirParticipants", "followUps", "portraitUpdates"])
        var d = base ?? ActivityDraft()
        d.followUps = []
        d.portraitUpdates = []
        d.kind = r.vocabulary("kind", ActivityKind.self).or(d.kind)
        d.occurredOn = r.date("occurredOn").orOptional(d.occurredOn)
        d.subject = r.string("subject").or(d.subject)
        d.notes = r.string("notes").orOptional(d.notes)
        d.agenda = r.string("agenda").orOptional(d.agenda)
        d.outcomes = r.string("outcomes").orOptional(d.outcomes)
        d.opportunityID = r.int("opportunityID").orOptional(d.opportunityID)
        d.ourParticipants = r.ids("ourParticipants").or(d.ourParticipants)
        d.theirParticipants = r.ids("theirParticipants").or(d.theirParticipants)
        for var item in r.objects("followUps") ?? [] {
            item.rejectUnknown(except: ["title", "ownerID", "dueOn"])
            d.followUps.append(FollowUpDraft(title: item.string("title").or(""), ownerID: item.int("ownerID").value, dueOn: item.date("dueOn").value))
            r.issues += item.issues
        }
        for var item in r.objects("portraitUpdates") ?? [] {
            item.rejectUnknown(except: ["personID", "closeness", "recognition", "priceAcceptance", "evidence"])
            let person = item.int("personID")
            if person.value == nil { item.issues.append(FieldIssue(field: item.path("personID"), code: "required")) }
            d.portraitUpdates.append(PortraitUpdate(personID: person.value ?? 0, closeness: item.int("closeness").value.map(Int.init),
                                                    recognition: item.int("recognition").value.map(Int.init),
                                                    priceAcceptance: item.int("priceAcceptance").value.map(Int.init),
                                                    evidence: item.string("evidence").value))
            r.issues += item.issues
        }
        return Parsed(value: d, issues: r.issues)
    }

    /// Creating (`base` nil: the owner defaults to the caller) or changing a task.
    static func task(_ value: JSONValue, fromForm: Bool, base: TaskDraft?, defaultOwner: UserID) -> Parsed<TaskDraft> {
        var r = InputReader(value, fromForm: fromForm)
        r.rejectUnknown(except: ["title", "ownerID", "dueOn", "status", "note", "accountID"])
        var d = base ?? TaskDraft(ownerID: defaultOwner)
        d.title = r.string("title").or(d.title)
        d.ownerID = r.int("ownerID").orOptional(d.ownerID)
        d.dueOn = r.date("dueOn").orOptional(d.dueOn)
        d.status = r.vocabulary("status", TaskStatus.self).or(d.status)
        d.note = r.string("note").orOptional(d.note)
        d.accountID = r.int("accountID").orOptional(d.accountID)
        return Parsed(value: d, issues: r.issues)
    }
}

extension Inputs {
    /// Adding (`base` nil) or changing a communication channel.
    static func channel(_ value: JSONValue, fromForm: Bool, base: ChannelDraft?) -> Parsed<ChannelDraft> {
        var r = InputReader(value, fromForm: fromForm)
        r.rejectUnknown(except: ["kind", "ourUserID", "theirPersonID", "medium", "note", "coldAfterDays", "active"])
        var d = base ?? ChannelDraft()
        d.kind = r.vocabulary("kind", ChannelKind.self).or(d.kind)
        d.ourUserID = r.int("ourUserID").orOptional(d.ourUserID)
        d.theirPersonID = r.int("theirPersonID").orOptional(d.theirPersonID)
        d.medium = r.string("medium").or(d.medium)
        d.note = r.string("note").orOptional(d.note)
        d.coldAfterDays = r.int("coldAfterDays").value.map { Int(clamping: $0) } ?? d.coldAfterDays
        d.active = r.bool("active").or(d.active)
        return Parsed(value: d, issues: r.issues)
    }
}

extension Inputs {
    static func incident(_ value: JSONValue, fromForm: Bool, base: IncidentDraft?) -> Parsed<IncidentDraft> {
        var r = InputReader(value, fromForm: fromForm)
        r.rejectUnknown(except: ["title", "severity", "occurredOn", "status", "responsibleParty", "rootCause", "summary"])
        var d = base ?? IncidentDraft()
        d.title = r.string("title").or(d.title)
        d.severity = r.vocabulary("severity", IncidentSeverity.self).or(d.severity)
        d.occurredOn = r.date("occurredOn").orOptional(d.occurredOn)
        d.status = r.vocabulary("status", IncidentStatus.self).or(d.status)
        d.responsibleParty = r.vocabulary("responsibleParty", ResponsibleParty.self).or(d.responsibleParty)
        d.rootCause = r.string("rootCause").orOptional(d.rootCause)
        d.summary = r.string("summary").orOptional(d.summary)
        return Parsed(value: d, issues: r.issues)
    }

    static func complaint(_ value: JSONValue, fromForm: Bool, base: ComplaintDraft?) -> Parsed<ComplaintDraft> {
        var r = InputReader(value, fromForm: fromForm)
        r.rejectUnknown(except: ["summary", "channelID", "raisedByPersonID", "receivedOn", "acknowledgeBy", "resolveBy", "acknowledgedOn",
                                 "resolvedOn", "resolution"])
        var d = base ?? ComplaintDraft()
        d.summary = r.string("summary").or(d.summary)
        d.channelID = r.int("channelID").orOptional(d.channelID)
        d.raisedByPersonID = r.int("raisedByPersonID").orOptional(d.raisedByPersonID)
        d.receivedOn = r.date("receivedOn").orOptional(d.receivedOn)
        d.acknowledgeBy = r.date("acknowledgeBy").orOptional(d.acknowledgeBy)
        d.resolveBy = r.date("resolveBy").orOptional(d.resolveBy)
        d.acknowledgedOn = r.date("acknowledgedOn").orOptional(d.acknowledgedOn)
        d.resolvedOn = r.date("resolvedOn").orOptional(d.resolvedOn)
        d.resolution = r.string("resolution").orOptional(d.resolution)
        return Parsed(value: d, issues: r.issues)
    }
}

extension Inputs {
    static func mutualPurchase(_ value: JSONValue, fromForm: Bool, base: MutualPurchaseDraft?) -> Parsed<MutualPurchaseDraft> {
        var r = InputReader(value, fromForm: fromForm)
        r.rejectUnknown(except: ["year", "amount", "description"])
        var d = base ?? MutualPurchaseDraft()
        d.year = r.int("year").value.map { Int(clamping: $0) } ?? d.year
        d.amount = money(&r, "amount", required: base == nil) ?? d.amount
        d.description = r.string("description").or(d.description)
        return Parsed(value: d, issues: r.issues)
    }

    static func engagement(_ value: JSONValue, fromForm: Bool, base: EngagementDraft?) -> Parsed<EngagementDraft> {
        var r = InputReader(value, fromForm: fromForm)
        r.rejectUnknown(except: ["title", "scope", "leadUserID", "from", "to"])
        var d = base ?? EngagementDraft()
        d.title = r.string("title").or(d.title)
        d.scope = r.string("scope").orOptional(d.scope)
        d.leadUserID = r.int("leadUserID").orOptional(d.leadUserID)
        d.from = r.date("from").orOptional(d.from)
        d.to = r.date("to").orOptional(d.to)
        return Parsed(value: d, issues: r.issues)
    }

    static func seat(_ value: JSONValue, fromForm: Bool, base: SeatDraft?) -> Parsed<SeatDraft> {
        var r = InputReader(value, fromForm: fromForm)
        r.rejectUnknown(except: ["body", "holderUserID", "from", "to", "note"])
        var d = base ?? SeatDraft()
        d.body = r.vocabulary("body", GovernanceBody.self).or(d.body)
        d.holderUserID = r.int("holderUserID").orOptional(d.holderUserID)
        d.from = r.date("from").orOptional(d.from)
        d.to = r.date("to").orOptional(d.to)
        d.note = r.string("note").orOptional(d.note)
        return Parsed(value: d, issues: r.issues)
    }
}
