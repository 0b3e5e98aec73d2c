import EntitlementModel
import Foundation
import GRDB
import Store
import Synchronization

/// The embedded default store: a local tenant in one SQLite file.
///
/// WAL journal, `synchronous=FULL`, foreign keys on. Every write is one `BEGIN IMMEDIATE`
/// transaction, so two applies never interleave: the second waits up to the lock timeout (SQLite's
/// busy timeout) and then fails. Readers see the last committed state and never wait for a writer.
/// The file is created with mode 0600 on first use, with the built-in objects.
///
/// One connection (a `DatabaseQueue`) is all a command needs; concurrency between processes comes
/// from WAL. (GRDB's `DatabasePool` would also rewrite the schema on every open to make sure a WAL
/// file exists, so a read-only command would change the file's bytes, and it sets
/// `synchronous=NORMAL`.)
public final class SQLiteStore: TransferableStore {
    /// `sqlite:PATH`.
    public let location: String
    private let path: String
    private let lockTimeout: Double
    private let readOnly: Bool
    /// Set when the apply under way is cancelled (Ctrl-C): stops waiting for the lock and rolls back.
    private let interrupted = CancellationFlag()
    private let queue: DatabaseQueue
    /// The Graph tenant id a new store is created for (as that tenant's state), or `nil` for an
    /// embedded store, a local tenant of its own.
    private let newStoreTenant: String?

    /// Opens the store at `path`, creating it (and its directory) on first use, and migrating it to
    /// the current schema. A `readOnly` store must exist already; it is opened without write access,
    /// so nothing it does can change the file (what `drift` and `export` need).
    ///
    /// `statementObserver` sees every SQL statement the store runs (tests count queries with it).
    /// A store created with `stateOf` keeps the state of that Graph tenant: it is bound to the tenant
    /// id and holds no objects of its own.
    public init(
        path: String, lockTimeout: Double, readOnly: Bool = false, stateOf tenantID: String? = nil,
        statementObserver: (@Sendable (String) -> Void)? = nil
    ) throws(StoreError) {
        self.path = path
        self.newStoreTenant = tenantID
        self.location = "sqlite:" + path
        self.lockTimeout = lockTimeout
        self.readOnly = readOnly
        let location = self.location
        if readOnly {
            guard FileManager.default.fileExists(atPath: path) else {
                throw .unavailable(location: location, reason: "there is no store there yet (entitle init creates one, as do apply, directory load and import)")
            }
        } else {
            try Self.createFileIfMissing(path: path, location: location)
        }
        var configuration = Configuration()
        // A busy handler rather than SQLite's plain busy timeout, so that Ctrl-C also ends the wait
        // for another apply's lock (an apply cancelled while waiting has written nothing).
        let interrupted = self.interrupted
        configuration.busyMode = .callback { tries in
            if interrupted.isSet { return false }
            usleep(5_000)
            return Double(tries + 1) * 0.005 < lockTimeout
        }
        configuration.foreignKeysEnabled = true
        configuration.readonly = readOnly
        configuration.prepareDatabase { db in
            if let statementObserver { db.trace(options: .statement) { event in statementObserver(event.description) } }
            if readOnly { return }
            // Switching to WAL needs a write lock; a store already in WAL mode is left alone, so that
            // readers never wait for a writer.
            if try String.fetchOne(db, sql: "PRAGMA journal_mode") != "wal" {
                guard try String.fetchOne(db, sql: "PRAGMA journal_mode = WAL") == "wal" else {
                    throw StoreError.unavailable(location: location, reason: "cannot switch the database to WAL mode")
                }
            }
            try db.execute(sql: "PRAGMA synchronous = FULL")
        }
        do {
            queue = try DatabaseQueue(path: path, configuration: configuration)
        } catch {
            throw Self.storeError(error, location: location, lockTimeout: lockTimeout)
        }
        try migrate()
    }

    /// Creates an empty file with mode 0600 (and its directory with 0700), so the store is never
    /// readable by others, not even for an instant.
    private static func createFileIfMissing(path: String, location: String) throws(StoreError) {
        let manager = FileManager.default
        if manager.fileExists(atPath: path) { return }
        let directory = (path as NSString).deletingLastPathComponent
        var isDirectory: ObjCBool = false
        if !directory.isEmpty, manager.fileExists(atPath: directory, isDirectory: &isDirectory), !isDirectory.boolValue {
            throw .unavailable(location: location, reason: "\(directory) is not a directory")
        }
        if !directory.isEmpty, !manager.fileExists(atPath: directory) {
            do {
                try manager.createDirectory(atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            } catch {
                throw .unavailable(location: location, reason: "cannot create directory \(directory): \(Self.reason(error))")
            }
        }
        let descriptor = open(path, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            if errno == EEXIST { return }
            throw .unavailable(location: location, reason: "cannot create \(path): " + String(cString: strerror(errno)))
        }
        close(descriptor)
    }

    private static func reason(_ error: any Error) -> String {
        if let cocoa = error as? CocoaError, let underlying = cocoa.userInfo[NSUnderlyingErrorKey] as? NSError,
            let code = POSIXErrorCode(rawValue: Int32(underlying.code))
        {
            return String(cString: strerror(code.rawValue))
        }
        return error.localizedDescription
    }

    /// Creates the schema in a new store, upgrades an older one, refuses a newer one. Only a store
    /// that needs migrating takes the write lock.
    private func migrate() throws(StoreError) {
        let current = try read { db in try Int.fetchOne(db, sql: "PRAGMA user_version") ?? 0 }
        if current > SQLiteSchema.version {
            throw StoreError.newerSchema(location: location, found: current, supported: SQLiteSchema.version)
        }
        guard current < SQLiteSchema.version else { return }
        if readOnly {
            throw current == 0
                ? StoreError.corrupt(location: location, reason: "it has no entitle schema")
                : StoreError.unavailable(location: location, reason: "its schema (version \(current)) needs upgrading; run 'entitle plan' once")
        }
        try write { db in
            let version = try Int.fetchOne(db, sql: "PRAGMA user_version") ?? 0
            if version > SQLiteSchema.version {
                throw StoreError.newerSchema(location: location, found: version, supported: SQLiteSchema.version)
            }
            if version == 0 {
                let tables = try Int.fetchOne(db, sql: "SELECT count(*) FROM sqlite_master") ?? 0
                if tables > 0 { throw StoreError.corrupt(location: location, reason: "the database has tables but no entitle schema") }
            }
            guard version < SQLiteSchema.version else { return }
            for migration in SQLiteSchema.migrations[version...] { try db.execute(sql: migration) }
            try db.execute(sql: "PRAGMA user_version = \(SQLiteSchema.version)")
            if version == 0 { try initialize(db) }
        }
    }

    private func initialize(_ db: Database) throws {
        let lineage = UUID().uuidString.lowercased()
        try db.execute(
            sql: "INSERT INTO meta (key, value) VALUES ('lineage', ?), ('serial', '0'), ('createdAt', ?)",
            arguments: [lineage, ISO8601DateFormatter().string(from: Date())])
        if let newStoreTenant {
            // A tenant's state: its objects live in the tenant, not here.
            try db.execute(sql: "INSERT INTO meta (key, value) VALUES ('tenant', ?)", arguments: [newStoreTenant])
            return
        }
        for object in [
            BuiltInObjects.generalCatalog(id: UUID().uuidString.lowercased()), BuiltInObjects.settings(id: UUID().uuidString.lowercased()),
        ] {
            try insert(object, db)
        }
    }

    /// The connection settings in force (`journal_mode`, `synchronous`, `foreign_keys`), for checks.
    /// (The lock timeout is a busy handler, which no pragma shows.)
    public func connectionSettings() throws(StoreError) -> [String: String] {
        try read { db in
            var settings: [String: String] = [:]
            for name in ["journal_mode", "synchronous", "foreign_keys"] {
                settings[name] = try String.fetchOne(db, sql: "PRAGMA \(name)")
            }
            return settings
        }
    }

    // MARK: Reading

    /// The Graph tenant id whose state this store keeps (meta `tenant`), or `nil`.
    public func boundTenant() async throws(StoreError) -> String? {
        try read { db in try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'tenant'") }
    }

    /// Everything planning needs, read in one transaction.
    public func snapshot() async throws(StoreError) -> StoreSnapshot {
        try read { db in try self.readSnapshot(db) }
    }

    /// Five queries, whatever the store's size: no query per object.
    private func readSnapshot(_ db: Database) throws -> StoreSnapshot {
        let basis = try readBasis(db)
        // Rows are read through cursors, one at a time, so no table is held twice in memory. An
        // inventory spec whose text equals its object's (the usual case: nothing drifted) comes back
        // NULL from the join and shares the object's parsed value.
        var decoder = self.decoder
        var objects: [LiveObject] = []
        let objectRows = try Row.fetchCursor(db, sql: "SELECT id, kind, parent_id, display_name, spec, built_in FROM objects ORDER BY id")
        while let row = try objectRows.next() {
            objects.append(
                try decoder.object(
                    id: row["id"], kind: row["kind"], parentID: row["parent_id"], displayName: row["display_name"], specText: row["spec"],
                    builtIn: row["built_in"]))
        }
        var inventory: [InventoryEntry] = []
        let inventoryRows = try Row.fetchCursor(
            db,
            sql: """
                SELECT i.address, i.object_id, CASE WHEN i.spec = o.spec THEN NULL ELSE i.spec END AS spec, i.serial, i.tool_version
                FROM inventory i LEFT JOIN objects o ON o.id = i.object_id ORDER BY i.address
                """)
        while let row = try inventoryRows.next() {
            inventory.append(
                try decoder.inventoryEntry(
                    address: row["address"], objectID: row["object_id"], specText: row["spec"], serial: row["serial"], toolVersion: row["tool_version"]))
        }
        let directory = try Row.fetchAll(
            db, sql: "SELECT id, kind, display_name, user_principal_name, url, external, dynamic, roles FROM directory ORDER BY id"
        ).map { row throws in
            try decoder.directoryObject(
                id: row["id"], kind: row["kind"], displayName: row["display_name"], userPrincipalName: row["user_principal_name"], url: row["url"],
                external: row["external"], dynamic: row["dynamic"], rolesText: row["roles"])
        }
        var assignments: [String: Int] = [:]
        for row in try Row.fetchAll(
            db,
            sql: """
                SELECT access_package_id AS id, count(*) AS n FROM assignments WHERE state = 'delivered' GROUP BY access_package_id
                UNION ALL
                SELECT policy_id, count(*) FROM assignments WHERE state = 'delivered' AND policy_id IS NOT NULL GROUP BY policy_id
                """)
        {
            assignments[row["id"], default: 0] += row["n"] as Int
        }
        var snapshot = StoreSnapshot(basis: basis, objects: objects, inventory: inventory, directory: directory, activeAssignments: assignments)
        snapshot.pending = try String.fetchAll(db, sql: "SELECT operation FROM pending ORDER BY address").map { text throws in
            try decoder.pendingOperation(text)
        }
        return snapshot
    }

    private func readBasis(_ db: Database) throws -> StoreBasis {
        let meta = Dictionary(
            try Row.fetchAll(db, sql: "SELECT key, value FROM meta").map { ($0["key"] as String, $0["value"] as String) },
            uniquingKeysWith: { first, _ in first })
        return try decoder.basis(meta: meta)
    }

    /// Reads the columns back into values; a fresh one for each snapshot (it remembers object specs).
    private var decoder: StoredRowDecoder { StoredRowDecoder(location: location) }

    /// The journal, oldest first.
    public func journal() async throws(StoreError) -> [JournalEntry] {
        try read { db in try self.readJournal(db) }
    }

    private func readJournal(_ db: Database) throws -> [JournalEntry] {
        try Row.fetchAll(db, sql: "SELECT * FROM journal ORDER BY serial").map { row throws in
            try self.decoder.journalEntry(
                serial: row["serial"], appliedAt: row["applied_at"], user: row["user"], host: row["host"], toolVersion: row["tool_version"],
                planDigest: row["plan_digest"], summary: row["summary"], changesText: row["changes"])
        }
    }

    /// Everything the store holds, read in one transaction.
    public func contents() async throws(StoreError) -> StoreContents {
        try read { db in try self.readContents(db) }
    }

    private func readContents(_ db: Database) throws -> StoreContents {
        let snapshot = try readSnapshot(db)
        let assignments = try Row.fetchAll(db, sql: "SELECT id, access_package_id, policy_id, target_id, state FROM assignments ORDER BY id").map {
            AssignmentRecord(
                id: $0["id"], accessPackageID: $0["access_package_id"], policyID: $0["policy_id"], targetID: $0["target_id"], state: $0["state"])
        }
        return StoreContents(
            basis: snapshot.basis, objects: snapshot.objects, inventory: snapshot.inventory, directory: snapshot.directory, assignments: assignments,
            journal: try readJournal(db), tenant: try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'tenant'"))
    }

    // MARK: Writing

    /// Applies the batch if the basis still holds, all or nothing.
    public func apply(_ batch: ApplyBatch) async throws(StoreError) -> StoreBasis {
        // Cancelling the calling task (Ctrl-C) rolls the transaction back at the next write; once
        // the commit has begun it completes. The flag crosses to GRDB's queue, where no task is current.
        let cancelled = interrupted
        let result: Result<StoreBasis, StoreError> = await withTaskCancellationHandler {
            do throws(StoreError) {
                return .success(try applyNow(batch, cancelled: cancelled))
            } catch {
                // Giving up the wait for the lock because of Ctrl-C is an interruption, not a timeout.
                if cancelled.isSet, case .lockTimeout = error { return .failure(.interrupted) }
                return .failure(error)
            }
        } onCancel: {
            cancelled.set()
        }
        return try result.get()
    }

    private func applyNow(_ batch: ApplyBatch, cancelled: CancellationFlag) throws(StoreError) -> StoreBasis {
        try write { db in
            let basis = try readBasis(db)
            guard basis == batch.basis else {
                throw StoreError.stalePlan(expected: batch.basis.description, found: basis.description)
            }
            for write in batch.objects {
                if cancelled.isSet { throw StoreError.interrupted }
                switch write {
                case .create(let object):
                    try insert(object, db)
                case .update(let object):
                    try db.execute(
                        sql: "UPDATE objects SET display_name = ?, spec = ?, parent_id = ? WHERE id = ?",
                        arguments: [object.displayName, object.spec.jsonText(), object.parentID, object.id])
                    guard db.changesCount == 1 else { throw StoreError.rejected(reason: "object \(object.id) does not exist") }
                case .delete(let id, _):
                    try db.execute(sql: "DELETE FROM objects WHERE id = ?", arguments: [id])
                    guard db.changesCount == 1 else { throw StoreError.rejected(reason: "object \(id) does not exist") }
                }
            }
            try writeInventory(batch.inventory, db)
            if cancelled.isSet { throw StoreError.interrupted }
            let serial = basis.serial + 1
            try db.execute(sql: "UPDATE meta SET value = ? WHERE key = 'serial'", arguments: [String(serial)])
            try insertJournal(batch.journal, serial: serial, db)
            return StoreBasis(lineage: basis.lineage, serial: serial)
        }
    }

    // MARK: A live tenant's state

    /// The lease as it stands, without taking it.
    public func currentLease() async throws(StoreError) -> Lease? {
        try read { db in try self.lease(db) }
    }

    /// Takes the lease if it is vacant; otherwise returns its holder.
    public func tryLease(_ lease: Lease) async throws(StoreError) -> Lease? {
        try write { db in
            if let holder = try self.lease(db), holder.token != lease.token, !holder.isVacant() { return holder }
            try db.execute(
                sql: "INSERT INTO meta (key, value) VALUES ('lease', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value", arguments: [lease.stored])
            return nil
        }
    }

    /// Extends the lease if it is still this one.
    public func renewLease(_ lease: Lease) async throws(StoreError) {
        try write { db in
            try self.checkLease(lease, db)
            try db.execute(sql: "UPDATE meta SET value = ? WHERE key = 'lease'", arguments: [lease.stored])
        }
    }

    /// Gives the lease up if it is still this one.
    public func releaseLease(_ lease: Lease) async throws(StoreError) {
        try write { db in
            if try self.lease(db)?.token == lease.token {
                try db.execute(sql: "DELETE FROM meta WHERE key = 'lease'")
            }
        }
    }

    /// Writes one step of an apply to a live tenant, if the lease still holds.
    public func commit(_ commit: StateCommit) async throws(StoreError) {
        try write { db in
            try self.checkLease(commit.lease, db)
            for operation in commit.intend {
                try db.execute(
                    sql: "INSERT INTO pending (address, operation) VALUES (?, ?) ON CONFLICT (address) DO UPDATE SET operation = excluded.operation",
                    arguments: [operation.address.description, operation.stored.jsonText()])
            }
            for address in commit.settle { try db.execute(sql: "DELETE FROM pending WHERE address = ?", arguments: [address.description]) }
            try self.writeInventory(commit.inventory, db)
            if let serial = commit.serial { try db.execute(sql: "UPDATE meta SET value = ? WHERE key = 'serial'", arguments: [String(serial)]) }
            if let journal = commit.journal { try insertJournal(journal, serial: journal.serial, db) }
        }
    }

    private func lease(_ db: Database) throws -> Lease? {
        try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'lease'").flatMap(decoder.lease)
    }

    private func checkLease(_ lease: Lease, _ db: Database) throws {
        let holder = try self.lease(db)
        guard holder?.token == lease.token else {
            let other = holder.map { " (now held for \($0))" } ?? ""
            throw StoreError.rejected(reason: "the lease on \(location) was lost\(other); stopped before writing more")
        }
    }

    private func writeInventory(_ writes: [InventoryWrite], _ db: Database) throws {
        for write in writes {
            switch write {
            case .put(let entry):
                try db.execute(
                    sql: """
                        INSERT INTO inventory (address, object_id, spec, serial, tool_version) VALUES (?, ?, ?, ?, ?)
                        ON CONFLICT (address) DO UPDATE SET object_id = excluded.object_id, spec = excluded.spec,
                            serial = excluded.serial, tool_version = excluded.tool_version
                        """,
                    arguments: [entry.address.description, entry.objectID, entry.spec.jsonText(), entry.serial, entry.toolVersion])
            case .remove(let address):
                try db.execute(sql: "DELETE FROM inventory WHERE address = ?", arguments: [address.description])
            }
        }
    }

    /// Replaces an empty store's contents, in one transaction.
    public func replaceContents(with contents: StoreContents) async throws(StoreError) {
        guard !readOnly else { throw .unavailable(location: location, reason: "it was opened read-only") }
        try write { db in
            let current = try readContents(db)
            guard current.isEmpty else { throw StoreError.notEmpty(location: location, summary: current.summary) }
            try db.execute(sql: "DELETE FROM objects")
            for object in contents.objectsParentsFirst { try insert(object, db) }
            for entry in contents.inventory {
                try db.execute(
                    sql: "INSERT INTO inventory (address, object_id, spec, serial, tool_version) VALUES (?, ?, ?, ?, ?)",
                    arguments: [entry.address.description, entry.objectID, entry.spec.jsonText(), entry.serial, entry.toolVersion])
            }
            for object in contents.directory { try upsertDirectory(object, db) }
            for record in contents.assignments {
                try db.execute(
                    sql: "INSERT INTO assignments (id, access_package_id, policy_id, target_id, state) VALUES (?, ?, ?, ?, ?)",
                    arguments: [record.id, record.accessPackageID, record.policyID, record.targetID, record.state])
            }
            for entry in contents.journal { try insertJournal(entry, serial: entry.serial, db) }
            try db.execute(
                sql: "UPDATE meta SET value = CASE key WHEN 'lineage' THEN ? ELSE ? END WHERE key IN ('lineage', 'serial')",
                arguments: [contents.basis.lineage, String(contents.basis.serial)])
            // A tenant's state stays bound to its tenant; an embedded store's copy is bound to none.
            try db.execute(sql: "DELETE FROM meta WHERE key = 'tenant'")
            if let tenant = contents.tenant { try db.execute(sql: "INSERT INTO meta (key, value) VALUES ('tenant', ?)", arguments: [tenant]) }
        }
    }

    private func insertJournal(_ entry: JournalEntry, serial: Int, _ db: Database) throws {
        try db.execute(
            sql: """
                INSERT INTO journal (serial, applied_at, user, host, tool_version, plan_digest, summary, changes)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                serial, entry.appliedAt, entry.user, entry.host, entry.toolVersion, entry.planDigest, entry.summary, entry.changes.jsonText(),
            ])
    }

    private func insert(_ object: LiveObject, _ db: Database) throws {
        try db.execute(
            sql: "INSERT INTO objects (id, kind, parent_id, display_name, spec, built_in) VALUES (?, ?, ?, ?, ?, ?)",
            arguments: [object.id, object.kind.rawValue, object.parentID, object.displayName, object.spec.jsonText(), object.isBuiltIn])
    }

    /// Adds or updates directory objects by id.
    public func loadDirectory(_ objects: [DirectoryObject], removing: [String], basis: StoreBasis?) async throws(StoreError) -> DirectoryLoadResult {
        try write { db in
            var result = DirectoryLoadResult()
            if !removing.isEmpty {
                let current = try readBasis(db)
                if let basis, current != basis { throw StoreError.stalePlan(expected: basis.description, found: current.description) }
                for id in removing {
                    try db.execute(sql: "DELETE FROM directory WHERE id = ?", arguments: [id])
                    result.removed += db.changesCount
                }
            }
            for object in objects {
                let roles = StoredJSON.rolesText(object.roles)
                let existing = try Row.fetchOne(
                    db, sql: "SELECT kind, display_name, user_principal_name, url, external, dynamic, roles FROM directory WHERE id = ?",
                    arguments: [object.id])
                if let existing {
                    let same =
                        existing["kind"] == object.kind.rawValue && existing["display_name"] == object.displayName
                        && existing["user_principal_name"] == object.userPrincipalName && existing["url"] == object.url
                        && existing["external"] == object.external && existing["dynamic"] == object.dynamic && existing["roles"] == roles
                    if same {
                        result.unchanged += 1
                        continue
                    }
                    result.updated += 1
                } else {
                    result.added += 1
                }
                try upsertDirectory(object, db)
            }
            return result
        }
    }

    private func upsertDirectory(_ object: DirectoryObject, _ db: Database) throws {
        try db.execute(
            sql: """
                INSERT INTO directory (id, kind, display_name, user_principal_name, url, external, dynamic, roles)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (id) DO UPDATE SET kind = excluded.kind, display_name = excluded.display_name,
                    user_principal_name = excluded.user_principal_name, url = excluded.url, external = excluded.external,
                    dynamic = excluded.dynamic, roles = excluded.roles
                """,
            arguments: [
                object.id, object.kind.rawValue, object.displayName, object.userPrincipalName, object.url, object.external, object.dynamic,
                StoredJSON.rolesText(object.roles),
            ])
    }

    // MARK: Transactions and errors

    /// Runs `body` in a `BEGIN IMMEDIATE` transaction: committed if it returns, rolled back if it throws.
    private func write<T>(_ body: (Database) throws -> T) throws(StoreError) -> T {
        do {
            return try queue.writeWithoutTransaction { db in
                var result: T?
                try db.inTransaction(.immediate) {
                    result = try body(db)
                    return .commit
                }
                guard let result else { throw StoreError.rejected(reason: "the transaction produced no result") }
                return result
            }
        } catch {
            throw Self.storeError(error, location: location, lockTimeout: lockTimeout)
        }
    }

    private func read<T>(_ body: (Database) throws -> T) throws(StoreError) -> T {
        do {
            return try queue.read(body)
        } catch {
            throw Self.storeError(error, location: location, lockTimeout: lockTimeout)
        }
    }

    private static func storeError(_ error: any Error, location: String, lockTimeout: Double) -> StoreError {
        if let error = error as? StoreError { return error }
        guard let error = error as? DatabaseError else { return .unavailable(location: location, reason: "\(error)") }
        switch error.resultCode {
        case .SQLITE_BUSY, .SQLITE_LOCKED: return .lockTimeout(location: location, seconds: lockTimeout, holder: nil)
        case .SQLITE_NOTADB, .SQLITE_CORRUPT: return .corrupt(location: location, reason: error.message ?? "not a database")
        case .SQLITE_CANTOPEN, .SQLITE_READONLY, .SQLITE_PERM, .SQLITE_IOERR, .SQLITE_FULL:
            return .unavailable(location: location, reason: error.message ?? "\(error.resultCode)")
        case .SQLITE_CONSTRAINT: return .rejected(reason: error.message ?? "a constraint failed")
        default: return .unavailable(location: location, reason: error.message ?? "\(error)")
        }
    }
}

/// Set once, read from any thread.
final class CancellationFlag: Sendable {
    private let value = Mutex(false)

    var isSet: Bool { value.withLock { $0 } }

    func set() { value.withLock { $0 = true } }
}
