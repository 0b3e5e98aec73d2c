import ArgumentParser
import EntitlementModel
import Planner
import Store

/// `entitle show`: what the store holds, or a saved plan.
struct ShowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Show what the store holds, one object, or a saved plan.",
        discussion: """
            Without arguments: every object in the store, managed (with its address) or not, and \
            the store's lineage and serial. With ADDRESS (or an object id): that object's spec. \
            With --plan FILE: the saved plan, in text, json or markdown.

            Examples:
              entitle show
              entitle show accessPackage.external-user-package --format json
              entitle show --plan plan.json --format markdown
            """
    )

    @Argument(help: "An address (accessPackage.NAME, …) or object id to show.")
    var address: String?

    @Option(help: ArgumentHelp("Render this saved plan instead of the store.", valueName: "planfile"))
    var plan: String?

    @OptionGroup var store: StoreOptions

    @Option(help: "Output format: text or json (and markdown for --plan).")
    var format: PlanFormat = .text

    func validate() throws {
        if plan != nil, address != nil { throw ValidationError("give an ADDRESS or --plan, not both") }
        if plan == nil, format == .markdown { throw ValidationError("--format markdown is for --plan; use text or json") }
    }

    func run() async throws {
        try await reportingFailures {
            if let plan {
                Terminal.out(format.render(try SavedPlanFile.read(plan)))
                return
            }
            let target = try await store.target(.readOnly)
            let snapshot = try await target.snapshot(for: nil)
            let view = StoreView(snapshot: snapshot)
            if let address {
                guard let object = view.object(matching: address) else {
                    throw CommandFailure("the store has no object at '\(address)'; 'entitle show' lists them")
                }
                Terminal.out(format == .json ? view.json(object).prettyJSONText() + "\n" : view.text(object))
                return
            }
            Terminal.out(format == .json ? view.json().prettyJSONText() + "\n" : view.text(location: target.location))
        }
    }
}
