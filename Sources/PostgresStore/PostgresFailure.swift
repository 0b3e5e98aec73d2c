import Foundation
import PostgresNIO
import Store

/// Turns what the driver throws into a one-line `StoreError` that names the server and never the
/// password. (The driver's own descriptions are deliberately generic; the SQLSTATE and the
/// server's message are what say what is wrong.)
enum PostgresFailure {
    static func storeError(
        _ error: any Error, _ configuration: PostgresStoreConfiguration, lockTimeout: Double, connecting: Bool = false
    ) -> StoreError {
        let location = configuration.location
        let server = configuration.serverDescription
        if connecting, let error = error as? PSQLError, [.serverClosedConnection, .uncleanShutdown].contains(error.code) {
            return .unavailable(location: location, reason: "\(server) closed the connection before it was set up (is a PostgreSQL server listening there?)")
        }
        switch error {
        case let error as StoreError:
            return error
        case is CancellationError:
            return .interrupted
        case let error as PostgresDecodingError:
            return .corrupt(location: location, reason: "column \(error.columnName) does not have the type entitle expects")
        case let error as PSQLError:
            return storeError(error, configuration, lockTimeout: lockTimeout)
        default:
            return .unavailable(location: location, reason: connectionReason(error, server: server, configuration: configuration))
        }
    }

    private static func storeError(_ error: PSQLError, _ configuration: PostgresStoreConfiguration, lockTimeout: Double) -> StoreError {
        let location = configuration.location
        let server = configuration.serverDescription
        switch error.code {
        case .server:
            let state = error.serverInfo?[.sqlState] ?? ""
            let message = error.serverInfo?[.message] ?? "an error"
            switch state {
            case "28P01", "28000":
                return .unavailable(location: location, reason: "\(message) at \(server) (check the password in the URL or PGPASSWORD)")
            case "3D000", "3F000", "42501", "53300", "57P03":
                return .unavailable(location: location, reason: "\(message) (\(server))")
            case "57P01", "57P02", "57P05":
                return .connectionLost(location: location, reason: "\(message); the transaction was rolled back")
            case "55P03":
                return .lockTimeout(location: location, seconds: lockTimeout, holder: nil)
            case "57014":
                return .interrupted
            case let state where state.hasPrefix("23") || state.hasPrefix("22"):
                return .rejected(reason: message)
            case let state where state.hasPrefix("42"):
                return .corrupt(location: location, reason: "\(message) (SQLSTATE \(state))")
            default:
                return .unavailable(location: location, reason: "\(message) (SQLSTATE \(state), \(server))")
            }
        case .connectionError:
            return .unavailable(
                location: location,
                reason: error.underlying.map { connectionReason($0, server: server, configuration: configuration) } ?? "cannot connect to \(server)")
        case .sslUnsupported:
            return .unavailable(location: location, reason: "\(server) does not accept TLS, which sslmode=\(configuration.tlsMode.rawValue) requires")
        case .failedToAddSSLHandler:
            return .unavailable(location: location, reason: "cannot set up TLS to \(server)")
        case .authMechanismRequiresPassword:
            return .unavailable(location: location, reason: "\(server) asks for a password; give it in the URL or in PGPASSWORD")
        case .unsupportedAuthMechanism:
            return .unavailable(
                location: location, reason: "\(server) asks for an authentication method entitle does not support (use scram-sha-256, md5 or trust)")
        case .saslError:
            return .unavailable(location: location, reason: "the SCRAM authentication with \(server) failed")
        case .serverClosedConnection, .uncleanShutdown, .clientClosedConnection:
            return .connectionLost(location: location, reason: "\(server) closed it; the transaction was rolled back")
        case .queryCancelled:
            return .interrupted
        default:
            return .unavailable(location: location, reason: "talking to \(server) failed (\(error.code))")
        }
    }

    /// A failure of the COMMIT itself. A server's answer means the commit failed and the
    /// transaction is gone; a broken connection means nobody can tell whether it landed.
    static func commitError(_ error: any Error, _ configuration: PostgresStoreConfiguration, lockTimeout: Double) -> StoreError {
        if let error = error as? PSQLError, error.code != .server {
            return .connectionLost(
                location: configuration.location,
                reason: "during the commit, so the changes may or may not have been saved; run 'entitle plan' to see where the store is")
        }
        return storeError(error, configuration, lockTimeout: lockTimeout)
    }

    /// Why a connection could not be made, from NIO's errors.
    static func connectionReason(_ error: any Error, server: String, configuration: PostgresStoreConfiguration) -> String {
        switch error {
        case let error as ChannelError:
            if case .connectTimeout = error { return timeoutReason(server, configuration) }
            return "cannot connect to \(server) (\(error))"
        case let error as NIOConnectionError:
            if let first = error.connectionErrors.first { return connectionReason(first.error, server: server, configuration: configuration) }
            if error.dnsAError != nil || error.dnsAAAAError != nil {
                return "cannot resolve the host name '\(error.host)'"
            }
            return "cannot connect to \(server)"
        case let error as IOError:
            let reason = String(cString: strerror(error.errnoCode)).lowercased()
            return "cannot connect to \(server): \(reason)"
        case is ConnectTimeout:
            return timeoutReason(server, configuration)
        default:
            return "cannot connect to \(server) (\(type(of: error)))"
        }
    }

    private static func timeoutReason(_ server: String, _ configuration: PostgresStoreConfiguration) -> String {
        let seconds = configuration.connectTimeout
        let text = seconds == seconds.rounded() ? "\(Int(seconds))s" : "\(seconds)s"
        return "no answer from \(server) within \(text) (connect_timeout)"
    }
}

/// The connection (TCP, TLS and authentication together) took longer than the connect timeout.
struct ConnectTimeout: Error {}
