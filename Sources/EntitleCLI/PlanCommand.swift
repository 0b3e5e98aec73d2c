import ArgumentParser
import Engine
import Planner

/// `entitle plan`: show what apply would change, field by field.
struct PlanCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Show what apply would create, update, replace and delete.",
        discussion: """
            Compares the manifests with the store (or, with --tenant, a Microsoft Entra tenant \
            read through Microsoft Graph) and lists every change: + create, ~ update (with \
            each changed field, before → after), -/+ replace, - delete. Only objects entitle manages \
            (its inventory) are ever changed or deleted.

            Saved plans: --out writes the plan with its basis (the store's lineage and serial, and a \
            digest of the manifests). 'entitle apply --plan FILE' applies exactly that plan, and \
            refuses it if the store changed since.

            Formats: text (for people), json (formatVersion 1.1, for pipelines), markdown (for \
            pull-request comments and job summaries; stays under GitHub's comment size limit).

            Exit codes: 0 success, 1 error; with --detailed-exitcode 0 no changes, 1 error, \
            2 changes present.

            Examples:
              entitle plan examples/tutorial
              entitle plan manifests/ --out plan.json --format markdown >> "$GITHUB_STEP_SUMMARY"
              entitle plan manifests/ --detailed-exitcode
              entitle plan manifests/ --tenant graph://contoso.onmicrosoft.com --state postgres://ci@db/identity
            """
    )

    @Argument(help: "Manifest files or directories (default: the current directory).")
    var paths: [String] = []

    @OptionGroup var store: StoreOptions

    @OptionGroup var lock: LockOptions

    @Option(help: ArgumentHelp("Save the plan to this file for 'entitle apply --plan'.", valueName: "planfile"))
    var out: String?

    @Option(help: "Output format: text, json or markdown.")
    var format: PlanFormat = .text

    @Flag(help: "Exit 2 when the plan has changes, 0 when it has none.")
    var detailedExitcode = false

    @OptionGroup var guards: DeleteGuardOptions

    func run() async throws {
        try await reportingFailures {
            // A bad signing key is found before any work is done.
            if out != nil { _ = try SavedPlanFile.signingKey() }
            let (plan, _, _, _) = try await ManifestInput.plan(paths, store: store, guards: guards, forApply: false, lockTimeout: lock.seconds)
            Terminal.out(format.render(plan))
            if let out {
                try SavedPlanFile.write(plan, to: out)
                Terminal.err("Saved the plan to \(out). Apply exactly this plan with: entitle apply --plan \(out)\n")
            }
            if detailedExitcode, plan.summary.hasChanges { throw ExitStatus.changes }
        }
    }
}

/// `--format` of `plan` and `show --plan`.
enum PlanFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json, markdown

    func render(_ plan: Plan) -> String {
        switch self {
        case .text: PlanTextRenderer(useColor: Terminal.useColor(forDescriptor: 1)).render(plan)
        case .json: PlanJSON.encode(plan).prettyJSONText() + "\n"
        case .markdown: PlanMarkdownRenderer().render(plan)
        }
    }
}
