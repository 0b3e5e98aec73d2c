import ArgumentParser
import Foundation
import PostgresStore
import SQLiteStore
import Store

/// `--store` and the Microsoft Graph options, shared by every command that opens a store. The
/// commands that may wait for another writer add `LockOptions`; the others read without waiting.
struct StoreOptions: ParsableArguments {
    /// The default store: a SQLite file in the current directory.
    static let defaultURL = "sqlite:.entitle/store.db"

    @Option(
        name: .customLong("store"),
        help: ArgumentHelp("The store URL (default: $ENTITLE_STORE, else \(defaultURL)).", valueName: "url"))
    var url: String?

    @OptionGroup(title: "Microsoft Graph") var graph: GraphOptions

    /// The URL in effect: the flag, else `ENTITLE_STORE`, else the default.
    var effectiveURL: String {
        if let url { return url }
        if let env = ProcessInfo.processInfo.environment["ENTITLE_STORE"], !env.isEmpty { return env }
        return Self.defaultURL
    }

    /// How a command opens its store.
    enum Access {
        /// Create the store if there is none, saying so (apply from manifests, directory load,
        /// init, an import into a Graph tenant's new state).
        case create
        /// The store must exist already: a mistyped URL is an error, not a new empty store
        /// (apply of a saved plan, import, the state commands).
        case existing
        /// An existing store, never written (plan, drift, show, export, history).
        case readOnly
    }

    /// Opens the store the URL names; `lockTimeout` is how long a write waits for another writer.
    /// A Graph tenant's state is refused here: it holds no tenant of its own.
    func open(_ access: Access, lockTimeout: Double = 0) async throws -> any StateStore {
        try await Self.embedded(try await Self.open(effectiveURL, origin: origin, access: access, lockTimeout: lockTimeout))
    }

    /// `store`, unless it keeps the state of a Graph tenant.
    static func embedded(_ store: any StateStore) async throws -> any StateStore {
        if let tenant = try await store.boundTenant() {
            throw CommandFailure(
                "\(store.location) keeps the state of a Graph tenant (\(tenant)), not a local tenant; use --tenant graph://\(tenant) --state \(store.location)")
        }
        return store
    }

    /// Where the URL in effect came from, for messages.
    var origin: String {
        url != nil ? "--store" : (effectiveURL == Self.defaultURL ? "the default store" : "ENTITLE_STORE")
    }

    /// Opens the store at `url`; `origin` names where the URL came from in messages (a flag, a
    /// variable). Every store opened is closed when the command ends (`OpenStores`).
    /// A store created with `stateOf` keeps the state of that Graph tenant; creating one is said
    /// on standard error, so a mistyped URL never passes unnoticed.
    static func open(_ url: String, origin: String, access: Access, lockTimeout: Double, stateOf tenantID: String? = nil) async throws -> any StateStore {
        let what = tenantID == nil ? "store" : "state"
        switch try StoreLocation(url, origin: origin) {
        case .sqlite(let path):
            let existed = FileManager.default.fileExists(atPath: path)
            if access != .create, !existed { throw missing(url, origin: origin) }
            let store = try SQLiteStore(path: path, lockTimeout: lockTimeout, readOnly: access == .readOnly, stateOf: tenantID)
            if !existed { Terminal.err("Created a new \(what) at \(store.location).\n") }
            return store
        case .postgres(let configuration):
            let store = try await connect(configuration, lockTimeout: lockTimeout)
            let existed = try await store.exists()
            if access != .create, !existed { throw missing(url, origin: origin) }
            try await store.prepare(access.postgres, stateOf: tenantID)
            if !existed { Terminal.err("Created a new \(what) at \(store.location).\n") }
            return store
        }
    }

    /// Whether the store the options name exists (nothing is created or locked).
    func exists() async throws -> Bool {
        switch try StoreLocation(effectiveURL, origin: origin) {
        case .sqlite(let path): FileManager.default.fileExists(atPath: path)
        case .postgres(let configuration): try await Self.connect(configuration, lockTimeout: 0).exists()
        }
    }

    /// There is no store at `url`: say so, and how to make one.
    static func missing(_ url: String, origin: String) -> CommandFailure {
        let shown = Redaction.url(url)
        let command: String
        switch origin {
        case "--state", "ENTITLE_STATE", "the default state": command = "entitle init --tenant graph://TENANT --state \(shown)"
        case "--store": command = "entitle init --store \(shown) (entitle directory load FILE and entitle apply also create one)"
        case "the default store", "ENTITLE_STORE": command = "entitle init (entitle directory load FILE and entitle apply also create one)"
        default: return CommandFailure("there is no store at \(shown) (\(origin)); check the URL")
        }
        return CommandFailure("there is no store at \(shown) (\(origin)); check the URL, or create an empty one with: \(command)")
    }

    /// Connects to a PostgreSQL store (without opening it: `prepare` does), telling whoever
    /// waits for its lock who holds it, and closing it when the command ends.
    static func connect(_ configuration: PostgresStoreConfiguration, lockTimeout: Double) async throws -> PostgresStore {
        let store = try await PostgresStore.connect(
            configuration, lockTimeout: lockTimeout, lockWaitObserver: lockWaitReporter(configuration.location, lockTimeout))
        OpenStores.add(store)
        return store
    }

    /// A store opened for planning: read while the manifests load, written (by an apply) only
    /// once they are valid, so bad manifests write nothing, not even a new store. A PostgreSQL
    /// store does both on its one connection.
    struct PlanningSession {
        /// The existing store, read-only; `nil` when there is none yet or it needs upgrading.
        var reader: (any StateStore)?
        /// Opens the store for writing (creating it on first use when the session may).
        var writable: () async throws -> any StateStore
    }

    /// Opens the store for planning. Without `creating` (plan) there must be a store already.
    func openForPlanning(creating: Bool, lockTimeout: Double) async throws -> PlanningSession {
        let url = effectiveURL
        let access: Access = creating ? .create : .existing
        switch try StoreLocation(url, origin: origin) {
        case .sqlite(let path):
            if !creating, !FileManager.default.fileExists(atPath: path) { throw Self.missing(url, origin: origin) }
            let options = self
            var reader: (any StateStore)?
            if FileManager.default.fileExists(atPath: path) { reader = try? await open(.readOnly) }
            return PlanningSession(reader: reader, writable: { try await options.open(access, lockTimeout: lockTimeout) })
        case .postgres(let configuration):
            let store = try await Self.connect(configuration, lockTimeout: lockTimeout)
            let existed = try await store.exists()
            if !creating, !existed { throw Self.missing(url, origin: origin) }
            var readable = false
            if existed { readable = (try? await store.prepare(.readOnly)) != nil }
            if readable { _ = try await Self.embedded(store) }
            return PlanningSession(
                reader: readable ? store : nil,
                writable: {
                    try await store.prepare(access.postgres)
                    if !existed { Terminal.err("Created a new store at \(store.location).\n") }
                    return store
                })
        }
    }

    /// Tells the person waiting who holds the store's lock, once per wait.
    private static func lockWaitReporter(_ location: String, _ seconds: Double) -> @Sendable (String) -> Void {
        { holder in
            let limit = seconds == seconds.rounded() ? "\(Int(seconds))s" : "\(seconds)s"
            Terminal.err("waiting for the lock on \(location), held by \(holder) (up to \(limit), --lock-timeout)\n")
        }
    }
}

extension StoreOptions.Access {
    var postgres: PostgresStore.Access {
        switch self {
        case .create: .create
        case .existing: .existing
        case .readOnly: .readOnly
        }
    }
}
