import KAMCore

extension OpenAPISchemas {
    /// The sales process, pursuits of large opportunities, the pipeline board and the forecast.
    static var monetisation: [String: Any] {
        let integer: [String: Any] = ["type": "integer"]
        let money = object(["minorUnits": ["type": "integer", "format": "int64"], "currency": ["type": "string", "pattern": "^[A-Z]{3}$"]],
                           required: ["minorUnits", "currency"])
        let moneyInput = object(["minorUnits": ["type": "integer", "format": "int64"], "decimal": string,
                                 "currency": ["type": "string", "pattern": "^[A-Z]{3}$"]], required: ["currency"])
        let revised: [String: Any] = ["revision": integer, "createdAt": ["type": ["string", "null"], "format": "date-time"], "createdBy": nullableString]
        let criterion = object(["key": string, "label": string, "check": enumOf(CriterionCheck.self)], required: ["key", "label"])
        let stage = object(["key": string, "name": string, "probabilityPercent": ["type": "integer", "minimum": 0, "maximum": 100],
                            "exitCriteria": ["type": "array", "items": criterion]], required: ["key", "name", "probabilityPercent"])
        let process: [String: Any] = ["stages": ["type": "array", "items": stage], "largeDealThresholds": ["type": "array", "items": money]]
        let competitor = object(["name": string, "strengths": nullableString, "note": nullableString], required: ["name"])
        let step = object(["title": string, "dueOn": date, "ownerID": nullableID, "doneOn": nullableDate], required: ["title", "dueOn"])
        let criterionState = object(["stageKey": string, "criterionKey": string, "label": string, "check": enumOf(CriterionCheck.self),
                                     "met": ["type": "boolean"]], required: ["stageKey", "criterionKey", "label", "check", "met"])
        let move = object(["from": ["type": ["string", "null"]], "to": stageKey, "reason": nullableString, "skipped": ["type": "array", "items": string],
                           "by": string, "at": dateTime], required: ["to", "skipped", "by", "at"])
        let stageFigure = object(["stage": stageKey, "count": integer, "amount": money, "weighted": money], required: ["stage", "count", "amount", "weighted"])
        let period = object(["period": string, "openCount": integer, "pipeline": money, "weighted": money, "wonCount": integer, "won": money,
                             "byStage": ["type": "array", "items": stageFigure]],
                            required: ["period", "openCount", "pipeline", "weighted", "wonCount", "won", "byStage"])
        let card = object(["opportunity": ["$ref": "#/components/schemas/Opportunity"], "accountName": string, "ownerName": string],
                          required: ["opportunity", "accountName", "ownerName"])
        let column = object(["stage": stageKey, "name": string, "probabilityPercent": integer, "count": integer, "amount": money, "weighted": money,
                             "cards": ["type": "array", "items": card]], required: ["stage", "name", "probabilityPercent", "count", "amount", "weighted", "cards"])
        let cycle = object(["track": enumOf(SalesTrack.self), "wonCount": integer, "averageDays": ["type": ["number", "null"]],
                            "medianDays": ["type": ["integer", "null"]]], required: ["track", "wonCount"])
        let lineInput = object(["productID": nullableID, "description": string, "quantity": ["type": "integer", "minimum": 1],
                                "unitPriceMinor": ["type": "integer", "format": "int64", "minimum": 0], "unitPrice": string,
                                "discountPercent": ["type": "number", "minimum": 0, "maximum": 100]], required: ["quantity"])
        let quoteFields: [String: Any] = ["currency": ["type": "string", "pattern": "^[A-Z]{3}$"], "lines": ["type": "array", "items": lineInput],
                                          "validUntil": nullableDate, "note": nullableString]
        let line = object(["productID": nullableID, "description": string, "quantity": integer, "unitPriceMinor": integer,
                           "discountBasisPoints": integer], required: ["description", "quantity", "unitPriceMinor", "discountBasisPoints"])
        return [
            "QuoteInput": object(quoteFields, required: ["currency", "lines"]),
            "SalesDocumentChange": object(quoteFields.merging(["status": enumOf(SalesDocumentStatus.self)]) { a, _ in a }),
            "SalesDocument": object(["id": id, "kind": enumOf(SalesDocumentKind.self), "number": string, "opportunityID": id, "accountID": id,
                                     "sourceID": nullableID, "status": enumOf(SalesDocumentStatus.self), "currency": string,
                                     "lines": ["type": "array", "items": line], "issuedOn": date, "validUntil": nullableDate, "note": nullableString,
                                     "gross": money, "net": money, "version": integer, "createdAt": dateTime, "createdBy": string, "updatedAt": dateTime],
                                    required: ["id", "kind", "number", "opportunityID", "accountID", "status", "currency", "lines", "issuedOn", "gross",
                                               "net", "version"]),
            "SalesDocumentList": list("SalesDocument"),
            "SalesProcessInput": object(["stages": ["type": "array", "items": stage],
                                         "largeDealThresholds": ["type": "array", "items": moneyInput]], required: ["stages"]),
            "SalesProcess": object(process.merging(revised) { a, _ in a }, required: ["stages", "largeDealThresholds", "revision"]),
            "PursuitInput": object(["competitors": ["type": "array", "items": competitor], "closePlan": ["type": "array", "items": step],
                                    "metCriteria": ["type": "array", "items": ["type": "string", "description": "stage.criterion"]]]),
            "Pursuit": object(["opportunityID": id, "track": enumOf(SalesTrack.self), "stage": stageKey, "probabilityPercent": integer,
                               "competitors": ["type": "array", "items": competitor], "closePlan": ["type": "array", "items": step],
                               "criteria": ["type": "array", "items": criterionState], "moves": ["type": "array", "items": move],
                               "cycleDays": ["type": ["integer", "null"]], "version": integer],
                              required: ["opportunityID", "track", "stage", "probabilityPercent", "competitors", "closePlan", "criteria", "moves", "version"]),
            "PipelineBoard": object(["reportingCurrency": string, "columns": ["type": "array", "items": column],
                                     "cycleTimes": ["type": "array", "items": cycle]], required: ["reportingCurrency", "columns", "cycleTimes"]),
            "Forecast": object(["reportingCurrency": string, "grouping": enumOf(ForecastGrouping.self), "periods": ["type": "array", "items": period],
                                "total": period, "undatedOpenCount": integer, "unconvertedCurrencies": ["type": "array", "items": string]],
                               required: ["reportingCurrency", "grouping", "periods", "total", "undatedOpenCount", "unconvertedCurrencies"]),
        ]
    }
}
