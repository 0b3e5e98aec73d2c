/// What a plan was made against: the store's lineage (a UUID made when the store was created) and
/// serial (bumped by every apply that changes something). A saved plan applies only to the same basis.
public struct StoreBasis: Hashable, Sendable, CustomStringConvertible {
    /// The store's lineage.
    public var lineage: String
    /// The store's serial.
    public var serial: Int

    /// Creates a basis.
    public init(lineage: String, serial: Int) {
        self.lineage = lineage
        self.serial = serial
    }

    /// `lineage 1b4e…, serial 3`.
    public var description: String { "lineage \(lineage), serial \(serial)" }
}

/// Where a snapshot's directory objects come from.
public enum DirectorySource: Hashable, Sendable {
    /// The store's own directory (seeded with `entitle directory load`).
    case store
    /// Looked up by name in a live tenant (its location, `graph://…`).
    case tenant(String)
}

/// Everything a store holds that planning needs, read at one point in time.
public struct StoreSnapshot: Sendable {
    /// Lineage and serial.
    public var basis: StoreBasis
    /// Every object, managed or not.
    public var objects: [LiveObject]
    /// The managed objects.
    public var inventory: [InventoryEntry]
    /// Users, groups, applications and sites.
    public var directory: [DirectoryObject]
    /// Active assignments per access package or policy object id.
    public var activeAssignments: [String: Int]
    /// Where `directory` comes from: a store's own directory, or the objects a live tenant
    /// returned for the names the manifests use (`graph://…`), which says how to fix a name that
    /// is not there.
    public var directorySource: DirectorySource = .store
    /// Calls to a live tenant recorded but not settled: an apply to it was cut off (see
    /// `PendingOperation`). Always empty for an embedded store, whose applies are transactions.
    public var pending: [PendingOperation] = []

    /// Creates a snapshot.
    public init(
        basis: StoreBasis, objects: [LiveObject] = [], inventory: [InventoryEntry] = [], directory: [DirectoryObject] = [],
        activeAssignments: [String: Int] = [:]
    ) {
        self.basis = basis
        self.objects = objects
        self.inventory = inventory
        self.directory = directory
        self.activeAssignments = activeAssignments
    }
}
