import Foundation
import PostgresStore

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
