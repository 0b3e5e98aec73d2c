import EntitlementModel

/// Translates specs between store form and plan form.
///
/// A store refers to other objects by object id. A plan refers to managed catalogs, packages and
/// connected organizations by manifest name, because an object a plan creates has no id until it
/// is applied; the built-in catalog is `General`. Directory objects are object ids in both forms.
public struct ManagedNames: Sendable {
    private var nameByID: [String: String] = [:]
    private var idByName: [Reference.Kind: [String: String]] = [:]

    /// The names of a store's managed objects (and its built-in catalog).
    public init(snapshot: StoreSnapshot) {
        for entry in snapshot.inventory {
            switch entry.address {
            case .catalog(let name): record(.catalog, name, entry.objectID)
            case .accessPackage(let name): record(.accessPackage, name, entry.objectID)
            case .connectedOrganization(let name): record(.connectedOrganization, name, entry.objectID)
            default: break
            }
        }
        for object in snapshot.objects where object.isBuiltIn && object.kind == .catalog {
            record(.catalog, Catalog.generalDisplayName, object.id)
        }
    }

    /// Records that the object called `name` has id `id` (an object being created, say).
    public mutating func record(_ kind: Reference.Kind, _ name: String, _ id: String) {
        nameByID[id] = name
        idByName[kind, default: [:]][name] = id
    }

    /// The id of the managed object (or built-in catalog) `name`.
    public func id(of kind: Reference.Kind, named name: String) -> String? { idByName[kind]?[name] }

    /// The id of the object at a managed address (catalogs, packages, organizations).
    public func id(of address: ObjectAddress) -> String? {
        switch address {
        case .catalog(let name): id(of: .catalog, named: name)
        case .accessPackage(let name): id(of: .accessPackage, named: name)
        case .connectedOrganization(let name): id(of: .connectedOrganization, named: name)
        default: nil
        }
    }

    /// The manifest name (or `General`) of the managed object with this id.
    public func name(ofID id: String) -> String? { nameByID[id] }

    /// `spec` of an object of `kind` with ids of managed objects replaced by their names. Catalogs,
    /// catalog resources, connected organizations and the settings never refer to another managed
    /// object, so their specs are returned as they are, unwalked.
    public func planForm(_ spec: CanonicalValue, of kind: ObjectKind) -> CanonicalValue {
        switch kind {
        case .catalog, .catalogResource, .connectedOrganization, .settings: spec
        case .accessPackage, .policy: planForm(spec)
        }
    }

    /// `spec` with ids of managed objects replaced by their names.
    public func planForm(_ spec: CanonicalValue) -> CanonicalValue {
        ReferenceRewriter.rewrite(spec) { kind, value in
            switch kind {
            case .catalog, .accessPackage, .connectedOrganization: nameByID[value]
            default: nil
            }
        }
    }

    /// `spec` with names of managed objects replaced by their ids; names it does not know stay
    /// as they are (an unmanaged object already referred to by id).
    public func storeForm(_ spec: CanonicalValue) -> CanonicalValue {
        ReferenceRewriter.rewrite(spec, storeID)
    }

    /// What a reference of `kind` to `name` becomes in store form: the id of a managed object so
    /// named, or `nil` to leave it as it is.
    public func storeID(_ kind: Reference.Kind, _ name: String) -> String? {
        switch kind {
        case .catalog, .accessPackage, .connectedOrganization: idByName[kind]?[name]
        default: nil
        }
    }
}
