import ArgumentParser
import Engine
import Foundation
import Planner
import Store

/// Runs a command body, turning operational failures into one `error:` line on standard error and
/// exit status 1.
func reportingFailures(_ body: () async throws -> Void) async throws {
    do {
        try await body()
    } catch let error as StoreError {
        Terminal.err("error: \(error)\n")
        throw ExitStatus.failure
    } catch let error as CommandFailure {
        Terminal.err("error: \(error)\n")
        throw ExitStatus.failure
    } catch let error as PlanFile.Failure {
        Terminal.err("error: \(error)\n")
        throw ExitStatus.failure
    } catch let error as TenantError {
        Terminal.err("error: \(error)\n")
        throw ExitStatus.failure
    }
}

/// `--max-deletes` and `--allow-mass-delete`.
struct DeleteGuardOptions: ParsableArguments {
    @Option(help: "Refuse a plan that deletes more objects than this.")
    var maxDeletes: Int = 10

    @Flag(help: "Allow a plan that deletes more than --max-deletes objects, or more than half of the managed objects.")
    var allowMassDelete = false

    var planOptions: PlanOptions { PlanOptions(maxDeletes: maxDeletes, allowMassDelete: allowMassDelete) }

    func validate() throws {
        guard maxDeletes >= 0 else { throw ValidationError("--max-deletes must be 0 or more") }
    }
}

/// The journal's who, where and when for this run.
func applyContext() -> ApplyContext {
    let environment = ProcessInfo.processInfo.environment
    let user = environment["USER"].flatMap { $0.isEmpty ? nil : $0 } ?? environment["LOGNAME"].flatMap { $0.isEmpty ? nil : $0 } ?? accountName()
    var name = [UInt8](repeating: 0, count: 256)
    let host = gethostname(&name, name.count) == 0 ? String(decoding: name.prefix { $0 != 0 }, as: UTF8.self) : "unknown"
    let formatter = ISO8601DateFormatter()
    return ApplyContext(
        user: user, host: host, time: formatter.string(from: Date()), toolVersion: EntitleCommand.version,
        newID: { UUID().uuidString.lowercased() })
}

/// Writes `text` to `path` through a temporary file and a rename, so a reader never sees half a file.
func writeAtomically(_ text: String, to path: String) throws {
    let url = URL(fileURLWithPath: path)
    do {
        try Data(text.utf8).write(to: url, options: .atomic)
    } catch {
        throw CommandFailure("cannot write \(path): \((error as NSError).localizedDescription)")
    }
}

/// The name of the account this process runs as (a CI container often sets neither USER nor
/// LOGNAME), else its uid.
func accountName() -> String {
    let uid = getuid()
    guard let entry = getpwuid(uid), let name = entry.pointee.pw_name else { return "uid \(uid)" }
    return String(cString: name)
}
