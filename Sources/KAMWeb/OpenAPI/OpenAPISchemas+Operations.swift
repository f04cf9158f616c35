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
        ].merging(lifecycle) { a, _ in a }
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
        return [
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
