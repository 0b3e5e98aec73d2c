import EntitlementModel

/// Graph `subjectSet` values (approvers, reviewers, requestors, on-behalf requestors) and
/// directory-object references (sponsors) as canonical subjects in store form: one-key objects
/// holding object ids (`{"user": "<id>"}`), or keywords (`"internalSponsors"`).
///
/// A subject-set type entitle does not model is kept as its type name, so it shows in plans and
/// drift rather than vanishing, and never differs from itself.
public enum SubjectSetMapping {
    /// One subject set.
    public static func subject(_ json: GraphJSON) -> CanonicalValue {
        let type = json.odataType ?? "unknown"
        func one(_ key: String, _ property: String) -> CanonicalValue {
            .fields([key: .string(json[property]?.stringValue ?? "")])
        }
        switch type {
        case "singleUser": return one("user", "userId")
        case "groupMembers": return one("group", "groupId")
        case "singleServicePrincipal": return one("servicePrincipal", "servicePrincipalId")
        case "connectedOrganizationMembers": return one("connectedOrganization", "connectedOrganizationId")
        case "attributeRuleMembers": return one("rule", "membershipRule")
        case "requestorManager": return .fields(["manager": .int(json["managerLevel"]?.intValue ?? 1)])
        case "targetManager": return .fields(["targetManager": .int(json["managerLevel"]?.intValue ?? 1)])
        default: return .string(type)
        }
    }

    /// A collection of subject sets, as a set.
    public static func subjects(_ json: GraphJSON?) -> CanonicalValue {
        .unordered((json?.arrayValue ?? []).map(subject))
    }

    /// A collection of directory objects (users and groups), as a set of subjects.
    public static func directoryObjects(_ json: GraphJSON?) -> CanonicalValue {
        .unordered(
            (json?.arrayValue ?? []).map { object in
                let id = CanonicalValue.string(object["id"]?.stringValue ?? "")
                return object.odataType == "group" ? .fields(["group": id]) : .fields(["user": id])
            })
    }
}
