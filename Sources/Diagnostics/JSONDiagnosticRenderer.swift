/// Renders diagnostics as JSON objects with 1-based lines and columns, for tools and pipelines.
///
/// Each diagnostic becomes
/// `{"id", "severity", "message", "file", "range": {"start": {"line", "column"}, "end": …}, "hints", "notes"}`;
/// absent places are omitted rather than `null`. The surrounding document (with `formatVersion`)
/// belongs to the command that reports.
public struct JSONDiagnosticRenderer: Sendable {
    /// Creates a renderer.
    public init() {}

    /// The JSON text of an array of diagnostics, indented by `indent` spaces at the outer level.
    public func renderArray(_ diagnostics: [Diagnostic], indent: Int = 2) -> String {
        if diagnostics.isEmpty { return "[]" }
        let pad = String(repeating: " ", count: indent)
        let inner = diagnostics.map { pad + "  " + render($0) }.joined(separator: ",\n")
        return "[\n" + inner + "\n" + pad + "]"
    }

    /// The JSON text of one diagnostic, on one line.
    public func render(_ diagnostic: Diagnostic) -> String {
        var fields: [String] = [
            "\"id\": " + JSONString.quote(diagnostic.id.rawValue),
            "\"severity\": " + JSONString.quote(diagnostic.severity.rawValue),
            "\"message\": " + JSONString.quote(diagnostic.message),
        ]
        fields += locationFields(diagnostic.location)
        fields.append("\"hints\": [" + diagnostic.hints.map(JSONString.quote).joined(separator: ", ") + "]")
        let notes = diagnostic.notes.map { note in
            "{"
                + (["\"message\": " + JSONString.quote(note.message)] + locationFields(note.location))
                .joined(separator: ", ") + "}"
        }
        fields.append("\"notes\": [" + notes.joined(separator: ", ") + "]")
        return "{" + fields.joined(separator: ", ") + "}"
    }

    private func locationFields(_ location: SourceLocation?) -> [String] {
        guard let location else { return [] }
        var fields = ["\"file\": " + JSONString.quote(location.file)]
        if let range = location.range {
            fields.append(
                "\"range\": {\"start\": {\"line\": \(range.start.line), \"column\": \(range.start.column)}, "
                    + "\"end\": {\"line\": \(range.end.line), \"column\": \(range.end.column)}}"
            )
        }
        return fields
    }
}

/// JSON string quoting shared by every JSON writer in the project.
public enum JSONString {
    /// `text` as a JSON string literal, quotes included; control characters are escaped.
    public static func quote(_ text: String) -> String {
        // Most text needs no escape: copy it whole.
        if !text.utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) {
            return "\"" + text + "\""
        }
        var out = "\""
        out.reserveCapacity(text.utf8.count + 2)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case let c where c.value < 0x20:
                let hex = String(c.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        out += "\""
        return out
    }
}
