import Diagnostics
import EntitlementModel

/// One object the manifests declare. Its spec in plan form has directory references as object ids
/// and references to managed objects as manifest names.
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
    private let makeWritten: @Sendable () -> CanonicalValue
    private let resolveName: @Sendable (Reference.Kind, String) -> String?

    /// The canonical spec in plan form, made anew on every call.
    public var spec: CanonicalValue { resolving(written()) }

    /// Creates a desired object whose spec is `written` (as the manifests write it, made when asked
    /// for) with each name `resolve` knows replaced (directory names by object ids).
    public init(
        address: ObjectAddress, displayName: String, origin: SourceLocation? = nil, written: @escaping @Sendable () -> CanonicalValue,
        resolve: @escaping @Sendable (Reference.Kind, String) -> String?
    ) {
        self.address = address
        self.displayName = displayName
        self.origin = origin
        self.makeWritten = written
        self.resolveName = resolve
    }

    /// Creates a desired object with a spec already in plan form.
    public init(address: ObjectAddress, displayName: String, spec: CanonicalValue, origin: SourceLocation? = nil) {
        self.init(address: address, displayName: displayName, origin: origin, written: { spec }, resolve: { _, _ in nil })
    }

    /// The spec as the manifests write it, names unresolved.
    func written() -> CanonicalValue { makeWritten() }

    /// `name`, a reference of `kind`, as the plan form writes it.
    func resolvedName(_ kind: Reference.Kind, _ name: String) -> String { resolveName(kind, name) ?? name }

    /// `written` in plan form; with `next`, each reference in plan form is then rewritten by `next`
    /// too, in the same walk (the store form, without making the plan form first).
    func resolving(_ written: CanonicalValue, then next: ((Reference.Kind, String) -> String?)? = nil) -> CanonicalValue {
        // The closures capture the resolver's function, not this object (a copy of it per walk).
        let resolve = resolveName
        guard let next else { return ReferenceRewriter.rewrite(written, resolve) }
        return ReferenceRewriter.rewrite(written) { kind, name in
            let resolved = resolve(kind, name) ?? name
            return next(kind, resolved) ?? resolved
        }
    }
}

/// The desired state with every name resolved against a store: the planner's input.
public struct ResolvedDesiredState: Sendable {
    /// Every desired object once, in the order the resolver made them (catalogs with their
    /// resources, packages with their policies, the packages' resources, organizations, settings;
    /// each by name): the order a plan visits them in.
    public let objects: [DesiredObject]
    /// Each object's position in `objects`, by address.
    private let positions: [ObjectAddress: Int]
    /// Labels for the directory object ids that appear in specs (`group 'External collaboration'`), so
    /// plans can show people names rather than bare ids.
    public var labels: [String: String]

    /// Creates a resolved desired state of `objects` in their order; of two objects at one
    /// address, the later one is kept, in the earlier one's place.
    public init(objects: [DesiredObject], labels: [String: String]) {
        var kept: [DesiredObject] = []
        var positions: [ObjectAddress: Int] = [:]
        for object in objects {
            if let position = positions[object.address] {
                kept[position] = object
            } else {
                positions[object.address] = kept.count
                kept.append(object)
            }
        }
        self.init(objects: kept, positions: positions, labels: labels)
    }

    /// Creates a resolved desired state of `objects`, one per address, and their positions.
    init(objects: [DesiredObject], positions: [ObjectAddress: Int], labels: [String: String]) {
        self.objects = objects
        self.positions = positions
        self.labels = labels
    }

    /// The desired object at `address`, if any.
    public subscript(address: ObjectAddress) -> DesiredObject? {
        positions[address].map { objects[$0] }
    }

    /// Whether an object is desired at `address`.
    public func contains(_ address: ObjectAddress) -> Bool { positions[address] != nil }
}
