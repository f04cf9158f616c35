import Foundation
import KAMCore

extension Inputs {
    /// The sales process as an administrator sends it (JSON, or the settings form's numbered rows).
    static func salesProcess(_ value: JSONValue, fromForm: Bool) -> Parsed<SalesProcess> {
        var r = InputReader(value, fromForm: fromForm)
        r.rejectUnknown(except: ["stages", "largeDealThresholds"])
        var stages: [SalesStage] = []
        for var item in r.objects("stages") ?? [] {
            item.rejectUnknown(except: ["key", "name", "probabilityPercent", "exitCriteria"])
            let probability = item.int("probabilityPercent")
            if case .absent = probability, !item.issues.contains(where: { $0.field == item.path("probabilityPercent") }) {
                item.issues.append(FieldIssue(field: item.path("probabilityPercent"), code: "required"))
            }
            var stage = SalesStage(key: item.string("key").or(""), name: item.string("name").or(""),
                                   probabilityPercent: Int(clamping: probability.value ?? 0), exitCriteria: [])
            for var criterion in item.objects("exitCriteria") ?? [] {
                criterion.rejectUnknown(except: ["key", "label", "check"])
                stage.exitCriteria.append(ExitCriterion(criterion.string("key").or(""), criterion.string("label").or(""),
                                                        check: criterion.vocabulary("check", CriterionCheck.self).or(.manual)))
                item.issues += criterion.issues
            }
            stages.append(stage)
            r.issues += item.issues
        }
        var thresholds: [Money] = []
        for var item in r.objects("largeDealThresholds") ?? [] {
            item.rejectUnknown(except: ["currency", "minorUnits", "decimal"])
            var money = Money(minorUnits: 0, currency: item.string("currency").or("").uppercased())
            if let minor = item.int("minorUnits").value { money.minorUnits = minor }
            if let decimal = item.string("decimal").value {
                if let minor = minorUnits(decimal, digits: money.digits) { money.minorUnits = minor } else {
                    item.issues.append(FieldIssue(field: item.path("decimal"), code: "invalid_amount"))
                }
            }
            thresholds.append(money)
            r.issues += item.issues
        }
        return Parsed(value: SalesProcess(stages: stages, largeDealThresholds: thresholds), issues: r.issues)
    }

    /// Competitors, close plan and ticked criteria of a large opportunity, sent whole.
    static func pursuit(_ value: JSONValue, fromForm: Bool) -> Parsed<PursuitDraft> {
        var r = InputReader(value, fromForm: fromForm)
        r.rejectUnknown(except: ["competitors", "closePlan", "metCriteria"])
        var draft = PursuitDraft()
        for var item in r.objects("competitors") ?? [] {
            item.rejectUnknown(except: ["name", "strengths", "note"])
            draft.competitors.append(DealCompetitor(name: item.string("name").or(""), strengths: item.string("strengths").value,
                                                    note: item.string("note").value))
            r.issues += item.issues
        }
        for var item in r.objects("closePlan") ?? [] {
            item.rejectUnknown(except: ["title", "dueOn", "ownerID", "doneOn"])
            let due = item.date("dueOn").value
            if due == nil, !item.issues.contains(where: { $0.field == item.path("dueOn") }) {
                item.issues.append(FieldIssue(field: item.path("dueOn"), code: "required"))
            }
            draft.closePlan.append(ClosePlanStep(title: item.string("title").or(""), dueOn: due ?? CalendarDate(year: 1970, month: 1, day: 1),
                                                 ownerID: item.int("ownerID").value, doneOn: item.date("doneOn").value))
            r.issues += item.issues
        }
        draft.metCriteria = r.strings("metCriteria").or([])
        return Parsed(value: draft, issues: r.issues)
    }
}
