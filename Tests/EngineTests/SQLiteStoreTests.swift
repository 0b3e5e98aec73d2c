import EntitlementModel
import Foundation
import GRDB
import SQLiteStore
import Store
import Testing
import _TestSupport

@Test func theSQLiteStoreRunsWithWALFullSyncAndForeignKeys() throws {
    let directory = try EntitleProcess.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let path = directory.appendingPathComponent("nested/store.db").path
    let store = try SQLiteStore(path: path, lockTimeout: 7.5)
    #expect(try store.connectionSettings() == ["journal_mode": "wal", "synchronous": "2", "foreign_keys": "1"])
    let attributes = try FileManager.default.attributesOfItem(atPath: path)
    #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
    let parent = try FileManager.default.attributesOfItem(atPath: directory.appendingPathComponent("nested").path)
    #expect((parent[.posixPermissions] as? NSNumber)?.intValue == 0o700)
}

@Test func reopeningAStoreKeepsItsLineageAndChangesNoByte() async throws {
    let directory = try EntitleProcess.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let path = directory.appendingPathComponent("store.db").path
    let lineage = try await SQLiteStore(path: path, lockTimeout: 1).snapshot().basis.lineage
    let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
    let reopened = try SQLiteStore(path: path, lockTimeout: 1)
    #expect(try await reopened.snapshot().basis.lineage == lineage)
    #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == bytes)
}

@Test func aDatabaseThatIsNotAnEntitleStoreIsRefused() throws {
    let directory = try EntitleProcess.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let path = directory.appendingPathComponent("other.db").path
    try DatabaseQueue(path: path).write { db in try db.execute(sql: "CREATE TABLE notes (text TEXT)") }
    #expect {
        _ = try SQLiteStore(path: path, lockTimeout: 1)
    } throws: { error in
        guard case StoreError.corrupt(_, let reason) = error else { return false }
        return reason.contains("no entitle schema")
    }
}

/// Damage done to a store's rows behind its back, and what a read of it must then say.
private let damagedRows: [(damage: String, reason: String)] = [
    ("UPDATE objects SET kind = 'gizmo'", "unknown object kind 'gizmo'"),
    ("UPDATE directory SET kind = 'robot'", "unknown directory kind 'robot'"),
    ("INSERT INTO inventory VALUES ('not an address', 'x', '{}', 1, '1.0')", "inventory address 'not an address' is not an address"),
    ("INSERT INTO pending VALUES ('catalog.sales', '{}')", "a pending operation cannot be read"),
    ("DELETE FROM meta WHERE key = 'serial'", "lineage or serial missing"),
]

@Test(arguments: damagedRows)
func aDamagedRowMakesTheStoreCorruptNamingWhatCannotBeRead(damage: String, reason: String) async throws {
    let directory = try EntitleProcess.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let path = directory.appendingPathComponent("store.db").path
    let store = try SQLiteStore(path: path, lockTimeout: 1)
    _ = try await store.loadDirectory([DirectoryObject(id: "u1", kind: .user, displayName: "Alex", userPrincipalName: "alex@example.com")])
    try await DatabaseQueue(path: path).write { db in
        // The schema's checks would refuse most of this damage; a damaged file has been past them.
        try db.execute(sql: "PRAGMA ignore_check_constraints = ON")
        try db.execute(sql: damage)
    }
    await #expect(throws: StoreError.corrupt(location: "sqlite:" + path, reason: reason)) { try await store.snapshot() }
}
