import EntitlementModel
import Planner

/// The parts of a store snapshot a plan touches: the managed object id at each of the plan's
/// addresses and their parents', and the live objects the plan or those ids name.
///
/// Found in one pass over the inventory and one over the objects, keeping only what the plan
/// names: a plan touches few of a store's objects, and indexing all of them (30,000 at 10,000
/// packages, twice) cost every apply a tenth of a second.
struct PlanScope {
    /// The managed object id at each of the plan's addresses (and their parents') that entitle manages.
    let managedIDs: [ObjectAddress: String]
    /// The live objects with the ids the plan's changes or `managedIDs` name.
    let live: [String: LiveObject]

    /// The parts of `snapshot` that `plan` touches.
    init(_ plan: Plan, _ snapshot: StoreSnapshot) {
        // The changes' addresses and their parents' (a policy's package, a resource's catalog).
        let addresses = Set(plan.changes.flatMap { [$0.address] + ($0.address.parent.map { [$0] } ?? []) })
        var managedIDs: [ObjectAddress: String] = [:]
        // The first entry wins, as it did when the whole inventory was indexed.
        for entry in snapshot.inventory where addresses.contains(entry.address) && managedIDs[entry.address] == nil {
            managedIDs[entry.address] = entry.objectID
        }
        let ids = Set(plan.changes.compactMap(\.objectID)).union(managedIDs.values)
        var live: [String: LiveObject] = [:]
        for object in snapshot.objects where ids.contains(object.id) && live[object.id] == nil { live[object.id] = object }
        self.managedIDs = managedIDs
        self.live = live
    }
}
