import ArgumentParser
import Engine
import Manifests
import Store

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

            Loading only adds and updates. With --prune it also removes every directory object \
            the file no longer lists, unless a managed object refers to it: then nothing is \
            written and the objects in use are named.

            Examples:
              entitle directory load examples/tutorial/directory.yaml
              entitle directory load directory.yaml --store sqlite:/srv/entitle/store.db
              entitle directory load directory.yaml --prune
            """
    )

    @Argument(help: "A manifest file with a 'kind: Directory' document.")
    var file: String

    @OptionGroup var store: StoreOptions

    @OptionGroup var lock: LockOptions

    @Flag(help: "Also remove the directory objects the file no longer lists (refused for any a managed object uses).")
    var prune = false

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
            let loaded: DirectoryLoadResult
            do {
                loaded = try await DirectoryLoader.load(state.directorySeeds, into: store, prune: prune)
            } catch let refusal as DirectoryLoader.PruneRefusal {
                throw CommandFailure("\(refusal); nothing was changed")
            } catch StoreError.stalePlan {
                throw CommandFailure("an apply changed \(store.location) while the directory was checked; nothing was changed, run it again")
            }
            Terminal.out(
                "Directory of \(store.location): \(loaded.added) added, \(loaded.updated) updated, \(loaded.unchanged) unchanged"
                    + (prune ? ", \(loaded.removed) removed.\n" : ".\n"))
        }
    }
}
