import Dispatch
import Foundation

/// Ctrl-C during an apply. The first interrupt asks the apply to stop: a store rolls the
/// transaction back at its next write, or, if the commit has begun, lets it finish; the command
/// then says which happened. A second interrupt exits at once: the store's own journal discards a
/// transaction that never committed, so even then it is left as before or as after.
final class InterruptWatch: @unchecked Sendable {
    private let source: DispatchSourceSignal
    private let lock = NSLock()
    private var interrupts = 0
    private var action: (@Sendable () -> Void)?

    /// Starts watching for SIGINT; `action` runs on the first one.
    init() {
        signal(SIGINT, SIG_IGN)
        source = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
        source.setEventHandler { [unowned self] in self.interrupted() }
        source.resume()
    }

    /// What the first interrupt does.
    func onInterrupt(_ action: @escaping @Sendable () -> Void) {
        lock.withLock { self.action = action }
    }

    /// Whether an interrupt arrived.
    var wasInterrupted: Bool { lock.withLock { interrupts > 0 } }

    private func interrupted() {
        let (count, action) = lock.withLock { () -> (Int, (@Sendable () -> Void)?) in
            interrupts += 1
            return (interrupts, self.action)
        }
        if count == 1 {
            Terminal.err("\nInterrupt: stopping; an apply under way rolls back unless it is already committing. Press Ctrl-C again to quit at once.\n")
            action?()
        } else {
            Terminal.err("Quit at once. A transaction that did not commit is discarded: the store is as before the apply or as after it.\n")
            _exit(130)
        }
    }

    /// Stops watching. Ctrl-C stays ignored: the command is ending, and a late second Ctrl-C should
    /// not turn its result into a kill by signal.
    func stop() {
        source.cancel()
    }
}
