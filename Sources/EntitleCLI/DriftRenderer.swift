import EntitlementModel
import Planner

/// Renders a drift report as text, JSON or Markdown.
struct DriftRenderer {
    var location: String
    var useColor = false

    func text(_ report: DriftReport) -> String {
        var out = "Drift of \(location) (\(report.basis)) against what entitle last applied:\n"
        if report.findings.isEmpty {
            return out + "\nIn sync: \(plural(report.inSyncCount, "managed object")) as last applied.\n"
        }
        for finding in report.findings { out += "\n" + block(finding, labels: report.labels) }
        return out + "\n" + summary(report) + "\n"
    }

    func summary(_ report: DriftReport) -> String {
        let drifted = report.drifted
        let changed = drifted.filter { $0.status == .changed }.count
        let deleted = drifted.filter { $0.status == .deleted }.count
        let conflicts = drifted.filter(\.conflict).count
        let unmanaged = drifted.filter { $0.status == .unmanaged }.count
        var parts = ["\(changed) changed outside entitle", "\(deleted) deleted outside entitle", plural(conflicts, "conflict")]
        if unmanaged > 0 { parts.append("\(unmanaged) unmanaged") }
        parts.append("\(report.inSyncCount) in sync")
        return (report.hasDrift ? "Drift: " : "In sync: ") + parts.joined(separator: ", ") + "."
    }

    func block(_ finding: DriftFinding, labels: [String: String]) -> String {
        let name = finding.address?.description ?? "(unmanaged \(finding.kind.rawValue))"
        switch finding.status {
        case .deleted:
            return "  " + paint("-", red) + " \(name) \"\(finding.displayName)\"  deleted outside entitle; plan creates it again\n"
        case .unmanaged:
            return "  " + paint("?", yellow) + " \(name) \"\(finding.displayName)\"  id \(finding.objectID); no manifest manages it\n"
        case .changed:
            let allIgnored = finding.fields.allSatisfy(\.ignored)
            var head = "  " + paint(finding.conflict ? "!" : "~", finding.conflict ? red : yellow) + " \(name) \"\(finding.displayName)\"  "
            head +=
                allIgnored
                ? "changed outside entitle (all changes ignored)"
                : finding.conflict ? "changed outside entitle and in the manifests (conflict: apply overwrites the outside change)" : "changed outside entitle"
            var out = head + "\n"
            for field in finding.fields {
                let values =
                    ValueLines.inline(field.lastApplied ?? .null, labels: labels) + " (last applied) → "
                    + ValueLines.inline(field.current ?? .null, labels: labels) + " (now)"
                out += "      " + (field.ignored ? "ignored: " : "") + "\(field.path): \(values)\n"
            }
            if finding.conflict { out += "      the manifests changed: " + finding.desiredPaths.joined(separator: ", ") + "\n" }
            return out
        }
    }

    func json(_ report: DriftReport) -> CanonicalValue {
        let drifted = report.drifted
        return .fields([
            "formatVersion": .string(DriftReport.formatVersion),
            "basis": .fields(["lineage": .string(report.basis.lineage), "serial": .int(report.basis.serial)]),
            "inSync": .bool(!report.hasDrift),
            "summary": .fields([
                "changed": .int(drifted.filter { $0.status == .changed }.count),
                "deleted": .int(drifted.filter { $0.status == .deleted }.count),
                "conflicts": .int(drifted.filter(\.conflict).count),
                "unmanaged": .int(drifted.filter { $0.status == .unmanaged }.count),
                "inSync": .int(report.inSyncCount),
                "ignoredFields": .int(report.findings.reduce(0) { $0 + $1.fields.filter(\.ignored).count }),
            ]),
            "findings": .list(
                report.findings.map { finding in
                    .fields([
                        "address": .optional(finding.address?.description),
                        "status": .string(finding.status.rawValue),
                        "objectId": .string(finding.objectID),
                        "kind": .string(finding.kind.rawValue),
                        "displayName": .string(finding.displayName),
                        "conflict": .bool(finding.conflict),
                        "fields": .list(
                            finding.fields.map { field in
                                .fields([
                                    "path": .string(field.path), "lastApplied": field.lastApplied ?? .null, "current": field.current ?? .null,
                                    "ignored": .bool(field.ignored),
                                ])
                            }),
                        "desiredChangedPaths": .list(finding.desiredPaths.map(CanonicalValue.string)),
                    ])
                }),
        ])
    }

    func markdown(_ report: DriftReport) -> String {
        var out = "### entitle drift: " + (report.hasDrift ? "drift found" : "in sync") + "\n\n" + summary(report) + "\n\n"
        out += "Store `\(location)` at \(report.basis).\n\n"
        guard !report.findings.isEmpty else { return out + "Every managed object is as entitle last applied it.\n" }
        out += "| | address | display name | status |\n|---|---|---|---|\n"
        for finding in report.findings {
            let status =
                switch finding.status {
                case .changed: finding.fields.allSatisfy(\.ignored) ? "changed (ignored)" : finding.conflict ? "**conflict**" : "changed"
                case .deleted: "**deleted**"
                case .unmanaged: "unmanaged"
                }
            let name = finding.address.map { "`\($0)`" } ?? "`\(finding.objectID)`"
            out +=
                "| \(finding.status == .changed && finding.conflict ? "!" : "") | \(name) | \(PlanMarkdownRenderer.escape(finding.displayName)) | \(status) |\n"
        }
        out += "\n<details><summary>Changed fields</summary>\n\n```\n"
        for finding in report.findings where finding.status == .changed { out += block(finding, labels: report.labels) }
        return out + "```\n\n</details>\n"
    }

    private let red = "\u{1B}[31m"
    private let yellow = "\u{1B}[33m"

    private func paint(_ text: String, _ code: String) -> String { useColor ? code + text + "\u{1B}[0m" : text }
}
