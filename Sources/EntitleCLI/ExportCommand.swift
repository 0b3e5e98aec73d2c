import ArgumentParser
import Engine
import Foundation

/// `entitle export`: write manifests for everything a store holds.
struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write manifests for every object in the store (onboarding an existing tenant).",
        discussion: """
            Writes one manifest per catalog, access package (with its policies), connected \
            organization and the tenant settings, plus the directory, into DIR. Managed objects keep \
            their names; others get names made from their display names. References are by name, \
            fields in canonical order, and each file starts with the schema modeline.

            Objects entitle does not manage yet are listed as 'entitle import' commands (printed, \
            and saved to DIR/import-commands.sh): run them, and plan shows no changes.

            The store is opened read-only. DIR must be empty or new (or pass --force).

            Examples:
              entitle export --out manifests/
              sh manifests/import-commands.sh && entitle plan manifests/
            """
    )

    @OptionGroup var store: StoreOptions

    @Option(help: ArgumentHelp("The directory to write the manifests to.", valueName: "dir"))
    var out: String = "entitle-export"

    @Flag(help: "Write into a directory that already has files, replacing files of the same names.")
    var force = false

    func run() async throws {
        try await reportingFailures {
            let manager = FileManager.default
            var isDirectory: ObjCBool = false
            if manager.fileExists(atPath: out, isDirectory: &isDirectory) {
                guard isDirectory.boolValue else { throw CommandFailure("--out \(out) is a file, not a directory") }
                let existing = try manager.contentsOfDirectory(atPath: out).filter { !$0.hasPrefix(".") }
                if !existing.isEmpty, !force {
                    throw CommandFailure("--out \(out) is not empty; choose a new directory or pass --force to replace files there")
                }
            }
            let target = try await store.target(.readOnly)
            let result = Exporter.export(try await target.snapshot(for: nil, namingReferences: true))
            do {
                try manager.createDirectory(atPath: out, withIntermediateDirectories: true)
            } catch {
                throw CommandFailure("cannot create \(out): \((error as NSError).localizedDescription)")
            }
            for file in result.files { try writeAtomically(file.text, to: out + "/" + file.name) }
            try writeAtomically(EmbeddedSchema.text, to: out + "/" + Exporter.schemaFileName)
            var script = """
                #!/bin/sh
                # Adopts the exported objects entitle does not manage yet; then 'entitle plan' shows no changes.
                # Arguments are passed on to every command (for example --store URL); $ENTITLE names the binary.
                set -e

                """
            for command in result.importCommands {
                script += "\"${ENTITLE:-entitle}\" " + command.dropFirst("entitle ".count) + " \"$@\"\n"
            }
            let scriptPath = out + "/import-commands.sh"
            try writeAtomically(script, to: scriptPath)
            _ = chmod(scriptPath, 0o755)
            var report = "Exported \(plural(result.files.count, "file")) from \(target.location) to \(out).\n"
            if result.importCommands.isEmpty {
                report += "Every exported object is managed already.\n"
            } else {
                report += "\n\(plural(result.importCommands.count, "object")) not managed yet; adopt them with (also in \(scriptPath)):\n"
                for command in result.importCommands { report += "  \(command)\n" }
            }
            Terminal.out(report)
        }
    }
}
