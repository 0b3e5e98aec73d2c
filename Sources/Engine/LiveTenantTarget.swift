import EntitlementModel
import Foundation
import Planner
import Store

/// A live tenant (Microsoft Graph) with the state store that records what entitle manages in it,
/// read side by side into the one snapshot the planner and the drift detector take: objects from
/// the tenant; lineage, serial and inventory from the state; directory objects looked up by the
/// names the manifests use.
public struct LiveTenantTarget: Sendable {
    /// The tenant.
    public let tenant: any LiveTenant
    /// Who the tenant is.
    public let identity: TenantIdentity
    /// entitle's record of what it manages there; `nil` before anything created one (then
    /// nothing is managed yet: what `export` of a tenant being onboarded sees).
    public let state: (any StateStore)?
    /// Told what settling an earlier apply that was cut off finds (see `PendingRecovery`).
    public let notify: @Sendable (String) -> Void

    /// Pairs `tenant` with `state`, refusing a state that belongs to another tenant or is an
    /// embedded store (a local tenant of its own).
    public init(
        tenant: any LiveTenant, identity: TenantIdentity, state: (any StateStore)?, notify: @escaping @Sendable (String) -> Void = { _ in }
    ) async throws {
        self.tenant = tenant
        self.identity = identity
        self.state = state
        self.notify = notify
        guard let state else { return }
        let bound = try await state.boundTenant()
        guard let bound else {
            throw TenantError(
                "\(state.location) is an embedded store (a local tenant of its own), not the state of \(tenant.location); give --state another URL")
        }
        guard bound.lowercased() == identity.id.lowercased() else {
            throw TenantError(
                "\(state.location) keeps the state of tenant \(bound), but \(tenant.location) is tenant \(identity.id) (\(identity.defaultDomain)); a state belongs to one tenant: give --state the URL of this tenant's state"
            )
        }
    }

    /// The basis of a tenant with no state yet.
    public static let noStateBasis = StoreBasis(lineage: "none", serial: 0)

    /// The snapshot to plan `desired` against (or, without `desired`, to show or export), with
    /// every directory object the live objects refer to named when `namingReferences` is set.
    public func snapshot(for desired: DesiredState?, namingReferences: Bool = false) async throws -> StoreSnapshot {
        let wanted = Set((desired?.referenceSites.keys).map(Array.init) ?? []).filter { Self.directoryKinds.contains($0.kind) }
        let state = self.state
        async let stateRead = state?.snapshot() ?? StoreSnapshot(basis: Self.noStateBasis)
        async let objectsRead = tenant.readObjects()
        async let lookedUp = wanted.isEmpty ? [] : tenant.lookUp(wanted)
        var snapshot = try await stateRead
        snapshot.objects = try await objectsRead
        snapshot.directory = try await lookedUp
        snapshot.directorySource = .tenant(tenant.location)
        if let state {
            // Managed objects missing moments after an apply, or while one is under way, may not
            // show yet: read again rather than plan them again. A lease left by an apply that was
            // cut off says when its writes stopped.
            let tenant = self.tenant
            snapshot = try await WriteVisibility.settle(
                snapshot, window: tenant.consistencyWindow,
                cutOff: { try await state.currentLease().flatMap { $0.isVacant() ? Date(timeIntervalSince1970: $0.expires) : nil } },
                journal: { try await state.journal() }, notify: notify, reread: { try await tenant.readObjects() })
        }
        if !snapshot.pending.isEmpty {
            // An apply was cut off: plan and drift see the tenant as the next apply will once it
            // has settled what is pending (it records that; reading commands write nothing).
            let tenant = self.tenant
            var window = tenant.consistencyWindow
            if let holder = try await state?.currentLease(), !holder.isVacant() {
                // Not cut off: under way. Its calls are settled as it goes; nothing is waited for.
                notify(
                    "an apply to \(tenant.location) is under way (\(holder)) with \(snapshot.pending.count) call(s) in flight; this reads the tenant as it is now:"
                )
                window = 0
            } else {
                notify("an apply to \(tenant.location) was cut off with \(snapshot.pending.count) call(s) unsettled; the next apply records what they did:")
            }
            let settled = try await PendingRecovery.settle(
                snapshot, toolVersion: "", window: window, notify: notify, reread: { try await tenant.readObjects() })
            for note in settled.recovery.notes { notify("  " + note) }
            snapshot = settled.snapshot
        }
        if namingReferences {
            let known = Set(snapshot.directory.map(\.id))
            var ids = Set<String>()
            for object in snapshot.objects {
                for reference in ReferenceRewriter.references(in: object.spec) where Self.directoryKinds.contains(reference.kind) {
                    if !known.contains(reference.name) { ids.insert(reference.name) }
                }
            }
            if !ids.isEmpty { snapshot.directory += try await tenant.directoryObjects(ids: ids) }
        }
        return snapshot
    }

    static let directoryKinds: Set<Reference.Kind> = [.user, .group, .application, .servicePrincipal, .site]
}
