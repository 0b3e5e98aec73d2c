/// Why a store operation failed. Each case reads as one line for the person at the terminal.
public enum StoreError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The store moved since the plan was made: another apply happened, or it is another store.
    case stalePlan(expected: String, found: String)
    /// Another process holds the store's write lock for longer than the lock timeout.
    case lockTimeout(location: String, seconds: Double, holder: String?)
    /// The store cannot be opened or created (missing or unwritable directory, not reachable).
    case unavailable(location: String, reason: String)
    /// The file or database is not a valid entitle store.
    case corrupt(location: String, reason: String)
    /// The store was written by a newer entitle with a schema this one does not know.
    case newerSchema(location: String, found: Int, supported: Int)
    /// A write the store refused (a constraint, an object that is not there).
    case rejected(reason: String)
    /// The apply was cancelled (Ctrl-C) before it committed, and rolled back.
    case interrupted
    /// The connection to a store's server broke after it was opened.
    case connectionLost(location: String, reason: String)
    /// A copy's target already holds a store (`summary` says what it holds).
    case notEmpty(location: String, summary: String)

    /// The message.
    public var description: String {
        switch self {
        case .stalePlan(let expected, let found):
            "stale plan: it was made against \(expected), but the store is now at \(found); run plan again"
        case .lockTimeout(let location, let seconds, let holder):
            "the store \(location) is locked by another operation"
                + (holder.map { " (\($0))" } ?? "")
                + "; gave up after \(Self.format(seconds)) (--lock-timeout)"
        case .unavailable(let location, let reason): "cannot open the store \(location): \(reason)"
        case .corrupt(let location, let reason): "the store \(location) is not a valid entitle store: \(reason)"
        case .newerSchema(let location, let found, let supported):
            "the store \(location) has schema version \(found), but this entitle supports up to \(supported); upgrade entitle"
        case .rejected(let reason): "the store refused the change: \(reason)"
        case .interrupted: "interrupted: the transaction was rolled back; nothing was changed"
        case .connectionLost(let location, let reason): "lost the connection to the store \(location): \(reason)"
        case .notEmpty(let location, let summary):
            "the store \(location) is not empty (\(summary)); a copy only goes to a new or empty store"
        }
    }

    private static func format(_ seconds: Double) -> String {
        seconds == seconds.rounded() ? "\(Int(seconds))s" : "\(seconds)s"
    }
}
