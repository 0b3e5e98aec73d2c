import PostgresStore
import Synchronization

/// The stores a command opened, closed when it ends, so a PostgreSQL server sees its clients
/// leave cleanly.
enum OpenStores {
    private static let stores = Mutex<[PostgresStore]>([])

    static func add(_ store: PostgresStore) {
        stores.withLock { $0.append(store) }
    }

    static func closeAll() async {
        for store in stores.withLock({ stores in
            defer { stores = [] }; return stores
        }) { await store.close() }
    }
}
