import EntitlementModel

/// A place that holds a tenant's entitlement objects, the inventory of those entitle manages, a
/// directory, assignments and a journal: an embedded SQLite file, a shared PostgreSQL database, or
/// (later) Microsoft Graph.
///
/// The protocol asks for no transaction spanning calls: a snapshot is one consistent read, and an
/// apply is one call carrying the whole batch with the basis it expects, so each store decides how to
/// make it atomic (or, for Graph, resumable).
public protocol StateStore: AnyObject, Sendable {
    /// Where the store is, for messages; never contains a password.
    var location: String { get }

    /// Everything planning needs, read consistently at one point in time.
    func snapshot() async throws(StoreError) -> StoreSnapshot

    /// Applies a batch if the store's basis still equals `batch.basis`, all or nothing; returns the
    /// new basis. Throws `StoreError.stalePlan` (and writes nothing) when the basis moved.
    func apply(_ batch: ApplyBatch) async throws(StoreError) -> StoreBasis

    /// Adds or updates directory objects by id (idempotent).
    func loadDirectory(_ objects: [DirectoryObject]) async throws(StoreError) -> DirectoryLoadResult

    /// The Graph tenant id whose state this store keeps, or `nil` for an embedded store (a local
    /// tenant of its own). A state store holds no objects: they live in the tenant.
    func boundTenant() async throws(StoreError) -> String?

    /// The journal, oldest first.
    func journal() async throws(StoreError) -> [JournalEntry]
}
