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
        // Split on the bytes: a store holds tens of thousands of addresses, and splitting them by
        // characters cost a snapshot a tenth of a second.
        let pieces = text.utf8.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        func part(_ index: Int) -> String { String(Substring(pieces[index])) }
        func first(is word: String) -> Bool { pieces[0].elementsEqual(word.utf8) }
        // A resource is named by its object id, or (a SharePoint site in a Graph tenant) by its
        // URL, whose dots belong to it: manifest names have none.
        if pieces.count >= 4, first(is: "catalog"), pieces[2].elementsEqual("resource".utf8) {
            let resource = Substring(text.utf8[pieces[3].startIndex...])
            guard !pieces[1].isEmpty, !resource.isEmpty else { return nil }
            self = .catalogResource(catalog: part(1), resource: String(resource))
            return
        }
        guard !pieces.contains(where: { $0.isEmpty }) else { return nil }
        switch pieces.count {
        case 1 where first(is: "settings"): self = .settings
        case 2 where first(is: "catalog"): self = .catalog(part(1))
        case 2 where first(is: "accessPackage"): self = .accessPackage(part(1))
        case 2 where first(is: "connectedOrganization"): self = .connectedOrganization(part(1))
        case 4 where first(is: "accessPackage") && pieces[2].elementsEqual("policy".utf8): self = .policy(package: part(1), policy: part(3))
        default: return nil
        }
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
