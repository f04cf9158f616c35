import Foundation
import KAMCore

/// Request bodies of classification, investment strategy and the strategy library.
extension Inputs {
    /// `{"contribution": {"inputs": [{"input", "weight"}], "threshold": {"kind", "value"}}, "potential": {…}}`.
    /// A form sends the same names; there a top share is typed in percent and a weight of 0 leaves the input out.
    static func classificationRules(_ value: JSONValue, fromForm: Bool) -> Parsed<ClassificationRules> {
        var r = InputReader(value, fromForm: fromForm)
        r.rejectUnknown(except: ["contribution", "potential"])
        func axis(_ key: String) -> AxisDefinition {
            var definition = AxisDefinition(inputs: [], threshold: .topShare(0.3))
            guard var a = r.object(key) else {
                if !r.issues.contains(where: { $0.field == key }) { r.issues.append(FieldIssue(field: key, code: "required")) }
                return definition
            }
            a.rejectUnknown(except: ["inputs", "threshold"])
            for var item in a.objects("inputs") ?? [] {
                item.rejectUnknown(except: ["input", "weight"])
                let input = item.vocabulary("input", ClassificationInput.self).value
                let weight = item.number("weight")
                if input == nil, !item.issues.contains(where: { $0.field == item.path("input") }) {
                    item.issues.append(FieldIssue(field: item.path("input"), code: "required"))
                }
                if weight == nil, !item.issues.contains(where: { $0.field == item.path("weight") }) {
                    item.issues.append(FieldIssue(field: item.path("weight"), code: "required"))
                }
                if let input, let weight, !(fromForm && weight == 0) { definition.inputs.append(WeightedInput(input, weight: weight)) }
                a.issues += item.issues
            }
            if var t = a.object("threshold") {
                t.rejectUnknown(except: ["kind", "value"])
                let kind = t.vocabulary("kind", AxisThreshold.Kind.self).value
                let number = t.number("value")
                for (field, present) in [("kind", kind != nil), ("value", number != nil)] where !present {
                    if !t.issues.contains(where: { $0.field == t.path(field) }) { t.issues.append(FieldIssue(field: t.path(field), code: "required")) }
                }
                if let kind, let number { definition.threshold = AxisThreshold(kind: kind, value: fromForm && kind == .topShare ? number / 100 : number) }
                a.issues += t.issues
            } else if !a.issues.contains(where: { $0.field == a.path("threshold") }) {
                a.issues.append(FieldIssue(field: a.path("threshold"), code: "required"))
            }
            r.issues += a.issues
            return definition
        }
        let rules = ClassificationRules(contribution: axis("contribution"), potential: axis("potential"))
        return Parsed(value: rules, issues: r.issues)
    }

    /// `{"classes": [{"accountClass": "A", "visitsPerQuarter", …}]}`.
    static func investmentStrategy(_ value: JSONValue, fromForm: Bool) -> Parsed<InvestmentStrategy> {
        var r = InputReader(value, fromForm: fromForm)
        r.rejectUnknown(except: ["classes"])
        var classes: [ClassInvestment] = []
        for var item in r.objects("classes") ?? [] {
            item.rejectUnknown(except: ["accountClass", "visitsPerQuarter", "executiveSponsorRequired", "expertHoursPerQuarter", "presalesTier",
                                        "discountAuthorityPercent", "reviewCadenceMonths"])
            func whole(_ key: String) -> Int {
                let field = item.int(key)
                if case .absent = field, !item.issues.contains(where: { $0.field == item.path(key) }) {
                    item.issues.append(FieldIssue(field: item.path(key), code: "required"))
                }
                return Int(clamping: field.value ?? 0)
            }
            let accountClass = item.vocabulary("accountClass", AccountClass.self).value
            if accountClass == nil, !item.issues.contains(where: { $0.field == item.path("accountClass") }) {
                item.issues.append(FieldIssue(field: item.path("accountClass"), code: "required"))
            }
            let visits = whole("visitsPerQuarter"), hours = whole("expertHoursPerQuarter"), cadence = whole("reviewCadenceMonths")
            let tierNumber = whole("presalesTier")
            let tier = PresalesTier(rawValue: tierNumber)
            if tier == nil, !item.issues.contains(where: { $0.field == item.path("presalesTier") }) {
                item.issues.append(FieldIssue(field: item.path("presalesTier"), code: "out_of_range", detail: "1–3"))
            }
            let discount = item.number("discountAuthorityPercent")
            if discount == nil, !item.issues.contains(where: { $0.field == item.path("discountAuthorityPercent") }) {
                item.issues.append(FieldIssue(field: item.path("discountAuthorityPercent"), code: "required"))
            }
            // A form's unticked checkbox sends nothing: not required means no.
            let sponsor = item.bool("executiveSponsorRequired").value ?? false
            if let accountClass {
                classes.append(ClassInvestment(accountClass, visitsPerQuarter: visits, executiveSponsorRequired: sponsor, expertHoursPerQuarter: hours,
                                               presalesTier: tier ?? .three, discountAuthorityPercent: discount ?? 0, reviewCadenceMonths: cadence))
            }
            r.issues += item.issues
        }
        return Parsed(value: InvestmentStrategy(classes: classes), issues: r.issues)
    }

    /// `{"strategies": [{"key", "name", "description", "classes": ["A"], "tactics": [{"key", "name", "description"}]}]}`.
    static func strategyLibrary(_ value: JSONValue) -> Parsed<StrategyLibrary> {
        var r = InputReader(value, fromForm: false)
        r.rejectUnknown(except: ["strategies"])
        var strategies: [ManagementStrategy] = []
        for var item in r.objects("strategies") ?? [] {
            item.rejectUnknown(except: ["key", "name", "description", "classes", "tactics"])
            var strategy = ManagementStrategy(key: item.string("key").or(""), name: item.string("name").or(""),
                                              description: item.string("description").or(""),
                                              classes: item.vocabularies("classes", AccountClass.self).or([]), tactics: [])
            for var tactic in item.objects("tactics") ?? [] {
                tactic.rejectUnknown(except: ["key", "name", "description"])
                strategy.tactics.append(Tactic(tactic.string("key").or(""), tactic.string("name").or(""), tactic.string("description").or("")))
                item.issues += tactic.issues
            }
            strategies.append(strategy)
            r.issues += item.issues
        }
        return Parsed(value: StrategyLibrary(strategies: strategies), issues: r.issues)
    }

    /// Creating (`base` nil: strategy and owner required) or changing an assignment.
    static func strategyAssignment(_ value: JSONValue, fromForm: Bool, base: StrategyAssignmentDraft?, defaultOwner: UserID)
        -> Parsed<StrategyAssignmentDraft> {
        var r = InputReader(value, fromForm: fromForm)
        r.rejectUnknown(except: ["strategyKey", "tacticKey", "ownerID", "status", "dueOn", "note"])
        var d = base ?? StrategyAssignmentDraft(strategyKey: "", ownerID: defaultOwner)
        d.strategyKey = r.string("strategyKey").or(d.strategyKey)
        d.tacticKey = r.string("tacticKey").orOptional(d.tacticKey)
        d.ownerID = r.int("ownerID").or(d.ownerID)
        d.status = r.vocabulary("status", AssignmentStatus.self).or(d.status)
        d.dueOn = r.date("dueOn").orOptional(d.dueOn)
        d.note = r.string("note").orOptional(d.note)
        return Parsed(value: d, issues: r.issues)
    }
}
