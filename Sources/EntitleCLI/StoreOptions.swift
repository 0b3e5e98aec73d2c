import ArgumentParser
import Foundation
import PostgresStore
import SQLiteStore
import Store
import Synchronization

/// `--store` and `--lock-timeout`, shared by every command that opens a store.
struct StoreOptions: ParsableArguments {
    /// The default store: a SQLite file in the current directory.
    static let defaultURL = "sqlite:.entitle/store.db"

    @Option(
        name: .customLong("store"),
        help: ArgumentHelp("The store URL (default: $ENTITLE_STORE, else \(defaultURL)).", valueName: "url"))
    var url: String?

    @Option(help: ArgumentHelp("How long to wait for another apply to finish: 30s, 2m, 500ms (at most 24h).", valueName: "duration"))
    var lockTimeout: LockTimeout = LockTimeout(seconds: 30)

    @OptionGroup(title: "Microsoft Graph") var graph: GraphOptions

    /// The URL in effect: the flag, else `ENTITLE_STORE`, else the default.
    var effectiveURL: String {
        if let url { return url }
        if let env = ProcessInfo.processInfo.environment["ENTITLE_STORE"], !env.isEmpty { return env }
        return Self.defaultURL
    }

    /// How a command opens its store.
    enum Access {
        /// Create the store on first use (plan, apply from manifests, directory load).
        case create
        /// The store must exist already (apply of a saved plan, show, import): a mistyped URL is
        /// an error, not a new empty store.
        case existing
        /// An existing store, without write access (drift, export).
        case readOnly
    }

    /// Opens the store the URL names.
    /// A Graph tenant's state is refused here: it holds no tenant of its own.
    func open(_ access: Access = .create) async throws -> any StateStore {
        try await Self.embedded(try await Self.open(effectiveURL, origin: origin, access: access, lockTimeout: lockTimeout.seconds))
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
    /// A store created with `stateOf` keeps the state of that Graph tenant.
    static func open(_ url: String, origin: String, access: Access, lockTimeout: Double, stateOf tenantID: String? = nil) async throws -> any StateStore {
        switch try StoreLocation(url, origin: origin) {
        case .sqlite(let path):
            if access == .existing, !FileManager.default.fileExists(atPath: path) {
                throw CommandFailure("there is no store at \(url) (\(origin)); check the URL, or run plan or apply to create one")
            }
            return try SQLiteStore(path: path, lockTimeout: lockTimeout, readOnly: access == .readOnly, stateOf: tenantID)
        case .postgres(let configuration):
            let store = try await connect(configuration, lockTimeout: lockTimeout)
            try await store.prepare(access.postgres, stateOf: tenantID)
            return store
        }
    }

    /// Connects to a PostgreSQL store (without opening it: `prepare` does), telling whoever
    /// waits for its lock who holds it, and closing it when the command ends.
    static func connect(_ configuration: PostgresStoreConfiguration, lockTimeout: Double) async throws -> PostgresStore {
        let store = try await PostgresStore.connect(
            configuration, lockTimeout: lockTimeout, lockWaitObserver: lockWaitReporter(configuration.location, lockTimeout))
        OpenStores.add(store)
        return store
    }

    /// A store opened for planning: read while the manifests load, written only once they are
    /// valid (so bad manifests write nothing, not even a new store). A PostgreSQL store does both
    /// on its one connection.
    struct PlanningSession {
        /// The existing store, read-only; `nil` when there is none yet.
        var reader: (any StateStore)?
        /// Opens the store for writing (creating it on first use).
        var writable: () async throws -> any StateStore
    }

    /// Opens the store for planning.
    func openForPlanning() async throws -> PlanningSession {
        let url = effectiveURL
        let lockTimeout = lockTimeout.seconds
        switch try StoreLocation(url, origin: origin) {
        case .sqlite:
            let options = self
            return PlanningSession(reader: try? await open(.readOnly), writable: { try await options.open(.create) })
        case .postgres(let configuration):
            let store = try await Self.connect(configuration, lockTimeout: lockTimeout)
            let exists = (try? await store.prepare(.readOnly)) != nil
            if exists { _ = try await Self.embedded(store) }
            return PlanningSession(
                reader: exists ? store : nil,
                writable: {
                    try await store.prepare(.create)
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

/// What a store URL names.
enum StoreLocation {
    /// `sqlite:PATH`.
    case sqlite(path: String)
    /// `postgres://…`.
    case postgres(PostgresStoreConfiguration)

    /// Which store it is, whatever the spelling of its URL: the file's absolute path, or the
    /// PostgreSQL server, database and schema.
    var identity: String {
        switch self {
        case .sqlite(let path): "sqlite:" + URL(fileURLWithPath: path).standardizedFileURL.path
        case .postgres(let configuration): configuration.location
        }
    }

    /// Parses `url`; a problem is one line naming `origin` and the URL, without its password.
    init(_ url: String, origin: String) throws {
        if url.hasPrefix("sqlite:") {
            var path = String(url.dropFirst("sqlite:".count))
            if path.hasPrefix("//") { path = String(path.dropFirst(2)) }
            guard !path.isEmpty else { throw CommandFailure("\(origin) '\(url)' has no file path; write sqlite:PATH, e.g. sqlite:.entitle/store.db") }
            self = .sqlite(path: path)
            return
        }
        if PostgresStoreConfiguration.isPostgresURL(url) {
            do {
                self = .postgres(try PostgresStoreConfiguration(url: url))
            } catch {
                throw CommandFailure("\(origin) '\(Redaction.url(url))': \(error)")
            }
            return
        }
        if url.hasPrefix("memory:") {
            throw CommandFailure("\(origin) '\(url)': the in-memory store exists only inside tests; use sqlite:PATH or postgres://")
        }
        throw CommandFailure(
            "\(origin) '\(Redaction.url(url))' is not a store URL; use sqlite:PATH (for example \(StoreOptions.defaultURL)) or postgres://USER@HOST/DATABASE")
    }
}

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

/// A duration for `--lock-timeout`: `30s`, `2m`, `500ms`, or a number of seconds.
struct LockTimeout: ExpressibleByArgument, Hashable {
    var seconds: Double

    init(seconds: Double) { self.seconds = seconds }

    /// The longest wait accepted: a day.
    static let maximum: Double = 86_400

    init?(argument: String) {
        let units: [(String, Double)] = [("ms", 0.001), ("s", 1), ("m", 60), ("h", 3600)]
        var value: Double?
        for (suffix, factor) in units where argument.hasSuffix(suffix) {
            value = Double(argument.dropLast(suffix.count)).map { $0 * factor }
            break
        }
        guard let seconds = value ?? Double(argument), seconds >= 0, seconds <= Self.maximum else { return nil }
        self.seconds = seconds
    }
}

/// Hides passwords in URLs shown to people.
enum Redaction {
    /// `postgres://user:secret@host/db` → `postgres://user:***@host/db`. Whatever the URL's shape
    /// (a password with an unencoded '/'), everything between the user name and the last '@' is
    /// hidden; without a `://`, everything before the last '@'.
    static func url(_ url: String) -> String {
        guard let at = url.lastIndex(of: "@") else { return url }
        guard let scheme = url.range(of: "://"), scheme.upperBound <= at else { return "***" + String(url[at...]) }
        let credentials = url[scheme.upperBound..<at]
        guard let colon = credentials.firstIndex(of: ":") else { return url }
        return String(url[..<colon]) + ":***" + String(url[at...])
    }
}

/// An operational failure a command reports as one line on standard error, exiting 1.
struct CommandFailure: Error, CustomStringConvertible {
    var description: String

    init(_ description: String) { self.description = description }
}
