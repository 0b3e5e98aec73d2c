import ArgumentParser
import Foundation
import SQLiteStore
import Store

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
    func open(_ access: Access = .create) throws -> any StateStore {
        let url = effectiveURL
        let origin = self.url != nil ? "--store" : (url == Self.defaultURL ? "the default store" : "ENTITLE_STORE")
        if url.hasPrefix("sqlite:") {
            var path = String(url.dropFirst("sqlite:".count))
            if path.hasPrefix("//") { path = String(path.dropFirst(2)) }
            guard !path.isEmpty else { throw CommandFailure("\(origin) '\(url)' has no file path; write sqlite:PATH, e.g. sqlite:.entitle/store.db") }
            if access == .existing, !FileManager.default.fileExists(atPath: path) {
                throw CommandFailure("there is no store at \(url) (\(origin)); check the URL, or run plan or apply to create one")
            }
            return try SQLiteStore(path: path, lockTimeout: lockTimeout.seconds, readOnly: access == .readOnly)
        }
        if url.hasPrefix("memory:") {
            throw CommandFailure("\(origin) '\(url)': the in-memory store exists only inside tests; use sqlite:PATH")
        }
        if url.hasPrefix("postgres://") || url.hasPrefix("postgresql://") {
            throw CommandFailure("\(origin) '\(Redaction.url(url))': PostgreSQL stores are not supported by this build yet; use sqlite:PATH")
        }
        throw CommandFailure("\(origin) '\(Redaction.url(url))' is not a store URL; use sqlite:PATH (for example \(Self.defaultURL))")
    }
}

/// A duration for `--lock-timeout`: `30s`, `2m`, `500ms`, or a number of seconds.
struct LockTimeout: ExpressibleByArgument, Hashable {
    var seconds: Double

    init(seconds: Double) { self.seconds = seconds }

    /// The longest wait accepted: a day (SQLite counts its busy timeout in 32-bit milliseconds).
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
    /// `postgres://user:secret@host/db` → `postgres://user:***@host/db`.
    static func url(_ url: String) -> String {
        guard let scheme = url.range(of: "://"), let at = url[scheme.upperBound...].lastIndex(of: "@") else { return url }
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
