import Engine
import Foundation
import Planner

/// Saved plan files as commands read and write them: signed and checked with `ENTITLE_PLAN_KEY`
/// when it is set (see `PlanFile` for what the digest and the signature protect against).
enum SavedPlanFile {
    /// The signing key from `ENTITLE_PLAN_KEY`; `nil` when it is unset or empty. The key itself is
    /// never printed.
    static func signingKey() throws -> PlanFile.SigningKey? {
        guard let secret = ProcessInfo.processInfo.environment["ENTITLE_PLAN_KEY"], !secret.isEmpty else { return nil }
        return try PlanFile.SigningKey(secret: secret)
    }

    /// Reads and checks the plan file at `path`.
    static func read(_ path: String) throws -> Plan {
        let key = try signingKey()
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw CommandFailure("cannot read the plan file \(path): \((error as NSError).localizedDescription)")
        }
        do {
            return try PlanFile.read(text, key: key)
        } catch {
            throw CommandFailure("\(path): \(error)")
        }
    }

    /// Writes `plan` to `path` (signed when a key is set), atomically.
    static func write(_ plan: Plan, to path: String) throws {
        try writeAtomically(PlanFile.text(of: plan, key: try signingKey()), to: path)
    }
}
