import EntitlementModel

/// Reading back the JSON text a store keeps (specs, journal changes, directory roles), the same way
/// for every store.
public enum StoredJSON {
    /// Parses a stored spec; text that is not JSON means the store is damaged.
    public static func parse(_ text: String, location: String) throws(StoreError) -> CanonicalValue {
        do {
            return try CanonicalJSONParser.parse(text)
        } catch {
            throw .corrupt(location: location, reason: "a stored spec is not JSON (\(error))")
        }
    }

    /// A stored spec, checked now and parsed when first read; text that is not JSON means the
    /// store is damaged.
    public static func storedSpec(_ text: String, location: String) throws(StoreError) -> StoredSpec {
        do {
            return try StoredSpec(checking: text)
        } catch {
            throw .corrupt(location: location, reason: "a stored spec is not JSON (\(error))")
        }
    }

    /// A directory object's roles, stored as a JSON list of strings.
    public static func roles(_ text: String, location: String) throws(StoreError) -> [String] {
        switch try parse(text, location: location) {
        case .list(let items), .set(let items): items.compactMap { if case .string(let role) = $0 { role } else { nil } }
        default: []
        }
    }

    /// A directory object's roles as stored: a JSON list of strings.
    public static func rolesText(_ roles: [String]) -> String {
        CanonicalValue.list(roles.map(CanonicalValue.string)).jsonText()
    }
}
