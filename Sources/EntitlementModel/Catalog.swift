/// A catalog: a container of access packages and the resources they may use
/// (Graph `accessPackageCatalog`).
public struct Catalog: Hashable, Sendable, CanonicalEncodable {
    /// The display name of the built-in catalog every tenant has.
    public static let generalDisplayName = "General"

    /// The manifest name (`metadata.name`), the catalog's stable key.
    public var name: String
    /// `displayName`.
    public var displayName: String
    /// `description`.
    public var description: String
    /// `state`: published (portal "Enabled") or unpublished.
    public var published: Bool
    /// `isExternallyVisible` (portal "Enabled for external users").
    public var externallyVisible: Bool
    /// Resources added to the catalog even when no package uses them yet.
    public var resources: [ResourceReference]

    /// Creates a catalog; defaults follow the portal's.
    public init(
        name: String, displayName: String, description: String = "", published: Bool = true,
        externallyVisible: Bool = true, resources: [ResourceReference] = []
    ) {
        self.name = name
        self.displayName = displayName
        self.description = description
        self.published = published
        self.externallyVisible = externallyVisible
        self.resources = resources
    }

    /// The canonical spec.
    public var canonicalValue: CanonicalValue {
        .fields([
            "displayName": .string(displayName),
            "description": .string(description),
            "published": .bool(published),
            "externallyVisible": .bool(externallyVisible),
            "resources": .unordered(resources.map(\.canonicalValue)),
        ])
    }
}
