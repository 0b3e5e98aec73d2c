import ArgumentParser
import Engine
import EntitlementModel

/// `entitle import`: adopt an object entitle does not manage yet.
struct ImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Adopt an existing object into entitle's inventory.",
        discussion: """
            Records that the object with OBJECT-ID is the one the manifests declare at ADDRESS, so
            entitle manages it from now on instead of refusing to create a second one with the same
            name. The object itself is not changed; run plan afterwards to see how it differs from
            the manifests.

            Addresses: catalog.NAME, accessPackage.NAME, accessPackage.NAME.policy.NAME,
            connectedOrganization.NAME, settings.

            Examples:
              entitle import accessPackage.external-user-package 6f1c2b1e-0d4a-4f57-9b8e-2a7c5d1e9f30
              entitle show        # lists objects with their ids
            """
    )

    @Argument(help: "The manifest address to manage the object as.")
    var address: String

    @Argument(help: "The id of the object in the store.")
    var objectID: String

    @OptionGroup var store: StoreOptions

    func run() async throws {
        try await reportingFailures {
            guard let parsed = ObjectAddress(parsing: address) else {
                throw CommandFailure(
                    "ADDRESS '\(address)' is not an address; use catalog.NAME, accessPackage.NAME, accessPackage.NAME.policy.NAME, connectedOrganization.NAME or settings"
                )
            }
            // Adopting into a Graph tenant's state creates the state on first use.
            let target = try await store.target(try store.graphTenantName() != nil ? .create : .existing)
            var snapshot: StoreSnapshot?
            if case .graph = target { snapshot = try await target.snapshot(for: nil) }
            guard let state = target.state else { throw CommandFailure("no state to import into") }
            do {
                let basis = try await Importer.adopt(parsed, objectID: objectID, store: state, snapshot: snapshot, context: applyContext())
                Terminal.out(
                    "\(parsed): imported object \(objectID). Store serial is now \(basis.serial).\nRun 'entitle plan' to see how it differs from the manifests.\n"
                )
            } catch let refusal as ImportRefusal {
                throw CommandFailure(refusal.description)
            }
        }
    }
}
