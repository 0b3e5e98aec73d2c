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
        let groups = try await emulator.expect(200, "GET", "/groups?$filter=displayName%20eq%20'External%20collaboration'")
        let groupID = try #require(((groups["value"] as? [[String: Any]])?.first)?["id"] as? String)
        let user = try await emulator.expect(200, "GET", "/users/megan@woodgrove.example")
        let userID = try #require(user["id"] as? String)
        let catalog = try await emulator.expect(
            201, "POST", em + "/catalogs",
            ["displayName": "Sales", "description": "Sales resources", "state": "published", "isExternallyVisible": true])
        let catalogID = try #require(catalog["id"] as? String)
        try await emulator.expect(
            201, "POST", em + "/resourceRequests",
            ["requestType": "adminAdd", "resource": ["originId": groupID, "originSystem": "AadGroup"], "catalog": ["id": catalogID]])
        let resources = try await emulator.expect(200, "GET", em + "/catalogs/\(catalogID)/resources?$expand=roles,scopes")
        let resource = try #require((resources["value"] as? [[String: Any]])?.first)
        let role = try #require((resource["roles"] as? [[String: Any]])?.first { $0["displayName"] as? String == "Member" })
        let scope = try #require((resource["scopes"] as? [[String: Any]])?.first)
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
            try await emulator.expect(
                201, "POST", em + "/accessPackages/\(packageID)/resourceRoleScopes",
                [
                    "role": [
                        "id": role["id"] ?? "", "displayName": "Member", "originSystem": "AadGroup", "originId": role["originId"] ?? "",
                        "resource": ["id": resource["id"] ?? ""],
                    ],
                    "scope": ["id": scope["id"] ?? "", "originId": groupID, "originSystem": "AadGroup", "isRootScope": true],
                ])
            let policy = try await emulator.expect(
                201, "POST", em + "/assignmentPolicies", policyBody(index, packageID: packageID, userID: userID, organizationID: organizationID))
            policyIDs.append(try #require(policy["id"] as? String))
        }
        return Made(catalogID: catalogID, packageIDs: packageIDs, policyIDs: policyIDs, organizationID: organizationID, groupID: groupID, userID: userID)
    }

    /// A request policy for users of a connected organization, approved by a user within 14 days,
    /// with a question, expiring after 60 days.
    static func policyBody(_ index: Int, packageID: String, userID: String, organizationID: String, days: Int = 60) -> [String: Any] {
        [
            "displayName": "Contoso users", "description": "Users from Contoso may request package \(index)",
            "allowedTargetScope": "specificConnectedOrganizationUsers",
            "specificAllowedTargets": [["@odata.type": "#microsoft.graph.connectedOrganizationMembers", "connectedOrganizationId": organizationID]],
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
                        "durationBeforeEscalation": "PT0S",
                        "primaryApprovers": [["@odata.type": "#microsoft.graph.singleUser", "userId": userID]],
                        "fallbackPrimaryApprovers": [], "escalationApprovers": [], "fallbackEscalationApprovers": [],
                    ]
                ],
            ],
            "questions": [
                [
                    "@odata.type": "#microsoft.graph.accessPackageTextInputQuestion", "sequence": 1, "isRequired": true,
                    "isAnswerEditable": false, "text": "Why do you need access?", "isSingleLineQuestion": false,
                ]
            ],
            "accessPackage": ["id": packageID],
        ]
    }
}
