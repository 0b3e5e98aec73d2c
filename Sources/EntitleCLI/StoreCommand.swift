import ArgumentParser
import Foundation
import PostgresStore
import SQLiteStore
import Store

/// `entitle store`: work on whole stores.
struct StoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "store",
        abstract: "Work on whole stores: move one from SQLite to PostgreSQL or back.",
        subcommands: [StoreCopyCommand.self]
    )
}

/// `entitle store copy --from URL --to URL`.
struct StoreCopyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "copy",
        abstract: "Copy a store, whole, to a new or empty store.",
        discussion: """
            Copies the objects, the inventory, the directory, the assignments, the journal, and the \
            lineage and serial, so plans and plan files made against the source hold against the \
            copy. The source is only read. The target is created if it does not exist; one that \
            holds anything beyond the built-in objects is refused, never overwritten. The copy is \
            one transaction: it lands whole or not at all.

            PostgreSQL URLs: postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE?sslmode=...&schema=... \
            (the password may also come from PGPASSWORD; messages never show it).

            Examples:
              entitle store copy --from sqlite:.entitle/store.db --to postgres://ci@db.example.com/identity?schema=entitle
              entitle store copy --from postgres://ci@db.example.com/identity --to sqlite:backup.db
            """
    )

    @Option(help: ArgumentHelp("The store to copy (it must exist).", valueName: "url"))
    var from: String

    @Option(help: ArgumentHelp("The store to create or fill (it must be new or empty).", valueName: "url"))
    var to: String

    @Option(help: ArgumentHelp("How long to wait for another apply on the target to finish: 30s, 2m (at most 24h).", valueName: "duration"))
    var lockTimeout = DurationArgument(seconds: 30)

    func run() async throws {
        try await reportingFailures {
            // Both URLs are checked before either store is touched.
            let source = try StoreLocation(from, origin: "--from")
            let target = try StoreLocation(to, origin: "--to")
            guard source.identity != target.identity else { throw CommandFailure("--from and --to name the same store (\(Redaction.url(to)))") }
            guard
                let reader = try await StoreOptions.open(from, origin: "--from", access: .readOnly, lockTimeout: lockTimeout.seconds) as? any TransferableStore
            else { throw CommandFailure("\(Redaction.url(from)) cannot be copied") }
            let contents = try await reader.contents()
            let writer = try await Self.write(contents, to: target, lockTimeout: lockTimeout.seconds)
            let created = contents.objects.filter { !$0.isBuiltIn }.count
            Terminal.out(
                "Copied \(reader.location) to \(writer.location): \(created) objects (and \(contents.objects.count - created) built-in), "
                    + "\(contents.inventory.count) inventory entries, \(contents.directory.count) directory objects, "
                    + "\(contents.assignments.count) assignments, \(contents.journal.count) journal entries; "
                    + "lineage \(contents.basis.lineage), serial \(contents.basis.serial).\n")
        }
    }

    /// Writes `contents` into the target, all or nothing: a target this command creates is gone
    /// again if the copy fails (a PostgreSQL schema is created in the copy's own transaction; a
    /// new SQLite file is removed).
    private static func write(_ contents: StoreContents, to target: StoreLocation, lockTimeout: Double) async throws -> any StateStore {
        switch target {
        case .sqlite(let path):
            let existed = FileManager.default.fileExists(atPath: path)
            do {
                let store = try SQLiteStore(path: path, lockTimeout: lockTimeout)
                try await store.replaceContents(with: contents)
                return store
            } catch {
                if !existed { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
                throw error
            }
        case .postgres(let configuration):
            let store = try await StoreOptions.connect(configuration, lockTimeout: lockTimeout)
            try await store.replaceContents(with: contents)
            return store
        }
    }
}
