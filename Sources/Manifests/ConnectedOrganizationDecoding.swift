import Diagnostics
import EntitlementModel
import YAMLSource

extension ManifestDecoder {
    func decodeConnectedOrganization(name: String, _ node: YAMLNode, _ context: DecodingContext) -> ConnectedOrganization? {
        guard let spec = context.mapping(node, "ConnectedOrganization spec", as: .connectedOrganizationSpec),
            let displayName = spec.requiredString("displayName")
        else { return nil }
        var sources: [IdentitySource] = []
        if let sourcesNode = spec.required("identitySources"), let items = context.list(sourcesNode, "identitySources") {
            sources = items.compactMap { decodeIdentitySource($0, context) }
            if items.isEmpty {
                context.report(.identitySourcesMissing, "a connected organization needs at least one identity source", at: sourcesNode.range)
            }
        }
        return ConnectedOrganization(
            name: name, displayName: displayName, description: spec.string("description", default: ""),
            state: spec.enumeration("state", default: ConnectedOrganization.State.configured), identitySources: sources,
            internalSponsors: spec.optional("internalSponsors").map { context.subjects($0, "internalSponsors", in: .sponsors) } ?? [],
            externalSponsors: spec.optional("externalSponsors").map { context.subjects($0, "externalSponsors", in: .sponsors) } ?? []
        )
    }

    private func decodeIdentitySource(_ node: YAMLNode, _ context: DecodingContext) -> IdentitySource? {
        guard let fields = context.mapping(node, "identity source", as: .identitySource) else {
            return nil
        }
        let present = IdentitySource.keys.filter(fields.has)
        guard present.count == 1, let key = present.first, let value = fields.requiredString(key) else {
            if present.count != 1 {
                context.report(.manifestMissingField, "an identity source needs exactly one of \(IdentitySource.keys.joined(separator: ", "))", at: node.range)
            }
            return nil
        }
        let displayName = fields.string("displayName", default: value)
        // cloudInstance and issuerUri belong to one kind each; elsewhere they would be silently lost.
        for (extra, owner) in [("cloudInstance", "crossCloudTenant"), ("issuerUri", "federatedDomain")] where fields.has(extra) && key != owner {
            context.report(.manifestUnknownField, "'\(extra)' applies only to a \(owner) identity source", at: fields.keyRange(extra))
        }
        switch key {
        case "tenant":
            return .tenant(id: value, displayName: displayName)
        case "crossCloudTenant":
            guard let cloud = fields.requiredString("cloudInstance") else { return nil }
            return .crossCloudTenant(id: value, displayName: displayName, cloudInstance: cloud)
        case "domain":
            return .domain(name: value, displayName: displayName)
        default:
            guard let issuer = fields.requiredString("issuerUri") else { return nil }
            return .federatedDomain(name: value, displayName: displayName, issuerURI: issuer)
        }
    }

    func decodeSettings(name: String, _ node: YAMLNode, _ context: DecodingContext) -> EntitlementSettings? {
        guard let spec = context.mapping(node, "EntitlementSettings spec", as: .entitlementSettingsSpec) else { return nil }
        let settings = EntitlementSettings(
            name: name, externalUserLifecycle: spec.enumeration("externalUserLifecycle", default: EntitlementSettings.Lifecycle.blockSignInAndDelete),
            deleteExternalUsersAfter: spec.duration("deleteExternalUsersAfter", default: .days(30))
        )
        if spec.has("deleteExternalUsersAfter"), settings.externalUserLifecycle != .blockSignInAndDelete {
            context.report(
                .settingsUnusedDelay, "'deleteExternalUsersAfter' has no effect unless externalUserLifecycle is blockSignInAndDelete",
                at: spec.keyRange("deleteExternalUsersAfter")
            )
        }
        return settings
    }
}
