/// A user, group, application or site in a store's directory: what manifests refer to but do not
/// manage.
public struct DirectoryObject: Hashable, Sendable {
    /// The kinds of directory object.
    public enum Kind: String, CaseIterable, Hashable, Sendable {
        /// A user.
        case user
        /// A group or team.
        case group
        /// An enterprise application (service principal).
        case application
        /// A SharePoint Online site.
        case site
    }

    /// The object id.
    public var id: String
    /// The kind.
    public var kind: Kind
    /// `displayName`.
    public var displayName: String
    /// A user's `userPrincipalName`.
    public var userPrincipalName: String?
    /// A site's URL.
    public var url: String?
    /// A guest user from another organization.
    public var external: Bool
    /// A group with dynamic membership.
    public var dynamic: Bool
    /// The roles an application or site offers.
    public var roles: [String]
    /// Whether `roles` is complete. A SharePoint site read from Graph has unknown roles until it
    /// is in a catalog, so a role name given for it is not checked against `grantableRoles`.
    public var rolesKnown: Bool

    /// Creates a directory object.
    public init(
        id: String, kind: Kind, displayName: String, userPrincipalName: String? = nil, url: String? = nil, external: Bool = false,
        dynamic: Bool = false, roles: [String] = [], rolesKnown: Bool = true
    ) {
        self.id = id
        self.kind = kind
        self.displayName = displayName
        self.userPrincipalName = userPrincipalName
        self.url = url
        self.external = external
        self.dynamic = dynamic
        self.roles = roles
        self.rolesKnown = rolesKnown
    }

    /// The roles an access package may grant on this resource: `Member` and `Owner` for a group
    /// (`Owner` only, for a dynamic group), the app roles or `Default Access` for an application, the
    /// site roles for a site.
    public var grantableRoles: [String] {
        switch kind {
        case .user: []
        case .group: dynamic ? ["Owner"] : ["Member", "Owner"]
        case .application: roles.isEmpty ? ["Default Access"] : roles
        case .site: roles
        }
    }

    /// How people name it: a user by UPN, a site by URL, others by display name.
    public var label: String {
        switch kind {
        case .user: "\(displayName) <\(userPrincipalName ?? id)>"
        case .site: url ?? displayName
        case .group, .application: displayName
        }
    }
}
