import Foundation
import Testing
import _TestSupport

/// `entitle state mv` and `state rm` edit the inventory only, journalled, and the mass-delete guard
/// counts what the plan and `show` count.
@Test func aRenamedNameIsMovedNotDeletedAndTheGuardCountsWhatThePlanAndShowCount() throws {
    let workspace = try Workspace()
    defer { workspace.remove() }
    try workspace.loadDirectory()
    try workspace.expect(["apply", "manifests", "--auto-approve"], status: 0)
    try workspace.edit("external-user-package.yaml", replacing: "name: external-user-package", with: "name: external-users")
    try workspace.expect(["plan", "manifests", "--allow-mass-delete", "--out", "before.plan"], status: 0)

    // The rename alone plans a delete and a create of every renamed object: refused, with counts
    // that match the plan's own summary and show's header.
    let refused = try workspace.expect(["plan", "manifests"], status: 1)
    let forced = try workspace.expect(["plan", "manifests", "--allow-mass-delete", "--format", "json"], status: 0)
    let summary = try #require(try JSONSerialization.jsonObject(with: Data(forced.stdout.utf8)) as? [String: Any])["summary"] as? [String: Any]
    let deletes = try #require(summary?["delete"] as? Int)
    let shown = try workspace.expect(["show"], status: 0).stdout
    let managed = try #require(shown.split(separator: "\n")[1].split(separator: " ").first.flatMap { Int($0) })
    #expect(refused.stderr.contains("the plan deletes \(deletes) of the \(managed) objects entitle manages"), "\(refused.stderr)\n\(shown)")
    #expect(refused.stderr.contains("entitle state mv"))

    let moved = try workspace.expect(["state", "mv", "accessPackage.external-user-package", "accessPackage.external-users"], status: 0)
    #expect(moved.stdout.contains("accessPackage.external-user-package.policy.external-users → accessPackage.external-users.policy.external-users"))
    #expect(try workspace.expect(["plan", "manifests", "--detailed-exitcode"], status: 0).stdout.contains("No changes"))
    // The edit moved the serial: a plan saved before it is stale, and nothing is applied.
    let stale = try workspace.run(["apply", "--plan", "before.plan"])
    #expect(stale.status == 1)
    #expect(stale.stderr.contains("stale plan"), "\(stale.stderr)")
    let history = try workspace.expect(["history", "--limit", "1"], status: 0).stdout
    #expect(history.contains("state mv: accessPackage.external-user-package → accessPackage.external-users"), "\(history)")
}

@Test func stateRmLeavesTheObjectAndStopsManagingItWithItsPolicies() throws {
    let workspace = try Workspace()
    defer { workspace.remove() }
    try workspace.loadDirectory()
    try workspace.expect(["apply", "manifests", "--auto-approve"], status: 0)
    let objects = try workspace.scalar("SELECT count(*) FROM objects")
    let removed = try workspace.expect(["state", "rm", "accessPackage.external-user-package"], status: 0)
    #expect(removed.stdout.contains("Stopped managing 2 objects"), "\(removed.stdout)")
    #expect(try workspace.scalar("SELECT count(*) FROM objects") == objects)
    #expect(try workspace.scalar("SELECT count(*) FROM inventory WHERE address LIKE 'accessPackage.%'") == "0")
    let shown = try workspace.expect(["show"], status: 0).stdout
    #expect(shown.contains("(unmanaged accessPackage)  \"External user package\""), "\(shown)")
    // The manifests still declare it: the plan does not make a second one, it says how to adopt it.
    let plan = try workspace.run(["plan", "manifests"])
    #expect(plan.status == 1)
    #expect(plan.stderr.contains("entitle import accessPackage.external-user-package"), "\(plan.stderr)")
}

@Test(arguments: [
    (["state", "mv", "accessPackage.external-user-package", "catalog.other"], "a accessPackage stays a accessPackage"),
    (["state", "mv", "accessPackage.nothing", "accessPackage.other"], "nothing is managed at accessPackage.nothing"),
    (
        ["state", "mv", "accessPackage.external-user-package.policy.external-users", "accessPackage.other.policy.external-users"],
        "an object stays in accessPackage.external-user-package"
    ),
    (["state", "rm", "catalog.nothing"], "nothing is managed at catalog.nothing"),
])
func aStateEditThatCannotHoldChangesNothing(command: [String], message: String) throws {
    let workspace = try Workspace()
    defer { workspace.remove() }
    try workspace.loadDirectory()
    try workspace.expect(["apply", "manifests", "--auto-approve"], status: 0)
    let before = try workspace.storeBytes()
    let outcome = try workspace.run(command)
    #expect(outcome.status == 1)
    #expect(outcome.stderr.contains(message), "\(outcome.stderr)")
    #expect(outcome.stderr.contains("nothing was changed"))
    #expect(try workspace.storeBytes() == before)
}

@Test func stateMvRefusesAnAddressAlreadyManaged() throws {
    let workspace = try Workspace()
    defer { workspace.remove() }
    try workspace.loadDirectory()
    try workspace.expect(["apply", "manifests", "--auto-approve"], status: 0)
    let outcome = try workspace.run([
        "state", "mv", "accessPackage.external-user-package.policy.external-users", "accessPackage.external-user-package.policy.external-users",
    ])
    #expect(outcome.status == 1)
    #expect(outcome.stderr.contains("is already managed"), "\(outcome.stderr)")
}

@Test func stateMvRefusesAnotherManagedObjectsAddressAndWritesNothing() throws {
    let workspace = try Workspace(copying: "multi-stage-approval")
    defer { workspace.remove() }
    try workspace.loadDirectory()
    try workspace.expect(["apply", "manifests", "--auto-approve"], status: 0)
    let serial = try workspace.scalar("SELECT value FROM meta WHERE key = 'serial'")
    let outcome = try workspace.run(["state", "mv", "accessPackage.payment-initiation", "accessPackage.payment-release"])
    #expect(outcome.status == 1)
    #expect(outcome.stderr.contains("accessPackage.payment-release is already managed"), "\(outcome.stderr)")
    #expect(try workspace.scalar("SELECT value FROM meta WHERE key = 'serial'") == serial)
    try workspace.expect(["plan", "manifests", "--detailed-exitcode"], status: 0)
}

@Test func directoryLoadPruneRemovesWhatTheFileNoLongerListsUnlessItIsInUse() throws {
    let workspace = try Workspace()
    defer { workspace.remove() }
    try workspace.edit("directory.yaml", replacing: "groups:\n", with: "groups:\n  - { displayName: Old project }\n")
    try workspace.loadDirectory()
    try workspace.expect(["apply", "manifests", "--auto-approve"], status: 0)
    #expect(try workspace.scalar("SELECT count(*) FROM directory WHERE display_name = 'Old project'") == "1")
    try workspace.edit("directory.yaml", replacing: "  - { displayName: Old project }\n", with: "")
    // Without --prune a load only adds; with it, the group the file dropped goes.
    try workspace.expect(["directory", "load", "manifests/directory.yaml"], status: 0)
    #expect(try workspace.scalar("SELECT count(*) FROM directory WHERE display_name = 'Old project'") == "1")
    let pruned = try workspace.expect(["directory", "load", "manifests/directory.yaml", "--prune"], status: 0)
    #expect(pruned.stdout.contains("1 removed"), "\(pruned.stdout)")
    #expect(try workspace.scalar("SELECT count(*) FROM directory WHERE display_name = 'Old project'") == "0")
    // A group the managed package grants cannot go: refused, named, nothing written.
    try workspace.edit("directory.yaml", replacing: "External collaboration", with: "Renamed collaboration")
    let before = try workspace.storeBytes()
    let refused = try workspace.expect(["directory", "load", "manifests/directory.yaml", "--prune"], status: 1)
    #expect(refused.stderr.contains("group 'External collaboration' (used by"), "\(refused.stderr)")
    #expect(refused.stderr.contains("accessPackage.external-user-package"))
    #expect(refused.stderr.contains("nothing was changed"))
    #expect(try workspace.storeBytes() == before)
}
