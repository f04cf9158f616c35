import Foundation
import KAMCore
import KAMStore

extension Inputs {
    /// A whole plan as the API sends it (the shape of `AccountPlanDraft`, amounts as
    /// `{minorUnits|decimal, currency}`), or the plan form's numbered rows and one-per-line lists.
    static func plan(_ value: JSONValue, fromForm: Bool) -> Parsed<AccountPlanDraft> {
        var r = InputReader(value, fromForm: fromForm)
        r.rejectUnknown(except: ["title", "periodStart", "periodEnd", "situation", "priorities", "relationships", "targets", "objectives",
                                 "buyingUnits", "whiteSpace"])
        let start = r.date("periodStart").value, end = r.date("periodEnd").value
        for (key, day) in [("periodStart", start), ("periodEnd", end)] where day == nil && !r.issues.contains(where: { $0.field == key }) {
            r.issues.append(FieldIssue(field: key, code: "required"))
        }
        let epoch = CalendarDate(year: 1970, month: 1, day: 1)
        var draft = AccountPlanDraft(title: r.string("title").or(""), periodStart: start ?? epoch, periodEnd: end ?? epoch)
        if var s = r.object("situation") {
            s.rejectUnknown(except: ["industryTrends", "customerSituation", "strengths", "weaknesses", "opportunities", "threats"])
            func list(_ key: String) -> [String] {
                // A form's textarea: one item per line.
                if fromForm, case .value(let text) = s.string(key) {
                    return text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
                }
                return s.strings(key).or([])
            }
            draft.situation = PlanSituation(industryTrends: s.string("industryTrends").or(""), customerSituation: s.string("customerSituation").or(""),
                                            strengths: list("strengths"), weaknesses: list("weaknesses"), opportunities: list("opportunities"),
                                            threats: list("threats"))
            r.issues += s.issues
        }
        for var item in r.objects("priorities") ?? [] {
            item.rejectUnknown(except: ["goal", "initiative"])
            draft.priorities.append(CustomerPriority(goal: item.string("goal").or(""), initiative: item.string("initiative").value))
            r.issues += item.issues
        }
        for var item in r.objects("relationships") ?? [] {
            item.rejectUnknown(except: ["personID", "current", "target", "actions"])
            func portrait(_ key: String) -> Portrait {
                guard var p = item.object(key) else {
                    item.issues.append(FieldIssue(field: item.path(key), code: "required"))
                    return Portrait(closeness: 0, recognition: 0, priceAcceptance: 0)
                }
                p.rejectUnknown(except: ["closeness", "recognition", "priceAcceptance"])
                let portrait = Portrait(closeness: Int(clamping: p.int("closeness").or(0)), recognition: Int(clamping: p.int("recognition").or(0)),
                                        priceAcceptance: Int(clamping: p.int("priceAcceptance").or(0)))
                item.issues += p.issues
                return portrait
            }
            let person = item.int("personID").value
            if person == nil, !item.issues.contains(where: { $0.field == item.path("personID") }) {
                item.issues.append(FieldIssue(field: item.path("personID"), code: "required"))
            }
            draft.relationships.append(RelationshipTarget(personID: person ?? 0, current: portrait("current"), target: portrait("target"),
                                                          actions: item.string("actions").value))
            r.issues += item.issues
        }
        for var item in r.objects("targets") ?? [] {
            item.rejectUnknown(except: ["productLineID", "quarter", "revenue", "margin"])
            let revenue = money(&item, "revenue", required: true) ?? Money(minorUnits: 0, currency: "")
            let margin = money(&item, "margin", required: false) ?? Money(minorUnits: 0, currency: revenue.currency)
            draft.targets.append(PlanTarget(productLineID: item.int("productLineID").or(0), quarter: Int(clamping: item.int("quarter").or(0)),
                                            revenue: revenue, margin: margin))
            r.issues += item.issues
        }
        for var item in r.objects("objectives") ?? [] {
            item.rejectUnknown(except: ["title", "ownerID", "dueOn", "status", "measure", "target", "typedActual", "actions"])
            let due = item.date("dueOn").value
            if due == nil, !item.issues.contains(where: { $0.field == item.path("dueOn") }) { item.issues.append(FieldIssue(field: item.path("dueOn"), code: "required")) }
            var objective = PlanObjective(title: item.string("title").or(""), ownerID: item.int("ownerID").or(0), dueOn: due ?? epoch,
                                          status: item.vocabulary("status", ObjectiveStatus.self).or(.open),
                                          measure: item.vocabulary("measure", MeasureKind.self).or(.typed), target: item.number("target") ?? 0,
                                          typedActual: item.number("typedActual"))
            for var action in item.objects("actions") ?? [] {
                action.rejectUnknown(except: ["title", "ownerID", "dueOn", "taskID"])
                let actionDue = action.date("dueOn").value
                if actionDue == nil, !action.issues.contains(where: { $0.field == action.path("dueOn") }) {
                    action.issues.append(FieldIssue(field: action.path("dueOn"), code: "required"))
                }
                objective.actions.append(ObjectiveAction(title: action.string("title").or(""), ownerID: action.int("ownerID").or(objective.ownerID),
                                                         dueOn: actionDue ?? epoch, taskID: action.int("taskID").value))
                item.issues += action.issues
            }
            draft.objectives.append(objective)
            r.issues += item.issues
        }
        if fromForm, case .value(let text) = r.string("buyingUnits") {
            draft.buyingUnits = text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        } else {
            draft.buyingUnits = r.strings("buyingUnits").or([])
        }
        for var item in r.objects("whiteSpace") ?? [] {
            item.rejectUnknown(except: ["buyingUnit", "productLineID", "state", "note"])
            // The form's grid sends every cell; a blank one is no cell.
            guard let state = item.vocabulary("state", WhiteSpaceState.self).value else {
                if !fromForm && !item.issues.contains(where: { $0.field == item.path("state") }) {
                    item.issues.append(FieldIssue(field: item.path("state"), code: "required"))
                }
                r.issues += item.issues
                continue
            }
            draft.whiteSpace.append(WhiteSpaceCell(buyingUnit: item.string("buyingUnit").or(""), productLineID: item.int("productLineID").or(0),
                                                   state: state, note: item.string("note").value))
            r.issues += item.issues
        }
        return Parsed(value: draft, issues: r.issues)
    }

    static func quota(_ value: JSONValue, fromForm: Bool, base: QuotaDraft?) -> Parsed<QuotaDraft> {
        var r = InputReader(value, fromForm: fromForm)
        r.rejectUnknown(except: ["userID", "salesTeamID", "periodStart", "periodEnd", "amount"])
        let epoch = CalendarDate(year: 1970, month: 1, day: 1)
        var draft = base ?? QuotaDraft(periodStart: epoch, periodEnd: epoch, amount: Money(minorUnits: 0, currency: ""))
        draft.userID = r.int("userID").orOptional(draft.userID)
        draft.salesTeamID = r.int("salesTeamID").orOptional(draft.salesTeamID)
        if let start = r.date("periodStart").value { draft.periodStart = start } else if base == nil, !r.issues.contains(where: { $0.field == "periodStart" }) {
            r.issues.append(FieldIssue(field: "periodStart", code: "required"))
        }
        if let end = r.date("periodEnd").value { draft.periodEnd = end } else if base == nil, !r.issues.contains(where: { $0.field == "periodEnd" }) {
            r.issues.append(FieldIssue(field: "periodEnd", code: "required"))
        }
        if let amount = money(&r, "amount", required: base == nil) { draft.amount = amount }
        return Parsed(value: draft, issues: r.issues)
    }
}
