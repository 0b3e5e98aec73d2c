/// Renders diagnostics as GitHub Actions workflow commands, so they appear as annotations on the
/// pull request's changed lines: `::error file=…,line=…,col=…,endLine=…,endColumn=…,title=ID::message`.
public struct GitHubAnnotationRenderer: Sendable {
    /// Creates a renderer.
    public init() {}

    /// Renders every diagnostic, one workflow command per line.
    public func render(_ diagnostics: [Diagnostic]) -> String {
        diagnostics.map { render($0) + "\n" }.joined()
    }

    /// Renders one diagnostic; hints and notes become further lines of the annotation's message.
    public func render(_ diagnostic: Diagnostic) -> String {
        var properties: [String] = []
        if let location = diagnostic.location {
            properties.append("file=" + escapeProperty(location.file))
            if let range = location.range {
                properties.append("line=\(range.start.line)")
                properties.append("col=\(range.start.column)")
                // GitHub rejects column ranges that span lines.
                if range.end.line == range.start.line, range.end.column > range.start.column {
                    properties.append("endLine=\(range.end.line)")
                    properties.append("endColumn=\(range.end.column)")
                }
            }
        }
        properties.append("title=" + escapeProperty(diagnostic.id.rawValue))
        var message = diagnostic.message
        for hint in diagnostic.hints { message += "\nhint: " + hint }
        for note in diagnostic.notes {
            message += "\nnote: " + note.message
            if let location = note.location, let start = location.range?.start {
                message += " (\(location.file):\(start.line):\(start.column))"
            }
        }
        return "::\(diagnostic.severity.rawValue) " + properties.joined(separator: ",") + "::" + escapeData(message)
    }

    private func escapeData(_ text: String) -> String {
        text.replacingAll("%", with: "%25").replacingAll("\r", with: "%0D").replacingAll("\n", with: "%0A")
    }

    private func escapeProperty(_ text: String) -> String {
        escapeData(text).replacingAll(":", with: "%3A").replacingAll(",", with: "%2C")
    }
}

extension String {
    /// Replaces every occurrence of `target` (without Foundation, which this module avoids).
    func replacingAll(_ target: Character, with replacement: String) -> String {
        var out = ""
        out.reserveCapacity(count)
        for character in self {
            if character == target { out += replacement } else { out.append(character) }
        }
        return out
    }
}
