/// An object as a store holds it now: the current state that plans are made against.
public struct LiveObject: Hashable, Sendable {
    /// The object id the store gave it.
    public var id: String
    /// What kind of object it is.
    public var kind: ObjectKind
    /// The object it lives in: a policy's package, a catalog resource's catalog, a package's catalog.
    public var parentID: String?
    /// `displayName` (for a catalog resource, the resource's).
    public var displayName: String
    /// The canonical spec in store form: references to other objects are object ids.
    public var spec: CanonicalValue
    /// Whether the service made it and it cannot be deleted (the `General` catalog, the settings).
    public var isBuiltIn: Bool

    /// Creates a live object.
    public init(id: String, kind: ObjectKind, parentID: String? = nil, displayName: String, spec: CanonicalValue, isBuiltIn: Bool = false) {
        self.id = id
        self.kind = kind
        self.parentID = parentID
        self.displayName = displayName
        self.spec = spec
        self.isBuiltIn = isBuiltIn
    }
}
