import Diagnostics
import EntitlementModel
import Foundation
import GraphMapping
import Manifests

/// Fills the emulated directory from a `kind: Directory` file (entitle's format for a local
/// tenant's users, groups, applications and sites), as Graph would show those objects.
enum DirectorySeeding {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    static func seed(_ data: inout TenantData, from path: String) throws {
        let result = ManifestLoader().load(paths: [path])
        if result.diagnostics.containsErrors {
            let sources = Dictionary(result.files.map { ($0.path, $0) }, uniquingKeysWith: { first, _ in first })
            throw Failure(description: TextDiagnosticRenderer(sources: sources).render(result.diagnostics))
        }
        for seed in result.state?.directorySeeds ?? [] {
            for user in seed.users {
                let id = user.id ?? stableID("user", user.userPrincipalName.lowercased())
                data.users.put(
                    id,
                    [
                        "id": .string(id), "userPrincipalName": .string(user.userPrincipalName), "displayName": .string(user.displayName),
                        "mail": .string(user.userPrincipalName), "userType": user.external ? "Guest" : "Member",
                    ])
            }
            for group in seed.groups {
                let id = group.id ?? stableID("group", group.displayName)
                data.groups.put(
                    id,
                    [
                        "id": .string(id), "displayName": .string(group.displayName), "securityEnabled": true, "mailEnabled": false,
                        "groupTypes": group.dynamic ? ["DynamicMembership"] : [],
                        "membershipRule": group.dynamic ? "(user.department -eq \"Sales\")" : nil,
                    ])
            }
            for application in seed.applications {
                let id = application.id ?? stableID("servicePrincipal", application.displayName)
                let roles: [GraphJSON] = application.roles.map { role in
                    [
                        "id": .string(stableID("appRole", application.displayName + "/" + role)), "displayName": .string(role),
                        "value": .string(role), "allowedMemberTypes": ["User"], "isEnabled": true, "description": .string(role),
                    ]
                }
                data.servicePrincipals.put(
                    id,
                    [
                        "id": .string(id), "appId": .string(stableID("application", application.displayName)),
                        "displayName": .string(application.displayName), "appRoles": .array(roles), "servicePrincipalType": "Application",
                    ])
            }
            for site in seed.sites {
                let host = URL(string: site.url)?.host ?? "contoso.sharepoint.com"
                let id = site.id ?? "\(host),\(stableID("site", site.url.lowercased())),\(stableID("web", site.url.lowercased()))"
                let name = site.displayName ?? URL(string: site.url)?.lastPathComponent ?? site.url
                data.sites.put(id, ["id": .string(id), "webUrl": .string(site.url), "displayName": .string(name), "name": .string(name)])
                data.siteRoles[site.url.lowercased()] = site.roles
            }
        }
    }

    /// A GUID made from a kind and a name, the same on every run.
    static func stableID(_ kind: String, _ name: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        var hash2: UInt64 = 0x8422_2325_cbf2_9ce4
        for byte in (kind + "\u{0}" + name).utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3
            hash2 = (hash2 &+ UInt64(byte)) &* 0x9e37_79b9_7f4a_7c15
        }
        let hex = String(format: "%016llx%016llx", hash, hash2)
        let characters = Array(hex)
        return [0..<8, 8..<12, 12..<16, 16..<20, 20..<32].map { String(characters[$0]) }.joined(separator: "-")
    }
}
