/// An access package: a bundle of resource roles and the policies under which people get them
/// (Graph `accessPackage` with its `resourceRoleScopes`, incompatibilities and policies).
public struct AccessPackage: Hashable, Sendable, CanonicalEncodable {
    /// The manifest name (`metadata.name`), the package's stable key.
    public var name: String
    /// `displayName`.
    public var displayName: String
    /// `description`.
    public var description: String
    /// The catalog: a Catalog manifest name, or `General` for the built-in catalog.
    /// Changing it replaces the package (Graph v1.0 cannot move a package).
    public var catalog: String
    /// `isHidden`: reachable only through its My Access link.
    public var hidden: Bool
    /// The resource roles the package grants.
    public var resourceRoles: [ResourceRole]
    /// Separation of duties: packages and groups whose holders may not get this package.
    public var incompatibleWith: Incompatibilities
    /// The assignment policies, each its own object (`accessPackage.<name>.policy.<policy>`).
    public var policies: [AssignmentPolicy]

    /// Creates an access package.
    public init(
        name: String, displayName: String, description: String = "", catalog: String = Catalog.generalDisplayName,
        hidden: Bool = false, resourceRoles: [ResourceRole] = [], incompatibleWith: Incompatibilities = Incompatibilities(),
        policies: [AssignmentPolicy] = []
    ) {
        self.name = name
        self.displayName = displayName
        self.description = description
        self.catalog = catalog
        self.hidden = hidden
        self.resourceRoles = resourceRoles
        self.incompatibleWith = incompatibleWith
        self.policies = policies
    }

    /// The canonical spec of the package itself; its policies are separate objects.
    public var canonicalValue: CanonicalValue {
        .fields([
            "displayName": .string(displayName),
            "description": .string(description),
            "catalog": .string(catalog),
            "hidden": .bool(hidden),
            "resourceRoles": .unordered(resourceRoles.map(\.canonicalValue)),
            "incompatibleWith": incompatibleWith.canonicalValue,
        ])
    }
}

/// Access packages and groups incompatible with a package (`incompatibleAccessPackages`,
/// `incompatibleGroups`).
public struct Incompatibilities: Hashable, Sendable, CanonicalEncodable {
    /// AccessPackage manifest names.
    public var accessPackages: [String]
    /// Groups by display name or object id.
    public var groups: [String]

    /// Creates incompatibilities.
    public init(accessPackages: [String] = [], groups: [String] = []) {
        self.accessPackages = accessPackages
        self.groups = groups
    }

    /// Both lists as sets.
    public var canonicalValue: CanonicalValue {
        .fields([
            "accessPackages": .unordered(accessPackages.map(CanonicalValue.string)),
            "groups": .unordered(groups.map(CanonicalValue.string)),
        ])
    }
}
