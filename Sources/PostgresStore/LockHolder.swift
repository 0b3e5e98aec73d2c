import Foundation

/// Who holds a store's lock, told to whoever waits for it.
///
/// The holder announces itself in its session's `application_name` while it holds the lock: unlike
/// a row, which other sessions cannot see before the holder commits, `pg_stat_activity` shows it to
/// every user of the server at once. PostgreSQL keeps at most 63 bytes of it, so it is compact:
/// `entitle 2026-11-29T03:50:00Z apply alice@ci-7`.
struct LockHolder: Hashable, Sendable {
    /// What it is doing: `apply`, `directory load`, `store copy`.
    var operation: String
    /// `user@host` of the process.
    var who: String
    /// When it took the lock (ISO 8601, UTC).
    var since: String

    /// The holder, for the process running now.
    static func current(operation: String, now: Date = Date()) -> LockHolder {
        let user = ProcessInfo.processInfo.environment["USER"].flatMap { $0.isEmpty ? nil : $0 } ?? NSUserName()
        let host = ProcessInfo.processInfo.hostName.split(separator: ".").first.map(String.init) ?? "unknown"
        return LockHolder(operation: operation, who: "\(user)@\(host)", since: ISO8601DateFormatter().string(from: now))
    }

    /// The `application_name` that announces it.
    var applicationName: String { "entitle \(since) \(operation) \(who)" }

    /// Reads an announcement back, or `nil` if `applicationName` is not one.
    init?(applicationName: String) {
        let parts = applicationName.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        guard parts.count >= 3, parts[0] == "entitle" else { return nil }
        since = parts[1]
        who = parts.count > 3 ? parts[parts.count - 1] : "?"
        operation = parts.count > 3 ? parts[2..<(parts.count - 1)].joined(separator: " ") : parts[2]
    }

    init(operation: String, who: String, since: String) {
        self.operation = operation
        self.who = who
        self.since = since
    }

    /// `apply by alice@ci-7 since 2026-11-29T03:50:00Z`.
    var description: String { "\(operation) by \(who) since \(since)" }
}
