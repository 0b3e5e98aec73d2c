import Foundation
import SQLiteStore
import Store
import Testing
import _StoreConformance
import _TestSupport

@Test(arguments: StoreConformance.checks)
func inMemoryStoreConforms(_ check: ConformanceCheck) async throws {
    try await check.run(InMemoryStore(lineage: UUID().uuidString, generalCatalogID: "general", settingsID: "settings"))
}

@Test(arguments: StoreConformance.checks)
func sqliteStoreConforms(_ check: ConformanceCheck) async throws {
    let directory = try EntitleProcess.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    try await check.run(SQLiteStore(path: directory.appendingPathComponent("store.db").path, lockTimeout: 5))
}
