import Foundation
import Testing
import _TestSupport

/// Reading commands never create a store; init, directory load and apply do, and say so.
@Test(arguments: [["plan", "manifests"], ["drift", "manifests"], ["show"], ["export", "--out", "exported"], ["history"]])
func aReadingCommandNeverCreatesAStore(command: [String]) throws {
    let workspace = try Workspace()
    defer { workspace.remove() }
    for store in ["sqlite:missing/dir/store.db", "sqlite:typo.db"] {
        let outcome = try EntitleProcess.run(command + ["--store", store], in: workspace.root)
        #expect(outcome.status == 1, "\(command) \(store): \(outcome.stderr)")
        #expect(outcome.stderr.contains("there is no store at \(store) (--store)"), "\(outcome.stderr)")
        #expect(outcome.stderr.contains("entitle init --store \(store)"), "\(outcome.stderr)")
    }
    #expect(!FileManager.default.fileExists(atPath: workspace.root.appendingPathComponent("missing").path))
    #expect(!FileManager.default.fileExists(atPath: workspace.root.appendingPathComponent("typo.db").path))
    // The default store is named as such, with the shortest way to make it.
    let byDefault = try EntitleProcess.run(command, in: workspace.root)
    #expect(byDefault.status == 1)
    #expect(byDefault.stderr.contains("(the default store); check the URL, or create an empty one with: entitle init"), "\(byDefault.stderr)")
    #expect(!FileManager.default.fileExists(atPath: workspace.root.appendingPathComponent(".entitle").path))
}

@Test func initCreatesAnEmptyStoreOnceAndChangesNothingAfter() throws {
    let workspace = try Workspace()
    defer { workspace.remove() }
    let first = try workspace.expect(["init"], status: 0)
    #expect(first.stderr.contains("Created a new store at"))
    #expect(first.stdout.contains("is ready"))
    let lineage = try #require(try workspace.scalar("SELECT value FROM meta WHERE key = 'lineage'"))
    let again = try workspace.expect(["init"], status: 0)
    #expect(again.stdout.contains("already exists (lineage \(lineage), serial 0); nothing was changed"))
    #expect(!again.stderr.contains("Created"))
    // Now a plan reads it (and finds the names the manifests use missing from its directory).
    let plan = try workspace.run(["plan", "manifests"])
    #expect(plan.status == 1)
    #expect(plan.stderr.contains("E-REF"), "\(plan.stderr)")
}

@Test func directoryLoadAndApplySayWhenTheyCreateAStore() throws {
    let workspace = try Workspace()
    defer { workspace.remove() }
    let load = try workspace.expect(["directory", "load", "manifests/directory.yaml"], status: 0)
    #expect(load.stderr.contains("Created a new store at sqlite:\(workspace.storePath)"), "\(load.stderr)")
    let reload = try workspace.expect(["directory", "load", "manifests/directory.yaml"], status: 0)
    #expect(!reload.stderr.contains("Created"))
    let other = try EntitleProcess.run(
        ["apply", "manifests", "--auto-approve", "--store", "sqlite:fresh.db"], in: workspace.root)
    #expect(other.stderr.contains("Created a new store at sqlite:fresh.db"), "\(other.stderr)")
}

@Test func answeringNoAtTheApplyPromptExits1AndChangesNothing() throws {
    let workspace = try Workspace()
    defer { workspace.remove() }
    try workspace.loadDirectory()
    // The prompt needs a terminal: script(1) gives the binary one.
    let command = [EntitleProcess.binary.path, "apply", "manifests", "--store", workspace.storeURL].map { "'\($0)'" }.joined(separator: " ")
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/script")
    process.arguments = ["-qec", command, "/dev/null"]
    process.currentDirectoryURL = workspace.root
    let input = Pipe()
    process.standardInput = input
    let output = Pipe()
    process.standardOutput = output
    process.environment = ProcessInfo.processInfo.environment.merging(["NO_COLOR": "1"]) { _, new in new }
    try process.run()
    input.fileHandleForWriting.write(Data("no\n".utf8))
    // script(1) puts the terminal's output, stderr included, on its stdout.
    let shown = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    #expect(process.terminationStatus == 1)
    #expect(shown.contains("Apply cancelled; nothing was changed."), "\(shown)")
    #expect(try workspace.scalar("SELECT value FROM meta WHERE key = 'serial'") == "0")
}

@Test func theJournalNamesTheAccountWhenUserAndLognameAreUnset() throws {
    let workspace = try Workspace()
    defer { workspace.remove() }
    try workspace.loadDirectory()
    let outcome = try EntitleProcess.run(
        ["apply", "manifests", "--auto-approve", "--store", workspace.storeURL], in: workspace.root, unsetting: ["USER", "LOGNAME"])
    #expect(outcome.status == 0, "\(outcome.stderr)")
    let expected = String(cString: getpwuid(getuid()).pointee.pw_name)
    let history = try workspace.expect(["history", "--format", "json"], status: 0)
    #expect(history.stdout.contains("\"user\": \"\(expected)\""), "\(history.stdout)")
    #expect(!history.stdout.contains("\"user\": \"unknown\""))
}

@Test func historyListsEveryApplyNewestFirstWithItsChanges() throws {
    let workspace = try Workspace()
    defer { workspace.remove() }
    try workspace.loadDirectory()
    #expect(try workspace.expect(["history"], status: 0).stdout.contains("has no history yet"))
    try workspace.expect(["apply", "manifests", "--auto-approve"], status: 0)
    try workspace.edit(
        "external-user-package.yaml", replacing: "description: Access for external users", with: "description: Changed access for external users")
    try workspace.expect(["apply", "manifests", "--auto-approve"], status: 0)
    let text = try workspace.expect(["history"], status: 0).stdout
    let second = try #require(text.range(of: "serial 2 "))
    let first = try #require(text.range(of: "serial 1 "))
    #expect(second.lowerBound < first.lowerBound, "newest first:\n\(text)")
    #expect(text.contains("~ accessPackage.external-user-package (update)"), "\(text)")
    #expect(text.contains("+ accessPackage.external-user-package.policy.external-users (create)"))
    let limited = try workspace.expect(["history", "--limit", "1", "--format", "json"], status: 0).stdout
    #expect(limited.contains("\"serial\": 2") && !limited.contains("\"serial\": 1"), "\(limited)")
    #expect(limited.contains("\"summary\": \"0 to create, 1 to update, 0 to replace, 0 to delete\""), "\(limited)")
}
