import Dispatch
import Foundation

/// Ctrl-C in `apply`. Before the apply starts (while planning, or at the confirmation prompt) an
/// interrupt ends the command at once: nothing was written. During the apply the first interrupt
/// asks it to stop: the store stops waiting for the lock, or rolls the transaction back at its next
/// write, or, if the commit has begun, lets it finish; the command then says which happened. A
/// second interrupt exits at once: the store's own journal discards a transaction that never
/// committed, so even then it is left as before or as after.
final class InterruptWatch: @unchecked Sendable {
    private let source: DispatchSourceSignal
    private let lock = NSLock()
    private var interrupts = 0
    private var action: (@Sendable () -> Void)?
    private var notice = "\nInterrupt: stopping the apply; it rolls back unless it is already committing. Press Ctrl-C again to quit at once.\n"

    /// Starts watching for SIGINT; `action` runs on the first one.
    init() {
        signal(SIGINT, SIG_IGN)
        source = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
        source.setEventHandler { [weak self] in self?.interrupted() }
        source.resume()
    }

    /// What the first interrupt does, and what it says (by default, what an embedded store's
    /// apply does: roll back).
    func onInterrupt(saying notice: String? = nil, _ action: @escaping @Sendable () -> Void) {
        lock.withLock {
            self.action = action
            if let notice { self.notice = notice }
        }
    }

    /// Whether an interrupt arrived.
    var wasInterrupted: Bool { lock.withLock { interrupts > 0 } }

    private func interrupted() {
        let (count, action, notice) = lock.withLock { () -> (Int, (@Sendable () -> Void)?, String) in
            interrupts += 1
            return (interrupts, self.action, self.notice)
        }
        if count == 1, let action {
            Terminal.err(notice)
            action()
        } else if count == 1 {
            Terminal.err("\nCancelled before the apply started; nothing was changed.\n")
            _exit(130)
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
