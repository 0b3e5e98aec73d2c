import EntitlementModel

/// Graph `entitlementManagementSettings` as the built-in settings object.
public enum SettingsMapping {
    /// The id entitle gives the settings singleton when Graph's body has none.
    public static let singletonID = "entitlementManagementSettings"

    /// The settings.
    public static func settings(_ json: GraphJSON) -> LiveObject {
        LiveObject(
            id: json["id"]?.stringValue ?? singletonID, kind: .settings, displayName: "Entitlement management settings",
            spec: .fields([
                "externalUserLifecycle": .string(json["externalUserLifecycleAction"]?.stringValue ?? "none"),
                "deleteExternalUsersAfter": GraphValues.duration(json["durationUntilExternalUserDeletedAfterBlocked"]),
            ]),
            isBuiltIn: true)
    }

    /// The body that changes the settings (PATCH) to store-form `spec`.
    public static func body(_ spec: CanonicalValue) -> GraphJSON {
        [
            "externalUserLifecycleAction": .string(spec.text("externalUserLifecycle") ?? "none"),
            "durationUntilExternalUserDeletedAfterBlocked": spec.graphText("deleteExternalUsersAfter"),
        ]
    }
}
