import KAMCore

extension OpenAPISchemas {
    /// Activities, the account timeline and tasks.
    static var operations: [String: Any] {
        let integer: [String: Any] = ["type": "integer"]
        let ids: [String: Any] = ["type": "array", "items": id]
        let followUp = object(["title": string, "ownerID": id, "dueOn": date], required: ["title", "ownerID", "dueOn"])
        let portraitUpdate = object(["personID": id, "closeness": level, "recognition": level, "priceAcceptance": level, "evidence": nullableString],
                                    required: ["personID", "closeness", "recognition", "priceAcceptance"])
        let name = object(["family": string, "given": string, "familyReading": nullableString, "givenReading": nullableString])
        let participant = object(["id": id, "name": string, "personName": ["oneOf": [name, ["type": "null"]]]], required: ["id", "name"])
        let activityFields: [String: Any] = [
            "kind": enumOf(ActivityKind.self), "occurredOn": date, "subject": string, "notes": nullableString, "agenda": nullableString,
            "outcomes": nullableString, "opportunityID": nullableID,
        ]
        var activityInput = activityFields
        activityInput.merge(["ourParticipants": ids, "theirParticipants": ids,
                             "followUps": ["type": "array", "items": followUp, "description": "Only when logging: each becomes a task"],
                             "portraitUpdates": ["type": "array", "items": portraitUpdate,
                                                 "description": "Only when logging: a new assessment of a person who took part"]]) { a, _ in a }
        var activity = activityFields
        activity.merge(["id": id, "accountID": id, "ourParticipants": ["type": "array", "items": participant],
                        "theirParticipants": ["type": "array", "items": participant], "followUpTaskIDs": ids, "portraitPersonIDs": ids,
                        "createdBy": nullableID, "createdByName": nullableString, "version": integer, "updatedAt": dateTime]) { a, _ in a }
        let portrait = object(["closeness": level, "recognition": level, "priceAcceptance": level])
        let money = object(["minorUnits": ["type": "integer", "format": "int64"], "currency": string])
        let entry = object(["source": enumOf(TimelineSource.self), "id": id, "on": date, "at": ["type": ["string", "null"], "format": "date-time"],
                            "title": string, "activityKind": nullableEnum(ActivityKind.self), "personID": nullableID,
                            "personName": ["oneOf": [name, ["type": "null"]]],
                            "portrait": ["oneOf": [portrait, ["type": "null"]]], "field": nullableString, "from": nullableString, "to": nullableString,
                            "detail": nullableString, "amount": ["oneOf": [money, ["type": "null"]]], "actorName": nullableString],
                           required: ["source", "id", "on", "title"])
        let taskFields: [String: Any] = ["title": string, "ownerID": id, "dueOn": date, "status": enumOf(TaskStatus.self), "note": nullableString,
                                         "accountID": nullableID]
        var task = taskFields
        task.merge(["id": id, "ownerName": string, "accountName": nullableString, "source": enumOf(TaskSource.self), "sourceID": nullableID,
                    "createdBy": nullableID, "completedAt": ["type": ["string", "null"], "format": "date-time"], "version": integer,
                    "updatedAt": dateTime]) { a, _ in a }
        return [
            "ActivityInput": object(activityInput),
            "Activity": object(activity, required: ["id", "accountID", "kind", "occurredOn", "subject", "ourParticipants", "theirParticipants", "version"]),
            "ActivityList": list("Activity"),
            "Timeline": object(["items": ["type": "array", "items": entry], "nextCursor": nullableString], required: ["items"]),
            "TaskInput": object(taskFields),
            "Task": object(task, required: ["id", "title", "ownerID", "ownerName", "dueOn", "status", "source", "version"]),
            "TaskList": list("Task"),
        ].merging(lifecycle) { a, _ in a }.merging(strengthening) { a, _ in a }
    }
}

extension OpenAPISchemas {
    /// The lifecycle checklist and the communication channel matrix.
    static var lifecycle: [String: Any] {
        let integer: [String: Any] = ["type": "integer"]
        let name = object(["family": string, "given": string, "familyReading": nullableString, "givenReading": nullableString])
        let channelFields: [String: Any] = ["kind": enumOf(ChannelKind.self), "ourUserID": id, "theirPersonID": nullableID, "medium": string,
                                            "note": nullableString, "coldAfterDays": ["type": "integer", "minimum": 7, "maximum": 730],
                                            "active": ["type": "boolean"]]
        var channel = channelFields
        channel.merge(["id": id, "accountID": id, "ourUserName": string, "theirPersonName": ["oneOf": [name, ["type": "null"]]],
                       "lastContact": nullableDate, "isCold": ["type": "boolean"], "version": integer, "updatedAt": dateTime]) { a, _ in a }
        let item = object(["key": string, "met": ["type": ["boolean", "null"], "description": "null: the product has no data for it yet"]],
                          required: ["key"])
        let items: [String: Any] = ["type": "array", "items": item]
        let incidentFields: [String: Any] = ["title": string, "severity": enumOf(IncidentSeverity.self), "occurredOn": date,
                                             "status": enumOf(IncidentStatus.self), "responsibleParty": enumOf(ResponsibleParty.self),
                                             "rootCause": nullableString, "summary": nullableString]
        var incident = incidentFields
        let event = object(["at": dateTime, "status": nullableEnum(IncidentStatus.self), "note": string, "authorName": nullableString],
                           required: ["at", "note"])
        incident.merge(["id": id, "accountID": id, "closedAt": ["type": ["string", "null"], "format": "date-time"],
                        "events": ["type": "array", "items": event], "version": integer, "updatedAt": dateTime]) { a, _ in a }
        let complaintFields: [String: Any] = ["summary": string, "channelID": nullableID, "raisedByPersonID": nullableID, "receivedOn": date,
                                              "acknowledgeBy": nullableDate, "resolveBy": nullableDate, "acknowledgedOn": nullableDate,
                                              "resolvedOn": nullableDate, "resolution": nullableString]
        var complaint = complaintFields
        complaint.merge(["id": id, "accountID": id, "channelMedium": nullableString, "raisedByName": ["oneOf": [name, ["type": "null"]]],
                         "acknowledgementLate": ["type": "boolean"], "resolutionLate": ["type": "boolean"], "version": integer,
                         "updatedAt": dateTime]) { a, _ in a }
        return [
            "IncidentInput": object(incidentFields),
            "Incident": object(incident, required: ["id", "accountID", "title", "severity", "occurredOn", "status", "responsibleParty", "events",
                                                    "version"]),
            "IncidentList": list("Incident"),
            "IncidentNote": object(["note": string], required: ["note"]),
            "ComplaintInput": object(complaintFields),
            "Complaint": object(complaint, required: ["id", "accountID", "summary", "receivedOn", "acknowledgeBy", "resolveBy", "version"]),
            "ComplaintList": list("Complaint"),
            "ChannelInput": object(channelFields),
            "Channel": object(channel, required: ["id", "accountID", "kind", "ourUserID", "medium", "isCold", "version"]),
            "AccountLifecycle": object([
                "accountID": id, "scene": enumOf(LifecycleScene.self), "stage": enumOf(RelationshipStage.self), "lastExecutiveMeeting": nullableDate,
                "checklist": object(["scenes": ["type": "array", "items": object(["scene": enumOf(LifecycleScene.self), "items": items])],
                                     "stages": ["type": "array", "items": object(["stage": enumOf(RelationshipStage.self), "items": items])]]),
                "channels": ["type": "array", "items": ["$ref": "#/components/schemas/Channel"]],
            ], required: ["accountID", "scene", "stage", "checklist", "channels"]),
        ]
    }
}

extension OpenAPISchemas {
    /// Mutual purchasing, consulting engagements and governance seats.
    static var strengthening: [String: Any] {
        let integer: [String: Any] = ["type": "integer"]
        let money = object(["minorUnits": ["type": "integer", "format": "int64"], "currency": ["type": "string", "pattern": "^[A-Z]{3}$"],
                            "decimal": string], required: ["currency"])
        let purchaseFields: [String: Any] = ["year": integer, "amount": money, "description": string]
        var purchase = purchaseFields
        purchase.merge(["id": id, "accountID": id, "reportingAmount": ["oneOf": [money, ["type": "null"]]], "version": integer,
                        "updatedAt": dateTime]) { a, _ in a }
        let engagementFields: [String: Any] = ["title": string, "scope": nullableString, "leadUserID": id, "from": date, "to": nullableDate]
        var engagement = engagementFields
        engagement.merge(["id": id, "accountID": id, "leadName": string, "version": integer, "updatedAt": dateTime]) { a, _ in a }
        let seatFields: [String: Any] = ["body": enumOf(GovernanceBody.self), "holderUserID": id, "from": date, "to": nullableDate,
                                         "note": nullableString]
        var seat = seatFields
        seat.merge(["id": id, "accountID": id, "holderName": string, "version": integer, "updatedAt": dateTime]) { a, _ in a }
        let year = object(["year": integer, "weBuy": money, "theyBuy": money, "weBuyIncomplete": ["type": "boolean"]],
                          required: ["year", "weBuy", "theyBuy", "weBuyIncomplete"])
        return [
            "MutualPurchaseInput": object(purchaseFields),
            "MutualPurchase": object(purchase, required: ["id", "accountID", "year", "amount", "description", "version"]),
            "EngagementInput": object(engagementFields),
            "Engagement": object(engagement, required: ["id", "accountID", "title", "leadUserID", "from", "version"]),
            "SeatInput": object(seatFields),
            "Seat": object(seat, required: ["id", "accountID", "body", "holderUserID", "from", "version"]),
            "Strengthening": object(["accountID": id, "reportingCurrency": string, "ledger": ["type": "array", "items": year],
                                     "purchases": ["type": "array", "items": ["$ref": "#/components/schemas/MutualPurchase"]],
                                     "engagements": ["type": "array", "items": ["$ref": "#/components/schemas/Engagement"]],
                                     "seats": ["type": "array", "items": ["$ref": "#/components/schemas/Seat"]]],
                                    required: ["accountID", "ledger", "purchases", "engagements", "seats"]),
        ]
    }
}
