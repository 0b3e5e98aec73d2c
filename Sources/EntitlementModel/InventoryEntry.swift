/// One managed object in a store's inventory: what entitle last applied at an address.
///
/// The inventory is what makes an object *managed*: plans delete only inventory entries that the
/// manifests no longer declare, and never touch an object the inventory does not list.
public struct InventoryEntry: Hashable, Sendable {
    /// The manifest address.
    public var address: ObjectAddress
    /// The object id in the store.
    public var objectID: String
    /// The last-applied canonical spec, in store form (every reference an object id), so renaming a
    /// referenced object does not make it look changed.
    public var spec: CanonicalValue
    /// The store serial of the apply that last wrote it.
    public var serial: Int
    /// The entitle version that last wrote it.
    public var toolVersion: String

    /// Creates an inventory entry.
    public init(address: ObjectAddress, objectID: String, spec: CanonicalValue, serial: Int, toolVersion: String) {
        self.address = address
        self.objectID = objectID
        self.spec = spec
        self.serial = serial
        self.toolVersion = toolVersion
    }
}
