import EntitlementModel
import Foundation
import GraphMapping

/// Looks up the users, groups, service principals and sites the manifests name, and nothing else.
///
/// Names go to `in (…)` filters sent as advanced queries (`ConsistencyLevel: eventual` with
/// `$count=true`), which lift Graph's limit of fifteen values to the URL's 2,048 characters: about
/// a hundred names to a filter and twenty filters to a `$batch`, so thousands of names cost a
/// handful of requests. An advanced query reads an index that may lag a few seconds behind the
/// directory, so the names it does not find are asked again with plain filters, fifteen to one,
/// which read the directory itself: a group made a moment ago is still found, and the usual case
/// (every name found) costs nothing more. Sites are looked up one by one (by URL: Graph has no
/// filter for them).
struct DirectoryLookup {
    var reader: GraphTenantReader

    /// What is asked of each kind of directory object.
    private struct Collection {
        var path: String
        var select: String
        var kind: DirectoryObject.Kind
    }

    /// Names of one kind, matched on one property.
    private struct Query {
        var collection: Collection
        var property: String
        var names: [String]
    }

    private static let users = Collection(path: "/users", select: "id,displayName,userPrincipalName,userType", kind: .user)
    private static let groups = Collection(path: "/groups", select: "id,displayName,groupTypes", kind: .group)
    private static let principals = Collection(path: "/servicePrincipals", select: "id,displayName,appRoles", kind: .application)

    /// Graph's values in one `in (…)` of a plain (not advanced) query.
    static let plainValuesPerFilter = 15
    /// Graph's limit on a request URL, which bounds an advanced query's `in (…)`.
    static let urlLimit = 2048
    /// The header that makes a query advanced (with `$count=true`).
    static let advancedHeaders = ["ConsistencyLevel": "eventual"]

    func lookUp(_ references: Set<Reference>) async throws(GraphError) -> [DirectoryObject] {
        var byKind: [Reference.Kind: [String]] = [:]
        for reference in references { byKind[reference.kind, default: []].append(reference.name) }
        var queries: [Query] = []
        func add(_ collection: Collection, _ property: String, _ names: [String]) {
            let unique = Array(Set(names)).sorted()
            if !unique.isEmpty { queries.append(Query(collection: collection, property: property, names: unique)) }
        }
        let users = byKind[.user] ?? []
        add(Self.users, "id", users.filter(Self.isGUID))
        add(Self.users, "userPrincipalName", users.filter { !Self.isGUID($0) && $0.contains("@") })
        add(Self.users, "displayName", users.filter { !Self.isGUID($0) && !$0.contains("@") })
        let groups = byKind[.group] ?? []
        add(Self.groups, "id", groups.filter(Self.isGUID))
        add(Self.groups, "displayName", groups.filter { !Self.isGUID($0) })
        let principals = (byKind[.application] ?? []) + (byKind[.servicePrincipal] ?? [])
        add(Self.principals, "id", principals.filter(Self.isGUID))
        add(Self.principals, "displayName", principals.filter { !Self.isGUID($0) })

        // Advanced queries for every name, and the sites, in one stream of batches.
        var requests: [GraphClient.BatchRequest] = []
        for query in queries { requests += filterRequests(query, names: query.names, advanced: true, index: requests.count) }
        for (index, site) in Set(byKind[.site] ?? []).sorted().enumerated() {
            guard let url = Self.sitePath(site) else { continue }
            requests.append(GraphClient.BatchRequest(key: "site/\(index)", url: url + "?$select=id,displayName,webUrl"))
        }
        guard !requests.isEmpty else { return [] }
        var found: [String: DirectoryObject] = [:]
        var matched: [String: [GraphJSON]] = [:]
        try await collect(requests, into: &found, matched: &matched)

        // The names the index did not show, once more from the directory itself.
        var retries: [GraphClient.BatchRequest] = []
        for query in queries {
            let seen = Set((matched[query.collection.kind.rawValue] ?? []).compactMap { $0[query.property]?.stringValue?.lowercased() })
            let missing = query.names.filter { !seen.contains($0.lowercased()) }
            retries += filterRequests(query, names: missing, advanced: false, index: retries.count)
        }
        if !retries.isEmpty { try await collect(retries, into: &found, matched: &matched) }
        return found.values.sorted { $0.id < $1.id }
    }

    /// `names` of `query` in `in (…)` filters, as many to a request as its URL allows (and, for a
    /// plain query, at most 15: an advanced one takes any number).
    private func filterRequests(_ query: Query, names: [String], advanced: Bool, index: Int) -> [GraphClient.BatchRequest] {
        // The limit counts the whole URL: Graph's address and `/v1.0` before the relative URL.
        let budget = Self.urlLimit - reader.client.endpoints.graph.count - "/v1.0".count
        let head = "\(query.collection.path)?$filter=\(Self.encoded(query.property + " in ("))"
        let tail = "\(Self.encoded(")"))&$select=\(query.collection.select)" + (advanced ? "&$count=true&$top=999" : "")
        let maximum = advanced ? Int.max : Self.plainValuesPerFilter
        let kind = query.collection.kind.rawValue + (advanced ? "" : "/plain")
        var requests: [GraphClient.BatchRequest] = []
        var chunk: [String] = []
        var length = head.count + tail.count
        func flush() {
            guard !chunk.isEmpty else { return }
            requests.append(
                GraphClient.BatchRequest(
                    key: "\(kind)/\(index + requests.count)", url: head + chunk.joined(separator: ",") + tail,
                    headers: advanced ? Self.advancedHeaders : [:]))
            chunk = []
            length = head.count + tail.count
        }
        for name in names {
            let literal = Self.encoded(Self.literal(name))
            if !chunk.isEmpty, length + 1 + literal.count > budget || chunk.count == maximum { flush() }
            chunk.append(literal)
            length += literal.count + (chunk.count > 1 ? 1 : 0)
        }
        flush()
        return requests
    }

    /// Sends `requests` and gathers what they found: directory objects by id, and each kind's
    /// answers as Graph gave them (to tell which names were found).
    private func collect(
        _ requests: [GraphClient.BatchRequest], into found: inout [String: DirectoryObject], matched: inout [String: [GraphJSON]]
    ) async throws(GraphError) {
        let responses = try await reader.client.batch(requests)
        for request in requests {
            guard let response = responses[request.key] else { continue }
            if request.key.hasPrefix("site/") {
                // A site that does not exist is a name that resolves to nothing, not a failure.
                if response.status == 404 { continue }
                guard (200..<300).contains(response.status), let site = response.body else {
                    throw reader.client.failure(of: response, method: "GET", url: request.url)
                }
                if let object = Self.site(site) { found[object.id] = object }
                continue
            }
            guard (200..<300).contains(response.status) else { throw reader.client.failure(of: response, method: "GET", url: request.url) }
            var items = response.body?["value"]?.arrayValue ?? []
            if let next = response.body?["@odata.nextLink"]?.stringValue { items += try await reader.client.list(next, headers: request.headers) }
            let kindName = String(request.key.prefix { $0 != "/" })
            let kind = DirectoryObject.Kind(rawValue: kindName) ?? .user
            matched[kindName, default: []] += items
            for item in items {
                if let object = Self.object(item, kind: kind) { found[object.id] = object }
            }
        }
    }

    /// `'name'`, quotes in the name doubled as OData spells them.
    private static func literal(_ name: String) -> String {
        "'" + name.replacingOccurrences(of: "'", with: "''") + "'"
    }

    /// Users, groups and service principals by id, a thousand to a `getByIds`.
    func objects(ids: Set<String>) async throws(GraphError) -> [DirectoryObject] {
        let wanted = ids.filter(Self.isGUID).sorted()
        var objects: [DirectoryObject] = []
        for start in stride(from: 0, to: wanted.count, by: 1000) {
            let chunk = wanted[start..<min(start + 1000, wanted.count)]
            let response = try await reader.client.send(
                "POST", "/directoryObjects/getByIds", body: ["ids": .array(chunk.map { .string($0) }), "types": ["user", "group", "servicePrincipal"]],
                readOnly: true)
            for item in response.body?["value"]?.arrayValue ?? [] {
                let kind: DirectoryObject.Kind? =
                    switch item.odataType {
                    case "user": .user
                    case "group": .group
                    case "servicePrincipal": .application
                    default: nil
                    }
                if let kind, let object = Self.object(item, kind: kind) { objects.append(object) }
            }
        }
        return objects
    }

    static func object(_ json: GraphJSON, kind: DirectoryObject.Kind) -> DirectoryObject? {
        guard let id = json["id"]?.stringValue else { return nil }
        let displayName = json["displayName"]?.stringValue ?? id
        switch kind {
        case .user:
            return DirectoryObject(
                id: id, kind: .user, displayName: displayName, userPrincipalName: json["userPrincipalName"]?.stringValue,
                external: json["userType"]?.stringValue == "Guest")
        case .group:
            return DirectoryObject(
                id: id, kind: .group, displayName: displayName, dynamic: json["groupTypes"]?.arrayValue.contains("DynamicMembership") ?? false)
        case .application:
            let roles = (json["appRoles"]?.arrayValue ?? []).filter { $0["isEnabled"]?.boolValue != false }.compactMap { $0["displayName"]?.stringValue }
            return DirectoryObject(id: id, kind: .application, displayName: displayName, roles: roles)
        case .site:
            return site(json)
        }
    }

    /// A site, identified by its URL: the `originId` catalog resources give SharePoint sites. Its
    /// roles are SharePoint's and unknown until the site is in a catalog.
    static func site(_ json: GraphJSON) -> DirectoryObject? {
        guard let url = json["webUrl"]?.stringValue else { return nil }
        return DirectoryObject(id: url, kind: .site, displayName: json["displayName"]?.stringValue ?? url, url: url, rolesKnown: false)
    }

    /// `/sites/{hostname}:/{path}` for a site URL.
    /// (Taken apart by hand: a site URL may hold spaces, which `URL` refuses.)
    static func sitePath(_ url: String) -> String? {
        guard let scheme = url.range(of: "://") else { return nil }
        let rest = url[scheme.upperBound...]
        let host = rest.prefix { $0 != "/" }
        guard !host.isEmpty else { return nil }
        var path = String(rest.dropFirst(host.count))
        while path.hasSuffix("/") { path.removeLast() }
        return "/sites/\(host):\(Self.encoded(path.isEmpty ? "/" : path, keepSlashes: true))"
    }

    static func isGUID(_ text: String) -> Bool {
        let characters = Array(text.utf8)
        guard characters.count == 36 else { return false }
        for (index, byte) in characters.enumerated() {
            if [8, 13, 18, 23].contains(index) {
                guard byte == UInt8(ascii: "-") else { return false }
            } else {
                guard (48...57).contains(byte) || (97...102).contains(byte | 0x20) else { return false }
            }
        }
        return true
    }

    /// Percent-encodes a query value (`#` in guest UPNs, spaces, quotes stay readable as `'`).
    static func encoded(_ text: String, keepSlashes: Bool = false) -> String {
        HTTPTransport.encoded(text, keeping: "'(),@" + (keepSlashes ? "/" : ""))
    }
}
