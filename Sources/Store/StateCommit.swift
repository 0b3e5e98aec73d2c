import EntitlementModel

/// One durable step of an apply to a live tenant, written to its state in one transaction while
/// the lease is held: a pending operation recorded before a call, or a call settled after it
/// (inventory written, pending operation cleared, serial moved), or the journal entry at the end.
public struct StateCommit: Hashable, Sendable {
    /// The lease it is written under; the state refuses the commit if the lease is no longer this one.
    public var lease: Lease
    /// Pending operations to record (by address: one per address).
    public var intend: [PendingOperation]
    /// Addresses whose pending operations are settled.
    public var settle: [ObjectAddress]
    /// Inventory writes.
    public var inventory: [InventoryWrite]
    /// The serial to set, if it moves.
    public var serial: Int?
    /// A journal entry, recorded under its `serial`.
    public var journal: JournalEntry?

    /// Creates a commit.
    public init(
        lease: Lease, intend: [PendingOperation] = [], settle: [ObjectAddress] = [], inventory: [InventoryWrite] = [], serial: Int? = nil,
        journal: JournalEntry? = nil
    ) {
        self.lease = lease
        self.intend = intend
        self.settle = settle
        self.inventory = inventory
        self.serial = serial
        self.journal = journal
    }
}
