/// The directory objects of a local tenant (`kind: Directory`): users, groups, applications and
/// sites that manifests refer to but do not manage. Loaded into an embedded store with
/// `entitle directory load`.
public struct DirectorySeed: Hashable, Sendable {
    /// A user.
    public struct User: Hashable, Sendable {
        /// Object id; generated (stable) when absent.
        public var id: String?
        /// `userPrincipalName`.
        public var userPrincipalName: String
        /// `displayName`.
        public var displayName: String
        /// Whether the user is a guest from another organization.
        public var external: Bool

        /// Creates a user.
        public init(id: String? = nil, userPrincipalName: String, displayName: String, external: Bool = false) {
            self.id = id
            self.userPrincipalName = userPrincipalName
            self.displayName = displayName
            self.external = external
        }
    }

    /// A group or team.
    public struct Group: Hashable, Sendable {
        /// Object id; generated (stable) when absent.
        public var id: String?
        /// `displayName`.
        public var displayName: String
        /// Dynamic membership (only the Owner role may be granted).
        public var dynamic: Bool

        /// Creates a group.
        public init(id: String? = nil, displayName: String, dynamic: Bool = false) {
            self.id = id
            self.displayName = displayName
            self.dynamic = dynamic
        }
    }

    /// An enterprise application with its app roles.
    public struct Application: Hashable, Sendable {
        /// Service principal object id; generated (stable) when absent.
        public var id: String?
        /// `displayName`.
        public var displayName: String
        /// App role names (an application without roles offers "Default Access").
        public var roles: [String]

        /// Creates an application.
        public init(id: String? = nil, displayName: String, roles: [String] = []) {
            self.id = id
            self.displayName = displayName
            self.roles = roles
        }
    }

    /// A SharePoint Online site with its roles.
    public struct Site: Hashable, Sendable {
        /// Object id; generated (stable) when absent.
        public var id: String?
        /// The site URL.
        public var url: String
        /// `displayName`; the URL's last path component when absent.
        public var displayName: String?
        /// Site role names.
        public var roles: [String]

        /// Creates a site.
        public init(id: String? = nil, url: String, displayName: String? = nil, roles: [String] = []) {
            self.id = id
            self.url = url
            self.displayName = displayName
            self.roles = roles
        }
    }

    /// Users.
    public var users: [User]
    /// Groups.
    public var groups: [Group]
    /// Applications.
    public var applications: [Application]
    /// Sites.
    public var sites: [Site]
    /// The manifest file it was read from, for hints that name it.
    public var file: String?

    /// Creates a seed.
    public init(users: [User] = [], groups: [Group] = [], applications: [Application] = [], sites: [Site] = [], file: String? = nil) {
        self.file = file
        self.users = users
        self.groups = groups
        self.applications = applications
        self.sites = sites
    }
}
