/// The bytes of one manifest file, as read from disk, with the path the user knows it by.
///
/// Kept whole so diagnostics can quote the offending line long after parsing finished.
public struct SourceFile: Sendable {
    /// The path as given on the command line (or found by walking a directory).
    public let path: String
    /// The raw bytes of the file.
    public let bytes: [UInt8]

    /// Creates a source file from its path and bytes.
    public init(path: String, bytes: [UInt8]) {
        self.path = path
        self.bytes = bytes
    }

    /// Creates a source file from text (tests and in-memory sources).
    public init(path: String, text: String) {
        self.init(path: path, bytes: Array(text.utf8))
    }

    /// The text of 1-based line `number` without its line break, or `nil` past the end.
    ///
    /// Invalid UTF-8 is repaired with U+FFFD so the line can still be shown.
    public func line(_ number: Int) -> String? {
        guard number >= 1 else { return nil }
        var current = 1
        var start = 0
        var index = 0
        while index < bytes.count, current < number {
            if bytes[index] == UInt8(ascii: "\n") {
                current += 1
                start = index + 1
            }
            index += 1
        }
        guard current == number, start <= bytes.count else { return nil }
        var end = start
        while end < bytes.count, bytes[end] != UInt8(ascii: "\n") { end += 1 }
        var slice = bytes[start..<end]
        if slice.last == UInt8(ascii: "\r") { slice = slice.dropLast() }
        if start == bytes.count, number > 1, bytes.last != UInt8(ascii: "\n") { return nil }
        return String(decoding: slice, as: UTF8.self)
    }
}
