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

    // MARK: Writing

    /// The properties of a policy that entitle models and writes: whatever else a policy read back
    /// holds (custom extension stages, properties added later) is kept when it is replaced.
    public static let modelledProperties: Set<String> = [
        "displayName", "description", "allowedTargetScope", "specificAllowedTargets", "automaticRequestSettings", "expiration",
        "requestorSettings", "requestApprovalSettings", "reviewSettings", "notificationSettings", "questions", "accessPackage",
    ]

    /// The body that creates (POST) or replaces (PUT) the policy with store-form `spec` in package
    /// `packageID`: the inverse of `policy(_:packageID:)`.
    public static func body(_ spec: CanonicalValue, packageID: String) -> GraphJSON {
        let requestors = spec[field: "requestors"]
        var body: [String: GraphJSON] = [
            "displayName": spec.graphText("displayName"),
            "description": .string(spec.text("description") ?? ""),
            "allowedTargetScope": .string(requestors?.text("scope") ?? "notSpecified"),
            "specificAllowedTargets": SubjectSetMapping.bodies(requestors?[field: "specific"]),
            "expiration": expirationBody(spec[field: "expiration"]),
            "requestorSettings": requestsBody(spec[field: "requests"]),
            "requestApprovalSettings": approvalBody(spec[field: "approval"]),
            "reviewSettings": reviewsBody(spec[field: "accessReviews"]),
            "notificationSettings": ["isAssignmentNotificationDisabled": .bool(!(spec[field: "notifyAssignments"]?.flag ?? true))],
            "questions": .array((spec[field: "questions"]?.elements ?? []).enumerated().map { questionBody($0.element, sequence: $0.offset) }),
            "accessPackage": ["id": .string(packageID)],
        ]
        if let automatic = spec[field: "automaticAssignment"], automatic != .null {
            body["automaticRequestSettings"] = [
                "requestAccessForAllowedTargets": true,
                "removeAccessWhenTargetLeavesAllowedTargets": .bool(automatic.flag("removeWhenOutOfScope")),
                "gracePeriodBeforeAccessRemoval": automatic.graphText("gracePeriod"),
            ]
        }
        return .object(body)
    }

    /// The body of a PUT: `current` (the policy as read, with its contained properties) with the
    /// properties entitle models replaced by `spec`'s, and those Graph owns left out.
    public static func replacement(of current: GraphJSON, with spec: CanonicalValue, packageID: String) -> GraphJSON {
        var members = current.objectValue ?? [:]
        for name in members.keys where modelledProperties.contains(name) || name.hasPrefix("@odata") || name.hasSuffix("@odata.context") {
            members[name] = nil
        }
        for name in ["id", "createdDateTime", "modifiedDateTime", "catalog"] { members[name] = nil }
        for (name, value) in body(spec, packageID: packageID).objectValue ?? [:] { members[name] = value }
        return .object(members)
    }

    static func expirationBody(_ spec: CanonicalValue?) -> GraphJSON {
        if let after = spec?.text("after") { return ["type": "afterDuration", "duration": .string(after)] }
        if let on = spec?.text("on") { return ["type": "afterDateTime", "endDateTime": .string(on)] }
        if let type = spec?.text("type") { return ["type": .string(type)] }
        return ["type": "noExpiration"]
    }

    static func requestsBody(_ spec: CanonicalValue?) -> GraphJSON {
        let onBehalf = spec?[field: "onBehalf"].flatMap { $0 == .null ? nil : $0 }
        return [
            "enableTargetsToSelfAddAccess": .bool(spec?.flag("enabled") ?? false),
            "enableTargetsToSelfUpdateAccess": .bool(spec?.flag("allowExtension") ?? false),
            "enableTargetsToSelfRemoveAccess": .bool(spec?.flag("allowSelfRemoval") ?? false),
            "allowCustomAssignmentSchedule": .bool(spec?.flag("customSchedule") ?? false),
            "enableOnBehalfRequestorsToAddAccess": .bool(onBehalf?.flag("add") ?? false),
            "enableOnBehalfRequestorsToUpdateAccess": .bool(onBehalf?.flag("update") ?? false),
            "enableOnBehalfRequestorsToRemoveAccess": .bool(onBehalf?.flag("remove") ?? false),
            "onBehalfRequestors": SubjectSetMapping.bodies(onBehalf?[field: "requestors"]),
        ]
    }

    static func approvalBody(_ spec: CanonicalValue?) -> GraphJSON {
        [
            "isApprovalRequiredForAdd": .bool(spec?.flag("required") ?? false),
            "isApprovalRequiredForUpdate": .bool(spec?.flag("requiredForExtension") ?? false),
            "isRequestorJustificationRequired": .bool(spec?.flag("requestorJustification") ?? false),
            "stages": .array((spec?[field: "stages"]?.elements ?? []).map(stageBody)),
        ]
    }

    static func stageBody(_ spec: CanonicalValue) -> GraphJSON {
        let escalation = spec[field: "escalation"].flatMap { $0 == .null ? nil : $0 }
        var body: [String: GraphJSON] = [
            "durationBeforeAutomaticDenial": spec.graphText("decisionWithin"),
            "isApproverJustificationRequired": .bool(spec.flag("approverJustification")),
            "isEscalationEnabled": .bool(escalation != nil),
            "primaryApprovers": SubjectSetMapping.bodies(spec[field: "approvers"]),
            "fallbackPrimaryApprovers": SubjectSetMapping.bodies(spec[field: "fallbackApprovers"]),
            "escalationApprovers": SubjectSetMapping.bodies(escalation?[field: "approvers"]),
            "fallbackEscalationApprovers": SubjectSetMapping.bodies(escalation?[field: "fallbackApprovers"]),
        ]
        if let after = escalation?.text("after") { body["durationBeforeEscalation"] = .string(after) }
        if let visibility = spec.text("approverVisibility"), visibility != "default" { body["approverInformationVisibility"] = .string(visibility) }
        return .object(body)
    }

    static func questionBody(_ spec: CanonicalValue, sequence: Int) -> GraphJSON {
        let answer = spec.text("answer") ?? "shortText"
        var body: [String: GraphJSON] = [
            "sequence": .number(Double(sequence)),
            "text": spec.graphText("text"),
            "localizations": localizationsBody(spec[field: "localizations"]),
            "isRequired": .bool(spec.flag("required")),
            "isAnswerEditable": .bool(spec.flag("editable")),
        ]
        if answer == "choice" {
            body["@odata.type"] = "#microsoft.graph.accessPackageMultipleChoiceQuestion"
            body["isMultipleSelectionAllowed"] = .bool(spec.flag("multipleSelection"))
            body["choices"] = .array(
                (spec[field: "choices"]?.elements ?? []).map { choice in
                    [
                        "actualValue": choice.graphText("value"), "text": choice.graphText("text"),
                        "localizations": localizationsBody(choice[field: "localizations"]),
                    ]
                })
        } else {
            body["@odata.type"] = "#microsoft.graph.accessPackageTextInputQuestion"
            body["isSingleLineQuestion"] = .bool(answer != "longText")
            if let pattern = spec.text("pattern") { body["regexPattern"] = .string(pattern) }
        }
        return .object(body)
    }

    static func localizationsBody(_ spec: CanonicalValue?) -> GraphJSON {
        .array((spec?.elements ?? []).map { ["languageCode": $0.graphText("languageCode"), "text": $0.graphText("text")] })
    }

    static func reviewsBody(_ spec: CanonicalValue?) -> GraphJSON {
        guard let spec, spec != .null else { return .null }
        let recurrence = spec.text("recurrence") ?? "quarterly"
        let pattern: GraphJSON
        if let known = ReviewRecurrence.patterns.first(where: { $0.0.rawValue == recurrence }) {
            pattern = ["type": .string(known.type), "interval": .number(Double(known.interval))]
        } else {
            let parts = recurrence.split(separator: "/")
            pattern = ["type": .string(String(parts.first ?? "")), "interval": .number(Double(parts.count > 1 ? Int(parts[1]) ?? 1 : 1))]
        }
        let starting = spec.text("starting")
        let onNoResponse = spec.text("onNoResponse") ?? "keepAccess"
        let reviewers = spec[field: "reviewers"]
        let isSelf = reviewers?.text == "self"
        return [
            "isEnabled": true,
            "expirationBehavior": .string(onNoResponse == "acceptRecommendation" ? "acceptAccessRecommendation" : onNoResponse),
            "isRecommendationEnabled": .bool(spec.flag("recommendations")),
            "isReviewerJustificationRequired": .bool(spec.flag("reviewerJustification")),
            "isSelfReview": .bool(isSelf),
            "primaryReviewers": isSelf ? [] : SubjectSetMapping.bodies(reviewers),
            "fallbackReviewers": SubjectSetMapping.bodies(spec[field: "fallbackReviewers"]),
            "schedule": [
                "startDateTime": starting.map(GraphJSON.string) ?? .null,
                "expiration": ["type": "afterDuration", "duration": spec.graphText("duration")],
                "recurrence": [
                    "pattern": pattern,
                    "range": ["type": "noEnd", "startDate": starting.map { GraphJSON.string(String($0.prefix(10))) } ?? .null],
                ],
            ],
        ]
    }
}
