import EntitlementModel
import Store

/// Loads a directory seed into a store, idempotently.
///
/// Objects keep their ids across loads: an id written in the seed is used as is; otherwise an object
/// already in the store with the same natural key (a user's UPN, a group's or application's display
/// name, a site's URL) keeps its id, and a new object gets an id derived from its kind and key, so
/// the same seed gives the same ids on every machine.
public enum DirectoryLoader {
    /// Directory objects a prune would remove while managed objects refer to them.
    public struct PruneRefusal: Error, Sendable, CustomStringConvertible {
        /// Each object kept from removal, with the managed addresses that refer to it.
        public var referenced: [(object: String, by: [ObjectAddress])]

        /// The message.
        public var description: String {
            "--prune would remove directory objects that managed objects refer to: "
                + referenced.map { "\($0.object) (used by \($0.by.map(\.description).joined(separator: ", ")))" }.joined(separator: "; ")
                + "; keep them in the file, or change those manifests and apply first"
        }
    }

    /// Loads `seed` into `store`.
    public static func load(_ seed: DirectorySeed, into store: any StateStore) async throws(StoreError) -> DirectoryLoadResult {
        let existing = try await store.snapshot().directory
        return try await store.loadDirectory(objects(for: seed, existing: existing))
    }

    /// Loads `seeds` into `store` in one write; with `prune`, also removes every directory object
    /// they do not list, unless a managed object refers to it (then nothing is written).
    public static func load(_ seeds: [DirectorySeed], into store: any StateStore, prune: Bool) async throws -> DirectoryLoadResult {
        let snapshot = try await store.snapshot()
        var objects: [DirectoryObject] = []
        for seed in seeds { objects += self.objects(for: seed, existing: snapshot.directory) }
        guard prune else { return try await store.loadDirectory(objects) }
        let listed = Set(objects.map(\.id))
        let removing = snapshot.directory.filter { !listed.contains($0.id) }
        let references = managedReferences(snapshot)
        let kept = removing.compactMap { object -> (object: String, by: [ObjectAddress])? in
            guard let addresses = references[object.id] else { return nil }
            return ("\(object.kind.rawValue) '\(object.label)'", addresses.sorted())
        }
        guard kept.isEmpty else { throw PruneRefusal(referenced: kept) }
        return try await store.loadDirectory(objects, removing: removing.map(\.id), basis: snapshot.basis)
    }

    /// The managed addresses that refer to each id, by what entitle last applied or the object
    /// holds now (store-form specs name directory objects by id).
    static func managedReferences(_ snapshot: StoreSnapshot) -> [String: Set<ObjectAddress>] {
        let live = Dictionary(snapshot.objects.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        var references: [String: Set<ObjectAddress>] = [:]
        func collect(_ value: CanonicalValue, _ address: ObjectAddress) {
            switch value {
            case .string(let text): references[text, default: []].insert(address)
            case .list(let items), .set(let items): for item in items { collect(item, address) }
            case .object(let fields): for field in fields { collect(field.value, address) }
            default: break
            }
        }
        for entry in snapshot.inventory {
            collect(entry.spec, entry.address)
            if let object = live[entry.objectID] { collect(object.spec, entry.address) }
            if case .catalogResource(_, let resource) = entry.address { references[resource, default: []].insert(entry.address) }
        }
        return references
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
