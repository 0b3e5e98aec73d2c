import Foundation

/// The write lease on a live tenant's state: held for a whole apply, which runs for minutes across
/// many short commits, where an embedded store's apply holds a transaction's lock.
///
/// It expires unless renewed, so a holder that vanished without releasing it (`kill -9`, a lost
/// runner) blocks others only until then; a holder on the same host whose process is gone is
/// recognised at once.
public struct Lease: Hashable, Sendable, CustomStringConvertible {
    /// What it is held for: `apply`.
    public var operation: String
    /// `user@host`.
    public var who: String
    /// The host name, to tell whether `pid` can be checked from here.
    public var host: String
    /// The holder's process id.
    public var pid: Int32
    /// A value unique to this holding, so a holder whose lease was taken over cannot renew it.
    public var token: String
    /// When it was taken (ISO 8601, UTC).
    public var since: String
    /// Until when it holds unless renewed (seconds since 1970).
    public var expires: Double

    /// How long a lease holds without renewal; renewed every third of it.
    public static let duration: Double = 60

    /// A lease for the process running now.
    public static func current(operation: String, now: Date = Date()) -> Lease {
        let user = ProcessInfo.processInfo.environment["USER"].flatMap { $0.isEmpty ? nil : $0 } ?? NSUserName()
        let host = ProcessInfo.processInfo.hostName
        let shortHost = host.split(separator: ".").first.map(String.init) ?? host
        return Lease(
            operation: operation, who: "\(user)@\(shortHost)", host: host, pid: getpid(), token: UUID().uuidString.lowercased(),
            since: ISO8601DateFormatter().string(from: now), expires: now.timeIntervalSince1970 + duration)
    }

    /// Creates a lease.
    public init(operation: String, who: String, host: String, pid: Int32, token: String, since: String, expires: Double) {
        self.operation = operation
        self.who = who
        self.host = host
        self.pid = pid
        self.token = token
        self.since = since
        self.expires = expires
    }

    /// Whether another process may take it over at `now`: it expired, or its holder ran on this
    /// host and is gone.
    public func isVacant(at now: Date = Date()) -> Bool {
        if expires < now.timeIntervalSince1970 { return true }
        guard host == ProcessInfo.processInfo.hostName else { return false }
        return kill(pid, 0) != 0 && errno == ESRCH
    }

    /// `apply by alice@ci-7 since 2026-11-29T03:50:00Z`.
    public var description: String { "\(operation) by \(who) since \(since)" }

    /// The stored form (one JSON text in the state's `meta` table).
    public var stored: String {
        let fields: [String: Any] = [
            "operation": operation, "who": who, "host": host, "pid": Int(pid), "token": token, "since": since, "expires": expires,
        ]
        let data = (try? JSONSerialization.data(withJSONObject: fields, options: [.sortedKeys])) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }

    /// Reads the stored form; `nil` if it is not one.
    public init?(stored: String) {
        guard let fields = (try? JSONSerialization.jsonObject(with: Data(stored.utf8))) as? [String: Any],
            let operation = fields["operation"] as? String, let who = fields["who"] as? String, let host = fields["host"] as? String,
            let pid = (fields["pid"] as? NSNumber)?.int32Value, let token = fields["token"] as? String, let since = fields["since"] as? String,
            let expires = (fields["expires"] as? NSNumber)?.doubleValue
        else { return nil }
        self.init(operation: operation, who: who, host: host, pid: pid, token: token, since: since, expires: expires)
    }
}
