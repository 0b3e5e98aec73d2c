import PostgresNIO
import Store
import Synchronization

/// Transactions and the store's lock: every read is one read-only snapshot transaction, every
/// write one read-write transaction under the store's advisory lock (see `PostgresStore`).
extension PostgresStore {
    /// Runs `body` in a read-only transaction that sees one committed state and never waits for a writer.
    func read<T>(_ body: (PostgresConnection) async throws -> T) async throws(StoreError) -> T {
        guard access.withLock({ $0.mode }) != nil else { throw .unavailable(location: location, reason: "the store was not opened") }
        return try await inTransaction("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", body)
    }

    /// Runs `body` in a read-write transaction holding the store's lock.
    /// `creating` lets a store that was only connected create its schema in the same transaction,
    /// so a write that fails leaves no new, empty store behind (what `store copy` needs).
    func write<T>(operation: String, creating: Bool = false, _ body: (PostgresConnection) async throws -> T) async throws(StoreError) -> T {
        let (mode, openedKey) = access.withLock { $0 }
        guard mode != .readOnly else { throw .unavailable(location: location, reason: "it was opened read-only") }
        guard mode != nil || creating else { throw .unavailable(location: location, reason: "the store was not opened") }
        let location = self.location
        return try await inTransaction("BEGIN ISOLATION LEVEL READ COMMITTED READ WRITE") { connection in
            var key = openedKey
            if key == nil {
                // Migrated (under the migration lock) only if the schema is missing or older.
                var state = try await self.schemaState(connection)
                if state.version != PostgresSchema.version { state = try await self.migrate(connection, stateOf: nil) }
                guard let oid = state.oid else { throw StoreError.corrupt(location: location, reason: "its schema could not be created") }
                key = (Self.lockNamespace << 32) | oid
            }
            guard let key else { throw StoreError.unavailable(location: location, reason: "the store was not opened") }
            try await self.acquireLock(key: key, operation: operation, connection)
            return try await body(connection)
        }
    }

    /// Polls for the transaction-level advisory lock until the lock timeout, so that Ctrl-C can
    /// end the wait and the waiter can say who holds it. Each writer announces itself before it
    /// polls (and again, with the time, once it holds the lock), so a waiter always finds the
    /// holder's announcement: only sessions holding the lock are looked at.
    private func acquireLock(key: Int64, operation: String, _ connection: PostgresConnection) async throws {
        let deadline = ContinuousClock.now + .milliseconds(Int64(lockTimeout * 1000))
        let patience = ContinuousClock.now + .seconds(1)
        try await announce(operation, connection)
        var told = false
        while true {
            var acquired = false
            for try await value in try await connection.query("SELECT pg_try_advisory_xact_lock(\(key))", logger: logger).decode(Bool.self) {
                acquired = value
            }
            if acquired { break }
            if Task.isCancelled { throw StoreError.interrupted }
            if ContinuousClock.now >= deadline {
                throw StoreError.lockTimeout(location: location, seconds: lockTimeout, holder: try await lockHolder(key: key, connection)?.text)
            }
            if !told {
                // Said once, as soon as the holder is known (or after a second without knowing).
                let holder = try await lockHolder(key: key, connection)
                if holder?.announced == true || ContinuousClock.now >= patience {
                    told = true
                    lockWaitObserver?(holder?.text ?? "another operation")
                }
            }
            try? await Task.sleep(for: .milliseconds(50))
        }
        try await announce(operation, connection)
        // A table lock held by something other than entitle must not stall the apply past the
        // lock timeout either.
        let remaining = max(deadline - ContinuousClock.now, .seconds(1))
        let milliseconds = remaining.components.seconds * 1000 + remaining.components.attoseconds / 1_000_000_000_000_000
        try await connection.execute(PostgresQuery(unsafeSQL: "SET LOCAL lock_timeout = \(milliseconds)"), logger: logger)
    }

    /// Announces the operation in `application_name`, for this transaction only.
    private func announce(_ operation: String, _ connection: PostgresConnection) async throws {
        let announcement = LockHolder.current(operation: operation).applicationName
        try await connection.execute("SELECT set_config('application_name', \(announcement), true)", logger: logger)
    }

    /// Who holds the store's lock: `apply by alice@ci-7 since …; database user ci, pid 4242`, and
    /// whether it announced itself.
    private func lockHolder(key: Int64, _ connection: PostgresConnection) async throws -> (text: String, announced: Bool)? {
        // pg_stat_activity is read once per transaction and then kept; a waiter needs it fresh.
        try await connection.execute("SELECT pg_stat_clear_snapshot()", logger: logger)
        let rows = try await connection.query(
            """
            SELECT a.pid, a.usename::text, a.application_name FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
            WHERE l.locktype = 'advisory' AND l.granted AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
                AND l.classid::bigint = \(key >> 32) AND l.objid::bigint = \(key & 0xffff_ffff) AND l.objsubid = 1
            """, logger: logger
        ).collect()
        guard let (pid, user, applicationName) = try rows.first?.decode((Int32, String?, String?).self) else { return nil }
        let session = "database user \(user ?? "?"), pid \(pid)"
        if let announced = applicationName.flatMap(LockHolder.init(applicationName:)) { return ("\(announced.description); \(session)", true) }
        return (session, false)
    }

    /// Runs `body` in a transaction begun with `begin`: committed if it returns, rolled back if it throws.
    func inTransaction<T>(_ begin: String, _ body: (PostgresConnection) async throws -> T) async throws(StoreError) -> T {
        let connection = self.connection
        let logger = self.logger
        let configuration = self.configuration
        let lockTimeout = self.lockTimeout
        let outcome: Result<T, StoreError> = await connectionLock.run { () async -> Result<T, StoreError> in
            do {
                try await connection.execute(PostgresQuery(unsafeSQL: begin), logger: logger)
            } catch {
                return .failure(PostgresFailure.storeError(error, configuration, lockTimeout: lockTimeout))
            }
            let value: T
            do {
                value = try await body(connection)
            } catch {
                if !connection.isClosed { _ = try? await connection.execute("ROLLBACK", logger: logger) }
                return .failure(PostgresFailure.storeError(error, configuration, lockTimeout: lockTimeout))
            }
            do {
                try await connection.execute("COMMIT", logger: logger)
            } catch {
                return .failure(PostgresFailure.commitError(error, configuration, lockTimeout: lockTimeout))
            }
            return .success(value)
        }
        return try outcome.get()
    }
}
