import EntitlementModel

/// One write to a store object.
public enum ObjectWrite: Hashable, Sendable {
    /// Create the object, with the id given (the engine allocates ids so a batch can refer to
    /// objects it creates; a store whose service assigns ids maps them as it goes).
    case create(LiveObject)
    /// Replace the object's display name and spec.
    case update(LiveObject)
    /// Delete the object with this id.
    case delete(id: String, kind: ObjectKind)
}

/// One write to a store's inventory.
public enum InventoryWrite: Hashable, Sendable {
    /// Record (or re-record) a managed object.
    case put(InventoryEntry)
    /// Stop managing an address.
    case remove(ObjectAddress)
}

/// The journal's record of one apply.
public struct JournalEntry: Hashable, Sendable {
    /// The serial the apply produced.
    public var serial: Int
    /// When, as ISO 8601 UTC.
    public var appliedAt: String
    /// Who ran it.
    public var user: String
    /// Where.
    public var host: String
    /// The entitle version.
    public var toolVersion: String
    /// SHA-256 (hex) of the applied plan.
    public var planDigest: String
    /// The plan's summary line.
    public var summary: String
    /// The changes, as `[{"address", "action"}]` JSON.
    public var changes: CanonicalValue

    /// Creates a journal entry; the store fills in `serial`.
    public init(
        serial: Int = 0, appliedAt: String, user: String, host: String, toolVersion: String, planDigest: String, summary: String,
        changes: CanonicalValue
    ) {
        self.serial = serial
        self.appliedAt = appliedAt
        self.user = user
        self.host = host
        self.toolVersion = toolVersion
        self.planDigest = planDigest
        self.summary = summary
        self.changes = changes
    }
}

/// Everything one apply writes, in order: the store writes it all, or nothing.
///
/// A transactional store (SQLite, PostgreSQL) checks `basis`, performs the writes, records the
/// journal entry and bumps the serial in one transaction. A store that cannot (Microsoft Graph)
/// performs the object writes one by one, journalling each as pending first, so an interrupted
/// apply is visible and the next plan converges.
public struct ApplyBatch: Hashable, Sendable {
    /// The basis the plan was made against; the store refuses the batch if it moved.
    public var basis: StoreBasis
    /// Object writes, in apply order (deletes most-dependent first, then creates and updates).
    public var objects: [ObjectWrite]
    /// Inventory writes.
    public var inventory: [InventoryWrite]
    /// The journal entry.
    public var journal: JournalEntry

    /// Creates a batch.
    public init(basis: StoreBasis, objects: [ObjectWrite], inventory: [InventoryWrite], journal: JournalEntry) {
        self.basis = basis
        self.objects = objects
        self.inventory = inventory
        self.journal = journal
    }
}

/// What loading directory objects changed.
public struct DirectoryLoadResult: Hashable, Sendable {
    /// Objects that were not there.
    public var added: Int
    /// Objects whose attributes changed.
    public var updated: Int
    /// Objects already as given.
    public var unchanged: Int
    /// Objects removed (`directory load --prune`).
    public var removed: Int

    /// Creates a result.
    public init(added: Int = 0, updated: Int = 0, unchanged: Int = 0, removed: Int = 0) {
        self.added = added
        self.updated = updated
        self.unchanged = unchanged
        self.removed = removed
    }
}
