import EntitlementModel

/// Turns the column values a store reads back (text, numbers, JSON text) into the values it keeps,
/// the same way and with the same error texts for every store: the SQLite and PostgreSQL stores
/// only fetch the columns and hand them over. A value that cannot be read means the store is
/// damaged (`StoreError.corrupt`).
///
/// Specs are checked, not parsed: each becomes a `StoredSpec` that parses its text when first
/// read, so a plan parses only the specs that differ from the manifests'. One decoder reads one
/// snapshot. It remembers the spec of each object it decoded, so that an inventory entry whose
/// spec equals its object's (the usual case: nothing drifted), which the stores return as NULL,
/// shares it.
public struct StoredRowDecoder {
    /// Where the store is, for messages.
    public let location: String
    private var objectSpecs: [String: StoredSpec] = [:]

    /// A decoder for the store at `location`.
    public init(location: String) {
        self.location = location
    }

    /// A row of `objects`. Its spec is remembered for the inventory entries read after it.
    public mutating func object(
        id: String, kind: String, parentID: String?, displayName: String, specText: String, builtIn: Bool
    ) throws(StoreError) -> LiveObject {
        guard let objectKind = ObjectKind(rawValue: kind) else { throw .corrupt(location: location, reason: "unknown object kind '\(kind)'") }
        let spec = try StoredJSON.storedSpec(specText, location: location)
        objectSpecs[id] = spec
        return LiveObject(id: id, kind: objectKind, parentID: parentID, displayName: displayName, storedSpec: spec, isBuiltIn: builtIn)
    }

    /// A row of `inventory`. `specText` is `nil` when the spec equals that of object `objectID`,
    /// which must have been decoded first.
    public func inventoryEntry(
        address: String, objectID: String, specText: String?, serial: Int, toolVersion: String
    ) throws(StoreError) -> InventoryEntry {
        guard let parsedAddress = ObjectAddress(parsing: address) else {
            throw .corrupt(location: location, reason: "inventory address '\(address)' is not an address")
        }
        let spec: StoredSpec
        if let specText {
            spec = try StoredJSON.storedSpec(specText, location: location)
        } else if let shared = objectSpecs[objectID] {
            spec = shared
        } else {
            throw .corrupt(location: location, reason: "inventory spec of '\(address)' is missing")
        }
        return InventoryEntry(address: parsedAddress, objectID: objectID, storedSpec: spec, serial: serial, toolVersion: toolVersion)
    }

    /// A row of `directory`; `rolesText` is the roles' JSON list.
    public func directoryObject(
        id: String, kind: String, displayName: String, userPrincipalName: String?, url: String?, external: Bool, dynamic: Bool, rolesText: String
    ) throws(StoreError) -> DirectoryObject {
        guard let directoryKind = DirectoryObject.Kind(rawValue: kind) else {
            throw .corrupt(location: location, reason: "unknown directory kind '\(kind)'")
        }
        return DirectoryObject(
            id: id, kind: directoryKind, displayName: displayName, userPrincipalName: userPrincipalName, url: url, external: external,
            dynamic: dynamic, roles: try StoredJSON.roles(rolesText, location: location))
    }

    /// The lineage and serial, from the rows of `meta` (key → value).
    public func basis(meta: [String: String]) throws(StoreError) -> StoreBasis {
        guard let lineage = meta["lineage"], let serial = meta["serial"].flatMap({ Int($0) }) else {
            throw .corrupt(location: location, reason: "lineage or serial missing")
        }
        return StoreBasis(lineage: lineage, serial: serial)
    }

    /// A row of `journal`; `changesText` is the changes' JSON.
    public func journalEntry(
        serial: Int, appliedAt: String, user: String, host: String, toolVersion: String, planDigest: String, summary: String, changesText: String
    ) throws(StoreError) -> JournalEntry {
        JournalEntry(
            serial: serial, appliedAt: appliedAt, user: user, host: host, toolVersion: toolVersion, planDigest: planDigest, summary: summary,
            changes: try StoredJSON.parse(changesText, location: location))
    }

    /// A row of `pending`: the operation's stored JSON.
    public func pendingOperation(_ text: String) throws(StoreError) -> PendingOperation {
        guard let operation = PendingOperation(stored: try StoredJSON.parse(text, location: location)) else {
            throw .corrupt(location: location, reason: "a pending operation cannot be read")
        }
        return operation
    }

    /// The lease kept in `meta`. Text that is not a lease counts as no lease, so the next apply
    /// can take it over rather than every apply failing on it.
    public func lease(_ text: String) -> Lease? {
        Lease(stored: text)
    }
}
