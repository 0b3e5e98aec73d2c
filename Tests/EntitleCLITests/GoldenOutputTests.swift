import Foundation
import Testing
import _TestSupport

/// Compares `actual` with the golden file; `ENTITLE_RECORD_GOLDEN=1` rewrites the file instead
/// (review the diff before committing).
func assertGolden(_ actual: String, _ name: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
    let url = EntitleProcess.packageRoot.appendingPathComponent("Tests/EntitleCLITests/Golden/" + name)
    if ProcessInfo.processInfo.environment["ENTITLE_RECORD_GOLDEN"] == "1" {
        try Data(actual.utf8).write(to: url)
        return
    }
    let expected = try String(contentsOf: url, encoding: .utf8)
    #expect(actual == expected, "output differs from Golden/\(name); rerun with ENTITLE_RECORD_GOLDEN=1 to re-record", sourceLocation: sourceLocation)
}

@Test(arguments: [("text", "txt"), ("json", "json"), ("github", "github.txt")])
func validateOutputOfBrokenManifestsMatchesTheGoldenFile(format: String, fileExtension: String) throws {
    let outcome = try EntitleProcess.run(["validate", "Tests/EntitleCLITests/Fixtures/invalid", "--format", format])
    #expect(outcome.status == 1)
    try assertGolden(outcome.stdout, "validate-invalid.\(fileExtension)")
}

@Test func validateOutputOfTheTutorialMatchesTheGoldenFile() throws {
    let outcome = try EntitleProcess.run(["validate", "examples/tutorial"])
    #expect(outcome.status == 0)
    try assertGolden(outcome.stdout, "validate-tutorial.txt")
}

@Test func schemaCommandPrintsTheSchemaFile() throws {
    let outcome = try EntitleProcess.run(["schema"])
    #expect(outcome.status == 0)
    let file = try String(contentsOf: EntitleProcess.packageRoot.appendingPathComponent("schemas/entitle.schema.json"), encoding: .utf8)
    #expect(outcome.stdout == file, "run scripts/embed-schema after editing schemas/entitle.schema.json")
}

@Test(arguments: [("text", "txt"), ("json", "json"), ("markdown", "md")])
func theTutorialPlanMatchesTheGoldenFile(format: String, fileExtension: String) throws {
    let workspace = try Workspace()
    defer { workspace.remove() }
    try workspace.loadDirectory()
    let outcome = try workspace.expect(["plan", "manifests", "--format", format], status: 0)
    // The lineage is a fresh UUID for every store; everything else in a plan is deterministic.
    let lineage = try #require(try workspace.scalar("SELECT value FROM meta WHERE key = 'lineage'"))
    try assertGolden(outcome.stdout.replacingOccurrences(of: lineage, with: "00000000-0000-0000-0000-000000000000"), "plan-tutorial.\(fileExtension)")
}
