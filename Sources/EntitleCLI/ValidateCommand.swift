import ArgumentParser
import Diagnostics
import Engine
import Manifests

/// `entitle validate`: check manifests and report every problem with its file, line and column.
struct ValidateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check manifests and report every problem with its file, line and column.",
        discussion: """
            Reads every *.yaml and *.yml file under the given paths (hidden directories such as \
            .git are skipped), checks YAML syntax, the manifest format and the semantic rules, and \
            reports all problems in one run. Warnings do not make manifests invalid.

            Names: with --store URL (or --tenant graph://TENANT), validate also looks up every \
            user, group, application, site and connected organization the manifests name, in that \
            store's directory or that tenant, and reports the unknown and ambiguous ones where \
            they are written. Without them it reads no store and needs no network.

            Formats:
              text    path:line:col: error[ID]: message, source line, caret, hints
              json    one JSON document: formatVersion, counts, diagnostics (1-based)
              github  GitHub Actions workflow commands (annotations on a pull request)

            Exit codes: 0 valid (warnings allowed), 1 invalid, 64 usage error.

            Examples:
              entitle validate examples/tutorial
              entitle validate manifests/ --format json | jq '.diagnostics[].id'
              entitle validate manifests/ --format github
              entitle validate manifests/ --store sqlite:.entitle/store.db
              entitle validate manifests/ --tenant graph://contoso.onmicrosoft.com
            """
    )

    @Argument(help: "Manifest files or directories (default: the current directory).")
    var paths: [String] = []

    @Option(help: "Output format: text, json or github.")
    var format: DiagnosticFormat = .text

    @OptionGroup var store: StoreOptions

    func run() async throws {
        var result = ManifestLoader().load(paths: paths.isEmpty ? ["."] : paths)
        if let state = result.state, store.url != nil || store.graph.tenantURL != nil {
            // Only named on purpose: ENTITLE_STORE alone keeps validate offline.
            var names: [Diagnostic] = []
            try await reportingFailures {
                let target = try await store.target(.readOnly)
                names = Reconciler.resolveNames(state, snapshot: try await target.snapshot(for: state))
            }
            result.diagnostics = Diagnostic.sortedForOutput(result.diagnostics + names)
            if result.diagnostics.containsErrors { result.state = nil }
        }
        ProcessLifetime.keep(result)
        let diagnostics = result.diagnostics
        switch format {
        case .text:
            let sources = Dictionary(result.files.map { ($0.path, $0) }, uniquingKeysWith: { first, _ in first })
            let renderer = TextDiagnosticRenderer(sources: sources, useColor: Terminal.useColor(forDescriptor: 1))
            Terminal.out(renderer.render(diagnostics))
            Terminal.out(summaryLine(result) + "\n")
        case .json:
            Terminal.out(ValidationReport(result: result).jsonText() + "\n")
        case .github:
            Terminal.out(GitHubAnnotationRenderer().render(diagnostics))
            Terminal.err(summaryLine(result) + "\n")
        }
        if diagnostics.containsErrors { throw ExitStatus.failure }
    }

    private func summaryLine(_ result: ManifestLoadResult) -> String {
        let errors = result.diagnostics.errorCount
        let warnings = result.diagnostics.warningCount
        let files = plural(result.files.count, "file")
        if errors > 0 {
            return "invalid: \(plural(errors, "error")), \(plural(warnings, "warning")) in \(files)"
        }
        let objects = plural(result.state?.objectCount ?? 0, "object")
        return "valid: \(objects) in \(files)" + (warnings > 0 ? " (\(plural(warnings, "warning")))" : "")
    }
}

/// `--format` of `validate`.
enum DiagnosticFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json, github
}

/// `1 error`, `2 errors`.
func plural(_ count: Int, _ noun: String) -> String {
    "\(count) \(noun)\(count == 1 ? "" : "s")"
}
