import Foundation
import GraphMapping

/// `/organization`, `/users`, `/groups`, `/servicePrincipals`, `/sites` and
/// `/directoryObjects/getByIds`: the directory entitle looks names up in.
extension EmulatedTenant {
    func directoryRoute(_ path: [String], _ request: EmulatedRequest) throws(EmulatorError) -> EmulatedResponse {
        switch (request.method, path.count, path.first) {
        case ("GET", 1, "organization"):
            let initial = settings.domain.split(separator: ".").first.map(String.init) ?? "tenant"
            let organization: GraphJSON = [
                "id": .string(settings.tenantID), "displayName": .string(initial.capitalized),
                "verifiedDomains": [
                    [
                        "name": .string(settings.domain), "isDefault": true, "isInitial": false, "type": "Managed",
                        "capabilities": "Email, OfficeCommunicationsOnline",
                    ],
                    ["name": .string("\(initial).onmicrosoft.com"), "isDefault": false, "isInitial": true, "type": "Managed", "capabilities": "Email"],
                ],
            ]
            return try collection([organization], request, context: "organization")
        case ("GET", 1, "users"): return try list(data.users, type: "user", request)
        case ("GET", 2, "users"):
            let key = path[1].lowercased()
            guard let user = data.users.all.first(where: { $0["id"]?.stringValue == key || $0["userPrincipalName"]?.stringValue?.lowercased() == key }) else {
                throw EmulatorError(
                    404, "Request_ResourceNotFound", "Resource '\(path[1])' does not exist or one of its queried reference-property objects are not present.")
            }
            return .json(200, Self.selecting(user, request.query.select))
        case ("GET", 1, "groups"): return try list(data.groups, type: "group", request)
        case ("GET", 2, "groups"):
            guard let group = data.groups[path[1]] else { throw .notFound("Resource '\(path[1])'") }
            return .json(200, Self.selecting(group, request.query.select))
        case ("GET", 1, "servicePrincipals"): return try list(data.servicePrincipals, type: "servicePrincipal", request)
        case ("GET", 2, "sites"):
            // `/sites/{hostname}:/{server-relative-path}`, or a site id.
            let key = path[1]
            let site: GraphJSON?
            if key.hasSuffix(":") {
                let url = "https://" + key.dropLast() + request.path.components(separatedBy: ":").dropFirst().joined(separator: ":")
                site = data.sites.all.first { Self.sameURL($0["webUrl"]?.stringValue, url) }
            } else {
                site = data.sites[key]
            }
            guard let site else { throw EmulatorError(404, "itemNotFound", "Requested site could not be found") }
            return .json(200, Self.selecting(site, request.query.select))
        case ("GET", 3..., "sites") where path[1].hasSuffix(":"):
            let url = "https://" + path[1].dropLast() + "/" + path.dropFirst(2).joined(separator: "/")
            guard let site = data.sites.all.first(where: { Self.sameURL($0["webUrl"]?.stringValue, url) }) else {
                throw EmulatorError(404, "itemNotFound", "Requested site could not be found")
            }
            return .json(200, Self.selecting(site, request.query.select))
        case ("POST", 2, "directoryObjects") where path[1] == "getByIds":
            guard let ids = request.body?["ids"]?.arrayValue.compactMap(\.stringValue) else { throw .invalid("The ids property is required.") }
            guard ids.count <= 1000 else { throw .invalid("At most 1000 ids may be requested at once.") }
            let types = Set((request.body?["types"]?.arrayValue ?? []).compactMap(\.stringValue).map { $0.lowercased() })
            let found = ids.compactMap(directoryObject).filter { types.isEmpty || types.contains(($0.odataType ?? "").lowercased()) }
            return .json(200, ["@odata.context": .string("\(baseURL)/v1.0/$metadata#directoryObjects"), "value": .array(found)])
        default:
            throw EmulatorError(400, "BadRequest", "Resource not found for the segment '\(path.last ?? "")'.")
        }
    }

    /// Users, groups or service principals. An advanced query (`ConsistencyLevel: eventual` with
    /// `$count=true`) may put more than fifteen values in an `in (…)`, as long as its URL stays
    /// within 2,048 characters, and answers with `@odata.count`; `$top` sets the page size, up to
    /// 999 (user-list, group-list; concepts/aad-advanced-queries).
    private func list(_ set: EntitySet, type: String, _ request: EmulatedRequest) throws(EmulatorError) -> EmulatedResponse {
        let advanced = request.headers["consistencylevel"]?.lowercased() == "eventual" && request.query.options["$count"] == "true"
        if advanced {
            let length = "\(baseURL)/v1.0\(request.path)".count + (request.rawQuery.map { 1 + $0.count } ?? 0)
            guard length <= 2048 else {
                throw EmulatorError(400, "Request_UnsupportedQuery", "The request URL is \(length) characters long; at most 2048 are allowed.")
            }
        }
        var pageSize: Int?
        if let top = request.query.options["$top"] {
            guard let value = Int(top), (1...999).contains(value) else {
                throw EmulatorError(400, "Request_UnsupportedQuery", "Invalid page size specified: '\(top)'. Must be between 1 and 999 inclusive.")
            }
            pageSize = value
        }
        let filter = try request.query.filter(advanced: advanced)
        let indexed = advanced && now < settings.indexLagUntil ? [] : set.all
        return try collection(indexed.filter { filter?.matches($0) ?? true }, request, context: type + "s", pageSize: pageSize, count: advanced)
    }

    static func sameURL(_ a: String?, _ b: String) -> Bool {
        func normal(_ url: String) -> String {
            var url = url.lowercased()
            while url.hasSuffix("/") { url.removeLast() }
            return url
        }
        return a.map(normal) == normal(b)
    }

    /// A user, group or service principal by id, with its `@odata.type`.
    func directoryObject(_ id: String) -> GraphJSON? {
        if let user = data.users[id] { return user.merging(["@odata.type": "#microsoft.graph.user"]) }
        if let group = data.groups[id] { return group.merging(["@odata.type": "#microsoft.graph.group"]) }
        if let principal = data.servicePrincipals[id] { return principal.merging(["@odata.type": "#microsoft.graph.servicePrincipal"]) }
        return nil
    }
}
