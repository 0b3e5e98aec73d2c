import Foundation
import Testing
import _TestSupport

/// What a new admin's first files run into: a byte-order mark, a date already past, two
/// spellings of one language, a typo in a group name that only a store can tell.

/// A manifest directory holding `files` (name → text).
private func manifests(_ files: [String: String]) throws -> URL {
    let root = try EntitleProcess.temporaryDirectory()
    for (name, text) in files { try Data(text.utf8).write(to: root.appendingPathComponent(name)) }
    return root
}

private let catalog = """
    apiVersion: entitle/v1
    kind: Catalog
    metadata:
      name: marketing
    spec:
      displayName: Marketing
    """

@Test(arguments: ["", "---\n", "# a comment\n"])
func aFileStartingWithAByteOrderMarkIsRead(start: String) throws {
    let root = try EntitleProcess.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: root) }
    try Data([0xEF, 0xBB, 0xBF] + Array((start + catalog + "\n  description: [unclosed\n").utf8)).write(to: root.appendingPathComponent("c.yaml"))
    let outcome = try EntitleProcess.run(["validate", root.path])
    #expect(outcome.status == 1)
    // The real problem, at the line and column an editor shows (the mark takes no column).
    let line = start.isEmpty ? 7 : 8
    #expect(outcome.stdout.contains("c.yaml:\(line):"), "\(outcome.stdout)")
    #expect(!outcome.stdout.contains("E-MANIFEST-TYPE"), "\(outcome.stdout)")
    try Data([0xEF, 0xBB, 0xBF] + Array((start + catalog + "\n").utf8)).write(to: root.appendingPathComponent("c.yaml"))
    #expect(try EntitleProcess.run(["validate", root.path]).status == 0)
}

private func policy(expiring expiration: String, questions: String = "") -> String {
    """
    apiVersion: entitle/v1
    kind: AccessPackage
    metadata:
      name: sales
    spec:
      displayName: Sales
      catalog: General
      policies:
        - name: employees
          displayName: Employees
          requestors:
            scope: allMemberUsers
          approval:
            required: false
          expiration:
            \(expiration)
    \(questions)
    """
}

@Test func anExpiryDateAlreadyPastIsAWarning() throws {
    let root = try manifests(["p.yaml": policy(expiring: "on: 2021-03-31")])
    defer { try? FileManager.default.removeItem(at: root) }
    let outcome = try EntitleProcess.run(["validate", root.path])
    #expect(outcome.status == 0, "\(outcome.stdout)")
    #expect(outcome.stdout.contains("p.yaml:16:13: warning[W-EXPIRATION-PAST]: assignments expire on 2021-03-31, which has passed"), "\(outcome.stdout)")
    try Data(policy(expiring: "on: 2999-03-31").utf8).write(to: root.appendingPathComponent("p.yaml"))
    #expect(!(try EntitleProcess.run(["validate", root.path]).stdout.contains("W-EXPIRATION-PAST")))
}

@Test func twoSpellingsOfOneLanguageAreOneLanguage() throws {
    let text = policy(
        expiring: "after: 30d",
        questions: "      questions:\n        - text: Which project?\n          localizations: { fr-FR: Quel projet ?, fr-fr: Quel projet ? }")
    let root = try manifests(["p.yaml": text])
    defer { try? FileManager.default.removeItem(at: root) }
    let outcome = try EntitleProcess.run(["validate", root.path])
    #expect(outcome.status == 1)
    #expect(outcome.stdout.contains("error[E-LOCALIZATION-DUPLICATE]: 'fr-fr' is the same language as 'fr-FR'"), "\(outcome.stdout)")
}

@Test func planDiagnosticsAreSortedAndCounted() throws {
    let workspace = try Workspace()
    defer { workspace.remove() }
    try workspace.loadDirectory()
    try workspace.edit("external-user-package.yaml", replacing: "group: External collaboration", with: "group: External colaboration")
    try workspace.edit("external-user-package.yaml", replacing: "description: Access for", with: "description: Access  for")
    let outcome = try workspace.expect(["plan", "manifests"], status: 1)
    let positions = outcome.stderr.split(separator: "\n").compactMap { line -> Int? in
        guard line.hasPrefix("manifests/"), let number = line.split(separator: ":").dropFirst().first else { return nil }
        return Int(number)
    }
    #expect(positions.count >= 2, "\(outcome.stderr)")
    #expect(positions == positions.sorted(), "\(outcome.stderr)")
    #expect(outcome.stderr.hasSuffix("1 error, 1 warning in 1 file\n"), "\(outcome.stderr)")
}

@Test func validateWithAStoreFindsUnknownNamesAndNamesTheDirectoryFile() throws {
    let workspace = try Workspace()
    defer { workspace.remove() }
    try workspace.loadDirectory()
    try workspace.edit("external-user-package.yaml", replacing: "group: External collaboration", with: "group: External colaboration")
    // Offline, names are not checked; with the store they are, where they are written.
    #expect(try EntitleProcess.run(["validate", "manifests"], in: workspace.root).status == 0)
    let outcome = try workspace.run(["validate", "manifests"])
    #expect(outcome.status == 1)
    #expect(outcome.stdout.contains("manifests/external-user-package.yaml:17:14: error[E-REF-UNKNOWN-DIRECTORY-OBJECT]"), "\(outcome.stdout)")
    #expect(outcome.stdout.contains("did you mean 'External collaboration'?"))
    #expect(outcome.stdout.contains("load it with: entitle directory load manifests/directory.yaml"), "\(outcome.stdout)")
    let json = try workspace.run(["validate", "manifests", "--format", "json"])
    #expect(json.stdout.contains("\"valid\": false"))
    // A store that is not there is an error, not a new store.
    let missing = try EntitleProcess.run(["validate", "manifests", "--store", "sqlite:nothing.db"], in: workspace.root)
    #expect(missing.status == 1)
    #expect(!FileManager.default.fileExists(atPath: workspace.root.appendingPathComponent("nothing.db").path))
}
