import Diagnostics
import Engine
import EntitlementModel
import Planner
import Store
import Testing
import _StoreConformance

private func organization(_ name: String, displayName: String) -> String {
    """
    apiVersion: entitle/v1
    kind: ConnectedOrganization
    metadata:
      name: \(name)
    spec:
      displayName: \(displayName)
      identitySources:
        - domain: \(name).example
          displayName: \(displayName)
    """
}

private func packageAdmitting(_ organization: String) -> String {
    Manifest.package(
        policies: Manifest.policy(scope: "specificConnectedOrganizationUsers").replacingOccurrences(
            of: "scope: specificConnectedOrganizationUsers",
            with: "scope: specificConnectedOrganizationUsers\n        specific: [{ connectedOrganization: \(organization) }]"))
}

@Test func aConnectedOrganizationIsFoundByManifestNameBeforeDisplayName() async throws {
    let scenario = try await Scenario.make()
    // b's display name is a's manifest name: the reference means a.
    let files = ["a.yaml": organization("a", displayName: "Alpha"), "b.yaml": organization("b", displayName: "a"), "p.yaml": packageAdmitting("a")]
    let plan = try #require(try await scenario.plan(files).plan)
    let policy = try #require(plan.changes.first { $0.address.kind == .policy }?.after)
    #expect(policy[field: "requestors"]?[field: "specific"] == .unordered([.fields(["connectedOrganization": .string("a")])]))
}

@Test func aDisplayNameSharedByTwoConnectedOrganizationsIsAmbiguous() async throws {
    let scenario = try await Scenario.make()
    let files = ["a.yaml": organization("a", displayName: "Twin"), "b.yaml": organization("b", displayName: "Twin"), "p.yaml": packageAdmitting("Twin")]
    let outcome = try await scenario.plan(files)
    #expect(outcome.plan == nil)
    #expect(outcome.diagnostics.map(\.id) == [.referenceAmbiguous])
    #expect(outcome.diagnostics.first?.hints.first == "refer to one by its manifest name: a, b")
}

@Test func objectsReferringToAReplacedObjectAreRewrittenInTheSameApply() async throws {
    var scenario = try await Scenario.make()
    let a = Manifest.package("a").replacingOccurrences(of: "  resourceRoles:", with: "  incompatibleWith:\n    accessPackages: [b]\n  resourceRoles:")
    try await scenario.apply(["c.yaml": Manifest.catalog("marketing"), "a.yaml": a, "b.yaml": Manifest.package("b")])
    let moved = ["c.yaml": Manifest.catalog("marketing"), "a.yaml": a, "b.yaml": Manifest.package("b", catalog: "marketing")]
    let plan = try await scenario.apply(moved)
    #expect(plan.changes.contains { $0.address == .accessPackage("a") && $0.action == .update && $0.reason == .refersToReplacedObject })
    #expect(try await scenario.plan(moved).plan?.changes == [])
}

@Test func objectsReferringToARecreatedObjectAreRewrittenInTheSameApply() async throws {
    let store = InMemoryStore(lineage: "l", generalCatalogID: "g", settingsID: "s")
    var scenario = try await Scenario.make(store: store)
    let files = ["a.yaml": organization("a", displayName: "Alpha"), "p.yaml": packageAdmitting("a")]
    try await scenario.apply(files)
    store.modifyOutOfBand { objects in objects = objects.filter { $0.value.kind != .connectedOrganization } }
    let plan = try await scenario.apply(files)
    #expect(plan.changes.map(\.action) == [.create, .update])
    #expect(try await scenario.plan(files).plan?.changes == [])
}

@Test func everyStoredPackageHasItsCatalogAsParent() async throws {
    var scenario = try await Scenario.make()
    try await scenario.apply(["c.yaml": Manifest.catalog("marketing"), "a.yaml": Manifest.package("a", catalog: "marketing"), "b.yaml": Manifest.package("b")])
    let snapshot = try await scenario.store.snapshot()
    let catalogs = Dictionary(snapshot.objects.filter { $0.kind == .catalog }.map { ($0.id, $0.displayName) }, uniquingKeysWith: { a, _ in a })
    let parents = snapshot.objects.filter { $0.kind == .accessPackage }.map { catalogs[$0.parentID ?? ""] }
    #expect(parents.sorted { ($0 ?? "") < ($1 ?? "") } == ["Catalog marketing", "General"])
}

@Test func aPlanThatTouchesWhatEntitleDoesNotManageIsRefused() async throws {
    let store = InMemoryStore(lineage: "l", generalCatalogID: "g", settingsID: "s")
    var scenario = try await Scenario.make(store: store)
    try await scenario.apply(["c.yaml": Manifest.catalog("marketing")])
    let snapshot = try await store.snapshot()
    let forged = Plan(
        toolVersion: "x", basis: PlanBasis(store: snapshot.basis, desiredDigest: "d"),
        changes: [PlannedChange(address: .catalog("hr"), action: .delete, objectID: "g", displayName: "General")], unchangedCount: 0)
    await #expect {
        _ = try await Reconciler.apply(forged, to: store, context: scenario.context())
    } throws: { error in
        guard case StoreError.rejected(let reason) = error else { return false }
        return reason.contains("which entitle does not manage")
    }
    #expect(try await store.snapshot().objects.count == snapshot.objects.count)
}

@Test func importRefusesBuiltInObjectsAndPoliciesOfOtherPackages() async throws {
    let store = InMemoryStore(lineage: "l", generalCatalogID: "general-catalog", settingsID: "tenant-settings")
    var scenario = try await Scenario.make(store: store)
    try await scenario.apply(["a.yaml": Manifest.package("a")])
    let context = scenario.context()
    await #expect(throws: ImportRefusal.builtIn("general-catalog")) {
        _ = try await Importer.adopt(.catalog("general"), objectID: "general-catalog", store: store, context: context)
    }
    let policy = try #require(try await store.snapshot().inventory.first { $0.address.kind == .policy })
    store.modifyOutOfBand { _ in }
    await #expect(throws: ImportRefusal.self) {
        _ = try await Importer.adopt(.policy(package: "other", policy: "p"), objectID: policy.objectID, store: store, context: context)
    }
    _ = try await Importer.adopt(.settings, objectID: "tenant-settings", store: store, context: context)
}
