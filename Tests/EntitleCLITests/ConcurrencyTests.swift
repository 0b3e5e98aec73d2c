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

@Test func twoAppliesAtOnceNeverInterleave() throws {
    let workspace = try Workspace()
    defer { workspace.remove() }
    try workspace.loadDirectory()
    // Two successive commits: the second adds a package to the first.
    let first = workspace.root.appendingPathComponent("commit-1")
    let second = workspace.root.appendingPathComponent("commit-2")
    try FileManager.default.copyItem(at: workspace.manifests, to: first)
    try FileManager.default.copyItem(at: workspace.manifests, to: second)
    let template = try String(contentsOf: workspace.manifests.appendingPathComponent("external-user-package.yaml"), encoding: .utf8)
    for index in 0..<150 {
        let text = template.replacingOccurrences(of: "name: external-user-package", with: "name: extra-\(index)")
            .replacingOccurrences(of: "displayName: External user package", with: "displayName: Extra \(index)")
        try Data(text.utf8).write(to: second.appendingPathComponent("extra-\(index).yaml"))
    }
    for round in 0..<3 {
        let runs = try [first, second].map {
            try start(["apply", $0.lastPathComponent, "--auto-approve", "--allow-mass-delete", "--store", workspace.storeURL], in: workspace.root)
        }
        for (process, _) in runs { process.waitUntilExit() }
        var succeeded = 0
        for (process, log) in runs {
            let output = try String(contentsOf: log, encoding: .utf8)
            if process.terminationStatus == 0 {
                succeeded += 1
            } else {
                #expect(process.terminationStatus == 1)
                #expect(output.contains("stale plan") || output.contains("is locked by another operation"), "round \(round): \(output.suffix(400))")
            }
        }
        // The store is exactly the state of the apply the journal lists last: never a mix.
        let last = try #require(try workspace.scalar("SELECT summary FROM journal ORDER BY serial DESC LIMIT 1"))
        let inventory = try #require(try workspace.scalar("SELECT count(*) FROM inventory").flatMap { Int($0) })
        #expect(inventory == 3 || inventory == 303, "round \(round): \(inventory) managed objects: a mix of two commits")
        let matching = inventory == 3 ? first : second
        let plan = try workspace.run(["plan", matching.lastPathComponent, "--detailed-exitcode", "--allow-mass-delete"])
        #expect(plan.status == 0, "round \(round): the store is not the state of \(matching.lastPathComponent) (\(last))")
        #expect(succeeded >= 1, "round \(round): neither apply succeeded")
    }
    let serial = try #require(try workspace.scalar("SELECT value FROM meta WHERE key = 'serial'"))
    #expect(try workspace.scalar("SELECT count(*) FROM journal") == serial)
}

@Test func readersNeitherWaitForNorBreakOnAWriter() throws {
    let workspace = try Workspace()
    defer { workspace.remove() }
    try workspace.loadDirectory()
    try workspace.expect(["apply", "manifests", "--auto-approve"], status: 0)
    try workspace.holdingWriteLock { db in
        try db.execute(sql: "UPDATE meta SET value = '999' WHERE key = 'serial'")  // uncommitted: readers must not see it
        for arguments in [["plan", "manifests", "--detailed-exitcode"], ["show"], ["drift", "manifests"]] {
            let outcome = try workspace.run(arguments + ["--lock-timeout", "0s"])
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
