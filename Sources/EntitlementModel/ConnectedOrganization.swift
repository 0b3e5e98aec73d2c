/// An external organization whose users may request access (Graph `connectedOrganization`).
public struct ConnectedOrganization: Hashable, Sendable, CanonicalEncodable {
    /// Graph `connectedOrganizationState`.
    public enum State: String, CaseIterable, Hashable, Sendable {
        /// Fully functional; covered by "all configured connected organizations" policies.
        case configured
        /// Auto-created or not yet trusted; only policies naming it cover it.
        case proposed
    }

    /// The manifest name, the organization's stable key.
    public var name: String
    /// `displayName`.
    public var displayName: String
    /// `description`.
    public var description: String
    /// `state`.
    public var state: State
    /// `identitySources`: how the organization's users sign in.
    public var identitySources: [IdentitySource]
    /// `internalSponsors`: users or groups of this tenant.
    public var internalSponsors: [Subject]
    /// `externalSponsors`: guest users from the organization.
    public var externalSponsors: [Subject]

    /// Creates a connected organization.
    public init(
        name: String, displayName: String, description: String = "", state: State = .configured,
        identitySources: [IdentitySource], internalSponsors: [Subject] = [], externalSponsors: [Subject] = []
    ) {
        self.name = name
        self.displayName = displayName
        self.description = description
        self.state = state
        self.identitySources = identitySources
        self.internalSponsors = internalSponsors
        self.externalSponsors = externalSponsors
    }

    /// The canonical spec; identity sources and sponsors are sets.
    public var canonicalValue: CanonicalValue {
        .fields([
            "displayName": .string(displayName),
            "description": .string(description),
            "state": .string(state.rawValue),
            "identitySources": .unordered(identitySources.map(\.canonicalValue)),
            "internalSponsors": internalSponsors.canonicalSet,
            "externalSponsors": externalSponsors.canonicalSet,
        ])
    }
}

/// How a connected organization's users sign in (Graph `identitySource` subtypes).
public enum IdentitySource: Hashable, Sendable, CanonicalEncodable {
    /// `azureActiveDirectoryTenant`: an Entra tenant, by tenant id.
    case tenant(id: String, displayName: String)
    /// `crossCloudAzureActiveDirectoryTenant`: an Entra tenant in another cloud.
    case crossCloudTenant(id: String, displayName: String, cloudInstance: String)
    /// `domainIdentitySource`: one-time-passcode users of an email domain.
    case domain(name: String, displayName: String)
    /// `externalDomainFederation`: a SAML/WS-Fed identity provider for a domain.
    case federatedDomain(name: String, displayName: String, issuerURI: String)

    /// The manifest keys, one per kind.
    public static let keys = ["tenant", "crossCloudTenant", "domain", "federatedDomain"]

    /// The canonical spec, in manifest vocabulary.
    public var canonicalValue: CanonicalValue {
        switch self {
        case .tenant(let id, let displayName):
            .fields(["tenant": .string(id), "displayName": .string(displayName)])
        case .crossCloudTenant(let id, let displayName, let cloud):
            .fields(["crossCloudTenant": .string(id), "displayName": .string(displayName), "cloudInstance": .string(cloud)])
        case .domain(let name, let displayName):
            .fields(["domain": .string(name), "displayName": .string(displayName)])
        case .federatedDomain(let name, let displayName, let issuer):
            .fields(["federatedDomain": .string(name), "displayName": .string(displayName), "issuerUri": .string(issuer)])
        }
    }
}
