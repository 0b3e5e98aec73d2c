/// A position in a source file: 1-based line and 1-based column.
///
/// Columns count Unicode scalars, not bytes, the way libyaml reports them and the way editors and
/// GitHub annotations count, so a caret lands under the right character in non-ASCII text.
public struct SourcePosition: Hashable, Comparable, Sendable, Codable {
    /// The 1-based line number.
    public var line: Int
    /// The 1-based column, counted in Unicode scalars.
    public var column: Int

    /// Creates a position from 1-based line and column numbers.
    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    /// Orders positions by line, then column.
    public static func < (lhs: SourcePosition, rhs: SourcePosition) -> Bool {
        (lhs.line, lhs.column) < (rhs.line, rhs.column)
    }
}

/// A half-open range of positions in one source file: `start` is inclusive, `end` exclusive.
public struct SourceRange: Hashable, Sendable, Codable {
    /// The first position covered.
    public var start: SourcePosition
    /// The position just past the last one covered.
    public var end: SourcePosition

    /// Creates a range; `end` defaults to `start` for a point.
    public init(start: SourcePosition, end: SourcePosition? = nil) {
        self.start = start
        self.end = end ?? start
    }
}

/// Where a diagnostic points: a file path as the user gave it, and a range within it.
public struct SourceLocation: Hashable, Sendable {
    /// The path as given on the command line (or derived from a directory walk).
    public var file: String
    /// The range within the file; `nil` when the problem concerns the whole file.
    public var range: SourceRange?

    /// Creates a location.
    public init(file: String, range: SourceRange? = nil) {
        self.file = file
        self.range = range
    }
}
