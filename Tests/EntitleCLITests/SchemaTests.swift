import Foundation
import Testing
import _TestSupport

/// Runs check-jsonschema (a real draft-07 validator from PyPI, installed by scripts/bootstrap)
/// against the schema. Missing validator is a failure, never a skip.
private func checkJSONSchema(_ files: [String]) throws -> (status: Int32, output: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["check-jsonschema", "--schemafile", "schemas/entitle.schema.json"] + files
    process.currentDirectoryURL = EntitleProcess.packageRoot
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    try process.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: data, as: UTF8.self))
}

private func exampleFiles() throws -> [String] {
    let root = EntitleProcess.packageRoot
    guard let walker = FileManager.default.enumerator(atPath: root.appendingPathComponent("examples").path) else { return [] }
    return walker.compactMap { $0 as? String }.filter { ($0.hasSuffix(".yaml") || $0.hasSuffix(".yml")) && !$0.hasPrefix("ci/") }
        .map { "examples/" + $0 }.sorted()
}

@Test func everyExampleFilePassesTheJSONSchema() throws {
    let files = try exampleFiles()
    #expect(files.count >= 6)
    let result = try checkJSONSchema(files)
    #expect(result.status == 0, "\(result.output)")
}

@Test(arguments: [
    ("unknown field", "apiVersion: entitle/v1\nkind: Catalog\nmetadata:\n  name: c\nspec:\n  displayName: C\n  visible: true\n"),
    ("yes as a boolean", "apiVersion: entitle/v1\nkind: Catalog\nmetadata:\n  name: c\nspec:\n  displayName: C\n  published: yes\n"),
    ("unknown kind", "apiVersion: entitle/v1\nkind: Widget\nmetadata:\n  name: c\nspec: {}\n"),
])
func theSchemaRejectsBadManifests(name: String, text: String) throws {
    let directory = try EntitleProcess.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let file = directory.appendingPathComponent("bad.yaml")
    try Data(text.utf8).write(to: file)
    let result = try checkJSONSchema([file.path])
    #expect(result.status == 1, "\(name): \(result.output)")
    #expect(result.output.contains("bad.yaml"))
}
