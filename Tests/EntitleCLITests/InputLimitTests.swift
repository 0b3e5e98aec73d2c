import Foundation
import Testing
import _TestSupport

/// Runs `apply` on the workspace's manifests and expects exit 1 with `id` among the diagnostics, and
/// no store written (apply would create one for valid manifests).
private func expectRefused(_ workspace: Workspace, id: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> String {
    let outcome = try workspace.run(["apply", "manifests", "--auto-approve"])
    #expect(outcome.status == 1, "apply exited \(outcome.status)", sourceLocation: sourceLocation)
    #expect(outcome.stderr.contains("error[\(id)]"), "stderr: \(outcome.stderr.prefix(2000))", sourceLocation: sourceLocation)
    #expect(!FileManager.default.fileExists(atPath: workspace.storePath), "a store was written", sourceLocation: sourceLocation)
    return outcome.stderr
}

@Test func aSymbolicLinkLoopIsReportedNotFollowed() throws {
    let workspace = try Workspace()
    defer { workspace.remove() }
    let nested = workspace.manifests.appendingPathComponent("nested")
    try FileManager.default.createDirectory(at: nested, withIntermediateDirectories: true)
    try FileManager.default.createSymbolicLink(atPath: nested.appendingPathComponent("again").path, withDestinationPath: "..")
    let stderr = try expectRefused(workspace, id: "E-MANIFEST-SYMLINK-LOOP")
    #expect(stderr.contains("manifests/nested/again"))
}

@Test func aSymbolicLinkOutOfTheManifestDirectoryIsNotFollowed() throws {
    let workspace = try Workspace()
    defer { workspace.remove() }
    let outside = workspace.root.appendingPathComponent("outside")
    try FileManager.default.createDirectory(at: outside, withIntermediateDirectories: true)
    try Data("apiVersion: entitle/v1\nkind: Catalog\nmetadata: {name: secret}\nspec: {displayName: Secret}\n".utf8)
        .write(to: outside.appendingPathComponent("secret.yaml"))
    try FileManager.default.createSymbolicLink(
        atPath: workspace.manifests.appendingPathComponent("linked.yaml").path, withDestinationPath: outside.appendingPathComponent("secret.yaml").path)
    try FileManager.default.createSymbolicLink(atPath: workspace.manifests.appendingPathComponent("linked-dir").path, withDestinationPath: "/etc")
    let stderr = try expectRefused(workspace, id: "E-MANIFEST-OUTSIDE-ROOT")
    #expect(stderr.contains("manifests/linked.yaml") && stderr.contains("manifests/linked-dir"))
    // A link that stays inside is followed.
    try FileManager.default.removeItem(at: workspace.manifests.appendingPathComponent("linked.yaml"))
    try FileManager.default.removeItem(at: workspace.manifests.appendingPathComponent("linked-dir"))
    try FileManager.default.createSymbolicLink(atPath: workspace.manifests.appendingPathComponent("alias.yml").path, withDestinationPath: "directory.yaml")
    let validation = try workspace.run(["validate", "manifests"], store: false)
    #expect(validation.status == 0 && validation.stdout.contains("valid: 2 objects in 3 files"), "\(validation.stdout)")
}

@Test func theTotalSizeIsCheckedBeforeAnythingIsRead() throws {
    let workspace = try Workspace()
    defer { workspace.remove() }
    // Sparse files: their size counts, they take no disk and are never read.
    for index in 0..<9 {
        let path = workspace.manifests.appendingPathComponent("big-\(index).yaml").path
        #expect(FileManager.default.createFile(atPath: path, contents: nil))
        let handle = try #require(FileHandle(forWritingAtPath: path))
        try handle.truncate(atOffset: 30 << 20)
        try handle.close()
    }
    let stderr = try expectRefused(workspace, id: "E-MANIFEST-TOTAL-TOO-LARGE")
    #expect(stderr.contains("more than the limit of 268435456 bytes"))
}

@Test func theNumberOfFilesIsLimited() throws {
    let workspace = try Workspace()
    defer { workspace.remove() }
    let many = workspace.manifests.appendingPathComponent("many")
    try FileManager.default.createDirectory(at: many, withIntermediateDirectories: true)
    for index in 0..<50_001 { _ = FileManager.default.createFile(atPath: many.appendingPathComponent("\(index).yaml").path, contents: nil) }
    let stderr = try expectRefused(workspace, id: "E-MANIFEST-TOO-MANY-FILES")
    #expect(stderr.contains("50003 manifest files, more than the limit of 50000"))
}

@Test func aDanglingManifestLinkIsAnErrorNotASilentDelete() throws {
    let workspace = try Workspace()
    defer { workspace.remove() }
    try FileManager.default.createSymbolicLink(atPath: workspace.manifests.appendingPathComponent("gone.yaml").path, withDestinationPath: "nowhere.yaml")
    let stderr = try expectRefused(workspace, id: "E-MANIFEST-UNREADABLE")
    #expect(stderr.contains("manifests/gone.yaml") && stderr.contains("symbolic link leads to no readable file"))
}

@Test func aSecondWayToADirectoryIsReadOnceAndIsNoLoop() throws {
    let workspace = try Workspace()
    defer { workspace.remove() }
    let real = workspace.manifests.appendingPathComponent("zreal")
    try FileManager.default.createDirectory(at: real, withIntermediateDirectories: true)
    try FileManager.default.moveItem(
        at: workspace.manifests.appendingPathComponent("external-user-package.yaml"), to: real.appendingPathComponent("external-user-package.yaml"))
    try FileManager.default.createSymbolicLink(atPath: workspace.manifests.appendingPathComponent("alias").path, withDestinationPath: "zreal")
    let validation = try workspace.run(["validate", "manifests"], store: false)
    #expect(validation.status == 0, "\(validation.stdout)")
    #expect(validation.stdout.contains("valid: 2 objects in 2 files"))
}
