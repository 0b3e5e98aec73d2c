import Foundation
import GRDB
import Testing
import _TestSupport

/// What a store looks like to the crash checker.
private struct StoreState: Equatable {
    var integrity: String
    var serial: String
    var objects: [String]
    var inventory: Int

    init(integrity: String, serial: String, objects: [String], inventory: Int) {
        self.integrity = integrity
        self.serial = serial
        self.objects = objects
        self.inventory = inventory
    }

    init(path: String) throws {
        let queue = try DatabaseQueue(path: path)
        (integrity, serial, objects, inventory) = try queue.read { db in
            (
                try String.fetchOne(db, sql: "PRAGMA integrity_check") ?? "",
                try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'serial'") ?? "",
                try Row.fetchAll(db, sql: "SELECT * FROM objects ORDER BY id").map(\.description),
                try Int.fetchOne(db, sql: "SELECT count(*) FROM inventory") ?? -1
            )
        }
    }
}

/// How a store came out of a kill.
private enum Verdict: Equatable {
    case before, after, torn(String)
}

/// Exactly the state before the apply, exactly the state after it, or torn.
private func verdict(_ path: String, before: StoreState, after: StoreState) throws -> Verdict {
    let state = try StoreState(path: path)
    guard state.integrity == "ok" else { return .torn("integrity_check: \(state.integrity)") }
    if state == before { return .before }
    if state.serial == after.serial, state.inventory == after.inventory, state.objects.count == after.objects.count { return .after }
    return .torn("serial \(state.serial), \(state.objects.count) objects, \(state.inventory) inventory rows")
}

/// A tutorial workspace with `count` more packages (one policy each): a large change set.
private func largeChangeSet(_ count: Int) throws -> Workspace {
    let workspace = try Workspace()
    try workspace.loadDirectory()
    let template = try String(contentsOf: workspace.manifests.appendingPathComponent("external-user-package.yaml"), encoding: .utf8)
    for index in 0..<count {
        let text = template.replacingOccurrences(of: "name: external-user-package", with: "name: package-\(index)")
            .replacingOccurrences(of: "displayName: External user package", with: "displayName: Package \(index)")
        try Data(text.utf8).write(to: workspace.manifests.appendingPathComponent("package-\(index).yaml"))
    }
    return workspace
}

/// What a signalled run gave.
struct SignalledRun {
    var seconds: Double
    var status: Int32
    var output: String
}

/// Starts `executable arguments…`, sends `signals` (SIGKILL by default) `delay` seconds after it
/// prints `marker` (at once if `marker` is empty), and waits. Returns the seconds from the marker to
/// the exit.
@discardableResult
private func runAndKill(
    _ executable: URL, _ arguments: [String], in directory: URL, marker: String = "", after delay: Double?, signals: [Int32] = [SIGKILL]
) throws -> Double {
    try runAndSignal(executable, arguments, in: directory, marker: marker, after: delay, signals: signals).seconds
}

func runAndSignal(
    _ executable: URL, _ arguments: [String], in directory: URL, marker: String = "", after delay: Double?, signals: [Int32] = [SIGKILL]
) throws -> SignalledRun {
    let process = Process()
    process.executableURL = executable
    process.arguments = arguments
    process.currentDirectoryURL = directory
    let pipe = Pipe()
    process.standardOutput = pipe
    let seen = DispatchSemaphore(value: 0)
    let buffer = OutputBuffer()
    pipe.fileHandleForReading.readabilityHandler = { handle in
        let data = handle.availableData
        if buffer.append(data, marker: marker) { seen.signal() }
    }
    // Standard error is drained as it comes: a full pipe would block the child.
    let errors = Pipe()
    process.standardError = errors
    let errorBuffer = OutputBuffer()
    errors.fileHandleForReading.readabilityHandler = { handle in _ = errorBuffer.append(handle.availableData, marker: "") }
    try process.run()
    if marker.isEmpty {
        seen.signal()
    }
    #expect(seen.wait(timeout: .now() + 60) == .success, "never printed '\(marker)'")
    let start = Date()
    if let delay {
        Thread.sleep(forTimeInterval: delay)
        for signal in signals {
            kill(process.processIdentifier, signal)
            Thread.sleep(forTimeInterval: 0.005)
        }
    }
    process.waitUntilExit()
    let seconds = Date().timeIntervalSince(start)
    pipe.fileHandleForReading.readabilityHandler = nil
    errors.fileHandleForReading.readabilityHandler = nil
    _ = errorBuffer.append(errors.fileHandleForReading.readDataToEndOfFile(), marker: "")
    return SignalledRun(seconds: seconds, status: process.terminationStatus, output: errorBuffer.contents)
}

/// Collects a child's output and tells when a marker first appears.
private final class OutputBuffer: @unchecked Sendable {
    private let lock = NSLock()
    private var text = ""
    private var found = false

    /// Everything appended so far.
    var contents: String { lock.withLock { text } }

    /// Appends `data`; true the first time `marker` is in the text.
    func append(_ data: Data, marker: String) -> Bool {
        lock.lock()
        defer { lock.unlock() }
        text += String(decoding: data, as: UTF8.self)
        guard !found, !marker.isEmpty, text.contains(marker) else { return false }
        found = true
        return true
    }
}

/// A 603-object apply to interrupt: the store before it, the store after one uninterrupted run, and
/// how long the apply runs after printing its plan (the window where the transaction is).
private struct ApplyUnderTest {
    let workspace: Workspace
    let pristine: URL
    let before: StoreState
    let after: StoreState
    let window: Double
    let arguments = ["apply", "manifests", "--auto-approve", "--store"]

    init() throws {
        workspace = try largeChangeSet(300)
        pristine = workspace.root.appendingPathComponent("pristine.db")
        try FileManager.default.copyItem(atPath: workspace.storePath, toPath: pristine.path)
        before = try StoreState(path: pristine.path)
        let reference = workspace.root.appendingPathComponent("reference.db")
        try FileManager.default.copyItem(at: pristine, to: reference)
        window = try runAndKill(
            EntitleProcess.binary, arguments + ["sqlite:" + reference.path], in: workspace.root, marker: "Plan: 603 to create", after: nil)
        after = try StoreState(path: reference.path)
        #expect(after.serial == "1" && after.inventory == 603)
    }
}

@Test func aKilledApplyLeavesTheStoreExactlyBeforeOrAfter() throws {
    let iterations = Int(ProcessInfo.processInfo.environment["ENTITLE_KILL_ITERATIONS"] ?? "") ?? 15
    let run = try ApplyUnderTest()
    defer { run.workspace.remove() }
    let (workspace, pristine, before, after, window, applyArguments) = (run.workspace, run.pristine, run.before, run.after, run.window, run.arguments)

    var outcomes: [String: Int] = [:]
    var generator = SystemRandomNumberGenerator()
    for iteration in 0..<iterations {
        let store = workspace.root.appendingPathComponent("kill-\(iteration).db")
        try FileManager.default.copyItem(at: pristine, to: store)
        // Anywhere from the plan being printed to well after the reference apply ended (a run can be
        // slower than the reference).
        let delay = window * Double.random(in: 0...1.5, using: &generator)
        try runAndKill(EntitleProcess.binary, applyArguments + ["sqlite:" + store.path], in: workspace.root, marker: "Plan: 603 to create", after: delay)
        // WAL frames without a commit left behind: the kill landed while the commit was being written.
        let wal = (try? FileManager.default.attributesOfItem(atPath: store.path + "-wal")[.size] as? Int) ?? 0
        let result = try verdict(store.path, before: before, after: after)
        if wal > 0, result == .before { outcomes["mid-commit", default: 0] += 1 }
        #expect(result != .torn(""), "kill \(iteration) after \(delay) s")
        switch result {
        case .before:
            outcomes["before", default: 0] += 1
            let plan = try EntitleProcess.run(["plan", "manifests", "--detailed-exitcode", "--store", "sqlite:" + store.path], in: workspace.root)
            #expect(plan.status == 2 && plan.stdout.contains("Plan: 603 to create"), "kill \(iteration): \(plan.stdout.suffix(200))")
        case .after:
            outcomes["after", default: 0] += 1
            let plan = try EntitleProcess.run(["plan", "manifests", "--detailed-exitcode", "--store", "sqlite:" + store.path], in: workspace.root)
            #expect(plan.status == 0, "kill \(iteration): \(plan.stdout.suffix(200))")
        case .torn(let why):
            Issue.record("kill \(iteration) after \(delay) s left a torn store: \(why)")
        }
        try? FileManager.default.removeItem(at: store)
    }
    print(
        "kill test: \(iterations) kills, \(outcomes["before", default: 0]) left the store as before "
            + "(\(outcomes["mid-commit", default: 0]) of them while the commit was being written), \(outcomes["after", default: 0]) as after, 0 torn; "
            + "apply window \(Int(window * 1000)) ms")
    #expect(outcomes["before", default: 0] + outcomes["after", default: 0] == iterations)
}

@Test func theCrashCheckSeesATornStoreWhenWritesAreNotInATransaction() throws {
    // The negative control: the same writes as one apply, but one autocommit statement at a time (as
    // entitle never does), killed part-way. The checker must call the result torn.
    let workspace = try largeChangeSet(0)
    defer { workspace.remove() }
    try workspace.expect(["show"], status: 0)
    let pristine = workspace.root.appendingPathComponent("pristine.db")
    try FileManager.default.copyItem(atPath: workspace.storePath, toPath: pristine.path)
    let before = try StoreState(path: pristine.path)
    let after = StoreState(integrity: "ok", serial: "1", objects: before.objects + Array(repeating: "", count: 600), inventory: 600)
    let writer = """
        import sqlite3, sys, time
        db = sqlite3.connect(sys.argv[1], isolation_level=None)
        for i in range(600):
            db.execute("INSERT INTO objects (id, kind, display_name, spec) VALUES (?, 'catalog', ?, '{}')", (f"torn-{i}", f"Catalog {i}"))
            if i == 0:
                print("writing", flush=True)
            time.sleep(0.002)
        db.execute("UPDATE meta SET value = '1' WHERE key = 'serial'")
        """
    let script = workspace.root.appendingPathComponent("writer.py")
    try Data(writer.utf8).write(to: script)
    var torn = 0
    for iteration in 0..<3 {
        let store = workspace.root.appendingPathComponent("control-\(iteration).db")
        try FileManager.default.copyItem(at: pristine, to: store)
        try runAndKill(URL(fileURLWithPath: "/usr/bin/env"), ["python3", script.path, store.path], in: workspace.root, marker: "writing", after: 0.1)
        if case .torn = try verdict(store.path, before: before, after: after) { torn += 1 }
    }
    #expect(torn == 3, "the checker missed a torn store")
}

@Test func ctrlCDuringApplyRollsBackOrCompletesAndSaysWhich() throws {
    let run = try ApplyUnderTest()
    defer { run.workspace.remove() }
    let (workspace, pristine, before, after, window, applyArguments) = (run.workspace, run.pristine, run.before, run.after, run.window, run.arguments)

    var generator = SystemRandomNumberGenerator()
    var seen: Set<String> = []
    for iteration in 0..<8 {
        let store = workspace.root.appendingPathComponent("interrupt-\(iteration).db")
        try FileManager.default.copyItem(at: pristine, to: store)
        // A second Ctrl-C in the last runs: quit at once.
        let signals = iteration >= 6 ? [SIGINT, SIGINT] : [SIGINT]
        let run = try runAndSignal(
            EntitleProcess.binary, applyArguments + ["sqlite:" + store.path], in: workspace.root, marker: "Plan: 603 to create",
            after: window * Double.random(in: 0...0.9, using: &generator), signals: signals)
        let result = try verdict(store.path, before: before, after: after)
        if run.status == 0 {
            // The interrupt came after the apply had finished.
            #expect(result == .after)
            seen.insert("finished")
        } else if signals.count == 2 && run.output.contains("Quit at once") {
            #expect(run.status == 130)
            #expect(result == .before || result == .after, "\(result)")
            seen.insert("quit")
        } else if run.output.contains("the transaction was rolled back; nothing was changed")
            || run.output.contains("Cancelled before the apply started; nothing was changed")
        {
            #expect(run.status == 130)
            #expect(result == .before, "said rolled back, but the store is \(result)")
            seen.insert("rolled back")
        } else {
            #expect(run.output.contains("the apply had already committed"), "\(run.status): \(run.output)")
            #expect(run.status == 130)
            #expect(result == .after, "said committed, but the store is \(result)")
            seen.insert("committed")
        }
    }
    print("interrupt test: outcomes \(seen.sorted())")
    #expect(seen.contains("rolled back"))
}

@Test func ctrlCWhileWaitingForTheLockStopsAtOnceAndWritesNothing() throws {
    let workspace = try Workspace()
    defer { workspace.remove() }
    try workspace.loadDirectory()
    try workspace.holdingWriteLock { db in
        let run = try runAndSignal(
            EntitleProcess.binary, ["apply", "manifests", "--auto-approve", "--lock-timeout", "60s", "--store", workspace.storeURL], in: workspace.root,
            marker: "Plan: 3 to create", after: 0.5, signals: [SIGINT])
        #expect(run.status == 130, "\(run.output)")
        #expect(run.seconds < 10, "the interrupted apply went on waiting for the lock")
        #expect(run.output.contains("the transaction was rolled back; nothing was changed"), "\(run.output)")
    }
    #expect(try workspace.scalar("SELECT value FROM meta WHERE key = 'serial'") == "0")
}
