import Diagnostics
import EntitlementModel

/// One object the manifests declare, in plan form: directory references are object ids, references
/// to managed objects are manifest names.
public struct DesiredObject: Hashable, Sendable {
    /// The address.
    public var address: ObjectAddress
    /// `displayName`, used to find collisions with unmanaged objects.
    public var displayName: String
    /// The canonical spec in plan form.
    public var spec: CanonicalValue
    /// Where the manifest declares it (a catalog resource: where a package first needs it).
    public var origin: SourceLocation?

    /// Creates a desired object.
    public init(address: ObjectAddress, displayName: String, spec: CanonicalValue, origin: SourceLocation? = nil) {
        self.address = address
        self.displayName = displayName
        self.spec = spec
        self.origin = origin
    }
}

/// The desired state with every name resolved against a store: the planner's input.
public struct ResolvedDesiredState: Sendable {
    /// Every desired object, by address.
    public var objects: [ObjectAddress: DesiredObject]
    /// Labels for the directory object ids that appear in specs (`group 'External collaboration'`), so
    /// plans can show people names rather than bare ids.
    public var labels: [String: String]

    /// Creates a resolved desired state.
    public init(objects: [ObjectAddress: DesiredObject], labels: [String: String]) {
        self.objects = objects
        self.labels = labels
    }
}
