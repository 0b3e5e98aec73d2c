/// A call to a live tenant that entitle recorded before making it and had not settled when it
/// last looked: the write-ahead record that lets an apply cut off at any point be finished
/// without writing anything twice.
///
/// A tenant that is not transactional (Microsoft Graph) may or may not have carried out a call
/// whose answer never arrived. The next run reads what is pending and looks: a create is found by
/// its parent and display name among the objects entitle does not manage and adopted, an update
/// is settled if the object reads back as intended, a delete is settled if the object is gone.
public struct PendingOperation: Hashable, Sendable {
    /// What the call does.
    public enum Action: String, Hashable, Sendable {
        /// Creates the object (its id is the service's, unknown until it answers).
        case create
        /// Changes the object with `objectID`.
        case update
        /// Deletes the object with `objectID`.
        case delete
    }

    /// The manifest address it writes.
    public var address: ObjectAddress
    /// What it does.
    public var action: Action
    /// The object's id (updates and deletes; a create's once known).
    public var objectID: String?
    /// The object it is created in (a policy's package, a resource's or package's catalog).
    public var parentID: String?
    /// The display name it is created with (how an unfinished create is found again).
    public var displayName: String
    /// The store-form spec it writes (`null` for a delete).
    public var spec: CanonicalValue
    /// When it was recorded (ISO 8601, UTC).
    public var since: String

    /// Creates a pending operation.
    public init(
        address: ObjectAddress, action: Action, objectID: String? = nil, parentID: String? = nil, displayName: String, spec: CanonicalValue = .null,
        since: String
    ) {
        self.address = address
        self.action = action
        self.objectID = objectID
        self.parentID = parentID
        self.displayName = displayName
        self.spec = spec
        self.since = since
    }

    /// The stored form: one JSON object.
    public var stored: CanonicalValue {
        .fields([
            "address": .string(address.description), "action": .string(action.rawValue), "objectID": .optional(objectID),
            "parentID": .optional(parentID), "displayName": .string(displayName), "spec": spec, "since": .string(since),
        ])
    }

    /// Reads the stored form back; `nil` if it is not one.
    public init?(stored: CanonicalValue) {
        guard case .string(let addressText)? = stored[field: "address"], let address = ObjectAddress(parsing: addressText),
            case .string(let actionText)? = stored[field: "action"], let action = Action(rawValue: actionText),
            case .string(let displayName)? = stored[field: "displayName"], case .string(let since)? = stored[field: "since"]
        else { return nil }
        func text(_ name: String) -> String? {
            if case .string(let value)? = stored[field: name] { value } else { nil }
        }
        self.init(
            address: address, action: action, objectID: text("objectID"), parentID: text("parentID"), displayName: displayName,
            spec: stored[field: "spec"] ?? .null, since: since)
    }
}
