import EntitlementModel

/// Finds and rewrites the references inside a canonical spec.
///
/// References sit in a few known places of the manifest vocabulary: one-key subjects and resource
/// roles (`{"group": …}`, `{"user": …}`, `{"connectedOrganization": …}`…), a package's `catalog`,
/// and the `accessPackages` and `groups` of `incompatibleWith`. Rewriting them is how names become
/// object ids and back; sets are re-sorted afterwards so equal specs stay equal values.
public enum ReferenceRewriter {
    /// Fields whose string value is a reference of the given kind.
    static let singleFields: [String: Reference.Kind] = [
        "user": .user, "group": .group, "application": .application, "site": .site, "servicePrincipal": .servicePrincipal,
        "connectedOrganization": .connectedOrganization, "catalog": .catalog,
    ]
    /// Fields whose elements are references of the given kind.
    static let listFields: [String: Reference.Kind] = ["accessPackages": .accessPackage, "groups": .group]

    /// `value` with every reference replaced by `transform(kind, name)` (unchanged where it returns `nil`).
    public static func rewrite(_ value: CanonicalValue, _ transform: (Reference.Kind, String) -> String?) -> CanonicalValue {
        switch value {
        case .null, .bool, .int, .string: return value
        case .list(let items): return .list(items.map { rewrite($0, transform) })
        case .set(let items): return .unordered(items.map { rewrite($0, transform) })
        case .object(let fields):
            return .object(
                fields.map { field in
                    if let kind = singleFields[field.name], case .string(let name) = field.value {
                        return CanonicalField(name: field.name, value: .string(transform(kind, name) ?? name))
                    }
                    if let kind = listFields[field.name], case .set(let items) = field.value {
                        return CanonicalField(
                            name: field.name,
                            value: .unordered(
                                items.map { item in
                                    guard case .string(let name) = item else { return item }
                                    return .string(transform(kind, name) ?? name)
                                })
                        )
                    }
                    return CanonicalField(name: field.name, value: rewrite(field.value, transform))
                }
            )
        }
    }

    /// Every reference in `value`, in tree order.
    public static func references(in value: CanonicalValue) -> [Reference] {
        var found: [Reference] = []
        _ = rewrite(value) { kind, name in
            found.append(Reference(kind, name))
            return nil
        }
        return found
    }
}
