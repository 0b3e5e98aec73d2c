import Foundation
import GraphMapping

/// `/identityGovernance/entitlementManagement/…`: catalogs, their resources, access packages with
/// their role scopes and incompatibilities, assignment policies, resource requests, connected
/// organizations with their sponsors, and the settings. Status codes follow the v1.0 API reference
/// (docs/graph-emulator.md lists each with its page).
extension EmulatedTenant {
    func entitlementRoute(_ path: [String], _ request: EmulatedRequest) throws(EmulatorError) -> EmulatedResponse {
        let method = request.method
        switch (method, path.count, path.first) {
        case ("GET", 1, "catalogs"): return try listCatalogs(request)
        case ("POST", 1, "catalogs"): return try createCatalog(request)
        case (_, 2, "catalogs"): return try catalog(path[1], request)
        case ("GET", 3, "catalogs") where path[2] == "resources": return try listResources(catalogID: path[1], request)
        case ("GET", 3, "catalogs") where path[2] == "accessPackages":
            _ = try existingCatalog(path[1])
            var packages: [GraphJSON] = []
            for package in data.accessPackages.visible(at: now) where data.packageCatalog[package.id] == path[1] {
                packages.append(try renderPackage(package.object, request.query.expand))
            }
            return try collection(packages, request, context: "accessPackages")
        case ("GET", 1, "accessPackages"): return try listPackages(request)
        case ("POST", 1, "accessPackages"): return try createPackage(request)
        case (_, 2, "accessPackages"): return try package(path[1], request)
        case (_, 3..., "accessPackages") where path[2] == "resourceRoleScopes": return try roleScopes(packageID: path[1], Array(path.dropFirst(3)), request)
        case (_, 3..., "accessPackages") where path[2] == "incompatibleAccessPackages" || path[2] == "incompatibleGroups":
            return try incompatibility(packageID: path[1], path[2], Array(path.dropFirst(3)), request)
        case ("GET", 1, "assignmentPolicies"):
            let filter = try request.query.filter
            var policies: [GraphJSON] = []
            for policy in data.policies.visible(at: now).map(\.object) where filter?.matches(policy) ?? true {
                policies.append(try renderPolicy(policy, request.query.expand))
            }
            return try collection(policies, request, context: "assignmentPolicies")
        case ("POST", 1, "assignmentPolicies"): return try createPolicy(request)
        case (_, 2, "assignmentPolicies"): return try policy(path[1], request)
        case ("POST", 1, "resourceRequests"): return try resourceRequest(request)
        case ("GET", 1, "resourceRequests"): return try collection(data.resourceRequests.all, request, context: "resourceRequests")
        case ("GET", 1, "connectedOrganizations"):
            let filter = try request.query.filter
            let organizations = data.organizations.visible(at: now).map(\.object).filter { filter?.matches($0) ?? true }
            return try collection(organizations, request, context: "connectedOrganizations")
        case ("POST", 1, "connectedOrganizations"): return try createOrganization(request)
        case (_, 2, "connectedOrganizations"): return try organization(path[1], request)
        case (_, 3..., "connectedOrganizations") where path[2] == "internalSponsors" || path[2] == "externalSponsors":
            return try sponsors(organizationID: path[1], path[2], Array(path.dropFirst(3)), request)
        case ("GET", 1, "settings"): return .json(200, data.settings)
        case ("PATCH", 1, "settings"):
            let body = try Self.body(request, as: "entitlementManagementSettings")
            data.settings = data.settings.merging(body)
            return .noContent
        default:
            throw EmulatorError(400, "BadRequest", "Resource not found for the segment '\(path.last ?? "")'.")
        }
    }

    // MARK: Catalogs

    private func existingCatalog(_ id: String) throws(EmulatorError) -> GraphJSON {
        guard data.catalogs.isVisible(id, at: now), let catalog = data.catalogs[id] else { throw .notFound("Catalog '\(id)'") }
        return catalog
    }

    private func listCatalogs(_ request: EmulatedRequest) throws(EmulatorError) -> EmulatedResponse {
        var catalogs: [GraphJSON] = []
        if request.query.options["$skiptoken"] == nil {
            let filter = try request.query.filter
            var packages: [String: [GraphJSON]] = [:]
            if request.query.expand["accessPackages"] != nil {
                for package in data.accessPackages.visible(at: now) {
                    if let catalogID = data.packageCatalog[package.id] { packages[catalogID, default: []].append(package.object) }
                }
            }
            for catalog in data.catalogs.visible(at: now).map(\.object) where filter?.matches(catalog) ?? true {
                catalogs.append(try renderCatalog(catalog, request.query.expand, packages: packages))
            }
        }
        return try collection(catalogs, request, context: "identityGovernance/entitlementManagement/catalogs")
    }

    /// A catalog with `$expand=accessPackages` (documented on the catalog get and list pages) or
    /// `$expand=resources` (a relationship of the catalog, with `roles` and `scopes` nested as on
    /// the resources list; no page shows it, so `--documented-expand-only` refuses it).
    private func renderCatalog(_ catalog: GraphJSON, _ expand: [String: ODataExpand], packages: [String: [GraphJSON]]? = nil) throws(EmulatorError)
        -> GraphJSON
    {
        guard var members = catalog.objectValue, let id = members["id"]?.stringValue else { return catalog }
        for (name, options) in expand {
            switch name {
            case "accessPackages":
                let own = packages?[id] ?? data.accessPackages.visible(at: now).filter { data.packageCatalog[$0.id] == id }.map(\.object)
                members[name] = .array(own.map { Self.selecting($0, options.select) })
            case "resources" where !settings.documentedExpandOnly:
                members[name] = .array(resources(of: id, expand: options.nested).map { Self.selecting($0, options.select) })
            default:
                throw EmulatorError(400, "BadRequest", "Could not find a property named '\(name)' on type 'microsoft.graph.accessPackageCatalog'.")
            }
        }
        return .object(members)
    }

    /// A catalog's visible resources, with their roles and scopes only where expanded.
    private func resources(of catalogID: String, expand: [String: ODataExpand]) -> [GraphJSON] {
        (data.resources[catalogID]?.visible(at: now) ?? []).map(\.object).map { resource -> GraphJSON in
            var members = resource.objectValue ?? [:]
            if expand["roles"] == nil { members["roles"] = nil }
            if expand["scopes"] == nil { members["scopes"] = nil }
            return .object(members)
        }
    }

    private func createCatalog(_ request: EmulatedRequest) throws(EmulatorError) -> EmulatedResponse {
        var body = try Self.body(request, as: "accessPackageCatalog")
        guard body["displayName"]?.stringValue?.isEmpty == false else { throw .invalid("The displayName property is required.") }
        let id = Self.newID()
        let time = Self.timestamp()
        body["id"] = .string(id)
        body["catalogType"] = "userManaged"
        body["state"] = body["state"] ?? "published"
        body["isExternallyVisible"] = body["isExternallyVisible"] ?? false
        body["description"] = body["description"] ?? ""
        body["createdDateTime"] = .string(time)
        body["modifiedDateTime"] = .string(time)
        body["@odata.type"] = nil
        data.catalogs.put(id, .object(body), visibleAt: now + settings.consistencyDelay)
        return .json(201, .object(body))
    }

    private func catalog(_ id: String, _ request: EmulatedRequest) throws(EmulatorError) -> EmulatedResponse {
        let catalog = try existingCatalog(id)
        switch request.method {
        case "GET": return .json(200, Self.selecting(try renderCatalog(catalog, request.query.expand), request.query.select))
        case "PATCH":
            var body = try Self.body(request, as: "accessPackageCatalog")
            body["id"] = nil
            body["modifiedDateTime"] = .string(Self.timestamp())
            data.catalogs.put(id, catalog.merging(body))
            return .noContent
        case "DELETE":
            if catalog["catalogType"]?.stringValue == "serviceDefault" {
                throw EmulatorError(400, "BadRequest", "The built-in catalog cannot be deleted.")
            }
            if data.packageCatalog.values.contains(id) {
                throw EmulatorError(400, "BadRequest", "The catalog cannot be deleted because it contains access packages.")
            }
            data.catalogs.remove(id)
            data.resources[id] = nil
            return .noContent
        default: throw Self.methodNotAllowed(request)
        }
    }

    static func methodNotAllowed(_ request: EmulatedRequest) -> EmulatorError {
        EmulatorError(405, "Request_BadRequest", "The HTTP method '\(request.method)' is not allowed for the resource.")
    }

    private func listResources(catalogID: String, _ request: EmulatedRequest) throws(EmulatorError) -> EmulatedResponse {
        _ = try existingCatalog(catalogID)
        let filter = try request.query.filter
        let resources = resources(of: catalogID, expand: request.query.expand).filter { filter?.matches($0) ?? true }
        return try collection(resources, request, context: "identityGovernance/entitlementManagement/catalogs('\(catalogID)')/resources")
    }

    // MARK: Resource requests

    private func resourceRequest(_ request: EmulatedRequest) throws(EmulatorError) -> EmulatedResponse {
        var body = try Self.body(request, as: "accessPackageResourceRequest")
        guard let catalogID = body["catalog"]?["id"]?.stringValue else { throw .invalid("The catalog id is required.") }
        _ = try existingCatalog(catalogID)
        let resource = body["resource"] ?? .null
        switch body["requestType"]?.stringValue {
        case "adminAdd":
            guard let originID = resource["originId"]?.stringValue, let originSystem = resource["originSystem"]?.stringValue else {
                throw .invalid("The resource's originId and originSystem are required to add it to a catalog.")
            }
            if (data.resources[catalogID]?.all ?? []).contains(where: { $0["originId"]?.stringValue?.lowercased() == originID.lowercased() }) {
                throw EmulatorError(409, "ResourceAlreadyOnboarded", "The resource '\(originID)' is already in the catalog.")
            }
            let added = try catalogResource(originID: originID, originSystem: originSystem)
            data.resources[catalogID, default: EntitySet()].put(added["id"]?.stringValue ?? "", added, visibleAt: now + settings.consistencyDelay)
        case "adminRemove":
            guard let resourceID = resource["id"]?.stringValue, data.resources[catalogID]?[resourceID] != nil else {
                throw .notFound("Resource '\(resource["id"]?.stringValue ?? "")' in catalog '\(catalogID)'")
            }
            let inUse = data.roleScopes.contains { packageID, scopes in
                data.packageCatalog[packageID] == catalogID && scopes.all.contains { $0["role"]?["resource"]?["id"]?.stringValue == resourceID }
            }
            if inUse { throw EmulatorError(400, "BadRequest", "The resource is used by an access package in the catalog and cannot be removed.") }
            data.resources[catalogID]?.remove(resourceID)
        default:
            throw .invalid("requestType '\(body["requestType"]?.stringValue ?? "")' is not supported; use adminAdd or adminRemove.")
        }
        let id = Self.newID()
        body["id"] = .string(id)
        body["state"] = "delivered"
        body["createdDateTime"] = .string(Self.timestamp())
        body["catalog"] = nil
        body["resource"] = nil
        data.resourceRequests.put(id, .object(body))
        return .json(201, .object(body))
    }

    /// A catalog resource for a directory object, with the roles its origin system offers and its root scope.
    private func catalogResource(originID: String, originSystem: String) throws(EmulatorError) -> GraphJSON {
        let resourceID = Self.newID()
        var displayName = originID
        var roles: [(name: String, originID: String)] = []
        switch originSystem {
        case "AadGroup":
            guard let group = data.groups[originID] else { throw .notFound("Group '\(originID)'") }
            displayName = group["displayName"]?.stringValue ?? originID
            let dynamic = group["groupTypes"]?.arrayValue.contains("DynamicMembership") ?? false
            roles = (dynamic ? [] : [("Member", "Member_\(originID)")]) + [("Owner", "Owner_\(originID)")]
        case "AadApplication":
            guard let principal = data.servicePrincipals[originID] else { throw .notFound("Service principal '\(originID)'") }
            displayName = principal["displayName"]?.stringValue ?? originID
            roles = principal["appRoles"]?.arrayValue.map { ($0["displayName"]?.stringValue ?? "", $0["id"]?.stringValue ?? "") } ?? []
            if roles.isEmpty { roles = [("Default Access", "00000000-0000-0000-0000-000000000000")] }
        case "SharePointOnline":
            guard let site = data.sites.all.first(where: { $0["webUrl"]?.stringValue?.lowercased() == originID.lowercased() }) else {
                throw .notFound("Site '\(originID)'")
            }
            displayName = site["displayName"]?.stringValue ?? originID
            roles = (data.siteRoles[originID.lowercased()] ?? []).enumerated().map { ($0.element, String($0.offset + 3)) }
        default:
            throw .invalid("originSystem '\(originSystem)' is not supported by this emulator.")
        }
        let scope: GraphJSON = [
            "id": .string(Self.newID()), "displayName": "Root", "description": "Root Scope", "originId": .string(originID),
            "originSystem": .string(originSystem), "isRootScope": true,
        ]
        let roleObjects: [GraphJSON] = roles.map { role in
            [
                "id": .string(Self.newID()), "displayName": .string(role.name), "description": "", "originId": .string(role.originID),
                "originSystem": .string(originSystem),
            ]
        }
        return [
            "id": .string(resourceID), "displayName": .string(displayName), "description": "", "originId": .string(originID),
            "originSystem": .string(originSystem), "createdDateTime": .string(Self.timestamp()), "attributes": [],
            "roles": .array(roleObjects), "scopes": [scope],
        ]
    }

    // MARK: Access packages

    private func existingPackage(_ id: String) throws(EmulatorError) -> GraphJSON {
        guard data.accessPackages.isVisible(id, at: now), let package = data.accessPackages[id] else { throw .notFound("Access package '\(id)'") }
        return package
    }

    private func listPackages(_ request: EmulatedRequest) throws(EmulatorError) -> EmulatedResponse {
        var packages: [GraphJSON] = []
        // A later page comes from the first page's snapshot; only the first renders the list.
        if request.query.options["$skiptoken"] == nil {
            let filter = try request.query.filter
            let expand = request.query.expand
            let policies = expand["assignmentPolicies"] == nil ? [:] : policiesByPackage()
            for (_, package) in data.accessPackages.visible(at: now) where filter?.matches(package) ?? true {
                packages.append(try renderPackage(package, expand, policies: policies))
            }
        }
        return try collection(packages, request, context: "identityGovernance/entitlementManagement/accessPackages")
    }

    /// The visible policies of each package, gathered once per list.
    private func policiesByPackage() -> [String: [GraphJSON]] {
        var grouped: [String: [GraphJSON]] = [:]
        for policy in data.policies.visible(at: now) {
            if let packageID = data.policyPackage[policy.id] { grouped[packageID, default: []].append(policy.object) }
        }
        return grouped
    }

    /// A package with the navigation properties `$expand` names (`policies`: those of each
    /// package, when a list has gathered them already).
    func renderPackage(_ package: GraphJSON, _ expand: [String: ODataExpand], policies: [String: [GraphJSON]]? = nil) throws(EmulatorError) -> GraphJSON {
        guard var members = package.objectValue, let id = members["id"]?.stringValue else { return package }
        for (name, options) in expand {
            switch name {
            case "catalog":
                let catalog = data.packageCatalog[id].flatMap { data.catalogs[$0] } ?? .null
                members["catalog"] = Self.selecting(catalog, options.select)
            case "assignmentPolicies":
                let own = policies?[id] ?? data.policies.visible(at: now).filter { data.policyPackage[$0.id] == id }.map(\.object)
                members["assignmentPolicies"] = .array(
                    try own.map { policy throws(EmulatorError) in Self.selecting(try renderPolicy(policy, options.nested), options.select) })
            case "resourceRoleScopes":
                members["resourceRoleScopes"] = .array(
                    (data.roleScopes[id]?.visible(at: now) ?? []).map { scope in
                        var rendered = scope.object.objectValue ?? [:]
                        if options.nested["role"] == nil { rendered["role"] = nil }
                        if options.nested["scope"] == nil { rendered["scope"] = nil }
                        return .object(rendered)
                    })
            case "incompatibleAccessPackages" where settings.documentedExpandOnly, "incompatibleGroups" where settings.documentedExpandOnly,
                "catalog" where settings.documentedExpandOnly:
                throw EmulatorError(
                    400, "BadRequest", "Expanding '\(name)' on an accessPackage is not supported (--documented-expand-only: no v1.0 page shows it).")
            case "incompatibleAccessPackages":
                members[name] = .array((data.incompatiblePackages[id] ?? []).compactMap { data.accessPackages[$0] }.map { Self.selecting($0, options.select) })
            case "incompatibleGroups":
                members[name] = .array((data.incompatibleGroups[id] ?? []).compactMap { data.groups[$0] }.map { Self.selecting($0, options.select) })
            default:
                throw EmulatorError(400, "BadRequest", "Could not find a property named '\(name)' on type 'microsoft.graph.accessPackage'.")
            }
        }
        return .object(members)
    }

    private func createPackage(_ request: EmulatedRequest) throws(EmulatorError) -> EmulatedResponse {
        var body = try Self.body(request, as: "accessPackage")
        guard body["displayName"]?.stringValue?.isEmpty == false else { throw .invalid("The displayName property is required.") }
        guard let catalogID = body["catalog"]?["id"]?.stringValue else { throw .invalid("The catalog id is required to create an access package.") }
        _ = try existingCatalog(catalogID)
        let id = Self.newID()
        let time = Self.timestamp()
        body["id"] = .string(id)
        body["catalog"] = nil
        body["description"] = body["description"] ?? ""
        body["isHidden"] = body["isHidden"] ?? false
        body["createdDateTime"] = .string(time)
        body["modifiedDateTime"] = .string(time)
        body["@odata.type"] = nil
        data.accessPackages.put(id, .object(body), visibleAt: now + settings.consistencyDelay)
        data.packageCatalog[id] = catalogID
        return .json(201, .object(body))
    }

    private func package(_ id: String, _ request: EmulatedRequest) throws(EmulatorError) -> EmulatedResponse {
        let package = try existingPackage(id)
        switch request.method {
        case "GET": return .json(200, Self.selecting(try renderPackage(package, request.query.expand), request.query.select))
        case "PATCH":
            var body = try Self.body(request, as: "accessPackage")
            if body["catalog"] != nil { throw .invalid("The catalog of an access package cannot be changed.") }
            body["id"] = nil
            body["modifiedDateTime"] = .string(Self.timestamp())
            data.accessPackages.put(id, package.merging(body))
            return .noContent
        case "DELETE":
            data.accessPackages.remove(id)
            data.packageCatalog[id] = nil
            data.roleScopes[id] = nil
            data.incompatiblePackages[id] = nil
            data.incompatibleGroups[id] = nil
            for (other, list) in data.incompatiblePackages { data.incompatiblePackages[other] = list.filter { $0 != id } }
            for (policyID, packageID) in data.policyPackage where packageID == id {
                data.policies.remove(policyID)
                data.policyPackage[policyID] = nil
            }
            return .noContent
        default: throw Self.methodNotAllowed(request)
        }
    }

    private func roleScopes(packageID: String, _ rest: [String], _ request: EmulatedRequest) throws(EmulatorError) -> EmulatedResponse {
        _ = try existingPackage(packageID)
        switch (request.method, rest.count) {
        case ("GET", 0):
            let expand = request.query.expand
            let scopes = (data.roleScopes[packageID]?.visible(at: now) ?? []).map { scope -> GraphJSON in
                var rendered = scope.object.objectValue ?? [:]
                if expand["role"] == nil { rendered["role"] = nil }
                if expand["scope"] == nil { rendered["scope"] = nil }
                return .object(rendered)
            }
            return try collection(scopes, request, context: "resourceRoleScopes")
        case ("POST", 0):
            let body = try Self.body(request, as: "accessPackageResourceRoleScope")
            guard let catalogID = data.packageCatalog[packageID] else { throw .notFound("Access package '\(packageID)'") }
            let resources = data.resources[catalogID]?.all ?? []
            let roleBody = body["role"] ?? .null
            let scopeBody = body["scope"] ?? .null
            // The role by id, or by origin id and system (within the resource named, if any).
            var found: (resource: GraphJSON, role: GraphJSON)?
            for resource in resources {
                if let resourceID = roleBody["resource"]?["id"]?.stringValue, resource["id"]?.stringValue != resourceID { continue }
                for role in resource["roles"]?.arrayValue ?? [] {
                    let byID = roleBody["id"]?.stringValue.map { $0 == role["id"]?.stringValue } ?? false
                    let byOrigin =
                        roleBody["originId"]?.stringValue == role["originId"]?.stringValue
                        && roleBody["originSystem"]?.stringValue == role["originSystem"]?.stringValue
                    if byID || byOrigin { found = (resource, role) }
                }
            }
            guard let found else {
                throw EmulatorError(
                    400, "BadRequest",
                    "The resource role is not in the access package's catalog; add the resource to the catalog with a resource request first.")
            }
            let scope = (found.resource["scopes"]?.arrayValue ?? []).first { scope in
                (scopeBody["id"]?.stringValue.map { $0 == scope["id"]?.stringValue } ?? false)
                    || scopeBody["originId"]?.stringValue?.lowercased() == scope["originId"]?.stringValue?.lowercased()
            }
            guard let scope else { throw .invalid("The resource scope is not a scope of the resource.") }
            var role = found.role.objectValue ?? [:]
            role["resource"] = Self.selecting(found.resource, ["id", "displayName", "originId", "originSystem", "description"])
            let id = "\(found.role["id"]?.stringValue ?? "")_\(scope["id"]?.stringValue ?? "")"
            if data.roleScopes[packageID]?[id] != nil {
                throw EmulatorError(409, "Conflict", "The access package already has this resource role scope.")
            }
            let created: GraphJSON = ["id": .string(id), "createdDateTime": .string(Self.timestamp()), "role": .object(role), "scope": scope]
            data.roleScopes[packageID, default: EntitySet()].put(id, created, visibleAt: now + settings.consistencyDelay)
            return .json(201, ["id": .string(id), "createdDateTime": created["createdDateTime"] ?? .null])
        case ("DELETE", 1):
            guard data.roleScopes[packageID]?[rest[0]] != nil else { throw .notFound("Resource role scope '\(rest[0])'") }
            data.roleScopes[packageID]?.remove(rest[0])
            return .noContent
        default: throw Self.methodNotAllowed(request)
        }
    }

    private func incompatibility(packageID: String, _ relation: String, _ rest: [String], _ request: EmulatedRequest) throws(EmulatorError) -> EmulatedResponse
    {
        _ = try existingPackage(packageID)
        let isPackages = relation == "incompatibleAccessPackages"
        var list = (isPackages ? data.incompatiblePackages[packageID] : data.incompatibleGroups[packageID]) ?? []
        switch (request.method, rest) {
        case ("GET", []):
            let objects = list.compactMap { isPackages ? data.accessPackages[$0] : data.groups[$0] }
            return try collection(objects, request, context: relation)
        case ("POST", ["$ref"]):
            guard let reference = request.body?["@odata.id"]?.stringValue, let targetID = reference.split(separator: "/").last.map(String.init) else {
                throw .invalid("The request body must be {\"@odata.id\": \"…\"}.")
            }
            if isPackages {
                _ = try existingPackage(targetID)
            } else if data.groups[targetID] == nil {
                throw .notFound("Group '\(targetID)'")
            }
            if !list.contains(targetID) { list.append(targetID) }
        case ("DELETE", let parts) where parts.count == 2 && parts[1] == "$ref":
            guard list.contains(parts[0]) else { throw .notFound("Reference '\(parts[0])'") }
            list.removeAll { $0 == parts[0] }
        default: throw Self.methodNotAllowed(request)
        }
        if isPackages { data.incompatiblePackages[packageID] = list } else { data.incompatibleGroups[packageID] = list }
        return .noContent
    }

    // MARK: Policies

    private func existingPolicy(_ id: String) throws(EmulatorError) -> GraphJSON {
        guard data.policies.isVisible(id, at: now), let policy = data.policies[id] else { throw .notFound("Assignment policy '\(id)'") }
        return policy
    }

    /// A policy as stored: the body as sent, with server-owned properties set and question ids given.
    private func storedPolicy(_ body: [String: GraphJSON], id: String, created: String) throws(EmulatorError) -> (GraphJSON, String) {
        var body = body
        guard let packageID = body["accessPackage"]?["id"]?.stringValue else {
            throw EmulatorError(400, "BadRequest", "Value cannot be null. Parameter name: Id (the accessPackage id is required).")
        }
        _ = try existingPackage(packageID)
        guard body["displayName"]?.stringValue?.isEmpty == false else { throw .invalid("The displayName property is required.") }
        if let scope = body["allowedTargetScope"]?.stringValue, !Self.targetScopes.contains(scope) {
            throw .invalid("Cannot convert the literal '\(scope)' to the expected type 'microsoft.graph.allowedTargetScope'.")
        }
        body["id"] = .string(id)
        body["accessPackage"] = nil
        body["catalog"] = nil
        body["@odata.type"] = nil
        body["createdDateTime"] = .string(created)
        body["modifiedDateTime"] = .string(Self.timestamp())
        body["description"] = body["description"] ?? ""
        body["questions"] = .array(
            (body["questions"]?.arrayValue ?? []).map { question in
                var members = question.objectValue ?? [:]
                members["id"] = members["id"] ?? .string(Self.newID())
                return .object(members)
            })
        return (.object(body), packageID)
    }

    /// A policy as reads show it: `questions` and `customExtensionStageSettings` are contained
    /// navigation properties, returned only when `$expand`ed (no documented GET, list or create
    /// response shows them otherwise).
    func renderPolicy(_ policy: GraphJSON, _ expand: [String: ODataExpand]) throws(EmulatorError) -> GraphJSON {
        guard var members = policy.objectValue else { return policy }
        for name in expand.keys where !["questions", "customExtensionStageSettings", "accessPackage", "catalog"].contains(name) {
            throw EmulatorError(400, "BadRequest", "Could not find a property named '\(name)' on type 'microsoft.graph.accessPackageAssignmentPolicy'.")
        }
        if expand["questions"] == nil { members["questions"] = nil }
        if expand["customExtensionStageSettings"] == nil { members["customExtensionStageSettings"] = nil }
        return .object(members)
    }

    static let targetScopes: Set<String> = [
        "notSpecified", "specificDirectoryUsers", "specificConnectedOrganizationUsers", "specificDirectoryServicePrincipals",
        "allMemberUsers", "allDirectoryUsers", "allDirectoryServicePrincipals", "allConfiguredConnectedOrganizationUsers",
        "allExternalUsers", "allDirectoryAgentIdentities", "unknownFutureValue",
    ]

    private func createPolicy(_ request: EmulatedRequest) throws(EmulatorError) -> EmulatedResponse {
        let body = try Self.body(request, as: "accessPackageAssignmentPolicy")
        let id = Self.newID()
        let (policy, packageID) = try storedPolicy(body, id: id, created: Self.timestamp())
        data.policies.put(id, policy, visibleAt: now + settings.consistencyDelay)
        data.policyPackage[id] = packageID
        return .json(201, try renderPolicy(policy, [:]))
    }

    private func policy(_ id: String, _ request: EmulatedRequest) throws(EmulatorError) -> EmulatedResponse {
        let policy = try existingPolicy(id)
        switch request.method {
        case "GET":
            var rendered = try renderPolicy(policy, request.query.expand).objectValue ?? [:]
            if let options = request.query.expand["accessPackage"], let packageID = data.policyPackage[id] {
                rendered["accessPackage"] = Self.selecting(data.accessPackages[packageID] ?? .null, options.select)
            }
            return .json(200, Self.selecting(.object(rendered), request.query.select))
        case "PUT":
            // PUT replaces the whole policy: whatever the body leaves out is gone.
            let body = try Self.body(request, as: "accessPackageAssignmentPolicy")
            let (replaced, packageID) = try storedPolicy(body, id: id, created: policy["createdDateTime"]?.stringValue ?? Self.timestamp())
            guard packageID == data.policyPackage[id] else { throw .invalid("The access package of a policy cannot be changed.") }
            data.policies.put(id, replaced)
            return .json(200, try renderPolicy(replaced, [:]))
        case "PATCH":
            throw EmulatorError(
                405, "Request_BadRequest", "Update of an accessPackageAssignmentPolicy is a PUT of the whole policy; PATCH is not supported.")
        case "DELETE":
            data.policies.remove(id)
            data.policyPackage[id] = nil
            return .noContent
        default: throw Self.methodNotAllowed(request)
        }
    }

    // MARK: Connected organizations

    private func existingOrganization(_ id: String) throws(EmulatorError) -> GraphJSON {
        guard data.organizations.isVisible(id, at: now), let organization = data.organizations[id] else {
            throw .notFound("Connected organization '\(id)'")
        }
        return organization
    }

    private func createOrganization(_ request: EmulatedRequest) throws(EmulatorError) -> EmulatedResponse {
        var body = try Self.body(request, as: "connectedOrganization")
        guard body["displayName"]?.stringValue?.isEmpty == false else { throw .invalid("The displayName property is required.") }
        let id = Self.newID()
        let time = Self.timestamp()
        body["id"] = .string(id)
        body["state"] = body["state"] ?? "configured"
        body["description"] = body["description"] ?? ""
        body["createdDateTime"] = .string(time)
        body["modifiedDateTime"] = .string(time)
        data.organizations.put(id, .object(body), visibleAt: now + settings.consistencyDelay)
        return .json(201, .object(body))
    }

    private func organization(_ id: String, _ request: EmulatedRequest) throws(EmulatorError) -> EmulatedResponse {
        let organization = try existingOrganization(id)
        switch request.method {
        case "GET": return .json(200, Self.selecting(organization, request.query.select))
        case "PATCH":
            var body = try Self.body(request, as: "connectedOrganization")
            body["id"] = nil
            body["modifiedDateTime"] = .string(Self.timestamp())
            // 202 Accepted with the organization, as connectedorganization-update shows.
            let updated = organization.merging(body)
            data.organizations.put(id, updated)
            return .json(202, updated)
        case "DELETE":
            data.organizations.remove(id)
            data.internalSponsors[id] = nil
            data.externalSponsors[id] = nil
            return .noContent
        default: throw Self.methodNotAllowed(request)
        }
    }

    private func sponsors(organizationID: String, _ relation: String, _ rest: [String], _ request: EmulatedRequest) throws(EmulatorError) -> EmulatedResponse {
        _ = try existingOrganization(organizationID)
        let isInternal = relation == "internalSponsors"
        var list = (isInternal ? data.internalSponsors[organizationID] : data.externalSponsors[organizationID]) ?? []
        switch (request.method, rest) {
        case ("GET", []):
            return try collection(list.compactMap(directoryObject), request, context: "directoryObjects")
        case ("POST", ["$ref"]):
            guard let reference = request.body?["@odata.id"]?.stringValue, let targetID = reference.split(separator: "/").last.map(String.init) else {
                throw .invalid("The request body must be {\"@odata.id\": \"…\"}.")
            }
            guard directoryObject(targetID) != nil else { throw .notFound("Directory object '\(targetID)'") }
            if list.contains(targetID) {
                throw EmulatorError(
                    400, "BadRequest", "One or more added object references already exist for the following modified properties: '\(relation)'.")
            }
            list.append(targetID)
        case ("DELETE", let parts) where parts.count == 2 && parts[1] == "$ref":
            guard list.contains(parts[0]) else { throw .notFound("Reference '\(parts[0])'") }
            list.removeAll { $0 == parts[0] }
        default: throw Self.methodNotAllowed(request)
        }
        if isInternal { data.internalSponsors[organizationID] = list } else { data.externalSponsors[organizationID] = list }
        return .noContent
    }
}

extension GraphJSON {
    /// This object with `members` set over it (a PATCH).
    func merging(_ members: [String: GraphJSON]) -> GraphJSON {
        var merged = objectValue ?? [:]
        for (key, value) in members { merged[key] = value }
        return .object(merged)
    }
}
