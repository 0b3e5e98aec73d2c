import Diagnostics
import EntitlementModel
import YAMLSource

/// The lists a subject can appear in; each allows different kinds of subject, as Graph does.
enum SubjectList {
    case requestorTargets, approvers, reviewers, sponsors, onBehalfRequestors

    var allowedKinds: [String] {
        switch self {
        case .requestorTargets: ["user", "group", "connectedOrganization", "servicePrincipal", "rule"]
        case .approvers: ["internalSponsors", "externalSponsors", "targetUserSponsors", "manager", "user", "group"]
        case .reviewers: ["manager", "user", "group"]
        case .sponsors: ["user", "group"]
        case .onBehalfRequestors: ["targetManager", "targetApplicationOwners", "user", "group"]
        }
    }

    var name: String {
        switch self {
        case .requestorTargets: "requestors"
        case .approvers: "approvers"
        case .reviewers: "reviewers"
        case .sponsors: "sponsors"
        case .onBehalfRequestors: "on-behalf requestors"
        }
    }
}

extension DecodingContext {
    /// Reads a list of subjects, refusing duplicates and kinds the list does not allow.
    func subjects(_ node: YAMLNode, _ what: @autoclosure () -> String, in list: SubjectList) -> [Subject] {
        guard let items = self.list(node, what()) else { return [] }
        // Most lists hold a subject or two: each earlier one is looked at in turn, where a hash
        // table per list cost more than the search. A long list is indexed.
        var subjects: [Subject] = []
        var ranges: [SourceRange] = []
        var index: [Subject: Int]? = items.count > 16 ? [:] : nil
        for item in items {
            guard let subject = subject(item, in: list) else { continue }
            if let first = index.map({ $0[subject] }) ?? subjects.firstIndex(of: subject) {
                report(
                    .subjectDuplicate, "\(subject.manifestText) appears twice in \(what())", at: item.range,
                    notes: [DiagnosticNote("first listed here", at: location(ranges[first]))]
                )
                continue
            }
            index?[subject] = subjects.count
            subjects.append(subject)
            ranges.append(item.range)
        }
        return subjects
    }

    /// Reads one subject: a keyword (`internalSponsors`, `manager`) or a one-key mapping
    /// (`{user: …}`, `{group: …}`, `{manager: 2}`, …).
    func subject(_ node: YAMLNode, in list: SubjectList) -> Subject? {
        let allowed = list.allowedKinds
        var kindsText: String { allowed.joined(separator: ", ") }  // for messages only
        let kind: String
        let valueNode: YAMLNode?
        switch node.content {
        case .scalar(let scalar):
            kind = scalar.value
            valueNode = nil
            guard Subject.keywords[kind] != nil else {
                var hints: [String] = []
                if Subject.mappingKeys.contains(kind) { hints.append("write {\(kind): …}") }
                if let hint = Suggestions.hint(for: kind, in: allowed) { hints.append(hint) }
                report(.manifestSubject, "'\(kind)' is not a subject; \(list.name) may be \(kindsText)", at: node.range, hints: hints)
                return nil
            }
        case .mapping(let entries):
            guard entries.count == 1, let entry = entries.first else {
                report(.manifestSubject, "a subject is a mapping with exactly one key (\(kindsText))", at: node.range)
                return nil
            }
            kind = entry.key
            valueNode = entry.value
            guard Subject.mappingKeys.contains(kind) else {
                let hints = Suggestions.hint(for: kind, in: allowed).map { [$0] } ?? []
                report(.manifestSubject, "'\(kind)' is not a subject; \(list.name) may be \(kindsText)", at: entry.keyRange, hints: hints)
                return nil
            }
        case .sequence:
            report(.manifestSubject, "expected a subject, found a list", at: node.range)
            return nil
        }
        guard allowed.contains(kind) else {
            report(.manifestSubject, "\(kind) cannot be used in \(list.name); allowed here: \(kindsText)", at: node.range)
            return nil
        }
        guard let valueNode else { return Subject.keywords[kind] }
        switch kind {
        case "manager", "targetManager":
            let maximum = kind == "manager" ? 2 : 4
            guard let level = int(valueNode, "'\(kind)' level", in: Int.min...Int.max) else { return nil }
            guard (1...maximum).contains(level) else {
                report(.subjectManagerLevel, "\(kind) level must be between 1 and \(maximum), found \(level)", at: valueNode.range)
                return nil
            }
            return kind == "manager" ? .manager(level: level) : .targetManager(level: level)
        default:
            guard let name = string(valueNode, "'\(kind)'") else { return nil }
            switch kind {
            case "user":
                noteReference(Reference(.user, name), at: valueNode.range)
                return .user(name)
            case "group":
                noteReference(Reference(.group, name), at: valueNode.range)
                return .group(name)
            case "servicePrincipal":
                noteReference(Reference(.servicePrincipal, name), at: valueNode.range)
                return .servicePrincipal(name)
            case "connectedOrganization":
                noteReference(Reference(.connectedOrganization, name), at: valueNode.range)
                return .connectedOrganization(name)
            default:
                return .rule(name)
            }
        }
    }
}
