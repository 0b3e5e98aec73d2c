import ArgumentParser
import Engine
import EntitlementModel
import Store

/// `entitle state`: edit what entitle manages without touching the objects.
struct StateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "state",
        abstract: "Stop managing an object, or manage it under a new address, without changing it.",
        subcommands: [StateRemoveCommand.self, StateMoveCommand.self]
    )
}

/// `entitle state rm ADDRESS…`.
struct StateRemoveCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rm",
        abstract: "Stop managing objects, leaving them in the tenant.",
        discussion: """
            Removes the addresses (and everything under them: a package's policies, a catalog's \
            resources) from entitle's inventory. The objects stay as they are; plans no longer \
            change or delete them, and 'entitle import' adopts them again. Remove the manifests \
            too, or the next plan creates a second object of the same name.

            The edit is journalled and moves the serial, so a plan saved before it is stale.

            Examples:
              entitle state rm accessPackage.contractors
              entitle state rm connectedOrganization.fabrikam --tenant graph://contoso.onmicrosoft.com
            """
    )

    @Argument(help: "The addresses to stop managing.", transform: ArgumentParsing.address)
    var addresses: [ObjectAddress]

    @OptionGroup var store: StoreOptions

    @OptionGroup var lock: LockOptions

    func run() async throws {
        try await reportingFailures {
            let state = try await store.editableState(lockTimeout: lock.seconds)
            let (removed, basis) = try await editing { try await StateEditor.remove(addresses, from: state, context: applyContext()) }
            var out = ""
            for address in removed { out += "\(address): no longer managed (the object is left as it is)\n" }
            out += "Stopped managing \(removed.count) object\(removed.count == 1 ? "" : "s"). Serial is now \(basis.serial).\n"
            Terminal.out(out)
        }
    }
}

/// `entitle state mv FROM TO`.
struct StateMoveCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mv",
        abstract: "Manage an object under a new address (after renaming its metadata.name).",
        discussion: """
            Renaming metadata.name changes an object's address: a plan would delete the object \
            and create a new one (a package's My Access link and assignments would be lost). Move \
            the address instead, and the plan shows only what else changed. A package moves with \
            its policies, a catalog with its resources. Nothing in the tenant changes.

            The edit is journalled and moves the serial, so a plan saved before it is stale.

            Examples:
              entitle state mv accessPackage.contractors accessPackage.external-contractors
              entitle state mv accessPackage.sales.policy.default accessPackage.sales.policy.employees
            """
    )

    @Argument(help: "The address the object is managed at now.", transform: ArgumentParsing.address)
    var from: ObjectAddress

    @Argument(help: "The address to manage it at from now on.", transform: ArgumentParsing.address)
    var to: ObjectAddress

    @OptionGroup var store: StoreOptions

    @OptionGroup var lock: LockOptions

    func run() async throws {
        try await reportingFailures {
            let state = try await store.editableState(lockTimeout: lock.seconds)
            let (moves, basis) = try await editing { try await StateEditor.move(from, to: to, in: state, context: applyContext()) }
            var out = ""
            for (old, new) in moves { out += "\(old) → \(new)\n" }
            out += "Moved \(moves.count) address\(moves.count == 1 ? "" : "es"). Serial is now \(basis.serial).\n"
            Terminal.out(out)
        }
    }
}

/// Runs an inventory edit, turning its refusals into one-line failures.
private func editing<T>(_ body: () async throws -> T) async throws -> T {
    do {
        return try await body()
    } catch let refusal as StateEditRefusal {
        throw CommandFailure("\(refusal); nothing was changed")
    }
}

extension StoreOptions {
    /// The store whose inventory a state command edits: the embedded store, or a Graph tenant's
    /// state (which must exist).
    func editableState(lockTimeout: Double) async throws -> any StateStore {
        guard let state = try await target(.existing, lockTimeout: lockTimeout).state else { throw ExitStatus.failure }
        return state
    }
}
