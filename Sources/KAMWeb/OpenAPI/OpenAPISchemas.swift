import Foundation
import KAMCore

/// JSON Schemas (OpenAPI 3.1 = JSON Schema 2020-12) of the request and response bodies.
enum OpenAPISchemas {
    static var string: [String: Any] { ["type": "string"] }
    static var nullableString: [String: Any] { ["type": ["string", "null"]] }
    static var id: [String: Any] { ["type": "integer", "format": "int64"] }
    static var nullableID: [String: Any] { ["type": ["integer", "null"], "format": "int64"] }
    static var dateTime: [String: Any] { ["type": "string", "format": "date-time"] }
    static var date: [String: Any] { ["type": "string", "format": "date"] }
    static var nullableDate: [String: Any] { ["type": ["string", "null"], "format": "date"] }
    static var level: [String: Any] { ["type": "integer", "minimum": 1, "maximum": 5] }

    static func enumOf<V: DomainVocabulary>(_: V.Type) -> [String: Any] { ["type": "string", "enum": V.allRawValues] }
    static func nullableEnum<V: DomainVocabulary>(_: V.Type) -> [String: Any] { ["type": ["string", "null"], "enum": V.allRawValues as [Any] + [NSNull()]] }
    /// `schema`, or null (which an input reads as "not given").
    static func orNull(_ schema: Any) -> [String: Any] { ["anyOf": [schema, ["type": "null"]]] }

    static func object(_ properties: [String: Any], required: [String] = []) -> [String: Any] {
        var o: [String: Any] = ["type": "object", "properties": properties]
        if !required.isEmpty { o["required"] = required }
        return o
    }
    static func list(_ item: String) -> [String: Any] {
        object(["items": ["type": "array", "items": ["$ref": "#/components/schemas/\(item)"]], "nextCursor": nullableString,
                "total": ["type": ["integer", "null"]], "totalIsLowerBound": ["type": ["boolean", "null"]]], required: ["items"])
    }

    /// A stage of the company's sales process (administrators configure them) or an outcome.
    static var stageKey: [String: Any] { ["type": "string", "pattern": "^[a-z0-9_]{1,60}$"] }
    static var percent: [String: Any] { ["type": ["integer", "null"], "minimum": 0, "maximum": 100] }

    static var all: [String: Any] {
        core.merging(purchasing) { first, _ in first }.merging(scoring) { first, _ in first }.merging(strategy) { first, _ in first }
            .merging(operations) { first, _ in first }.merging(monetisation) { first, _ in first }.merging(planning) { first, _ in first }
            .merging(evaluation) { first, _ in first }
    }

    static var core: [String: Any] {
        let name = object(["family": string, "given": string, "familyReading": nullableString, "givenReading": nullableString], required: ["family"])
        let phone = object(["label": string, "number": string], required: ["number"])
        let employment = object(["accountID": id, "title": nullableString, "department": nullableString, "reportsToID": nullableID,
                                 "from": nullableDate, "to": nullableDate], required: ["accountID"])
        let fact = object(["kind": enumOf(PersonalFactKind.self), "value": string, "source": string, "recordedOn": date],
                          required: ["kind", "value", "source", "recordedOn"])
        let portrait = object(["closeness": level, "recognition": level, "priceAcceptance": level])
        let money = object(["minorUnits": ["type": "integer", "format": "int64"], "currency": ["type": "string", "pattern": "^[A-Z]{3}$"]],
                           required: ["minorUnits", "currency"])
        let accountFields: [String: Any] = [
            "name": string, "industry": enumOf(Industry.self), "region": enumOf(Region.self), "size": enumOf(AccountSize.self),
            "timeZone": nullableString, "parentID": nullableID, "procurementMode": enumOf(ProcurementMode.self), "ownerID": id,
            "website": nullableString, "description": nullableString,
            "customFields": ["type": "object", "additionalProperties": ["type": "string"]],
        ]
        var account = accountFields
        account.merge(["id": id, "scene": enumOf(LifecycleScene.self), "stage": enumOf(RelationshipStage.self),
                       "status": enumOf(KeyAccountStatus.self), "accountClass": nullableEnum(AccountClass.self),
                       "version": ["type": "integer"], "createdAt": dateTime,
                       "updatedAt": dateTime, "updatedBy": nullableID, "deletedAt": ["type": ["string", "null"], "format": "date-time"]]) { a, _ in a }
        return [
            "Problem": object(["type": string, "title": string, "status": ["type": "integer"], "detail": string, "code": string,
                               "errors": ["type": "array", "items": object(["field": string, "code": string, "message": string,
                                                                                    "row": ["type": "integer"]])],
                               "currentVersion": ["type": "integer"], "changedBy": string, "retryAfter": ["type": "integer"]],
                              required: ["type", "title", "status", "code"]),
            "SignIn": object(["username": string, "password": string], required: ["username", "password"]),
            "User": object(["id": id, "username": string, "displayName": string, "email": nullableString, "role": enumOf(Role.self),
                            "managerID": nullableID, "locale": nullableString, "timeZone": string, "active": ["type": "boolean"],
                            "version": ["type": "integer"]]),
            "UserList": list("User"),
            "Session": object(["user": ["$ref": "#/components/schemas/User"], "csrfToken": string]),
            "AccountInput": object(accountFields),
            "Account": object(account, required: ["id", "name", "version"]),
            "AccountSummary": object(["id": id, "name": string, "industry": enumOf(Industry.self), "region": enumOf(Region.self),
                                      "size": enumOf(AccountSize.self), "ownerID": id, "ownerName": string, "status": enumOf(KeyAccountStatus.self),
                                      "accountClass": nullableEnum(AccountClass.self),
                                      "stage": enumOf(RelationshipStage.self), "scene": enumOf(LifecycleScene.self), "parentID": nullableID,
                                      "updatedAt": dateTime, "version": ["type": "integer"]], required: ["id", "name", "version"]),
            "AccountList": list("AccountSummary"),
            "MoveRequest": object(["field": enumOf(TrackedAccountField.self), "to": string, "reason": string], required: ["field", "to", "reason"]),
            "Move": object(["accountID": id, "field": enumOf(TrackedAccountField.self), "from": string, "to": string, "reason": string,
                            "actorID": nullableID, "at": dateTime]),
            "MoveList": list("Move"),
            "AuditEntry": object(["id": id, "actorID": nullableID, "actorName": string, "at": dateTime, "entity": string, "entityID": id,
                                  "action": string, "before": nullableString, "after": nullableString, "accountID": nullableID]),
            "AuditList": list("AuditEntry"),
            "TreeNode": object(["id": id, "name": string, "depth": ["type": "integer"]]),
            "TreeList": list("TreeNode"),
            "KeyPersonInput": object(["name": name, "kind": enumOf(PersonKind.self), "organisation": nullableString, "userID": nullableID,
                                      "recordedForAccountID": nullableID, "isPlaceholder": ["type": "boolean"], "email": nullableString, "phones": ["type": "array", "items": phone],
                                      "legalBasis": enumOf(LegalBasis.self), "notes": nullableString,
                                      "employments": ["type": "array", "items": employment], "facts": ["type": "array", "items": fact],
                                      "portrait": portrait]),
            "KeyPerson": object(["id": id, "name": name, "kind": enumOf(PersonKind.self), "organisation": nullableString,
                                 "userID": nullableID, "recordedForAccountID": nullableID, "isPlaceholder": ["type": "boolean"],
                                 "replacedByID": nullableID, "email": nullableString, "phones": ["type": "array", "items": phone],
                                 "legalBasis": enumOf(LegalBasis.self), "notes": nullableString,
                                 "employments": ["type": "array", "items": employment], "facts": ["type": "array", "items": fact],
                                 "portrait": portrait, "version": ["type": "integer"], "createdAt": dateTime, "updatedAt": dateTime],
                                required: ["id", "name", "version"]),
            "PersonSummary": object(["id": id, "name": name, "title": nullableString, "department": nullableString,
                                     "accountID": nullableID, "accountName": nullableString, "reportsToID": nullableID,
                                     "portrait": portrait, "version": ["type": "integer"]]),
            "PersonList": list("PersonSummary"),
            "PlaceholderReplacementInput": object(["personID": id], required: ["personID"]),
            "PlaceholderReplacement": object(["placeholderID": id, "personID": id, "reportsMoved": ["type": "array", "items": id],
                                              "connectionsMoved": ["type": "array", "items": id],
                                              "connectionsDropped": ["type": "array", "items": id],
                                              "decisionChainsChanged": ["type": "array", "items": id],
                                              "jobsTakenOver": ["type": "array", "items": id]],
                                             required: ["placeholderID", "personID"]),
            "PortraitInput": object(["closeness": level, "recognition": level, "priceAcceptance": level, "evidence": string],
                                    required: ["closeness", "recognition", "priceAcceptance"]),
            "PortraitAssessment": object(["personID": id, "portrait": portrait, "evidence": string, "assessedBy": nullableID, "assessedAt": dateTime]),
            "PortraitHistory": list("PortraitAssessment"),
            "OpportunityInput": object(["name": string, "accountID": id, "amount": money, "stage": stageKey,
                                        "expectedClose": nullableDate, "ownerID": id, "probabilityPercent": percent, "foundOn": nullableDate,
                                        "stageReason": ["type": ["string", "null"], "description": "Why; required to move past exit criteria not met"]]),
            "Opportunity": object(["id": id, "name": string, "accountID": id, "amount": money, "stage": stageKey,
                                   "expectedClose": nullableDate, "ownerID": id, "probabilityPercent": percent, "foundOn": date,
                                   "closedOn": nullableDate, "track": enumOf(SalesTrack.self), "version": ["type": "integer"]],
                                  required: ["id", "name", "version", "track", "foundOn"]),
            "OpportunityList": list("Opportunity"),
            "TeamMemberInput": object(["userID": id, "role": enumOf(TeamRole.self), "access": enumOf(TeamAccess.self),
                                       "from": date, "to": nullableDate, "hoursPerQuarter": hours,
                                       "privateFields": ["type": "boolean"]]),
            "TeamMember": object(["id": id, "accountID": id, "userID": id, "userName": string, "role": enumOf(TeamRole.self),
                                  "access": enumOf(TeamAccess.self), "from": date, "to": nullableDate, "hoursPerQuarter": hours,
                                  "privateFields": ["type": "boolean"], "version": ["type": "integer"]],
                                 required: ["id", "accountID", "userID", "role", "access", "from", "version"]),
            "TeamList": list("TeamMember"),
            "TriangleGap": object(["accountID": id, "name": string, "status": enumOf(KeyAccountStatus.self), "ownerName": string,
                                   "missing": ["type": "array", "items": enumOf(IronTriangleRole.self)], "needsLeadExpert": ["type": "boolean"]],
                                  required: ["accountID", "name", "missing", "needsLeadExpert"]),
            "TriangleGapList": list("TriangleGap"),
            "NewUser": object(["username": string, "displayName": string, "password": string, "email": nullableString,
                               "role": enumOf(Role.self), "managerID": nullableID, "timeZone": string],
                              required: ["username", "displayName", "password", "role"]),
            "UserChange": object(["displayName": string, "email": nullableString, "role": enumOf(Role.self), "managerID": nullableID,
                                  "timeZone": string, "active": ["type": "boolean"]]),
            "CustomFieldInput": object(["key": string, "label": string, "type": enumOf(CustomFieldType.self),
                                        "choices": ["type": "array", "items": string], "industry": enumOf(Industry.self),
                                        "required": ["type": "boolean"]], required: ["key", "label", "type"]),
            "CustomField": object(["id": id, "key": string, "label": string, "type": enumOf(CustomFieldType.self),
                                   "choices": ["type": "array", "items": string], "industry": ["type": ["string", "null"]],
                                   "required": ["type": "boolean"], "version": ["type": "integer"]]),
            "CustomFieldList": list("CustomField"),
        ].merging(organisation) { a, _ in a }
    }

    static var hours: [String: Any] { ["type": "integer", "minimum": 0, "maximum": 2000] }
    static var version: [String: Any] { ["type": "integer"] }
    static var ids: [String: Any] { ["type": "array", "items": id] }
    static var strings: [String: Any] { ["type": "array", "items": string] }
    static func arrayOf<V: DomainVocabulary>(_ type: V.Type) -> [String: Any] { ["type": "array", "items": enumOf(type)] }
    static var warnings: [String: Any] { ["type": "array", "items": object(["field": string, "code": string, "detail": nullableString])] }

    static var organisation: [String: Any] {
        let rule = object(["regions": arrayOf(Region.self), "industries": arrayOf(Industry.self), "sizes": arrayOf(AccountSize.self),
                           "statuses": arrayOf(KeyAccountStatus.self)])
        let territory: [String: Any] = ["parentID": nullableID, "name": string, "line": enumOf(CoverageLine.self), "rule": rule,
                                        "userID": nullableID, "salesTeamID": nullableID]
        let coverage: [String: Any] = ["line": enumOf(CoverageLine.self), "userID": nullableID, "salesTeamID": nullableID,
                                       "from": date, "to": nullableDate]
        let profile: [String: Any] = ["skills": strings, "industries": arrayOf(Industry.self), "languages": strings,
                                      "seniority": enumOf(Seniority.self), "capacityHoursPerQuarter": hours]
        var storedProfile = profile
        storedProfile.merge(["userID": id, "name": string, "managerID": nullableID, "version": version]) { a, _ in a }
        let load = object(["accounts": ["type": "integer"], "committedHoursPerQuarter": ["type": "integer"],
                           "capacityHoursPerQuarter": ["type": "integer"]])
        return [
            "SalesTeamInput": object(["name": string, "leaderID": nullableID, "memberIDs": ids]),
            "SalesTeam": object(["id": id, "name": string, "leaderID": nullableID, "memberIDs": ids, "version": version],
                                required: ["id", "name", "memberIDs", "version"]),
            "SalesTeamList": list("SalesTeam"),
            "CoverageInput": object(coverage),
            "Coverage": object(coverage.merging(["id": id, "accountID": id, "coveredBy": string, "territoryID": nullableID,
                                                 "version": version]) { a, _ in a }, required: ["id", "accountID", "line", "version"]),
            "CoverageList": list("Coverage"),
            "CoverageMatrix": object([
                "lines": arrayOf(CoverageLine.self),
                "rows": ["type": "array", "items": object([
                    "accountID": id, "name": string,
                    "cells": ["type": "array", "items": object(["line": enumOf(CoverageLine.self), "state": enumOf(CoverageState.self),
                                                                "coveredBy": strings])]])]], required: ["lines", "rows"]),
            "TerritoryModelInput": object(["name": string, "copyFrom": nullableID], required: ["name"]),
            "TerritoryInput": object(territory),
            "Territory": object(territory.merging(["id": id, "modelID": id, "version": version]) { a, _ in a },
                                required: ["id", "modelID", "name", "line", "version"]),
            "TerritoryModel": object(["id": id, "name": string, "state": enumOf(TerritoryModelState.self),
                                      "territories": ["type": "array", "items": ["$ref": "#/components/schemas/Territory"]],
                                      "version": version], required: ["id", "name", "state", "version"]),
            "TerritoryModelList": list("TerritoryModel"),
            "TerritoryMove": object(["accountID": id, "accountName": string, "line": enumOf(CoverageLine.self),
                                     "from": nullableID, "to": nullableID]),
            "TerritoryMoveList": list("TerritoryMove"),
            // An input field sent as null is left as it is, like one not sent.
            "ExpertProfileInput": object(profile.mapValues(orNull)),
            "ExpertProfile": object(storedProfile, required: ["userID", "name", "version"]),
            "ExpertMatch": object(["profile": ["$ref": "#/components/schemas/ExpertProfile"], "load": load, "fit": ["type": "integer"],
                                   "matchedSkills": strings], required: ["profile", "load", "fit"]),
            "ExpertList": list("ExpertMatch"),
            "ExpertRequestInput": object(["expertID": id, "hoursPerQuarter": hours, "note": nullableString],
                                         required: ["expertID", "hoursPerQuarter"]),
            "ExpertDecision": object(["accept": ["type": "boolean"], "reason": nullableString], required: ["accept"]),
            "ExpertRequest": object(["id": id, "accountID": id, "accountName": string, "expertID": id, "expertName": string,
                                     "requestedBy": id, "requestedByName": string, "approverID": nullableID, "hoursPerQuarter": hours,
                                     "note": nullableString, "status": enumOf(ExpertRequestStatus.self), "decisionReason": nullableString,
                                     "decidedBy": nullableID, "teamMemberID": nullableID, "createdAt": dateTime,
                                     "decidedAt": ["type": ["string", "null"], "format": "date-time"], "version": version,
                                     "warnings": warnings], required: ["id", "accountID", "expertID", "status", "version"]),
            "ExpertRequestList": list("ExpertRequest"),
            "PresalesInput": object(["kind": enumOf(PresalesKind.self), "opportunityID": nullableID, "note": nullableString], required: ["kind"]),
            "PresalesAssignment": object(["assigneeID": id], required: ["assigneeID"]),
            "PresalesRequest": object(["id": id, "accountID": id, "accountName": string, "opportunityID": nullableID,
                                       "kind": enumOf(PresalesKind.self), "tier": ["type": "integer", "enum": [1, 2, 3]],
                                       "status": enumOf(PresalesStatus.self), "requestedBy": id, "requestedByName": string,
                                       "assigneeID": nullableID, "assigneeName": nullableString, "note": nullableString,
                                       "requestedAt": dateTime, "assignedAt": ["type": ["string", "null"], "format": "date-time"],
                                       "doneAt": ["type": ["string", "null"], "format": "date-time"], "waitingSeconds": ["type": "integer"],
                                       "version": version], required: ["id", "accountID", "kind", "tier", "status", "version"]),
            "PresalesRequestList": list("PresalesRequest"),
            "ConnectionInput": object(connection),
            "Connection": object(connection.merging(["id": id, "accountID": id, "verifiedBy": nullableID,
                                                     "verifiedAt": ["type": ["string", "null"], "format": "date-time"],
                                                     "version": version]) { a, _ in a },
                                 required: ["id", "kind", "fromPersonID", "toPersonID", "strength", "stance", "status", "accountID", "version"]),
            "ConnectionList": list("Connection"),
            "RelationshipMap": object([
                "accountID": id,
                "people": ["type": "array", "items": object([
                    "id": id, "name": ["oneOf": [personName, ["type": "null"]]], "title": nullableString, "department": nullableString,
                    "accountID": nullableID, "affiliation": enumOf(RelationshipMap.Affiliation.self),
                    "kind": ["oneOf": [enumOf(PersonKind.self), ["type": "null"]]], "organisation": nullableString,
                    "isPlaceholder": ["type": "boolean"],
                    "portrait": object(["closeness": level, "recognition": level, "priceAcceptance": level]),
                    "portraitUpdatedOn": nullableDate], required: ["id", "affiliation", "isPlaceholder"])],
                "reportingLines": ["type": "array", "items": object(["report": id, "manager": id], required: ["report", "manager"])],
                "connections": ["type": "array", "items": ["$ref": "#/components/schemas/Connection"]],
                "influenceRanking": scores, "brokers": scores,
                "coverageGaps": ["type": "array", "items": object(["kind": string, "personID": id, "closeness": level,
                                                                    "lastUpdated": nullableDate], required: ["kind", "personID"])],
            ], required: ["accountID", "people", "reportingLines", "connections", "influenceRanking", "brokers", "coverageGaps"]),
            "DecisionChainInput": object(["entries": ["type": "array", "items": object(chainEntry, required: ["personID", "role"])]],
                                         required: ["entries"]),
            "DecisionChain": object([
                "opportunityID": id, "accountID": id, "version": version,
                "entries": ["type": "array", "items": object(chainEntry, required: ["personID", "role"])],
                "indirectKeyPersons": ["type": "array", "items": object(["personID": id, "decisionMakerID": id, "product": ["type": "number"],
                                                                         "path": ids, "decisionMakersSwayed": ids])],
                "map": ["$ref": "#/components/schemas/RelationshipMap"],
            ], required: ["opportunityID", "accountID", "version", "entries", "indirectKeyPersons", "map"]),
            "BestPath": object([
                "path": ["type": ["array", "null"], "items": id], "product": ["type": "number"],
                "hops": ["type": "array", "items": object(["from": id, "to": id, "strength": level,
                                                           "stance": ["type": ["string", "null"], "enum": RelationshipMap.Stance.allRawValues + [nil] as [Any]],
                                                           "status": enumOf(RelationshipMap.InfluenceStatus.self),
                                                           "reportingLine": ["type": "boolean"]])],
            ], required: ["path"]),
        ]
    }

    static var personName: [String: Any] {
        object(["family": string, "given": string, "familyReading": nullableString, "givenReading": nullableString], required: ["family"])
    }

    /// The fields a user enters for a connection between two key persons.
    static var connection: [String: Any] {
        ["kind": enumOf(ConnectionKind.self), "fromPersonID": id, "toPersonID": id, "strength": level,
         "stance": enumOf(RelationshipMap.Stance.self), "status": enumOf(RelationshipMap.InfluenceStatus.self),
         "evidence": nullableString, "opportunityID": nullableID]
    }

    /// One person of a decision chain: buying role, attitudes on the deal now and as targeted.
    static var chainEntry: [String: Any] {
        let attitudes = object(["closeness": level, "recognition": level, "priceAcceptance": level],
                               required: ["closeness", "recognition", "priceAcceptance"])
        return ["personID": id, "role": enumOf(RelationshipMap.DecisionRole.self), "current": ["oneOf": [attitudes, ["type": "null"]]],
                "target": ["oneOf": [attitudes, ["type": "null"]]], "note": nullableString]
    }

    static var scores: [String: Any] {
        ["type": "array", "items": object(["personID": id, "value": ["type": "number"]], required: ["personID", "value"])]
    }
}
