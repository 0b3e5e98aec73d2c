import Foundation
import Testing
import _TestSupport

/// Every command's whole `--help`, as a user sees it at 80 columns: a change to any option, default
/// or paragraph shows up as a golden-file diff (`ENTITLE_RECORD_GOLDEN=1` re-records).
@Test(arguments: [
    [], ["init"], ["validate"], ["plan"], ["apply"], ["drift"], ["show"], ["history"], ["import"], ["export"], ["directory"],
    ["directory", "load"], ["state"], ["state", "rm"], ["state", "mv"], ["store"], ["store", "copy"], ["schema"],
])
func theHelpOfEveryCommandMatchesItsGoldenFile(command: [String]) throws {
    let outcome = try EntitleProcess.run(command + ["--help"], environment: ["COLUMNS": "80"])
    #expect(outcome.status == 0, "\(outcome.stderr)")
    let name = command.isEmpty ? "entitle" : command.joined(separator: "-")
    try assertGolden(outcome.stdout, "help/\(name).txt")
}

@Test func helpShowsDurationsAsTypedAndOffersLockTimeoutOnlyWhereACommandMayWait() throws {
    for command in ["plan", "apply", "import", "init"] {
        let help = try EntitleProcess.run([command, "--help"], environment: ["COLUMNS": "200"]).stdout
        #expect(help.contains("--lock-timeout <duration>"), "\(command) lacks --lock-timeout")
        #expect(help.contains("(default: 30s)"), "\(command): \(help)")
        #expect(!help.contains("LockTimeout("), "\(command) shows a Swift value")
    }
    for command in ["drift", "show", "export", "history"] {
        let help = try EntitleProcess.run([command, "--help"]).stdout
        #expect(!help.contains("--lock-timeout"), "\(command) offers --lock-timeout but never waits")
    }
    #expect(try EntitleProcess.run(["apply", "--help"], environment: ["COLUMNS": "200"]).stdout.contains("(default: 2m)"))
}

@Test func helpParagraphsAreWrappedOnceNotTwice() throws {
    // A paragraph wrapped by hand and again by the parser leaves a line short of the next line's
    // first word, which would have fitted within the 80 columns.
    for command in ["plan", "apply", "drift", "show", "import", "export", "validate", "init", "history", "directory load"] {
        let help = try EntitleProcess.run(command.split(separator: " ").map(String.init) + ["--help"], environment: ["COLUMNS": "80"]).stdout
        let overview = help.components(separatedBy: "USAGE:")[0].split(separator: "\n", omittingEmptySubsequences: false)
        for (line, next) in zip(overview, overview.dropFirst()) where !line.hasPrefix(" ") && !next.hasPrefix(" ") && !line.isEmpty {
            guard let word = next.split(separator: " ").first, !next.hasSuffix(":") else { continue }
            #expect(line.count + 1 + word.count >= 80, "\(command) --help wraps a paragraph twice: '\(line)' / '\(next)'")
        }
    }
}

@Test func aBadAddressOrIgnoreRuleIsAUsageErrorFoundBeforeAnyIO() throws {
    let directory = try EntitleProcess.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let store = "sqlite:" + directory.appendingPathComponent("nowhere/store.db").path
    let bad = try EntitleProcess.run(["import", "package.x", "id-1", "--store", store], in: directory)
    #expect(bad.status == 64, "\(bad.stderr)")
    #expect(bad.stderr.contains("'package.x' is not an address"))
    let ignore = try EntitleProcess.run(["drift", ".", "--ignore", "description", "--store", store], in: directory)
    #expect(ignore.status == 64, "\(ignore.stderr)")
    #expect(ignore.stderr.contains("--ignore 'description' is not ADDRESS:PATH"))
    #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("nowhere").path))
}
