import EntitlementModel
import Foundation
import Planner
import Store

/// What an apply to a live tenant did: what landed, what failed and what was not attempted.
public struct LiveApplyReport: Sendable {
    /// What landed, in order, with the state's basis after it.
    public var result: ApplyResult
    /// The change that failed, and why (the service's code, message and request id).
    public var failure: (address: ObjectAddress, reason: String)?
    /// Changes not attempted because the apply stopped.
    public var notAttempted: [ObjectAddress] = []
    /// Whether it stopped because it was interrupted (Ctrl-C).
    public var interrupted = false
    /// What settling an earlier, cut-off apply found.
    public var recovered: [String] = []

    /// Whether every change landed.
    public var isComplete: Bool { failure == nil && !interrupted && notAttempted.isEmpty }
}

/// Applies a plan to a live tenant (Microsoft Graph), which has no transactions: object by
/// object, each call recorded in the state before it is made and settled after it, under a lease
/// held for the whole apply.
///
/// Creates and updates go first, least dependent first (connected organizations, catalogs, their
/// resources, packages, policies, settings); deletes after them, most dependent first, so a
/// resource leaves a catalog only once no package grants it, and a replaced object's successor
/// exists before it goes. A failure stops the apply: what landed is recorded, the next plan shows
/// exactly what is left.
public struct LiveTenantApplier: Sendable {
    /// The tenant.
    public let writer: any LiveTenantWriter
    /// Who the tenant is.
    public let identity: TenantIdentity
    /// The tenant's state.
    public let state: any StateStore
    /// Who applies, and when.
    public let context: ApplyContext
    /// How long to wait for another apply's lease.
    public let lockTimeout: Double
    /// Told each change as it lands (`accessPackage.x: created (id …)`).
    public let progress: @Sendable (String) -> Void
    /// Asked between calls whether to stop (Ctrl-C): the call in flight always completes and is settled.
    public let stopRequested: @Sendable () -> Bool
    /// Whether calls are recorded as pending before they are made. Only the kill test's control
    /// turns this off, to show what the record prevents (an object made twice).
    public var recordsPending = true

    /// Creates an applier.
    public init(
        writer: any LiveTenantWriter, identity: TenantIdentity, state: any StateStore, context: ApplyContext, lockTimeout: Double,
        progress: @escaping @Sendable (String) -> Void = { _ in }, stopRequested: @escaping @Sendable () -> Bool = { false }
    ) {
        self.writer = writer
        self.identity = identity
        self.state = state
        self.context = context
        self.lockTimeout = lockTimeout
        self.progress = progress
        self.stopRequested = stopRequested
    }

    /// Why an apply stopped early.
    enum Stop: Error {
        case failed(ObjectAddress, String)
        case interrupted
    }

    /// Applies `plan`. `planned` is the snapshot the plan was just made against (an apply from
    /// manifests): its objects are used as read if the state still records what it did then.
    /// Otherwise (a saved plan, or another apply recorded objects meanwhile, which that read may
    /// not have shown yet) the tenant is read again and every object the plan changes or deletes
    /// must still be as the plan found it.
    ///
    /// Throws `StoreError.stalePlan` or `.rejected` (writing nothing) when the state or the tenant
    /// moved since the plan was made.
    public func apply(_ plan: Plan, planned: StoreSnapshot?) async throws -> LiveApplyReport {
        let lease = Lease.current(operation: "apply")
        try await state.acquireLease(lease, timeout: lockTimeout) { holder in
            progress("waiting for the lease on \(state.location), held by \(holder) (up to --lock-timeout)")
        }
        let renewal = Task { [state] in
            var lease = lease
            while !Task.isCancelled {
                try? await Task.sleep(for: .seconds(Lease.duration / 3))
                lease.expires = Date().timeIntervalSince1970 + Lease.duration
                try? await state.renewLease(lease)
            }
        }
        do {
            let report = try await applyHoldingLease(plan, planned: planned, lease: lease)
            renewal.cancel()
            try? await state.releaseLease(lease)
            return report
        } catch {
            renewal.cancel()
            try? await state.releaseLease(lease)
            throw error
        }
    }

    private func applyHoldingLease(_ plan: Plan, planned: StoreSnapshot?, lease: Lease) async throws -> LiveApplyReport {
        var snapshot = try await state.snapshot()
        // The same serial does not mean the same state: an apply under way when the plan was read
        // records objects as it goes and moves the serial once. Its objects the plan's read did
        // not show would pass for new.
        let known = planned.flatMap { $0.inventory == snapshot.inventory && $0.pending == snapshot.pending ? $0.objects : nil }
        if let known {
            snapshot.objects = known
        } else {
            snapshot.objects = try await writer.readObjects()
            let (writer, state) = (self.writer, self.state)
            snapshot = try await WriteVisibility.settle(
                snapshot, window: writer.consistencyWindow, journal: { try await state.journal() }, notify: { progress("note: " + $0) },
                reread: { try await writer.readObjects() })
        }
        // Settle what an earlier apply that was cut off left pending, before anything else.
        var recovery = PendingRecovery()
        if !snapshot.pending.isEmpty {
            let writer = self.writer
            let settled = try await PendingRecovery.settle(
                snapshot, toolVersion: context.toolVersion, window: writer.consistencyWindow, notify: { progress("note: " + $0) },
                reread: { try await writer.readObjects() })
            recovery = settled.recovery
            try await state.commit(StateCommit(lease: lease, settle: recovery.settled, inventory: recovery.inventory))
            snapshot = settled.snapshot
        }
        try check(plan, against: snapshot, freshlyRead: known == nil)
        var run = Run(applier: self, plan: plan, snapshot: snapshot, lease: lease)
        var report = LiveApplyReport(result: ApplyResult(basis: snapshot.basis, changes: [], tenantHint: identity.defaultDomain))
        report.result.myAccessHost = identity.myAccessHost
        report.recovered = recovery.notes
        do {
            try await run.execute()
        } catch .failed(let address, let reason) {
            report.failure = (address, reason)
        } catch .interrupted {
            report.interrupted = true
        }
        report.result.changes = run.applied
        let attempted = Set(run.applied.map(\.address)).union(report.failure.map { [$0.address] } ?? [])
        report.notAttempted = plan.changes.map(\.address).filter { !attempted.contains($0) && !run.settledAddresses.contains($0) }
        if run.moved {
            try await state.commit(StateCommit(lease: lease, journal: run.journal(report)))
            report.result.basis = StoreBasis(lineage: snapshot.basis.lineage, serial: run.serial)
        }
        return report
    }

    /// Refuses a plan made against another state or an older serial, one that touches what entitle
    /// does not manage, and (read fresh) one whose objects changed in the tenant since.
    func check(_ plan: Plan, against snapshot: StoreSnapshot, freshlyRead: Bool) throws {
        let isNewState = plan.basis.store == LiveTenantTarget.noStateBasis && snapshot.basis.serial == 0 && snapshot.inventory.isEmpty
        if !isNewState {
            guard snapshot.basis.lineage == plan.basis.store.lineage else {
                throw StoreError.stalePlan(expected: "another state (lineage \(plan.basis.store.lineage))", found: snapshot.basis.description)
            }
            guard snapshot.basis == plan.basis.store else {
                throw StoreError.stalePlan(expected: plan.basis.store.description, found: snapshot.basis.description)
            }
        }
        if let mismatch = Reconciler.mismatch(plan, snapshot) { throw StoreError.rejected(reason: mismatch) }
        guard freshlyRead else { return }
        let names = ManagedNames(snapshot: snapshot)
        let live = Dictionary(snapshot.objects.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        for change in plan.changes where [.update, .replace, .delete].contains(change.action) {
            if change.reason == .deletedOutsideEntitle { continue }
            guard let id = change.objectID, let object = live[id] else {
                throw StoreError.rejected(
                    reason: "\(change.address) is no longer in \(writer.location) (it was deleted since the plan was made); run plan again")
            }
            guard names.planForm(object.spec, of: object.kind) == change.before else {
                throw StoreError.rejected(
                    reason: "\(change.address) ('\(object.displayName)') changed in \(writer.location) since the plan was made; run plan again")
            }
        }
    }

    /// One apply under way: the ids it learns as it creates, and what has landed.
    struct Run {
        let applier: LiveTenantApplier
        let plan: Plan
        let lease: Lease
        var names: ManagedNames
        let live: [String: LiveObject]
        /// The serial the apply moves the state to, once something lands.
        let serial: Int
        var moved = false
        var applied: [AppliedChange] = []
        /// Changes that needed no call (a stop of management, an object already gone).
        var settledAddresses: Set<ObjectAddress> = []
        /// Packages created without the incompatibilities that name packages made later in the
        /// same apply: those are added once every package exists.
        var deferred: [(change: PlannedChange, object: LiveObject)] = []

        init(applier: LiveTenantApplier, plan: Plan, snapshot: StoreSnapshot, lease: Lease) {
            self.applier = applier
            self.plan = plan
            self.lease = lease
            self.names = ManagedNames(snapshot: snapshot)
            self.live = Dictionary(snapshot.objects.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
            self.serial = snapshot.basis.serial + 1
        }

        var toolVersion: String { applier.context.toolVersion }

        /// One call to make: the change it belongs to, the step, and its pending record.
        struct Call: Sendable {
            var change: PlannedChange
            var step: TenantStep
            var pending: PendingOperation
            /// A package created without some of its incompatibilities, which follow once every
            /// package exists.
            var isDeferred = false
        }

        /// What one call gave.
        struct CallOutcome: Sendable {
            var index: Int
            var object: LiveObject?
            var error: TenantError?
        }

        /// How many calls are recorded as pending, made and settled together. Calls in one group
        /// are independent, so they run side by side and share `$batch`es.
        static let groupSize = 100

        mutating func execute() async throws(Stop) {
            let upserts = plan.changes.filter { $0.action != .delete }
            for kind in ObjectKind.allCases.sorted() {
                let changes = upserts.filter { $0.address.kind == kind }
                for change in changes where change.action == .import { try await record(change) }
                var calls: [Call] = []
                for change in changes where change.action != .import {
                    calls.append(try upsertCall(change))
                }
                try await run(calls)
                if kind == .accessPackage, !deferred.isEmpty {
                    let waiting = deferred
                    deferred = []
                    try await run(
                        waiting.map { change, object in
                            let step = TenantStep(action: .update, kind: .accessPackage, current: object, spec: names.storeForm(change.after ?? .null))
                            return Call(change: change, step: step, pending: pending(change, step, .update))
                        })
                }
            }
            let removals = plan.changes.filter { $0.action == .delete || $0.action == .replace }
            for kind in ObjectKind.allCases.sorted().reversed() {
                var calls: [Call] = []
                for change in removals where change.address.kind == kind {
                    guard let id = change.objectID, let object = live[id], !object.isBuiltIn else {
                        // Already gone, or built in (entitle only stops managing it).
                        if change.action == .delete {
                            try await commit(StateCommit(lease: lease, inventory: [.remove(change.address)]))
                            settledAddresses.insert(change.address)
                            applied.append(AppliedChange(address: change.address, action: .delete, objectID: change.objectID, displayName: change.displayName))
                        }
                        continue
                    }
                    let step = TenantStep(action: .delete, kind: object.kind, current: object)
                    calls.append(Call(change: change, step: step, pending: pending(change, step, .delete)))
                }
                try await run(calls)
            }
        }

        /// The call that creates, updates or replaces (its create half) the object of `change`.
        func upsertCall(_ change: PlannedChange) throws(Stop) -> Call {
            guard let after = change.after else { throw .failed(change.address, "the plan has no spec for it") }
            if change.action == .update {
                guard let id = change.objectID, let current = live[id] else { throw .failed(change.address, "the object \(change.objectID ?? "") is gone") }
                let step = TenantStep(action: .update, kind: change.address.kind, current: current, spec: names.storeForm(after))
                return Call(change: change, step: step, pending: pending(change, step, .update))
            }
            guard let parentID = parent(of: change.address, spec: after) else {
                throw .failed(change.address, "the object it belongs in was not created")
            }
            var spec = names.storeForm(after)
            var isDeferred = false
            if change.address.kind == .accessPackage { (spec, isDeferred) = Self.withoutUnknownPackages(spec, names: names) }
            var step = TenantStep(action: .create, kind: change.address.kind, parentID: parentID ?? nil, spec: spec)
            step.namesakes = Set(
                live.values.filter { $0.kind == step.kind && $0.parentID == step.parentID && $0.displayName == step.displayName }.map(\.id))
            return Call(change: change, step: step, pending: pending(change, step, .create), isDeferred: isDeferred)
        }

        func pending(_ change: PlannedChange, _ step: TenantStep, _ action: PendingOperation.Action) -> PendingOperation {
            PendingOperation(
                address: change.address, action: action, objectID: step.current?.id, parentID: step.parentID, displayName: step.displayName,
                spec: step.spec, since: applier.context.time)
        }

        /// Records an adoption that needs no call (an import the plan makes).
        mutating func record(_ change: PlannedChange) async throws(Stop) {
            let spec = change.objectID.flatMap { live[$0]?.spec } ?? names.storeForm(change.after ?? .null)
            let entry = InventoryEntry(address: change.address, objectID: change.objectID ?? "", spec: spec, serial: serial, toolVersion: toolVersion)
            try await commit(StateCommit(lease: lease, inventory: [.put(entry)]))
            applied.append(AppliedChange(address: change.address, action: .import, objectID: change.objectID, displayName: change.displayName))
            applier.progress("\(change.address): recorded as applied")
        }

        /// Makes independent calls, a group at a time: each group recorded as pending, made side
        /// by side (every call in flight runs to its end, even after Ctrl-C), then settled. A
        /// failure stops the apply once its group has settled.
        mutating func run(_ calls: [Call]) async throws(Stop) {
            for start in stride(from: 0, to: calls.count, by: Self.groupSize) {
                if applier.stopRequested() { throw .interrupted }
                let group = Array(calls[start..<min(start + Self.groupSize, calls.count)])
                if applier.recordsPending { try await commit(StateCommit(lease: lease, intend: group.map(\.pending))) }
                let writer = applier.writer
                // Not child tasks of the apply: nothing may cut a call off half way.
                // (Plain optionals cross the task boundary: a `Result` with a typed error there was
                // miscompiled in release builds.)
                let outcomes = await Task { () -> [Int: CallOutcome] in
                    await withTaskGroup(of: CallOutcome.self) { tasks in
                        for (index, call) in group.enumerated() {
                            tasks.addTask {
                                do {
                                    return CallOutcome(index: index, object: try await writer.perform(call.step), error: nil)
                                } catch {
                                    return CallOutcome(index: index, object: nil, error: error as? TenantError ?? TenantError("\(error)"))
                                }
                            }
                        }
                        var outcomes: [Int: CallOutcome] = [:]
                        for await outcome in tasks { outcomes[outcome.index] = outcome }
                        return outcomes
                    }
                }.value
                let results: [Result<LiveObject?, TenantError>] = group.indices.map { index in
                    guard let outcome = outcomes[index] else { return .failure(TenantError("the call was not made")) }
                    if let error = outcome.error { return .failure(error) }
                    return .success(outcome.object)
                }
                var inventory: [InventoryWrite] = []
                var settled: [ObjectAddress] = []
                var reintend: [PendingOperation] = []
                var failures: [(ObjectAddress, String)] = []
                var lines: [String] = []
                for (call, result) in zip(group, results) {
                    let change = call.change
                    switch result {
                    case .success(let object) where call.step.action == .delete:
                        settled.append(change.address)
                        let id = call.step.current?.id ?? ""
                        if change.action == .delete {
                            inventory.append(.remove(change.address))
                            applied.append(AppliedChange(address: change.address, action: .delete, objectID: id, displayName: change.displayName))
                            lines.append("\(change.address): deleted (id \(id))")
                        } else {
                            lines.append("\(change.address): deleted the object it replaced (id \(id))")
                        }
                        _ = object
                    case .success(let object?):
                        settled.append(change.address)
                        inventory.append(
                            .put(InventoryEntry(address: change.address, objectID: object.id, spec: object.spec, serial: serial, toolVersion: toolVersion)))
                        if call.step.action == .create {
                            switch change.address {
                            case .catalog(let name): names.record(.catalog, name, object.id)
                            case .accessPackage(let name): names.record(.accessPackage, name, object.id)
                            case .connectedOrganization(let name): names.record(.connectedOrganization, name, object.id)
                            default: break
                            }
                            if call.isDeferred { deferred.append((change, object)) }
                        }
                        if let index = applied.firstIndex(where: { $0.address == change.address }) {
                            applied[index].objectID = object.id
                        } else {
                            applied.append(AppliedChange(address: change.address, action: change.action, objectID: object.id, displayName: change.displayName))
                        }
                        let verb = call.step.action == .update ? "updated" : change.action == .replace ? "created anew" : "created"
                        lines.append("\(change.address): \(verb) (id \(object.id))")
                    case .success(nil):
                        failures.append((change.address, "the object could not be read back"))
                    case .failure(let error):
                        if let id = error.objectID {
                            // Made before a later call failed: recorded, so the next run adopts it
                            // rather than making another.
                            var operation = call.pending
                            operation.objectID = id
                            reintend.append(operation)
                        } else if let status = error.status, (400..<500).contains(status), ![408, 429].contains(status) {
                            // Refused: nothing landed, nothing is left to find out.
                            settled.append(change.address)
                        }
                        failures.append((change.address, error.description))
                    }
                }
                try await commit(StateCommit(lease: lease, intend: reintend, settle: settled, inventory: inventory))
                for line in lines { applier.progress(line) }
                if let first = failures.first {
                    let more =
                        failures.count > 1
                        ? " (and \(failures.count - 1) more change(s) of the same group failed: \(failures.dropFirst().map { "\($0.0)" }.joined(separator: ", ")))"
                        : ""
                    throw .failed(first.0, first.1 + more)
                }
            }
        }

        /// The id of the object `address` is created in; `.some(nil)` for none; `nil` when it
        /// should have one and it is unknown.
        func parent(of address: ObjectAddress, spec: CanonicalValue) -> String?? {
            switch address {
            case .catalogResource(let catalog, _): return names.id(of: .catalog(catalog)).map { .some($0) }
            case .policy(let package, _): return names.id(of: .accessPackage(package)).map { .some($0) }
            case .accessPackage:
                guard case .string(let catalog)? = spec[field: "catalog"] else { return nil }
                return names.id(of: .catalog, named: catalog).map { .some($0) }
            default: return .some(nil)
            }
        }

        /// A package spec without the incompatible packages that have no id yet.
        static func withoutUnknownPackages(_ spec: CanonicalValue, names: ManagedNames) -> (CanonicalValue, Bool) {
            guard case .object(var fields) = spec, let index = fields.firstIndex(where: { $0.name == "incompatibleWith" }),
                case .object(var incompatible) = fields[index].value,
                let packagesIndex = incompatible.firstIndex(where: { $0.name == "accessPackages" })
            else { return (spec, false) }
            let packages = incompatible[packagesIndex].value.elements
            let known = packages.filter { value in
                if case .string(let id) = value { return names.name(ofID: id) != nil }
                return true
            }
            guard known.count != packages.count else { return (spec, false) }
            incompatible[packagesIndex].value = .unordered(known)
            fields[index].value = .object(incompatible)
            return (.object(fields), true)
        }

        /// Writes to the state; the first write that records a landed change moves the serial.
        mutating func commit(_ commit: StateCommit) async throws(Stop) {
            var commit = commit
            if !moved, !commit.inventory.isEmpty {
                commit.serial = serial
            }
            do {
                try await applier.state.commit(commit)
            } catch {
                throw .failed(commit.intend.first?.address ?? commit.settle.first ?? .settings, "recording it in the state failed: \(error)")
            }
            if commit.serial != nil { moved = true }
        }

        /// The journal entry: every change of the plan with its outcome.
        func journal(_ report: LiveApplyReport) -> JournalEntry {
            let landed = Set(applied.map(\.address))
            let changes = plan.changes.map { change -> CanonicalValue in
                let outcome =
                    landed.contains(change.address) ? "applied" : report.failure?.address == change.address ? "failed" : "not attempted"
                return .fields([
                    "address": .string(change.address.description), "action": .string(change.action.rawValue), "outcome": .string(outcome),
                ])
            }
            let summary = report.isComplete ? plan.summary.line : "partial (\(landed.count) of \(plan.changes.count) changes): " + plan.summary.line
            // When it ended, not began: the tenant may take its consistency window from then to
            // show all it wrote (see `WriteVisibility`).
            return JournalEntry(
                serial: serial, appliedAt: ISO8601DateFormatter().string(from: Date()), user: applier.context.user, host: applier.context.host,
                toolVersion: toolVersion, planDigest: PlanFile.digest(of: plan), summary: summary, changes: .list(changes))
        }
    }
}
