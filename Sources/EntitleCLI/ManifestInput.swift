import Diagnostics
import EntitlementModel
import Manifests

/// Reads manifests for `plan` and `apply`, printing diagnostics to standard error.
enum ManifestInput {
    /// The desired state, or `nil` after printing why there is none.
    static func load(_ paths: [String]) -> (state: DesiredState?, sources: [String: SourceFile]) {
        let result = ManifestLoader().load(paths: paths.isEmpty ? ["."] : paths)
        let sources = Dictionary(result.files.map { ($0.path, $0) }, uniquingKeysWith: { first, _ in first })
        report(result.diagnostics, sources: sources)
        guard !result.diagnostics.containsErrors, let state = result.state else { return (nil, sources) }
        return (state, sources)
    }

    /// Prints diagnostics to standard error, with source lines where the files are known.
    static func report(_ diagnostics: [Diagnostic], sources: [String: SourceFile]) {
        guard !diagnostics.isEmpty else { return }
        let renderer = TextDiagnosticRenderer(sources: sources, useColor: Terminal.useColor(forDescriptor: 2))
        Terminal.err(renderer.render(diagnostics))
    }
}
