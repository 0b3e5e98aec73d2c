import ArgumentParser

/// The `entitle` command: Microsoft Entra entitlement management as code.
public struct EntitleCommand: ParsableCommand {
    /// The release's version, printed by `entitle --version` and recorded with every apply.
    public static let version = "0.1.0"

    /// The command tree and help text.
    public static let configuration = CommandConfiguration(
        commandName: "entitle",
        abstract: "Microsoft Entra entitlement management as code.",
        discussion: """
            Describe catalogs, access packages, request policies, connected organizations and the
            external-user lifecycle in YAML manifests kept in git; entitle validates them and
            reports every problem with its file, line and column.

            Exit codes: 0 success, 1 error (including invalid manifests), 64 usage error.

            Examples:
              entitle validate examples/tutorial
              entitle validate manifests/ --format github
              entitle schema > entitle.schema.json
            """,
        version: version,
        subcommands: [ValidateCommand.self, SchemaCommand.self]
    )

    /// Creates the command (argument parser requirement).
    public init() {}
}
