import Diagnostics
import Manifests

/// The JSON document `entitle validate --format json` prints.
///
/// `formatVersion` follows the usual rule: a minor version only adds fields, so consumers must
/// ignore fields they do not know; a major version changes meaning.
struct ValidationReport {
    static let formatVersion = "1.0"

    let result: ManifestLoadResult

    func jsonText() -> String {
        let diagnostics = result.diagnostics
        let fields = [
            "\"formatVersion\": \(JSONString.quote(Self.formatVersion))",
            "\"valid\": \(!diagnostics.containsErrors)",
            "\"errorCount\": \(diagnostics.errorCount)",
            "\"warningCount\": \(diagnostics.warningCount)",
            "\"fileCount\": \(result.files.count)",
            "\"documentCount\": \(result.documentCount)",
            "\"objectCount\": \(result.state?.objectCount ?? 0)",
            "\"diagnostics\": " + JSONDiagnosticRenderer().renderArray(diagnostics, indent: 2),
        ]
        return "{\n" + fields.map { "  " + $0 }.joined(separator: ",\n") + "\n}"
    }
}
