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

    // MARK: Writing

    /// The body that creates a package with store-form `spec` in catalog `catalogID` (POST), or,
    /// without a catalog, changes one (PATCH: the catalog of a package never changes).
    public static func body(_ spec: CanonicalValue, catalogID: String? = nil) -> GraphJSON {
        var body: [String: GraphJSON] = [
            "displayName": spec.graphText("displayName"), "description": .string(spec.text("description") ?? ""),
            "isHidden": .bool(spec.flag("hidden")),
        ]
        if let catalogID { body["catalog"] = ["id": .string(catalogID)] }
        return .object(body)
    }

    /// The resource roles of a store-form package spec: resource key, origin id and role name.
    public static func resourceRoles(_ spec: CanonicalValue?) -> [ResourceRole] {
        (spec?[field: "resourceRoles"]?.elements ?? []).compactMap { item in
            guard case .object(let fields) = item, let role = item.text("role"),
                let resource = fields.first(where: { $0.name != "role" }), let originID = resource.value.text
            else { return nil }
            return ResourceRole(key: resource.name, originID: originID, role: role)
        }
    }

    /// The incompatible packages (ids) and groups (ids) of a store-form package spec.
    public static func incompatibilities(_ spec: CanonicalValue?) -> (packages: Set<String>, groups: Set<String>) {
        let incompatible = spec?[field: "incompatibleWith"]
        return (
            Set((incompatible?[field: "accessPackages"]?.elements ?? []).compactMap(\.text)),
            Set((incompatible?[field: "groups"]?.elements ?? []).compactMap(\.text))
        )
    }

    /// A resource role a package grants: `{"group": "<origin id>", "role": "Member"}`.
    public struct ResourceRole: Hashable, Sendable {
        /// The manifest's resource key: `group`, `application` or `site`.
        public var key: String
        /// The resource's origin id (a group or service principal id, a site URL).
        public var originID: String
        /// The role's display name.
        public var role: String

        /// Creates a resource role.
        public init(key: String, originID: String, role: String) {
            self.key = key
            self.originID = originID
            self.role = role
        }
    }
}
