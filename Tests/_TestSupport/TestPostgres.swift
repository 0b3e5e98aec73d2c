import Foundation

/// The PostgreSQL server the tests use: the one `scripts/with-postgres` starts, named by
/// `ENTITLE_TEST_POSTGRES_URL`. Under CI the tests that need it always run, and fail without it,
/// so a missing server can never pass as a skipped test; elsewhere they are skipped.
public enum TestPostgres {
    /// The server's URL (with its password), or `nil`.
    public static var baseURL: String? {
        ProcessInfo.processInfo.environment["ENTITLE_TEST_POSTGRES_URL"].flatMap { $0.isEmpty ? nil : $0 }
    }

    /// Whether to run the PostgreSQL tests: there is a server, or this is CI (where its absence fails them).
    public static var isAvailable: Bool {
        baseURL != nil || ProcessInfo.processInfo.environment["CI"].map { !$0.isEmpty && $0 != "false" } == true
    }

    /// A fresh schema name, so every test has a store of its own.
    public static func uniqueSchema(_ prefix: String = "t") -> String {
        prefix + "_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(16)
    }

    /// The URL of the store in `schema`.
    public static func url(schema: String) throws -> String {
        guard let base = baseURL else { throw TestPostgresMissing() }
        return base + (base.contains("?") ? "&" : "?") + "schema=\(schema)"
    }

    /// Parts of the server's URL, for tests that build wrong ones.
    public static func parts() throws -> (user: String, password: String, host: String, port: Int, database: String) {
        guard let base = baseURL, let components = URLComponents(string: base), let user = components.user, let password = components.password,
            let host = components.host, let port = components.port
        else { throw TestPostgresMissing() }
        return (user, password, host, port, String(components.path.dropFirst()))
    }
}

/// The PostgreSQL tests ran without a server.
public struct TestPostgresMissing: Error, CustomStringConvertible {
    /// Creates the error.
    public init() {}

    /// What to do.
    public var description: String {
        "ENTITLE_TEST_POSTGRES_URL is not set: run the tests through scripts/with-postgres (scripts/test and CI do)"
    }
}
