import Diagnostics
import EntitlementModel

/// Guards a plan must pass.
public struct PlanOptions: Hashable, Sendable {
    /// The most objects a plan may delete without `allowMassDelete`.
    public var maxDeletes: Int
    /// Allows deleting more than `maxDeletes` objects, or more than half the inventory.
    public var allowMassDelete: Bool

    /// Creates options; the defaults refuse more than 10 deletes.
    public init(maxDeletes: Int = 10, allowMassDelete: Bool = false) {
        self.maxDeletes = maxDeletes
        self.allowMassDelete = allowMassDelete
    }
}

/// What planning produced: the changes in apply order, or diagnostics saying why there is no plan.
public struct PlannerResult: Sendable {
    /// The changes, in apply order; empty when the store already matches.
    public var changes: [PlannedChange]
    /// Managed objects already as desired.
    public var unchangedCount: Int
    /// Problems; with any error the changes must not be applied.
    public var diagnostics: [Diagnostic]
}

/// The pure planner: compares the resolved desired state with a store snapshot and decides what to
/// create, update, replace, delete or import. No I/O, no clock: the same inputs give the same plan.
///
/// Only inventory objects are ever changed or deleted; a create that would collide with an unmanaged
/// object of the same display name is refused with the `entitle import` command that adopts it.
public enum Planner {
    /// The plan from `snapshot` to `desired`.
    public static func plan(_ desired: ResolvedDesiredState, against snapshot: StoreSnapshot, options: PlanOptions = PlanOptions()) -> PlannerResult {
        plan(desired, against: SnapshotIndex(snapshot), options: options)
    }

    /// The plan from an indexed snapshot to `desired`.
    public static func plan(_ desired: ResolvedDesiredState, against index: SnapshotIndex, options: PlanOptions = PlanOptions()) -> PlannerResult {
        let snapshot = index.snapshot
        var context = Context(desired: desired, index: index)
        var changes: [PlannedChange] = []
        var unchanged = 0
        // Positions in `ordered` of objects no change touches (most of them): counted, and looked
        // at again only when an object they may refer to gets a new id.
        var untouched: [Int] = []
        // In the manifests' order: any fixed order makes the same plan (changes are put in apply
        // order below), and this one costs no sorting.
        let ordered = desired.objects
        // Making each object's spec and telling it unchanged is most of a plan's work, one object
        // at a time: on every core. A spec is kept only when its object may change.
        let reader = context
        let assessments = ordered.concurrentMap { reader.assess($0) }
        let replacedPackages = Set(
            assessments.indices.compactMap { position -> String? in
                guard assessments[position].catalogChanged, case .accessPackage(let name) = ordered[position].address else { return nil }
                return name
            })
        for position in ordered.indices {
            let assessment = assessments[position]
            if !assessment.matchesStore || (!replacedPackages.isEmpty && Context.isReplaced(ordered[position].address, replacedPackages)),
                let change = context.change(
                    for: ordered[position], spec: assessment.spec ?? ordered[position].spec, replacedPackages: replacedPackages)
            {
                changes.append(change)
            } else {
                untouched.append(position)
            }
        }
        // Objects that get a new id (replaced, or re-created after being deleted outside entitle):
        // every object whose stored spec refers to the old id is rewritten too, in the same apply.
        let renewed = Set(
            changes.filter { $0.action == .replace || ($0.action == .create && $0.reason == .deletedOutsideEntitle) }
                .compactMap { context.index.inventory[$0.address]?.objectID })
        if renewed.isEmpty {
            unchanged = untouched.count
        } else {
            for position in untouched {
                let object = ordered[position]
                if let current = context.current(object.address),
                    ReferenceRewriter.references(in: current.object.spec).contains(where: { renewed.contains($0.name) })
                {
                    changes.append(
                        PlannedChange(
                            address: object.address, action: .update, reason: .refersToReplacedObject, objectID: current.object.id,
                            displayName: object.displayName, before: current.spec, after: object.spec))
                } else {
                    unchanged += 1
                }
            }
        }
        for position in snapshot.inventory.indices where !desired.contains(snapshot.inventory[position].address) {
            changes.append(context.deletion(of: snapshot.inventory[position]))
        }
        // Deletes first, most dependent first; then the rest, least dependent first; ties by address.
        changes = changes.map { ApplyOrderKey($0) }.sorted().map(\.change)
        context.checkDeletes(changes)
        context.checkMassDelete(changes, options: options)
        return PlannerResult(changes: changes, unchangedCount: unchanged, diagnostics: context.diagnostics)
    }

    /// Where a change goes in apply order; its address text is made once, not per comparison.
    private struct ApplyOrderKey: Comparable {
        let group: Int
        let rank: Int
        let address: String
        let change: PlannedChange

        init(_ change: PlannedChange) {
            let isDelete = change.action == .delete
            let rank = change.address.kind.dependencyRank
            self.group = isDelete ? 0 : 1
            self.rank = isDelete ? -rank : rank
            self.address = change.address.description
            self.change = change
        }

        static func < (a: Self, b: Self) -> Bool { (a.group, a.rank, a.address) < (b.group, b.rank, b.address) }
        static func == (a: Self, b: Self) -> Bool { (a.group, a.rank, a.address) == (b.group, b.rank, b.address) }
    }

    /// The state of one planning run.
    private struct Context: Sendable {
        let desired: ResolvedDesiredState
        let index: SnapshotIndex
        var diagnostics: [Diagnostic] = []

        init(desired: ResolvedDesiredState, index: SnapshotIndex) {
            self.desired = desired
            self.index = index
        }

        /// The current object at a managed address and its spec in plan form.
        func current(_ address: ObjectAddress) -> (entry: InventoryEntry, object: LiveObject, spec: CanonicalValue)? {
            guard let entry = index.inventory[address], let object = index.live[entry.objectID] else { return nil }
            return (entry, object, index.names.planForm(object.spec, of: object.kind))
        }

        /// What one pass over a desired object tells: whether the store holds it as it is, whether
        /// (a package) it moves to another catalog, and its spec unless the store holds it.
        struct Assessment: Sendable {
            var matchesStore: Bool
            var catalogChanged: Bool
            var spec: CanonicalValue?
        }

        func assess(_ object: DesiredObject) -> Assessment {
            let written = object.written()
            // The managed object at the address, looked up once for both questions.
            let stored = index.inventory[object.address].flatMap { entry in index.live[entry.objectID].map { (entry: entry, object: $0) } }
            // A package's catalog, in plan form.
            var catalog: CanonicalValue?
            if case .string(let name)? = written[field: "catalog"] { catalog = .string(object.resolvedName(.catalog, name)) }
            let moved = object.address.kind == .accessPackage && stored.map { catalogChanged($0.object, to: catalog) } == true
            // The store form straight from the manifests' form, in one walk: most objects are
            // unchanged, and their plan form is never needed.
            if let stored, matchesStore(stored.entry, stored.object, storeForm: { object.resolving(written, then: index.names.storeID) }) {
                return Assessment(matchesStore: true, catalogChanged: moved, spec: nil)
            }
            return Assessment(matchesStore: false, catalogChanged: moved, spec: object.resolving(written))
        }

        /// Whether `current`, a managed package, moves to another catalog (`catalog`, in plan form):
        /// Graph cannot move a package between catalogs, so the package is replaced, and its
        /// policies with it.
        func catalogChanged(_ current: LiveObject, to catalog: CanonicalValue?) -> Bool {
            // The catalog a package is in is its parent; the spec field only repeats it (and
            // is read, in plan form, only when there is no parent).
            let currentCatalog =
                current.parentID.map { CanonicalValue.string(index.names.name(ofID: $0) ?? $0) }
                ?? index.names.planForm(current.spec, of: current.kind)[field: "catalog"]
            return currentCatalog != catalog
        }

        static func isReplaced(_ address: ObjectAddress, _ replacedPackages: Set<String>) -> Bool {
            switch address {
            case .accessPackage(let name), .policy(let name, _): replacedPackages.contains(name)
            default: false
            }
        }

        mutating func change(for object: DesiredObject, spec: CanonicalValue, replacedPackages: Set<String>) -> PlannedChange? {
            let address = object.address
            guard let current = current(address) else {
                return creation(of: object, spec: spec)
            }
            let fieldChanges = FieldDiff.changes(from: current.spec, to: spec)
            var reason: PlanReason?
            switch address {
            case .accessPackage(let name) where replacedPackages.contains(name): reason = .catalogChanged
            case .policy(let package, _) where replacedPackages.contains(package): reason = .packageReplaced
            case .policy where Self.isExternal(current.spec) != Self.isExternal(spec): reason = .scopeCrossesInternalExternal
            default: break
            }
            if let reason {
                checkAssignments(current.object, address: address, origin: object.origin)
                return PlannedChange(
                    address: address, action: .replace, reason: reason, objectID: current.object.id, displayName: object.displayName,
                    before: current.spec, after: spec, fieldChanges: fieldChanges)
            }
            guard !fieldChanges.isEmpty else {
                // The store already matches the manifests but not what entitle last applied (the
                // change was made outside entitle, then written into the manifests): record it as
                // applied, so drift stops reporting it.
                let lastApplied = index.names.planForm(current.entry.spec, of: current.object.kind)
                guard lastApplied != spec else { return nil }
                return PlannedChange(
                    address: address, action: .import, reason: .recordsOutsideChange, objectID: current.object.id,
                    displayName: object.displayName, before: lastApplied, after: spec,
                    fieldChanges: FieldDiff.changes(from: lastApplied, to: spec))
            }
            return PlannedChange(
                address: address, action: .update, objectID: current.object.id, displayName: object.displayName, before: current.spec,
                after: spec, fieldChanges: fieldChanges)
        }

        /// Whether the store holds exactly `storeForm()` as `current` and last applied exactly that (`entry`),
        /// told by comparing texts: the stored spec's text with the desired spec's in store form.
        /// Most objects of a plan are unchanged, and this way their stored specs are never parsed.
        /// Anything else (no stored text, a text that differs) goes the long way.
        func matchesStore(_ entry: InventoryEntry, _ current: LiveObject, storeForm: () -> CanonicalValue) -> Bool {
            guard let text = current.storedSpec.text, entry.storedSpec === current.storedSpec || entry.storedSpec.text == text else { return false }
            return storeForm().isCompactJSON(text)
        }

        /// A create, an adoption of a built-in singleton, or a refusal for a collision.
        mutating func creation(of object: DesiredObject, spec: CanonicalValue) -> PlannedChange? {
            let address = object.address
            let missing = index.inventory[address] != nil
            let reason: PlanReason? = missing ? .deletedOutsideEntitle : nil
            if case .catalogResource(let catalog, let resource) = address, let catalogID = index.names.id(of: .catalog, named: catalog) {
                // A resource already in the catalog is used as it is, managed or not.
                let present = index.catalogResources.contains("\(catalogID)/\(resource)")
                if present, !missing { return nil }
            }
            if address == .settings, let settings = index.snapshot.objects.first(where: { $0.kind == .settings }) {
                // The settings always exist: manage them from now on, writing them only if they differ.
                let current = index.names.planForm(settings.spec)
                let fieldChanges = FieldDiff.changes(from: current, to: spec)
                return PlannedChange(
                    address: address, action: fieldChanges.isEmpty ? .import : .update, reason: .adoptsTenantSettings, objectID: settings.id,
                    displayName: object.displayName, before: current, after: spec, fieldChanges: fieldChanges)
            }
            if !missing, let existing = collision(for: object, spec: spec) {
                diagnostics.append(
                    Diagnostic(
                        .planUnmanagedCollision,
                        "\(address) would create \(Self.article(Self.kindName(address.kind))) named '\(object.displayName)', but the store already has one that entitle does not manage",
                        at: object.origin,
                        hints: [
                            "adopt the existing one: entitle import \(address) \(existing.id)",
                            "or give this one another displayName",
                        ]))
            }
            return PlannedChange(address: address, action: .create, reason: reason, displayName: object.displayName, after: spec)
        }

        /// An unmanaged object of the same kind and display name, in the same parent.
        func collision(for object: DesiredObject, spec: CanonicalValue) -> LiveObject? {
            let kind = object.address.kind
            let parentID: String?? =
                switch object.address {
                case .policy(let package, _): .some(index.inventory[.accessPackage(package)]?.objectID)
                // A resource is in one catalog: the same group in another catalog is no collision.
                case .catalogResource(let catalog, _): .some(index.names.id(of: .catalog, named: catalog))
                case .accessPackage:
                    .some(
                        spec[field: "catalog"].flatMap { catalog in
                            if case .string(let name) = catalog { index.names.id(of: .catalog, named: name) } else { nil }
                        })
                default: .none
                }
            if case .some(nil) = parentID { return nil }  // the parent is new, so nothing can collide
            return index.unmanagedByName[SnapshotIndex.nameKey(kind, object.displayName)]?.first { candidate in
                parentID == nil || candidate.parentID == parentID ?? nil
            }
        }

        func deletion(of entry: InventoryEntry) -> PlannedChange {
            guard let object = index.live[entry.objectID] else {
                return PlannedChange(
                    address: entry.address, action: .delete, reason: .deletedOutsideEntitle, objectID: entry.objectID,
                    displayName: Self.displayName(of: entry.spec) ?? entry.address.description, before: index.names.planForm(entry.spec))
            }
            return PlannedChange(
                address: entry.address, action: .delete,
                reason: object.isBuiltIn ? .stopsManagingBuiltIn : entry.address.kind == .catalogResource ? .noLongerUsed : .removedFromManifests,
                objectID: object.id, displayName: object.displayName, before: index.names.planForm(object.spec))
        }

        mutating func checkAssignments(_ object: LiveObject, address: ObjectAddress, origin: SourceLocation?) {
            guard let count = index.snapshot.activeAssignments[object.id], count > 0 else { return }
            diagnostics.append(
                Diagnostic(
                    .planActiveAssignments,
                    "\(address) ('\(object.displayName)') has \(count) active assignment\(count == 1 ? "" : "s") and cannot be deleted or replaced",
                    at: origin,
                    hints: ["remove the assignments first, or keep the object in the manifests"]))
        }

        /// Deletes of objects with assignments, or holding objects this plan does not delete, are refused.
        mutating func checkDeletes(_ changes: [PlannedChange]) {
            let removed = Set(changes.filter { $0.action == .delete || $0.action == .replace }.compactMap(\.objectID))
            for change in changes where change.action == .delete {
                guard let id = change.objectID, let object = index.live[id], !object.isBuiltIn else { continue }
                checkAssignments(object, address: change.address, origin: nil)
                let held = (index.children[id] ?? []).filter { !removed.contains($0.id) }
                guard let first = held.first else { continue }
                diagnostics.append(
                    Diagnostic(
                        .planDeleteBlocked,
                        "\(change.address) ('\(object.displayName)') still holds \(held.count) object\(held.count == 1 ? "" : "s") that entitle does not manage, such as \(Self.kindName(first.kind)) '\(first.displayName)' (\(first.id))",
                        at: nil,
                        hints: ["keep \(change.address) in the manifests, or remove or import what it holds first"]))
            }
            for change in changes where change.action == .replace {
                guard let id = change.objectID, index.live[id] != nil else { continue }
                let held = (index.children[id] ?? []).filter { !removed.contains($0.id) }
                guard let first = held.first else { continue }
                diagnostics.append(
                    Diagnostic(
                        .planDeleteBlocked,
                        "\(change.address) must be replaced (\(change.reason?.rawValue ?? "")), but it holds \(Self.kindName(first.kind)) '\(first.displayName)' (\(first.id)) that entitle does not manage",
                        at: desired[change.address]?.origin, hints: ["import or remove what it holds first"]))
            }
        }

        mutating func checkMassDelete(_ changes: [PlannedChange], options: PlanOptions) {
            guard !options.allowMassDelete else { return }
            // The guard counts what the plan's summary and 'entitle show' count: every managed
            // object, catalog resources included.
            let deletes = changes.filter { $0.action == .delete }.count
            let managed = index.snapshot.inventory.count
            guard deletes > 0 else { return }
            if deletes > options.maxDeletes {
                diagnostics.append(
                    Diagnostic(
                        .planMassDelete,
                        "the plan deletes \(deletes) of the \(managed) objects entitle manages (catalog resources included), more than --max-deletes (\(options.maxDeletes))",
                        at: nil,
                        hints: ["check that no manifest is missing; if the deletes are meant, pass --allow-mass-delete or a higher --max-deletes"]))
            } else if deletes * 2 > managed {
                diagnostics.append(
                    Diagnostic(
                        .planMassDelete,
                        "the plan deletes \(deletes) of the \(managed) objects entitle manages (catalog resources included), more than half",
                        at: nil,
                        hints: [
                            "check that no manifest is missing; a renamed metadata.name is moved with 'entitle state mv'; if the deletes are meant, pass --allow-mass-delete"
                        ]))
            }
        }

        static func isExternal(_ policySpec: CanonicalValue) -> Bool {
            guard case .string(let scope)? = policySpec[field: "requestors"]?[field: "scope"],
                let value = AllowedTargetScope(rawValue: scope)
            else { return false }
            return value.isExternal
        }

        static func displayName(of spec: CanonicalValue) -> String? {
            if case .string(let name)? = spec[field: "displayName"] { return name }
            return nil
        }

        static func article(_ noun: String) -> String {
            ("aeiou".contains(noun.first ?? "x") ? "an " : "a ") + noun
        }

        static func kindName(_ kind: ObjectKind) -> String {
            switch kind {
            case .connectedOrganization: "connected organization"
            case .catalog: "catalog"
            case .catalogResource: "catalog resource"
            case .accessPackage: "access package"
            case .policy: "policy"
            case .settings: "settings"
            }
        }
    }
}
