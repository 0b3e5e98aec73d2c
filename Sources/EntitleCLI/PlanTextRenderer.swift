import EntitlementModel
import Planner

/// Renders a plan for people, in the style of `terraform plan`: one block per changed object,
/// marked `+` create, `~` update, `-/+` replace, `-` delete, `<=` import; creates list every field,
/// updates and replaces the changed fields with before → after; directory object ids carry a
/// `# group 'External collaboration'` label.
struct PlanTextRenderer {
    var useColor = false

    func render(_ plan: Plan) -> String {
        var out = ""
        if plan.changes.isEmpty {
            out += "No changes. The store matches the manifests (\(plural(plan.unchangedCount, "object")) up to date).\n"
            return out
        }
        out += "entitle will make these changes (\(plan.basis.tenant.map { "tenant \($0), state at " } ?? "store at ")\(plan.basis.store)):\n"
        for change in plan.changes {
            out += "\n" + block(change, labels: plan.labels)
        }
        out += "\n" + paint("Plan: \(plan.summary.line).", bold) + (plan.unchangedCount > 0 ? " \(plan.unchangedCount) unchanged." : "") + "\n"
        return out
    }

    func block(_ change: PlannedChange, labels: [String: String]) -> String {
        let color = self.color(change.action)
        var head = "  " + paint(change.action.symbol, color) + " " + paint(change.address.description, bold) + " \"\(change.displayName)\""
        if let note = Self.note(for: change) { head += "  (\(note))" }
        var out = head + "\n"
        switch change.action {
        case .create:
            for line in ValueLines.lines(change.after ?? .null, labels: labels) { out += "      " + paint("+", color) + " " + line + "\n" }
        case .update, .replace, .import:
            for field in change.fieldChanges { out += fieldLines(field, labels: labels) }
        case .delete:
            break
        }
        return out
    }

    private func fieldLines(_ field: FieldChange, labels: [String: String]) -> String {
        switch (field.before, field.after) {
        case (.set(let old)?, .set(let new)?):
            var out = "      " + paint("~", yellow) + " \(field.path):\n"
            for item in old where !new.contains(item) { out += "          " + paint("-", red) + " " + ValueLines.inline(item, labels: labels) + "\n" }
            for item in new where !old.contains(item) { out += "          " + paint("+", green) + " " + ValueLines.inline(item, labels: labels) + "\n" }
            return out
        case (let before?, let after?):
            return "      " + paint("~", yellow) + " \(field.path): " + ValueLines.inline(before, labels: labels) + " → "
                + ValueLines.inline(after, labels: labels) + "\n"
        case (nil, let after?):
            return "      " + paint("+", green) + " \(field.path): " + ValueLines.inline(after, labels: labels) + "\n"
        case (let before?, nil):
            return "      " + paint("-", red) + " \(field.path): " + ValueLines.inline(before, labels: labels) + "\n"
        case (nil, nil):
            return ""
        }
    }

    /// Why an object is replaced, deleted or re-created, in words.
    static func note(for change: PlannedChange) -> String? {
        switch change.reason {
        case .catalogChanged?: "replace: an access package cannot move to another catalog; its My Access link changes"
        case .packageReplaced?: "replace: its access package is replaced"
        case .scopeCrossesInternalExternal?: "replace: requestors move between users in and not in the directory"
        case .deletedOutsideEntitle?: change.action == .delete ? "already deleted outside entitle" : "re-create: deleted outside entitle"
        case .removedFromManifests?: "removed from the manifests"
        case .noLongerUsed?: "no access package uses it any more"
        case .stopsManagingBuiltIn?: "stop managing; the built-in object stays as it is"
        case .adoptsTenantSettings?: "start managing the tenant's settings"
        case .refersToReplacedObject?: "it refers to an object this plan replaces or re-creates"
        case .recordsOutsideChange?: "the store already matches the manifests; record it as applied"
        case nil: nil
        }
    }

    private let bold = "\u{1B}[1m"
    private let green = "\u{1B}[32m"
    private let yellow = "\u{1B}[33m"
    private let red = "\u{1B}[31m"

    private func color(_ action: PlanAction) -> String {
        switch action {
        case .create, .import: green
        case .update: yellow
        case .replace, .delete: red
        }
    }

    private func paint(_ text: String, _ code: String) -> String {
        useColor ? code + text + "\u{1B}[0m" : text
    }
}

/// Canonical values as short lines for plans: objects flattened to `path = value` leaves, sets and
/// scalar lists kept inline.
enum ValueLines {
    /// `path = value` lines for every leaf of `value`.
    static func lines(_ value: CanonicalValue, labels: [String: String]) -> [String] {
        var lines: [String] = []
        collect(value, path: "", labels: labels, into: &lines)
        return lines
    }

    private static func collect(_ value: CanonicalValue, path: String, labels: [String: String], into lines: inout [String]) {
        switch value {
        case .object(let fields) where !fields.isEmpty:
            for field in fields { collect(field.value, path: path.isEmpty ? field.name : path + "." + field.name, labels: labels, into: &lines) }
        case .list(let items) where items.contains(where: { if case .object = $0 { true } else { false } }):
            for (index, item) in items.enumerated() { collect(item, path: "\(path)[\(index)]", labels: labels, into: &lines) }
        default:
            lines.append("\(path) = " + inline(value, labels: labels))
        }
    }

    /// Compact JSON, with a `# label` for each directory object id it contains.
    static func inline(_ value: CanonicalValue, labels: [String: String]) -> String {
        let text = value.jsonText()
        var named = ReferenceRewriter.references(in: value).compactMap { labels[$0.name] }
        if case .string(let id) = value, let label = labels[id] { named.append(label) }
        var seen = Set<String>()
        let unique = named.filter { seen.insert($0).inserted }
        return unique.isEmpty ? text : text + "  # " + unique.joined(separator: ", ")
    }
}
