import Foundation
import KAMCore

extension Inputs {
    static func salesTeam(_ value: JSONValue, fromForm: Bool, base: SalesTeamDraft) -> Parsed<SalesTeamDraft> {
        var r = InputReader(value, fromForm: fromForm)
        r.rejectUnknown(except: ["name", "leaderID", "memberIDs"])
        var d = base
        d.name = r.string("name").or(d.name)
        d.leaderID = r.int("leaderID").orOptional(d.leaderID)
        d.memberIDs = r.ids("memberIDs").or(d.memberIDs)
        return Parsed(value: d, issues: r.issues)
    }

    static func coverage(_ value: JSONValue, fromForm: Bool, base: CoverageDraft, creating: Bool) -> Parsed<CoverageDraft> {
        var r = InputReader(value, fromForm: fromForm)
        r.rejectUnknown(except: ["line", "userID", "salesTeamID", "from", "to"])
        var d = base
        d.line = required(r.vocabulary("line", CoverageLine.self), "line", creating, &r, current: d.line)
        d.userID = r.int("userID").orOptional(d.userID)
        d.salesTeamID = r.int("salesTeamID").orOptional(d.salesTeamID)
        d.from = r.date("from").or(d.from)
        d.to = r.date("to").orOptional(d.to)
        return Parsed(value: d, issues: r.issues)
    }

    static func territory(_ value: JSONValue, fromForm: Bool, base: TerritoryDraft, creating: Bool) -> Parsed<TerritoryDraft> {
        var r = InputReader(value, fromForm: fromForm)
        r.rejectUnknown(except: ["parentID", "name", "line", "rule", "userID", "salesTeamID"])
        var d = base
        d.parentID = r.int("parentID").orOptional(d.parentID)
        d.name = r.string("name").or(d.name)
        d.line = required(r.vocabulary("line", CoverageLine.self), "line", creating, &r, current: d.line)
        d.userID = r.int("userID").orOptional(d.userID)
        d.salesTeamID = r.int("salesTeamID").orOptional(d.salesTeamID)
        if var rule = r.object("rule") {
            rule.rejectUnknown(except: ["regions", "industries", "sizes", "statuses"])
            d.rule.regions = Set(rule.vocabularies("regions", Region.self).or(Array(d.rule.regions)))
            d.rule.industries = Set(rule.vocabularies("industries", Industry.self).or(Array(d.rule.industries)))
            d.rule.sizes = Set(rule.vocabularies("sizes", AccountSize.self).or(Array(d.rule.sizes)))
            d.rule.statuses = Set(rule.vocabularies("statuses", KeyAccountStatus.self).or(Array(d.rule.statuses)))
            r.issues += rule.issues
        }
        return Parsed(value: d, issues: r.issues)
    }

    static func expertProfile(_ value: JSONValue, fromForm: Bool, base: ExpertProfileDraft) -> Parsed<ExpertProfileDraft> {
        var r = InputReader(value, fromForm: fromForm)
        r.rejectUnknown(except: ["skills", "industries", "languages", "seniority", "capacityHoursPerQuarter"])
        var d = base
        d.skills = r.strings("skills").or(d.skills)
        d.industries = r.vocabularies("industries", Industry.self).or(d.industries)
        d.languages = r.strings("languages").or(d.languages)
        d.seniority = r.vocabulary("seniority", Seniority.self).or(d.seniority)
        d.capacityHoursPerQuarter = Int(r.int("capacityHoursPerQuarter").or(Int64(d.capacityHoursPerQuarter)))
        return Parsed(value: d, issues: r.issues)
    }

    static func expertRequest(_ value: JSONValue, fromForm: Bool) -> Parsed<ExpertRequestDraft> {
        var r = InputReader(value, fromForm: fromForm)
        r.rejectUnknown(except: ["expertID", "hoursPerQuarter", "note"])
        var d = ExpertRequestDraft(expertID: 0, hoursPerQuarter: 0)
        d.expertID = required(r.int("expertID"), "expertID", true, &r, current: 0)
        d.hoursPerQuarter = Int(required(r.int("hoursPerQuarter"), "hoursPerQuarter", true, &r, current: 0))
        d.note = r.string("note").value
        return Parsed(value: d, issues: r.issues)
    }

    static func expertDecision(_ value: JSONValue, fromForm: Bool) -> Parsed<ExpertDecision> {
        var r = InputReader(value, fromForm: fromForm)
        r.rejectUnknown(except: ["accept", "reason"])
        let accept = required(r.bool("accept"), "accept", true, &r, current: false)
        return Parsed(value: ExpertDecision(accept: accept, reason: r.string("reason").value), issues: r.issues)
    }

    static func presales(_ value: JSONValue, fromForm: Bool) -> Parsed<PresalesDraft> {
        var r = InputReader(value, fromForm: fromForm)
        r.rejectUnknown(except: ["kind", "opportunityID", "note"])
        let kind = required(r.vocabulary("kind", PresalesKind.self), "kind", true, &r, current: .demo)
        return Parsed(value: PresalesDraft(kind: kind, opportunityID: r.int("opportunityID").value, note: r.string("note").value), issues: r.issues)
    }
}
