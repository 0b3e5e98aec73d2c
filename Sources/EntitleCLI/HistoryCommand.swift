import ArgumentParser
import EntitlementModel
import Store

/// `entitle history`: the journal, newest first.
struct HistoryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: "List the applies and imports recorded in the store's journal, newest first.",
        discussion: """
            Every apply (and import) records its serial, time, user, host, entitle version, the \
            digest of the plan it applied, its summary and each change; on a Microsoft Graph \
            tenant also each change's outcome (applied, failed, not attempted). history only reads.

            Examples:
              entitle history
              entitle history --limit 5
              entitle history --format json --tenant graph://contoso.onmicrosoft.com
            """
    )

    @OptionGroup var store: StoreOptions

    @Option(help: "Output format: text or json.")
    var format: HistoryFormat = .text

    @Option(help: "Show only the newest N entries.")
    var limit: Int?

    func validate() throws {
        if let limit, limit < 1 { throw ValidationError("--limit must be 1 or more") }
    }

    func run() async throws {
        try await reportingFailures {
            let target = try await store.target(.readOnly)
            var entries = try await target.state?.journal() ?? []
            entries.sort { $0.serial > $1.serial }
            if let limit { entries = Array(entries.prefix(limit)) }
            switch format {
            case .json: Terminal.out(CanonicalValue.list(entries.map(Self.json)).prettyJSONText() + "\n")
            case .text: Terminal.out(entries.isEmpty ? "\(target.location) has no history yet: nothing was applied or imported.\n" : Self.text(entries))
            }
        }
    }

    /// One block per entry: the header line, the summary, then each change.
    static func text(_ entries: [JournalEntry]) -> String {
        var out = ""
        for entry in entries {
            out += "serial \(entry.serial)  \(entry.appliedAt)  \(entry.user)@\(entry.host)  entitle \(entry.toolVersion)\n"
            out += "  \(entry.summary)\n"
            for change in entry.changes.elements {
                guard case .string(let address)? = change[field: "address"], case .string(let action)? = change[field: "action"] else { continue }
                var line = "    \(symbol(action)) \(address) (\(action))"
                if case .string(let outcome)? = change[field: "outcome"] { line += ": \(outcome)" }
                out += line + "\n"
            }
            out += "  plan digest \(entry.planDigest)\n\n"
        }
        return out
    }

    /// The plan's symbol for an action.
    static func symbol(_ action: String) -> String {
        switch action {
        case "create": "+"
        case "update": "~"
        case "replace": "-/+"
        case "delete": "-"
        default: "="
        }
    }

    static func json(_ entry: JournalEntry) -> CanonicalValue {
        .fields([
            "serial": .int(entry.serial), "appliedAt": .string(entry.appliedAt), "user": .string(entry.user), "host": .string(entry.host),
            "toolVersion": .string(entry.toolVersion), "planDigest": .string(entry.planDigest), "summary": .string(entry.summary),
            "changes": entry.changes,
        ])
    }
}

/// `--format` of `history`.
enum HistoryFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json
}
