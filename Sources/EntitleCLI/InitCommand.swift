import ArgumentParser
import Store

/// `entitle init`: create an empty store (or a Graph tenant's state) on purpose, so no reading
/// command ever has to.
struct InitCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Create an empty store, or the state of a Microsoft Graph tenant.",
        discussion: """
            Reading commands (plan, drift, show, export, history) never create a store: a mistyped \
            --store URL is an error, not a new empty store. init creates one on purpose; so do \
            'entitle directory load' and 'entitle apply', and each says so. Running init on a store \
            that exists changes nothing, except that an older store's schema is upgraded.

            With --tenant graph://TENANT, init signs in, reads the tenant's id and creates the \
            state entitle keeps about it (--state, default sqlite:.entitle/state-TENANT-ID.db), \
            bound to that tenant; if that state exists already, it is left as it is.

            Examples:
              entitle init
              entitle init --store sqlite:/srv/entitle/store.db
              entitle init --store 'postgres://ci@db.example.com/identity?schema=entitle'
              entitle init --tenant graph://contoso.onmicrosoft.com --state postgres://ci@db.example.com/identity
            """
    )

    @OptionGroup var store: StoreOptions

    @OptionGroup var lock: LockOptions

    func run() async throws {
        try await reportingFailures {
            let isGraph = try store.graphTenantName() != nil
            let existed = isGraph ? false : try await store.exists()
            let target = try await store.target(.create, lockTimeout: lock.seconds)
            guard let state = target.state else { throw ExitStatus.failure }
            let basis = try await state.snapshot().basis
            if existed {
                Terminal.out("\(state.location) already exists (lineage \(basis.lineage), serial \(basis.serial)); nothing was changed.\n")
                return
            }
            if isGraph {
                Terminal.out("The state of \(target.location) is ready (lineage \(basis.lineage)).\nNext: entitle plan DIR --tenant …\n")
            } else {
                Terminal.out(
                    "\(state.location) is ready (lineage \(basis.lineage)).\n"
                        + "Next: load the directory your manifests name (entitle directory load FILE), then: entitle plan DIR\n")
            }
        }
    }
}
