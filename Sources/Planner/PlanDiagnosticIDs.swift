import Diagnostics

// Stable ids for problems found while planning against a store. docs/diagnostics.md lists them all.
extension DiagnosticID {
    /// A user, group, application or site the store's directory does not have.
    public static let referenceUnknownDirectoryObject: DiagnosticID = "E-REF-UNKNOWN-DIRECTORY-OBJECT"
    /// A name that matches more than one directory object.
    public static let referenceAmbiguous: DiagnosticID = "E-REF-AMBIGUOUS"
    /// A resource role the resource does not offer (a role a group, application or site does not have).
    public static let referenceUnknownRole: DiagnosticID = "E-REF-UNKNOWN-ROLE"
    /// A create that would collide with an unmanaged object of the same display name.
    public static let planUnmanagedCollision: DiagnosticID = "E-PLAN-UNMANAGED-COLLISION"
    /// A delete or replace of a package or policy that still has active assignments.
    public static let planActiveAssignments: DiagnosticID = "E-PLAN-ACTIVE-ASSIGNMENTS"
    /// A delete of an object that still holds objects entitle does not manage.
    public static let planDeleteBlocked: DiagnosticID = "E-PLAN-DELETE-BLOCKED"
    /// More deletes than `--max-deletes`, or more than half the inventory, without `--allow-mass-delete`.
    public static let planMassDelete: DiagnosticID = "E-PLAN-MASS-DELETE"
}
