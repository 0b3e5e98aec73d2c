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
}
