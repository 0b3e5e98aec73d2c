/// The kinds of object a store holds and entitle manages.
public enum ObjectKind: String, CaseIterable, Hashable, Sendable, Comparable {
    /// A connected organization.
    case connectedOrganization
    /// A catalog.
    case catalog
    /// A resource in a catalog.
    case catalogResource
    /// An access package.
    case accessPackage
    /// An assignment policy of an access package.
    case policy
    /// The tenant's entitlement settings (a singleton that always exists).
    case settings

    /// Position in creation order: an object is created after everything it may refer to
    /// (policies name connected organizations, packages live in catalogs and use their resources)
    /// and deleted before it.
    public var dependencyRank: Int {
        switch self {
        case .connectedOrganization: 0
        case .catalog: 1
        case .catalogResource: 2
        case .accessPackage: 3
        case .policy: 4
        case .settings: 5
        }
    }

    /// Orders by dependency rank.
    public static func < (lhs: ObjectKind, rhs: ObjectKind) -> Bool { lhs.dependencyRank < rhs.dependencyRank }
}
