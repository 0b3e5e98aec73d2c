import Diagnostics
import EntitlementModel
import Planner
import Store

/// What planning against a store gave: a plan, or the diagnostics that prevent one.
public struct PlanOutcome: Sendable {
    /// The plan; `nil` when a diagnostic is an error.
    public var plan: Plan?
    /// Problems found while resolving names and checking the plan's guards.
    public var diagnostics: [Diagnostic]
    /// The snapshot the plan was made against.
    public var snapshot: StoreSnapshot
    /// The desired state with names resolved (`nil` when names do not resolve).
    public var resolved: ResolvedDesiredState?
}

/// Who applies, where and when: recorded in the journal.
public struct ApplyContext: Sendable {
    /// The user name.
    public var user: String
    /// The host name.
    public var host: String
    /// The time, ISO 8601 UTC.
    public var time: String
    /// The entitle version.
    public var toolVersion: String
    /// Makes ids for new objects.
    public var newID: @Sendable () -> String

    /// Creates a context.
    public init(user: String, host: String, time: String, toolVersion: String, newID: @escaping @Sendable () -> String) {
        self.user = user
        self.host = host
        self.time = time
        self.toolVersion = toolVersion
        self.newID = newID
    }
}

/// One object an apply wrote.
public struct AppliedChange: Hashable, Sendable {
    /// The address.
    public var address: ObjectAddress
    /// What was done.
    public var action: PlanAction
    /// The object's id after the apply (the new id, for creates and replaces).
    public var objectID: String?
    /// `displayName`.
    public var displayName: String
}

/// What an apply did.
public struct ApplyResult: Sendable {
    /// The store's basis after the apply.
    public var basis: StoreBasis
    /// The changes, in the order written.
    public var changes: [AppliedChange]
    /// The tenant's domain, for My Access links (`woodgrove.example`).
    public var tenantHint: String
    /// The My Access host of the tenant's cloud.
    public var myAccessHost = "https://myaccess.microsoft.com"
}

/// Plan and apply over any `StateStore`: reads a snapshot, resolves names, runs the pure planner,
/// and turns a plan into one store batch.
public enum Reconciler {
    /// Plans `desired` against `store`.
    public static func plan(
        _ desired: DesiredState, store: any StateStore, options: PlanOptions, toolVersion: String
    ) async throws(StoreError) -> PlanOutcome {
        await plan(desired, snapshot: try await store.snapshot(), options: options, toolVersion: toolVersion)
    }

    /// Plans `desired` against a snapshot already read.
    public static func plan(_ desired: DesiredState, snapshot: StoreSnapshot, options: PlanOptions, toolVersion: String) async -> PlanOutcome {
        await plan(desired, index: SnapshotIndex(snapshot), options: options, toolVersion: toolVersion)
    }

    /// Plans `desired` against a snapshot already read and indexed (while the manifests loaded).
    public static func plan(_ desired: DesiredState, index: SnapshotIndex, options: PlanOptions, toolVersion: String) async -> PlanOutcome {
        let snapshot = index.snapshot
        let (resolved, resolveDiagnostics) = index.resolver.resolve(desired)
        guard let resolved else { return PlanOutcome(plan: nil, diagnostics: resolveDiagnostics, snapshot: snapshot, resolved: nil) }
        let result = Planner.plan(resolved, against: index, options: options)
        let diagnostics = resolveDiagnostics + result.diagnostics
        guard !diagnostics.containsErrors else { return PlanOutcome(plan: nil, diagnostics: diagnostics, snapshot: snapshot, resolved: resolved) }
        var labels: [String: String] = [:]
        for change in result.changes {
            for value in [change.before, change.after].compactMap({ $0 }) {
                for reference in ReferenceRewriter.references(in: value) { labels[reference.name] = resolved.labels[reference.name] }
            }
        }
        let plan = Plan(
            toolVersion: toolVersion, basis: PlanBasis(store: snapshot.basis, desiredDigest: desired.manifestDigest), changes: result.changes,
            unchangedCount: result.unchangedCount, labels: labels)
        return PlanOutcome(plan: plan, diagnostics: diagnostics, snapshot: snapshot, resolved: resolved)
    }

    /// The diagnostics of resolving the names `desired` uses (users, groups, applications, sites,
    /// connected organizations) in the snapshot's directory: what `validate --store` adds.
    public static func resolveNames(_ desired: DesiredState, snapshot: StoreSnapshot) -> [Diagnostic] {
        DesiredStateResolver(directory: snapshot.directory, source: snapshot.directorySource).resolve(desired).diagnostics
    }

    /// The drift of `store` against what entitle last applied, with `desired` for conflicts. Reads
    /// only; never takes the write lock.
    public static func drift(
        _ desired: DesiredState, store: any StateStore, ignore: [DriftIgnoreRule], unmanaged: Bool
    ) async throws(StoreError) -> (report: DriftReport?, diagnostics: [Diagnostic]) {
        drift(desired, snapshot: try await store.snapshot(), ignore: ignore, unmanaged: unmanaged)
    }

    /// The drift of a snapshot already read.
    public static func drift(
        _ desired: DesiredState, snapshot: StoreSnapshot, ignore: [DriftIgnoreRule], unmanaged: Bool
    ) -> (report: DriftReport?, diagnostics: [Diagnostic]) {
        let (resolved, diagnostics) = DesiredStateResolver(directory: snapshot.directory, source: snapshot.directorySource).resolve(desired)
        guard let resolved else { return (nil, diagnostics) }
        var report = DriftDetector.detect(snapshot: snapshot, desired: resolved, ignore: ignore, unmanaged: unmanaged)
        report.labels = Dictionary(
            snapshot.directory.map { ($0.id, "\($0.kind.rawValue) '\($0.label)'") }, uniquingKeysWith: { first, _ in first })
        return (report, diagnostics)
    }

    /// Applies `plan` to `store` in one batch: refused with `StoreError.stalePlan`, writing nothing,
    /// if the store moved since the plan was made.
    ///
    /// `snapshot` may be the one the plan was just made against (saving a second read); the store
    /// still refuses the batch if its basis moved in between.
    public static func apply(
        _ plan: Plan, to store: any StateStore, snapshot known: StoreSnapshot? = nil, context: ApplyContext
    ) async throws(StoreError) -> ApplyResult {
        let snapshot: StoreSnapshot
        if let known, known.basis == plan.basis.store {
            snapshot = known
        } else {
            snapshot = try await store.snapshot()
        }
        guard snapshot.basis.lineage == plan.basis.store.lineage else {
            throw .stalePlan(
                expected: "another store (lineage \(plan.basis.store.lineage))", found: snapshot.basis.description)
        }
        guard snapshot.basis == plan.basis.store else {
            throw .stalePlan(expected: plan.basis.store.description, found: snapshot.basis.description)
        }
        let scope = PlanScope(plan, snapshot)
        if let mismatch = mismatch(plan, scope) { throw .rejected(reason: mismatch) }
        let batch = makeBatch(plan, snapshot: snapshot, scope: scope, context: context)
        let basis = try await store.apply(batch.batch)
        return ApplyResult(basis: basis, changes: batch.applied, tenantHint: tenantHint(snapshot))
    }

    /// Why `plan` cannot be what the planner made against `snapshot`, if it cannot: every change must
    /// touch only what entitle manages (a plan file's digest shows it arrived intact, not who wrote
    /// it, so apply checks the changes themselves).
    static func mismatch(_ plan: Plan, _ snapshot: StoreSnapshot) -> String? {
        mismatch(plan, PlanScope(plan, snapshot))
    }

    static func mismatch(_ plan: Plan, _ scope: PlanScope) -> String? {
        let live = scope.live
        for change in plan.changes {
            let managedID = scope.managedIDs[change.address]
            switch change.action {
            case .create:
                if let managedID, live[managedID] != nil {
                    return "the plan creates \(change.address), which already exists (object \(managedID), made since the plan was read); run plan again"
                }
            case .update, .import:
                if let managedID {
                    guard change.objectID == managedID else {
                        return "the plan changes \(change.address) as object \(change.objectID ?? "none"), but entitle manages it as \(managedID)"
                    }
                } else {
                    // Only the tenant's settings are adopted by a plan; everything else through `entitle import`.
                    guard change.address == .settings, let id = change.objectID, live[id]?.kind == .settings else {
                        return "the plan changes \(change.address), which entitle does not manage"
                    }
                }
            case .replace, .delete:
                guard let managedID, change.objectID == managedID else {
                    return "the plan deletes object \(change.objectID ?? "none") as \(change.address), which entitle does not manage"
                }
            }
            if change.action != .delete, change.after == nil { return "the plan has no spec for \(change.address)" }
        }
        return nil
    }

    /// The store writes for a plan, in order: deletes (and the delete half of replaces) most
    /// dependent first, then creates and updates least dependent first.
    static func makeBatch(
        _ plan: Plan, snapshot: StoreSnapshot, scope: PlanScope, context: ApplyContext
    ) -> (batch: ApplyBatch, applied: [AppliedChange]) {
        var names = ManagedNames(snapshot: snapshot)
        let live = scope.live
        // The ids of the plan's addresses and their parents.
        var ids = scope.managedIDs
        for change in plan.changes where change.action == .create || change.action == .replace {
            let id = context.newID()
            ids[change.address] = id
            switch change.address {
            case .catalog(let name): names.record(.catalog, name, id)
            case .accessPackage(let name): names.record(.accessPackage, name, id)
            case .connectedOrganization(let name): names.record(.connectedOrganization, name, id)
            default: break
            }
        }
        /// The parent's id: a policy's package, a catalog resource's catalog, a package's catalog
        /// (named in its plan-form spec).
        func parentID(_ address: ObjectAddress, planSpec: CanonicalValue) -> String? {
            if let parent = address.parent { return ids[parent] ?? names.id(of: parent) }
            if address.kind == .accessPackage, case .string(let catalog)? = planSpec[field: "catalog"] {
                return ids[.catalog(catalog)] ?? names.id(of: .catalog, named: catalog)
            }
            return nil
        }

        var objects: [ObjectWrite] = []
        var inventoryWrites: [InventoryWrite] = []
        var applied: [AppliedChange] = []
        let removals = plan.changes.filter { $0.action == .delete || $0.action == .replace }
            .sorted { $0.address.kind != $1.address.kind ? $0.address.kind > $1.address.kind : $0.address < $1.address }
        for change in removals {
            if let id = change.objectID, let object = live[id], !object.isBuiltIn { objects.append(.delete(id: id, kind: object.kind)) }
            if change.action == .delete {
                inventoryWrites.append(.remove(change.address))
                applied.append(AppliedChange(address: change.address, action: .delete, objectID: change.objectID, displayName: change.displayName))
            }
        }
        let serial = snapshot.basis.serial + 1
        for change in plan.changes where change.action != .delete {
            guard let after = change.after, let id = ids[change.address] ?? change.objectID else { continue }
            let storeSpec = names.storeForm(after)
            let object = LiveObject(
                id: id, kind: change.address.kind, parentID: parentID(change.address, planSpec: after), displayName: change.displayName,
                spec: storeSpec, isBuiltIn: live[id]?.isBuiltIn ?? false)
            switch change.action {
            case .create, .replace: objects.append(.create(object))
            case .update: objects.append(.update(object))
            case .import, .delete: break
            }
            inventoryWrites.append(
                .put(InventoryEntry(address: change.address, objectID: id, spec: storeSpec, serial: serial, toolVersion: context.toolVersion)))
            applied.append(AppliedChange(address: change.address, action: change.action, objectID: id, displayName: change.displayName))
        }
        let journal = JournalEntry(
            appliedAt: context.time, user: context.user, host: context.host, toolVersion: context.toolVersion, planDigest: PlanFile.digest(of: plan),
            summary: plan.summary.line,
            changes: .list(plan.changes.map { .fields(["address": .string($0.address.description), "action": .string($0.action.rawValue)]) }))
        return (ApplyBatch(basis: plan.basis.store, objects: objects, inventory: inventoryWrites, journal: journal), applied)
    }

    /// The tenant's domain: the most common domain among the directory's member users' UPNs.
    static func tenantHint(_ snapshot: StoreSnapshot) -> String {
        var counts: [String: Int] = [:]
        for user in snapshot.directory where user.kind == .user && !user.external {
            if let upn = user.userPrincipalName, let at = upn.lastIndex(of: "@") { counts[String(upn[upn.index(after: at)...]).lowercased(), default: 0] += 1 }
        }
        return counts.max { $0.value != $1.value ? $0.value < $1.value : $0.key > $1.key }?.key ?? snapshot.basis.lineage
    }
}
