import EntitlementModel

/// Everything a store holds, for moving it to another store (`entitle store copy`): the objects,
/// the inventory, the directory, the assignments, the journal, and the lineage and serial that
/// plan files are checked against.
public struct StoreContents: Hashable, Sendable {
    /// Lineage and serial.
    public var basis: StoreBasis
    /// The objects, built-in ones included.
    public var objects: [LiveObject]
    /// What entitle manages.
    public var inventory: [InventoryEntry]
    /// Users, groups, applications and sites.
    public var directory: [DirectoryObject]
    /// Who has access, as the service recorded it.
    public var assignments: [AssignmentRecord]
    /// The journal, oldest first.
    public var journal: [JournalEntry]
    /// The Graph tenant whose state this is (`nil` for an embedded store): a copy keeps it bound.
    public var tenant: String?

    /// Creates store contents.
    public init(
        basis: StoreBasis, objects: [LiveObject], inventory: [InventoryEntry], directory: [DirectoryObject], assignments: [AssignmentRecord],
        journal: [JournalEntry], tenant: String? = nil
    ) {
        self.tenant = tenant
        self.basis = basis
        self.objects = objects
        self.inventory = inventory
        self.directory = directory
        self.assignments = assignments
        self.journal = journal
    }

    /// Whether the store is as new: nothing applied, loaded or recorded beyond its built-in objects.
    public var isEmpty: Bool {
        basis.serial == 0 && inventory.isEmpty && directory.isEmpty && assignments.isEmpty && journal.isEmpty && objects.allSatisfy(\.isBuiltIn)
    }

    /// Why the store is not empty, in a few words ("serial 4, 12 objects, 3 directory objects").
    public var summary: String {
        var parts = ["serial \(basis.serial)"]
        let created = objects.filter { !$0.isBuiltIn }.count
        if created > 0 { parts.append("\(created) objects") }
        if !inventory.isEmpty { parts.append("\(inventory.count) inventory entries") }
        if !directory.isEmpty { parts.append("\(directory.count) directory objects") }
        if !assignments.isEmpty { parts.append("\(assignments.count) assignments") }
        if !journal.isEmpty { parts.append("\(journal.count) journal entries") }
        return parts.joined(separator: ", ")
    }

    /// The objects in an order in which each one's parent comes before it, so a store that checks
    /// parents on insert can take them one by one. (Ids order the rest, for repeatable writes.)
    public var objectsParentsFirst: [LiveObject] {
        var placed = Set<String>()
        var ordered: [LiveObject] = []
        var pending = objects.sorted { $0.id < $1.id }
        while !pending.isEmpty {
            var next: [LiveObject] = []
            for object in pending {
                if let parent = object.parentID, !placed.contains(parent) {
                    next.append(object)
                } else {
                    placed.insert(object.id)
                    ordered.append(object)
                }
            }
            // A parent that is not there (or a cycle) cannot be placed: keep the order and let the
            // store's own check refuse it.
            if next.count == pending.count { return ordered + next }
            pending = next
        }
        return ordered
    }
}

/// One assignment of an access package, as the service records it.
public struct AssignmentRecord: Hashable, Sendable {
    /// The assignment's id.
    public var id: String
    /// The package.
    public var accessPackageID: String
    /// The policy it was granted under, if known.
    public var policyID: String?
    /// Who has it.
    public var targetID: String
    /// `delivered` while active.
    public var state: String

    /// Creates an assignment record.
    public init(id: String, accessPackageID: String, policyID: String?, targetID: String, state: String) {
        self.id = id
        self.accessPackageID = accessPackageID
        self.policyID = policyID
        self.targetID = targetID
        self.state = state
    }
}
