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
    /// The spec as it came: a store's text, parsed when first read, or a value.
    public var storedSpec: StoredSpec
    /// Whether the service made it and it cannot be deleted (the `General` catalog, the settings).
    public var isBuiltIn: Bool

    /// The canonical spec in store form: references to other objects are object ids.
    public var spec: CanonicalValue {
        get { storedSpec.value }
        set { storedSpec = StoredSpec(newValue) }
    }

    /// Creates a live object.
    public init(id: String, kind: ObjectKind, parentID: String? = nil, displayName: String, spec: CanonicalValue, isBuiltIn: Bool = false) {
        self.init(id: id, kind: kind, parentID: parentID, displayName: displayName, storedSpec: StoredSpec(spec), isBuiltIn: isBuiltIn)
    }

    /// Creates a live object whose spec a store keeps.
    public init(id: String, kind: ObjectKind, parentID: String? = nil, displayName: String, storedSpec: StoredSpec, isBuiltIn: Bool = false) {
        self.id = id
        self.kind = kind
        self.parentID = parentID
        self.displayName = displayName
        self.storedSpec = storedSpec
        self.isBuiltIn = isBuiltIn
    }

    /// Equal when every field is, the spec compared as `StoredSpec.isSame` does.
    public static func == (lhs: LiveObject, rhs: LiveObject) -> Bool {
        lhs.id == rhs.id && lhs.kind == rhs.kind && lhs.parentID == rhs.parentID && lhs.displayName == rhs.displayName
            && lhs.isBuiltIn == rhs.isBuiltIn && lhs.storedSpec.isSame(as: rhs.storedSpec)
    }

    /// Hashes what identifies the object (equal objects have equal ids), not its spec, which
    /// would have to be parsed.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(id)
        hasher.combine(kind)
        hasher.combine(displayName)
    }
}
