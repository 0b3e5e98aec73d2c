import Diagnostics
import EntitlementModel
import YAMLSource

extension ManifestDecoder {
    /// Decodes one policy; returns it with where its name and (for external scopes) its scope are written.
    func decodePolicy(_ node: YAMLNode, _ context: DecodingContext) -> (AssignmentPolicy, SourceRange, SourceRange?)? {
        guard let fields = context.mapping(node, "policy", as: .policy),
            let nameNode = fields.required("name"), let name = context.string(nameNode, "policy name")
        else { return nil }
        checkName(name, at: nameNode.range, context)
        let displayName = fields.requiredString("displayName")
        let requestorsNode = fields.required("requestors")
        let expirationNode = fields.required("expiration")
        let requestors = requestorsNode.flatMap { decodeRequestors($0, context) }
        let expiration = expirationNode.flatMap { decodeExpiration($0, context) }
        let requests = fields.optional("requests").flatMap { decodeRequests($0, context) } ?? RequestSettings()
        let approvalNode = fields.optional("approval")
        let approval = approvalNode.flatMap { decodeApproval($0, context) } ?? ApprovalSettings()
        let questions = fields.optional("questions").map { decodeQuestions($0, context) } ?? []
        let reviews = fields.optional("accessReviews").flatMap { decodeAccessReviews($0, context) }
        let automaticNode = fields.optional("automaticAssignment")
        let automatic = automaticNode.flatMap { decodeAutomaticAssignment($0, context) }
        // The portal insists on approval for anyone outside the directory: otherwise any stranger
        // who asks gets in.
        if let requestors, requestors.value.scope.isExternal, !approval.required {
            context.report(
                .approvalRequiredForExternal, "policy '\(name)' lets users outside the directory request (\(requestors.value.scope.rawValue)) without approval",
                at: approvalNode == nil ? requestors.scopeRange : fields.keyRange("approval"),
                hints: ["add 'approval: {required: true, stages: [...]}'; the portal makes approval mandatory for external requestors"]
            )
        }
        guard let displayName, let requestors, let expiration else { return nil }

        let policy = AssignmentPolicy(
            name: name, displayName: displayName, description: fields.string("description", default: ""), requestors: requestors.value,
            requests: requests, approval: approval, questions: questions, expiration: expiration, accessReviews: reviews,
            automaticAssignment: automatic, notifyAssignments: fields.bool("notifyAssignments", default: true)
        )

        checkAutomaticAssignment(policy, fields: fields, automaticNode: automaticNode, requestors: requestors, context)
        return (policy, nameNode.range, requestors.scopeRange)
    }

    private func checkAutomaticAssignment(
        _ policy: AssignmentPolicy, fields: MappingFields, automaticNode: YAMLNode?, requestors: DecodedRequestors, _ context: DecodingContext
    ) {
        let rules = policy.requestors.specific.filter { if case .rule = $0 { true } else { false } }
        if let automaticNode {
            if policy.requestors.scope != .specificDirectoryUsers || rules.count != 1 || policy.requestors.specific.count != 1 {
                context.report(
                    .automaticAssignmentRule, "automatic assignment needs 'scope: specificDirectoryUsers' with exactly one {rule: …} in 'specific'",
                    at: fields.keyRange("automaticAssignment"),
                    hints: ["for example requestors: {scope: specificDirectoryUsers, specific: [{rule: '(user.department -eq \"Sales\")'}]}"]
                )
            }
            if policy.approval.required || !policy.questions.isEmpty {
                context.report(
                    .automaticAssignmentConflict, "an automatic-assignment policy assigns without requests, so it can have neither approval nor questions",
                    at: SourceRange(start: automaticNode.range.start)
                )
            }
        } else if !rules.isEmpty, let ruleRange = requestors.ruleRange {
            context.report(
                .automaticAssignmentRule, "a {rule: …} target is only for automatic-assignment policies", at: ruleRange,
                hints: ["add 'automaticAssignment: {removeWhenOutOfScope: true}' to the policy, or list users and groups instead"]
            )
        }
    }

    func decodeAutomaticAssignment(_ node: YAMLNode, _ context: DecodingContext) -> AutomaticAssignment? {
        guard let fields = context.mapping(node, "automaticAssignment", as: .automaticAssignment) else { return nil }
        return AutomaticAssignment(
            removeWhenOutOfScope: fields.bool("removeWhenOutOfScope", default: true), gracePeriod: fields.duration("gracePeriod", default: .days(0))
        )
    }

    func decodeRequests(_ node: YAMLNode, _ context: DecodingContext) -> RequestSettings? {
        guard let fields = context.mapping(node, "requests", as: .requests)
        else { return nil }
        var settings = RequestSettings(
            enabled: fields.bool("enabled", default: true), allowExtension: fields.bool("allowExtension", default: false),
            allowSelfRemoval: fields.bool("allowSelfRemoval", default: true), customSchedule: fields.bool("customSchedule", default: false)
        )
        if let onBehalfNode = fields.optional("onBehalf"),
            let onBehalf = context.mapping(onBehalfNode, "onBehalf", as: .onBehalf),
            let requestorsNode = onBehalf.required("requestors")
        {
            settings.onBehalf = OnBehalfSettings(
                requestors: context.subjects(requestorsNode, "onBehalf.requestors", in: .onBehalfRequestors),
                add: onBehalf.bool("add", default: true), update: onBehalf.bool("update", default: false), remove: onBehalf.bool("remove", default: false)
            )
        }
        return settings
    }

    func decodeExpiration(_ node: YAMLNode, _ context: DecodingContext) -> Expiration? {
        guard let fields = context.mapping(node, "expiration", as: .expiration) else { return nil }
        let given = ["after", "on", "never"].filter { fields.entry($0) != nil }
        guard given.count == 1, let key = given.first else {
            let message =
                given.isEmpty
                ? "expiration needs one of after, on or never" : "expiration takes exactly one of after, on or never, not \(given.joined(separator: " and "))"
            context.report(
                .expirationChoice, message, at: given.count > 1 ? fields.keyRange(given[1]) : node.range,
                hints: ["for example 'after: 60d', 'on: 2027-03-31' or 'never: true'"])
            return nil
        }
        guard let value = fields.required(key) else { return nil }
        switch key {
        case "after":
            guard let duration = context.duration(value, "'after'") else { return nil }
            guard duration.seconds > 0, duration <= .days(3660) else {
                context.report(
                    .expirationRange, "assignments must expire after more than 0 and at most 3660 days; found \(duration.shorthand)", at: value.range)
                return nil
            }
            return .after(duration)
        case "on":
            guard let date = context.date(value, "'on'") else { return nil }
            if let now = context.now, date < now {
                context.report(
                    .expirationPast, "assignments expire on \(date.shorthand), which has passed: every assignment this policy grants ends at once",
                    at: value.range, hints: ["move the date forward, or use 'after: 90d' for assignments that last a while from their start"])
            }
            return .on(date)
        default:
            guard let never = context.bool(value, "'never'") else { return nil }
            guard never else {
                context.report(.expirationChoice, "'never: false' says nothing; give 'after' or 'on' instead", at: value.range)
                return nil
            }
            return .never
        }
    }
}
