import EntitlementModel

/// What a plan does to one object.
public enum PlanAction: String, CaseIterable, Hashable, Sendable {
    /// Create the object.
    case create
    /// Change fields of the object in place.
    case update
    /// Delete the object and create it anew: a field changed that cannot change in place.
    case replace
    /// Delete the object (or stop managing it, for a built-in object).
    case delete
    /// Start managing an object that already matches the manifests, without writing it.
    case `import`

    /// The marker in text plans: `+`, `~`, `-/+`, `-`, `<=`.
    public var symbol: String {
        switch self {
        case .create: "+"
        case .update: "~"
        case .replace: "-/+"
        case .delete: "-"
        case .import: "<="
        }
    }
}

/// One changed field of an update or replace, at a path in the canonical spec
/// (`approval.stages[0].decisionWithin`).
public struct FieldChange: Hashable, Sendable {
    /// The path of the field.
    public var path: String
    /// The value before; `nil` when the field or list element is new.
    public var before: CanonicalValue?
    /// The value after; `nil` when the field or list element goes away.
    public var after: CanonicalValue?

    /// Creates a field change.
    public init(path: String, before: CanonicalValue?, after: CanonicalValue?) {
        self.path = path
        self.before = before
        self.after = after
    }
}

/// One object a plan changes.
public struct PlannedChange: Hashable, Sendable {
    /// The object's address.
    public var address: ObjectAddress
    /// What happens to it.
    public var action: PlanAction
    /// Why, where the action alone does not say (its JSON form is a stable word: `catalog-changed`…).
    public var reason: PlanReason?
    /// The object id in the store, for objects that exist.
    public var objectID: String?
    /// `displayName` (of the desired object; of the current one for deletes).
    public var displayName: String
    /// The current spec in plan form; `nil` for creates.
    public var before: CanonicalValue?
    /// The desired spec in plan form; `nil` for deletes.
    public var after: CanonicalValue?
    /// The fields that differ, for updates and replaces.
    public var fieldChanges: [FieldChange]

    /// Creates a planned change.
    public init(
        address: ObjectAddress, action: PlanAction, reason: PlanReason? = nil, objectID: String? = nil, displayName: String,
        before: CanonicalValue? = nil, after: CanonicalValue? = nil, fieldChanges: [FieldChange] = []
    ) {
        self.address = address
        self.action = action
        self.reason = reason
        self.objectID = objectID
        self.displayName = displayName
        self.before = before
        self.after = after
        self.fieldChanges = fieldChanges
    }
}

/// What a plan was made against; a saved plan applies only while all of it still holds.
public struct PlanBasis: Hashable, Sendable {
    /// The store's lineage and serial.
    public var store: StoreBasis
    /// SHA-256 (hex) of the canonical desired state the plan was made from.
    public var desiredDigest: String
    /// The Microsoft Entra tenant id, for a plan made against a Graph tenant (whose state's
    /// lineage and serial are `store`); `nil` for an embedded store.
    public var tenant: String?

    /// Creates a basis.
    public init(store: StoreBasis, desiredDigest: String, tenant: String? = nil) {
        self.store = store
        self.desiredDigest = desiredDigest
        self.tenant = tenant
    }
}

/// Counts of a plan's changes.
public struct PlanSummary: Hashable, Sendable {
    /// Objects to create.
    public var create = 0
    /// Objects to update in place.
    public var update = 0
    /// Objects to replace.
    public var replace = 0
    /// Objects to delete.
    public var delete = 0
    /// Objects to adopt without writing them.
    public var `import` = 0
    /// Objects already as the manifests say.
    public var unchanged = 0

    /// Creates a summary.
    public init() {}

    /// Whether the plan changes anything.
    public var hasChanges: Bool { create + update + replace + delete + self.import > 0 }

    /// `1 to create, 0 to update, 0 to replace, 0 to delete` (and imports, when there are any).
    public var line: String {
        var parts = ["\(create) to create", "\(update) to update", "\(replace) to replace", "\(delete) to delete"]
        if self.import > 0 { parts.append("\(self.import) to import") }
        return parts.joined(separator: ", ")
    }

    /// `1 created, 0 updated, 0 replaced, 0 deleted`: what an apply did.
    public var pastLine: String {
        var parts = ["\(create) created", "\(update) updated", "\(replace) replaced", "\(delete) deleted"]
        if self.import > 0 { parts.append("\(self.import) imported") }
        return parts.joined(separator: ", ")
    }
}

/// A plan: the ordered changes that make a store match the manifests, and the basis it was made
/// against. Deletes come first, most dependent object first; then creates, updates and replaces,
/// least dependent first; ties by address.
public struct Plan: Hashable, Sendable {
    /// The plan format's version; minor versions only add fields.
    public static let formatVersion = "1.1"

    /// The entitle version that made the plan.
    public var toolVersion: String
    /// What the plan was made against.
    public var basis: PlanBasis
    /// The changes, in the order they are applied.
    public var changes: [PlannedChange]
    /// How many managed objects are already as the manifests say.
    public var unchangedCount: Int
    /// Readable labels for directory object ids in the specs (`group 'External collaboration'`).
    public var labels: [String: String]

    /// Creates a plan.
    public init(toolVersion: String, basis: PlanBasis, changes: [PlannedChange], unchangedCount: Int, labels: [String: String] = [:]) {
        self.toolVersion = toolVersion
        self.basis = basis
        self.changes = changes
        self.unchangedCount = unchangedCount
        self.labels = labels
    }

    /// The counts.
    public var summary: PlanSummary {
        var summary = PlanSummary()
        summary.unchanged = unchangedCount
        for change in changes {
            switch change.action {
            case .create: summary.create += 1
            case .update: summary.update += 1
            case .replace: summary.replace += 1
            case .delete: summary.delete += 1
            case .import: summary.import += 1
            }
        }
        return summary
    }
}
