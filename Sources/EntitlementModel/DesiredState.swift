import Diagnostics

/// Everything the manifests declare, validated: the input of planning.
///
/// Holds the objects by kind, in address order, and where each object and each reference was
/// written, so later stages (name resolution against a store) can still point at file:line:col.
public struct DesiredState: Sendable {
    /// Catalogs, by name order.
    public var catalogs: [Catalog]
    /// Access packages with their policies, by name order.
    public var accessPackages: [AccessPackage]
    /// Connected organizations, by name order.
    public var connectedOrganizations: [ConnectedOrganization]
    /// The tenant settings, if a manifest declares them.
    public var settings: EntitlementSettings?
    /// Directory seeds found among the manifests (`kind: Directory`).
    public var directorySeeds: [DirectorySeed]
    /// Where each object's `metadata.name` is written.
    public var origins: [ObjectAddress: SourceLocation]
    /// Every place each directory or cross-manifest reference is written.
    public var referenceSites: [Reference: [SourceLocation]]
    /// The SHA-256 of the manifest files this state was read from (of their contents, whatever
    /// their paths), as 64 hex digits: the manifests a plan names as its basis. Any edit of a file
    /// changes it, comments and spacing included. Empty for a state not read from files.
    public var manifestDigest = ""

    /// Creates a desired state.
    public init(
        catalogs: [Catalog] = [], accessPackages: [AccessPackage] = [], connectedOrganizations: [ConnectedOrganization] = [],
        settings: EntitlementSettings? = nil, directorySeeds: [DirectorySeed] = [], origins: [ObjectAddress: SourceLocation] = [:],
        referenceSites: [Reference: [SourceLocation]] = [:]
    ) {
        self.catalogs = catalogs
        self.accessPackages = accessPackages
        self.connectedOrganizations = connectedOrganizations
        self.settings = settings
        self.directorySeeds = directorySeeds
        self.origins = origins
        self.referenceSites = referenceSites
    }

    /// The number of managed objects declared (catalogs, packages, policies, organizations, settings).
    public var objectCount: Int {
        catalogs.count + accessPackages.count + accessPackages.reduce(0) { $0 + $1.policies.count }
            + connectedOrganizations.count + (settings == nil ? 0 : 1)
    }

    /// Calls `body` with every declared object's address and canonical spec, in address order,
    /// building each spec only when it is visited.
    public func forEachCanonicalObject(_ body: (ObjectAddress, CanonicalValue) -> Void) {
        var entries: [(text: String, address: ObjectAddress, spec: () -> CanonicalValue)] = []
        entries.reserveCapacity(objectCount)
        for catalog in catalogs { entries.append((ObjectAddress.catalog(catalog.name).description, .catalog(catalog.name), { catalog.canonicalValue })) }
        for package in accessPackages {
            entries.append((ObjectAddress.accessPackage(package.name).description, .accessPackage(package.name), { package.canonicalValue }))
            for policy in package.policies {
                let address = ObjectAddress.policy(package: package.name, policy: policy.name)
                entries.append((address.description, address, { policy.canonicalValue }))
            }
        }
        for organization in connectedOrganizations {
            let address = ObjectAddress.connectedOrganization(organization.name)
            entries.append((address.description, address, { organization.canonicalValue }))
        }
        if let settings { entries.append((ObjectAddress.settings.description, .settings, { settings.canonicalValue })) }
        for entry in entries.sorted(by: { $0.text < $1.text }) { body(entry.address, entry.spec()) }
    }

    /// Every declared object as (address, canonical spec), in address order.
    public var canonicalObjects: [(address: ObjectAddress, spec: CanonicalValue)] {
        var objects: [(address: ObjectAddress, spec: CanonicalValue)] = []
        objects.reserveCapacity(objectCount)
        forEachCanonicalObject { objects.append(($0, $1)) }
        return objects
    }
}

/// A name a manifest refers to: a directory object, or another manifest.
public struct Reference: Hashable, Sendable, CustomStringConvertible {
    /// What kind of object is referred to.
    public enum Kind: String, Hashable, Sendable {
        /// A user, by UPN or object id.
        case user
        /// A group, by display name or object id.
        case group
        /// An application, by display name or object id.
        case application
        /// A SharePoint site, by URL.
        case site
        /// A service principal, by display name or object id.
        case servicePrincipal
        /// A connected organization, by manifest name or display name.
        case connectedOrganization
        /// A catalog, by manifest name or `General`.
        case catalog
        /// An access package, by manifest name.
        case accessPackage
    }

    /// The kind of object.
    public var kind: Kind
    /// The name as written.
    public var name: String

    /// Creates a reference.
    public init(_ kind: Kind, _ name: String) {
        self.kind = kind
        self.name = name
    }

    /// `group "External collaboration"`.
    public var description: String { "\(kind.rawValue) '\(name)'" }
}
