/// A directory resource that can be put in a catalog and whose roles an access package grants.
public enum ResourceReference: Hashable, Sendable, CanonicalEncodable {
    /// A group or team (`AadGroup`), by display name or object id.
    case group(String)
    /// An enterprise application (`AadApplication`), by display name or service principal id.
    case application(String)
    /// A SharePoint Online site (`SharePointOnline`), by URL.
    case site(String)

    /// The manifest keys, one per kind of resource.
    public static let keys = ["group", "application", "site"]

    /// The manifest key of this kind of resource.
    public var key: String {
        switch self {
        case .group: "group"
        case .application: "application"
        case .site: "site"
        }
    }

    /// The name, id or URL given in the manifest.
    public var name: String {
        switch self {
        case .group(let name), .application(let name), .site(let name): name
        }
    }

    /// The Graph `originSystem` of the resource.
    public var originSystem: String {
        switch self {
        case .group: "AadGroup"
        case .application: "AadApplication"
        case .site: "SharePointOnline"
        }
    }

    /// `{"group": "External collaboration"}`.
    public var canonicalValue: CanonicalValue { .object([CanonicalField(name: key, value: .string(name))]) }
}

/// One role of one resource granted by an access package (a Graph `resourceRoleScope` at root scope).
public struct ResourceRole: Hashable, Sendable, CanonicalEncodable {
    /// The resource.
    public var resource: ResourceReference
    /// The role: `Member` or `Owner` for groups, an app role name, or a site role name.
    public var role: String

    /// Creates a resource role.
    public init(resource: ResourceReference, role: String) {
        self.resource = resource
        self.role = role
    }

    /// `{"group": "…", "role": "Member"}`.
    public var canonicalValue: CanonicalValue {
        .object([CanonicalField(name: resource.key, value: .string(resource.name)), CanonicalField(name: "role", value: .string(role))])
    }
}
