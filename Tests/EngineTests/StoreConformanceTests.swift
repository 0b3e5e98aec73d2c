import EntitlementModel
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

/// A store moved SQLite → PostgreSQL → SQLite holds the same contents at every step, with text
/// that tests each store's handling: escapes, non-ASCII, astral characters, JSON-looking strings,
/// and ids whose order differs between byte order and a locale's.
@Test(.enabled(if: TestPostgres.isAvailable, "needs ENTITLE_TEST_POSTGRES_URL (scripts/with-postgres)"))
func contentsSurviveSQLiteToPostgresAndBack() async throws {
    let directory = try EntitleProcess.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let source = try SQLiteStore(path: directory.appendingPathComponent("source.db").path, lockTimeout: 5)
    let before = try await source.snapshot()
    let texts = ["Zoë \"quoted\" \\ back\nline\t😀", "{\"looks\": [\"like JSON\"]}", "ÅB", "a", "B", "é", "e\u{301}", "_x", "Ω", "\u{7f}\u{1}"]
    let objects = texts.enumerated().map { index, text in
        LiveObject(
            id: text + "-\(index)", kind: .connectedOrganization, displayName: text,
            spec: .fields([
                "displayName": .string(text), "tags": .unordered([.string(text), .string("z"), .string("A")]),
                "stages": .list([.int(Int.max), .int(Int.min), .null, .bool(true)]),
            ]))
    }
    _ = try await source.apply(
        ApplyBatch(
            basis: before.basis, objects: objects.map(ObjectWrite.create),
            inventory: objects.enumerated().map { index, object in
                .put(InventoryEntry(address: .connectedOrganization("org-\(index)"), objectID: object.id, spec: object.spec, serial: 1, toolVersion: "t"))
            },
            journal: JournalEntry(
                appliedAt: "2026-11-29T00:00:00Z", user: "ü", host: "h", toolVersion: "t", planDigest: "d", summary: texts[0],
                changes: .list([.fields(["address": .string(texts[1]), "action": .string("create")])]))))
    _ = try await source.loadDirectory(
        texts.enumerated().map { index, text in DirectoryObject(id: "d\(index)", kind: .group, displayName: text, roles: [text, "r"]) })
    let original = try await source.contents()

    let postgres = try await PostgresStore.open(
        try PostgresStoreConfiguration(url: TestPostgres.url(schema: TestPostgres.uniqueSchema())), access: .create, lockTimeout: 5)
    try await postgres.replaceContents(with: original)
    let inPostgres = try await postgres.contents()
    await postgres.close()
    let unchanged = inPostgres == original
    #expect(unchanged, "PostgreSQL changed the contents; object order \(inPostgres.objects.map(\.id)) vs \(original.objects.map(\.id))")

    let back = try SQLiteStore(path: directory.appendingPathComponent("back.db").path, lockTimeout: 5)
    try await back.replaceContents(with: inPostgres)
    let roundTripped = try await back.contents() == original
    #expect(roundTripped, "the round trip changed the contents")
}
