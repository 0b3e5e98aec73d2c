import EntitlementModel
import Foundation
import Store

/// What an apply to a live tenant that was cut off left unsettled, resolved against what the
/// tenant holds now: the inventory writes that settle each pending operation, and a line for each
/// saying what was found.
///
/// - An unfinished create is looked up by kind, parent and display name (a catalog resource by
///   catalog and origin id) among the objects entitle does not manage. Found once, it is adopted;
///   not found, the call never landed and the plan creates it again; found more than once, nothing
///   is guessed: the run stops and says which objects to import or delete.
/// - An unfinished update is recorded as applied if the object reads back as it was to become.
/// - An unfinished delete is settled if the object is gone.
public struct PendingRecovery: Sendable {
    /// Inventory writes that settle the pending operations.
    public var inventory: [InventoryWrite] = []
    /// The addresses whose pending operations are settled.
    public var settled: [ObjectAddress] = []
    /// One line per pending operation: what was found.
    public var notes: [String] = []
    /// When a create that was not found may still appear: the service may take its consistency
    /// window to show what it made, so an absence proves nothing before then. Resolve again after this.
    public var unsureUntil: Date?

    /// Resolves `snapshot.pending` against `snapshot.objects`, read at `now`, after the apply that
    /// recorded them ended. A create that is not found sets `unsureUntil` (`now` + `window`)
    /// instead of being given up at once.
    public static func resolve(_ snapshot: StoreSnapshot, toolVersion: String, window: Double = 0, now: Date = Date()) throws(TenantError)
        -> PendingRecovery
    {
        var recovery = PendingRecovery()
        let inventory = Dictionary(snapshot.inventory.map { ($0.address, $0) }, uniquingKeysWith: { first, _ in first })
        var managed = Set(snapshot.inventory.map(\.objectID))
        let live = Dictionary(snapshot.objects.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        func entry(_ address: ObjectAddress, _ object: LiveObject) -> InventoryWrite {
            .put(InventoryEntry(address: address, objectID: object.id, spec: object.spec, serial: snapshot.basis.serial, toolVersion: toolVersion))
        }
        for operation in snapshot.pending {
            let address = operation.address
            recovery.settled.append(address)
            switch operation.action {
            case .create:
                if let id = inventory[address]?.objectID, live[id] != nil {
                    recovery.notes.append("\(address): its create had been recorded already")
                    continue
                }
                // A create whose object was made, but whose later calls did not all succeed.
                if let id = operation.objectID, let object = live[id] {
                    managed.insert(id)
                    recovery.inventory.append(entry(address, object))
                    recovery.notes.append("\(address): adopted object \(id), made by a create that did not finish")
                    continue
                }
                let candidates = snapshot.objects.filter { object in
                    guard object.kind == address.kind, !managed.contains(object.id), !object.isBuiltIn else { return false }
                    if let parent = operation.parentID, object.parentID != parent { return false }
                    if address.kind == .catalogResource { return object.spec == operation.spec }
                    return object.displayName == operation.displayName
                }
                switch candidates.count {
                case 0:
                    // The apply that sent it is gone (its lease is vacant), so it sent nothing after
                    // `now`; what it sent shows within the window from then.
                    if window > 0 { recovery.unsureUntil = now.addingTimeInterval(window) }
                    recovery.notes.append("\(address): the create that was cut off never landed; it is planned again")
                case 1:
                    let object = candidates[0]
                    managed.insert(object.id)
                    recovery.inventory.append(entry(address, object))
                    recovery.notes.append("\(address): the create that was cut off had landed; adopted object \(object.id)")
                default:
                    throw TenantError(
                        "\(address): an apply was cut off while creating '\(operation.displayName)', and the tenant now has \(candidates.count) such objects that entitle does not manage (\(candidates.map(\.id).sorted().joined(separator: ", "))); adopt one with 'entitle import \(address) ID' and delete the others"
                    )
                }
            case .update:
                guard let id = operation.objectID, let object = live[id] else {
                    recovery.notes.append("\(address): the object of an update that was cut off is gone")
                    continue
                }
                if object.spec == operation.spec, inventory[address]?.objectID == id {
                    recovery.inventory.append(entry(address, object))
                    recovery.notes.append("\(address): the update that was cut off had landed")
                } else {
                    recovery.notes.append("\(address): the update that was cut off had not landed, or only in part; it is planned again")
                }
            case .delete:
                guard let id = operation.objectID else { continue }
                if live[id] == nil {
                    if inventory[address]?.objectID == id { recovery.inventory.append(.remove(address)) }
                    recovery.notes.append("\(address): the delete that was cut off had landed")
                } else {
                    recovery.notes.append("\(address): the delete that was cut off had not landed; it is planned again")
                }
            }
        }
        return recovery
    }

    /// Resolves the pending operations of `snapshot`, reading the tenant's objects again with
    /// `reread` (after telling `notify`) while a create that was not found may still appear.
    public static func settle(
        _ snapshot: StoreSnapshot, toolVersion: String, window: Double, notify: (String) -> Void,
        reread: () async throws -> [LiveObject]
    ) async throws -> (snapshot: StoreSnapshot, recovery: PendingRecovery) {
        var snapshot = snapshot
        var recovery = try resolve(snapshot, toolVersion: toolVersion, window: window)
        if let until = recovery.unsureUntil {
            let seconds = max(0, until.timeIntervalSinceNow)
            notify(
                "waiting \(Int(seconds.rounded(.up))) s before concluding that a create an apply sent just before it was cut off never landed (Graph can take that long to show a new object; --consistency-timeout)"
            )
            try? await Task.sleep(for: .seconds(seconds))
            snapshot.objects = try await reread()
            recovery = try resolve(snapshot, toolVersion: toolVersion)
        }
        return (recovery.applied(to: snapshot), recovery)
    }

    /// `snapshot` as it is once the pending operations are settled.
    public func applied(to snapshot: StoreSnapshot) -> StoreSnapshot {
        var snapshot = snapshot
        var inventory = Dictionary(snapshot.inventory.map { ($0.address, $0) }, uniquingKeysWith: { first, _ in first })
        for write in self.inventory {
            switch write {
            case .put(let entry): inventory[entry.address] = entry
            case .remove(let address): inventory[address] = nil
            }
        }
        snapshot.inventory = inventory.values.sorted { $0.address < $1.address }
        let settled = Set(self.settled)
        snapshot.pending.removeAll { settled.contains($0.address) }
        return snapshot
    }
}
