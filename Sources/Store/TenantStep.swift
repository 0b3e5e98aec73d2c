import EntitlementModel

/// One write to a live tenant, in store form: what the engine asks a `LiveTenantWriter` to do for
/// one object.
public struct TenantStep: Hashable, Sendable {
    /// What the step does.
    public enum Action: String, Hashable, Sendable {
        /// Creates the object in `parentID`.
        case create
        /// Changes `current` to `spec`.
        case update
        /// Deletes `current`.
        case delete
    }

    /// What it does.
    public var action: Action
    /// The kind of object.
    public var kind: ObjectKind
    /// The object it is created in: a resource's or package's catalog, a policy's package.
    public var parentID: String?
    /// The object as the tenant holds it now (updates and deletes).
    public var current: LiveObject?
    /// The store-form spec wanted (creates and updates).
    public var spec: CanonicalValue
    /// Objects that already had this kind, parent and display name (a create): when a create's
    /// outcome is unknown and the object is looked for, these are not it.
    public var namesakes: Set<String>

    /// Creates a step.
    public init(
        action: Action, kind: ObjectKind, parentID: String? = nil, current: LiveObject? = nil, spec: CanonicalValue = .null, namesakes: Set<String> = []
    ) {
        self.action = action
        self.kind = kind
        self.parentID = parentID
        self.current = current
        self.spec = spec
        self.namesakes = namesakes
    }

    /// The display name the step writes (or deletes).
    public var displayName: String {
        if case .string(let name)? = spec[field: "displayName"] { return name }
        return current?.displayName ?? ""
    }
}

/// A live tenant entitle can write to.
public protocol LiveTenantWriter: LiveTenant {
    /// Carries out `step` and returns the object as read back after it (`nil` after a delete).
    ///
    /// A create that failed after the object was made throws a `TenantError` whose `objectID` is
    /// the new object's, so the caller can record it rather than make it again.
    func perform(_ step: TenantStep) async throws(TenantError) -> LiveObject?
}
