import EntitlementModel

/// The plan's versioned JSON form: what `plan --format json` prints and what a plan file holds.
///
/// ```
/// {"formatVersion": "1.1", "toolVersion", "basis": {"lineage", "serial", "desiredDigest", "tenant"?},
///  "summary": {"create", "update", "replace", "delete", "import", "unchanged"},
///  "changes": [{"address", "action", "reason", "objectId", "displayName", "before", "after",
///               "fieldChanges": [{"path", "before", "after"}]}],
///  "labels": {"<object id>": "group 'External collaboration'"}}
/// ```
/// Minor versions only add fields; a reader refuses another major version.
public enum PlanJSON {
    /// Why a JSON value is not a plan this entitle can read.
    public struct Failure: Error, Hashable, Sendable, CustomStringConvertible {
        /// What is wrong.
        public var description: String
    }

    /// The plan as a canonical value (fields in documented order).
    public static func encode(_ plan: Plan) -> CanonicalValue {
        let summary = plan.summary
        return .fields([
            "formatVersion": .string(Plan.formatVersion),
            "toolVersion": .string(plan.toolVersion),
            "basis": .object(
                [
                    CanonicalField(name: "lineage", value: .string(plan.basis.store.lineage)),
                    CanonicalField(name: "serial", value: .int(plan.basis.store.serial)),
                    CanonicalField(name: "desiredDigest", value: .string(plan.basis.desiredDigest)),
                ] + (plan.basis.tenant.map { [CanonicalField(name: "tenant", value: .string($0))] } ?? [])),
            "summary": .fields([
                "create": .int(summary.create), "update": .int(summary.update), "replace": .int(summary.replace),
                "delete": .int(summary.delete), "import": .int(summary.import), "unchanged": .int(summary.unchanged),
            ]),
            "changes": .list(plan.changes.map(encode)),
            "labels": .object(plan.labels.sorted { $0.key < $1.key }.map { CanonicalField(name: $0.key, value: .string($0.value)) }),
        ])
    }

    private static func encode(_ change: PlannedChange) -> CanonicalValue {
        .fields([
            "address": .string(change.address.description),
            "action": .string(change.action.rawValue),
            "reason": .optional(change.reason?.rawValue),
            "objectId": .optional(change.objectID),
            "displayName": .string(change.displayName),
            "before": change.before ?? .null,
            "after": change.after ?? .null,
            "fieldChanges": encode(change.fieldChanges),
        ])
    }

    /// Field changes as a plan file holds them: JSON has no sets and no absent-versus-null, so two
    /// lists of changes render the same exactly when their encodings are equal.
    public static func encode(_ fieldChanges: [FieldChange]) -> CanonicalValue {
        .list(
            fieldChanges.map { field in
                .fields(["path": .string(field.path), "before": field.before ?? .null, "after": field.after ?? .null])
            })
    }

    /// Reads a plan back; throws `Failure` for anything that is not a plan of format 1.x.
    public static func decode(_ value: CanonicalValue) throws(Failure) -> Plan {
        guard case .string(let version)? = value[field: "formatVersion"] else { throw Failure(description: "no formatVersion: not an entitle plan") }
        guard version.split(separator: ".").first == Plan.formatVersion.split(separator: ".").first else {
            throw Failure(description: "stale plan: it has plan format \(version), but this entitle reads format \(Plan.formatVersion); run plan again")
        }
        let basis = try field("basis", of: value)
        let plan = Plan(
            toolVersion: try string("toolVersion", of: value),
            basis: PlanBasis(
                store: StoreBasis(lineage: try string("lineage", of: basis), serial: try int("serial", of: basis)),
                desiredDigest: try string("desiredDigest", of: basis),
                tenant: try optionalString("tenant", of: basis)),
            changes: try list("changes", of: value).map(decodeChange),
            unchangedCount: try int("unchanged", of: try field("summary", of: value)),
            labels: try labels(value))
        return plan
    }

    private static func decodeChange(_ value: CanonicalValue) throws(Failure) -> PlannedChange {
        let addressText = try string("address", of: value)
        guard let address = ObjectAddress(parsing: addressText) else { throw Failure(description: "'\(addressText)' is not an address") }
        let actionText = try string("action", of: value)
        guard let action = PlanAction(rawValue: actionText) else { throw Failure(description: "'\(actionText)' is not a plan action") }
        var fieldChanges: [FieldChange] = []
        for item in try list("fieldChanges", of: value) {
            fieldChanges.append(FieldChange(path: try string("path", of: item), before: optional(item[field: "before"]), after: optional(item[field: "after"])))
        }
        var reason: PlanReason?
        if let text = optionalString(value[field: "reason"]) {
            guard let known = PlanReason(rawValue: text) else { throw Failure(description: "'\(text)' is not a plan reason") }
            reason = known
        }
        return PlannedChange(
            address: address, action: action, reason: reason, objectID: optionalString(value[field: "objectId"]),
            displayName: try string("displayName", of: value), before: optional(value[field: "before"]), after: optional(value[field: "after"]),
            fieldChanges: fieldChanges)
    }

    private static func labels(_ value: CanonicalValue) throws(Failure) -> [String: String] {
        guard case .object(let fields) = try field("labels", of: value) else { throw Failure(description: "labels is not an object") }
        var labels: [String: String] = [:]
        for field in fields {
            guard case .string(let label) = field.value else { throw Failure(description: "a label is not a string") }
            labels[field.name] = label
        }
        return labels
    }

    private static func field(_ name: String, of value: CanonicalValue) throws(Failure) -> CanonicalValue {
        guard let field = value[field: name] else { throw Failure(description: "field '\(name)' is missing") }
        return field
    }

    private static func string(_ name: String, of value: CanonicalValue) throws(Failure) -> String {
        guard case .string(let text) = try field(name, of: value) else { throw Failure(description: "field '\(name)' is not a string") }
        return text
    }

    /// A string field that may be absent (added in a minor version).
    private static func optionalString(_ name: String, of value: CanonicalValue) throws(Failure) -> String? {
        switch value[field: name] {
        case nil, .null?: return nil
        case .string(let text)?: return text
        default: throw Failure(description: "field '\(name)' is not a string")
        }
    }

    private static func int(_ name: String, of value: CanonicalValue) throws(Failure) -> Int {
        guard case .int(let number) = try field(name, of: value) else { throw Failure(description: "field '\(name)' is not an integer") }
        return number
    }

    private static func list(_ name: String, of value: CanonicalValue) throws(Failure) -> [CanonicalValue] {
        guard case .list(let items) = try field(name, of: value) else { throw Failure(description: "field '\(name)' is not a list") }
        return items
    }

    private static func optional(_ value: CanonicalValue?) -> CanonicalValue? {
        guard let value, value != .null else { return nil }
        return value
    }

    private static func optionalString(_ value: CanonicalValue?) -> String? {
        if case .string(let text)? = value { return text }
        return nil
    }
}
