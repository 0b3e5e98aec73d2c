import Foundation
import GRDB
import Testing
import _TestSupport

/// Starts `entitle arguments…` in `directory` without waiting.
private func start(_ arguments: [String], in directory: URL) throws -> (Process, URL) {
    let process = Process()
    process.executableURL = EntitleProcess.binary
    process.arguments = arguments
    process.currentDirectoryURL = directory
    var environment = ProcessInfo.processInfo.environment
    environment["NO_COLOR"] = "1"
    process.environment = environment
    let log = directory.appendingPathComponent("log-\(UUID().uuidString)")
    _ = FileManager.default.createFile(atPath: log.path, contents: nil)
    let handle = try FileHandle(forWritingTo: log)
    process.standardOutput = handle
    process.standardError = handle
    try process.run()
    return (process, log)
}

/// `count` successive commits in the workspace: commit k is the tutorial plus packages 1…k, as
/// successive merges to main each add one change.
func successiveCommits(_ count: Int, in workspace: Workspace) throws -> [URL] {
    let template = try String(contentsOf: workspace.manifests.appendingPathComponent("external-user-package.yaml"), encoding: .utf8)
    return try (1...count).map { k in
        let commit = workspace.root.appendingPathComponent("commit-\(k)")
        try FileManager.default.copyItem(at: workspace.manifests, to: commit)
        for index in 1...k {
            let text = template.replacingOccurrences(of: "name: external-user-package", with: "name: merge-\(index)")
                .replacingOccurrences(of: "displayName: External user package", with: "displayName: Merge \(index)")
            try Data(text.utf8).write(to: commit.appendingPathComponent("merge-\(index).yaml"))
        }
        return commit
    }
}

/// Starts `processes` applies at once, process k applying commit k, and checks that they never
/// interleave: the store ends exactly at the state of the apply the journal lists last, the serial
/// rose by the number of applies that changed something, with one journal row each, and every
/// other process failed with a lock-timeout or stale-plan message. `scalar` reads the store.
func appliesAtOnceNeverInterleave(processes: Int, in workspace: Workspace, scalar: (String) throws -> String?) throws {
    try workspace.loadDirectory()
    try workspace.expect(["apply", "manifests", "--auto-approve"], status: 0)
    let commits = try successiveCommits(processes, in: workspace)
    let serialBefore = try #require(try scalar("SELECT value FROM meta WHERE key = 'serial'").flatMap { Int($0) })
    let runs = try commits.map {
        try start(
            ["apply", $0.lastPathComponent, "--auto-approve", "--allow-mass-delete", "--lock-timeout", "60s", "--store", workspace.storeURL],
            in: workspace.root)
    }
    for (process, _) in runs { process.waitUntilExit() }
    var serialOfCommit: [Int: Int] = [:]
    for (k, (process, log)) in runs.enumerated() {
        let output = try String(contentsOf: log, encoding: .utf8)
        if process.terminationStatus == 0 {
            if let line = output.split(separator: "\n").first(where: { $0.contains("Store serial is now") }),
                let serial = Int(line.split(separator: " ").last?.trimmingCharacters(in: CharacterSet(charactersIn: ".")) ?? "")
            {
                serialOfCommit[k + 1] = serial
            } else {
                #expect(output.contains("No changes"), "commit \(k + 1) succeeded without a serial: \(output.suffix(400))")
            }
        } else {
            #expect(process.terminationStatus == 1)
            #expect(output.contains("stale plan") || output.contains("is locked by another operation"), "commit \(k + 1): \(output.suffix(400))")
        }
    }
    let serialAfter = try #require(try scalar("SELECT value FROM meta WHERE key = 'serial'").flatMap { Int($0) })
    #expect(!serialOfCommit.isEmpty, "no apply succeeded")
    #expect(
        serialAfter - serialBefore == serialOfCommit.count, "serial rose by \(serialAfter - serialBefore), \(serialOfCommit.count) applies changed something")
    #expect(Set(serialOfCommit.values) == Set((serialBefore + 1)..<(serialAfter + 1)), "serials \(serialOfCommit)")
    #expect(try scalar("SELECT count(*) FROM journal").flatMap { Int($0) } == serialAfter, "one journal row per apply")
    // The store is exactly the desired state of the apply the journal lists last: never a mix.
    let last = try #require(serialOfCommit.first { $0.value == serialAfter }?.key)
    let plan = try workspace.run(["plan", "commit-\(last)", "--detailed-exitcode", "--allow-mass-delete"])
    #expect(plan.status == 0, "the store is not the state of commit \(last), which the journal lists last:\n\(plan.stdout.prefix(600))")
    let managed = try #require(try scalar("SELECT count(*) FROM inventory").flatMap { Int($0) })
    #expect(managed == 3 + 2 * last, "\(managed) managed objects, commit \(last) has \(3 + 2 * last)")
}

@Test func twoAppliesAtOnceNeverInterleaveOnSQLite() throws {
    for _ in 0..<3 {
        let workspace = try Workspace()
        defer { workspace.remove() }
        try appliesAtOnceNeverInterleave(processes: 2, in: workspace, scalar: workspace.scalar)
    }
}

@Test func readersNeitherWaitForNorBreakOnAWriter() throws {
    let workspace = try Workspace()
    defer { workspace.remove() }
    try workspace.loadDirectory()
    try workspace.expect(["apply", "manifests", "--auto-approve"], status: 0)
    try workspace.holdingWriteLock { db in
        try db.execute(sql: "UPDATE meta SET value = '999' WHERE key = 'serial'")  // uncommitted: readers must not see it
        for arguments in [["plan", "manifests", "--detailed-exitcode", "--lock-timeout", "0s"], ["show"], ["drift", "manifests"]] {
            let outcome = try workspace.run(arguments)
            #expect(outcome.status == 0, "\(arguments): \(outcome.stderr)")
            #expect(outcome.seconds < 10)
            #expect(!outcome.stdout.contains("serial 999"))
        }
    }
}

@Test func anApplyWaitsForTheLockInsteadOfFailingAtOnce() throws {
    // The read-then-write trap: a deferred transaction that reads first gets SQLITE_BUSY at once,
    // ignoring the busy timeout. Every write transaction must be BEGIN IMMEDIATE, so this apply waits.
    let workspace = try Workspace()
    defer { workspace.remove() }
    try workspace.loadDirectory()
    let queue = try DatabaseQueue(path: workspace.storePath)
    let holding = DispatchSemaphore(value: 0)
    let thread = Thread {
        try? queue.writeWithoutTransaction { db in
            try db.execute(sql: "BEGIN IMMEDIATE")
            holding.signal()
            Thread.sleep(forTimeInterval: 1.5)
            try db.execute(sql: "COMMIT")
        }
    }
    thread.start()
    holding.wait()
    let outcome = try workspace.run(["apply", "manifests", "--auto-approve", "--lock-timeout", "20s"])
    #expect(outcome.status == 0, "\(outcome.stderr)")
    #expect(outcome.seconds >= 1.0, "the apply did not wait for the lock (\(outcome.seconds) s)")
}
