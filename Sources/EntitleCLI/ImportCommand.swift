import ArgumentParser
import Engine
import EntitlementModel
import Store

/// `entitle import`: adopt an object entitle does not manage yet.
struct ImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Adopt an existing object into entitle's inventory.",
        discussion: """
            Records that the object with OBJECT-ID is the one the manifests declare at ADDRESS, so \
            entitle manages it from now on instead of refusing to create a second one with the same \
            name. The object itself is not changed; run plan afterwards to see how it differs from \
            the manifests.

            Addresses: catalog.NAME, accessPackage.NAME, accessPackage.NAME.policy.NAME, \
            connectedOrganization.NAME, settings.

            Examples:
              entitle import accessPackage.external-user-package 6f1c2b1e-0d4a-4f57-9b8e-2a7c5d1e9f30
              entitle show        # lists objects with their ids
            """
    )

    @Argument(help: "The manifest address to manage the object as.", transform: ArgumentParsing.address)
    var address: ObjectAddress

    @Argument(help: "The id of the object in the store.")
    var objectID: String

    @OptionGroup var store: StoreOptions

    @OptionGroup var lock: LockOptions

    func run() async throws {
        try await reportingFailures {
            let parsed = address
            do {
                var state: any StateStore
                var snapshot: StoreSnapshot?
                // A Graph tenant's state is created by its first import, once the object is found.
                let access: StoreOptions.Access = try store.graphTenantName() != nil ? .readOnly : .existing
                switch try await store.target(access, lockTimeout: lock.seconds) {
                case .embedded(let embedded):
                    state = embedded
                case .graph(let graph, _):
                    // A Graph tenant's state is created on the first import, once the object is
                    // known to be adoptable: a mistyped id leaves nothing behind.
                    var read = try await graph.snapshot(for: nil)
                    _ = try Importer.check(parsed, objectID: objectID, snapshot: read)
                    // The state was read read-only (and its tenant checked); now it is written.
                    state = try await store.createState(for: graph.identity, lockTimeout: lock.seconds)
                    if graph.state == nil { read.basis = try await state.snapshot().basis }
                    snapshot = read
                }
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
