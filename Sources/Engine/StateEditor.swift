import EntitlementModel
import Foundation
import Store

/// Why the inventory cannot be edited as asked.
public enum StateEditRefusal: Error, Hashable, Sendable, CustomStringConvertible {
    /// Nothing is managed at the address.
    case notManaged(ObjectAddress)
    /// The target address is managed already.
    case addressManaged(ObjectAddress, objectID: String)
    /// A move to an address of another kind, or out of the object's package or catalog.
    case incompatibleMove(from: ObjectAddress, to: ObjectAddress, reason: String)
    /// An apply to a live tenant is under way, or was cut off and is not settled yet.
    case applyUnsettled(String)

    /// The message.
    public var description: String {
        switch self {
        case .notManaged(let address): "nothing is managed at \(address); 'entitle show' lists the managed addresses"
        case .addressManaged(let address, let id): "\(address) is already managed (object \(id))"
        case .incompatibleMove(let from, let to, let reason): "\(from) cannot move to \(to): \(reason)"
        case .applyUnsettled(let why): why
        }
    }
}

/// `entitle state rm` and `state mv`: edit the inventory, and only the inventory. No object is
/// created, changed or deleted; each edit is one journalled apply that moves the serial, so a plan
/// saved before it is stale after it.
public enum StateEditor {
    /// Stops managing the objects at `addresses` and everything under them (a package's policies,
    /// a catalog's resources), leaving them in the tenant. Returns the addresses removed.
    public static func remove(
        _ addresses: [ObjectAddress], from store: any StateStore, context: ApplyContext
    ) async throws -> (removed: [ObjectAddress], basis: StoreBasis) {
        try await edit(store) { snapshot throws(StateEditRefusal) in
            let managed = Set(snapshot.inventory.map(\.address))
            var removed: [ObjectAddress] = []
            for address in addresses {
                guard managed.contains(address) else { throw .notManaged(address) }
                removed += snapshot.inventory.map(\.address).filter { $0 == address || $0.parent == address }
            }
            removed = Array(Set(removed)).sorted()
            let journal = entry(
                "state rm: stopped managing " + removed.map(\.description).joined(separator: ", "), removed.map { ($0, "forget") }, context)
            return (removed, ApplyBatch(basis: snapshot.basis, objects: [], inventory: removed.map { .remove($0) }, journal: journal))
        }
    }

    /// Manages the object at `from` as `to` from now on (with everything under it: a package's
    /// policies, a catalog's resources), so a renamed `metadata.name` is not planned as a delete
    /// and a create. Returns each old address with its new one.
    public static func move(
        _ from: ObjectAddress, to: ObjectAddress, in store: any StateStore, context: ApplyContext
    ) async throws -> (moves: [(ObjectAddress, ObjectAddress)], basis: StoreBasis) {
        guard from.kind == to.kind else {
            throw StateEditRefusal.incompatibleMove(from: from, to: to, reason: "a \(from.kind.rawValue) stays a \(from.kind.rawValue)")
        }
        if case .catalogResource = from {
            throw StateEditRefusal.incompatibleMove(from: from, to: to, reason: "a catalog resource is addressed by the resource it adds")
        }
        if from.parent != to.parent {
            throw StateEditRefusal.incompatibleMove(
                from: from, to: to, reason: "an object stays in \(from.parent?.description ?? "its parent"); rename only its own name")
        }
        return try await edit(store) { snapshot throws(StateEditRefusal) in
            guard snapshot.inventory.contains(where: { $0.address == from }) else { throw .notManaged(from) }
            let byAddress = Dictionary(snapshot.inventory.map { ($0.address, $0) }, uniquingKeysWith: { first, _ in first })
            var moves: [(ObjectAddress, ObjectAddress)] = [(from, to)]
            for entry in snapshot.inventory where entry.address.parent == from {
                moves.append((entry.address, entry.address.moved(under: to)))
            }
            for (_, new) in moves {
                if let taken = byAddress[new] { throw .addressManaged(new, objectID: taken.objectID) }
            }
            var writes: [InventoryWrite] = []
            for (old, new) in moves {
                guard var entry = byAddress[old] else { continue }
                entry.address = new
                writes += [.remove(old), .put(entry)]
            }
            let journal = entry("state mv: \(from) → \(to)", moves.map { ($0.1, "move from \($0.0)") }, context)
            return (moves, ApplyBatch(basis: snapshot.basis, objects: [], inventory: writes, journal: journal))
        }
    }

    /// Makes the edit that `build` derives from a snapshot. It is derived twice: first from a
    /// plain read, so a refused edit writes nothing (not even a lease); then from a snapshot read
    /// holding the write lease, so an apply to a live tenant cannot start between that snapshot
    /// and the edit's commit. Refused while an apply holds the lease or left calls unsettled (the
    /// inventory is then about to change under the edit).
    static func edit<Result>(
        _ store: any StateStore, _ build: (StoreSnapshot) throws(StateEditRefusal) -> (Result, ApplyBatch)
    ) async throws -> (Result, StoreBasis) {
        if let holder = try await store.currentLease(), !holder.isVacant() {
            throw StateEditRefusal.applyUnsettled("\(store.location) is leased for an \(holder); edit the state once it has finished")
        }
        _ = try build(try await settled(store.snapshot()))
        let lease = Lease.current(operation: "state edit")
        if let holder = try await store.tryLease(lease) {
            throw StateEditRefusal.applyUnsettled("\(store.location) is leased for an \(holder); edit the state once it has finished")
        }
        do {
            let (result, batch) = try build(try settled(await store.snapshot()))
            let basis = try await store.apply(batch)
            // The edit is committed: a lease that cannot be given back now only expires.
            try? await store.releaseLease(lease)
            return (result, basis)
        } catch {
            try? await store.releaseLease(lease)
            throw error
        }
    }

    /// The snapshot, refused while an apply left calls to the tenant unsettled.
    private static func settled(_ snapshot: StoreSnapshot) throws(StateEditRefusal) -> StoreSnapshot {
        guard snapshot.pending.isEmpty else {
            throw .applyUnsettled(
                "an apply to the tenant was cut off and \(snapshot.pending.count) of its calls are not settled; run 'entitle apply' to settle them first")
        }
        return snapshot
    }

    /// The journal entry of an edit: the same shape as an apply's, with its own actions.
    static func entry(_ summary: String, _ changes: [(ObjectAddress, String)], _ context: ApplyContext) -> JournalEntry {
        JournalEntry(
            appliedAt: context.time, user: context.user, host: context.host, toolVersion: context.toolVersion,
            planDigest: Digest.sha256(summary), summary: summary,
            changes: .list(changes.map { .fields(["address": .string($0.0.description), "action": .string($0.1)]) }))
    }
}

extension ObjectAddress {
    /// This address with its parent (a package, a catalog) replaced by `parent`.
    func moved(under parent: ObjectAddress) -> ObjectAddress {
        switch (self, parent) {
        case (.policy(_, let policy), .accessPackage(let package)): .policy(package: package, policy: policy)
        case (.catalogResource(_, let resource), .catalog(let catalog)): .catalogResource(catalog: catalog, resource: resource)
        default: self
        }
    }
}
