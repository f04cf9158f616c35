import KAMCore
import KAMStore

extension OpenAPISchemas {
    /// The review calendar: cadences, reviews owed, held evaluations.
    static var evaluation: [String: Any] {
        let integer: [String: Any] = ["type": "integer"]
        let cadence = object(["kind": enumOf(EvaluationKind.self), "months": ["type": "integer", "minimum": 1, "maximum": EvaluationCadences.longestCadence],
                              "anchoring": enumOf(CadenceAnchoring.self), "followsClass": ["type": "boolean"]], required: ["kind", "months"])
        let cadences: [String: Any] = ["cadences": ["type": "array", "items": cadence], "remindDaysBefore": ["type": "integer", "minimum": 0, "maximum": 90]]
        let due = object(["accountID": id, "kind": enumOf(EvaluationKind.self), "dueOn": date, "state": enumOf(DueState.self), "daysOverdue": integer],
                         required: ["accountID", "kind", "dueOn", "state", "daysOverdue"])
        let item = object(["key": string, "verdict": string, "note": string], required: ["key", "verdict"])
        let action = object(["title": string, "ownerID": id, "dueOn": nullableDate, "taskID": nullableID], required: ["title", "ownerID"])
        let body: [String: Any] = ["kind": enumOf(EvaluationKind.self), "dueOn": date, "heldOn": date, "participantIDs": ["type": "array", "items": id],
                                   "result": enumOf(EvaluationResult.self), "checklist": ["type": "array", "items": item], "findings": string,
                                   "actions": ["type": "array", "items": action]]
        let evaluation = object(body.merging(["id": id, "accountID": id, "onTime": ["type": "boolean"], "createdAt": dateTime,
                                              "createdBy": nullableID, "createdByName": string]) { first, _ in first },
                                required: ["id", "accountID", "kind", "dueOn", "heldOn", "onTime", "result", "createdAt"])
        let share = object(["held": integer, "onTime": integer, "overdue": integer], required: ["held", "onTime", "overdue"])
        let row = object(["key": string, "teamID": id, "accounts": integer, "share": share, "percent": integer], required: ["key", "accounts", "share"])
        let trend = object(["improved": integer, "declined": integer, "unchanged": integer, "unknown": integer],
                           required: ["improved", "declined", "unchanged", "unknown"])
        let reviewReport = object(["since": date, "byTeam": ["type": "array", "items": row], "byClass": ["type": "array", "items": row],
                                   "total": share, "trend": trend], required: ["since", "byTeam", "byClass", "total", "trend"])
        let criteria: [String: Any] = ["targetsPercent": ["type": "integer", "minimum": 0, "maximum": 1000],
                                       "reviewsOnTimePercent": ["type": "integer", "minimum": 0, "maximum": 100],
                                       "objectivesPercent": ["type": "integer", "minimum": 0, "maximum": 100],
                                       "customerScore": ["type": "integer", "minimum": 0, "maximum": 100]]
        let figures = object(["targetsPercent": integer, "reviewsOnTimePercent": integer, "objectivesPercent": integer, "customerScore": ["type": "number"]],
                             required: [])
        let assessment = object(["year": integer, "subject": enumOf(AssessmentSubject.self), "subjectID": id, "name": string, "figures": figures,
                                 "met": ["type": "object", "additionalProperties": ["type": "boolean"]],
                                 "suggestion": enumOf(AssessmentDecision.self), "decision": enumOf(AssessmentDecision.self), "comment": string,
                                 "decidedBy": string, "decidedAt": dateTime, "version": integer],
                                required: ["year", "subject", "subjectID", "name", "figures", "met", "comment", "version"])
        return [
            "EvaluationCadences": object(cadences.merging(["revision": integer, "createdAt": ["type": ["string", "null"], "format": "date-time"],
                                                           "createdBy": nullableString]) { first, _ in first },
                                         required: ["cadences", "remindDaysBefore", "revision"]),
            "EvaluationCadencesInput": object(cadences, required: ["cadences"]),
            "ReviewDue": object(["accountID": id, "accountName": string, "accountClass": nullableEnum(AccountClass.self), "ownerID": id, "ownerName": string,
                                 "kind": enumOf(EvaluationKind.self), "dueOn": date, "state": enumOf(DueState.self), "daysOverdue": integer],
                                required: ["accountID", "accountName", "ownerID", "kind", "dueOn", "state", "daysOverdue"]),
            "ReviewDueList": list("ReviewDue"),
            "AccountReviews": object(["accountID": id, "keyAccountSince": nullableDate, "next": ["type": "array", "items": due],
                                      "held": ["type": "array", "items": evaluation],
                                      "scores": ["type": "array", "items": object(["scoredAt": dateTime, "total": ["type": "number"]],
                                                                                 required: ["scoredAt", "total"])]],
                                     required: ["accountID", "next", "held", "scores"]),
            "EvaluationInput": object(body, required: ["kind", "dueOn", "result"]),
            "Evaluation": evaluation,
            "ReviewReminder": object(["id": id, "accountID": id, "accountName": string, "kind": enumOf(EvaluationKind.self), "dueOn": date,
                                      "reason": enumOf(ReminderReason.self), "createdAt": dateTime,
                                      "readAt": ["type": ["string", "null"], "format": "date-time"]],
                                     required: ["id", "accountID", "accountName", "kind", "dueOn", "reason", "createdAt"]),
            "NotificationList": object(["items": ["type": "array", "items": ["$ref": "#/components/schemas/ReviewReminder"]], "unread": integer],
                                       required: ["items", "unread"]),
            "MarkedCount": object(["marked": integer], required: ["marked"]),
            "ReviewReport": reviewReport,
            "AssessmentCriteria": object(criteria.merging(["revision": integer, "createdAt": ["type": ["string", "null"], "format": "date-time"],
                                                           "createdBy": nullableString]) { first, _ in first }, required: Array(criteria.keys) + ["revision"]),
            "AssessmentCriteriaInput": object(criteria, required: []),
            "YearlyAssessment": assessment,
            "AssessmentList": object(["year": integer, "criteria": object(criteria, required: Array(criteria.keys)),
                                      "items": ["type": "array", "items": assessment]], required: ["year", "criteria", "items"]),
            "AssessmentDecisionInput": object(["year": integer, "subject": enumOf(AssessmentSubject.self), "subjectID": id,
                                               "decision": enumOf(AssessmentDecision.self), "comment": string, "version": integer],
                                              required: ["year", "subject", "subjectID", "decision"]),
            "CalendarFeed": object(["active": ["type": "boolean"], "createdAt": ["type": ["string", "null"], "format": "date-time"],
                                    "url": ["type": ["string", "null"], "format": "uri"]], required: ["active"]),
        ]
    }
}
