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
