import EntitlementModel
import Store
import Synchronization

/// A store held in memory: the reference implementation of `StateStore` semantics, used by tests
/// and as the yardstick of the conformance suite. It lives with the suite, not in `Store`, because
/// nothing but tests uses it.
public final class InMemoryStore: TransferableStore {
    private struct State {
        var basis: StoreBasis
        var objects: [String: LiveObject] = [:]
        var inventory: [ObjectAddress: InventoryEntry] = [:]
        var directory: [String: DirectoryObject] = [:]
        var assignments: [String: Int] = [:]
        var journal: [JournalEntry] = []
        var pending: [ObjectAddress: PendingOperation] = [:]
        var lease: Lease?
    }

    private let state: Mutex<State>

    /// `memory:`.
    public let location = "memory:"

    /// A new store with the built-in objects; `lineage` and the built-in ids are given so tests
    /// can be deterministic.
    public init(lineage: String, generalCatalogID: String, settingsID: String) {
        var state = State(basis: StoreBasis(lineage: lineage, serial: 0))
        for object in [BuiltInObjects.generalCatalog(id: generalCatalogID), BuiltInObjects.settings(id: settingsID)] {
            state.objects[object.id] = object
        }
        self.state = Mutex(state)
    }

    /// `nil`: a store in memory is always a tenant of its own.
    public func boundTenant() async throws(StoreError) -> String? { nil }

    /// Records active assignments of a package or policy, as the service would when people get access.
    public func setActiveAssignments(_ count: Int, for objectID: String) {
        state.withLock { $0.assignments[objectID] = count }
    }

    /// Changes an object behind entitle's back, as another tool would.
    public func modifyOutOfBand(_ body: (inout [String: LiveObject]) -> Void) {
        state.withLock { body(&$0.objects) }
    }

    /// Everything planning needs, read in one transaction.
    public func snapshot() async throws(StoreError) -> StoreSnapshot {
        state.withLock { state in
            var snapshot = StoreSnapshot(
                basis: state.basis, objects: state.objects.values.sorted { $0.id < $1.id },
                inventory: state.inventory.values.sorted { $0.address < $1.address },
                directory: state.directory.values.sorted { $0.id < $1.id }, activeAssignments: state.assignments.filter { $0.value > 0 })
            snapshot.pending = state.pending.values.sorted { $0.address < $1.address }
            return snapshot
        }
    }

    /// Applies the batch if the basis still holds, all or nothing.
    public func apply(_ batch: ApplyBatch) async throws(StoreError) -> StoreBasis {
        try state.withLock { (state: inout State) throws(StoreError) -> StoreBasis in
            guard state.basis == batch.basis else {
                throw .stalePlan(expected: batch.basis.description, found: state.basis.description)
            }
            var next = state
            for write in batch.objects {
                switch write {
                case .create(let object):
                    guard next.objects[object.id] == nil else { throw .rejected(reason: "object \(object.id) already exists") }
                    if let parent = object.parentID, next.objects[parent] == nil {
                        throw .rejected(reason: "parent \(parent) of \(object.id) does not exist")
                    }
                    next.objects[object.id] = object
                case .update(let object):
                    guard next.objects[object.id] != nil else { throw .rejected(reason: "object \(object.id) does not exist") }
                    next.objects[object.id] = object
                case .delete(let id, _):
                    guard next.objects[id] != nil else { throw .rejected(reason: "object \(id) does not exist") }
                    if next.objects.values.contains(where: { $0.parentID == id }) {
                        throw .rejected(reason: "object \(id) still holds other objects")
                    }
                    next.objects[id] = nil
                }
            }
            for write in batch.inventory {
                switch write {
                case .put(let entry): next.inventory[entry.address] = entry
                case .remove(let address): next.inventory[address] = nil
                }
            }
            next.basis.serial += 1
            var entry = batch.journal
            entry.serial = next.basis.serial
            next.journal.append(entry)
            state = next
            return next.basis
        }
    }

    /// The lease as it stands, without taking it.
    public func currentLease() async throws(StoreError) -> Lease? {
        state.withLock { $0.lease }
    }

    /// Takes the lease if it is vacant; otherwise returns its holder.
    public func tryLease(_ lease: Lease) async throws(StoreError) -> Lease? {
        state.withLock { state in
            if let holder = state.lease, holder.token != lease.token, !holder.isVacant() { return holder }
            state.lease = lease
            return nil
        }
    }

    /// Extends the lease if it is still this one.
    public func renewLease(_ lease: Lease) async throws(StoreError) {
        try state.withLock { (state: inout State) throws(StoreError) in
            guard state.lease?.token == lease.token else { throw .rejected(reason: "the lease on \(location) was lost") }
            state.lease = lease
        }
    }

    /// Gives the lease up if it is still this one.
    public func releaseLease(_ lease: Lease) async throws(StoreError) {
        state.withLock { state in
            if state.lease?.token == lease.token { state.lease = nil }
        }
    }

    /// Writes one step of an apply to a live tenant, if the lease still holds.
    public func commit(_ commit: StateCommit) async throws(StoreError) {
        try state.withLock { (state: inout State) throws(StoreError) in
            guard state.lease?.token == commit.lease.token else { throw .rejected(reason: "the lease on \(location) was lost") }
            for operation in commit.intend { state.pending[operation.address] = operation }
            for address in commit.settle { state.pending[address] = nil }
            for write in commit.inventory {
                switch write {
                case .put(let entry): state.inventory[entry.address] = entry
                case .remove(let address): state.inventory[address] = nil
                }
            }
            if let serial = commit.serial { state.basis.serial = serial }
            if let journal = commit.journal { state.journal.append(journal) }
        }
    }

    /// Adds or updates directory objects by id.
    public func loadDirectory(_ objects: [DirectoryObject], removing: [String], basis: StoreBasis?) async throws(StoreError) -> DirectoryLoadResult {
        try state.withLock { state throws(StoreError) in
            var result = DirectoryLoadResult()
            if !removing.isEmpty {
                if let basis, state.basis != basis { throw .stalePlan(expected: basis.description, found: state.basis.description) }
                for id in removing where state.directory.removeValue(forKey: id) != nil { result.removed += 1 }
            }
            for object in objects {
                switch state.directory[object.id] {
                case nil: result.added += 1
                case object?: result.unchanged += 1
                default: result.updated += 1
                }
                state.directory[object.id] = object
            }
            return result
        }
    }

    /// The journal, oldest first.
    public func journal() async throws(StoreError) -> [JournalEntry] {
        state.withLock { $0.journal }
    }

    /// Everything the store holds. (This store keeps only counts of assignments, so each comes
    /// back as a record of the package or policy it counts against.)
    public func contents() async throws(StoreError) -> StoreContents {
        state.withLock { Self.contents(of: $0) }
    }

    private static func contents(of state: State) -> StoreContents {
        let assignments = state.assignments.sorted { $0.key < $1.key }.flatMap { objectID, count in
            (0..<max(count, 0)).map {
                AssignmentRecord(id: "\(objectID)#\($0)", accessPackageID: objectID, policyID: nil, targetID: "", state: "delivered")
            }
        }
        return StoreContents(
            basis: state.basis, objects: state.objects.values.sorted { $0.id < $1.id },
            inventory: state.inventory.values.sorted { $0.address < $1.address }, directory: state.directory.values.sorted { $0.id < $1.id },
            assignments: assignments, journal: state.journal)
    }

    /// Replaces an empty store's contents.
    public func replaceContents(with contents: StoreContents) async throws(StoreError) {
        try state.withLock { (state: inout State) throws(StoreError) in
            let current = Self.contents(of: state)
            guard current.isEmpty else { throw .notEmpty(location: location, summary: current.summary) }
            var next = State(basis: contents.basis)
            for object in contents.objectsParentsFirst {
                if let parent = object.parentID, next.objects[parent] == nil {
                    throw .rejected(reason: "parent \(parent) of \(object.id) does not exist")
                }
                next.objects[object.id] = object
            }
            for entry in contents.inventory { next.inventory[entry.address] = entry }
            for object in contents.directory { next.directory[object.id] = object }
            for record in contents.assignments where record.state == "delivered" {
                next.assignments[record.accessPackageID, default: 0] += 1
                if let policy = record.policyID { next.assignments[policy, default: 0] += 1 }
            }
            next.journal = contents.journal
            state = next
        }
    }
}
