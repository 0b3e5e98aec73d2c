import EntitlementModel
import Foundation
import GraphMapping

/// Looks up the users, groups, service principals and sites the manifests name, and nothing else:
/// names go fifteen to an `in (…)` filter (Graph's limit without advanced queries), twenty filters
/// to a `$batch`, so a few hundred names cost one request.
struct DirectoryLookup {
    var reader: GraphTenantReader

    /// What is asked of each kind of directory object.
    private struct Collection {
        var path: String
        var select: String
        var kind: DirectoryObject.Kind
    }

    private static let users = Collection(path: "/users", select: "id,displayName,userPrincipalName,userType", kind: .user)
    private static let groups = Collection(path: "/groups", select: "id,displayName,groupTypes", kind: .group)
    private static let principals = Collection(path: "/servicePrincipals", select: "id,displayName,appRoles", kind: .application)

    func lookUp(_ references: Set<Reference>) async throws(GraphError) -> [DirectoryObject] {
        var requests: [GraphClient.BatchRequest] = []
        func filter(_ collection: Collection, _ property: String, _ names: [String]) {
            let unique = Array(Set(names)).sorted()
            for start in stride(from: 0, to: unique.count, by: 15) {
                let chunk = unique[start..<min(start + 15, unique.count)]
                let expression = "\(property) in (" + chunk.map { "'" + $0.replacingOccurrences(of: "'", with: "''") + "'" }.joined(separator: ",") + ")"
                let url = "\(collection.path)?$filter=\(Self.encoded(expression))&$select=\(collection.select)"
                requests.append(GraphClient.BatchRequest(key: "\(collection.kind.rawValue)/\(requests.count)", url: url))
            }
        }
        var byKind: [Reference.Kind: [String]] = [:]
        for reference in references { byKind[reference.kind, default: []].append(reference.name) }
        let users = byKind[.user] ?? []
        filter(Self.users, "id", users.filter(Self.isGUID))
        filter(Self.users, "userPrincipalName", users.filter { !Self.isGUID($0) && $0.contains("@") })
        filter(Self.users, "displayName", users.filter { !Self.isGUID($0) && !$0.contains("@") })
        let groups = byKind[.group] ?? []
        filter(Self.groups, "id", groups.filter(Self.isGUID))
        filter(Self.groups, "displayName", groups.filter { !Self.isGUID($0) })
        let principals = (byKind[.application] ?? []) + (byKind[.servicePrincipal] ?? [])
        filter(Self.principals, "id", principals.filter(Self.isGUID))
        filter(Self.principals, "displayName", principals.filter { !Self.isGUID($0) })
        for (index, site) in Set(byKind[.site] ?? []).sorted().enumerated() {
            guard let url = Self.sitePath(site) else { continue }
            requests.append(GraphClient.BatchRequest(key: "site/\(index)", url: url + "?$select=id,displayName,webUrl"))
        }
        guard !requests.isEmpty else { return [] }
        let responses = try await reader.client.batch(requests)
        var found: [String: DirectoryObject] = [:]
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
            if let next = response.body?["@odata.nextLink"]?.stringValue { items += try await reader.client.list(next) }
            let kind = DirectoryObject.Kind(rawValue: String(request.key.prefix { $0 != "/" })) ?? .user
            for item in items {
                if let object = Self.object(item, kind: kind) { found[object.id] = object }
            }
        }
        return found.values.sorted { $0.id < $1.id }
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
