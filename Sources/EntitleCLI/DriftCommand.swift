import ArgumentParser
import Engine
import EntitlementModel
import Planner
import Store

/// `entitle drift`: what changed in the store outside entitle.
struct DriftCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "drift",
        abstract: "Report what changed in the store outside entitle (read-only).",
        discussion: """
            For every object entitle manages, compares what it last applied, what the store holds \
            now, and what the manifests say. Reports fields changed outside entitle (with both \
            values), objects deleted outside entitle, and conflicts (the manifests changed the same \
            object: applying will overwrite the outside change). --unmanaged also lists objects no \
            manifest manages. Drift never writes and never waits for a running apply.

            Expected changes: --ignore ADDRESS:PATH (or *:PATH for every object) marks a field, \
            and everything under it, as expected; such changes are shown as ignored, not counted.

            Exit codes: 0 in sync, 2 drift found, 1 error.

            Examples:
              entitle drift manifests/
              entitle drift manifests/ --format markdown >> "$GITHUB_STEP_SUMMARY"
              entitle drift manifests/ --ignore '*:description' --unmanaged --format json
            """
    )

    @Argument(help: "Manifest files or directories (default: the current directory).")
    var paths: [String] = []

    @OptionGroup var store: StoreOptions

    @Option(help: "Output format: text, json or markdown.")
    var format: PlanFormat = .text

    @Flag(help: "Also list objects in the store that no manifest manages.")
    var unmanaged = false

    @Option(
        name: .customLong("ignore"), help: ArgumentHelp("Treat changes to this field as expected (repeatable).", valueName: "address:path"),
        transform: ArgumentParsing.ignoreRule)
    var rules: [DriftIgnoreRule] = []

    func run() async throws {
        try await reportingFailures {
            // Drift only reads: an embedded store is read while the manifests load; a Graph tenant
            // once they have (its lookups need the names they use).
            let target = try await store.target(.readOnly)
            let early = Task { () async throws -> StoreSnapshot? in
                if case .embedded = target { return try await target.snapshot(for: nil) }
                return nil
            }
            let input = ManifestInput.load(paths)
            guard let state = input.state else { throw ExitStatus.failure }
            var snapshot: StoreSnapshot
            if let known = try await early.value { snapshot = known } else { snapshot = try await target.snapshot(for: state, namingReferences: true) }
            let result = Reconciler.drift(state, snapshot: snapshot, ignore: rules, unmanaged: unmanaged)
            ProcessLifetime.keep(state, snapshot, result, input.sources)
            ManifestInput.report(input.warnings + result.diagnostics, sources: input.sources)
            guard let report = result.report else { throw ExitStatus.failure }
            let renderer = DriftRenderer(location: target.location, useColor: Terminal.useColor(forDescriptor: 1))
            switch format {
            case .text: Terminal.out(renderer.text(report))
            case .json: Terminal.out(renderer.json(report).prettyJSONText() + "\n")
            case .markdown: Terminal.out(renderer.markdown(report))
            }
            if report.hasDrift { throw ExitStatus.changes }
        }
    }
}
