import Foundation
import Testing
import _TestSupport

/// Fills an emulated tenant through its Graph API, as an admin working in the portal (or another
/// tool) would: a catalog with a group in it, packages granting that group with a request policy
/// each, and a connected organization with a sponsor. The bodies follow the v1.0 API reference.
enum GraphSeed {
    static let em = "/identityGovernance/entitlementManagement"

    /// Ids of what was made.
    struct Made {
        var catalogID: String
        var packageIDs: [String]
        var policyIDs: [String]
        var organizationID: String
        var groupID: String
        var userID: String
    }

    static func seed(_ emulator: GraphEmulatorProcess, packages: Int) async throws -> Made {
        let groupID = try await Self.groupID(emulator, named: "External collaboration")
        let user = try await emulator.expect(200, "GET", "/users/megan@woodgrove.example")
        let userID = try #require(user["id"] as? String)
        let catalog = try await emulator.expect(
            201, "POST", em + "/catalogs",
            ["displayName": "Sales", "description": "Sales resources", "state": "published", "isExternallyVisible": true])
        let catalogID = try #require(catalog["id"] as? String)
        let member = try await addGroup(emulator, groupID: groupID, to: catalogID)
        let organization = try await emulator.expect(
            201, "POST", em + "/connectedOrganizations",
            [
                "displayName": "Contoso", "description": "Contoso Ltd",
                "identitySources": [["@odata.type": "#microsoft.graph.domainIdentitySource", "domainName": "contoso.example", "displayName": "Contoso"]],
                "state": "configured",
            ])
        let organizationID = try #require(organization["id"] as? String)
        try await emulator.expect(
            204, "POST", em + "/connectedOrganizations/\(organizationID)/internalSponsors/$ref",
            ["@odata.id": "https://graph.microsoft.com/v1.0/users/\(userID)"])
        var packageIDs: [String] = []
        var policyIDs: [String] = []
        for index in 1...packages {
            let package = try await emulator.expect(
                201, "POST", em + "/accessPackages",
                ["displayName": "Sales package \(index)", "description": "Sales access \(index)", "isHidden": false, "catalog": ["id": catalogID]])
            let packageID = try #require(package["id"] as? String)
            packageIDs.append(packageID)
            try await grant(emulator, member, to: packageID)
            let policy = try await emulator.expect(
                201, "POST", em + "/assignmentPolicies",
                requestPolicy(
                    "Contoso users", description: "Users from Contoso may request package \(index)", scope: "specificConnectedOrganizationUsers",
                    targets: [["@odata.type": "#microsoft.graph.connectedOrganizationMembers", "connectedOrganizationId": organizationID]],
                    approvers: [["@odata.type": "#microsoft.graph.singleUser", "userId": userID]],
                    questions: [
                        [
                            "@odata.type": "#microsoft.graph.accessPackageTextInputQuestion", "sequence": 1, "isRequired": true,
                            "isAnswerEditable": false, "text": "Why do you need access?", "isSingleLineQuestion": false,
                        ]
                    ], packageID: packageID))
            policyIDs.append(try #require(policy["id"] as? String))
        }
        return Made(catalogID: catalogID, packageIDs: packageIDs, policyIDs: policyIDs, organizationID: organizationID, groupID: groupID, userID: userID)
    }

    /// The id of the group with this display name.
    static func groupID(_ emulator: GraphEmulatorProcess, named name: String) async throws -> String {
        let filter = "displayName eq '\(name)'".addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed) ?? name
        let groups = try await emulator.expect(200, "GET", "/groups?$filter=\(filter)")
        return try #require(((groups["value"] as? [[String: Any]])?.first)?["id"] as? String)
    }

    /// A group's Member role at its root scope, in a catalog.
    struct Grant {
        var role: [String: Any]
        var scope: [String: Any]
        var resourceID: String
        var groupID: String
    }

    /// Adds the group to the catalog (a resource request) and finds its Member role and root scope.
    static func addGroup(_ emulator: GraphEmulatorProcess, groupID: String, to catalogID: String) async throws -> Grant {
        try await emulator.expect(
            201, "POST", em + "/resourceRequests",
            ["requestType": "adminAdd", "resource": ["originId": groupID, "originSystem": "AadGroup"], "catalog": ["id": catalogID]])
        let resources = try await emulator.expect(200, "GET", em + "/catalogs/\(catalogID)/resources?$expand=roles,scopes")
        let resource = try #require((resources["value"] as? [[String: Any]])?.first { $0["originId"] as? String == groupID })
        let role = try #require((resource["roles"] as? [[String: Any]])?.first { $0["displayName"] as? String == "Member" })
        let scope = try #require((resource["scopes"] as? [[String: Any]])?.first)
        return Grant(role: role, scope: scope, resourceID: try #require(resource["id"] as? String), groupID: groupID)
    }

    /// Grants the role to the package's assignees (a resource role scope).
    static func grant(_ emulator: GraphEmulatorProcess, _ grant: Grant, to packageID: String) async throws {
        try await emulator.expect(
            201, "POST", em + "/accessPackages/\(packageID)/resourceRoleScopes",
            [
                "role": [
                    "id": grant.role["id"] ?? "", "displayName": "Member", "originSystem": "AadGroup", "originId": grant.role["originId"] ?? "",
                    "resource": ["id": grant.resourceID],
                ],
                "scope": ["id": grant.scope["id"] ?? "", "originId": grant.groupID, "originSystem": "AadGroup", "isRootScope": true],
            ])
    }

    /// A request policy: requestors of `scope` (and `targets`) may ask, one stage of `approvers`
    /// decides within 14 days with justifications, access ends after `days`; no reviews.
    static func requestPolicy(
        _ displayName: String, description: String, scope: String, targets: [[String: Any]] = [], approvers: [[String: Any]],
        questions: [[String: Any]] = [], days: Int = 60, packageID: String
    ) -> [String: Any] {
        [
            "displayName": displayName, "description": description, "allowedTargetScope": scope, "specificAllowedTargets": targets,
            "expiration": ["type": "afterDuration", "duration": "P\(days)D"],
            "requestorSettings": [
                "enableTargetsToSelfAddAccess": true, "enableTargetsToSelfUpdateAccess": false, "enableTargetsToSelfRemoveAccess": true,
                "allowCustomAssignmentSchedule": false, "enableOnBehalfRequestorsToAddAccess": false,
                "enableOnBehalfRequestorsToUpdateAccess": false, "enableOnBehalfRequestorsToRemoveAccess": false, "onBehalfRequestors": [],
            ],
            "requestApprovalSettings": [
                "isApprovalRequiredForAdd": true, "isApprovalRequiredForUpdate": false, "isRequestorJustificationRequired": true,
                "stages": [
                    [
                        "durationBeforeAutomaticDenial": "P14D", "isApproverJustificationRequired": true, "isEscalationEnabled": false,
                        "durationBeforeEscalation": "PT0S", "primaryApprovers": approvers, "fallbackPrimaryApprovers": [],
                        "escalationApprovers": [], "fallbackEscalationApprovers": [], "approverInformationVisibility": "default",
                    ]
                ],
            ],
            "reviewSettings": ["isEnabled": false, "primaryReviewers": [], "fallbackReviewers": []],
            "notificationSettings": ["isAssignmentNotificationDisabled": false], "questions": questions, "accessPackage": ["id": packageID],
        ]
    }
}
