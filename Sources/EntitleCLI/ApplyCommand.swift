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
        abstract: "Apply the changes a plan lists, all or nothing.",
        discussion: """
            From manifests: shows the plan, then asks for confirmation in a terminal; anywhere
            else it needs --auto-approve. From a saved plan (--plan FILE, written by 'entitle plan
            --out'): applies exactly that plan without asking, and refuses a stale plan (the store
            changed since it was made) or a modified plan file, writing nothing.

            Every apply is one transaction: the object writes, the inventory, a journal entry (time,
            user, host, plan digest, changes) and the store's serial, all or nothing. Another apply
            running at the same time makes this one wait up to --lock-timeout.

            Exit codes: 0 applied (or nothing to do), 1 error.

            Examples:
              entitle apply examples/tutorial --auto-approve
              entitle plan manifests/ --out plan.json && entitle apply --plan plan.json
            """
    )

    @Argument(help: "Manifest files or directories (default: the current directory).")
    var paths: [String] = []

    @Option(help: ArgumentHelp("Apply this saved plan instead of planning from manifests.", valueName: "planfile"))
    var plan: String?

    @OptionGroup var store: StoreOptions

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
            if let name = try store.graphTenantName() {
                throw CommandFailure(
                    "apply to a Microsoft Graph tenant (graph://\(name)) is not available yet: this entitle reads Graph (plan, drift, show, export, import) but does not write to it. Nothing was changed."
                )
            }
            if let planPath = plan {
                let saved = try readPlanFile(planPath)
                if let tenant = saved.basis.tenant {
                    throw CommandFailure("\(planPath) was made for the Microsoft Graph tenant \(tenant), not for an embedded store; nothing was changed")
                }
                let store = try await store.open(.existing)
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
            let (plan, store, snapshot) = try await ManifestInput.plan(paths, store: store, guards: guards)
            Terminal.out(PlanTextRenderer(useColor: Terminal.useColor(forDescriptor: 1)).render(plan))
            guard plan.summary.hasChanges else { return }
            if !autoApprove {
                Terminal.out("\nApply these changes to \(store.location)? Only 'yes' will be accepted: ")
                guard readLine()?.trimmingCharacters(in: .whitespaces) == "yes" else {
                    Terminal.err("Apply cancelled; nothing was changed.\n")
                    throw ExitStatus.failure
                }
            }
            Terminal.out("\n")
            try await applyAndReport(plan, to: store, snapshot: snapshot, watch: watch)
        }
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
        let created = result.changes.filter { $0.address.kind == .accessPackage && ($0.action == .create || $0.action == .replace) }
        if !created.isEmpty {
            out += "\nMy Access links (share them with the people who should request access):\n"
            for change in created {
                guard let id = change.objectID else { continue }
                out += "  \(change.displayName): https://myaccess.microsoft.com/@\(result.tenantHint)#/access-packages/\(id)\n"
            }
        }
        Terminal.out(out)
        if watch.wasInterrupted {
            Terminal.err("Interrupted, but the apply had already committed: the changes above are in place.\n")
            throw ExitStatus.interrupted
        }
    }
}

/// Reads and checks a saved plan file.
func readPlanFile(_ path: String) throws -> Plan {
    let text: String
    do {
        text = try String(contentsOfFile: path, encoding: .utf8)
    } catch {
        throw CommandFailure("cannot read the plan file \(path): \((error as NSError).localizedDescription)")
    }
    do {
        return try PlanFile.read(text)
    } catch {
        throw CommandFailure("\(path): \(error)")
    }
}
