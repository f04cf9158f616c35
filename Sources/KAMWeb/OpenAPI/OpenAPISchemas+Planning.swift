import KAMCore

extension OpenAPISchemas {
    /// Account plans, their revisions and comparisons, and quotas.
    static var planning: [String: Any] {
        let integer: [String: Any] = ["type": "integer"]
        let number: [String: Any] = ["type": "number"]
        let strings: [String: Any] = ["type": "array", "items": string]
        let money = object(["minorUnits": ["type": "integer", "format": "int64"], "currency": ["type": "string", "pattern": "^[A-Z]{3}$"]],
                           required: ["minorUnits", "currency"])
        let moneyInput = object(["minorUnits": ["type": "integer", "format": "int64"], "decimal": string,
                                 "currency": ["type": "string", "pattern": "^[A-Z]{3}$"]], required: ["currency"])
        let portrait = object(["closeness": level, "recognition": level, "priceAcceptance": level], required: ["closeness", "recognition", "priceAcceptance"])
        func body(_ amount: [String: Any]) -> [String: Any] {
            let situation = object(["industryTrends": string, "customerSituation": string, "strengths": strings, "weaknesses": strings,
                                    "opportunities": strings, "threats": strings])
            let priority = object(["goal": string, "initiative": nullableString], required: ["goal"])
            let relationship = object(["personID": id, "current": portrait, "target": portrait, "actions": nullableString],
                                      required: ["personID", "current", "target"])
            let target = object(["productLineID": id, "quarter": ["type": "integer", "minimum": 1, "maximum": 4], "revenue": amount, "margin": amount],
                                required: ["productLineID", "quarter", "revenue"])
            let action = object(["title": string, "ownerID": id, "dueOn": date, "taskID": nullableID], required: ["title", "dueOn"])
            let objective = object(["title": string, "ownerID": id, "dueOn": date, "status": enumOf(ObjectiveStatus.self), "measure": enumOf(MeasureKind.self),
                                    "target": number, "typedActual": ["type": ["number", "null"]], "actions": ["type": "array", "items": action]],
                                   required: ["title", "ownerID", "dueOn"])
            let cell = object(["buyingUnit": string, "productLineID": id, "state": enumOf(WhiteSpaceState.self), "note": nullableString],
                              required: ["buyingUnit", "productLineID", "state"])
            return ["title": string, "periodStart": date, "periodEnd": date, "situation": situation, "priorities": ["type": "array", "items": priority],
                    "relationships": ["type": "array", "items": relationship], "targets": ["type": "array", "items": target],
                    "objectives": ["type": "array", "items": objective], "buyingUnits": strings, "whiteSpace": ["type": "array", "items": cell]]
        }
        let draft = object(body(money), required: ["title", "periodStart", "periodEnd"])
        let plan = object(["id": id, "accountID": id, "revision": integer, "status": enumOf(PlanStatus.self), "approvedRevision": ["type": ["integer", "null"]],
                           "approvedBy": nullableString, "approvedAt": ["type": ["string", "null"], "format": "date-time"], "clonedFrom": nullableID,
                           "draft": draft, "version": integer, "updatedAt": dateTime, "updatedBy": string],
                          required: ["id", "accountID", "revision", "status", "draft", "version"])
        let revision = object(["revision": integer, "draft": draft, "createdAt": dateTime, "createdBy": string], required: ["revision", "draft"])
        let progress = object(["measure": enumOf(MeasureKind.self), "target": number, "actual": ["type": ["number", "null"]],
                               "share": ["type": ["number", "null"]]], required: ["measure", "target"])
        let quota = object(["id": id, "userID": nullableID, "salesTeamID": nullableID, "periodStart": date, "periodEnd": date, "amount": money,
                            "version": integer], required: ["id", "periodStart", "periodEnd", "amount", "version"])
        return [
            "PlanInput": object(body(moneyInput), required: ["title", "periodStart", "periodEnd"]),
            "Plan": plan,
            "PlanList": list("Plan"),
            "PlanView": object(["plan": plan, "accountName": string,
                                "facts": object(["revenueBooked": number, "opportunitiesWon": integer, "activitiesHeld": integer]),
                                "progress": ["type": "array", "items": progress], "reportingCurrency": string, "quotas": ["type": "array", "items": quota],
                                "revisions": ["type": "array", "items": object(["revision": integer, "createdAt": dateTime, "createdBy": string])],
                                "canEdit": ["type": "boolean"], "canApprove": ["type": "boolean"]],
                               required: ["plan", "facts", "progress", "revisions", "canEdit", "canApprove"]),
            "PlanComparison": object(["left": revision, "right": revision, "differingParts": ["type": "array", "items": enumOf(PlanPart.self)]],
                                     required: ["left", "right", "differingParts"]),
            "QuotaInput": object(["userID": nullableID, "salesTeamID": nullableID, "periodStart": date, "periodEnd": date, "amount": moneyInput]),
            "Quota": quota,
            "QuotaList": list("Quota"),
        ]
    }
}
