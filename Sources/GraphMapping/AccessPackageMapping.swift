import EntitlementModel

/// Graph `accessPackage`, read with `$expand` of its resource role scopes (with role and scope),
/// incompatible packages and groups, and assignment policies, as live objects: the package and
/// each of its policies.
public enum AccessPackageMapping {
    /// The package in catalog `catalogID` (else the one an expanded `catalog` names) and its
    /// policies; `nil` without an id.
    public static func objects(_ json: GraphJSON, catalogID: String? = nil) -> [LiveObject]? {
        guard let id = json["id"]?.stringValue else { return nil }
        let catalogID = catalogID ?? json["catalog"]?["id"]?.stringValue
        let displayName = json["displayName"]?.stringValue ?? ""
        let spec = CanonicalValue.fields([
            "displayName": .string(displayName),
            "description": GraphValues.text(json["description"]),
            "catalog": catalogID.map(CanonicalValue.string) ?? .null,
            "hidden": GraphValues.flag(json["isHidden"]),
            "resourceRoles": .unordered((json["resourceRoleScopes"]?.arrayValue ?? []).map(resourceRole)),
            "incompatibleWith": .fields([
                "accessPackages": .unordered(
                    (json["incompatibleAccessPackages"]?.arrayValue ?? []).compactMap { $0["id"]?.stringValue }.map(CanonicalValue.string)),
                "groups": .unordered((json["incompatibleGroups"]?.arrayValue ?? []).compactMap { $0["id"]?.stringValue }.map(CanonicalValue.string)),
            ]),
        ])
        var objects = [LiveObject(id: id, kind: .accessPackage, parentID: catalogID, displayName: displayName, spec: spec)]
        for policy in json["assignmentPolicies"]?.arrayValue ?? [] {
            if let object = AssignmentPolicyMapping.policy(policy, packageID: id) { objects.append(object) }
        }
        return objects
    }

    /// A resource role scope as `{"group": "<origin id>", "role": "Member"}`: the resource by the
    /// scope's origin id (a group or service principal id, a site URL), the role by its name.
    static func resourceRole(_ json: GraphJSON) -> CanonicalValue {
        let role = json["role"]
        let scope = json["scope"]
        let originSystem = scope?["originSystem"]?.stringValue ?? role?["originSystem"]?.stringValue ?? ""
        let originID = scope?["originId"]?.stringValue ?? role?["resource"]?["originId"]?.stringValue ?? ""
        return .object([
            CanonicalField(name: CatalogMapping.resourceKey(originSystem: originSystem), value: .string(originID)),
            CanonicalField(name: "role", value: .string(role?["displayName"]?.stringValue ?? "")),
        ])
    }
}
