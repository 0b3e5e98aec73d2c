import Diagnostics
import Engine
import EntitlementModel
import Planner
import Store
import Testing
import _StoreConformance

private func addresses(_ plan: Plan?) -> [String] { plan?.changes.map { "\($0.action.symbol) \($0.address)" } ?? [] }

@Test func createsComeInDependencyOrderAndDeletesInReverse() async throws {
    var scenario = try await Scenario.make()
    let files = [
        "catalog.yaml": Manifest.catalog("marketing"),
        "pkg.yaml": Manifest.package("pkg", catalog: "marketing", policies: Manifest.policy("a") + "\n" + Manifest.policy("b", scope: "allMemberUsers")),
    ]
    let created = try await scenario.apply(files)
    let resource = try #require(created.changes.first { $0.address.kind == .catalogResource }).address
    #expect(
        addresses(created) == [
            "+ catalog.marketing", "+ \(resource)", "+ accessPackage.pkg", "+ accessPackage.pkg.policy.a", "+ accessPackage.pkg.policy.b",
        ])
    let removal = try await scenario.plan(["other.yaml": Manifest.catalog("other")], options: PlanOptions(allowMassDelete: true))
    #expect(
        addresses(removal.plan) == [
            "- accessPackage.pkg.policy.a", "- accessPackage.pkg.policy.b", "- accessPackage.pkg", "- \(resource)", "- catalog.marketing",
            "+ catalog.other",
        ])
}

@Test func whatWasAppliedPlansClean() async throws {
    var scenario = try await Scenario.make()
    // Sets written in any order, durations in any unit: no perpetual diff.
    let files = ["pkg.yaml": Manifest.package(policies: Manifest.policy(approvers: "[internalSponsors, { user: megan@woodgrove.example }, manager]"))]
    try await scenario.apply(files)
    let reordered = ["pkg.yaml": Manifest.package(policies: Manifest.policy(approvers: "[manager, { user: megan@woodgrove.example }, internalSponsors]"))]
    let again = try await scenario.plan(reordered)
    #expect(again.plan?.changes == [])
    #expect(again.plan?.unchangedCount == 3)
}

@Test func oneChangedFieldIsOneUpdateWithItsPath() async throws {
    var scenario = try await Scenario.make()
    try await scenario.apply(["pkg.yaml": Manifest.package()])
    let plan = try #require(try await scenario.plan(["pkg.yaml": Manifest.package(policies: Manifest.policy(expiry: "90d"))]).plan)
    #expect(addresses(plan) == ["~ accessPackage.pkg.policy.pol"])
    #expect(plan.changes.first?.fieldChanges == [FieldChange(path: "expiration.after", before: .string("P60D"), after: .string("P90D"))])
}

@Test func aStageFieldChangeHasAnIndexedPath() async throws {
    var scenario = try await Scenario.make()
    try await scenario.apply(["pkg.yaml": Manifest.package()])
    let changed = Manifest.package(policies: Manifest.policy().replacingOccurrences(of: "decisionWithin: 14d", with: "decisionWithin: 7d"))
    let plan = try #require(try await scenario.plan(["pkg.yaml": changed]).plan)
    #expect(plan.changes.first?.fieldChanges.map(\.path) == ["approval.stages[0].decisionWithin"])
}

@Test func removingABlockRemovesTheSetting() async throws {
    var scenario = try await Scenario.make()
    let reviews = """
              accessReviews:
                recurrence: quarterly
                reviewers: [manager]
                fallbackReviewers: [{ user: megan@woodgrove.example }]
                starting: 2027-01-01
        """
    try await scenario.apply(["pkg.yaml": Manifest.package(policies: Manifest.policy(extra: reviews))])
    let plan = try #require(try await scenario.plan(["pkg.yaml": Manifest.package()]).plan)
    let change = try #require(plan.changes.first)
    #expect(change.action == .update)
    #expect(change.fieldChanges.map(\.path) == ["accessReviews"])
    #expect(change.fieldChanges.first?.after == .null)
    #expect(change.fieldChanges.first?.before != .null)
}

@Test func movingAPackageToAnotherCatalogReplacesItAndItsPolicies() async throws {
    var scenario = try await Scenario.make()
    try await scenario.apply(["c.yaml": Manifest.catalog("marketing"), "pkg.yaml": Manifest.package()])
    let plan = try #require(try await scenario.plan(["c.yaml": Manifest.catalog("marketing"), "pkg.yaml": Manifest.package(catalog: "marketing")]).plan)
    let replaces = plan.changes.filter { $0.action == .replace }
    #expect(replaces.map(\.address.description) == ["accessPackage.pkg", "accessPackage.pkg.policy.pol"])
    #expect(replaces.map(\.reason) == [.catalogChanged, .packageReplaced])
    // The old catalog resource goes (nothing in General uses it); the new catalog gets its own.
    #expect(plan.changes.contains { $0.action == .delete && $0.address.kind == .catalogResource && $0.reason == .noLongerUsed })
    #expect(plan.changes.contains { $0.action == .create && $0.address.description.hasPrefix("catalog.marketing.resource.") })
    try await scenario.apply(["c.yaml": Manifest.catalog("marketing"), "pkg.yaml": Manifest.package(catalog: "marketing")])
    let after = try await scenario.plan(["c.yaml": Manifest.catalog("marketing"), "pkg.yaml": Manifest.package(catalog: "marketing")])
    #expect(after.plan?.changes == [])
}

@Test func aPolicyMovingBetweenInternalAndExternalScopesIsReplaced() async throws {
    var scenario = try await Scenario.make()
    try await scenario.apply(["pkg.yaml": Manifest.package()])
    let plan = try #require(try await scenario.plan(["pkg.yaml": Manifest.package(policies: Manifest.policy(scope: "allMemberUsers"))]).plan)
    #expect(plan.changes.map(\.action) == [.replace])
    #expect(plan.changes.first?.reason == .scopeCrossesInternalExternal)
    #expect(plan.changes.first?.fieldChanges.map(\.path) == ["requestors.scope"])
}

@Test func aCreateCollidingWithAnUnmanagedObjectIsRefusedWithTheImportCommand() async throws {
    let store = InMemoryStore(lineage: "l", generalCatalogID: "general-catalog", settingsID: "s")
    let scenario = try await Scenario.make(store: store)
    let basis = try await store.snapshot().basis
    let unmanaged = LiveObject(id: "portal-made", kind: .accessPackage, parentID: "general-catalog", displayName: "Package pkg", spec: .fields([:]))
    _ = try await store.apply(
        ApplyBatch(
            basis: basis, objects: [.create(unmanaged)], inventory: [],
            journal: JournalEntry(appliedAt: "t", user: "u", host: "h", toolVersion: "v", planDigest: "d", summary: "s", changes: .list([]))))
    let outcome = try await scenario.plan(["pkg.yaml": Manifest.package()])
    #expect(outcome.plan == nil)
    let diagnostic = try #require(outcome.diagnostics.first { $0.id == .planUnmanagedCollision })
    #expect(diagnostic.location?.file == "pkg.yaml")
    #expect(diagnostic.location?.range?.start.line == 4)
    #expect(diagnostic.hints.contains("adopt the existing one: entitle import accessPackage.pkg portal-made"))
}

@Test func aPackageWithActiveAssignmentsCannotBeDeleted() async throws {
    let store = InMemoryStore(lineage: "l", generalCatalogID: "g", settingsID: "s")
    var scenario = try await Scenario.make(store: store)
    try await scenario.apply(["pkg.yaml": Manifest.package(), "other.yaml": Manifest.package("other")])
    let package = try #require(try await store.snapshot().inventory.first { $0.address == .accessPackage("pkg") })
    store.setActiveAssignments(3, for: package.objectID)
    let outcome = try await scenario.plan(["other.yaml": Manifest.package("other")], options: PlanOptions(allowMassDelete: true))
    #expect(outcome.plan == nil)
    let diagnostic = try #require(outcome.diagnostics.first { $0.id == .planActiveAssignments })
    #expect(diagnostic.message.contains("accessPackage.pkg") && diagnostic.message.contains("3 active assignments"))
}

@Test func theDeleteGuardCountsAgainstMaxDeletesAndHalfTheInventory() async throws {
    var scenario = try await Scenario.make()
    var files: [String: String] = [:]
    for index in 0..<6 { files["p\(index).yaml"] = Manifest.package("p\(index)") }
    try await scenario.apply(files)  // 12 managed objects besides the catalog resource
    var fewer = files
    for index in 0..<3 { fewer["p\(index).yaml"] = nil }
    // 6 deletes of 12: not more than half, not more than 10.
    #expect(try await scenario.plan(fewer).plan?.summary.delete == 6)
    fewer["p3.yaml"] = nil
    // 8 deletes of 12: more than half.
    let refused = try await scenario.plan(fewer)
    #expect(refused.plan == nil && refused.diagnostics.map(\.id) == [.planMassDelete])
    #expect(try await scenario.plan(fewer, options: PlanOptions(allowMassDelete: true)).plan?.summary.delete == 8)
    // 2 deletes, over --max-deletes 1.
    let overMax = try await scenario.plan(files.filter { $0.key != "p0.yaml" }, options: PlanOptions(maxDeletes: 1))
    #expect(overMax.plan == nil && overMax.diagnostics.map(\.id) == [.planMassDelete])
    #expect(overMax.diagnostics.first?.message.contains("more than --max-deletes (1)") == true)
}

@Test func catalogResourcesComeAndGoWithThePackagesThatUseThem() async throws {
    var scenario = try await Scenario.make()
    let twoRoles = "    - { group: External collaboration, role: Member }\n    - { application: Payroll, role: Reader }"
    let first = try await scenario.apply(["pkg.yaml": Manifest.package(roles: twoRoles)])
    #expect(first.changes.filter { $0.address.kind == .catalogResource }.count == 2)
    let second = try #require(try await scenario.plan(["pkg.yaml": Manifest.package()]).plan)
    #expect(second.changes.map(\.action) == [.delete, .update])
    #expect(second.changes.first?.displayName == "Payroll")
}

@Test func unknownAndAmbiguousNamesPointAtTheManifest() async throws {
    let scenario = try await Scenario.make()
    let files = [
        "pkg.yaml": Manifest.package(
            roles: "    - { group: External colaboration, role: Member }",
            policies: Manifest.policy(approvers: "[{ user: Alex Wilber }]"))
    ]
    let outcome = try await scenario.plan(files)
    #expect(outcome.plan == nil)
    let unknown = try #require(outcome.diagnostics.first { $0.id == .referenceUnknownDirectoryObject })
    #expect(unknown.location?.file == "pkg.yaml" && unknown.location?.range?.start.line == 9)
    #expect(unknown.hints.first == "did you mean 'External collaboration'?")
    let ambiguous = try #require(outcome.diagnostics.first { $0.id == .referenceAmbiguous })
    #expect(ambiguous.message.contains("user 'Alex Wilber' matches 2 users"))
    #expect(ambiguous.hints.first?.contains("alex.w@woodgrove.example") == true)
}

@Test func aRoleTheResourceDoesNotOfferIsADiagnostic() async throws {
    let scenario = try await Scenario.make()
    let outcome = try await scenario.plan(["pkg.yaml": Manifest.package(roles: "    - { group: All staff, role: Member }")])
    let diagnostic = try #require(outcome.diagnostics.first { $0.id == .referenceUnknownRole })
    #expect(diagnostic.hints.contains { $0.contains("dynamic group") })
}

@Test func settingsAreAdoptedNotCreated() async throws {
    var scenario = try await Scenario.make()
    let settings = """
        apiVersion: entitle/v1
        kind: EntitlementSettings
        metadata:
          name: tenant
        spec:
          externalUserLifecycle: blockSignIn
        """
    let plan = try await scenario.apply(["s.yaml": settings])
    #expect(plan.changes.map(\.action) == [.update])
    #expect(plan.changes.first?.objectID == "tenant-settings")
    #expect(try await scenario.plan(["s.yaml": settings]).plan?.changes == [])
}

@Test func anObjectDeletedOutsideEntitleIsCreatedAgain() async throws {
    let store = InMemoryStore(lineage: "l", generalCatalogID: "g", settingsID: "s")
    var scenario = try await Scenario.make(store: store)
    try await scenario.apply(["c.yaml": Manifest.catalog("marketing")])
    store.modifyOutOfBand { objects in objects = objects.filter { $0.value.kind != .catalog || $0.value.isBuiltIn } }
    let plan = try #require(try await scenario.plan(["c.yaml": Manifest.catalog("marketing")]).plan)
    #expect(plan.changes.map(\.action) == [.create] && plan.changes.first?.reason == .deletedOutsideEntitle)
}
