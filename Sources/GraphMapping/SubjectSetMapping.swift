import EntitlementModel

/// Graph `subjectSet` values (approvers, reviewers, requestors, on-behalf requestors) and
/// directory-object references (sponsors) as canonical subjects in store form: one-key objects
/// holding object ids (`{"user": "<id>"}`), or keywords (`"internalSponsors"`).
///
/// A subject-set type entitle does not model is kept as its type name, with its other properties
/// when it has any (`{"targetAgentIdentitySponsorsOrOwners": "{…}"}`), so it shows in plans and
/// drift rather than vanishing, two of them never merge, and it never differs from itself.
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
        default:
            guard case .object(var members) = json else { return .string(type) }
            members["@odata.type"] = nil
            return members.isEmpty ? .string(type) : .object([CanonicalField(name: type, value: .string(GraphJSON.object(members).text))])
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

    /// The Graph `subjectSet` of a store-form subject: the inverse of `subject(_:)`.
    public static func body(_ subject: CanonicalValue) -> GraphJSON {
        func typed(_ type: String, _ members: [String: GraphJSON] = [:]) -> GraphJSON {
            var members = members
            members["@odata.type"] = .string("#microsoft.graph.\(type)")
            return .object(members)
        }
        if let keyword = subject.text { return typed(keyword) }
        guard case .object(let fields) = subject, let field = fields.first else { return .null }
        switch (field.name, field.value) {
        case ("user", .string(let id)): return typed("singleUser", ["userId": .string(id)])
        case ("group", .string(let id)): return typed("groupMembers", ["groupId": .string(id)])
        case ("servicePrincipal", .string(let id)): return typed("singleServicePrincipal", ["servicePrincipalId": .string(id)])
        case ("connectedOrganization", .string(let id)): return typed("connectedOrganizationMembers", ["connectedOrganizationId": .string(id)])
        case ("rule", .string(let rule)): return typed("attributeRuleMembers", ["membershipRule": .string(rule)])
        case ("manager", .int(let level)): return typed("requestorManager", ["managerLevel": .number(Double(level))])
        case ("targetManager", .int(let level)): return typed("targetManager", ["managerLevel": .number(Double(level))])
        case (let type, .string(let json)):
            // A type entitle does not model, kept with its properties as read.
            return typed(type, GraphJSON.parse(Array(json.utf8))?.objectValue ?? [:])
        default: return .null
        }
    }

    /// A collection of subject sets.
    public static func bodies(_ subjects: CanonicalValue?) -> GraphJSON {
        .array((subjects?.elements ?? []).map(body))
    }
}
