import Diagnostics
import Engine
import EntitlementModel
import Manifests
import Planner
import Store

/// Reads manifests for `plan` and `apply`, printing diagnostics to standard error.
enum ManifestInput {
    /// The desired state, or `nil` after printing why there is none. The warnings of valid
    /// manifests are returned, not printed, so a command reports them once with its own, sorted.
    static func load(_ paths: [String]) -> (state: DesiredState?, sources: [String: SourceFile], warnings: [Diagnostic]) {
        let result = ManifestLoader().load(paths: paths.isEmpty ? ["."] : paths)
        let sources = Dictionary(result.files.map { ($0.path, $0) }, uniquingKeysWith: { first, _ in first })
        guard !result.diagnostics.containsErrors, let state = result.state else {
            report(result.diagnostics, sources: sources)
            return (nil, sources, [])
        }
        return (state, sources, result.diagnostics)
    }

    /// Loads the manifests under `paths`, opens the store and plans; prints diagnostics and throws
    /// exit status 1 when there is no plan. `forApply` opens the store (or a Graph tenant's
    /// state) for writing, creating it if there is none; a plan alone never writes or creates one.
    static func plan(
        _ paths: [String], store options: StoreOptions, guards: DeleteGuardOptions, forApply: Bool, lockTimeout: Double
    ) async throws -> (plan: Plan, store: (any StateStore)?, snapshot: StoreSnapshot, target: Target) {
        if try options.graphTenantName() != nil {
            // A Graph tenant: valid manifests first (so bad ones leave nothing behind, not even a
            // new state), then the tenant, its state and the names the manifests use, side by side.
            let input = load(paths)
            guard let state = input.state else { throw ExitStatus.failure }
            let target = try await options.target(forApply ? .create : .readOnly, lockTimeout: lockTimeout)
            let snapshot = try await target.snapshot(for: state)
            let outcome = await Reconciler.plan(state, snapshot: snapshot, options: guards.planOptions, toolVersion: EntitleCommand.version)
            ProcessLifetime.keep(state, outcome, input.sources)
            report(input.warnings + outcome.diagnostics, sources: input.sources)
            guard var plan = outcome.plan, case .graph(let graph, _) = target else { throw ExitStatus.failure }
            // A saved plan names the tenant as well as its state's lineage and serial (a plan
            // made before the tenant had a state says so: its apply creates the state).
            plan.basis.tenant = graph.identity.id
            return (plan, target.state, outcome.snapshot, target)
        }
        // An existing store is read (read-only, so bad manifests still write nothing) and indexed
        // for planning while the manifests load: two cores, two halves of the work.
        let session = try await options.openForPlanning(creating: forApply, lockTimeout: lockTimeout)
        let early = session.reader.map { reader in Task { SnapshotIndex(try await reader.snapshot()) } }
        let input = load(paths)
        guard let state = input.state else { throw ExitStatus.failure }
        let index = try? await early?.value
        // A plan reads the existing store; only an apply (or an older store to upgrade) opens it
        // for writing.
        let store: any StateStore
        if let reader = session.reader, index != nil, !forApply {
            store = reader
        } else {
            store = try await session.writable()
        }
        let outcome: PlanOutcome
        if let index {
            outcome = await Reconciler.plan(state, index: index, options: guards.planOptions, toolVersion: EntitleCommand.version)
        } else {
            outcome = try await Reconciler.plan(state, store: store, options: guards.planOptions, toolVersion: EntitleCommand.version)
        }
        ProcessLifetime.keep(state, outcome, input.sources)
        report(input.warnings + outcome.diagnostics, sources: input.sources)
        guard let plan = outcome.plan else { throw ExitStatus.failure }
        return (plan, store, outcome.snapshot, .embedded(store))
    }

    /// Prints diagnostics to standard error, sorted by file, line and column, with source lines
    /// where the files are known, and a closing count.
    static func report(_ diagnostics: [Diagnostic], sources: [String: SourceFile]) {
        guard !diagnostics.isEmpty else { return }
        let renderer = TextDiagnosticRenderer(sources: sources, useColor: Terminal.useColor(forDescriptor: 2))
        let files = Set(diagnostics.compactMap { $0.location?.file }).count
        Terminal.err(
            renderer.render(Diagnostic.sortedForOutput(diagnostics))
                + "\(plural(diagnostics.errorCount, "error")), \(plural(diagnostics.warningCount, "warning")) in \(plural(files, "file"))\n")
    }
}
