import Foundation
import KAMCore

extension Inputs {
    /// A held review. Without `heldOn` it was held today (the store knows the account's zone).
    static func evaluation(_ value: JSONValue, fromForm: Bool) -> (draft: Parsed<EvaluationDraft>, heldToday: Bool) {
        var r = InputReader(value, fromForm: fromForm)
        r.rejectUnknown(except: ["kind", "dueOn", "heldOn", "participantIDs", "result", "checklist", "findings", "actions"])
        func required<T>(_ field: Field<T>, _ key: String) -> T? {
            if case .value(let v) = field { return v }
            if !r.issues.contains(where: { $0.field == key }) { r.issues.append(FieldIssue(field: key, code: "required")) }
            return nil
        }
        let kind = required(r.vocabulary("kind", EvaluationKind.self), "kind")
        let due = required(r.date("dueOn"), "dueOn")
        let result = required(r.vocabulary("result", EvaluationResult.self), "result")
        let held = r.date("heldOn").value
        let epoch = CalendarDate(year: 1970, month: 1, day: 1)
        var draft = EvaluationDraft(kind: kind ?? .customer, dueOn: due ?? epoch, heldOn: held ?? due ?? epoch, result: result ?? .onTrack)
        draft.participantIDs = r.ids("participantIDs").value ?? []
        draft.findings = r.string("findings").value ?? ""
        for var item in r.objects("checklist") ?? [] {
            // The page offers every point; those left unjudged are not part of the record.
            if fromForm, (item.string("verdict").value ?? "").isEmpty { continue }
            item.rejectUnknown(except: ["key", "verdict", "note"])
            draft.checklist.append(ReviewPoint(key: item.string("key").value ?? "", verdict: item.string("verdict").value ?? "",
                                                 note: item.string("note").value ?? ""))
            r.issues += item.issues
        }
        for var item in r.objects("actions") ?? [] {
            item.rejectUnknown(except: ["title", "ownerID", "dueOn"])
            draft.actions.append(EvaluationAction(title: item.string("title").value ?? "", ownerID: item.int("ownerID").value,
                                                  dueOn: item.date("dueOn").value))
            r.issues += item.issues
        }
        return (Parsed(value: draft, issues: r.issues), held == nil)
    }

    static func evaluationCadences(_ value: JSONValue, fromForm: Bool) -> Parsed<EvaluationCadences> {
        var r = InputReader(value, fromForm: fromForm)
        r.rejectUnknown(except: ["cadences", "remindDaysBefore"])
        var cadences: [EvaluationCadence] = []
        for var item in r.objects("cadences") ?? [] {
            item.rejectUnknown(except: ["kind", "months", "anchoring", "followsClass"])
            let kind = item.vocabulary("kind", EvaluationKind.self).value
            if kind == nil, !item.issues.contains(where: { $0.field == item.path("kind") }) {
                item.issues.append(FieldIssue(field: item.path("kind"), code: "required"))
            }
            let months = item.int("months").value
            if months == nil, !item.issues.contains(where: { $0.field == item.path("months") }) {
                item.issues.append(FieldIssue(field: item.path("months"), code: "required"))
            }
            cadences.append(EvaluationCadence(kind ?? .customer, months: Int(clamping: months ?? 1),
                                              anchoring: item.vocabulary("anchoring", CadenceAnchoring.self).value ?? .anchored,
                                              followsClass: item.bool("followsClass").value ?? false))
            r.issues += item.issues
        }
        let remind = r.int("remindDaysBefore").value.map { Int(clamping: $0) } ?? EvaluationCadences.standard.remindDaysBefore
        return Parsed(value: EvaluationCadences(cadences: cadences, remindDaysBefore: remind), issues: r.issues)
    }
}
