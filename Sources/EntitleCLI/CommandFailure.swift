/// An operational failure a command reports as one line on standard error, exiting 1.
struct CommandFailure: Error, CustomStringConvertible {
    var description: String

    init(_ description: String) { self.description = description }
}
