import EntitlementModel
import GraphMapping
import Store

/// Reads a Microsoft Entra tenant through Graph v1.0: its identity, every entitlement object, and
/// the directory objects the manifests name.
///
/// A read costs pages, not objects: access packages come with their catalog, policies, resource
/// role scopes and incompatibilities through `$expand`; catalog resources and connected
/// organizations' sponsors, which no list returns, come in `$batch`es of 20.
public struct GraphTenantReader: LiveTenant {
    /// The client.
    public let client: GraphClient
    /// `graph://NAME`.
    public let location: String

    static let base = "/identityGovernance/entitlementManagement"
    /// Every catalog with the ids of its packages (`$expand=accessPackages` is documented on catalogs).
    static let catalogsURL = base + "/catalogs?$expand=accessPackages($select=id)"
    /// The same, with each catalog's resources and their roles and scopes: `resources` is a
    /// relationship of the catalog, but no v1.0 page shows it expanded, so when Graph refuses it
    /// the documented per-catalog lists are read in `$batch`es instead.
    static let catalogsWithResourcesURL = base + "/catalogs?$expand=accessPackages($select=id),resources($expand=roles,scopes)"
    /// Every package with its policies (and their questions) and resource role scopes.
    static let packagesURL = base + "/accessPackages?$expand=assignmentPolicies($expand=questions),resourceRoleScopes($expand=role,scope)"
    /// The same, with the incompatibilities too: no v1.0 page shows these two expanded, so when
    /// Graph refuses them the documented per-package lists are read in `$batch`es instead.
    static let packagesWithIncompatibilitiesURL = packagesURL + ",incompatibleAccessPackages($select=id),incompatibleGroups($select=id)"

    /// A reader of the tenant `name` (as `--tenant` gave it) through `client`.
    public init(client: GraphClient, name: String) {
        self.client = client
        self.location = "graph://\(name)"
    }

    /// The organization: its id and verified domains (`GET /organization`).
    public func identity() async throws(TenantError) -> TenantIdentity {
        let organizations = try await Self.mapped { () async throws(GraphError) in try await client.list("/organization?$select=id,verifiedDomains") }
        guard let organization = organizations.first, let id = organization["id"]?.stringValue else {
            throw TenantError("Graph returned no organization for \(location)")
        }
        let domains = organization["verifiedDomains"]?.arrayValue ?? []
        let names = domains.compactMap { $0["name"]?.stringValue }
        let defaultDomain = domains.first { $0["isDefault"]?.boolValue == true }?["name"]?.stringValue ?? names.first ?? id
        return TenantIdentity(id: id, defaultDomain: defaultDomain, domains: names, myAccessHost: client.endpoints.myAccess)
    }

    /// Every entitlement object, in a handful of lists and batches.
    public func readObjects() async throws(TenantError) -> [LiveObject] {
        do {
            return try await read()
        } catch let error as GraphError {
            throw TenantError(error.description, status: error.status)
        } catch {
            throw TenantError("reading \(location) failed: \(error)")
        }
    }

    /// The objects, with independent lists read side by side. (`async let` loses typed throws, so
    /// this throws `GraphError` untyped.)
    private func read() async throws -> [LiveObject] {
        async let catalogsRead = catalogsWithResources()
        async let packagesRead = packages()
        async let organizationsRead = client.list(Self.base + "/connectedOrganizations")
        async let settingsRead = client.send("GET", Self.base + "/settings")
        let (catalogs, resources) = try await catalogsRead
        var objects = catalogs.compactMap(CatalogMapping.catalog)
        for (catalogID, items) in resources {
            objects += items.compactMap { CatalogMapping.resource($0, catalogID: catalogID) }
        }
        var packageCatalog: [String: String] = [:]
        for catalog in catalogs {
            guard let catalogID = catalog["id"]?.stringValue else { continue }
            var packages = catalog["accessPackages"]?.arrayValue ?? []
            // An expanded collection may come in pages of its own.
            if let next = catalog["accessPackages@odata.nextLink"]?.stringValue { packages += try await client.list(next) }
            for package in packages {
                if let id = package["id"]?.stringValue { packageCatalog[id] = catalogID }
            }
        }
        for package in try await packagesRead {
            let id = package["id"]?.stringValue ?? ""
            // A package whose catalog is unknown would look moved, and a move is a replace: refuse
            // to guess.
            guard let catalogID = packageCatalog[id] ?? package["catalog"]?["id"]?.stringValue else {
                throw GraphError.unexpected(
                    method: "GET", path: Self.catalogsURL,
                    reason: "access package \(id) ('\(package["displayName"]?.stringValue ?? "")') is in no catalog's accessPackages; run again in a minute")
            }
            objects += AccessPackageMapping.objects(package, catalogID: catalogID) ?? []
        }
        // Connected organizations with their sponsors (two lists each, batched).
        let organizations = try await organizationsRead
        var sponsorRequests: [GraphClient.BatchRequest] = []
        for organization in organizations {
            guard let id = organization["id"]?.stringValue else { continue }
            for relation in ["internalSponsors", "externalSponsors"] {
                sponsorRequests.append(GraphClient.BatchRequest(key: "\(relation)/\(id)", url: Self.base + "/connectedOrganizations/\(id)/\(relation)"))
            }
        }
        let sponsors = try await batchedLists(sponsorRequests)
        for organization in organizations {
            guard let id = organization["id"]?.stringValue, case .object(var members) = organization else { continue }
            members["internalSponsors"] = .array(sponsors["internalSponsors/\(id)"] ?? [])
            members["externalSponsors"] = .array(sponsors["externalSponsors/\(id)"] ?? [])
            if let object = ConnectedOrganizationMapping.organization(.object(members)) { objects.append(object) }
        }
        if let settings = try await settingsRead.body { objects.append(SettingsMapping.settings(settings)) }
        return objects
    }

    /// Every catalog, and each one's resources by catalog id: one list with the resources
    /// expanded, or, where Graph refuses that, the list without them and one documented list per
    /// catalog in `$batch`es.
    private func catalogsWithResources() async throws(GraphError) -> (catalogs: [GraphJSON], resources: [String: [GraphJSON]]) {
        var catalogs: [GraphJSON]
        var resources: [String: [GraphJSON]] = [:]
        do {
            catalogs = try await client.list(Self.catalogsWithResourcesURL)
        } catch {
            guard error.status == 400 else { throw error }
            catalogs = try await client.list(Self.catalogsURL)
        }
        var unexpanded: [GraphClient.BatchRequest] = []
        for catalog in catalogs {
            guard let id = catalog["id"]?.stringValue else { continue }
            // A catalog without the property was not expanded (an option ignored, not refused),
            // nor was one whose resources came without their roles (a nested expansion ignored):
            // its resources are read from its own list, never taken to be none or role-less.
            guard var items = catalog["resources"]?.arrayValue, items.allSatisfy({ $0["roles"]?.arrayValue != nil }) else {
                unexpanded.append(GraphClient.BatchRequest(key: id, url: Self.base + "/catalogs/\(id)/resources?$expand=roles,scopes"))
                continue
            }
            // An expanded collection may come in pages of its own.
            if let next = catalog["resources@odata.nextLink"]?.stringValue { items += try await client.list(next) }
            resources[id] = items
        }
        resources.merge(try await batchedLists(unexpanded)) { expanded, _ in expanded }
        return (catalogs, resources)
    }

    /// Every access package with what plans need of it: one list with everything expanded, or,
    /// where Graph refuses to expand the incompatibilities, the list without them and two
    /// documented lists per package in `$batch`es.
    private func packages() async throws(GraphError) -> [GraphJSON] {
        do {
            return try await client.list(Self.packagesWithIncompatibilitiesURL)
        } catch {
            guard error.status == 400 else { throw error }
        }
        var packages = try await client.list(Self.packagesURL)
        var requests: [GraphClient.BatchRequest] = []
        for package in packages {
            guard let id = package["id"]?.stringValue else { continue }
            for relation in ["incompatibleAccessPackages", "incompatibleGroups"] {
                requests.append(GraphClient.BatchRequest(key: "\(relation)/\(id)", url: Self.base + "/accessPackages/\(id)/\(relation)?$select=id"))
            }
        }
        let lists = try await batchedLists(requests)
        packages = packages.map { package in
            guard let id = package["id"]?.stringValue, case .object(var members) = package else { return package }
            members["incompatibleAccessPackages"] = .array(lists["incompatibleAccessPackages/\(id)"] ?? [])
            members["incompatibleGroups"] = .array(lists["incompatibleGroups/\(id)"] ?? [])
            return .object(members)
        }
        return packages
    }

    /// Lists read through `$batch`: each item's `value`, with its further pages followed.
    func batchedLists(_ requests: [GraphClient.BatchRequest]) async throws(GraphError) -> [String: [GraphJSON]] {
        guard !requests.isEmpty else { return [:] }
        let responses = try await client.batch(requests)
        var lists: [String: [GraphJSON]] = [:]
        for request in requests {
            guard let response = responses[request.key] else { continue }
            guard (200..<300).contains(response.status) else { throw client.failure(of: response, method: request.method, url: request.url) }
            var items = response.body?["value"]?.arrayValue ?? []
            if let next = response.body?["@odata.nextLink"]?.stringValue { items += try await client.list(next) }
            lists[request.key] = items
        }
        return lists
    }

    /// The directory objects the manifests name, fifteen names to a filter.
    public func lookUp(_ references: Set<Reference>) async throws(TenantError) -> [DirectoryObject] {
        try await Self.mapped { () async throws(GraphError) in try await DirectoryLookup(reader: self).lookUp(references) }
    }

    /// Users, groups and service principals by id (`getByIds`).
    public func directoryObjects(ids: Set<String>) async throws(TenantError) -> [DirectoryObject] {
        try await Self.mapped { () async throws(GraphError) in try await DirectoryLookup(reader: self).objects(ids: ids) }
    }

    /// Runs `body`, turning a `GraphError` into the store layer's `TenantError`.
    static func mapped<T>(_ body: () async throws(GraphError) -> T) async throws(TenantError) -> T {
        do {
            return try await body()
        } catch {
            throw TenantError(error.description, status: error.status)
        }
    }
}
