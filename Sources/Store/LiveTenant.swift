import EntitlementModel

/// A tenant whose entitlement objects live in a service rather than in entitle's own store:
/// Microsoft Graph. entitle reads it (and, later, writes it) while its own record of what it
/// manages (inventory, lineage, serial, journal) stays in a state store bound to the tenant.
///
/// Reads grow with pages, not with objects; directory objects are looked up by the names the
/// manifests use, never listed.
public protocol LiveTenant: Sendable {
    /// Where the tenant is, for messages (`graph://woodgrove.example`).
    var location: String { get }

    /// The tenant's id and verified domains.
    func identity() async throws(TenantError) -> TenantIdentity

    /// Every entitlement object: catalogs and their resources, access packages and their policies,
    /// connected organizations and the settings, in store form (references are object ids).
    func readObjects() async throws(TenantError) -> [LiveObject]

    /// The directory objects `references` name (users by UPN, display name or id; groups and
    /// applications by display name or id; sites by URL). A name that matches nothing is left out;
    /// one that matches several returns them all, so the resolver can say it is ambiguous.
    func lookUp(_ references: Set<Reference>) async throws(TenantError) -> [DirectoryObject]

    /// The users, groups and service principals with these ids (unknown ids are left out), so
    /// reports and exports can name what live objects refer to.
    func directoryObjects(ids: Set<String>) async throws(TenantError) -> [DirectoryObject]

    /// How long, in seconds, the service may take to show an object it has just made: an object
    /// not found is known to be absent only once this has passed since it was made.
    var consistencyWindow: Double { get }
}

extension LiveTenant {
    /// No delay: what is made is seen at once.
    public var consistencyWindow: Double { 0 }
}

/// Who a tenant is.
public struct TenantIdentity: Hashable, Sendable {
    /// The tenant id.
    public var id: String
    /// The default verified domain (for My Access links).
    public var defaultDomain: String
    /// Every verified domain.
    public var domains: [String]
    /// The My Access host of the tenant's cloud (`https://myaccess.microsoft.com`).
    public var myAccessHost: String

    /// Creates an identity.
    public init(id: String, defaultDomain: String, domains: [String], myAccessHost: String) {
        self.id = id
        self.defaultDomain = defaultDomain
        self.domains = domains
        self.myAccessHost = myAccessHost
    }

    /// Whether `name` is this tenant's id or one of its verified domains.
    public func isNamed(_ name: String) -> Bool {
        let name = name.lowercased()
        return name == id.lowercased() || domains.contains { $0.lowercased() == name }
    }
}

/// Why reading or writing a live tenant failed, as the service explained it (one paragraph, with
/// the service's error code and request id, and what usually fixes it).
public struct TenantError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The message.
    public var description: String
    /// The HTTP status, when the service answered with one.
    public var status: Int?
    /// The object a failed create had already made (its later calls failed).
    public var objectID: String?

    /// Creates an error.
    public init(_ description: String, status: Int? = nil, objectID: String? = nil) {
        self.description = description
        self.status = status
        self.objectID = objectID
    }
}
