/// How serious a diagnostic is. Errors make input invalid; warnings never do.
public enum Severity: String, Sendable, Codable, Comparable {
    /// The input is invalid; nothing will be written.
    case error
    /// The input is valid but probably not what was meant.
    case warning

    /// Errors sort before warnings.
    public static func < (lhs: Severity, rhs: Severity) -> Bool {
        lhs == .error && rhs == .warning
    }
}

/// A stable identifier for a kind of problem, such as `E-YAML-DUPLICATE-KEY`.
///
/// Ids never change meaning once released: CI filters, documentation and tests rely on them.
/// The prefix tells the default severity (`E-` error, `W-` warning).
public struct DiagnosticID: RawRepresentable, Hashable, Sendable, Codable, CustomStringConvertible,
    ExpressibleByStringLiteral
{
    /// The id's text, such as `E-YAML-DUPLICATE-KEY`.
    public let rawValue: String

    /// Creates an id from its text.
    public init(rawValue: String) { self.rawValue = rawValue }

    /// Creates an id from a string literal.
    public init(stringLiteral value: String) { self.rawValue = value }

    /// The id's text.
    public var description: String { rawValue }

    /// The severity implied by the id's prefix.
    public var defaultSeverity: Severity { rawValue.hasPrefix("W-") ? .warning : .error }
}

/// A secondary message attached to a diagnostic, optionally pointing somewhere else
/// (for example at the first occurrence of a duplicated key).
public struct DiagnosticNote: Hashable, Sendable {
    /// The note's text.
    public var message: String
    /// Where the note points, if anywhere.
    public var location: SourceLocation?

    /// Creates a note.
    public init(_ message: String, at location: SourceLocation? = nil) {
        self.message = message
        self.location = location
    }
}

/// One problem found in the user's input: what, where, how serious, and how to fix it.
///
/// Problems in input are values, collected so that one run reports all of them; operational
/// failures (a store that cannot be opened) are typed errors instead.
public struct Diagnostic: Hashable, Sendable {
    /// The stable id of the problem.
    public var id: DiagnosticID
    /// Whether the problem makes the input invalid.
    public var severity: Severity
    /// One sentence saying what is wrong.
    public var message: String
    /// Where the problem is; `nil` for problems with no place (such as "no manifests found").
    public var location: SourceLocation?
    /// Short suggestions, each shown as a `hint:` line.
    public var hints: [String]
    /// Related places and explanations.
    public var notes: [DiagnosticNote]

    /// Creates a diagnostic; the severity defaults to the id's prefix.
    public init(
        _ id: DiagnosticID,
        _ message: String,
        at location: SourceLocation?,
        severity: Severity? = nil,
        hints: [String] = [],
        notes: [DiagnosticNote] = []
    ) {
        self.id = id
        self.severity = severity ?? id.defaultSeverity
        self.message = message
        self.location = location
        self.hints = hints
        self.notes = notes
    }
}

extension Diagnostic {
    /// Orders diagnostics by file, then position, then id, so output is byte-stable.
    public static func sortedForOutput(_ diagnostics: [Diagnostic]) -> [Diagnostic] {
        diagnostics.sorted { lhs, rhs in
            let lf = lhs.location?.file ?? ""
            let rf = rhs.location?.file ?? ""
            if lf != rf { return lf < rf }
            let lp = lhs.location?.range?.start ?? SourcePosition(line: 0, column: 0)
            let rp = rhs.location?.range?.start ?? SourcePosition(line: 0, column: 0)
            if lp != rp { return lp < rp }
            if lhs.id != rhs.id { return lhs.id.rawValue < rhs.id.rawValue }
            return lhs.message < rhs.message
        }
    }
}

extension Array where Element == Diagnostic {
    /// Whether any diagnostic is an error.
    public var containsErrors: Bool { contains { $0.severity == .error } }
    /// The number of errors.
    public var errorCount: Int { count { $0.severity == .error } }
    /// The number of warnings.
    public var warningCount: Int { count { $0.severity == .warning } }
}
