import ArgumentParser

/// The documented exit codes, in one place so help text, docs and code agree.
enum ExitStatus {
    /// Success: valid, no changes, in sync.
    static let success = ExitCode(0)
    /// An error: invalid input, a failed operation.
    static let failure = ExitCode(1)
    /// Changes present (`plan --detailed-exitcode`) or drift found.
    static let changes = ExitCode(2)
    /// Interrupted by Ctrl-C (128 + SIGINT), whether the apply rolled back or had committed.
    static let interrupted = ExitCode(130)
    /// A usage error (argument parser's `EX_USAGE`).
    static let usage = ExitCode(64)
}
