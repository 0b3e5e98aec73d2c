import EntitlementModel

/// Every mapping the manifest decoder reads, with the fields it accepts there. The decoder takes
/// its allowed keys from here, and each case is named after the definition in
/// `schemas/entitle.schema.json` that describes the same object, so a test can compare the two
/// both ways: editors validate against the schema, entitle against these lists, and they must not
/// drift apart.
enum ManifestMapping: String, CaseIterable {
    /// A Catalog, AccessPackage, ConnectedOrganization or EntitlementSettings manifest.
    case manifest
    case metadata
    case catalogSpec
    case catalogResource
    case resourceRole
    case accessPackageSpec
    case incompatibleWith
    case policy
    case requestors
    case requests
    case onBehalf
    case automaticAssignment
    case expiration
    case approval
    case approvalStage
    case escalation
    case question
    case answerChoice
    case accessReviews
    case connectedOrganizationSpec
    case identitySource
    case entitlementSettingsSpec
    case directoryManifest
    case directoryUser
    case directoryGroup
    case directoryApplication
    case directorySite

    /// The fields the decoder accepts, in the order its hints list them.
    var fields: [String] { Self.fieldTable[self] ?? [] }

    /// Made once: every mapping of every document asks for its list.
    private static let fieldTable = Dictionary(uniqueKeysWithValues: allCases.map { ($0, $0.listedFields) })

    private var listedFields: [String] {
        switch self {
        case .manifest: ["apiVersion", "kind", "metadata", "spec"]
        case .metadata: ["name"]
        case .catalogSpec: ["displayName", "description", "published", "externallyVisible", "resources"]
        case .catalogResource: ResourceReference.keys
        case .resourceRole: ResourceReference.keys + ["role"]
        case .accessPackageSpec: ["displayName", "description", "catalog", "hidden", "resourceRoles", "incompatibleWith", "policies"]
        case .incompatibleWith: ["accessPackages", "groups"]
        case .policy:
            [
                "name", "displayName", "description", "requestors", "requests", "approval", "questions", "expiration",
                "accessReviews", "automaticAssignment", "notifyAssignments",
            ]
        case .requestors: ["scope", "specific"]
        case .requests: ["enabled", "allowExtension", "allowSelfRemoval", "customSchedule", "onBehalf"]
        case .onBehalf: ["requestors", "add", "update", "remove"]
        case .automaticAssignment: ["removeWhenOutOfScope", "gracePeriod"]
        case .expiration: ["after", "on", "never"]
        case .approval: ["required", "requiredForExtension", "requestorJustification", "stages"]
        case .approvalStage: ["approvers", "fallbackApprovers", "decisionWithin", "approverJustification", "escalation", "approverVisibility"]
        case .escalation: ["after", "approvers", "fallbackApprovers"]
        case .question: ["text", "localizations", "required", "editable", "answer", "pattern", "choices", "multipleSelection"]
        case .answerChoice: ["value", "text", "localizations"]
        case .accessReviews:
            [
                "starting", "recurrence", "duration", "reviewers", "fallbackReviewers", "onNoResponse", "recommendations",
                "reviewerJustification",
            ]
        case .connectedOrganizationSpec: ["displayName", "description", "state", "identitySources", "internalSponsors", "externalSponsors"]
        case .identitySource: IdentitySource.keys + ["displayName", "cloudInstance", "issuerUri"]
        case .entitlementSettingsSpec: ["externalUserLifecycle", "deleteExternalUsersAfter"]
        case .directoryManifest: ["apiVersion", "kind", "users", "groups", "applications", "sites"]
        case .directoryUser: ["id", "userPrincipalName", "displayName", "external"]
        case .directoryGroup: ["id", "displayName", "dynamic"]
        case .directoryApplication: ["id", "displayName", "roles"]
        case .directorySite: ["id", "url", "displayName", "roles"]
        }
    }

    /// The names of the schema definitions (under `#/definitions`) that describe this object:
    /// the case's own name, except for the manifest, which the schema defines once per kind.
    var schemaDefinitions: [String] {
        switch self {
        case .manifest: ["catalogManifest", "accessPackageManifest", "connectedOrganizationManifest", "entitlementSettingsManifest"]
        default: [rawValue]
        }
    }
}
