import Synchronization

/// Values kept until the process exits. A command's big trees (the desired state, the store
/// snapshot: hundreds of thousands of nodes for a large tenant) would otherwise be freed node by
/// node just before exit, which at 10,000 packages costs more than a tenth of a plan's time; the
/// operating system reclaims them at once instead.
enum ProcessLifetime {
    private static let kept = Mutex<[any Sendable]>([])

    /// Keeps `values` alive until exit.
    static func keep(_ values: any Sendable...) {
        kept.withLock { $0.append(contentsOf: values) }
    }
}
