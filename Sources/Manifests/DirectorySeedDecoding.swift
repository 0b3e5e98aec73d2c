import Diagnostics
import EntitlementModel
import YAMLSource

extension ManifestDecoder {
    func decodeDirectorySeed(_ node: YAMLNode, _ context: DecodingContext) -> DirectorySeed? {
        guard let fields = context.mapping(node, "a Directory seed", allowed: ["apiVersion", "kind", "users", "groups", "applications", "sites"]) else {
            return nil
        }
        var seed = DirectorySeed()
        seed.users = items(fields, "users", context) { item in
            guard let user = context.mapping(item, "user", allowed: ["id", "userPrincipalName", "displayName", "external"]),
                let upn = user.requiredString("userPrincipalName"), let displayName = user.requiredString("displayName")
            else { return nil }
            return DirectorySeed.User(
                id: user.optional("id").flatMap { context.string($0, "'id'") }, userPrincipalName: upn, displayName: displayName,
                external: user.bool("external", default: false))
        }
        seed.groups = items(fields, "groups", context) { item in
            guard let group = context.mapping(item, "group", allowed: ["id", "displayName", "dynamic"]), let displayName = group.requiredString("displayName")
            else { return nil }
            return DirectorySeed.Group(
                id: group.optional("id").flatMap { context.string($0, "'id'") }, displayName: displayName, dynamic: group.bool("dynamic", default: false))
        }
        seed.applications = items(fields, "applications", context) { item in
            guard let app = context.mapping(item, "application", allowed: ["id", "displayName", "roles"]), let displayName = app.requiredString("displayName")
            else { return nil }
            return DirectorySeed.Application(
                id: app.optional("id").flatMap { context.string($0, "'id'") }, displayName: displayName, roles: strings(app, "roles", context))
        }
        seed.sites = items(fields, "sites", context) { item in
            guard let site = context.mapping(item, "site", allowed: ["id", "url", "displayName", "roles"]), let url = site.requiredString("url") else {
                return nil
            }
            return DirectorySeed.Site(
                id: site.optional("id").flatMap { context.string($0, "'id'") }, url: url,
                displayName: site.optional("displayName").flatMap { context.string($0, "'displayName'") },
                roles: strings(site, "roles", context)
            )
        }
        return seed
    }

    private func items<T>(_ fields: MappingFields, _ key: String, _ context: DecodingContext, _ decode: (YAMLNode) -> T?) -> [T] {
        guard let node = fields.optional(key), let items = context.list(node, key) else { return [] }
        return items.compactMap(decode)
    }

    private func strings(_ fields: MappingFields, _ key: String, _ context: DecodingContext) -> [String] {
        guard let node = fields.optional(key), let items = context.list(node, key) else { return [] }
        return items.compactMap { context.string($0, "a role") }
    }
}
