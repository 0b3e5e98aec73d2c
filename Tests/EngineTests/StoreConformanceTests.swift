import Foundation
import PostgresStore
import SQLiteStore
import Store
import Testing
import _StoreConformance
import _TestSupport

@Test(arguments: StoreConformance.checks)
func inMemoryStoreConforms(_ check: ConformanceCheck) async throws {
    try await check.run { InMemoryStore(lineage: UUID().uuidString, generalCatalogID: "general", settingsID: "settings") }
}

@Test(arguments: StoreConformance.checks)
func sqliteStoreConforms(_ check: ConformanceCheck) async throws {
    let directory = try EntitleProcess.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    try await check.run { try SQLiteStore(path: directory.appendingPathComponent("\(UUID().uuidString).db").path, lockTimeout: 5) }
}

/// Each store in a schema of its own, in the server `scripts/with-postgres` starts (CI always does;
/// without it, the test fails under CI and is skipped elsewhere).
@Test(.enabled(if: TestPostgres.isAvailable, "needs ENTITLE_TEST_POSTGRES_URL (scripts/with-postgres)"), arguments: StoreConformance.checks)
func postgresStoreConforms(_ check: ConformanceCheck) async throws {
    let stores = OpenedStores()
    try await check.run {
        let store = try await PostgresStore.open(
            try PostgresStoreConfiguration(url: TestPostgres.url(schema: TestPostgres.uniqueSchema())), access: .create, lockTimeout: 5)
        await stores.add(store)
        return store
    }
    await stores.closeAll()
}

/// The stores a test opened, to close at its end.
actor OpenedStores {
    private var stores: [PostgresStore] = []

    func add(_ store: PostgresStore) { stores.append(store) }

    func closeAll() async {
        for store in stores { await store.close() }
        stores = []
    }
}
