import KAMCore

extension OpenAPISchemas {
    /// The scoring model's revisions and the accounts' scorecards.
    static var scoring: [String: Any] {
        let number: [String: Any] = ["type": "number"]
        let level = object(["level": ["type": "integer"], "meaning": string], required: ["level", "meaning"])
        let indicator = object(["key": string, "name": string, "description": string, "weight": number,
                                "source": enumOf(IndicatorSource.self), "levels": ["type": "array", "items": level]],
                               required: ["key", "name", "weight", "levels"])
        let line = object(["key": string, "name": string, "source": enumOf(IndicatorSource.self), "level": ["type": ["integer", "null"]],
                           "meaning": nullableString, "lowest": ["type": "integer"], "highest": ["type": "integer"], "weight": number,
                           "share": number, "points": number], required: ["key", "name", "source", "weight", "share", "points"])
        let scorecard = object(["revision": ["type": "integer"], "lines": ["type": "array", "items": line], "total": number, "threshold": number,
                                "complete": ["type": "boolean"], "qualifies": ["type": "boolean"]],
                               required: ["revision", "lines", "total", "threshold", "complete", "qualifies"])
        return [
            "ScoringModel": object(["revision": ["type": "integer"], "name": string, "threshold": number,
                                    "indicators": ["type": "array", "items": indicator], "createdAt": dateTime, "createdBy": string],
                                   required: ["revision", "name", "threshold", "indicators"]),
            "ScoringModelList": list("ScoringModel"),
            "ScoringModelInput": object(["name": string, "threshold": number, "indicators": ["type": "array", "items": indicator]],
                                        required: ["name", "threshold", "indicators"]),
            "AccountScore": object(["id": id, "accountID": id, "scorecard": scorecard,
                                    "entered": ["type": "object", "additionalProperties": ["type": "integer"]], "note": nullableString,
                                    "scoredAt": dateTime, "scoredBy": string], required: ["id", "accountID", "scorecard", "entered", "scoredAt", "scoredBy"]),
            "AccountScoreList": list("AccountScore"),
            "ScoreInput": object(["levels": orNull(["type": "object", "additionalProperties": orNull(["type": "integer"])]), "note": nullableString]),
            "RescoreInput": object(["accountIDs": ["type": "array", "items": id]], required: ["accountIDs"]),
        ]
    }
}
