import Foundation
import Planner

/// Renders a plan as GitHub-flavoured Markdown for pull-request comments and job summaries: the
/// summary line first, deletions and replacements called out, a table of changes, and each
/// object's details in a collapsible block. Stays under GitHub's 65,536-character comment limit by
/// leaving out details (with a note) once the budget is spent.
struct PlanMarkdownRenderer {
    /// GitHub's limit on a comment body.
    static let commentLimit = 65_536

    /// The most characters to produce; the default leaves room for a wrapper around the output.
    var limit = commentLimit - 1_536

    func render(_ plan: Plan) -> String {
        let summary = plan.summary
        var out = "### entitle plan: \(summary.line)\n\n"
        out +=
            "\(plan.basis.tenant.map { "Tenant \($0), state at " } ?? "Store at ")\(plan.basis.store); manifests `sha256:\(plan.basis.desiredDigest.prefix(12))`.\n\n"
        if plan.changes.isEmpty {
            return out + "**No changes.** The store matches the manifests (\(plural(plan.unchangedCount, "object")) up to date).\n"
        }
        let destructive = plan.changes.filter { $0.action == .delete || $0.action == .replace }
        if !destructive.isEmpty {
            out += "> [!WARNING]\n> **This plan deletes or replaces \(plural(destructive.count, "object")):**\n"
            // At most a third of the budget: the table and the details still need room.
            var warningLength = 0
            for (index, change) in destructive.enumerated() {
                var line = "> - `\(change.address)` \(Self.escape(change.displayName))"
                if let note = PlanTextRenderer.note(for: change) { line += " (\(note))" }
                line += "\n"
                warningLength += line.count
                if warningLength > limit / 3 {
                    out += "> - _and \(destructive.count - index) more; the table below lists them all as far as it fits_\n"
                    break
                }
                out += line
            }
            out += "\n"
        }
        out += "| | address | display name |\n|---|---|---|\n"
        // Characters are counted as pieces are added: counting the whole text each time is quadratic.
        var length = out.count
        for (index, change) in plan.changes.enumerated() {
            let row = "| `\(change.action.symbol)` \(change.action.rawValue) | `\(change.address)` | \(Self.escape(change.displayName)) |\n"
            length += row.count
            if length + 300 > limit {
                return out
                    + "\n_\(plan.changes.count - index) more changes left out to stay under GitHub's comment size limit; run `entitle show --plan PLANFILE` for the whole plan._\n"
            }
            out += row
        }
        out += "\n"
        let text = PlanTextRenderer()
        for (index, change) in plan.changes.enumerated() {
            let details =
                "<details><summary><code>\(change.action.symbol) \(change.address)</code></summary>\n\n```diff\n"
                + Self.diffMarkers(text.block(change, labels: plan.labels)) + "```\n\n</details>\n"
            length += details.count
            if length + 300 > limit {
                return out
                    + "\n_Details of \(plan.changes.count - index) more changes left out to stay under GitHub's comment size limit; run `entitle show --plan PLANFILE` for the whole plan._\n"
            }
            out += details
        }
        return out
    }

    /// Moves `+`/`-` markers to the start of each line, where a `diff` code block colours them.
    private static func diffMarkers(_ block: String) -> String {
        block.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            let trimmed = line.drop { $0 == " " }
            let indent = String(repeating: " ", count: line.count - trimmed.count)
            if trimmed.hasPrefix("-/+ ") { return "!" + indent + trimmed }
            if trimmed.hasPrefix("+ ") { return "+" + indent + trimmed.dropFirst(2) }
            if trimmed.hasPrefix("- ") { return "-" + indent + trimmed.dropFirst(2) }
            if trimmed.hasPrefix("~ ") { return "!" + indent + trimmed.dropFirst(2) }
            return line.isEmpty ? "" : " " + line
        }.joined(separator: "\n")
    }

    /// Escapes text for a table cell.
    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: "\n", with: " ")
    }
}
