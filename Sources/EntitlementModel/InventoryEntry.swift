/// One managed object in a store's inventory: what entitle last applied at an address.
///
/// The inventory is what makes an object *managed*: plans delete only inventory entries that the
/// manifests no longer declare, and never touch an object the inventory does not list.
public struct InventoryEntry: Hashable, Sendable {
    /// The manifest address.
    public var address: ObjectAddress
    /// The object id in the store.
    public var objectID: String
    /// The last-applied spec as it came: a store's text (often shared with its object's, when
    /// nothing drifted), parsed when first read, or a value.
    public var storedSpec: StoredSpec
    /// The store serial of the apply that last wrote it.
    public var serial: Int
    /// The entitle version that last wrote it.
    public var toolVersion: String

    /// The last-applied canonical spec, in store form (every reference an object id), so renaming a
    /// referenced object does not make it look changed.
    public var spec: CanonicalValue {
        get { storedSpec.value }
        set { storedSpec = StoredSpec(newValue) }
    }

    /// Creates an inventory entry.
    public init(address: ObjectAddress, objectID: String, spec: CanonicalValue, serial: Int, toolVersion: String) {
        self.init(address: address, objectID: objectID, storedSpec: StoredSpec(spec), serial: serial, toolVersion: toolVersion)
    }

    /// Creates an inventory entry whose spec a store keeps.
    public init(address: ObjectAddress, objectID: String, storedSpec: StoredSpec, serial: Int, toolVersion: String) {
        self.address = address
        self.objectID = objectID
        self.storedSpec = storedSpec
        self.serial = serial
        self.toolVersion = toolVersion
    }

    /// Equal when every field is, the spec compared as `StoredSpec.isSame` does.
    public static func == (lhs: InventoryEntry, rhs: InventoryEntry) -> Bool {
        lhs.address == rhs.address && lhs.objectID == rhs.objectID && lhs.serial == rhs.serial && lhs.toolVersion == rhs.toolVersion
            && lhs.storedSpec.isSame(as: rhs.storedSpec)
    }

    /// Hashes what identifies the entry, not its spec, which would have to be parsed.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(address)
        hasher.combine(objectID)
    }
}
