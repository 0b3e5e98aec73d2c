import ArgumentParser

/// The `entitle` command: Microsoft Entra entitlement management as code.
public struct EntitleCommand: AsyncParsableCommand {
    /// The release's version, printed by `entitle --version` and recorded with every apply.
    public static let version = "0.1.0"

    /// The command tree and help text.
    public static let configuration = CommandConfiguration(
        commandName: "entitle",
        abstract: "Microsoft Entra entitlement management as code.",
        discussion: """
            Describe catalogs, access packages, request policies, connected organizations and the \
            external-user lifecycle in YAML manifests kept in git; entitle validates them, plans \
            the changes against a store, and applies only what changed.

            Stores: --store URL, else $ENTITLE_STORE, else sqlite:.entitle/store.db (an embedded \
            local tenant). 'entitle init', 'entitle directory load' and 'entitle apply' create \
            it; reading commands never do.

            A team shares one PostgreSQL store: \
            postgres://USER@HOST:PORT/DATABASE?sslmode=require&schema=entitle (the password in \
            the URL or in PGPASSWORD; it is never shown).

            Exit codes: 0 success, 1 error (invalid manifests, a refused plan, a lock timeout), \
            2 changes present (plan --detailed-exitcode), 64 usage error.

            Examples:
              entitle validate examples/tutorial
              entitle init
              entitle directory load examples/tutorial/directory.yaml
              entitle plan examples/tutorial
              entitle apply examples/tutorial --auto-approve
              entitle show
            """,
        version: version,
        subcommands: [
            InitCommand.self, ValidateCommand.self, PlanCommand.self, ApplyCommand.self, DriftCommand.self, ShowCommand.self, HistoryCommand.self,
            ImportCommand.self, ExportCommand.self,
            StateCommand.self, DirectoryCommand.self, StoreCommand.self,
            SchemaCommand.self,
        ]
    )

    /// Creates the command (argument parser requirement).
    public init() {}

    /// Parses the command line, runs the command, closes the stores it opened and exits.
    public static func runMain() async {
        do {
            var command = try parseAsRoot()
            if var command = command as? any AsyncParsableCommand {
                try await command.run()
            } else {
                try command.run()
            }
            await OpenStores.closeAll()
        } catch {
            await OpenStores.closeAll()
            exit(withError: error)
        }
    }
}
