/// Who: an entry in a list of requestors, approvers, reviewers, sponsors or on-behalf requestors.
///
/// Each case is one Graph v1.0 `subjectSet` type. Users, groups, service principals and connected
/// organizations are held by the name the manifest gives (UPN, display name or object id) and
/// resolved against the store at plan time.
public enum Subject: Hashable, Sendable, CanonicalEncodable {
    /// `internalSponsors`: the internal sponsors of the requestor's connected organization.
    case internalSponsors
    /// `externalSponsors`: the external sponsors of the requestor's connected organization.
    case externalSponsors
    /// `targetUserSponsors`: the requestor's own sponsors.
    case targetUserSponsors
    /// `requestorManager`: the requestor's manager (level 1) or second-level manager (level 2).
    case manager(level: Int)
    /// `singleUser`: one user, by UPN or object id.
    case user(String)
    /// `groupMembers`: the members of a group, by display name or object id.
    case group(String)
    /// `singleServicePrincipal`: one service principal, by display name or object id.
    case servicePrincipal(String)
    /// `connectedOrganizationMembers`: users of a connected organization, by manifest name or display name.
    case connectedOrganization(String)
    /// `attributeRuleMembers`: users matching a membership rule (automatic assignment).
    case rule(String)
    /// `targetManager`: the target's manager up to `level` (1–4); on-behalf requestors only.
    case targetManager(level: Int)
    /// `targetApplicationOwners`: owners of the target application; on-behalf requestors only.
    case targetApplicationOwners

    /// The keyword subjects, written as bare words in manifests.
    public static let keywords: [String: Subject] = [
        "internalSponsors": .internalSponsors, "externalSponsors": .externalSponsors,
        "targetUserSponsors": .targetUserSponsors, "manager": .manager(level: 1),
        "targetApplicationOwners": .targetApplicationOwners,
    ]

    /// The one-key mapping forms, by key.
    public static let mappingKeys = ["manager", "user", "group", "servicePrincipal", "connectedOrganization", "rule", "targetManager"]

    /// The Graph `@odata.type` name of the subject set.
    public var graphType: String {
        switch self {
        case .internalSponsors: "internalSponsors"
        case .externalSponsors: "externalSponsors"
        case .targetUserSponsors: "targetUserSponsors"
        case .manager: "requestorManager"
        case .user: "singleUser"
        case .group: "groupMembers"
        case .servicePrincipal: "singleServicePrincipal"
        case .connectedOrganization: "connectedOrganizationMembers"
        case .rule: "attributeRuleMembers"
        case .targetManager: "targetManager"
        case .targetApplicationOwners: "targetApplicationOwners"
        }
    }

    /// Whether the subject is resolved per request (a sponsor or manager) and may resolve to nobody,
    /// so a stage made only of such approvers needs a fallback.
    public var isDynamic: Bool {
        switch self {
        case .internalSponsors, .externalSponsors, .targetUserSponsors, .manager: true
        default: false
        }
    }

    /// How the subject is written in a manifest, for messages: `internalSponsors`, `{user: …}`.
    public var manifestText: String {
        switch self {
        case .internalSponsors, .externalSponsors, .targetUserSponsors, .targetApplicationOwners: graphType
        case .manager(let level): level == 1 ? "manager" : "{manager: \(level)}"
        case .user(let name): "{user: \(name)}"
        case .group(let name): "{group: \(name)}"
        case .servicePrincipal(let name): "{servicePrincipal: \(name)}"
        case .connectedOrganization(let name): "{connectedOrganization: \(name)}"
        case .rule(let rule): "{rule: \(rule)}"
        case .targetManager(let level): "{targetManager: \(level)}"
        }
    }

    /// Keywords as strings, the rest as one-key objects (`{"user": "…"}`), levels always explicit.
    public var canonicalValue: CanonicalValue {
        switch self {
        case .internalSponsors, .externalSponsors, .targetUserSponsors, .targetApplicationOwners: .string(graphType)
        case .manager(let level): .fields(["manager": .int(level)])
        case .user(let name): .fields(["user": .string(name)])
        case .group(let name): .fields(["group": .string(name)])
        case .servicePrincipal(let name): .fields(["servicePrincipal": .string(name)])
        case .connectedOrganization(let name): .fields(["connectedOrganization": .string(name)])
        case .rule(let rule): .fields(["rule": .string(rule)])
        case .targetManager(let level): .fields(["targetManager": .int(level)])
        }
    }
}

extension Array where Element == Subject {
    /// The subjects as a canonical set: their order means nothing.
    public var canonicalSet: CanonicalValue { .unordered(map(\.canonicalValue)) }
}
