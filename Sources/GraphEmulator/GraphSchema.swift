import GraphMapping

/// The v1.0 properties of each type the emulator accepts in request bodies, from the v1.0 CSDL and
/// the resource pages of the API reference. A property of another name (a beta name such as
/// `requestorSettings.scopeType` or `approvalStages`) is refused with 400, as Graph refuses it.
enum GraphSchema {
    /// A type: its properties, and the type of those that are complex values or collections of them.
    struct TypeInfo {
        var properties: Set<String>
        var nested: [String: String] = [:]
    }

    static let common: Set<String> = ["@odata.type", "@odata.context", "@odata.etag", "id", "createdDateTime", "modifiedDateTime"]

    static let types: [String: TypeInfo] = [
        "accessPackageCatalog": TypeInfo(properties: ["displayName", "description", "catalogType", "state", "isExternallyVisible"]),
        "accessPackage": TypeInfo(properties: ["displayName", "description", "isHidden", "catalog"], nested: ["catalog": "reference"]),
        "reference": TypeInfo(properties: ["id"]),
        "accessPackageAssignmentPolicy": TypeInfo(
            properties: [
                "displayName", "description", "allowedTargetScope", "specificAllowedTargets", "automaticRequestSettings", "expiration",
                "requestorSettings", "requestApprovalSettings", "reviewSettings", "notificationSettings", "accessPackage", "catalog",
                "questions", "customExtensionStageSettings",
            ],
            nested: [
                "specificAllowedTargets": "subjectSet", "automaticRequestSettings": "accessPackageAutomaticRequestSettings",
                "expiration": "expirationPattern", "requestorSettings": "accessPackageAssignmentRequestorSettings",
                "requestApprovalSettings": "accessPackageAssignmentApprovalSettings", "reviewSettings": "accessPackageAssignmentReviewSettings",
                "notificationSettings": "accessPackageNotificationSettings", "accessPackage": "reference", "catalog": "reference",
                "questions": "accessPackageQuestion",
            ]),
        "subjectSet": TypeInfo(
            properties: ["userId", "groupId", "servicePrincipalId", "connectedOrganizationId", "membershipRule", "managerLevel", "description"]),
        "accessPackageAutomaticRequestSettings": TypeInfo(
            properties: ["requestAccessForAllowedTargets", "removeAccessWhenTargetLeavesAllowedTargets", "gracePeriodBeforeAccessRemoval"]),
        "expirationPattern": TypeInfo(properties: ["type", "duration", "endDateTime"]),
        "accessPackageAssignmentRequestorSettings": TypeInfo(
            properties: [
                "enableTargetsToSelfAddAccess", "enableTargetsToSelfUpdateAccess", "enableTargetsToSelfRemoveAccess",
                "allowCustomAssignmentSchedule", "enableOnBehalfRequestorsToAddAccess", "enableOnBehalfRequestorsToUpdateAccess",
                "enableOnBehalfRequestorsToRemoveAccess", "onBehalfRequestors",
            ],
            nested: ["onBehalfRequestors": "subjectSet"]),
        "accessPackageAssignmentApprovalSettings": TypeInfo(
            properties: ["isApprovalRequiredForAdd", "isApprovalRequiredForUpdate", "isRequestorJustificationRequired", "stages"],
            nested: ["stages": "accessPackageApprovalStage"]),
        "accessPackageApprovalStage": TypeInfo(
            properties: [
                "durationBeforeAutomaticDenial", "isApproverJustificationRequired", "isEscalationEnabled", "durationBeforeEscalation",
                "primaryApprovers", "fallbackPrimaryApprovers", "escalationApprovers", "fallbackEscalationApprovers",
                "approverInformationVisibility",
            ],
            nested: [
                "primaryApprovers": "subjectSet", "fallbackPrimaryApprovers": "subjectSet", "escalationApprovers": "subjectSet",
                "fallbackEscalationApprovers": "subjectSet",
            ]),
        "accessPackageAssignmentReviewSettings": TypeInfo(
            properties: [
                "isEnabled", "expirationBehavior", "isRecommendationEnabled", "isReviewerJustificationRequired", "isSelfReview",
                "primaryReviewers", "fallbackReviewers", "schedule",
            ],
            nested: ["primaryReviewers": "subjectSet", "fallbackReviewers": "subjectSet", "schedule": "entitlementManagementSchedule"]),
        "entitlementManagementSchedule": TypeInfo(
            properties: ["startDateTime", "expiration", "recurrence"], nested: ["expiration": "expirationPattern", "recurrence": "patternedRecurrence"]),
        "patternedRecurrence": TypeInfo(properties: ["pattern", "range"], nested: ["pattern": "recurrencePattern", "range": "recurrenceRange"]),
        "recurrencePattern": TypeInfo(properties: ["type", "interval", "month", "dayOfMonth", "daysOfWeek", "firstDayOfWeek", "index"]),
        "recurrenceRange": TypeInfo(properties: ["type", "startDate", "endDate", "recurrenceTimeZone", "numberOfOccurrences"]),
        "accessPackageNotificationSettings": TypeInfo(properties: ["isAssignmentNotificationDisabled"]),
        "accessPackageQuestion": TypeInfo(
            properties: [
                "sequence", "isRequired", "isAnswerEditable", "text", "localizations", "isSingleLineQuestion", "regexPattern", "choices",
                "isMultipleSelectionAllowed",
            ],
            nested: ["localizations": "accessPackageLocalizedText", "choices": "accessPackageAnswerChoice"]),
        "accessPackageLocalizedText": TypeInfo(properties: ["languageCode", "text"]),
        "accessPackageAnswerChoice": TypeInfo(properties: ["actualValue", "text", "localizations"], nested: ["localizations": "accessPackageLocalizedText"]),
        "connectedOrganization": TypeInfo(
            properties: ["displayName", "description", "identitySources", "state", "createdBy", "modifiedBy"],
            nested: ["identitySources": "identitySource"]),
        "identitySource": TypeInfo(properties: ["tenantId", "displayName", "cloudInstance", "domainName", "issuerUri"]),
        "entitlementManagementSettings": TypeInfo(properties: ["externalUserLifecycleAction", "durationUntilExternalUserDeletedAfterBlocked"]),
        "accessPackageResourceRoleScope": TypeInfo(
            properties: ["role", "scope"], nested: ["role": "accessPackageResourceRole", "scope": "accessPackageResourceScope"]),
        "accessPackageResourceRole": TypeInfo(
            properties: ["displayName", "description", "originId", "originSystem", "resource"], nested: ["resource": "accessPackageResource"]),
        "accessPackageResourceScope": TypeInfo(properties: ["displayName", "description", "originId", "originSystem", "isRootScope"]),
        "accessPackageResource": TypeInfo(properties: ["displayName", "description", "originId", "originSystem", "attributes"]),
        "accessPackageResourceRequest": TypeInfo(
            properties: ["requestType", "state", "resource", "catalog"], nested: ["resource": "accessPackageResource", "catalog": "reference"]),
    ]

    /// Refuses `body` if it, or a value nested in it, has a property its type does not have.
    static func check(_ body: GraphJSON, as type: String) throws(EmulatorError) {
        guard let info = types[type], case .object(let members) = body else { return }
        for (name, value) in members.sorted(by: { $0.key < $1.key }) {
            guard info.properties.contains(name) || common.contains(name) || name.hasSuffix("@odata.bind") else {
                throw EmulatorError.unknownProperty(name, type: type)
            }
            guard let nestedType = info.nested[name] else { continue }
            switch value {
            case .array(let items): for item in items { try check(item, as: nestedType) }
            case .object: try check(value, as: nestedType)
            default: break
            }
        }
    }
}
