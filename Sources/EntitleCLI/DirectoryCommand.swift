import ArgumentParser
import Engine
import Manifests

/// `entitle directory`: the users, groups, applications and sites of an embedded store.
struct DirectoryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "directory",
        abstract: "Manage the directory of an embedded store (a local tenant).",
        subcommands: [DirectoryLoadCommand.self]
    )
}

/// `entitle directory load FILE`: seed the directory manifests refer to.
struct DirectoryLoadCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "load",
        abstract: "Load users, groups, applications and sites from a Directory manifest.",
        discussion: """
            Manifests refer to directory objects by name (a group's display name, a user's UPN, a \
            site's URL); in a live tenant they exist already, in an embedded store this command \
            adds them. Loading is idempotent: objects keep their ids across loads, and objects \
            without an 'id' get one derived from their name, the same on every machine.

            Examples:
              entitle directory load examples/tutorial/directory.yaml
              entitle directory load directory.yaml --store sqlite:/srv/entitle/store.db
            """
    )

    @Argument(help: "A manifest file with a 'kind: Directory' document.")
    var file: String

    @OptionGroup var store: StoreOptions

    @OptionGroup var lock: LockOptions

    func run() async throws {
        try await reportingFailures {
            if let name = try store.graphTenantName() {
                throw CommandFailure(
                    "directory load is for the embedded store: the directory of graph://\(name) is the tenant's own, and entitle looks names up in it")
            }
            let result = ManifestLoader().load(paths: [file])
            let sources = Dictionary(result.files.map { ($0.path, $0) }, uniquingKeysWith: { first, _ in first })
            ManifestInput.report(result.diagnostics, sources: sources)
            guard !result.diagnostics.containsErrors, let state = result.state else { throw ExitStatus.failure }
            guard !state.directorySeeds.isEmpty else { throw CommandFailure("\(file) has no 'kind: Directory' document to load") }
            let store = try await store.open(.create, lockTimeout: lock.seconds)
            var added = 0
            var updated = 0
            var unchanged = 0
            for seed in state.directorySeeds {
                let loaded = try await DirectoryLoader.load(seed, into: store)
                added += loaded.added
                updated += loaded.updated
                unchanged += loaded.unchanged
            }
            Terminal.out("Directory of \(store.location): \(added) added, \(updated) updated, \(unchanged) unchanged.\n")
        }
    }
}
