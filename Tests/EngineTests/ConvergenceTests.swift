import Engine
import EntitlementModel
import Foundation
import GRDB
import Planner
import SQLiteStore
import Store
import Testing
import _TestSupport

/// Every row of every table of an SQLite store, read by an independent connection.
private func rows(of path: String) throws -> [String: Set<String>] {
    let queue = try DatabaseQueue(path: path)
    return try queue.read { db in
        var tables: [String: Set<String>] = [:]
        for table in ["meta", "objects", "inventory", "directory", "assignments", "journal"] {
            tables[table] = Set(try Row.fetchAll(db, sql: "SELECT * FROM \(table)").map(\.description))
        }
        return tables
    }
}

@Test(arguments: 1...12)
func applyingAPlanConvergesAndIsIdempotent(seed: Int) async throws {
    let directory = try EntitleProcess.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let path = directory.appendingPathComponent("store.db").path
    var scenario = try await Scenario.make(store: try SQLiteStore(path: path, lockTimeout: 5))
    let generated = RandomManifestSet(seed: UInt64(seed))
    let files = generated.files

    // apply(plan(d)), then plan(d) is empty.
    let first = try await scenario.apply(files)
    #expect(first.summary.create > 0)
    let second = try #require(try await scenario.plan(files).plan)
    #expect(second.changes.isEmpty, "not converged: \(second.changes.map { "\($0.action) \($0.address) \($0.fieldChanges.map(\.path))" })")

    // Applying again changes nothing, not even the serial.
    let before = try rows(of: path)
    try await scenario.apply(files)
    #expect(try rows(of: path) == before)

    // One changed field writes exactly: that object, its inventory row, one journal row and the serial.
    var mutated = generated
    let policy = mutated.packages[0].policies[0]
    mutated.packages[0].policies[0].expiryDays = (policy.expiryDays ?? 0) % 365 + 1
    let change = try await scenario.apply(mutated.files)
    #expect(change.changes.map(\.action) == [.update])
    // `never: true` → `after: 1d` adds one field and removes the other.
    let expectedPaths = policy.expiryDays == nil ? ["expiration.after", "expiration.never"] : ["expiration.after"]
    #expect(change.changes.first?.fieldChanges.map(\.path) == expectedPaths)
    let after = try rows(of: path)
    func changedRows(_ table: String) -> Int { after[table, default: []].subtracting(before[table, default: []]).count }
    #expect(changedRows("objects") == 1)
    #expect(changedRows("inventory") == 1)
    #expect(changedRows("journal") == 1)
    #expect(changedRows("meta") == 1)
    #expect(changedRows("directory") == 0 && changedRows("assignments") == 0)
    #expect(after["objects"]?.count == before["objects"]?.count && after["inventory"]?.count == before["inventory"]?.count)
    #expect(try #require(try await scenario.plan(mutated.files).plan).changes.isEmpty)
}
