import ArgumentParser
import Engine
import EntitlementModel
import Foundation
import Planner
import Store

/// `entitle apply`: make the store match the manifests, or apply a saved plan.
struct ApplyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "apply",
        abstract: "Apply the changes a plan lists.",
        discussion: """
            From manifests: shows the plan, then asks for confirmation in a terminal; anywhere \
            else it needs --auto-approve. From a saved plan (--plan FILE, written by 'entitle plan \
            --out'): applies exactly that plan without asking, and refuses a stale plan (the store \
            or the tenant changed since it was made) or a modified plan file, writing nothing.

            On an embedded store every apply is one transaction: the object writes, the inventory, \
            a journal entry (time, user, host, plan digest, changes) and the store's serial, all or \
            nothing. Another apply running at the same time makes this one wait up to \
            --lock-timeout.

            On a Microsoft Graph tenant (--tenant graph://…) an apply is a sequence of calls under \
            a lease on the state. Each call is recorded before it is made and settled after it, so \
            an apply that fails or is cut off stops with a report of what landed and what did not, \
            and the next plan or apply finishes it without making anything twice. Ctrl-C lets the \
            calls in flight finish and records them.

            Exit codes: 0 applied (or nothing to do), 1 error or an apply that stopped part way, \
            130 interrupted.

            Examples:
              entitle apply examples/tutorial --auto-approve
              entitle plan manifests/ --out plan.json && entitle apply --plan plan.json
              entitle apply manifests/ --tenant graph://contoso.onmicrosoft.com --auto-approve
            """
    )

    @Argument(help: "Manifest files or directories (default: the current directory).")
    var paths: [String] = []

    @Option(help: ArgumentHelp("Apply this saved plan instead of planning from manifests.", valueName: "planfile"))
    var plan: String?

    @OptionGroup var store: StoreOptions

    @OptionGroup var lock: LockOptions

    @Flag(help: "Apply without asking for confirmation.")
    var autoApprove = false

    @OptionGroup var guards: DeleteGuardOptions

    func validate() throws {
        if plan != nil, !paths.isEmpty { throw ValidationError("give manifest paths or --plan, not both") }
    }

    func run() async throws {
        // Ctrl-C from here on is handled: before the apply starts it stops everything, during the
        // apply it rolls back (see InterruptWatch).
        let watch = InterruptWatch()
        defer { watch.stop() }
        try await reportingFailures {
            if let planPath = plan {
                let saved = try SavedPlanFile.read(planPath)
                if try store.graphTenantName() != nil {
                    // A plan made before the tenant had a state creates it (its basis says so).
                    let target = try await store.target(.create, lockTimeout: lock.seconds)
                    guard case .graph(let graph, _) = target else { throw ExitStatus.failure }
                    guard saved.basis.tenant?.lowercased() == graph.identity.id.lowercased() else {
                        throw CommandFailure(
                            "\(planPath) was made for \(saved.basis.tenant.map { "the tenant \($0)" } ?? "an embedded store"), not for \(graph.tenant.location) (tenant \(graph.identity.id)); nothing was changed"
                        )
                    }
                    guard saved.summary.hasChanges else {
                        Terminal.out("No changes to apply.\n")
                        return
                    }
                    try await applyToTenant(saved, graph, planned: nil, watch: watch)
                    return
                }
                if let tenant = saved.basis.tenant {
                    throw CommandFailure("\(planPath) was made for the Microsoft Graph tenant \(tenant), not for an embedded store; nothing was changed")
                }
                let store = try await store.open(.existing, lockTimeout: lock.seconds)
                guard saved.summary.hasChanges else {
                    Terminal.out("No changes to apply.\n")
                    return
                }
                try await applyAndReport(saved, to: store, snapshot: nil, watch: watch)
                return
            }
            let interactive = isatty(0) == 1 && isatty(1) == 1
            guard autoApprove || interactive else {
                throw CommandFailure("apply needs --auto-approve when not run in a terminal (or apply a saved plan with --plan FILE)")
            }
            let existed = (try? await store.exists()) ?? true
            let (plan, opened, snapshot, target) = try await ManifestInput.plan(paths, store: store, guards: guards, forApply: true, lockTimeout: lock.seconds)
            guard let store = opened else { throw ExitStatus.failure }
            Terminal.out(PlanTextRenderer(useColor: Terminal.useColor(forDescriptor: 1)).render(plan))
            guard plan.summary.hasChanges else { return }
            if !autoApprove {
                Terminal.out("\nApply these changes to \(target.location)? Only 'yes' will be accepted: ")
                guard readLine()?.trimmingCharacters(in: .whitespaces) == "yes" else {
                    // The plan was made under the store's lock, which a new store needed first.
                    Terminal.err(
                        existed
                            ? "Apply cancelled; nothing was changed.\n"
                            : "Apply cancelled; nothing was applied. The empty store made for this apply at \(store.location) stays (as 'entitle init' would leave it).\n"
                    )
                    throw ExitStatus.failure
                }
            }
            Terminal.out("\n")
            if case .graph(let graph, _) = target {
                try await applyToTenant(plan, graph, planned: snapshot, watch: watch)
                return
            }
            try await applyAndReport(plan, to: store, snapshot: snapshot, watch: watch)
        }
    }

    /// Applies to a Microsoft Graph tenant, call by call (see LiveTenantApplier), reporting each
    /// change as it lands and, at the end, what landed, what failed and what was not attempted.
    private func applyToTenant(_ plan: Plan, _ graph: LiveTenantTarget, planned: StoreSnapshot?, watch: InterruptWatch) async throws {
        guard let writer = graph.tenant as? any LiveTenantWriter, let state = graph.state else {
            throw CommandFailure("\(graph.tenant.location) cannot be written to")
        }
        let stop = StopRequest()
        watch.onInterrupt(
            saying:
                "\nInterrupt: stopping the apply once the calls in flight finish; they are recorded. (Ctrl-C again quits at once: the next plan or apply then settles what was in flight.)\n"
        ) { stop.request() }
        var applier = LiveTenantApplier(
            writer: writer, identity: graph.identity, state: state, context: applyContext(), lockTimeout: lock.seconds,
            progress: { line in Terminal.err(line + "\n") }, stopRequested: { stop.isRequested })
        // The kill test's control only (see GraphKillTests): without the record of each call made,
        // an apply cut off makes objects twice.
        if ProcessInfo.processInfo.environment["ENTITLE_TEST_UNSAFE_NO_PENDING_RECORD"] == "1" { applier.recordsPending = false }
        let report: LiveApplyReport
        do {
            report = try await applier.apply(plan, planned: planned)
        } catch let error as StoreError {
            if case .stalePlan = error { throw CommandFailure("\(error); nothing was changed") }
            if case .rejected = error { throw CommandFailure("\(error); nothing was changed") }
            throw error
        }
        for note in report.recovered { Terminal.err("note: \(note)\n") }
        var out = ""
        let result = report.result
        if report.isComplete {
            out += "\nApply complete: \(plan.summary.pastLine). State serial is now \(result.basis.serial).\n"
        } else {
            out += "\nApply stopped: \(result.changes.count) of \(plan.changes.count) changes landed"
            out += result.changes.isEmpty ? ".\n" : "; the state records them (serial \(result.basis.serial)).\n"
            if let failure = report.failure { out += "Failed: \(failure.address): \(failure.reason)\n" }
            if !report.notAttempted.isEmpty {
                out += "Not attempted (\(report.notAttempted.count)): " + report.notAttempted.prefix(10).map(\.description).joined(separator: ", ")
                out += report.notAttempted.count > 10 ? ", …\n" : "\n"
            }
            out += "Run 'entitle plan' to see what is left, and 'entitle apply' to finish it.\n"
        }
        out += myAccessLinks(result)
        Terminal.out(out)
        if report.interrupted {
            Terminal.err("Interrupted: the call in flight finished and was recorded; the apply stopped there.\n")
            throw ExitStatus.interrupted
        }
        if !report.isComplete { throw ExitStatus.failure }
    }

    /// The My Access links of the packages an apply created.
    private func myAccessLinks(_ result: ApplyResult) -> String {
        let created = result.changes.filter { $0.address.kind == .accessPackage && ($0.action == .create || $0.action == .replace) }
        guard !created.isEmpty else { return "" }
        var out = "\nMy Access links (share them with the people who should request access):\n"
        for change in created {
            guard let id = change.objectID else { continue }
            out += "  \(change.displayName): \(result.myAccessHost)/@\(result.tenantHint)#/access-packages/\(id)\n"
        }
        return out
    }

    private func applyAndReport(_ plan: Plan, to store: any StateStore, snapshot: StoreSnapshot?, watch: InterruptWatch) async throws {
        let context = applyContext()
        let task = Task { () async throws(StoreError) -> ApplyResult in try await Reconciler.apply(plan, to: store, snapshot: snapshot, context: context) }
        watch.onInterrupt { task.cancel() }
        let result: ApplyResult
        do {
            result = try await task.value
        } catch StoreError.interrupted {
            Terminal.err("Interrupted: the transaction was rolled back; nothing was changed.\n")
            throw ExitStatus.interrupted
        }
        var out = ""
        for change in result.changes {
            let verb =
                switch change.action {
                case .create: "created"
                case .update: "updated"
                case .replace: "replaced"
                case .delete: "deleted"
                case .import: "imported"
                }
            out += "\(change.address): \(verb)" + (change.objectID.map { " (id \($0))" } ?? "") + "\n"
        }
        out += "\nApply complete: \(plan.summary.pastLine). Store serial is now \(result.basis.serial).\n"
        out += myAccessLinks(result)
        Terminal.out(out)
        if watch.wasInterrupted {
            Terminal.err("Interrupted, but the apply had already committed: the changes above are in place.\n")
            throw ExitStatus.interrupted
        }
    }
}
