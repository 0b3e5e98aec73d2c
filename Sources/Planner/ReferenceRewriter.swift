import EntitlementModel

/// Finds and rewrites the references inside a canonical spec.
///
/// References sit in a few known places of the manifest vocabulary: one-key subjects and resource
/// roles (`{"group": …}`, `{"user": …}`, `{"connectedOrganization": …}`…), a package's `catalog`,
/// and the `accessPackages` and `groups` of `incompatibleWith`. Rewriting them is how names become
/// object ids and back; sets are re-sorted afterwards so equal specs stay equal values.
public enum ReferenceRewriter {
    /// The kind of reference a field's string value is. (A switch, not a dictionary: every field
    /// of every spec a plan compares is asked, and hashing the names cost more than the rest. The
    /// length is looked at first, so most fields are told apart with no string compared.)
    static func singleField(_ name: String) -> Reference.Kind? {
        switch name.utf8.count {
        case 4: name == "user" ? .user : name == "site" ? .site : nil
        case 5: name == "group" ? .group : nil
        case 7: name == "catalog" ? .catalog : nil
        case 11: name == "application" ? .application : nil
        case 16: name == "servicePrincipal" ? .servicePrincipal : nil
        case 21: name == "connectedOrganization" ? .connectedOrganization : nil
        default: nil
        }
    }

    /// The kind of reference a field's elements are.
    static func listField(_ name: String) -> Reference.Kind? {
        switch name.utf8.count {
        case 14: name == "accessPackages" ? .accessPackage : nil
        case 6: name == "groups" ? .group : nil
        default: nil
        }
    }

    /// `value` with every reference replaced by `transform(kind, name)` (unchanged where it returns `nil`).
    public static func rewrite(_ value: CanonicalValue, _ transform: (Reference.Kind, String) -> String?) -> CanonicalValue {
        rewritten(value, transform) ?? value
    }

    /// The rewritten value, or `nil` when nothing in it changed (so untouched subtrees are shared,
    /// not copied, and sets are re-sorted only when an element changed).
    private static func rewritten(_ value: CanonicalValue, _ transform: (Reference.Kind, String) -> String?) -> CanonicalValue? {
        switch value {
        case .null, .bool, .int, .string: return nil
        case .list(let items): return rewrittenItems(items, transform).map(CanonicalValue.list)
        case .set(let items): return rewrittenItems(items, transform).map(CanonicalValue.unordered)
        case .object(let fields):
            var result: [CanonicalField]?
            for (index, field) in fields.enumerated() {
                var replacement: CanonicalValue?
                if let kind = singleField(field.name), case .string(let name) = field.value {
                    if let new = transform(kind, name), new != name { replacement = .string(new) }
                } else if let kind = listField(field.name), case .set(let items) = field.value {
                    var changed = false
                    let mapped = items.map { item -> CanonicalValue in
                        guard case .string(let name) = item, let new = transform(kind, name), new != name else { return item }
                        changed = true
                        return .string(new)
                    }
                    if changed { replacement = .unordered(mapped) }
                } else {
                    replacement = rewritten(field.value, transform)
                }
                if let replacement {
                    if result == nil { result = fields }
                    result?[index].value = replacement
                }
            }
            return result.map(CanonicalValue.object)
        }
    }

    private static func rewrittenItems(_ items: [CanonicalValue], _ transform: (Reference.Kind, String) -> String?) -> [CanonicalValue]? {
        var result: [CanonicalValue]?
        for (index, item) in items.enumerated() {
            guard let replacement = rewritten(item, transform) else { continue }
            if result == nil { result = items }
            result?[index] = replacement
        }
        return result
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
