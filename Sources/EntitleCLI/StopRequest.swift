import Foundation

/// Ctrl-C during an apply to a live tenant: asks it to stop after the call in flight.
final class StopRequest: @unchecked Sendable {
    private let lock = NSLock()
    private var requested = false

    /// Asks to stop.
    func request() { lock.withLock { requested = true } }

    /// Whether a stop was asked for.
    var isRequested: Bool { lock.withLock { requested } }
}
