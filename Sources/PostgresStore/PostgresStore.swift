import EntitlementModel
import Foundation
import PostgresNIO
import Store
import Synchronization

/// The shared team store: the SQLite store's logical schema in a PostgreSQL schema, specs as JSONB.
///
/// One direct connection per run (no pool: a pool retries an unreachable server for a minute).
/// Reads are one `REPEATABLE READ READ ONLY` transaction each, so they see one committed state and
/// never wait for a writer. Every write (apply, directory load, copy) is one transaction that first
/// takes a transaction-level advisory lock keyed by the store's schema, polling up to the lock
/// timeout, and announces its holder in `application_name` for whoever waits. A client that dies
/// mid-apply takes its transaction and its lock with it: the server rolls both back.
public final class PostgresStore: TransferableStore {
    /// How a command uses the store.
    public enum Access: Sendable {
        /// Create the schema on first use, migrate an older one.
        case create
        /// The store must exist already (migrating an older schema is allowed).
        case existing
        /// The store must exist at the current schema; nothing is ever written.
        case readOnly
    }

    /// The URL without its password.
    public let location: String
    /// The URL's parts.
    public let configuration: PostgresStoreConfiguration
    // Internal rather than private: the transactions (PostgresTransactions.swift) use them.
    let connection: PostgresConnection
    let logger: Logger
    let lockTimeout: Double
    let lockWaitObserver: (@Sendable (String) -> Void)?
    /// One transaction at a time on the connection.
    let connectionLock = ConnectionLock()
    /// How the store was opened, and its lock's key once known.
    let access = Mutex<(mode: Access?, lockKey: Int64?)>((nil, nil))

    /// The advisory lock's first 32 bits, 'enti': the second 32 are the schema's oid, so the key
    /// is the store's own (two stores in one database never block each other) and unlikely to be
    /// anyone else's.
    static let lockNamespace: Int64 = 0x656e_7469

    private init(
        configuration: PostgresStoreConfiguration, connection: PostgresConnection, logger: Logger, lockTimeout: Double,
        lockWaitObserver: (@Sendable (String) -> Void)?
    ) {
        self.configuration = configuration
        self.location = configuration.location
        self.connection = connection
        self.logger = logger
        self.lockTimeout = lockTimeout
        self.lockWaitObserver = lockWaitObserver
    }

    /// Connects and opens the store for `access` (creating or migrating its schema as allowed).
    /// `lockWaitObserver` hears, once, who holds the lock when a write has to wait for it.
    public static func open(
        _ configuration: PostgresStoreConfiguration, access: Access, lockTimeout: Double, lockWaitObserver: (@Sendable (String) -> Void)? = nil
    ) async throws(StoreError) -> PostgresStore {
        let store = try await connect(configuration, lockTimeout: lockTimeout, lockWaitObserver: lockWaitObserver)
        do {
            try await store.prepare(access)
        } catch {
            await store.close()
            throw error
        }
        return store
    }

    /// Connects without touching the store; `prepare` opens it.
    public static func connect(
        _ configuration: PostgresStoreConfiguration, lockTimeout: Double, lockWaitObserver: (@Sendable (String) -> Void)? = nil
    ) async throws(StoreError) -> PostgresStore {
        let logger = quietLogger()
        let timeout = configuration.connectTimeout
        do {
            let settings = try connectionSettings(configuration)
            // The driver's own timeout covers the TCP connect only; this one also covers a server
            // that accepts the connection and then never answers.
            let connection = try await withThrowingTaskGroup(of: PostgresConnection?.self) { group in
                group.addTask { try await PostgresConnection.connect(configuration: settings, id: 1, logger: logger) }
                group.addTask {
                    try await Task.sleep(for: .seconds(timeout + 0.5))
                    return nil
                }
                defer { group.cancelAll() }
                guard let first = try await group.next(), let connection = first else { throw ConnectTimeout() }
                return connection
            }
            return PostgresStore(
                configuration: configuration, connection: connection, logger: logger, lockTimeout: lockTimeout, lockWaitObserver: lockWaitObserver)
        } catch {
            throw PostgresFailure.storeError(error, configuration, lockTimeout: lockTimeout, connecting: true)
        }
    }

    /// The driver logs nothing a user needs (failures come back as errors), so only critical
    /// messages would pass; none carry the password.
    private static func quietLogger() -> Logger {
        var logger = Logger(label: "entitle.postgres")
        logger.logLevel = .critical
        return logger
    }

    private static func connectionSettings(_ configuration: PostgresStoreConfiguration) throws -> PostgresConnection.Configuration {
        var settings: PostgresConnection.Configuration
        switch configuration.endpoint {
        case .socket(let path):
            settings = .init(unixSocketPath: path, username: configuration.user, password: configuration.password, database: configuration.database)
        case .tcp(let host, let port):
            var tls = TLSConfiguration.makeClientConfiguration()
            switch configuration.tlsMode {
            case .disable, .prefer, .require: tls.certificateVerification = .none
            case .verifyCA: tls.certificateVerification = .noHostnameVerification
            case .verifyFull: tls.certificateVerification = .fullVerification
            }
            let mode: PostgresConnection.Configuration.TLS =
                switch configuration.tlsMode {
                case .disable: .disable
                case .prefer: .prefer(try NIOSSLContext(configuration: tls))
                default: .require(try NIOSSLContext(configuration: tls))
                }
            settings = .init(
                host: host, port: port, username: configuration.user, password: configuration.password, database: configuration.database, tls: mode)
        }
        settings.options.connectTimeout = .milliseconds(Int64(configuration.connectTimeout * 1000))
        // Unqualified names resolve in the store's schema only (pg_catalog is always searched first).
        settings.options.additionalStartupParameters = [("application_name", "entitle"), ("search_path", "\"\(configuration.schema)\"")]
        return settings
    }

    /// Ends the connection.
    public func close() async {
        try? await connection.close()
    }

    // MARK: Opening and migrating

    /// What the database holds under the store's schema.
    struct SchemaState {
        var oid: Int64?
        var tables: Int
        var version: Int?
    }

    /// Whether a store exists in the schema (without creating, migrating or locking anything).
    public func exists() async throws(StoreError) -> Bool {
        try await inTransaction("BEGIN ISOLATION LEVEL READ COMMITTED READ ONLY") { connection throws in
            try await self.schemaState(connection).version != nil
        }
    }

    /// Opens the store for `access`: checks its schema, creating or migrating it if allowed. A
    /// store opened for reading can be reopened for writing on the same connection.
    /// A store created with `stateOf` keeps the state of that Graph tenant: it is bound to the
    /// tenant id and holds no objects of its own.
    public func prepare(_ access: Access, stateOf tenantID: String? = nil) async throws(StoreError) {
        let location = self.location
        try await inTransaction("BEGIN ISOLATION LEVEL READ COMMITTED") { connection throws in
            var state = try await schemaState(connection)
            if let version = state.version, version > PostgresSchema.version {
                throw StoreError.newerSchema(location: location, found: version, supported: PostgresSchema.version)
            }
            if state.version == nil, state.tables > 0 {
                throw StoreError.corrupt(location: location, reason: "schema \(configuration.schema) has tables but no entitle store")
            }
            if state.version != PostgresSchema.version {
                switch access {
                case .readOnly where state.version == nil, .existing where state.version == nil:
                    throw StoreError.unavailable(
                        location: location,
                        reason: "there is no store there yet (entitle init creates one, as do apply, directory load and import; store copy fills one)")
                case .readOnly:
                    throw StoreError.unavailable(
                        location: location, reason: "its schema (version \(state.version ?? 0)) needs upgrading; run 'entitle plan' once")
                case .create, .existing:
                    state = try await migrate(connection, stateOf: tenantID)
                }
            }
            guard let oid = state.oid else { throw StoreError.corrupt(location: location, reason: "schema \(configuration.schema) vanished") }
            self.access.withLock { $0 = (access, (Self.lockNamespace << 32) | oid) }
        }
    }

    func schemaState(_ connection: PostgresConnection) async throws -> SchemaState {
        let schema = configuration.schema
        var state = SchemaState(oid: nil, tables: 0, version: nil)
        var hasMeta = false
        let rows = try await connection.query(
            """
            SELECT n.oid::bigint, (SELECT count(*) FROM pg_class c WHERE c.relnamespace = n.oid AND c.relkind IN ('r', 'p', 'v', 'm')),
                EXISTS (SELECT 1 FROM pg_class c WHERE c.relnamespace = n.oid AND c.relname = 'meta')
            FROM pg_namespace n WHERE n.nspname = \(schema)
            """, logger: logger)
        for try await (oid, tables, meta) in rows.decode((Int64, Int, Bool).self) {
            state.oid = oid
            state.tables = tables
            hasMeta = meta
        }
        guard hasMeta else { return state }
        for try await value in try await connection.query("SELECT value FROM meta WHERE key = 'schemaVersion'", logger: logger).decode(String.self) {
            state.version = Int(value)
        }
        if state.version == nil {
            throw StoreError.corrupt(location: location, reason: "schema \(schema) has a meta table but no entitle schema version")
        }
        return state
    }

    /// Creates or upgrades the schema, in the caller's transaction, under a lock of its own (the
    /// store's lock needs the schema's oid, which may not exist yet).
    func migrate(_ connection: PostgresConnection, stateOf tenantID: String?) async throws -> SchemaState {
        let milliseconds = Int(lockTimeout * 1000)
        try await connection.execute(PostgresQuery(unsafeSQL: "SET LOCAL lock_timeout = \(max(milliseconds, 1))"), logger: logger)
        try await connection.execute("SELECT pg_advisory_xact_lock(\(Int32(Self.lockNamespace)), hashtext(\(configuration.schema)))", logger: logger)
        // Another process may have migrated while this one waited.
        var state = try await schemaState(connection)
        if let version = state.version, version > PostgresSchema.version {
            throw StoreError.newerSchema(location: location, found: version, supported: PostgresSchema.version)
        }
        if state.version == nil, state.tables > 0 {
            throw StoreError.corrupt(location: location, reason: "schema \(configuration.schema) has tables but no entitle store")
        }
        let from = state.version ?? 0
        guard from < PostgresSchema.version else { return state }
        try await connection.execute(PostgresQuery(unsafeSQL: "CREATE SCHEMA IF NOT EXISTS \"\(configuration.schema)\""), logger: logger)
        for migration in PostgresSchema.migrations[from...] {
            for statement in migration { try await connection.execute(PostgresQuery(unsafeSQL: statement), logger: logger) }
        }
        let version = String(PostgresSchema.version)
        if from == 0 {
            let lineage = UUID().uuidString.lowercased()
            let createdAt = ISO8601DateFormatter().string(from: Date())
            try await connection.execute(
                """
                INSERT INTO meta (key, value) VALUES ('lineage', \(lineage)), ('serial', '0'), ('createdAt', \(createdAt)),
                    ('schemaVersion', \(version))
                """, logger: logger)
            if let tenantID {
                try await connection.execute("INSERT INTO meta (key, value) VALUES ('tenant', \(tenantID))", logger: logger)
            }
            for object in tenantID != nil
                ? []
                : [
                    BuiltInObjects.generalCatalog(id: UUID().uuidString.lowercased()), BuiltInObjects.settings(id: UUID().uuidString.lowercased()),
                ]
            {
                try await insert(object, connection)
            }
        } else {
            try await connection.execute("UPDATE meta SET value = \(version) WHERE key = 'schemaVersion'", logger: logger)
        }
        state = try await schemaState(connection)
        return state
    }

    // MARK: Reading

    /// The Graph tenant id whose state this store keeps (meta `tenant`), or `nil`.
    public func boundTenant() async throws(StoreError) -> String? {
        try await read { connection in
            var tenant: String?
            for try await value in try await connection.query("SELECT value FROM meta WHERE key = 'tenant'", logger: self.logger).decode(String.self) {
                tenant = value
            }
            return tenant
        }
    }

    /// Everything planning needs, read in one transaction.
    public func snapshot() async throws(StoreError) -> StoreSnapshot {
        try await read { connection in try await self.readSnapshot(connection) }
    }

    /// Five queries, whatever the store's size.
    private func readSnapshot(_ connection: PostgresConnection) async throws -> StoreSnapshot {
        let basis = try await readBasis(connection)
        var decoder = self.decoder
        var objects: [LiveObject] = []
        let objectRows = try await connection.query(
            "SELECT id, kind, parent_id, display_name, spec_text, built_in FROM objects ORDER BY id", logger: logger)
        for try await (id, kind, parentID, displayName, specText, builtIn) in objectRows.decode((String, String, String?, String, String, Bool).self) {
            objects.append(try decoder.object(id: id, kind: kind, parentID: parentID, displayName: displayName, specText: specText, builtIn: builtIn))
        }
        // An inventory spec equal to its object's (the usual case) comes back NULL and shares it.
        var inventory: [InventoryEntry] = []
        let inventoryRows = try await connection.query(
            """
            SELECT i.address, i.object_id, CASE WHEN i.spec_text = o.spec_text THEN NULL ELSE i.spec_text END, i.serial, i.tool_version
            FROM inventory i LEFT JOIN objects o ON o.id = i.object_id ORDER BY i.address
            """, logger: logger)
        for try await (address, objectID, specText, serial, toolVersion) in inventoryRows.decode((String, String, String?, Int, String).self) {
            inventory.append(try decoder.inventoryEntry(address: address, objectID: objectID, specText: specText, serial: serial, toolVersion: toolVersion))
        }
        let directory = try await readDirectory(connection)
        var assignments: [String: Int] = [:]
        let assignmentRows = try await connection.query(
            """
            SELECT access_package_id, count(*) FROM assignments WHERE state = 'delivered' GROUP BY access_package_id
            UNION ALL
            SELECT policy_id, count(*) FROM assignments WHERE state = 'delivered' AND policy_id IS NOT NULL GROUP BY policy_id
            """, logger: logger)
        for try await (id, count) in assignmentRows.decode((String, Int).self) { assignments[id, default: 0] += count }
        var snapshot = StoreSnapshot(basis: basis, objects: objects, inventory: inventory, directory: directory, activeAssignments: assignments)
        for try await text in try await connection.query("SELECT operation_text FROM pending ORDER BY address", logger: logger).decode(String.self) {
            snapshot.pending.append(try decoder.pendingOperation(text))
        }
        return snapshot
    }

    private func readDirectory(_ connection: PostgresConnection) async throws -> [DirectoryObject] {
        var directory: [DirectoryObject] = []
        let rows = try await connection.query(
            "SELECT id, kind, display_name, user_principal_name, url, external, dynamic, roles::text FROM directory ORDER BY id", logger: logger)
        for try await (id, kind, displayName, upn, url, external, dynamic, rolesText) in rows.decode(
            (String, String, String, String?, String?, Bool, Bool, String).self)
        {
            directory.append(
                try decoder.directoryObject(
                    id: id, kind: kind, displayName: displayName, userPrincipalName: upn, url: url, external: external, dynamic: dynamic,
                    rolesText: rolesText))
        }
        return directory
    }

    private func readBasis(_ connection: PostgresConnection) async throws -> StoreBasis {
        var meta: [String: String] = [:]
        for try await (key, value) in try await connection.query("SELECT key, value FROM meta", logger: logger).decode((String, String).self) {
            meta[key] = value
        }
        return try decoder.basis(meta: meta)
    }

    private func readJournal(_ connection: PostgresConnection) async throws -> [JournalEntry] {
        var journal: [JournalEntry] = []
        let rows = try await connection.query(
            "SELECT serial, applied_at, \"user\", host, tool_version, plan_digest, summary, changes_text FROM journal ORDER BY serial", logger: logger)
        for try await (serial, appliedAt, user, host, toolVersion, planDigest, summary, changes) in rows.decode(
            (Int, String, String, String, String, String, String, String).self)
        {
            journal.append(
                try decoder.journalEntry(
                    serial: serial, appliedAt: appliedAt, user: user, host: host, toolVersion: toolVersion, planDigest: planDigest, summary: summary,
                    changesText: changes))
        }
        return journal
    }

    /// Reads the columns back into values; a fresh one for each snapshot (it remembers object specs).
    private var decoder: StoredRowDecoder { StoredRowDecoder(location: location) }

    /// The journal, oldest first.
    public func journal() async throws(StoreError) -> [JournalEntry] {
        try await read { connection in try await self.readJournal(connection) }
    }

    /// Everything the store holds, read in one transaction.
    public func contents() async throws(StoreError) -> StoreContents {
        try await read { connection in try await self.readContents(connection) }
    }

    private func readContents(_ connection: PostgresConnection) async throws -> StoreContents {
        let snapshot = try await readSnapshot(connection)
        var assignments: [AssignmentRecord] = []
        let rows = try await connection.query("SELECT id, access_package_id, policy_id, target_id, state FROM assignments ORDER BY id", logger: logger)
        for try await (id, packageID, policyID, targetID, state) in rows.decode((String, String, String?, String, String).self) {
            assignments.append(AssignmentRecord(id: id, accessPackageID: packageID, policyID: policyID, targetID: targetID, state: state))
        }
        var tenant: String?
        for try await value in try await connection.query("SELECT value FROM meta WHERE key = 'tenant'", logger: logger).decode(String.self) {
            tenant = value
        }
        return StoreContents(
            basis: snapshot.basis, objects: snapshot.objects, inventory: snapshot.inventory, directory: snapshot.directory, assignments: assignments,
            journal: try await readJournal(connection), tenant: tenant)
    }

    // MARK: Writing

    /// Applies the batch if the basis still holds, all or nothing, under the store's lock.
    public func apply(_ batch: ApplyBatch) async throws(StoreError) -> StoreBasis {
        try await write(operation: "apply") { connection in
            let basis = try await self.readBasis(connection)
            guard basis == batch.basis else {
                throw StoreError.stalePlan(expected: batch.basis.description, found: basis.description)
            }
            // Ctrl-C before the writes are sent, or while they run, rolls back; once the commit
            // has begun it completes.
            if Task.isCancelled { throw StoreError.interrupted }
            var writes = WritePipeline(connection: connection, logger: self.logger)
            // Runs of creates go in as multi-row inserts; everything keeps the batch's order.
            var creates: [LiveObject] = []
            func flushCreates() {
                for chunk in creates.chunked(PostgresQueries.rowsPerInsert) { writes.send(PostgresQueries.insertObjects(chunk)) }
                creates = []
            }
            var puts: [InventoryEntry] = []
            func flushPuts() {
                for chunk in puts.chunked(PostgresQueries.rowsPerInsert) { writes.send(PostgresQueries.putInventory(chunk, upsert: true)) }
                puts = []
            }
            for write in batch.objects {
                if case .create(let object) = write {
                    creates.append(object)
                    continue
                }
                flushCreates()
                switch write {
                case .create: break
                case .update(let object):
                    writes.send(
                        """
                        UPDATE objects SET display_name = \(object.displayName), spec_text = \(object.spec.jsonText()), parent_id = \(object.parentID)
                        WHERE id = \(object.id)
                        """, failingUnlessOneRow: "object \(object.id) does not exist")
                case .delete(let id, _):
                    writes.send("DELETE FROM objects WHERE id = \(id)", failingUnlessOneRow: "object \(id) does not exist")
                }
            }
            flushCreates()
            for write in batch.inventory {
                switch write {
                case .put(let entry):
                    puts.append(entry)
                case .remove(let address):
                    flushPuts()
                    writes.send("DELETE FROM inventory WHERE address = \(address.description)")
                }
            }
            flushPuts()
            let serial = basis.serial + 1
            writes.send("UPDATE meta SET value = \(String(serial)) WHERE key = 'serial'")
            writes.send(PostgresQueries.insertJournal(batch.journal, serial: serial))
            try await writes.finish()
            if Task.isCancelled { throw StoreError.interrupted }
            return StoreBasis(lineage: basis.lineage, serial: serial)
        }
    }

    // MARK: A live tenant's state

    /// The lease as it stands, without taking it.
    public func currentLease() async throws(StoreError) -> Lease? {
        try await read { connection in try await self.lease(connection) }
    }

    /// Takes the lease if it is vacant; otherwise returns its holder.
    public func tryLease(_ lease: Lease) async throws(StoreError) -> Lease? {
        try await write(operation: "apply") { connection in
            if let holder = try await self.lease(connection), holder.token != lease.token, !holder.isVacant() { return holder }
            try await connection.execute(
                "INSERT INTO meta (key, value) VALUES ('lease', \(lease.stored)) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                logger: self.logger)
            return nil
        }
    }

    /// Extends the lease if it is still this one.
    public func renewLease(_ lease: Lease) async throws(StoreError) {
        try await write(operation: "apply") { connection in
            try await self.checkLease(lease, connection)
            try await connection.execute("UPDATE meta SET value = \(lease.stored) WHERE key = 'lease'", logger: self.logger)
        }
    }

    /// Gives the lease up if it is still this one.
    public func releaseLease(_ lease: Lease) async throws(StoreError) {
        try await write(operation: "apply") { connection in
            if try await self.lease(connection)?.token == lease.token {
                try await connection.execute("DELETE FROM meta WHERE key = 'lease'", logger: self.logger)
            }
        }
    }

    /// Writes one step of an apply to a live tenant, if the lease still holds.
    public func commit(_ commit: StateCommit) async throws(StoreError) {
        try await write(operation: "apply") { connection in
            try await self.checkLease(commit.lease, connection)
            var writes = WritePipeline(connection: connection, logger: self.logger)
            for operation in commit.intend {
                writes.send(
                    """
                    INSERT INTO pending (address, operation_text) VALUES (\(operation.address.description), \(operation.stored.jsonText()))
                    ON CONFLICT (address) DO UPDATE SET operation_text = excluded.operation_text
                    """)
            }
            for address in commit.settle { writes.send("DELETE FROM pending WHERE address = \(address.description)") }
            for write in commit.inventory {
                switch write {
                case .put(let entry): writes.send(PostgresQueries.putInventory([entry][...], upsert: true))
                case .remove(let address): writes.send("DELETE FROM inventory WHERE address = \(address.description)")
                }
            }
            if let serial = commit.serial { writes.send("UPDATE meta SET value = \(String(serial)) WHERE key = 'serial'") }
            if let journal = commit.journal { writes.send(PostgresQueries.insertJournal(journal, serial: journal.serial)) }
            try await writes.finish()
        }
    }

    private func lease(_ connection: PostgresConnection) async throws -> Lease? {
        var holder: Lease?
        for try await text in try await connection.query("SELECT value FROM meta WHERE key = 'lease'", logger: logger).decode(String.self) {
            holder = decoder.lease(text)
        }
        return holder
    }

    private func checkLease(_ lease: Lease, _ connection: PostgresConnection) async throws {
        let holder = try await self.lease(connection)
        guard holder?.token == lease.token else {
            let other = holder.map { " (now held for \($0))" } ?? ""
            throw StoreError.rejected(reason: "the lease on \(location) was lost\(other); stopped before writing more")
        }
    }

    /// Adds or updates directory objects by id, under the store's lock.
    public func loadDirectory(_ objects: [DirectoryObject], removing: [String], basis: StoreBasis?) async throws(StoreError) -> DirectoryLoadResult {
        try await write(operation: "directory load") { connection in
            let existing = Dictionary(try await self.readDirectory(connection).map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
            var result = DirectoryLoadResult()
            if !removing.isEmpty {
                let current = try await self.readBasis(connection)
                if let basis, current != basis { throw StoreError.stalePlan(expected: basis.description, found: current.description) }
                let present = removing.filter { existing[$0] != nil }
                try await connection.execute("DELETE FROM directory WHERE id = ANY(\(present))", logger: self.logger)
                result.removed = present.count
            }
            for object in objects {
                switch existing[object.id] {
                case nil: result.added += 1
                case object?:
                    result.unchanged += 1
                    continue
                default: result.updated += 1
                }
                try await connection.execute(PostgresQueries.upsertDirectory(object), logger: self.logger)
            }
            return result
        }
    }

    /// Replaces an empty store's contents, in one transaction under the store's lock. A store that
    /// was only connected (`connect`, no `prepare`) gets its schema in the same transaction.
    public func replaceContents(with contents: StoreContents) async throws(StoreError) {
        try await write(operation: "store copy", creating: true) { connection in
            let current = try await self.readContents(connection)
            guard current.isEmpty else { throw StoreError.notEmpty(location: self.location, summary: current.summary) }
            var writes = WritePipeline(connection: connection, logger: self.logger)
            writes.send("DELETE FROM objects")
            for chunk in contents.objectsParentsFirst.chunked(PostgresQueries.rowsPerInsert) { writes.send(PostgresQueries.insertObjects(chunk)) }
            for chunk in contents.inventory.chunked(PostgresQueries.rowsPerInsert) { writes.send(PostgresQueries.putInventory(chunk, upsert: false)) }
            for object in contents.directory { writes.send(PostgresQueries.upsertDirectory(object)) }
            for record in contents.assignments {
                writes.send(
                    """
                    INSERT INTO assignments (id, access_package_id, policy_id, target_id, state)
                    VALUES (\(record.id), \(record.accessPackageID), \(record.policyID), \(record.targetID), \(record.state))
                    """)
            }
            for entry in contents.journal { writes.send(PostgresQueries.insertJournal(entry, serial: entry.serial)) }
            writes.send(
                """
                UPDATE meta SET value = CASE key WHEN 'lineage' THEN \(contents.basis.lineage) ELSE \(String(contents.basis.serial)) END
                WHERE key IN ('lineage', 'serial')
                """)
            // A tenant's state stays bound to its tenant; an embedded store's copy is bound to none.
            writes.send("DELETE FROM meta WHERE key = 'tenant'")
            if let tenant = contents.tenant { writes.send("INSERT INTO meta (key, value) VALUES ('tenant', \(tenant))") }
            try await writes.finish()
        }
    }

    private func insert(_ object: LiveObject, _ connection: PostgresConnection) async throws {
        try await connection.execute(PostgresQueries.insertObject(object), logger: logger)
    }
}

extension PostgresConnection {
    /// Runs a statement and reads its answer to the end. A query's error can arrive after its
    /// first rows, so a statement whose rows are never read could fail unseen, and only the next
    /// statement would say "transaction aborted".
    func execute(_ query: PostgresQuery, logger: Logger) async throws {
        _ = try await self.query(query, logger: logger).collect()
    }
}

extension Array {
    /// The array in consecutive slices of at most `size` elements.
    func chunked(_ size: Int) -> [ArraySlice<Element>] {
        stride(from: 0, to: count, by: size).map { self[$0..<Swift.min($0 + size, count)] }
    }
}
