import Diagnostics
import EntitlementModel
import YAMLSource

/// Requestors with where their scope and any rule target are written.
struct DecodedRequestors {
    var value: Requestors
    var scopeRange: SourceRange
    var ruleRange: SourceRange?
}

extension ManifestDecoder {
    func decodeRequestors(_ node: YAMLNode, _ context: DecodingContext) -> DecodedRequestors? {
        guard let fields = context.mapping(node, "requestors", as: .requestors),
            let scopeNode = fields.required("scope"),
            let scope = context.enumeration(scopeNode, "'scope'", AllowedTargetScope.self)
        else { return nil }
        var specific: [Subject] = []
        var ruleRange: SourceRange?
        if let specificNode = fields.optional("specific") {
            specific = context.subjects(specificNode, "requestors.specific", in: .requestorTargets)
            if case .sequence(let items) = specificNode.content {
                ruleRange = items.first { if case .mapping(let entries) = $0.content { entries.first?.key == "rule" } else { false } }?.range
                checkTargetKinds(scope: scope, items: items, context)
            }
        }
        if scope.isSpecific, specific.isEmpty, !fields.has("specific") {
            context.report(
                .requestorsTargetsRequired, "scope \(scope.rawValue) needs the users, groups or organizations it covers in 'specific'",
                at: scopeNode.range
            )
        } else if scope.isSpecific, let specificNode = fields.optional("specific"), case .sequence(let items) = specificNode.content, items.isEmpty {
            context.report(.requestorsTargetsRequired, "scope \(scope.rawValue) needs at least one target in 'specific'", at: specificNode.range)
        }
        if !scope.isSpecific, fields.has("specific"), let specificNode = fields.optional("specific"), case .sequence(let items) = specificNode.content,
            !items.isEmpty
        {
            context.report(
                .requestorsTargetsUnexpected, "scope \(scope.rawValue) covers everyone it names; remove 'specific'", at: fields.keyRange("specific"),
                hints: ["to name users, groups or organizations use a specific… scope such as specificDirectoryUsers"]
            )
        }
        return DecodedRequestors(value: Requestors(scope: scope, specific: specific), scopeRange: scopeNode.range, ruleRange: ruleRange)
    }

    /// Each specific scope takes its own kind of target, as Graph's `specificAllowedTargets` does.
    private func checkTargetKinds(scope: AllowedTargetScope, items: YAMLSequence, _ context: DecodingContext) {
        let allowed: [String]
        switch scope {
        case .specificDirectoryUsers: allowed = ["user", "group", "rule"]
        case .specificConnectedOrganizationUsers: allowed = ["connectedOrganization"]
        case .specificDirectoryServicePrincipals: allowed = ["servicePrincipal"]
        default: return
        }
        for item in items {
            guard case .mapping(let entries) = item.content, entries.count == 1, let key = entries.first?.key,
                SubjectList.requestorTargets.allowedKinds.contains(key), !allowed.contains(key)
            else { continue }
            context.report(
                .requestorsTargetKind, "scope \(scope.rawValue) cannot target a \(key); it takes \(allowed.joined(separator: " or "))", at: item.range
            )
        }
    }
}
