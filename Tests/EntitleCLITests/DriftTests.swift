import Foundation
import GRDB
import Testing
import _TestSupport

/// The tutorial applied, then changed from outside entitle by SQL (as another tool would): the
/// package's description rewritten, the policy deleted, and an unmanaged package added.
private func driftedTutorial() throws -> Workspace {
    let workspace = try Workspace()
    try workspace.loadDirectory()
    try workspace.expect(["apply", "manifests", "--auto-approve"], status: 0)
    let general = try #require(try workspace.scalar("SELECT id FROM objects WHERE built_in = 1 AND kind = 'catalog'"))
    try workspace.sql(
        """
        UPDATE objects SET spec = json_set(spec, '$.description', 'Edited in the portal', '$.hidden', json('true'))
        WHERE id = (SELECT object_id FROM inventory WHERE address = 'accessPackage.external-user-package');
        DELETE FROM objects WHERE id = (SELECT object_id FROM inventory WHERE address = 'accessPackage.external-user-package.policy.external-users');
        INSERT INTO objects (id, kind, parent_id, display_name, spec)
        VALUES ('made-in-portal', 'accessPackage', '\(general)', 'Made in the portal', '{"displayName":"Made in the portal"}');
        """)
    return workspace
}

private func json(_ text: String) throws -> [String: Any] {
    try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
}

@Test func driftReportsChangedDeletedUnmanagedAndConflicts() throws {
    let workspace = try driftedTutorial()
    defer { workspace.remove() }
    let report = try json(try workspace.expect(["drift", "manifests", "--unmanaged", "--format", "json"], status: 2).stdout)
    #expect(report["formatVersion"] as? String == "1.0")
    let findings = try #require(report["findings"] as? [[String: Any]])
    #expect(findings.map { $0["status"] as? String } == ["changed", "deleted", "unmanaged"])
    let changed = try #require(findings.first)
    #expect(changed["address"] as? String == "accessPackage.external-user-package")
    #expect(changed["conflict"] as? Bool == false)
    let fields = try #require(changed["fields"] as? [[String: Any]])
    #expect(fields.map { $0["path"] as? String } == ["description", "hidden"])
    #expect(fields.first?["lastApplied"] as? String == "Access for external users pending approval")
    #expect(fields.first?["current"] as? String == "Edited in the portal")
    #expect(fields.last?["lastApplied"] as? Bool == false && fields.last?["current"] as? Bool == true)
    #expect(findings[1]["address"] as? String == "accessPackage.external-user-package.policy.external-users")
    #expect(findings[2]["objectId"] as? String == "made-in-portal" && findings[2]["address"] is NSNull)

    // The manifests change the same package: a conflict.
    try workspace.edit(
        "external-user-package.yaml", replacing: "description: Access for external users pending approval", with: "description: Reviewed description")
    let conflict = try workspace.expect(["drift", "manifests"], status: 2)
    #expect(conflict.stdout.contains("! accessPackage.external-user-package \"External user package\"  changed outside entitle and in the manifests"))
    #expect(conflict.stdout.contains("the manifests changed: description"))

    // apply restores the desired state; drift is clean again (the unmanaged package stays, untouched).
    try workspace.expect(["apply", "manifests", "--auto-approve"], status: 0)
    let clean = try workspace.expect(["drift", "manifests"], status: 0)
    #expect(clean.stdout.contains("In sync: 3 managed objects as last applied."))
    #expect(try workspace.scalar("SELECT display_name FROM objects WHERE id = 'made-in-portal'") == "Made in the portal")
    try workspace.expect(["drift", "manifests", "--unmanaged"], status: 2)
}

@Test func ignoredFieldsAreShownButNotCounted() throws {
    let workspace = try Workspace()
    defer { workspace.remove() }
    try workspace.loadDirectory()
    try workspace.expect(["apply", "manifests", "--auto-approve"], status: 0)
    try workspace.sql(
        "UPDATE objects SET spec = json_set(spec, '$.description', 'x') WHERE kind = 'accessPackage'")
    let outcome = try workspace.expect(["drift", "manifests", "--ignore", "*:description"], status: 0)
    #expect(outcome.stdout.contains("ignored: description: \"Access for external users pending approval\" (last applied) → \"x\" (now)"))
    try workspace.expect(["drift", "manifests", "--ignore", "accessPackage.other:description"], status: 2)
    let bad = try workspace.expect(["drift", "manifests", "--ignore", "description"], status: 64)
    #expect(bad.stderr.contains("--ignore 'description' is not ADDRESS:PATH"))
}

@Test func driftNeverWritesAndDoesNotWaitForAWriter() throws {
    let workspace = try driftedTutorial()
    defer { workspace.remove() }
    let before = try workspace.storeBytes()
    try workspace.expect(["drift", "manifests", "--unmanaged"], status: 2)
    #expect(try workspace.storeBytes() == before)
    try workspace.holdingWriteLock { db in
        let outcome = try workspace.expect(["drift", "manifests"], status: 2)
        #expect(outcome.stdout.contains("deleted outside entitle"))
    }
    let missing = try EntitleProcess.run(["drift", "manifests", "--store", "sqlite:nowhere/store.db"], in: workspace.root)
    #expect(missing.status == 1 && missing.stderr.contains("there is no store at sqlite:nowhere/store.db"))
    #expect(!FileManager.default.fileExists(atPath: workspace.root.appendingPathComponent("nowhere").path))
}

@Test(arguments: [("text", "txt"), ("json", "json"), ("markdown", "md")])
func driftOutputMatchesTheGoldenFile(format: String, fileExtension: String) throws {
    let workspace = try driftedTutorial()
    defer { workspace.remove() }
    try workspace.edit(
        "external-user-package.yaml", replacing: "description: Access for external users pending approval", with: "description: Reviewed description")
    var output = try workspace.expect(["drift", "manifests", "--unmanaged", "--format", format], status: 2).stdout
    // Lineage and object ids are fresh for every store; name them by what they stand for.
    let lineage = try #require(try workspace.scalar("SELECT value FROM meta WHERE key = 'lineage'"))
    output = output.replacingOccurrences(of: lineage, with: "00000000-0000-0000-0000-000000000000")
        .replacingOccurrences(of: workspace.root.path, with: "WORKSPACE")
    let queue = try DatabaseQueue(path: workspace.storePath)
    let ids = try queue.read { db in try Row.fetchAll(db, sql: "SELECT address, object_id FROM inventory") }
    for row in ids { output = output.replacingOccurrences(of: row["object_id"] as String, with: "<id of \(row["address"] as String)>") }
    try assertGolden(output, "drift-tutorial.\(fileExtension)")
}
