import GraphMapping

/// Objects of one kind in the order they were created, by id, each with the time it becomes
/// visible to reads (`--consistency-delay`).
struct EntitySet: Codable {
    private(set) var byID: [String: GraphJSON] = [:]
    private(set) var order: [String] = []
    private var visibleAt: [String: Double] = [:]

    subscript(id: String) -> GraphJSON? { byID[id] }

    /// Adds or replaces an object.
    mutating func put(_ id: String, _ object: GraphJSON, visibleAt time: Double? = nil) {
        if byID[id] == nil { order.append(id) }
        byID[id] = object
        if let time { visibleAt[id] = time }
    }

    mutating func remove(_ id: String) {
        guard byID.removeValue(forKey: id) != nil else { return }
        order.removeAll { $0 == id }
        visibleAt[id] = nil
    }

    /// Whether reads at `now` see the object.
    func isVisible(_ id: String, at now: Double) -> Bool { byID[id] != nil && (visibleAt[id] ?? 0) <= now }

    /// The objects reads at `now` see, in creation order.
    func visible(at now: Double) -> [(id: String, object: GraphJSON)] {
        order.compactMap { id in
            guard let object = byID[id], (visibleAt[id] ?? 0) <= now else { return nil }
            return (id, object)
        }
    }

    var all: [GraphJSON] { order.compactMap { byID[$0] } }
}

/// Everything the emulated tenant holds; written whole to `--state-file` after every change.
struct TenantData: Codable {
    var catalogs = EntitySet()
    var accessPackages = EntitySet()
    /// Each package's catalog id.
    var packageCatalog: [String: String] = [:]
    var policies = EntitySet()
    /// Each policy's package id.
    var policyPackage: [String: String] = [:]
    /// Role scopes by package id, then role-scope id.
    var roleScopes: [String: EntitySet] = [:]
    var incompatiblePackages: [String: [String]] = [:]
    var incompatibleGroups: [String: [String]] = [:]
    /// Catalog resources by catalog id (each with its `roles` and `scopes`).
    var resources: [String: EntitySet] = [:]
    var resourceRequests = EntitySet()
    var organizations = EntitySet()
    var internalSponsors: [String: [String]] = [:]
    var externalSponsors: [String: [String]] = [:]
    var settings: GraphJSON = [
        "externalUserLifecycleAction": "blockSignInAndDelete", "durationUntilExternalUserDeletedAfterBlocked": "P30D",
    ]
    var users = EntitySet()
    var groups = EntitySet()
    var servicePrincipals = EntitySet()
    var sites = EntitySet()
    /// Roles of sites, by site URL (SharePoint's, which a catalog resource exposes once added).
    var siteRoles: [String: [String]] = [:]
}
