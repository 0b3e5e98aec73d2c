import Foundation

/// Where a PostgreSQL store is and how to reach it, parsed from a store URL:
///
///     postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE?sslmode=MODE&schema=NAME&connect_timeout=SECONDS
///     postgres://USER@/DATABASE?host=/var/run/postgresql&port=5432   (a unix socket in that directory)
///
/// As with libpq, the password may instead come from `PGPASSWORD` and the user from `PGUSER`; the
/// port defaults to 5432, the database to the user's name, `sslmode` to `prefer`. `schema` (default
/// `entitle`) names the PostgreSQL schema that holds the store, so several stores can share one
/// database. The password is never part of `location` or of any message.
public struct PostgresStoreConfiguration: Hashable, Sendable {
    /// How to reach the server.
    public enum Endpoint: Hashable, Sendable {
        /// TCP.
        case tcp(host: String, port: Int)
        /// A unix socket (the path of the socket file itself).
        case socket(path: String)
    }

    /// libpq's `sslmode`, as far as a client without client certificates can honour it.
    public enum TLSMode: String, Hashable, Sendable, CaseIterable {
        /// Plain TCP.
        case disable
        /// TLS if the server offers it, without verifying its certificate (libpq's default).
        case prefer
        /// TLS, without verifying the certificate.
        case require
        /// TLS, with the certificate verified against the system's trust roots.
        case verifyCA = "verify-ca"
        /// TLS, with the certificate and the host name verified.
        case verifyFull = "verify-full"
    }

    /// The server.
    public var endpoint: Endpoint
    /// The database user.
    public var user: String
    /// The password, from the URL or `PGPASSWORD`.
    public var password: String?
    /// The database.
    public var database: String
    /// The PostgreSQL schema that holds the store's tables.
    public var schema: String
    /// TLS.
    public var tlsMode: TLSMode
    /// How long to wait for the server to answer a connection (`connect_timeout`, default 10 s).
    public var connectTimeout: Double

    /// The URL without its password, as messages show it.
    public var location: String {
        var text = "postgres://\(user)@"
        switch endpoint {
        case .tcp(let host, let port): text += (host.contains(":") ? "[\(host)]" : host) + ":\(port)"
        case .socket: break
        }
        text += "/\(database)?schema=\(schema)"
        if case .socket(let path) = endpoint {
            text += "&host=" + (path as NSString).deletingLastPathComponent
            if let port = path.split(separator: ".").last, port != "5432" { text += "&port=\(port)" }
        }
        return text
    }

    /// The server, for messages: `db.example.com:5432` or `unix socket /run/postgresql/.s.PGSQL.5432`.
    public var serverDescription: String {
        switch endpoint {
        case .tcp(let host, let port): (host.contains(":") ? "[\(host)]" : host) + ":\(port)"
        case .socket(let path): "unix socket \(path)"
        }
    }

    /// Whether `url` names a PostgreSQL store (`postgres://` or `postgresql://`, in any case).
    public static func isPostgresURL(_ url: String) -> Bool {
        let lower = url.prefix(13).lowercased()
        return lower.hasPrefix("postgres://") || lower.hasPrefix("postgresql://")
    }

    /// The parameters a store URL may carry.
    public static let parameters = ["sslmode", "schema", "connect_timeout", "host", "port"]

    /// Parses a `postgres://` or `postgresql://` URL; `environment` supplies `PGPASSWORD` and
    /// `PGUSER`. Throws a message naming what is wrong (never the password).
    public init(url: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws(PostgresURLError) {
        guard Self.isPostgresURL(url), let schemeEnd = url.range(of: "://") else {
            throw PostgresURLError("it does not start with postgres://")
        }
        // An '@' after the first '/', '?' or '#' means a password with one of those characters
        // unencoded: any part of the URL quoted in a message could then be part of the password.
        let rest = url[schemeEnd.upperBound...]
        if let at = rest.lastIndex(of: "@"), let cut = rest.firstIndex(where: { "/?#".contains($0) }), cut < at {
            throw PostgresURLError("its user or password contains '/', '?' or '#': percent-encode them (%2F, %3F, %23)")
        }
        guard let components = URLComponents(string: "postgres://" + rest) else {
            throw PostgresURLError("it is not a valid URL (special characters in the user or password must be percent-encoded)")
        }
        if components.percentEncodedPassword != nil, components.password == nil {
            throw PostgresURLError("its password is not valid percent-encoding (write % as %25)")
        }
        var query: [String: String] = [:]
        for item in components.queryItems ?? [] {
            guard Self.parameters.contains(item.name) else {
                throw PostgresURLError("unknown parameter '\(item.name)' (known: \(Self.parameters.joined(separator: ", ")))")
            }
            guard query[item.name] == nil else { throw PostgresURLError("parameter '\(item.name)' is given twice") }
            query[item.name] = item.value ?? ""
        }

        let port: Int
        if let text = query["port"], components.port != nil {
            throw PostgresURLError("it gives the port twice (:\(components.port ?? 0) and port=\(text))")
        }
        if let given = components.port ?? query["port"].map({ Int($0) ?? -1 }) {
            guard (1...65_535).contains(given) else { throw PostgresURLError("port \(query["port"] ?? String(given)) is not a port number (1 to 65535)") }
            port = given
        } else {
            port = 5432
        }
        let host = components.percentEncodedHost.flatMap { $0.removingPercentEncoding } ?? ""
        if let socketDirectory = query["host"] {
            guard socketDirectory.hasPrefix("/") else {
                throw PostgresURLError("host= must be the absolute path of a unix socket directory, such as /var/run/postgresql")
            }
            guard host.isEmpty else { throw PostgresURLError("it names both a host and a unix socket directory (host=)") }
            endpoint = .socket(path: (socketDirectory as NSString).appendingPathComponent(".s.PGSQL.\(port)"))
        } else if host.hasPrefix("/") {
            endpoint = .socket(path: (host as NSString).appendingPathComponent(".s.PGSQL.\(port)"))
        } else {
            guard !host.isEmpty else { throw PostgresURLError("it has no host; write postgres://USER@HOST:PORT/DATABASE") }
            let bare = host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
            endpoint = .tcp(host: bare, port: port)
        }

        let givenUser = components.user.flatMap { $0.isEmpty ? nil : $0 }
        guard let user = givenUser ?? environment["PGUSER"].flatMap({ $0.isEmpty ? nil : $0 }) ?? Self.systemUserName() else {
            throw PostgresURLError("it names no user, and neither does PGUSER")
        }
        self.user = user
        password = components.password ?? environment["PGPASSWORD"].flatMap { $0.isEmpty ? nil : $0 }

        let path = components.path
        let database = path.hasPrefix("/") ? String(path.dropFirst()) : path
        guard !database.contains("/") else { throw PostgresURLError("the database name '\(database)' contains '/'") }
        self.database = database.isEmpty ? user : database

        let schema = query["schema"] ?? "entitle"
        guard Self.isPlainIdentifier(schema) else {
            throw PostgresURLError("schema '\(schema)' must be a lower-case name of letters, digits and _, starting with a letter or _ (at most 63)")
        }
        guard !schema.hasPrefix("pg_"), schema != "information_schema" else {
            throw PostgresURLError("schema '\(schema)' is reserved by PostgreSQL")
        }
        self.schema = schema

        if let mode = query["sslmode"] {
            guard let parsed = TLSMode(rawValue: mode) else {
                throw PostgresURLError(
                    "sslmode '\(mode)' is not one of \(TLSMode.allCases.map(\.rawValue).joined(separator: ", "))"
                        + (mode == "allow" ? " (allow is not supported; use prefer)" : ""))
            }
            tlsMode = parsed
        } else {
            tlsMode = .prefer
        }
        if case .socket = endpoint, tlsMode != .disable, tlsMode != .prefer {
            throw PostgresURLError("sslmode=\(tlsMode.rawValue) cannot be used over a unix socket")
        }

        if let timeout = query["connect_timeout"] {
            guard let seconds = Double(timeout), seconds > 0, seconds <= 3600 else {
                throw PostgresURLError("connect_timeout '\(timeout)' must be a number of seconds between 0 and 3600")
            }
            connectTimeout = seconds
        } else {
            connectTimeout = 10
        }
    }

    private static func isPlainIdentifier(_ name: String) -> Bool {
        guard let first = name.utf8.first, name.utf8.count <= 63 else { return false }
        let isLetter = { (byte: UInt8) in (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || byte == UInt8(ascii: "_") }
        return isLetter(first) && name.utf8.allSatisfy { isLetter($0) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }
    }

    private static func systemUserName() -> String? {
        guard let entry = getpwuid(geteuid()), let name = entry.pointee.pw_name else { return nil }
        return String(cString: name)
    }
}

/// Why a PostgreSQL store URL cannot be used; the message never contains the password.
public struct PostgresURLError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What is wrong.
    public var description: String

    init(_ description: String) { self.description = description }
}
