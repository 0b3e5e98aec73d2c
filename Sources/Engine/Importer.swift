import EntitlementModel
import Planner
import Store

/// Why an object cannot be imported at an address.
public enum ImportRefusal: Error, Hashable, Sendable, CustomStringConvertible {
    /// No object has that id.
    case unknownObject(String)
    /// The object is of another kind than the address.
    case kindMismatch(id: String, kind: ObjectKind, address: ObjectAddress)
    /// The address is already managed.
    case addressManaged(ObjectAddress, objectID: String)
    /// The object is already managed at another address.
    case objectManaged(String, address: ObjectAddress)
    /// A policy or catalog resource imported under a package or catalog it does not belong to (or
    /// one entitle does not manage).
    case wrongParent(id: String, address: ObjectAddress)
    /// A built-in object (the General catalog) that cannot be managed.
    case builtIn(String)
    /// A catalog resource whose resource is not the one the address names.
    case wrongResource(id: String, address: ObjectAddress)

    /// The message.
    public var description: String {
        switch self {
        case .unknownObject(let id): "the store has no object with id \(id); 'entitle show' lists them"
        case .kindMismatch(let id, let kind, let address): "object \(id) is a \(kind.rawValue), but \(address) is a \(address.kind.rawValue) address"
        case .addressManaged(let address, let id): "\(address) is already managed (object \(id))"
        case .objectManaged(let id, let address): "object \(id) is already managed as \(address)"
        case .wrongParent(let id, let address):
            "object \(id) does not belong to \(address.parent?.description ?? "its parent"), or that is not managed yet (import it first)"
        case .builtIn(let id): "object \(id) is built in; it is in every store and cannot be managed"
        case .wrongResource(let id, let address): "object \(id) is not the resource \(address) names"
        }
    }
}

/// `entitle import`: adopts an unmanaged object into the inventory, so the manifests manage it
/// from now on. The object itself is not written; the next plan shows how it differs from them.
public enum Importer {
    /// Adopts object `objectID` at `address`, in one apply (journal entry and serial bump).
    public static func adopt(
        _ address: ObjectAddress, objectID: String, store: any StateStore, snapshot known: StoreSnapshot? = nil, context: ApplyContext
    ) async throws -> StoreBasis {
        // A live tenant's snapshot comes from the tenant and its state; an embedded store reads its own.
        let snapshot: StoreSnapshot
        if let known { snapshot = known } else { snapshot = try await store.snapshot() }
        let object = try check(address, objectID: objectID, snapshot: snapshot)
        let journal = JournalEntry(
            appliedAt: context.time, user: context.user, host: context.host, toolVersion: context.toolVersion,
            planDigest: Digest.sha256("import\t\(address)\t\(objectID)"), summary: "imported \(address)",
            changes: .list([.fields(["address": .string(address.description), "action": .string("import")])]))
        let entry = InventoryEntry(
            address: address, objectID: objectID, spec: object.spec, serial: snapshot.basis.serial + 1, toolVersion: context.toolVersion)
        return try await store.apply(ApplyBatch(basis: snapshot.basis, objects: [], inventory: [.put(entry)], journal: journal))
    }

    /// The object `objectID` if it can be adopted at `address` in `snapshot`; throws
    /// `ImportRefusal` saying why not (checked before anything, even a new state, is written).
    public static func check(_ address: ObjectAddress, objectID: String, snapshot: StoreSnapshot) throws(ImportRefusal) -> LiveObject {
        guard let object = snapshot.objects.first(where: { $0.id == objectID }) else { throw ImportRefusal.unknownObject(objectID) }
        guard object.kind == address.kind else { throw ImportRefusal.kindMismatch(id: objectID, kind: object.kind, address: address) }
        if let entry = snapshot.inventory.first(where: { $0.address == address }) {
            throw ImportRefusal.addressManaged(address, objectID: entry.objectID)
        }
        if let entry = snapshot.inventory.first(where: { $0.objectID == objectID }) { throw ImportRefusal.objectManaged(objectID, address: entry.address) }
        if object.isBuiltIn, address != .settings { throw ImportRefusal.builtIn(objectID) }
        if let parent = address.parent {
            let names = ManagedNames(snapshot: snapshot)
            guard let parentID = names.id(of: parent) ?? snapshot.inventory.first(where: { $0.address == parent })?.objectID,
                parentID == object.parentID
            else { throw ImportRefusal.wrongParent(id: objectID, address: address) }
        }
        if case .catalogResource(_, let resource) = address {
            guard case .object(let fields)? = object.spec[field: "resource"], fields.first?.value == .string(resource) else {
                throw ImportRefusal.wrongResource(id: objectID, address: address)
            }
        }
        return object
    }
}
