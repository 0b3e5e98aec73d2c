import EntitlementModel

/// Graph `connectedOrganization` (with its internal and external sponsors) as a live object.
public enum ConnectedOrganizationMapping {
    /// The organization; `internalSponsors` and `externalSponsors` are read from the members of
    /// those names when present (entitle reads them with their own requests and adds them).
    public static func organization(_ json: GraphJSON) -> LiveObject? {
        guard let id = json["id"]?.stringValue else { return nil }
        let displayName = json["displayName"]?.stringValue ?? ""
        let spec = CanonicalValue.fields([
            "displayName": .string(displayName),
            "description": GraphValues.text(json["description"]),
            "state": .string(json["state"]?.stringValue ?? "configured"),
            "identitySources": .unordered((json["identitySources"]?.arrayValue ?? []).map(identitySource)),
            "internalSponsors": SubjectSetMapping.directoryObjects(json["internalSponsors"]),
            "externalSponsors": SubjectSetMapping.directoryObjects(json["externalSponsors"]),
        ])
        return LiveObject(id: id, kind: .connectedOrganization, displayName: displayName, spec: spec)
    }

    /// An `identitySource` in manifest vocabulary; a type entitle does not model keeps its name.
    static func identitySource(_ json: GraphJSON) -> CanonicalValue {
        let displayName = GraphValues.text(json["displayName"])
        switch json.odataType {
        case "azureActiveDirectoryTenant":
            return .fields(["tenant": GraphValues.text(json["tenantId"]), "displayName": displayName])
        case "crossCloudAzureActiveDirectoryTenant":
            return .fields([
                "crossCloudTenant": GraphValues.text(json["tenantId"]), "displayName": displayName, "cloudInstance": GraphValues.text(json["cloudInstance"]),
            ])
        case "domainIdentitySource":
            return .fields(["domain": GraphValues.text(json["domainName"]), "displayName": displayName])
        case "externalDomainFederation":
            return .fields([
                "federatedDomain": GraphValues.text(json["domainName"]), "displayName": displayName, "issuerUri": GraphValues.text(json["issuerUri"]),
            ])
        default:
            return .fields(["type": .string(json.odataType ?? "unknown"), "displayName": displayName])
        }
    }

    // MARK: Writing

    /// The body that creates a connected organization with store-form `spec` (POST); `changing`
    /// leaves out the identity sources, which a PATCH does not change.
    public static func body(_ spec: CanonicalValue, changing: Bool = false) -> GraphJSON {
        var body: [String: GraphJSON] = [
            "displayName": spec.graphText("displayName"), "description": .string(spec.text("description") ?? ""),
            "state": .string(spec.text("state") ?? "configured"),
        ]
        if !changing { body["identitySources"] = .array((spec[field: "identitySources"]?.elements ?? []).map(identitySourceBody)) }
        return .object(body)
    }

    static func identitySourceBody(_ spec: CanonicalValue) -> GraphJSON {
        let displayName = spec.graphText("displayName")
        if let tenant = spec.text("tenant") {
            return ["@odata.type": "#microsoft.graph.azureActiveDirectoryTenant", "tenantId": .string(tenant), "displayName": displayName]
        }
        if let tenant = spec.text("crossCloudTenant") {
            return [
                "@odata.type": "#microsoft.graph.crossCloudAzureActiveDirectoryTenant", "tenantId": .string(tenant), "displayName": displayName,
                "cloudInstance": spec.graphText("cloudInstance"),
            ]
        }
        if let domain = spec.text("domain") {
            return ["@odata.type": "#microsoft.graph.domainIdentitySource", "domainName": .string(domain), "displayName": displayName]
        }
        if let domain = spec.text("federatedDomain") {
            return [
                "@odata.type": "#microsoft.graph.externalDomainFederation", "domainName": .string(domain), "displayName": displayName,
                "issuerUri": spec.graphText("issuerUri"),
            ]
        }
        return ["@odata.type": .string("#microsoft.graph." + (spec.text("type") ?? "identitySource")), "displayName": displayName]
    }

    /// The users and groups (ids) of a store-form sponsor set.
    public static func sponsors(_ spec: CanonicalValue?) -> Set<String> {
        Set((spec?.elements ?? []).compactMap { $0.text("user") ?? $0.text("group") })
    }
}
