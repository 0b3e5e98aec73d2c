import EntitlementModel

/// The objects every tenant has from the start: the `General` catalog and the entitlement
/// settings. Every new store is created with them; entitle never deletes them.
public enum BuiltInObjects {
    /// The built-in catalog, with the id given.
    public static func generalCatalog(id: String) -> LiveObject {
        LiveObject(
            id: id, kind: .catalog, displayName: Catalog.generalDisplayName,
            spec: .fields([
                "displayName": .string(Catalog.generalDisplayName),
                "description": .string("Built-in catalog."),
                "published": .bool(true),
                "externallyVisible": .bool(true),
            ]),
            isBuiltIn: true)
    }

    /// The tenant's entitlement settings at the service's defaults, with the id given.
    public static func settings(id: String) -> LiveObject {
        LiveObject(
            id: id, kind: .settings, displayName: "Entitlement management settings",
            spec: EntitlementSettings(name: "settings").canonicalValue, isBuiltIn: true)
    }
}
