import Foundation
import GRDB
import Testing
import _TestSupport

/// A scratch directory holding a copy of a manifest set and an embedded store, driven through the
/// real `entitle` binary as a user would.
struct Workspace {
    let root: URL
    var manifests: URL { root.appendingPathComponent("manifests") }
    var storePath: String { root.appendingPathComponent("store/store.db").path }
    /// The store: the embedded one under `store/`, unless the workspace was made for another.
    let storeURL: String

    /// A copy of `examples/<example>` in a fresh directory, with `storeURL` as its store (default:
    /// a new SQLite file in the workspace).
    init(copying example: String = "tutorial", storeURL: String? = nil) throws {
        root = try EntitleProcess.temporaryDirectory()
        self.storeURL = storeURL ?? "sqlite:" + root.appendingPathComponent("store/store.db").path
        try FileManager.default.copyItem(at: EntitleProcess.packageRoot.appendingPathComponent("examples/" + example), to: manifests)
    }

    /// Runs `entitle arguments… --store <this store>` in the workspace.
    @discardableResult
    func run(_ arguments: [String], store: Bool = true) throws -> ProcessOutcome {
        try EntitleProcess.run(arguments + (store ? ["--store", storeURL] : []), in: root)
    }

    /// Runs and expects `status`, reporting output otherwise.
    @discardableResult
    func expect(_ arguments: [String], status: Int32, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> ProcessOutcome {
        let outcome = try run(arguments)
        #expect(
            outcome.status == status, "entitle \(arguments.joined(separator: " ")) exited \(outcome.status)\n\(outcome.stdout)\n\(outcome.stderr)",
            sourceLocation: sourceLocation)
        return outcome
    }

    /// Loads the set's directory seed.
    func loadDirectory() throws {
        try expect(["directory", "load", "manifests/directory.yaml"], status: 0)
    }

    /// Replaces `old` with `new` in a manifest file.
    func edit(_ file: String, replacing old: String, with new: String) throws {
        let url = manifests.appendingPathComponent(file)
        let text = try String(contentsOf: url, encoding: .utf8)
        #expect(text.contains(old), "\(file) does not contain '\(old)'")
        try Data(text.replacingOccurrences(of: old, with: new).utf8).write(to: url)
    }

    /// The store file's bytes (and its WAL's, which hold committed writes not yet checkpointed).
    func storeBytes() throws -> [Data] {
        try [storePath, storePath + "-wal"].map { path in
            FileManager.default.fileExists(atPath: path) ? try Data(contentsOf: URL(fileURLWithPath: path)) : Data()
        }
    }

    /// Runs SQL against the store, as another tool would.
    func sql(_ statements: String) throws {
        let queue = try DatabaseQueue(path: storePath)
        try queue.write { db in try db.execute(sql: statements) }
    }

    /// Runs `body` while this process holds the store's write lock (`BEGIN IMMEDIATE`, rolled back
    /// after), as another apply would.
    func holdingWriteLock<T>(_ body: (Database) throws -> T) throws -> T {
        let queue = try DatabaseQueue(path: storePath)
        return try queue.writeWithoutTransaction { db in
            try db.execute(sql: "BEGIN IMMEDIATE")
            defer { try? db.execute(sql: "ROLLBACK") }
            return try body(db)
        }
    }

    /// One value from the store.
    func scalar(_ query: String) throws -> String? {
        let queue = try DatabaseQueue(path: storePath)
        return try queue.read { db in try String.fetchOne(db, sql: query) }
    }

    func remove() { try? FileManager.default.removeItem(at: root) }
}
