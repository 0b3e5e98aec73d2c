import Foundation
import Testing
import _TestSupport

/// Decodes `validate --format json` output into (id, line, column) triples.
private func diagnostics(_ json: String) throws -> [(id: String, line: Int, column: Int)] {
    let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
    #expect(object["formatVersion"] as? String == "1.0")
    let list = try #require(object["diagnostics"] as? [[String: Any]])
    return list.map { item in
        let start = (item["range"] as? [String: Any])?["start"] as? [String: Any]
        return (item["id"] as? String ?? "", start?["line"] as? Int ?? 0, start?["column"] as? Int ?? 0)
    }
}

@Test func everyExampleSetIsValid() throws {
    let examples = EntitleProcess.packageRoot.appendingPathComponent("examples")
    let sets = try FileManager.default.contentsOfDirectory(atPath: examples.path).filter { !$0.hasPrefix(".") }.sorted()
    #expect(sets.contains("tutorial"))
    // The whole tree too, as a user who points validate at it would (nothing there but manifests).
    let whole = try EntitleProcess.run(["validate", "examples/"])
    #expect(whole.status == 0, "examples/: \(whole.stdout)")
    for set in sets {
        let outcome = try EntitleProcess.run(["validate", "examples/" + set, "--format", "json"])
        #expect(outcome.status == 0, "examples/\(set): \(outcome.stdout)")
        let found = try diagnostics(outcome.stdout)
        #expect(found.allSatisfy { $0.id.hasPrefix("W-") }, "examples/\(set) has errors: \(found)")
    }
}

@Test func theTutorialValidatesWithTheFallbackWarning() throws {
    let outcome = try EntitleProcess.run(["validate", "examples/tutorial", "--format", "json"])
    #expect(outcome.status == 0)
    let found = try diagnostics(outcome.stdout)
    #expect(found.map(\.id) == ["W-APPROVAL-DYNAMIC-NO-FALLBACK"])
    #expect(found.first.map { [$0.line, $0.column] } == [32, 24])
}

/// Hostile and broken inputs: each must give exactly this diagnostic at this place, exit 1.
struct HostileCase: Sendable, CustomStringConvertible {
    var name: String
    var bytes: [UInt8]
    var id: String
    var line: Int
    var column: Int
    var description: String { name }

    init(_ name: String, _ text: String, _ id: String, _ line: Int, _ column: Int) {
        self.init(name, Array(text.utf8), id, line, column)
    }

    init(_ name: String, _ bytes: [UInt8], _ id: String, _ line: Int, _ column: Int) {
        (self.name, self.bytes, self.id, self.line, self.column) = (name, bytes, id, line, column)
    }
}

private let header = "apiVersion: entitle/v1\nkind: Catalog\nmetadata:\n  name: c\nspec:\n"

private func packageWith(policy: String) -> String {
    "apiVersion: entitle/v1\nkind: AccessPackage\nmetadata:\n  name: p\nspec:\n  displayName: P\n  policies:\n    - name: x\n      displayName: X\n" + policy
}

private let aliasBomb: String = {
    var text = "a0: &a0 [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n"
    for level in 1..<10 { text += "a\(level): &a\(level) [" + Array(repeating: "*a\(level - 1)", count: 9).joined(separator: ",") + "]\n" }
    return text
}()

let hostileCases: [HostileCase] = [
    HostileCase("alias bomb", aliasBomb, "E-YAML-ALIAS-BUDGET", 6, 10),
    HostileCase("10,000-deep nesting", String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000), "E-YAML-TOO-DEEP", 1, 65),
    HostileCase("50 MB file", header + "  displayName: C\n  description: " + String(repeating: "x", count: 50 << 20) + "\n", "E-YAML-FILE-TOO-LARGE", 1, 1),
    HostileCase("duplicate key", header + "  displayName: C\n  displayName: D\n", "E-YAML-DUPLICATE-KEY", 7, 3),
    HostileCase("yes as a boolean", header + "  displayName: C\n  published: yes\n", "E-MANIFEST-BOOL", 7, 14),
    HostileCase("NO as a boolean", header + "  displayName: C\n  externallyVisible: NO\n", "E-MANIFEST-BOOL", 7, 22),
    HostileCase(
        "0755 as a number",
        packageWith(
            policy:
                "      requestors: {scope: allMemberUsers}\n      approval:\n        stages: [{approvers: [{manager: 0755}, {user: u@x.example}]}]\n      expiration: {after: 1d}\n"
        ),
        "E-MANIFEST-NUMBER", 12, 41),
    HostileCase("unknown tag", header + "  displayName: !python/object C\n", "E-YAML-UNKNOWN-TAG", 6, 16),
    HostileCase("invalid UTF-8", Array(header.utf8) + Array("  displayName: ".utf8) + [0xFF, 0x0A], "E-YAML-INVALID-UTF8", 6, 16),
    HostileCase("empty file", "", "E-YAML-EMPTY-FILE", 1, 1),
    HostileCase("comments only", "# nothing here\n", "E-YAML-EMPTY-FILE", 1, 1),
    HostileCase("tab indentation", header + "\tdisplayName: C\n", "E-YAML-SYNTAX", 6, 1),
    HostileCase("wrong apiVersion", "apiVersion: apps/v1\nkind: Deployment\n", "E-MANIFEST-API-VERSION", 1, 13),
    HostileCase("missing apiVersion", "kind: Catalog\n", "E-MANIFEST-API-VERSION", 1, 1),
    HostileCase("unknown kind", "apiVersion: entitle/v1\nkind: AccessPackages\n", "E-MANIFEST-KIND", 2, 7),
    HostileCase("unknown field", header + "  displayName: C\n  visible: true\n", "E-MANIFEST-UNKNOWN-FIELD", 7, 3),
    HostileCase("not a mapping", "- a\n- b\n", "E-MANIFEST-TYPE", 1, 1),
    HostileCase("bad name", "apiVersion: entitle/v1\nkind: Catalog\nmetadata:\n  name: Partners\nspec:\n  displayName: C\n", "E-NAME-FORMAT", 4, 9),
    HostileCase(
        "external scope without approval", packageWith(policy: "      requestors: {scope: allExternalUsers}\n      expiration: {after: 1d}\n"),
        "E-APPROVAL-REQUIRED-EXTERNAL", 10, 27),
    HostileCase(
        "four stages",
        packageWith(
            policy:
                "      requestors: {scope: allMemberUsers}\n      approval:\n        stages: [{approvers: [{user: u@x.example}]}, {approvers: [{user: u@x.example}]}, {approvers: [{user: u@x.example}]}, {approvers: [{user: u@x.example}]}]\n      expiration: {after: 1d}\n"
        ), "E-APPROVAL-STAGE-COUNT", 12, 126),
    HostileCase(
        "expiry over 3660 days", packageWith(policy: "      requestors: {scope: allMemberUsers}\n      expiration: {after: 3661d}\n"), "E-EXPIRATION-RANGE", 11,
        27),
    HostileCase(
        "two expirations", packageWith(policy: "      requestors: {scope: allMemberUsers}\n      expiration: {after: 1d, never: true}\n"),
        "E-EXPIRATION-CHOICE", 11, 31),
    HostileCase(
        "bad duration", packageWith(policy: "      requestors: {scope: allMemberUsers}\n      expiration: {after: 2 months}\n"), "E-MANIFEST-DURATION", 11, 27),
    HostileCase("bad date", packageWith(policy: "      requestors: {scope: allMemberUsers}\n      expiration: {on: 2027-13-01}\n"), "E-MANIFEST-DATE", 11, 24),
    HostileCase(
        "specific scope without targets", packageWith(policy: "      requestors: {scope: specificDirectoryUsers}\n      expiration: {after: 1d}\n"),
        "E-REQUESTORS-TARGETS-REQUIRED", 10, 27),
    HostileCase(
        "unknown catalog", "apiVersion: entitle/v1\nkind: AccessPackage\nmetadata:\n  name: p\nspec:\n  displayName: P\n  catalog: Partners\n",
        "E-REF-UNKNOWN-CATALOG", 7, 12),
]

@Test(arguments: hostileCases)
func hostileInputGetsOneDiagnosticAtItsPlaceAndExitCode1(testCase: HostileCase) throws {
    let directory = try EntitleProcess.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    try Data(testCase.bytes).write(to: directory.appendingPathComponent("input.yaml"))
    let outcome = try EntitleProcess.run(["validate", "input.yaml", "--format", "json"], in: directory)
    #expect(outcome.status == 1)
    let found = try diagnostics(outcome.stdout)
    #expect(found.count == 1, "\(found)")
    #expect(found.first?.id == testCase.id)
    #expect(found.first.map { [$0.line, $0.column] } == [testCase.line, testCase.column])
    #expect(outcome.seconds < 10)
}

@Test func anAliasBombFinishesInUnderASecondEndToEnd() throws {
    let directory = try EntitleProcess.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    try Data(aliasBomb.utf8).write(to: directory.appendingPathComponent("bomb.yaml"))
    let outcome = try EntitleProcess.run(["validate", "bomb.yaml"], in: directory)
    #expect(outcome.status == 1)
    #expect(outcome.seconds < 1)
}

@Test func countryNoStaysAString() throws {
    let directory = try EntitleProcess.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    try Data((header + "  displayName: no\n  description: 0755\n").utf8).write(to: directory.appendingPathComponent("c.yaml"))
    let outcome = try EntitleProcess.run(["validate", "c.yaml"], in: directory)
    #expect(outcome.status == 0, "\(outcome.stdout)")
}

@Test func usageErrorsExit64() throws {
    let outcome = try EntitleProcess.run(["validate", "--format", "xml"])
    #expect(outcome.status == 64)
    #expect(outcome.stderr.contains("xml"))
}

@Test func aMissingPathIsAnErrorNamingIt() throws {
    let outcome = try EntitleProcess.run(["validate", "no/such/dir"])
    #expect(outcome.status == 1)
    #expect(outcome.stdout.contains("no/such/dir: error[E-MANIFEST-UNREADABLE]"))
}

@Test func githubFormatPrintsWorkflowCommands() throws {
    let outcome = try EntitleProcess.run(["validate", "Tests/EntitleCLITests/Fixtures/invalid", "--format", "github"])
    #expect(outcome.status == 1)
    let lines = outcome.stdout.split(separator: "\n")
    #expect(!lines.isEmpty)
    #expect(lines.allSatisfy { $0.hasPrefix("::error ") || $0.hasPrefix("::warning ") })
    #expect(
        outcome.stdout.contains(
            "::error file=Tests/EntitleCLITests/Fixtures/invalid/catalog.yaml,line=7,col=3,endLine=7,endColumn=14,title=E-YAML-DUPLICATE-KEY::"))
}
