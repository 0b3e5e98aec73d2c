import Foundation
import Testing
import _TestSupport

private let exampleSets = ["tutorial", "multi-stage-approval", "questions-and-reviews", "connected-organizations", "automatic-assignment", "tenant-settings"]

@Test(arguments: exampleSets)
func anExportedStorePlansCleanAfterImportingWhatIsUnmanaged(example: String) throws {
    let workspace = try Workspace(copying: example)
    defer { workspace.remove() }
    try workspace.loadDirectory()
    try workspace.expect(["apply", "manifests", "--auto-approve"], status: 0)
    // One package (with its policies) and every connected organization stop being managed, as if
    // they had been made in the portal.
    try workspace.sql(
        """
        DELETE FROM inventory WHERE address IN (SELECT address FROM inventory WHERE address LIKE 'accessPackage.%' ORDER BY address LIMIT 1)
           OR address LIKE (SELECT address FROM inventory WHERE address LIKE 'accessPackage.%' ORDER BY address LIMIT 1) || '.policy.%'
           OR address LIKE 'connectedOrganization.%';
        """)
    let export = try workspace.expect(["export", "--out", "exported"], status: 0)
    #expect(export.stdout.contains("not managed yet"))
    let exported = workspace.root.appendingPathComponent("exported")
    let files = try FileManager.default.contentsOfDirectory(atPath: exported.path).sorted()
    #expect(files.contains("directory.yaml") && files.contains("import-commands.sh") && files.contains("entitle.schema.json"))
    for file in files where file.hasSuffix(".yaml") {
        let text = try String(contentsOf: exported.appendingPathComponent(file), encoding: .utf8)
        #expect(text.hasPrefix("# yaml-language-server: $schema=entitle.schema.json\napiVersion: entitle/v1\n"), "\(file)")
    }
    let validation = try workspace.run(["validate", "exported"], store: false)
    #expect(validation.status == 0, "\(validation.stdout)")

    let script = Process()
    script.executableURL = URL(fileURLWithPath: "/bin/sh")
    script.arguments = [exported.appendingPathComponent("import-commands.sh").path, "--store", workspace.storeURL]
    script.environment = ProcessInfo.processInfo.environment.merging(["ENTITLE": EntitleProcess.binary.path]) { _, new in new }
    script.standardOutput = FileHandle.nullDevice
    try script.run()
    script.waitUntilExit()
    #expect(script.terminationStatus == 0)

    let plan = try workspace.expect(["plan", "exported", "--detailed-exitcode"], status: 0)
    #expect(plan.stdout.hasPrefix("No changes."))
    try workspace.expect(["drift", "exported", "--unmanaged"], status: 0)
}

@Test func exportRefusesANonEmptyDirectoryAndNeverWritesTheStore() throws {
    let workspace = try Workspace()
    defer { workspace.remove() }
    try workspace.loadDirectory()
    try workspace.expect(["apply", "manifests", "--auto-approve"], status: 0)
    let before = try workspace.storeBytes()
    let refused = try workspace.expect(["export", "--out", "manifests"], status: 1)
    #expect(refused.stderr.contains("--out manifests is not empty"))
    try workspace.expect(["export", "--out", "fresh"], status: 0)
    #expect(try workspace.storeBytes() == before)
    let package = try String(contentsOf: workspace.root.appendingPathComponent("fresh/access-package-external-user-package.yaml"), encoding: .utf8)
    #expect(package.contains("    - group: External collaboration\n      role: Member"))
}
