import EntitlementModel
import Store

/// Loads a directory seed into a store, idempotently.
///
/// Objects keep their ids across loads: an id written in the seed is used as is; otherwise an object
/// already in the store with the same natural key (a user's UPN, a group's or application's display
/// name, a site's URL) keeps its id, and a new object gets an id derived from its kind and key, so
/// the same seed gives the same ids on every machine.
public enum DirectoryLoader {
    /// Loads `seed` into `store`.
    public static func load(_ seed: DirectorySeed, into store: any StateStore) async throws(StoreError) -> DirectoryLoadResult {
        let existing = try await store.snapshot().directory
        return try await store.loadDirectory(objects(for: seed, existing: existing))
    }

    /// The directory objects for a seed, given what the store holds.
    public static func objects(for seed: DirectorySeed, existing: [DirectoryObject]) -> [DirectoryObject] {
        var byKey: [String: String] = [:]
        for object in existing { byKey[key(object.kind, naturalKey(object))] = object.id }
        func id(_ given: String?, _ kind: DirectoryObject.Kind, _ natural: String) -> String {
            given ?? byKey[key(kind, natural)] ?? Digest.stableID("entitle-directory\u{0}" + key(kind, natural))
        }
        var objects: [DirectoryObject] = []
        for user in seed.users {
            objects.append(
                DirectoryObject(
                    id: id(user.id, .user, user.userPrincipalName.lowercased()), kind: .user, displayName: user.displayName,
                    userPrincipalName: user.userPrincipalName, external: user.external))
        }
        for group in seed.groups {
            objects.append(DirectoryObject(id: id(group.id, .group, group.displayName), kind: .group, displayName: group.displayName, dynamic: group.dynamic))
        }
        for application in seed.applications {
            objects.append(
                DirectoryObject(
                    id: id(application.id, .application, application.displayName), kind: .application, displayName: application.displayName,
                    roles: application.roles))
        }
        for site in seed.sites {
            let url = site.url
            let displayName = site.displayName ?? url.split(separator: "/").last.map(String.init) ?? url
            objects.append(
                DirectoryObject(id: id(site.id, .site, normalized(url)), kind: .site, displayName: displayName, url: url, roles: site.roles))
        }
        return objects
    }

    private static func key(_ kind: DirectoryObject.Kind, _ natural: String) -> String { kind.rawValue + "\u{0}" + natural }

    private static func naturalKey(_ object: DirectoryObject) -> String {
        switch object.kind {
        case .user: (object.userPrincipalName ?? object.id).lowercased()
        case .group, .application: object.displayName
        case .site: normalized(object.url ?? object.id)
        }
    }

    private static func normalized(_ url: String) -> String {
        var url = url.lowercased()
        while url.hasSuffix("/") { url.removeLast() }
        return url
    }
}
