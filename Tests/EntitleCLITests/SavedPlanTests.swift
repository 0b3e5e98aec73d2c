import Foundation
import Testing
import _TestSupport

/// A saved plan applies what it shows, and with ENTITLE_PLAN_KEY only what a key holder wrote.

/// `text` with its digest recomputed, as someone editing a plan file on purpose would do: the
/// digest is SHA-256 of the compact JSON without the digest field.
private func rehashed(_ text: String) throws -> String {
    var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    guard let index = lines.firstIndex(where: { $0.hasPrefix("  \"digest\"") }) else { throw CancellationError() }
    // The digest and the signature (if any) are the last fields; the body is everything before.
    let signature = lines.first { $0.hasPrefix("  \"hmac\"") }
    lines.removeAll { $0.hasPrefix("  \"digest\"") || $0.hasPrefix("  \"hmac\"") }
    if lines[index - 1].hasSuffix(",") { lines[index - 1].removeLast() }
    let body = lines.joined(separator: "\n")
    var compact = ""
    var inString = false
    var escaped = false
    for character in body {
        if inString {
            compact.append(character)
            if escaped { escaped = false } else if character == "\\" { escaped = true } else if character == "\"" { inString = false }
        } else if character == "\"" {
            inString = true
            compact.append(character)
        } else if !character.isWhitespace {
            compact.append(character)
        }
    }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/sha256sum")
    let input = Pipe()
    let output = Pipe()
    process.standardInput = input
    process.standardOutput = output
    try process.run()
    input.fileHandleForWriting.write(Data(compact.utf8))
    try input.fileHandleForWriting.close()
    let hash = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self).prefix(64)
    process.waitUntilExit()
    lines.insert("  \"digest\": \"\(hash)\"" + (signature != nil ? "," : ""), at: index)
    if let signature { lines.insert(signature, at: index + 1) }
    lines[index - 1] += ","
    return lines.joined(separator: "\n")
}

@Test func aPlanEditedConsistentlyAndRehashedStillCannotApplySomethingElseThanItShows() throws {
    let workspace = try Workspace()
    defer { workspace.remove() }
    try workspace.loadDirectory()
    try workspace.expect(["apply", "manifests", "--auto-approve"], status: 0)
    try workspace.edit("external-user-package.yaml", replacing: "after: 60d", with: "after: 90d")
    try workspace.expect(["plan", "manifests", "--out", "saved.plan"], status: 0)
    let url = workspace.root.appendingPathComponent("saved.plan")
    let text = try String(contentsOf: url, encoding: .utf8)
    #expect(text.contains("\"P90D\""))
    // The rehash alone is accepted (the digest checks integrity, not authorship)…
    try Data(try rehashed(text).utf8).write(to: url)
    #expect(try workspace.run(["show", "--plan", "saved.plan"]).status == 0)
    // …but an `after` that differs from what the field changes show is refused, both by apply
    // and by show, and nothing is written.
    let edited = text.replacingOccurrences(of: "\"after\": {", with: "\"after\": {\n      \"injected\": true,", options: [], range: nil)
    #expect(edited != text)
    try Data(try rehashed(edited).utf8).write(to: url)
    let before = try workspace.storeBytes()
    let outcome = try workspace.expect(["apply", "--plan", "saved.plan"], status: 1)
    #expect(outcome.stderr.contains("are not the difference of its before and after"), "\(outcome.stderr)")
    #expect(try workspace.storeBytes() == before)
    #expect(try workspace.run(["show", "--plan", "saved.plan"]).status == 1)
}

@Test func aSignedPlanAppliesOnlyUnderItsKeyAndTheKeyIsNeverShown() throws {
    let workspace = try Workspace()
    defer { workspace.remove() }
    try workspace.loadDirectory()
    let key = "c2f4b1e0d7a94f35b86e0a1f92d3c4e5-test-plan-key"
    let signed = ["ENTITLE_PLAN_KEY": key]
    let plan = try EntitleProcess.run(["plan", "manifests", "--out", "saved.plan", "--store", workspace.storeURL], in: workspace.root, environment: signed)
    #expect(plan.status == 0, "\(plan.stderr)")
    let url = workspace.root.appendingPathComponent("saved.plan")
    let text = try String(contentsOf: url, encoding: .utf8)
    #expect(text.contains("\"hmac\": \""))
    var outputs = [plan.stdout, plan.stderr, text]

    // Without the key, with another key, or rehashed after an edit: refused, nothing written.
    let before = try workspace.storeBytes()
    let unkeyed = try workspace.run(["apply", "--plan", "saved.plan"])
    #expect(unkeyed.status == 1)
    #expect(unkeyed.stderr.contains("the plan file is signed: set ENTITLE_PLAN_KEY"), "\(unkeyed.stderr)")
    let wrongKey = try EntitleProcess.run(
        ["apply", "--plan", "saved.plan", "--store", workspace.storeURL], in: workspace.root,
        environment: ["ENTITLE_PLAN_KEY": "another-key-of-sufficient-length"])
    #expect(wrongKey.status == 1)
    #expect(wrongKey.stderr.contains("signature does not match ENTITLE_PLAN_KEY"), "\(wrongKey.stderr)")
    try Data(try rehashed(text.replacingOccurrences(of: "P60D", with: "P600D")).utf8).write(to: url)
    let forged = try EntitleProcess.run(["apply", "--plan", "saved.plan", "--store", workspace.storeURL], in: workspace.root, environment: signed)
    #expect(forged.status == 1)
    #expect(forged.stderr.contains("signature does not match"), "\(forged.stderr)")
    #expect(try workspace.storeBytes() == before)
    outputs += [unkeyed.stderr, wrongKey.stderr, forged.stdout, forged.stderr]

    // A signature of 64 bytes that are not 64 hex digits (62 digits and a two-byte letter) is a
    // mismatch, not a crash.
    let mangled = text.replacingOccurrences(
        of: #""hmac": "[0-9a-f]{64}""#, with: "\"hmac\": \"" + String(repeating: "a", count: 62) + "é\"", options: .regularExpression)
    #expect(mangled != text)
    try Data(mangled.utf8).write(to: url)
    let garbled = try EntitleProcess.run(["apply", "--plan", "saved.plan", "--store", workspace.storeURL], in: workspace.root, environment: signed)
    #expect(garbled.status == 1)
    #expect(garbled.stderr.contains("signature does not match"), "\(garbled.stderr)")

    // The genuine plan applies under its key.
    try Data(text.utf8).write(to: url)
    let applied = try EntitleProcess.run(["apply", "--plan", "saved.plan", "--store", workspace.storeURL], in: workspace.root, environment: signed)
    #expect(applied.status == 0, "\(applied.stderr)")
    outputs += [applied.stdout, applied.stderr]

    // An unsigned plan where a key is expected, and a key too short to be one, are refused.
    try workspace.expect(["plan", "manifests", "--out", "unsigned.plan"], status: 0)
    let unsigned = try EntitleProcess.run(["apply", "--plan", "unsigned.plan", "--store", workspace.storeURL], in: workspace.root, environment: signed)
    #expect(unsigned.status == 1)
    #expect(unsigned.stderr.contains("is not signed, but ENTITLE_PLAN_KEY is set"), "\(unsigned.stderr)")
    let short = try EntitleProcess.run(
        ["plan", "manifests", "--out", "short.plan", "--store", workspace.storeURL], in: workspace.root, environment: ["ENTITLE_PLAN_KEY": "short"])
    #expect(short.status == 1)
    #expect(short.stderr.contains("ENTITLE_PLAN_KEY is too short"))
    #expect(!FileManager.default.fileExists(atPath: workspace.root.appendingPathComponent("short.plan").path))
    outputs += [unsigned.stderr, short.stderr]
    for output in outputs { #expect(!output.contains(key), "the key was shown") }
}

/// Field changes read back from a plan file lose what JSON cannot hold (sets, absent versus null);
/// a plan that changes a set of approvers, or adds access reviews, must still apply as saved.
@Test(arguments: [
    ("approvers: [internalSponsors]", "approvers: [internalSponsors, { user: megan@woodgrove.example }]"),
    (
        "after: 60d",
        "after: 60d\n      accessReviews:\n        starting: 2027-01-04\n        recurrence: quarterly\n        duration: 14d\n        reviewers: self\n        onNoResponse: removeAccess"
    ),
])
func aSavedPlanChangingASetOrAddingReviewsApplies(edit: (String, String)) throws {
    let workspace = try Workspace()
    defer { workspace.remove() }
    try workspace.loadDirectory()
    try workspace.expect(["apply", "manifests", "--auto-approve"], status: 0)
    try workspace.edit("external-user-package.yaml", replacing: edit.0, with: edit.1)
    try workspace.expect(["plan", "manifests", "--out", "saved.plan"], status: 0)
    try workspace.expect(["show", "--plan", "saved.plan"], status: 0)
    let applied = try workspace.expect(["apply", "--plan", "saved.plan"], status: 0)
    #expect(applied.stdout.contains("1 updated"), "\(applied.stdout)")
    // Applied exactly: the manifests now plan clean.
    try workspace.expect(["plan", "manifests", "--detailed-exitcode"], status: 0)
}
