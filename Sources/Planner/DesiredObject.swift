import Diagnostics
import EntitlementModel

/// One object the manifests declare, in plan form: directory references are object ids, references
/// to managed objects are manifest names.
///
/// Its spec is made when asked for, from the manifests' model, rather than kept: at 10,000 packages
/// the specs of every object would be a third of a plan's memory, and a plan needs an object's spec
/// once (to tell it unchanged) unless the object changes.
public struct DesiredObject: Sendable {
    /// The address.
    public var address: ObjectAddress
    /// `displayName`, used to find collisions with unmanaged objects.
    public var displayName: String
    /// Where the manifest declares it (a catalog resource: where a package first needs it).
    public var origin: SourceLocation?
    private let makeSpec: @Sendable () -> CanonicalValue

    /// The canonical spec in plan form, made anew on every call.
    public var spec: CanonicalValue { makeSpec() }

    /// Creates a desired object whose spec is made by `spec` when asked for.
    public init(address: ObjectAddress, displayName: String, origin: SourceLocation? = nil, spec: @escaping @Sendable () -> CanonicalValue) {
        self.address = address
        self.displayName = displayName
        self.origin = origin
        self.makeSpec = spec
    }

    /// Creates a desired object with a spec already made.
    public init(address: ObjectAddress, displayName: String, spec: CanonicalValue, origin: SourceLocation? = nil) {
        self.init(address: address, displayName: displayName, origin: origin) { spec }
    }
}

/// The desired state with every name resolved against a store: the planner's input.
public struct ResolvedDesiredState: Sendable {
    /// Every desired object, by address.
    public var objects: [ObjectAddress: DesiredObject]
    /// Every address, in the order the manifests declare the objects (catalogs with their resources,
    /// packages with their policies and resources, organizations, settings; each by name): the
    /// order a plan visits them in.
    public var addresses: [ObjectAddress]
    /// Labels for the directory object ids that appear in specs (`group 'External collaboration'`), so
    /// plans can show people names rather than bare ids.
    public var labels: [String: String]

    /// Creates a resolved desired state; without `addresses`, objects are visited in address order.
    public init(objects: [ObjectAddress: DesiredObject], addresses: [ObjectAddress]? = nil, labels: [String: String]) {
        self.objects = objects
        self.addresses = addresses ?? objects.keys.map { ($0.description, $0) }.sorted { $0.0 < $1.0 }.map(\.1)
        self.labels = labels
    }
}
