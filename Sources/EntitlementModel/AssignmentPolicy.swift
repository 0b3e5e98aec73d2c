/// A request policy of an access package: who may request, how requests are approved, what
/// requestors are asked, when assignments expire and how they are reviewed
/// (Graph `accessPackageAssignmentPolicy`).
public struct AssignmentPolicy: Hashable, Sendable, CanonicalEncodable {
    /// The policy's name, unique within its package; its stable key.
    public var name: String
    /// `displayName`.
    public var displayName: String
    /// `description`.
    public var description: String
    /// Who may request or be assigned (`allowedTargetScope`, `specificAllowedTargets`).
    public var requestors: Requestors
    /// What requestors may do (`requestorSettings`).
    public var requests: RequestSettings
    /// How requests are approved (`requestApprovalSettings`).
    public var approval: ApprovalSettings
    /// Questions asked of requestors, in order (`questions`, `sequence` = position).
    public var questions: [Question]
    /// When assignments end (`expiration`).
    public var expiration: Expiration
    /// Recurring reviews of assignments (`reviewSettings`); `nil` when off.
    public var accessReviews: AccessReviewSettings?
    /// Automatic assignment by rule (`automaticRequestSettings`); `nil` for request-based policies.
    public var automaticAssignment: AutomaticAssignment?
    /// `notificationSettings.isAssignmentNotificationDisabled`, inverted: whether assignees are notified.
    public var notifyAssignments: Bool

    /// Creates a policy.
    public init(
        name: String, displayName: String, description: String = "", requestors: Requestors,
        requests: RequestSettings = RequestSettings(), approval: ApprovalSettings = ApprovalSettings(),
        questions: [Question] = [], expiration: Expiration, accessReviews: AccessReviewSettings? = nil,
        automaticAssignment: AutomaticAssignment? = nil, notifyAssignments: Bool = true
    ) {
        self.name = name
        self.displayName = displayName
        self.description = description
        self.requestors = requestors
        self.requests = requests
        self.approval = approval
        self.questions = questions
        self.expiration = expiration
        self.accessReviews = accessReviews
        self.automaticAssignment = automaticAssignment
        self.notifyAssignments = notifyAssignments
    }

    /// The canonical spec: every setting explicit, so removing a block from a manifest shows as
    /// a change back to the default rather than silently keeping the old value.
    public var canonicalValue: CanonicalValue {
        .fields([
            "displayName": .string(displayName),
            "description": .string(description),
            "requestors": requestors.canonicalValue,
            "requests": requests.canonicalValue,
            "approval": approval.canonicalValue,
            "questions": .list(questions.map(\.canonicalValue)),
            "expiration": expiration.canonicalValue,
            "accessReviews": accessReviews?.canonicalValue ?? .null,
            "automaticAssignment": automaticAssignment?.canonicalValue ?? .null,
            "notifyAssignments": .bool(notifyAssignments),
        ])
    }
}

/// Graph `allowedTargetScope`: which users or principals a policy covers.
public enum AllowedTargetScope: String, CaseIterable, Hashable, Sendable {
    /// Nobody requests; administrators assign directly.
    case notSpecified
    /// Specific users or groups of the directory (or a rule, for automatic assignment).
    case specificDirectoryUsers
    /// Users of specific connected organizations.
    case specificConnectedOrganizationUsers
    /// Specific service principals.
    case specificDirectoryServicePrincipals
    /// All member users (no guests).
    case allMemberUsers
    /// All users, including guests.
    case allDirectoryUsers
    /// All service principals.
    case allDirectoryServicePrincipals
    /// Users of every configured connected organization.
    case allConfiguredConnectedOrganizationUsers
    /// Anyone outside the directory, including people from no known organization.
    case allExternalUsers
    /// All agent identities.
    case allDirectoryAgentIdentities

    /// Whether the scope covers users outside the directory (the portal's "For users not in your directory").
    public var isExternal: Bool {
        switch self {
        case .specificConnectedOrganizationUsers, .allConfiguredConnectedOrganizationUsers, .allExternalUsers: true
        default: false
        }
    }

    /// Whether the scope lists its members in `specificAllowedTargets`.
    public var isSpecific: Bool {
        switch self {
        case .specificDirectoryUsers, .specificConnectedOrganizationUsers, .specificDirectoryServicePrincipals: true
        default: false
        }
    }
}

/// Who a policy covers.
public struct Requestors: Hashable, Sendable, CanonicalEncodable {
    /// The scope.
    public var scope: AllowedTargetScope
    /// The members, for the `specific*` scopes; empty otherwise.
    public var specific: [Subject]

    /// Creates requestors.
    public init(scope: AllowedTargetScope, specific: [Subject] = []) {
        self.scope = scope
        self.specific = specific
    }

    /// `{"scope", "specific"}`.
    public var canonicalValue: CanonicalValue {
        .fields(["scope": .string(scope.rawValue), "specific": specific.canonicalSet])
    }
}

/// What requestors may do (Graph `accessPackageAssignmentRequestorSettings`).
public struct RequestSettings: Hashable, Sendable, CanonicalEncodable {
    /// "Enable new requests and assignments" (`enableTargetsToSelfAddAccess`).
    public var enabled: Bool
    /// Requestors may ask to extend (`enableTargetsToSelfUpdateAccess`).
    public var allowExtension: Bool
    /// Assignees may remove their own access (`enableTargetsToSelfRemoveAccess`).
    public var allowSelfRemoval: Bool
    /// Requestors may choose their own start and end (`allowCustomAssignmentSchedule`).
    public var customSchedule: Bool
    /// Requests on behalf of others; `nil` when nobody may.
    public var onBehalf: OnBehalfSettings?

    /// Creates request settings; defaults follow the portal's.
    public init(
        enabled: Bool = true, allowExtension: Bool = false, allowSelfRemoval: Bool = true, customSchedule: Bool = false, onBehalf: OnBehalfSettings? = nil
    ) {
        self.enabled = enabled
        self.allowExtension = allowExtension
        self.allowSelfRemoval = allowSelfRemoval
        self.customSchedule = customSchedule
        self.onBehalf = onBehalf
    }

    /// The canonical spec.
    public var canonicalValue: CanonicalValue {
        .fields([
            "enabled": .bool(enabled),
            "allowExtension": .bool(allowExtension),
            "allowSelfRemoval": .bool(allowSelfRemoval),
            "customSchedule": .bool(customSchedule),
            "onBehalf": onBehalf?.canonicalValue ?? .null,
        ])
    }
}

/// Who may request on behalf of others, and for what (`onBehalfRequestors`,
/// `enableOnBehalfRequestorsTo{Add,Update,Remove}Access`).
public struct OnBehalfSettings: Hashable, Sendable, CanonicalEncodable {
    /// Who may request on behalf.
    public var requestors: [Subject]
    /// They may request new assignments.
    public var add: Bool
    /// They may request extensions.
    public var update: Bool
    /// They may request removal.
    public var remove: Bool

    /// Creates on-behalf settings.
    public init(requestors: [Subject], add: Bool = true, update: Bool = false, remove: Bool = false) {
        self.requestors = requestors
        self.add = add
        self.update = update
        self.remove = remove
    }

    /// The canonical spec.
    public var canonicalValue: CanonicalValue {
        .fields(["requestors": requestors.canonicalSet, "add": .bool(add), "update": .bool(update), "remove": .bool(remove)])
    }
}

/// Automatic assignment by rule (Graph `accessPackageAutomaticRequestSettings`).
public struct AutomaticAssignment: Hashable, Sendable, CanonicalEncodable {
    /// Remove the assignment when the user no longer matches the rule.
    public var removeWhenOutOfScope: Bool
    /// How long to wait before removing (`gracePeriodBeforeAccessRemoval`).
    public var gracePeriod: ISODuration

    /// Creates automatic-assignment settings.
    public init(removeWhenOutOfScope: Bool = true, gracePeriod: ISODuration = .days(0)) {
        self.removeWhenOutOfScope = removeWhenOutOfScope
        self.gracePeriod = gracePeriod
    }

    /// The canonical spec.
    public var canonicalValue: CanonicalValue {
        .fields(["removeWhenOutOfScope": .bool(removeWhenOutOfScope), "gracePeriod": .string(gracePeriod.iso8601)])
    }
}

/// When assignments end (Graph `expirationPattern`).
public enum Expiration: Hashable, Sendable, CanonicalEncodable {
    /// `afterDuration`.
    case after(ISODuration)
    /// `afterDateTime`.
    case on(ISODateTime)
    /// `noExpiration`.
    case never

    /// `{"after": "P60D"}`, `{"on": "2027-03-31T00:00:00Z"}` or `{"never": true}`.
    public var canonicalValue: CanonicalValue {
        switch self {
        case .after(let duration): .fields(["after": .string(duration.iso8601)])
        case .on(let date): .fields(["on": .string(date.iso8601)])
        case .never: .fields(["never": .bool(true)])
        }
    }
}
