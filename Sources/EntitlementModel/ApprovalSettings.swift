/// How requests are approved (Graph `accessPackageAssignmentApprovalSettings`).
public struct ApprovalSettings: Hashable, Sendable, CanonicalEncodable {
    /// `isApprovalRequiredForAdd`.
    public var required: Bool
    /// `isApprovalRequiredForUpdate`: extensions need approval too.
    public var requiredForExtension: Bool
    /// `isRequestorJustificationRequired`.
    public var requestorJustification: Bool
    /// One to three stages when approval is required, none otherwise.
    public var stages: [ApprovalStage]

    /// Creates approval settings; no approval by default.
    public init(required: Bool = false, requiredForExtension: Bool = false, requestorJustification: Bool = false, stages: [ApprovalStage] = []) {
        self.required = required
        self.requiredForExtension = requiredForExtension
        self.requestorJustification = requestorJustification
        self.stages = stages
    }

    /// The canonical spec; stages are ordered.
    public var canonicalValue: CanonicalValue {
        .fields([
            "required": .bool(required),
            "requiredForExtension": .bool(requiredForExtension),
            "requestorJustification": .bool(requestorJustification),
            "stages": .list(stages.map(\.canonicalValue)),
        ])
    }
}

/// One approval stage (Graph `accessPackageApprovalStage`).
public struct ApprovalStage: Hashable, Sendable, CanonicalEncodable {
    /// `primaryApprovers`.
    public var approvers: [Subject]
    /// `fallbackPrimaryApprovers`: used when a dynamic approver resolves to nobody.
    public var fallbackApprovers: [Subject]
    /// `durationBeforeAutomaticDenial` ("Decision must be made in how many days?").
    public var decisionWithin: ISODuration
    /// `isApproverJustificationRequired`.
    public var approverJustification: Bool
    /// Forwarding to alternate approvers; `nil` when off (`isEscalationEnabled`).
    public var escalation: Escalation?
    /// `approverInformationVisibility` ("Show approver details on pending requests").
    public var approverVisibility: ApproverVisibility

    /// Creates a stage; defaults follow the portal's (14 days, justification required).
    public init(
        approvers: [Subject], fallbackApprovers: [Subject] = [], decisionWithin: ISODuration = .days(14),
        approverJustification: Bool = true, escalation: Escalation? = nil, approverVisibility: ApproverVisibility = .default
    ) {
        self.approvers = approvers
        self.fallbackApprovers = fallbackApprovers
        self.decisionWithin = decisionWithin
        self.approverJustification = approverJustification
        self.escalation = escalation
        self.approverVisibility = approverVisibility
    }

    /// The canonical spec; approver lists are sets.
    public var canonicalValue: CanonicalValue {
        .fields([
            "approvers": approvers.canonicalSet,
            "fallbackApprovers": fallbackApprovers.canonicalSet,
            "decisionWithin": .string(decisionWithin.iso8601),
            "approverJustification": .bool(approverJustification),
            "escalation": escalation?.canonicalValue ?? .null,
            "approverVisibility": .string(approverVisibility.rawValue),
        ])
    }
}

/// Forwarding a request to alternate approvers when the primary ones do not act
/// (`durationBeforeEscalation`, `escalationApprovers`, `fallbackEscalationApprovers`).
public struct Escalation: Hashable, Sendable, CanonicalEncodable {
    /// When to forward.
    public var after: ISODuration
    /// `escalationApprovers`.
    public var approvers: [Subject]
    /// `fallbackEscalationApprovers`.
    public var fallbackApprovers: [Subject]

    /// Creates an escalation.
    public init(after: ISODuration, approvers: [Subject], fallbackApprovers: [Subject] = []) {
        self.after = after
        self.approvers = approvers
        self.fallbackApprovers = fallbackApprovers
    }

    /// The canonical spec.
    public var canonicalValue: CanonicalValue {
        .fields(["after": .string(after.iso8601), "approvers": approvers.canonicalSet, "fallbackApprovers": fallbackApprovers.canonicalSet])
    }
}

/// Graph `approverInformationVisibility`.
public enum ApproverVisibility: String, CaseIterable, Hashable, Sendable {
    /// Inherit the tenant setting.
    case `default`
    /// Hide approver details from requestors.
    case notVisible
    /// Show approver details to requestors.
    case visible
}
