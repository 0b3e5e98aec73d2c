import Foundation
import GRDB
import Testing
import _TestSupport

/// Plans against a store in a given state and expects exit 1, `message` on standard error, and the
/// store's bytes unchanged.
private func expectRefusal(
    _ workspace: Workspace, _ arguments: [String], message: String, sourceLocation: Testing.SourceLocation = #_sourceLocation
) throws {
    let before = try workspace.storeBytes()
    let outcome = try workspace.expect(arguments, status: 1, sourceLocation: sourceLocation)
    #expect(outcome.stderr.contains(message), "stderr: \(outcome.stderr)", sourceLocation: sourceLocation)
    #expect(try workspace.storeBytes() == before, "the store changed", sourceLocation: sourceLocation)
}

@Test func anUnknownGroupIsADiagnosticAtItsPlace() throws {
    let workspace = try Workspace()
    defer { workspace.remove() }
    try workspace.loadDirectory()
    try workspace.edit("external-user-package.yaml", replacing: "- group: External collaboration", with: "- group: External colaboration")
    try expectRefusal(
        workspace, ["apply", "manifests", "--auto-approve"],
        message:
            "manifests/external-user-package.yaml:17:14: error[E-REF-UNKNOWN-DIRECTORY-OBJECT]: group 'External colaboration' is not in the store's directory"
    )
    let outcome = try workspace.run(["plan", "manifests"])
    #expect(outcome.stderr.contains("hint: did you mean 'External collaboration'?"))
}

@Test func anAmbiguousUserIsADiagnosticListingTheCandidates() throws {
    let workspace = try Workspace()
    defer { workspace.remove() }
    try Data(
        """
        apiVersion: entitle/v1
        kind: Directory
        users:
          - { userPrincipalName: megan@woodgrove.example, displayName: Megan Bowen }
          - { userPrincipalName: megan.b@woodgrove.example, displayName: Megan Bowen }
        groups:
          - { displayName: External collaboration }
        """.utf8
    ).write(to: workspace.manifests.appendingPathComponent("directory.yaml"))
    try workspace.loadDirectory()
    try workspace.edit(
        "external-user-package.yaml", replacing: "approverJustification: true",
        with: "approverJustification: true\n            fallbackApprovers: [{ user: Megan Bowen }]")
    try expectRefusal(workspace, ["plan", "manifests"], message: "error[E-REF-AMBIGUOUS]: user 'Megan Bowen' matches 2 users")
    let outcome = try workspace.run(["plan", "manifests"])
    #expect(outcome.stderr.contains("megan.b@woodgrove.example") && outcome.stderr.contains("external-user-package.yaml:35:41:"))
}

@Test func aLockHeldByAnotherProcessTimesOut() throws {
    let workspace = try Workspace()
    defer { workspace.remove() }
    try workspace.loadDirectory()
    try workspace.holdingWriteLock { db in
        let outcome = try workspace.expect(["apply", "manifests", "--auto-approve", "--lock-timeout", "1s"], status: 1)
        #expect(outcome.stderr.contains("is locked by another operation"))
        #expect(outcome.stderr.contains("gave up after 1s"))
        #expect(outcome.seconds < 20)
    }
    #expect(try workspace.scalar("SELECT value FROM meta WHERE key = 'serial'") == "0")
}

@Test func aCorruptStoreFileIsNamedAndLeftAlone() throws {
    let workspace = try Workspace()
    defer { workspace.remove() }
    try FileManager.default.createDirectory(atPath: (workspace.storePath as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
    try Data(repeating: 0x5A, count: 8192).write(to: URL(fileURLWithPath: workspace.storePath))
    try expectRefusal(workspace, ["plan", "manifests"], message: "is not a valid entitle store")
}

@Test func aStoreFromANewerSchemaIsRefused() throws {
    let workspace = try Workspace()
    defer { workspace.remove() }
    try workspace.loadDirectory()
    try workspace.sql("PRAGMA user_version = 99")
    try expectRefusal(workspace, ["apply", "manifests", "--auto-approve"], message: "has schema version 99, but this entitle supports up to 2")
}

@Test func anUnwritableStoreDirectoryIsNamed() throws {
    let workspace = try Workspace()
    defer { workspace.remove() }
    let blocker = workspace.root.appendingPathComponent("not-a-directory")
    try Data("x".utf8).write(to: blocker)
    let outcome = try EntitleProcess.run(["apply", "manifests", "--auto-approve", "--store", "sqlite:not-a-directory/store.db"], in: workspace.root)
    #expect(outcome.status == 1)
    #expect(outcome.stderr.contains("error: cannot open the store sqlite:not-a-directory/store.db: not-a-directory is not a directory"))
    #expect(try Data(contentsOf: blocker) == Data("x".utf8))
}

@Test func aBadStoreURLNamesTheFlag() throws {
    let workspace = try Workspace()
    defer { workspace.remove() }
    let outcome = try EntitleProcess.run(["plan", "manifests", "--store", "mysql://user:secret@db/x"], in: workspace.root)
    #expect(outcome.status == 1)
    #expect(outcome.stderr.contains("--store 'mysql://user:***@db/x' is not a store URL"))
    #expect(!outcome.stderr.contains("secret"))
}

@Test func commandsThatNeedAStoreDoNotCreateOneAtAMistypedURL() throws {
    let workspace = try Workspace()
    defer { workspace.remove() }
    try workspace.loadDirectory()
    try workspace.expect(["plan", "manifests", "--out", "saved.plan"], status: 0)
    for arguments in [["apply", "--plan", "saved.plan"], ["show"], ["import", "settings", "x"], ["drift", "manifests"], ["export", "--out", "x"]] {
        let outcome = try EntitleProcess.run(arguments + ["--store", "sqlite:typo/store.db"], in: workspace.root)
        #expect(outcome.status == 1, "\(arguments)")
        #expect(outcome.stderr.contains("typo/store.db"), "\(arguments): \(outcome.stderr)")
    }
    #expect(!FileManager.default.fileExists(atPath: workspace.root.appendingPathComponent("typo").path))
}

@Test func aPlanForAnotherStoreSaysSo() throws {
    let workspace = try Workspace()
    defer { workspace.remove() }
    try workspace.loadDirectory()
    try workspace.expect(["plan", "manifests", "--out", "saved.plan"], status: 0)
    #expect(try EntitleProcess.run(["directory", "load", "manifests/directory.yaml", "--store", "sqlite:other.db"], in: workspace.root).status == 0)
    let outcome = try EntitleProcess.run(["apply", "--plan", "saved.plan", "--store", "sqlite:other.db"], in: workspace.root)
    #expect(outcome.status == 1)
    #expect(outcome.stderr.contains("stale plan: it was made against another store"))
}

@Test func anAbsurdLockTimeoutIsAUsageError() throws {
    let workspace = try Workspace()
    defer { workspace.remove() }
    let outcome = try workspace.run(["plan", "manifests", "--lock-timeout", "1000h"])
    #expect(outcome.status == 64)
    #expect(outcome.stderr.contains("--lock-timeout"))
}
