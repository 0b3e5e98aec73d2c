import EntitlementModel

/// Graph `accessPackageAssignmentPolicy` as a live object whose spec is the manifest's policy in
/// store form (object ids for users, groups and connected organizations).
///
/// Properties entitle does not model (custom extension stages, `createdDateTime`, and any added
/// later) take no part in the spec, so they never make a diff.
public enum AssignmentPolicyMapping {
    /// The policy of package `packageID`; `nil` without an id.
    public static func policy(_ json: GraphJSON, packageID: String) -> LiveObject? {
        guard let id = json["id"]?.stringValue else { return nil }
        let displayName = json["displayName"]?.stringValue ?? ""
        let spec = CanonicalValue.fields([
            "displayName": .string(displayName),
            "description": GraphValues.text(json["description"]),
            "requestors": .fields([
                "scope": .string(json["allowedTargetScope"]?.stringValue ?? "notSpecified"),
                "specific": SubjectSetMapping.subjects(json["specificAllowedTargets"]),
            ]),
            "requests": requests(json["requestorSettings"]),
            "approval": approval(json["requestApprovalSettings"]),
            "questions": .list(questions(json["questions"])),
            "expiration": expiration(json["expiration"]),
            "accessReviews": reviews(json["reviewSettings"]),
            "automaticAssignment": automatic(json["automaticRequestSettings"]),
            "notifyAssignments": .bool(!(json["notificationSettings"]?["isAssignmentNotificationDisabled"]?.boolValue ?? false)),
        ])
        return LiveObject(id: id, kind: .policy, parentID: packageID, displayName: displayName, spec: spec)
    }

    static func requests(_ json: GraphJSON?) -> CanonicalValue {
        let onBehalfRequestors = json?["onBehalfRequestors"]?.arrayValue ?? []
        let add = json?["enableOnBehalfRequestorsToAddAccess"]?.boolValue ?? false
        let update = json?["enableOnBehalfRequestorsToUpdateAccess"]?.boolValue ?? false
        let remove = json?["enableOnBehalfRequestorsToRemoveAccess"]?.boolValue ?? false
        let onBehalf: CanonicalValue =
            onBehalfRequestors.isEmpty && !add && !update && !remove
            ? .null
            : .fields([
                "requestors": SubjectSetMapping.subjects(json?["onBehalfRequestors"]), "add": .bool(add), "update": .bool(update),
                "remove": .bool(remove),
            ])
        return .fields([
            "enabled": GraphValues.flag(json?["enableTargetsToSelfAddAccess"]),
            "allowExtension": GraphValues.flag(json?["enableTargetsToSelfUpdateAccess"]),
            "allowSelfRemoval": GraphValues.flag(json?["enableTargetsToSelfRemoveAccess"]),
            "customSchedule": GraphValues.flag(json?["allowCustomAssignmentSchedule"]),
            "onBehalf": onBehalf,
        ])
    }

    static func approval(_ json: GraphJSON?) -> CanonicalValue {
        .fields([
            "required": GraphValues.flag(json?["isApprovalRequiredForAdd"]),
            "requiredForExtension": GraphValues.flag(json?["isApprovalRequiredForUpdate"]),
            "requestorJustification": GraphValues.flag(json?["isRequestorJustificationRequired"]),
            "stages": .list((json?["stages"]?.arrayValue ?? []).map(stage)),
        ])
    }

    static func stage(_ json: GraphJSON) -> CanonicalValue {
        let escalation: CanonicalValue =
            json["isEscalationEnabled"]?.boolValue == true
            ? .fields([
                "after": GraphValues.duration(json["durationBeforeEscalation"]),
                "approvers": SubjectSetMapping.subjects(json["escalationApprovers"]),
                "fallbackApprovers": SubjectSetMapping.subjects(json["fallbackEscalationApprovers"]),
            ])
            : .null
        return .fields([
            "approvers": SubjectSetMapping.subjects(json["primaryApprovers"]),
            "fallbackApprovers": SubjectSetMapping.subjects(json["fallbackPrimaryApprovers"]),
            "decisionWithin": GraphValues.duration(json["durationBeforeAutomaticDenial"]),
            "approverJustification": GraphValues.flag(json["isApproverJustificationRequired"]),
            "escalation": escalation,
            "approverVisibility": .string(json["approverInformationVisibility"]?.stringValue ?? "default"),
        ])
    }

    /// Questions in `sequence` order (Graph does not promise to return them in order).
    static func questions(_ json: GraphJSON?) -> [CanonicalValue] {
        let ordered = (json?.arrayValue ?? []).enumerated().sorted { a, b in
            (a.element["sequence"]?.intValue ?? a.offset, a.offset) < (b.element["sequence"]?.intValue ?? b.offset, b.offset)
        }
        return ordered.map { question($0.element) }
    }

    static func question(_ json: GraphJSON) -> CanonicalValue {
        let isChoice = json.odataType == "accessPackageMultipleChoiceQuestion"
        let answer = isChoice ? "choice" : (json["isSingleLineQuestion"]?.boolValue == false ? "longText" : "shortText")
        return .fields([
            "text": GraphValues.text(json["text"]),
            "localizations": localizations(json["localizations"]),
            "required": GraphValues.flag(json["isRequired"]),
            "editable": GraphValues.flag(json["isAnswerEditable"]),
            "answer": .string(answer),
            "pattern": .optional(json["regexPattern"]?.stringValue),
            "choices": .list(
                (json["choices"]?.arrayValue ?? []).map { choice in
                    .fields([
                        "value": GraphValues.text(choice["actualValue"]), "text": GraphValues.text(choice["text"]),
                        "localizations": localizations(choice["localizations"]),
                    ])
                }),
            "multipleSelection": GraphValues.flag(json["isMultipleSelectionAllowed"]),
        ])
    }

    static func localizations(_ json: GraphJSON?) -> CanonicalValue {
        .unordered(
            (json?.arrayValue ?? []).map { .fields(["languageCode": GraphValues.text($0["languageCode"]), "text": GraphValues.text($0["text"])]) })
    }

    static func expiration(_ json: GraphJSON?) -> CanonicalValue {
        switch json?["type"]?.stringValue {
        case "afterDuration": .fields(["after": GraphValues.duration(json?["duration"])])
        case "afterDateTime": .fields(["on": GraphValues.dateTime(json?["endDateTime"])])
        case "noExpiration", nil: .fields(["never": .bool(true)])
        case let other?: .fields(["type": .string(other)])
        }
    }

    static func reviews(_ json: GraphJSON?) -> CanonicalValue {
        guard let json, json["isEnabled"]?.boolValue == true else { return .null }
        let schedule = json["schedule"]
        let reviewers: CanonicalValue =
            json["isSelfReview"]?.boolValue == true ? .string("self") : SubjectSetMapping.subjects(json["primaryReviewers"])
        let behavior = json["expirationBehavior"]?.stringValue ?? "keepAccess"
        return .fields([
            "starting": GraphValues.dateTime(schedule?["startDateTime"]),
            "recurrence": .string(ReviewRecurrence.name(of: schedule?["recurrence"]?["pattern"])),
            "duration": GraphValues.duration(schedule?["expiration"]?["duration"]),
            "reviewers": reviewers,
            "fallbackReviewers": SubjectSetMapping.subjects(json["fallbackReviewers"]),
            "onNoResponse": .string(behavior == "acceptAccessRecommendation" ? "acceptRecommendation" : behavior),
            "recommendations": GraphValues.flag(json["isRecommendationEnabled"]),
            "reviewerJustification": GraphValues.flag(json["isReviewerJustificationRequired"]),
        ])
    }

    static func automatic(_ json: GraphJSON?) -> CanonicalValue {
        guard let json, json != .null else { return .null }
        return .fields([
            "removeWhenOutOfScope": GraphValues.flag(json["removeAccessWhenTargetLeavesAllowedTargets"]),
            "gracePeriod": GraphValues.duration(json["gracePeriodBeforeAccessRemoval"], fallback: .string("PT0S")),
        ])
    }
}
