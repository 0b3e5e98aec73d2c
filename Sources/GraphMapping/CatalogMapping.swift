import EntitlementModel

/// Graph `accessPackageCatalog` and `accessPackageResource` as live objects.
public enum CatalogMapping {
    /// A catalog; the built-in one (`catalogType: serviceDefault`) is marked built-in.
    public static func catalog(_ json: GraphJSON) -> LiveObject? {
        guard let id = json["id"]?.stringValue else { return nil }
        let displayName = json["displayName"]?.stringValue ?? ""
        let spec = CanonicalValue.fields([
            "displayName": .string(displayName),
            "description": GraphValues.text(json["description"]),
            "published": .bool(json["state"]?.stringValue == "published"),
            "externallyVisible": GraphValues.flag(json["isExternallyVisible"]),
        ])
        return LiveObject(id: id, kind: .catalog, displayName: displayName, spec: spec, isBuiltIn: json["catalogType"]?.stringValue == "serviceDefault")
    }

    /// The manifest key of a resource's `originSystem`.
    public static func resourceKey(originSystem: String) -> String {
        switch originSystem {
        case "AadGroup": "group"
        case "AadApplication": "application"
        case "SharePointOnline": "site"
        default: originSystem
        }
    }

    /// A resource in catalog `catalogID`: `{"resource": {"group": "<origin id>"}}`. The documented
    /// list response gives `originSystem` on the resource's scopes and roles only, so those say it
    /// when the resource does not.
    public static func resource(_ json: GraphJSON, catalogID: String) -> LiveObject? {
        guard let id = json["id"]?.stringValue, let originID = json["originId"]?.stringValue else { return nil }
        let originSystem =
            json["originSystem"]?.stringValue ?? json["scopes"]?.arrayValue.first?["originSystem"]?.stringValue
            ?? json["roles"]?.arrayValue.first?["originSystem"]?.stringValue ?? "unknown"
        let key = resourceKey(originSystem: originSystem)
        return LiveObject(
            id: id, kind: .catalogResource, parentID: catalogID, displayName: json["displayName"]?.stringValue ?? originID,
            spec: .fields(["resource": .object([CanonicalField(name: key, value: .string(originID))])]))
    }

    // MARK: Writing

    /// The body that creates (POST) or changes (PATCH) a catalog with store-form `spec`.
    public static func body(_ spec: CanonicalValue) -> GraphJSON {
        [
            "displayName": spec.graphText("displayName"), "description": .string(spec.text("description") ?? ""),
            "state": spec.flag("published") ? "published" : "unpublished", "isExternallyVisible": .bool(spec.flag("externallyVisible")),
        ]
    }

    /// The `originSystem` of a manifest resource key (`group`, `application`, `site`).
    public static func originSystem(ofKey key: String) -> String {
        switch key {
        case "group": "AadGroup"
        case "application", "servicePrincipal": "AadApplication"
        case "site": "SharePointOnline"
        default: key
        }
    }

    /// The resource of a store-form resource spec (`{"group": "<id>"}`): its key and origin id.
    public static func origin(ofResource spec: CanonicalValue?) -> (key: String, originID: String)? {
        guard case .object(let fields)? = spec, let field = fields.first, let originID = field.value.text else { return nil }
        return (field.name, originID)
    }
}
