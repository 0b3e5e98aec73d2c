import Foundation
import Testing
import _TestSupport

@Test func theTutorialEndToEnd() throws {
    let workspace = try Workspace()
    defer { workspace.remove() }
    try workspace.loadDirectory()

    // plan lists the creates in dependency order.
    let plan = try workspace.expect(["plan", "manifests"], status: 0)
    let created = plan.stdout.split(separator: "\n").filter { $0.hasPrefix("  + ") }.map { $0.split(separator: " ")[1] }
    #expect(created.count == 3)
    #expect(created.first?.hasPrefix("catalog.General.resource.") == true)
    #expect(Array(created.dropFirst()) == ["accessPackage.external-user-package", "accessPackage.external-user-package.policy.external-users"])
    #expect(plan.stdout.contains("Plan: 3 to create, 0 to update, 0 to replace, 0 to delete."))

    // apply creates them and prints the My Access link.
    let apply = try workspace.expect(["apply", "manifests", "--auto-approve"], status: 0)
    #expect(apply.stdout.contains("Apply complete: 3 created, 0 updated, 0 replaced, 0 deleted. Store serial is now 1."))
    let packageID = try #require(try workspace.scalar("SELECT object_id FROM inventory WHERE address = 'accessPackage.external-user-package'"))
    #expect(apply.stdout.contains("External user package: https://myaccess.microsoft.com/@woodgrove.example#/access-packages/\(packageID)"))
    try workspace.expect(["plan", "manifests", "--detailed-exitcode"], status: 0)
    // Every package, policy and catalog resource lives in its parent.
    #expect(try workspace.scalar("SELECT count(*) FROM objects WHERE kind IN ('accessPackage', 'policy', 'catalogResource') AND parent_id IS NULL") == "0")

    // 60d → 90d is exactly one update of one field.
    try workspace.edit("external-user-package.yaml", replacing: "after: 60d", with: "after: 90d")
    let update = try workspace.expect(["plan", "manifests", "--detailed-exitcode", "--format", "json"], status: 2)
    let json = try #require(try JSONSerialization.jsonObject(with: Data(update.stdout.utf8)) as? [String: Any])
    let changes = try #require(json["changes"] as? [[String: Any]])
    #expect(changes.count == 1)
    #expect(changes.first?["action"] as? String == "update")
    #expect(changes.first?["address"] as? String == "accessPackage.external-user-package.policy.external-users")
    let fields = try #require(changes.first?["fieldChanges"] as? [[String: Any]])
    #expect(fields.map { $0["path"] as? String } == ["expiration.after"])
    #expect(fields.first?["before"] as? String == "P60D" && fields.first?["after"] as? String == "P90D")
    try workspace.expect(["apply", "manifests", "--auto-approve"], status: 0)
    try workspace.expect(["plan", "manifests", "--detailed-exitcode"], status: 0)

    // Removing the package deletes policy, package, then the catalog resource.
    try FileManager.default.removeItem(at: workspace.manifests.appendingPathComponent("external-user-package.yaml"))
    let refused = try workspace.expect(["plan", "manifests"], status: 1)
    #expect(refused.stderr.contains("E-PLAN-MASS-DELETE"))
    let removal = try workspace.expect(["plan", "manifests", "--allow-mass-delete"], status: 0)
    let deleted = removal.stdout.split(separator: "\n").filter { $0.hasPrefix("  - ") }.map { $0.split(separator: " ")[1] }
    #expect(deleted.count == 3)
    #expect(Array(deleted.prefix(2)) == ["accessPackage.external-user-package.policy.external-users", "accessPackage.external-user-package"])
    #expect(deleted.last?.hasPrefix("catalog.General.resource.") == true)
    try workspace.expect(["apply", "manifests", "--allow-mass-delete", "--auto-approve"], status: 0)

    // Only the built-in objects remain.
    let show = try workspace.expect(["show", "--format", "json"], status: 0)
    let store = try #require(try JSONSerialization.jsonObject(with: Data(show.stdout.utf8)) as? [String: Any])
    let objects = try #require(store["objects"] as? [[String: Any]])
    #expect(objects.map { $0["displayName"] as? String } == ["General", "Entitlement management settings"])
    #expect(objects.allSatisfy { $0["builtIn"] as? Bool == true })
    #expect((store["inventory"] as? [Any])?.isEmpty == true)
    #expect(try workspace.scalar("SELECT count(*) FROM journal") == "3")
}

@Test func aStalePlanIsRefusedAndWritesNothing() throws {
    let workspace = try Workspace()
    defer { workspace.remove() }
    try workspace.loadDirectory()
    try workspace.expect(["plan", "manifests", "--out", "first.plan"], status: 0)
    try workspace.expect(["plan", "manifests", "--out", "second.plan"], status: 0)
    try workspace.expect(["apply", "--plan", "first.plan"], status: 0)
    let before = try workspace.storeBytes()
    let stale = try workspace.expect(["apply", "--plan", "second.plan"], status: 1)
    #expect(stale.stderr.contains("stale plan"))
    #expect(try workspace.storeBytes() == before)
}

@Test func aModifiedPlanFileIsRefused() throws {
    let workspace = try Workspace()
    defer { workspace.remove() }
    try workspace.loadDirectory()
    try workspace.expect(["plan", "manifests", "--out", "saved.plan"], status: 0)
    let url = workspace.root.appendingPathComponent("saved.plan")
    let text = try String(contentsOf: url, encoding: .utf8)
    try Data(text.replacingOccurrences(of: "P60D", with: "P600D").utf8).write(to: url)
    let before = try workspace.storeBytes()
    let outcome = try workspace.expect(["apply", "--plan", "saved.plan"], status: 1)
    #expect(outcome.stderr.contains("modified after it was written"))
    #expect(try workspace.storeBytes() == before)
}

@Test func aPlanFileOfAnotherFormatIsRefusedAsStale() throws {
    let workspace = try Workspace()
    defer { workspace.remove() }
    try workspace.loadDirectory()
    try workspace.expect(["plan", "manifests", "--out", "saved.plan"], status: 0)
    let url = workspace.root.appendingPathComponent("saved.plan")
    let text = try String(contentsOf: url, encoding: .utf8)
    try Data(text.replacingOccurrences(of: "\"formatVersion\": \"1.1\"", with: "\"formatVersion\": \"2.0\"").utf8).write(to: url)
    let outcome = try workspace.expect(["apply", "--plan", "saved.plan"], status: 1)
    #expect(outcome.stderr.contains("stale plan") && outcome.stderr.contains("2.0"))
}

@Test func showRendersASavedPlanInEveryFormat() throws {
    let workspace = try Workspace()
    defer { workspace.remove() }
    try workspace.loadDirectory()
    let text = try workspace.expect(["plan", "manifests", "--out", "saved.plan"], status: 0)
    #expect(try workspace.expect(["show", "--plan", "saved.plan"], status: 0).stdout == text.stdout)
    let json = try workspace.expect(["plan", "manifests", "--format", "json"], status: 0)
    #expect(try workspace.expect(["show", "--plan", "saved.plan", "--format", "json"], status: 0).stdout == json.stdout)
    let markdown = try workspace.expect(["show", "--plan", "saved.plan", "--format", "markdown"], status: 0)
    #expect(markdown.stdout.hasPrefix("### entitle plan: 3 to create"))
}

@Test func applyOutsideATerminalNeedsAutoApproveAndWritesNothing() throws {
    let workspace = try Workspace()
    defer { workspace.remove() }
    let outcome = try workspace.expect(["apply", "manifests"], status: 1)
    #expect(outcome.stderr.contains("--auto-approve"))
    #expect(!FileManager.default.fileExists(atPath: workspace.storePath))
}

@Test func directoryLoadIsIdempotentAndTheStoreIsPrivate() throws {
    let workspace = try Workspace()
    defer { workspace.remove() }
    let first = try workspace.expect(["directory", "load", "manifests/directory.yaml"], status: 0)
    #expect(first.stdout.contains("3 added, 0 updated, 0 unchanged"))
    let ids = try workspace.scalar("SELECT group_concat(id) FROM (SELECT id FROM directory ORDER BY id)")
    let second = try workspace.expect(["directory", "load", "manifests/directory.yaml"], status: 0)
    #expect(second.stdout.contains("0 added, 0 updated, 3 unchanged"))
    #expect(try workspace.scalar("SELECT group_concat(id) FROM (SELECT id FROM directory ORDER BY id)") == ids)
    let attributes = try FileManager.default.attributesOfItem(atPath: workspace.storePath)
    #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
}

@Test func aCollisionWithAnUnmanagedPackageIsResolvedByImport() throws {
    let workspace = try Workspace()
    defer { workspace.remove() }
    try workspace.loadDirectory()
    try workspace.expect(["show"], status: 0)  // creates the store
    let general = try #require(try workspace.scalar("SELECT id FROM objects WHERE built_in = 1 AND kind = 'catalog'"))
    try workspace.sql(
        """
        INSERT INTO objects (id, kind, parent_id, display_name, spec)
        VALUES ('made-in-portal', 'accessPackage', '\(general)', 'External user package', '{"displayName":"External user package"}')
        """)
    let refused = try workspace.expect(["plan", "manifests"], status: 1)
    #expect(refused.stderr.contains("error[E-PLAN-UNMANAGED-COLLISION]"))
    #expect(refused.stderr.contains("manifests/external-user-package.yaml:8:9"))
    #expect(refused.stderr.contains("entitle import accessPackage.external-user-package made-in-portal"))
    try workspace.expect(["import", "accessPackage.external-user-package", "made-in-portal"], status: 0)
    let plan = try workspace.expect(["plan", "manifests"], status: 0)
    #expect(plan.stdout.contains("~ accessPackage.external-user-package \"External user package\""))
    #expect(plan.stdout.contains("Plan: 2 to create, 1 to update, 0 to replace, 0 to delete."))
    let again = try workspace.expect(["import", "accessPackage.external-user-package", "made-in-portal"], status: 1)
    #expect(again.stderr.contains("already managed"))
    try workspace.expect(["import", "accessPackage.nope", "no-such-id"], status: 1)
    try workspace.expect(["import", "not-an-address", "x"], status: 64)
}

@Test func aPackageWithActiveAssignmentsIsNotDeleted() throws {
    let workspace = try Workspace()
    defer { workspace.remove() }
    try workspace.loadDirectory()
    try workspace.expect(["apply", "manifests", "--auto-approve"], status: 0)
    let package = try #require(try workspace.scalar("SELECT object_id FROM inventory WHERE address = 'accessPackage.external-user-package'"))
    try workspace.sql("INSERT INTO assignments (id, access_package_id, target_id) VALUES ('a1', '\(package)', 'someone')")
    try FileManager.default.removeItem(at: workspace.manifests.appendingPathComponent("external-user-package.yaml"))
    let before = try workspace.storeBytes()
    let outcome = try workspace.expect(["apply", "manifests", "--auto-approve", "--allow-mass-delete"], status: 1)
    #expect(outcome.stderr.contains("error[E-PLAN-ACTIVE-ASSIGNMENTS]"))
    #expect(outcome.stderr.contains("has 1 active assignment"))
    #expect(try workspace.storeBytes() == before)
}

@Test func aLargeMarkdownPlanStaysUnderGitHubsCommentLimit() throws {
    let workspace = try Workspace()
    defer { workspace.remove() }
    try workspace.loadDirectory()
    let template = try String(contentsOf: workspace.manifests.appendingPathComponent("external-user-package.yaml"), encoding: .utf8)
    for index in 0..<150 {
        let text = template.replacingOccurrences(of: "name: external-user-package", with: "name: package-\(index)")
            .replacingOccurrences(of: "displayName: External user package", with: "displayName: Package \(index)")
        try Data(text.utf8).write(to: workspace.manifests.appendingPathComponent("package-\(index).yaml"))
    }
    let outcome = try workspace.expect(["plan", "manifests", "--format", "markdown"], status: 0)
    #expect(outcome.stdout.hasPrefix("### entitle plan: 303 to create, 0 to update, 0 to replace, 0 to delete\n"))
    #expect(outcome.stdout.count < 65_536)
    #expect(outcome.stdout.contains("left out to stay under GitHub's comment size limit"))
    let text = try workspace.expect(["plan", "manifests"], status: 0)
    #expect(text.stdout.contains("accessPackage.package-99.policy.external-users"))
}

@Test func endedAssignmentsDoNotBlockADelete() throws {
    let workspace = try Workspace()
    defer { workspace.remove() }
    try workspace.loadDirectory()
    try workspace.expect(["apply", "manifests", "--auto-approve"], status: 0)
    let package = try #require(try workspace.scalar("SELECT object_id FROM inventory WHERE address = 'accessPackage.external-user-package'"))
    try workspace.sql("INSERT INTO assignments (id, access_package_id, target_id, state) VALUES ('a1', '\(package)', 'someone', 'expired')")
    try FileManager.default.removeItem(at: workspace.manifests.appendingPathComponent("external-user-package.yaml"))
    try workspace.expect(["apply", "manifests", "--auto-approve", "--allow-mass-delete"], status: 0)
    #expect(try workspace.scalar("SELECT count(*) FROM assignments") == "0")
}

@Test func aMassDeleteInMarkdownStaysUnderGitHubsCommentLimit() throws {
    let workspace = try Workspace()
    defer { workspace.remove() }
    try workspace.loadDirectory()
    let template = try String(contentsOf: workspace.manifests.appendingPathComponent("external-user-package.yaml"), encoding: .utf8)
    let long = String(repeating: "long name ", count: 20)
    for index in 0..<150 {
        let text = template.replacingOccurrences(of: "name: external-user-package", with: "name: package-with-a-long-name-\(index)")
            .replacingOccurrences(of: "displayName: External user package", with: "displayName: \(long)\(index)")
        try Data(text.utf8).write(to: workspace.manifests.appendingPathComponent("package-\(index).yaml"))
    }
    try workspace.expect(["apply", "manifests", "--auto-approve"], status: 0)
    for index in 0..<150 { try FileManager.default.removeItem(at: workspace.manifests.appendingPathComponent("package-\(index).yaml")) }
    let outcome = try workspace.expect(["plan", "manifests", "--format", "markdown", "--allow-mass-delete"], status: 0)
    #expect(outcome.stdout.hasPrefix("### entitle plan: 0 to create, 0 to update, 0 to replace, 300 to delete\n"))
    #expect(outcome.stdout.count < 65_536)
    #expect(outcome.stdout.contains("more; the table below lists them all as far as it fits"))
}
