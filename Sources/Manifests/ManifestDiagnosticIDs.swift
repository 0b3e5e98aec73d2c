import Diagnostics

// Stable ids for problems in manifests. Released ids never change meaning; docs/diagnostics.md
// lists them all.
extension DiagnosticID {
    // Shape: what the decoder finds.
    /// A value of the wrong type (a list where a mapping belongs, …).
    public static let manifestType: DiagnosticID = "E-MANIFEST-TYPE"
    /// A field the format does not have.
    public static let manifestUnknownField: DiagnosticID = "E-MANIFEST-UNKNOWN-FIELD"
    /// A required field is absent.
    public static let manifestMissingField: DiagnosticID = "E-MANIFEST-MISSING-FIELD"
    /// A value outside an enumeration.
    public static let manifestEnum: DiagnosticID = "E-MANIFEST-ENUM"
    /// A boolean field holds something other than `true` or `false`.
    public static let manifestBool: DiagnosticID = "E-MANIFEST-BOOL"
    /// A number that is not a valid integer here (or has an ambiguous leading zero).
    public static let manifestNumber: DiagnosticID = "E-MANIFEST-NUMBER"
    /// A malformed duration.
    public static let manifestDuration: DiagnosticID = "E-MANIFEST-DURATION"
    /// A malformed date.
    public static let manifestDate: DiagnosticID = "E-MANIFEST-DATE"
    /// A document whose `apiVersion` is missing or not `entitle/v1`.
    public static let manifestAPIVersion: DiagnosticID = "E-MANIFEST-API-VERSION"
    /// A document whose `kind` is missing or unknown.
    public static let manifestKind: DiagnosticID = "E-MANIFEST-KIND"
    /// A subject (who) that is malformed or not allowed in its list.
    public static let manifestSubject: DiagnosticID = "E-MANIFEST-SUBJECT"
    /// An empty string where a value is needed.
    public static let manifestEmpty: DiagnosticID = "E-MANIFEST-EMPTY-VALUE"
    /// A path given on the command line that cannot be read.
    public static let manifestUnreadable: DiagnosticID = "E-MANIFEST-UNREADABLE"
    /// No manifest was found under the given paths.
    public static let manifestNone: DiagnosticID = "E-MANIFEST-NONE"

    // Names.
    /// `metadata.name` does not have the required form.
    public static let nameFormat: DiagnosticID = "E-NAME-FORMAT"
    /// Two objects of one kind (or two policies of one package) share a name.
    public static let nameDuplicate: DiagnosticID = "E-NAME-DUPLICATE"
    /// A catalog manifest claims the built-in General catalog's display name.
    public static let catalogGeneralReserved: DiagnosticID = "E-CATALOG-GENERAL-RESERVED"
    /// Two EntitlementSettings manifests.
    public static let settingsDuplicate: DiagnosticID = "E-SETTINGS-DUPLICATE"

    // References between manifests.
    /// A package names a catalog no manifest declares.
    public static let referenceUnknownCatalog: DiagnosticID = "E-REF-UNKNOWN-CATALOG"
    /// A subject names a connected organization no manifest declares.
    public static let referenceUnknownConnectedOrganization: DiagnosticID = "E-REF-UNKNOWN-CONNECTED-ORGANIZATION"
    /// `incompatibleWith` names a package no manifest declares.
    public static let referenceUnknownAccessPackage: DiagnosticID = "E-REF-UNKNOWN-ACCESS-PACKAGE"
    /// A package declares itself incompatible with itself.
    public static let incompatibleSelf: DiagnosticID = "E-INCOMPATIBLE-SELF"

    // Policies.
    /// Approval required with no stages, or more than three.
    public static let approvalStageCount: DiagnosticID = "E-APPROVAL-STAGE-COUNT"
    /// Stages given while approval is not required.
    public static let approvalStagesWithoutApproval: DiagnosticID = "E-APPROVAL-STAGES-UNUSED"
    /// An external scope without approval.
    public static let approvalRequiredForExternal: DiagnosticID = "E-APPROVAL-REQUIRED-EXTERNAL"
    /// A stage whose approvers are all dynamic, with no fallback.
    public static let approvalDynamicWithoutFallback: DiagnosticID = "W-APPROVAL-DYNAMIC-NO-FALLBACK"
    /// A stage without approvers.
    public static let approvalNoApprovers: DiagnosticID = "E-APPROVAL-NO-APPROVERS"
    /// Escalation with a decision window shorter than 4 days.
    public static let escalationWindowTooShort: DiagnosticID = "E-ESCALATION-WINDOW-TOO-SHORT"
    /// Escalation not strictly before the decision deadline.
    public static let escalationAfterDeadline: DiagnosticID = "E-ESCALATION-AFTER-DEADLINE"
    /// Escalation earlier than half the decision window (the portal's documented rule).
    public static let escalationEarly: DiagnosticID = "W-ESCALATION-EARLY"
    /// Not exactly one of expiration `after`, `on`, `never`.
    public static let expirationChoice: DiagnosticID = "E-EXPIRATION-CHOICE"
    /// Expiration longer than 3660 days, or not positive.
    public static let expirationRange: DiagnosticID = "E-EXPIRATION-RANGE"
    /// An expiry date (`expiration.on`) already past when the manifests are read.
    public static let expirationPast: DiagnosticID = "W-EXPIRATION-PAST"
    /// A `specific*` scope without targets.
    public static let requestorsTargetsRequired: DiagnosticID = "E-REQUESTORS-TARGETS-REQUIRED"
    /// An `all*` scope with targets.
    public static let requestorsTargetsUnexpected: DiagnosticID = "E-REQUESTORS-TARGETS-UNEXPECTED"
    /// A target of the wrong kind for the scope.
    public static let requestorsTargetKind: DiagnosticID = "E-REQUESTORS-TARGET-KIND"
    /// Automatic assignment without exactly one rule target (or a rule without automatic assignment).
    public static let automaticAssignmentRule: DiagnosticID = "E-AUTO-ASSIGNMENT-RULE"
    /// More than one automatic-assignment policy in a package.
    public static let automaticAssignmentMultiple: DiagnosticID = "E-AUTO-ASSIGNMENT-MULTIPLE"
    /// Automatic assignment combined with approval or questions.
    public static let automaticAssignmentConflict: DiagnosticID = "E-AUTO-ASSIGNMENT-CONFLICT"
    /// A manager level out of range.
    public static let subjectManagerLevel: DiagnosticID = "E-SUBJECT-MANAGER-LEVEL"
    /// The same subject twice in one list.
    public static let subjectDuplicate: DiagnosticID = "E-SUBJECT-DUPLICATE"
    /// A choice question without choices, or choices on a text question.
    public static let questionChoices: DiagnosticID = "E-QUESTION-CHOICES"
    /// Two choices with the same value.
    public static let questionChoiceDuplicate: DiagnosticID = "E-QUESTION-CHOICE-DUPLICATE"
    /// A pattern that does not compile.
    public static let questionPattern: DiagnosticID = "E-QUESTION-PATTERN"
    /// A pattern or multiple selection on the wrong kind of question.
    public static let questionFieldMismatch: DiagnosticID = "E-QUESTION-FIELD-MISMATCH"
    /// The same language twice in localizations.
    public static let localizationDuplicate: DiagnosticID = "E-LOCALIZATION-DUPLICATE"
    /// A review that stays open longer than its recurrence period.
    public static let reviewDuration: DiagnosticID = "E-REVIEW-DURATION"
    /// External requestors in a catalog not enabled for external users.
    public static let catalogNotExternallyVisible: DiagnosticID = "E-CATALOG-NOT-EXTERNALLY-VISIBLE"
    /// The same resource role twice in a package.
    public static let resourceRoleDuplicate: DiagnosticID = "E-RESOURCE-ROLE-DUPLICATE"
    /// A group role other than Member or Owner.
    public static let resourceRoleGroupRole: DiagnosticID = "E-RESOURCE-ROLE-GROUP-ROLE"
    /// More policies in a package than the service's default limit.
    public static let packagePolicyLimit: DiagnosticID = "W-PACKAGE-POLICY-LIMIT"
    /// A deletion delay with a lifecycle that never deletes.
    public static let settingsUnusedDelay: DiagnosticID = "W-SETTINGS-UNUSED-DELAY"
    /// A connected organization without identity sources.
    public static let identitySourcesMissing: DiagnosticID = "E-IDENTITY-SOURCES-MISSING"
    /// An object id in a Directory seed with characters other than letters, digits and hyphens.
    public static let directoryObjectID: DiagnosticID = "E-DIRECTORY-ID"
    /// More manifest files than the reader accepts.
    public static let manifestTooManyFiles: DiagnosticID = "E-MANIFEST-TOO-MANY-FILES"
    /// Manifest files larger in total than the reader accepts.
    public static let manifestTotalTooLarge: DiagnosticID = "E-MANIFEST-TOTAL-TOO-LARGE"
    /// A symbolic link in a manifest directory that leads outside it.
    public static let manifestOutsideRoot: DiagnosticID = "E-MANIFEST-OUTSIDE-ROOT"
    /// A symbolic link in a manifest directory that loops back into it.
    public static let manifestSymlinkLoop: DiagnosticID = "E-MANIFEST-SYMLINK-LOOP"
}
