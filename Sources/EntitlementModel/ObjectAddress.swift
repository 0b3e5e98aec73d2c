/// The stable address of a managed object: `catalog.<name>`, `catalog.<name>.resource.<object id>`,
/// `accessPackage.<name>`, `accessPackage.<name>.policy.<name>`, `connectedOrganization.<name>` or
/// `settings`.
///
/// Addresses come from `metadata.name`, never from display names, which Entra does not keep unique.
public enum ObjectAddress: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// A catalog.
    case catalog(String)
    /// A directory resource (group, application, site) added to a catalog, by the resource's object id.
    /// entitle adds one when a package needs it and removes it when nothing uses it any more.
    case catalogResource(catalog: String, resource: String)
    /// An access package.
    case accessPackage(String)
    /// A policy of an access package.
    case policy(package: String, policy: String)
    /// A connected organization.
    case connectedOrganization(String)
    /// The tenant's entitlement settings.
    case settings

    /// The address text.
    public var description: String {
        switch self {
        case .catalog(let name): "catalog.\(name)"
        case .catalogResource(let catalog, let resource): "catalog.\(catalog).resource.\(resource)"
        case .accessPackage(let name): "accessPackage.\(name)"
        case .policy(let package, let policy): "accessPackage.\(package).policy.\(policy)"
        case .connectedOrganization(let name): "connectedOrganization.\(name)"
        case .settings: "settings"
        }
    }

    /// Parses an address text; `nil` if it is not one.
    public init?(parsing text: String) {
        var parts = text.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        // A resource is named by its object id, or (a SharePoint site in a Graph tenant) by its
        // URL, whose dots belong to it: manifest names have none.
        if parts.count > 4, parts[0] == "catalog", parts[2] == "resource" {
            parts = Array(parts[0..<3]) + [parts[3...].joined(separator: ".")]
        }
        switch (parts.first, parts.count) {
        case ("catalog", 2): self = .catalog(parts[1])
        case ("catalog", 4) where parts[2] == "resource": self = .catalogResource(catalog: parts[1], resource: parts[3])
        case ("accessPackage", 2): self = .accessPackage(parts[1])
        case ("accessPackage", 4) where parts[2] == "policy": self = .policy(package: parts[1], policy: parts[3])
        case ("connectedOrganization", 2): self = .connectedOrganization(parts[1])
        case ("settings", 1): self = .settings
        default: return nil
        }
        if parts.contains(where: \.isEmpty) { return nil }
    }

    /// The kind of object at this address.
    public var kind: ObjectKind {
        switch self {
        case .catalog: .catalog
        case .catalogResource: .catalogResource
        case .accessPackage: .accessPackage
        case .policy: .policy
        case .connectedOrganization: .connectedOrganization
        case .settings: .settings
        }
    }

    /// The object this one lives in: a policy's package, a catalog resource's catalog.
    /// (A package's catalog is a field of its spec, since it may be the unmanaged `General`.)
    public var parent: ObjectAddress? {
        switch self {
        case .catalogResource(let catalog, _): .catalog(catalog)
        case .policy(let package, _): .accessPackage(package)
        default: nil
        }
    }

    /// Orders by address text, the deterministic tie-break everywhere.
    public static func < (lhs: ObjectAddress, rhs: ObjectAddress) -> Bool { lhs.description < rhs.description }
}
