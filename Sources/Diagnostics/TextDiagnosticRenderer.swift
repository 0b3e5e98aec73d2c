/// Renders diagnostics the way compilers do, for people reading a terminal or a CI log:
///
/// ```
/// access/partners.yaml:12:9: error[E-MANIFEST-UNKNOWN-FIELD]: unknown field 'aprovers' in approval stage
///    12 |       - aprovers: [internalSponsors]
///       |         ^~~~~~~~
///    hint: did you mean 'approvers'?
/// ```
public struct TextDiagnosticRenderer: Sendable {
    /// The files diagnostics may point into, by path, used to quote the offending line.
    public var sources: [String: SourceFile]
    /// Whether to use ANSI colour (only on a terminal, never with `NO_COLOR`).
    public var useColor: Bool

    /// Creates a renderer.
    public init(sources: [String: SourceFile], useColor: Bool = false) {
        self.sources = sources
        self.useColor = useColor
    }

    /// Renders every diagnostic, each followed by a blank line.
    public func render(_ diagnostics: [Diagnostic]) -> String {
        diagnostics.map { render($0) + "\n" }.joined()
    }

    /// Renders one diagnostic with its quoted line, caret, hints and notes.
    public func render(_ diagnostic: Diagnostic) -> String {
        var out = ""
        let severityText = paint(
            diagnostic.severity.rawValue + "[\(diagnostic.id)]",
            diagnostic.severity == .error ? "\u{1B}[1;31m" : "\u{1B}[1;33m"
        )
        out += paint(describe(diagnostic.location), "\u{1B}[1m")
        out += severityText + ": " + paint(diagnostic.message, "\u{1B}[1m") + "\n"
        out += snippet(for: diagnostic.location)
        for hint in diagnostic.hints {
            out += "   " + paint("hint:", "\u{1B}[1;36m") + " " + hint + "\n"
        }
        for note in diagnostic.notes {
            out += "   " + paint("note:", "\u{1B}[1;36m") + " " + note.message
            if let location = note.location {
                out += " (" + describe(location).dropLast(2) + ")"
            }
            out += "\n"
        }
        return out
    }

    private func describe(_ location: SourceLocation?) -> String {
        guard let location else { return "" }
        guard let start = location.range?.start else { return location.file + ": " }
        return "\(location.file):\(start.line):\(start.column): "
    }

    private func snippet(for location: SourceLocation?) -> String {
        guard let location, let range = location.range,
            let fullLine = sources[location.file]?.line(range.start.line)
        else { return "" }
        // Show a window of a very long line (minified or hostile input) around the column.
        let scalars = Array(fullLine.unicodeScalars)
        let window = 100
        var first = 0
        if scalars.count > window * 2 { first = max(0, min(range.start.column - 1 - window / 2, scalars.count - window)) }
        let last = scalars.count > window * 2 ? min(scalars.count, first + window) : scalars.count
        var shown = String(String.UnicodeScalarView(scalars[first..<last]))
        var column = range.start.column - first
        if first > 0 {
            shown = "…" + shown
            column += 1
        }
        if last < scalars.count { shown += "…" }
        let gutter = String(range.start.line)
        let pad = String(repeating: " ", count: gutter.count)
        // Keep tabs in the caret line where the source has them, so the caret stays aligned.
        let prefix = String(shown.unicodeScalars.prefix(max(0, column - 1)).map { $0 == "\t" ? "\t" : " " })
        var width = 1
        if range.end.line == range.start.line, range.end.column > range.start.column {
            width = max(1, min(range.end.column - range.start.column, shown.unicodeScalars.count + 1 - column))
        }
        let marker = "^" + String(repeating: "~", count: max(0, width - 1))
        return " \(gutter) | \(shown)\n \(pad) | \(prefix)" + paint(marker, "\u{1B}[1;32m") + "\n"
    }

    private func paint(_ text: String, _ code: String) -> String {
        useColor ? code + text + "\u{1B}[0m" : text
    }
}
