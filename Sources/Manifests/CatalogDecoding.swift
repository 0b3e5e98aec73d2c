import Diagnostics
import EntitlementModel
import YAMLSource

extension ManifestDecoder {
    func decodeCatalog(name: String, _ node: YAMLNode, _ context: DecodingContext) -> Catalog? {
        guard let spec = context.mapping(node, "Catalog spec", as: .catalogSpec),
            let displayName = spec.requiredString("displayName")
        else { return nil }
        if displayName.lowercased() == Catalog.generalDisplayName.lowercased(), let displayNode = spec.optional("displayName") {
            context.report(
                .catalogGeneralReserved, "'General' is the built-in catalog; it cannot be declared", at: displayNode.range,
                hints: ["remove this manifest: packages use the built-in catalog with 'catalog: General'"]
            )
        }
        var resources: [ResourceReference] = []
        if let resourcesNode = spec.optional("resources"), let items = context.list(resourcesNode, "resources") {
            resources = items.compactMap { decodeResourceReference($0, context, as: .catalogResource, what: "catalog resource") }
        }
        return Catalog(
            name: name, displayName: displayName, description: spec.string("description", default: ""),
            published: spec.bool("published", default: true), externallyVisible: spec.bool("externallyVisible", default: true),
            resources: resources
        )
    }

    /// Reads `{group: …}`, `{application: …}` or `{site: …}` from a mapping that may hold other
    /// keys (`role`), which the fields of `kind` allow.
    func decodeResourceReference(_ node: YAMLNode, _ context: DecodingContext, as kind: ManifestMapping, what: String) -> ResourceReference? {
        guard let fields = context.mapping(node, what, as: kind) else { return nil }
        return resourceReference(in: fields, context)
    }

    /// Reads the one resource key of an already-read mapping.
    func resourceReference(in fields: MappingFields, _ context: DecodingContext) -> ResourceReference? {
        let node = fields.node
        let what = fields.what
        let present = ResourceReference.keys.filter(fields.has)
        guard present.count == 1, let key = present.first, let valueNode = fields.optional(key),
            let name = context.string(valueNode, "'\(key)'")
        else {
            if present.count != 1 {
                context.report(.manifestMissingField, "\(what) needs exactly one of group, application or site", at: node.range)
            }
            return nil
        }
        switch key {
        case "group":
            context.noteReference(Reference(.group, name), at: valueNode.range)
            return .group(name)
        case "application":
            context.noteReference(Reference(.application, name), at: valueNode.range)
            return .application(name)
        default:
            context.noteReference(Reference(.site, name), at: valueNode.range)
            return .site(name)
        }
    }
}
