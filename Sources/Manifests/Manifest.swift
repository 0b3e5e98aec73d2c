import Diagnostics
import EntitlementModel

/// One decoded manifest document: the object it declares and where its parts were written.
public struct Manifest: Sendable {
    /// The object a manifest declares, by kind.
    public enum Object: Sendable {
        /// `kind: Catalog`.
        case catalog(Catalog)
        /// `kind: AccessPackage`.
        case accessPackage(AccessPackage)
        /// `kind: ConnectedOrganization`.
        case connectedOrganization(ConnectedOrganization)
        /// `kind: EntitlementSettings`.
        case settings(EntitlementSettings)
        /// `kind: Directory` (a seed for the embedded store, not a managed object).
        case directory(DirectorySeed)
    }

    /// The manifest kinds, as written in `kind:`.
    public static let kinds = ["Catalog", "AccessPackage", "ConnectedOrganization", "EntitlementSettings", "Directory"]

    /// The declared object.
    public var object: Object
    /// Where `metadata.name` is written (the document start for a Directory).
    public var nameLocation: SourceLocation
    /// For packages: where each policy's name is written, by policy name.
    public var policyLocations: [String: SourceLocation] = [:]
    /// For packages: where each externally scoped policy's scope is written, by policy name.
    public var externalScopeLocations: [String: SourceLocation] = [:]
    /// Every reference this manifest makes, with where it is written.
    public var referenceSites: [Reference: [SourceLocation]] = [:]

    /// The address of the declared object, or `nil` for a Directory.
    public var address: ObjectAddress? {
        switch object {
        case .catalog(let catalog): .catalog(catalog.name)
        case .accessPackage(let package): .accessPackage(package.name)
        case .connectedOrganization(let organization): .connectedOrganization(organization.name)
        case .settings: .settings
        case .directory: nil
        }
    }
}
