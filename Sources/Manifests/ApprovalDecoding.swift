import Diagnostics
import EntitlementModel
import YAMLSource

extension ManifestDecoder {
    /// Decodes `approval`. Writing the block means wanting approval, so `required` defaults to
    /// true inside it (and approval is off when the block is absent).
    func decodeApproval(_ node: YAMLNode, _ context: DecodingContext) -> ApprovalSettings? {
        guard let fields = context.mapping(node, "approval", as: .approval) else {
            return nil
        }
        var settings = ApprovalSettings(
            required: fields.bool("required", default: true), requiredForExtension: fields.bool("requiredForExtension", default: false),
            requestorJustification: fields.bool("requestorJustification", default: false)
        )
        let stageNodes = fields.optional("stages").flatMap { context.list($0, "stages") } ?? .empty
        for (index, stageNode) in stageNodes.enumerated() {
            if index == 3 {
                context.report(.approvalStageCount, "approval has at most 3 stages; found \(stageNodes.count)", at: stageNode.range)
            }
            if let stage = decodeStage(stageNode, number: index + 1, context) { settings.stages.append(stage) }
        }
        if settings.required, stageNodes.isEmpty {
            context.report(
                .approvalStageCount, "approval is required but has no stages",
                at: fields.has("stages") ? fields.keyRange("stages") : SourceRange(start: node.range.start),
                hints: ["add 1 to 3 stages, for example 'stages: [{approvers: [manager], fallbackApprovers: [{group: Approvers}]}]'"]
            )
        }
        if !settings.required, !stageNodes.isEmpty {
            context.report(
                .approvalStagesWithoutApproval, "stages are given but approval is not required", at: fields.keyRange("stages"),
                hints: ["remove the stages, or set 'required: true'"]
            )
        }
        return settings
    }

    private func decodeStage(_ node: YAMLNode, number: Int, _ context: DecodingContext) -> ApprovalStage? {
        guard let fields = context.mapping(node, "approval stage \(number)", as: .approvalStage),
            let approversNode = fields.required("approvers")
        else { return nil }
        let approvers = context.subjects(approversNode, "approvers", in: .approvers)
        let fallback = fields.optional("fallbackApprovers").map { context.subjects($0, "fallbackApprovers", in: .approvers) } ?? []
        if case .sequence(let items) = approversNode.content, items.isEmpty {
            context.report(.approvalNoApprovers, "approval stage \(number) has no approvers", at: approversNode.range)
        }
        // Sponsors and managers are looked up per request and may not exist (a brand-new external
        // user has no sponsors): without a fallback such requests wait until they are denied.
        if !approvers.isEmpty, approvers.allSatisfy(\.isDynamic), fallback.isEmpty {
            context.report(
                .approvalDynamicWithoutFallback,
                "approval stage \(number) has only dynamic approvers (\(approvers.map(\.manifestText).joined(separator: ", "))) and no fallback",
                at: approversNode.range,
                hints: ["add 'fallbackApprovers: [{user: …}]' or a group, for requestors who have no such approver"]
            )
        }
        var stage = ApprovalStage(
            approvers: approvers, fallbackApprovers: fallback, decisionWithin: fields.duration("decisionWithin", default: .days(14)),
            approverJustification: fields.bool("approverJustification", default: true),
            approverVisibility: fields.enumeration("approverVisibility", default: ApproverVisibility.default)
        )
        if let escalationNode = fields.optional("escalation") {
            stage.escalation = decodeEscalation(escalationNode, decisionWithin: stage.decisionWithin, keyRange: fields.keyRange("escalation"), context)
        }
        return stage
    }

    private func decodeEscalation(_ node: YAMLNode, decisionWithin: ISODuration, keyRange: SourceRange, _ context: DecodingContext) -> Escalation? {
        guard let fields = context.mapping(node, "escalation", as: .escalation),
            let afterNode = fields.required("after"), let approversNode = fields.required("approvers"),
            let after = context.duration(afterNode, "'after'")
        else { return nil }
        let escalation = Escalation(
            after: after, approvers: context.subjects(approversNode, "escalation approvers", in: .approvers),
            fallbackApprovers: fields.optional("fallbackApprovers").map { context.subjects($0, "escalation fallbackApprovers", in: .approvers) } ?? []
        )
        if case .sequence(let items) = approversNode.content, items.isEmpty {
            context.report(.approvalNoApprovers, "escalation has no approvers to forward to", at: approversNode.range)
        }
        // The portal's rule: forwarding needs a decision window of at least 4 days, and happens
        // before the window closes (documented as "after half the window, not on the last day").
        if decisionWithin < .days(4) {
            context.report(
                .escalationWindowTooShort, "escalation needs a decision window of at least 4 days; this stage has \(decisionWithin.shorthand)",
                at: keyRange, hints: ["set 'decisionWithin: 4d' or more, or remove the escalation"]
            )
        } else if after >= decisionWithin {
            context.report(
                .escalationAfterDeadline, "escalation after \(after.shorthand) comes too late: the request is denied after \(decisionWithin.shorthand)",
                at: afterNode.range,
                hints: ["escalate before the decision window ends, for example after \(ISODuration(seconds: decisionWithin.seconds / 2 + 86_400).shorthand)"]
            )
        } else if after.seconds * 2 < decisionWithin.seconds {
            context.report(
                .escalationEarly,
                "escalation after \(after.shorthand) is earlier than half the \(decisionWithin.shorthand) decision window, which the portal refuses",
                at: afterNode.range
            )
        }
        return escalation
    }
}
