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

    /// Adds or updates directory objects by id (idempotent), and removes those with the ids in
    /// `removing`. A removal is checked by the caller against a snapshot with basis `basis`; the
    /// store refuses it (`stalePlan`, nothing written) when an apply moved the serial since, so
    /// no object managed since can come to refer to what is removed.
    func loadDirectory(_ objects: [DirectoryObject], removing: [String], basis: StoreBasis?) async throws(StoreError) -> DirectoryLoadResult

    /// The Graph tenant id whose state this store keeps, or `nil` for an embedded store (a local
    /// tenant of its own). A state store holds no objects: they live in the tenant.
    func boundTenant() async throws(StoreError) -> String?

    /// The journal, oldest first.
    func journal() async throws(StoreError) -> [JournalEntry]

    // The state of a live tenant, written step by step under a lease (see `StateCommit`).

    /// The write lease as it stands (`nil` when nobody holds it), without taking it.
    func currentLease() async throws(StoreError) -> Lease?

    /// Takes the write lease if it is vacant (see `Lease.isVacant`); otherwise returns its holder.
    func tryLease(_ lease: Lease) async throws(StoreError) -> Lease?

    /// Extends the lease to `lease.expires`; throws `.rejected` if another holder took it over.
    func renewLease(_ lease: Lease) async throws(StoreError)

    /// Gives the lease up (nothing happens if it is no longer this one).
    func releaseLease(_ lease: Lease) async throws(StoreError)

    /// Writes one step of an apply to a live tenant, in one transaction, if `commit.lease` still
    /// holds; throws `.rejected` otherwise.
    func commit(_ commit: StateCommit) async throws(StoreError)
}

extension StateStore {
    /// Adds or updates directory objects by id (idempotent), removing none.
    public func loadDirectory(_ objects: [DirectoryObject]) async throws(StoreError) -> DirectoryLoadResult {
        try await loadDirectory(objects, removing: [], basis: nil)
    }

    /// Takes the write lease, waiting up to `timeout` seconds for its holder to give it up (told
    /// to `waiting` once); throws `.lockTimeout` naming the holder. Cancelling the task ends the
    /// wait with `.interrupted`.
    public func acquireLease(_ lease: Lease, timeout: Double, waiting: (Lease) -> Void = { _ in }) async throws(StoreError) {
        let deadline = ContinuousClock.now + .milliseconds(Int(timeout * 1000))
        var told = false
        while true {
            guard let holder = try await tryLease(lease) else { return }
            if !told {
                told = true
                waiting(holder)
            }
            guard ContinuousClock.now < deadline else { throw .lockTimeout(location: location, seconds: timeout, holder: holder.description) }
            do {
                try await Task.sleep(for: .milliseconds(200))
            } catch {
                throw .interrupted
            }
        }
    }
}
