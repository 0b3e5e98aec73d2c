import EntitlementModel
import Planner

/// A saved plan: the plan's JSON form plus a SHA-256 digest of it, so a plan file that was edited
/// after `plan --out` wrote it is refused rather than applied.
public enum PlanFile {
    /// Why a plan file cannot be used.
    public struct Failure: Error, Hashable, Sendable, CustomStringConvertible {
        /// What is wrong.
        public var description: String
    }

    /// The file's text: indented JSON, ending with the digest.
    public static func text(of plan: Plan) -> String {
        let body = PlanJSON.encode(plan)
        guard case .object(var fields) = body else { return body.prettyJSONText() + "\n" }
        fields.append(CanonicalField(name: "digest", value: .string(Digest.sha256(body.jsonText()))))
        return CanonicalValue.object(fields).prettyJSONText() + "\n"
    }

    /// The digest of a plan: what the journal records.
    public static func digest(of plan: Plan) -> String { Digest.sha256(PlanJSON.encode(plan).jsonText()) }

    /// Reads a plan file's text; refuses text that is not a plan, another format, or a digest mismatch.
    public static func read(_ text: String) throws(Failure) -> Plan {
        let value: CanonicalValue
        do {
            value = try CanonicalJSONParser.parse(text)
        } catch {
            throw Failure(description: "not a plan file: the JSON is malformed at \(error)")
        }
        guard case .object(let fields) = value else { throw Failure(description: "not a plan file: expected a JSON object") }
        guard case .string(let digest)? = value[field: "digest"] else { throw Failure(description: "not a plan file: it has no digest") }
        let body = CanonicalValue.object(fields.filter { $0.name != "digest" })
        let plan: Plan
        do {
            plan = try PlanJSON.decode(body)
        } catch {
            throw Failure(description: "not a usable plan file: \(error)")
        }
        guard Digest.sha256(body.jsonText()) == digest else {
            throw Failure(description: "the plan file was modified after it was written (digest mismatch); run plan again")
        }
        return plan
    }
}
