import Diagnostics
import EntitlementModel
import YAMLSource

extension ManifestDecoder {
    func decodeDirectorySeed(_ node: YAMLNode, _ context: DecodingContext) -> DirectorySeed? {
        guard let fields = context.mapping(node, "a Directory seed", as: .directoryManifest) else {
            return nil
        }
        var seed = DirectorySeed(file: context.file)
        seed.users = items(fields, "users", context) { item in
            guard let user = context.mapping(item, "user", as: .directoryUser),
                let upn = user.requiredString("userPrincipalName"), let displayName = user.requiredString("displayName")
            else { return nil }
            return DirectorySeed.User(
                id: objectID(user, context), userPrincipalName: upn, displayName: displayName,
                external: user.bool("external", default: false))
        }
        seed.groups = items(fields, "groups", context) { item in
            guard let group = context.mapping(item, "group", as: .directoryGroup), let displayName = group.requiredString("displayName")
            else { return nil }
            return DirectorySeed.Group(
                id: objectID(group, context), displayName: displayName, dynamic: group.bool("dynamic", default: false))
        }
        seed.applications = items(fields, "applications", context) { item in
            guard let app = context.mapping(item, "application", as: .directoryApplication), let displayName = app.requiredString("displayName")
            else { return nil }
            return DirectorySeed.Application(
                id: objectID(app, context), displayName: displayName, roles: strings(app, "roles", context))
        }
        seed.sites = items(fields, "sites", context) { item in
            guard let site = context.mapping(item, "site", as: .directorySite), let url = site.requiredString("url") else {
                return nil
            }
            return DirectorySeed.Site(
                id: objectID(site, context), url: url,
                displayName: site.optional("displayName").flatMap { context.string($0, "'displayName'") },
                roles: strings(site, "roles", context)
            )
        }
        return seed
    }

    /// An object id: letters, digits and hyphens (a GUID, usually), since ids appear in addresses.
    private func objectID(_ fields: MappingFields, _ context: DecodingContext) -> String? {
        guard let node = fields.optional("id"), let id = context.string(node, "'id'") else { return nil }
        guard id.unicodeScalars.allSatisfy({ $0.properties.isASCIIHexDigit || ($0.value < 128 && ($0.properties.isAlphabetic || $0 == "-")) })
        else {
            context.report(
                .directoryObjectID, "object id '\(id)' may hold only letters, digits and hyphens", at: node.range,
                hints: ["object ids are GUIDs, such as 6f1c2b1e-0d4a-4f57-9b8e-2a7c5d1e9f30"])
            return nil
        }
        return id
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
