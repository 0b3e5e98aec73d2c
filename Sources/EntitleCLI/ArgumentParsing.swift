import ArgumentParser
import EntitlementModel
import Planner

/// Arguments with a syntax of their own, parsed with the command line: a bad one is a usage
/// error (exit 64) found before any file, store or tenant is touched.
enum ArgumentParsing {
    /// A manifest address: `catalog.NAME`, `accessPackage.NAME.policy.NAME`, `settings`, ….
    static func address(_ text: String) throws -> ObjectAddress {
        guard let address = ObjectAddress(parsing: text) else {
            throw ValidationError(
                "'\(text)' is not an address; use catalog.NAME, accessPackage.NAME, accessPackage.NAME.policy.NAME, connectedOrganization.NAME or settings"
            )
        }
        return address
    }

    /// A drift `--ignore` rule: `ADDRESS:PATH` or `*:PATH`.
    static func ignoreRule(_ text: String) throws -> DriftIgnoreRule {
        guard let rule = DriftIgnoreRule(parsing: text) else {
            throw ValidationError("--ignore '\(text)' is not ADDRESS:PATH (for example accessPackage.sales:description or *:description)")
        }
        return rule
    }
}
