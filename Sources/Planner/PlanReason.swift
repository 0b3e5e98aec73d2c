/// Why a change is planned the way it is, where the action alone does not say. Its raw value is
/// the `reason` of the plan's JSON form.
public enum PlanReason: String, Hashable, Sendable, CaseIterable {
    /// An access package moves to another catalog, which Graph cannot do: replaced.
    case catalogChanged = "catalog-changed"
    /// A policy of a package that is replaced: replaced with it.
    case packageReplaced = "package-replaced"
    /// A policy's requestors move between users in and not in the directory: replaced.
    case scopeCrossesInternalExternal = "scope-crosses-internal-external"
    /// A managed object deleted outside entitle: re-created, or (no longer declared) forgotten.
    case deletedOutsideEntitle = "deleted-outside-entitle"
    /// A managed object no manifest declares any more: deleted.
    case removedFromManifests = "removed-from-manifests"
    /// A catalog resource no package grants any more: removed from its catalog.
    case noLongerUsed = "no-longer-used"
    /// A built-in object (the General catalog, the settings) no longer declared: forgotten, kept.
    case stopsManagingBuiltIn = "stops-managing-built-in"
    /// The tenant's settings, managed for the first time.
    case adoptsTenantSettings = "adopts-tenant-settings"
    /// An object that refers to one this plan replaces or re-creates: updated to the new id.
    case refersToReplacedObject = "refers-to-replaced-object"
    /// The store already matches the manifests after a change made outside entitle: recorded.
    case recordsOutsideChange = "records-outside-change"
}
