import Diagnostics
import Engine
import EntitlementModel
import Foundation
import ManifestGenerator
import Manifests
import Planner
import SQLiteStore
import Store
import Synchronization
import Testing
import _TestSupport

/// Counts what a store runs.
private final class StatementLog: Sendable {
    private let statements = Mutex<[String]>([])

    func record(_ statement: String) { statements.withLock { $0.append(statement) } }

    var count: Int { statements.withLock { $0.count } }

    func reset() { statements.withLock { $0.removeAll() } }
}

/// A store holding a generated set of `packages` access packages, applied.
private func populatedStore(packages: Int, in directory: URL) async throws -> String {
    let path = directory.appendingPathComponent("store-\(packages).db").path
    let files = ManifestSetGenerator(packages: packages).files().map { SourceFile(path: $0.path, text: $0.text) }
    let loaded = ManifestLoader().load(files: files)
    let state = try #require(loaded.state)
    let store = try SQLiteStore(path: path, lockTimeout: 5)
    for seed in state.directorySeeds { _ = try await DirectoryLoader.load(seed, into: store) }
    let outcome = try await Reconciler.plan(state, store: store, options: PlanOptions(maxDeletes: 0), toolVersion: "test")
    let plan = try #require(outcome.plan, "\(outcome.diagnostics.prefix(3).map(\.message))")
    _ = try await Reconciler.apply(
        plan, to: store, context: ApplyContext(user: "u", host: "h", time: "t", toolVersion: "test", newID: { UUID().uuidString }))
    return path
}

@Test func readingASnapshotTakesTheSameNumberOfQueriesWhateverTheSize() async throws {
    let directory = try EntitleProcess.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    var counts: [Int: Int] = [:]
    for packages in [100, 2_000] {
        let path = try await populatedStore(packages: packages, in: directory)
        let log = StatementLog()
        let store = try SQLiteStore(path: path, lockTimeout: 5, statementObserver: { log.record($0) })
        log.reset()
        let snapshot = try await store.snapshot()
        #expect(snapshot.inventory.count > packages * 2)
        counts[packages] = log.count
    }
    print("queries to read a snapshot: \(counts)")
    #expect(counts[100] == counts[2_000], "queries for a snapshot: \(counts)")
    #expect((counts[100] ?? 0) <= 10)
}

@Test func aPlanParsesOnlyTheStoredSpecsThatDiffer() async throws {
    let directory = try EntitleProcess.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let path = try await populatedStore(packages: 100, in: directory)
    let generator = ManifestSetGenerator(packages: 100)
    let changed = generator.packageFile(50, expiryDays: 400)
    let files = generator.files().map { $0.path == changed.path ? changed : $0 }.map { SourceFile(path: $0.path, text: $0.text) }
    let state = try #require(ManifestLoader().load(files: files).state)
    let snapshot = try await SQLiteStore(path: path, lockTimeout: 5).snapshot()
    let outcome = await Reconciler.plan(state, snapshot: snapshot, options: PlanOptions(maxDeletes: 0), toolVersion: "test")
    let plan = try #require(outcome.plan)
    #expect(!plan.changes.isEmpty && plan.changes.allSatisfy { $0.action == .update }, "\(plan.changes.map(\.address))")
    // Of the hundreds of stored specs, the plan parsed those of the objects it changes and no
    // other but the catalog resources' (whose resource ids it indexes).
    let parsed = snapshot.objects.filter { $0.storedSpec.isParsed && $0.kind != .catalogResource }
    #expect(snapshot.objects.count > 300)
    #expect(Set(parsed.map(\.id)) == Set(plan.changes.compactMap(\.objectID)), "\(parsed.map(\.kind))")
    #expect(snapshot.inventory.filter { $0.storedSpec.isParsed && $0.address.kind != .catalogResource }.count == plan.changes.count)
}
