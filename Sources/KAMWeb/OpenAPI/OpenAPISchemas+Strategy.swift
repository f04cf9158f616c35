import KAMCore

extension OpenAPISchemas {
    /// Classification, the investment strategy per class and the strategy library.
    static var strategy: [String: Any] {
        let number: [String: Any] = ["type": "number"]
        let integer: [String: Any] = ["type": "integer"]
        let revised: [String: Any] = ["revision": integer, "createdAt": ["type": ["string", "null"], "format": "date-time"], "createdBy": nullableString]
        let weighted = object(["input": enumOf(ClassificationInput.self), "weight": number], required: ["input", "weight"])
        let threshold = object(["kind": enumOf(AxisThreshold.Kind.self), "value": number], required: ["kind", "value"])
        let axis = object(["inputs": ["type": "array", "items": weighted], "threshold": threshold], required: ["inputs", "threshold"])
        let rules: [String: Any] = ["contribution": axis, "potential": axis]
        let part = object(["input": enumOf(ClassificationInput.self), "value": ["type": ["number", "null"]], "percentile": number, "share": number,
                           "points": number], required: ["input", "percentile", "share", "points"])
        let placement = object(["accountID": id, "contribution": number, "potential": number, "contributionParts": ["type": "array", "items": part],
                                "potentialParts": ["type": "array", "items": part], "accountClass": enumOf(AccountClass.self)],
                               required: ["accountID", "contribution", "potential", "accountClass"])
        let portfolioEntry = object(["accountID": id, "name": string, "currentClass": nullableEnum(AccountClass.self), "placement": placement],
                                    required: ["accountID", "name", "placement"])
        let investment = object(["accountClass": enumOf(AccountClass.self), "visitsPerQuarter": integer, "executiveSponsorRequired": ["type": "boolean"],
                                 "expertHoursPerQuarter": integer, "presalesTier": ["type": "integer", "minimum": 1, "maximum": 3],
                                 "discountAuthorityPercent": number, "reviewCadenceMonths": integer],
                                required: ["accountClass", "visitsPerQuarter", "expertHoursPerQuarter", "presalesTier", "discountAuthorityPercent",
                                           "reviewCadenceMonths"])
        let tactic = object(["key": string, "name": string, "description": string], required: ["key", "name"])
        let strategy = object(["key": string, "name": string, "description": string, "classes": ["type": "array", "items": enumOf(AccountClass.self)],
                               "tactics": ["type": "array", "items": tactic]], required: ["key", "name"])
        let entitlementLine = object(["item": enumOf(EntitlementCheck.Item.self), "entitled": string, "actual": nullableString,
                                      "effort": enumOf(EntitlementCheck.Effort.self)], required: ["item", "entitled", "effort"])
        let assignmentFields: [String: Any] = ["strategyKey": string, "tacticKey": nullableString, "ownerID": id, "status": enumOf(AssignmentStatus.self),
                                               "dueOn": nullableDate, "note": nullableString]
        var assignment = assignmentFields
        assignment.merge(["id": id, "accountID": id, "strategyName": string, "tacticName": nullableString, "ownerName": string,
                          "version": integer, "updatedAt": dateTime]) { a, _ in a }
        return [
            // Required when saving; a preview takes `{}` for the stored rules.
            "ClassificationRulesInput": object(rules),
            "ClassificationRules": object(rules.merging(revised) { a, _ in a }, required: ["contribution", "potential", "revision"]),
            "ClassificationRulesList": list("ClassificationRules"),
            "ClassificationApplyInput": object(["reason": string], required: ["reason"]),
            "ClassificationRun": object(["rules": object(rules), "rulesRevision": ["type": ["integer", "null"]], "portfolioSize": integer,
                                         "contributionCut": number, "potentialCut": number, "accounts": ["type": "array", "items": portfolioEntry],
                                         "hiddenAccounts": integer, "applied": ["type": "boolean"],
                                         "reportingCurrency": string,
                                         "leaving": ["type": "array", "items": object(["accountID": id, "name": string, "currentClass": enumOf(AccountClass.self)],
                                                                                     required: ["accountID", "name", "currentClass"])]],
                                        required: ["rules", "portfolioSize", "contributionCut", "potentialCut", "accounts", "hiddenAccounts", "applied"]),
            "StoredPlacement": object(["accountID": id, "placement": placement, "rulesRevision": integer, "classifiedAt": dateTime],
                                      required: ["accountID"]),
            "InvestmentStrategyInput": object(["classes": ["type": "array", "items": investment]], required: ["classes"]),
            "InvestmentStrategy": object(["classes": ["type": "array", "items": investment]].merging(revised) { a, _ in a }, required: ["classes", "revision"]),
            "StrategyLibraryInput": object(["strategies": ["type": "array", "items": strategy]], required: ["strategies"]),
            "StrategyLibrary": object(["strategies": ["type": "array", "items": strategy]].merging(revised) { a, _ in a }, required: ["strategies", "revision"]),
            "StrategyAssignmentInput": object(assignmentFields),
            "StrategyAssignment": object(assignment, required: ["id", "accountID", "strategyKey", "strategyName", "ownerID", "status", "version"]),
            "AccountStrategy": object(["accountID": id, "accountClass": nullableEnum(AccountClass.self),
                                       "entitlements": ["oneOf": [object(["accountClass": enumOf(AccountClass.self),
                                                                          "lines": ["type": "array", "items": entitlementLine]]), ["type": "null"]]],
                                       "assignments": ["type": "array", "items": ["$ref": "#/components/schemas/StrategyAssignment"]],
                                       "suggested": ["type": "array", "items": string]], required: ["accountID", "assignments", "suggested"]),
        ]
    }
}
