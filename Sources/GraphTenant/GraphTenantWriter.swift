import EntitlementModel
import Foundation
import GraphMapping
import Store
import Synchronization

/// Writes a Microsoft Entra tenant through Graph v1.0, one object per step, with the shapes of the
/// v1.0 API reference: POST, PATCH and DELETE for catalogs, packages and connected organizations;
/// resource requests (`adminAdd`, `adminRemove`) for catalog resources; `resourceRoleScopes` and
/// `$ref`s for what a package grants and excludes; PUT of the whole policy (what entitle does not
/// model, such as custom extension stages, is read first and kept); PATCH of the settings.
///
/// After every step the object is read back, and the read is repeated while Graph answers 404 for
/// an object it has just made (its replicas catch up within seconds): the inventory records what
/// the tenant holds, not what was sent.
public struct GraphTenantWriter: LiveTenantWriter {
    /// The reader, whose client this writes with.
    public let reader: GraphTenantReader
    /// How long a read after a write waits for Graph's replicas to show the object.
    public let consistencyTimeout: Double
    /// Every call goes through it: the steps the engine runs side by side share `$batch`es.
    let calls: GraphBatcher
    /// Catalog resources with their roles and scopes, as this writer added or read them: what a
    /// package's role scope refers to.
    let resources = ResourceCache()

    static let base = GraphTenantReader.base

    /// A writer for the tenant `reader` reads.
    public init(reader: GraphTenantReader, consistencyTimeout: Double = 60) {
        self.reader = reader
        self.consistencyTimeout = consistencyTimeout
        self.calls = GraphBatcher(client: reader.client)
    }

    var client: GraphClient { reader.client }

    /// The consistency timeout: how long Graph may take to show what it has just made.
    public var consistencyWindow: Double { consistencyTimeout }

    /// `graph://NAME`.
    public var location: String { reader.location }

    /// The organization: its id and verified domains.
    public func identity() async throws(TenantError) -> TenantIdentity { try await reader.identity() }

    /// Every entitlement object (see `GraphTenantReader`).
    public func readObjects() async throws(TenantError) -> [LiveObject] { try await reader.readObjects() }

    /// The directory objects the manifests name.
    public func lookUp(_ references: Set<Reference>) async throws(TenantError) -> [DirectoryObject] { try await reader.lookUp(references) }

    /// Users, groups and service principals by id.
    public func directoryObjects(ids: Set<String>) async throws(TenantError) -> [DirectoryObject] { try await reader.directoryObjects(ids: ids) }

    /// Carries out one step and reads the object back.
    public func perform(_ step: TenantStep) async throws(TenantError) -> LiveObject? {
        var created: String?
        do {
            return try await perform(step, created: &created)
        } catch {
            throw TenantError(error.description, status: error.status, objectID: created)
        }
    }

    private func perform(_ step: TenantStep, created: inout String?) async throws(GraphError) -> LiveObject? {
        switch (step.kind, step.action) {
        case (_, .delete):
            try await delete(step)
            return nil
        case (.catalog, .create):
            let (id, answer) = try await create(Self.base + "/catalogs", CatalogMapping.body(step.spec)) { () async throws(GraphError) in
                try await find(Self.base + "/catalogs?$filter=" + Self.nameFilter(step.displayName), step)
            }
            created = id
            return try await settled(step.spec, answer.flatMap(CatalogMapping.catalog)) { () async throws(GraphError) in try await readCatalog(id) }
        case (.catalog, .update):
            let id = try current(step).id
            try await ignoringBody("PATCH", Self.base + "/catalogs/\(id)", CatalogMapping.body(step.spec))
            return try await settled(step.spec) { () async throws(GraphError) in try await readCatalog(id) }
        case (.catalogResource, .create):
            return try await addResource(step)
        case (.accessPackage, .create):
            let catalogID = try parent(step)
            let (id, _) = try await create(Self.base + "/accessPackages", AccessPackageMapping.body(step.spec, catalogID: catalogID)) {
                () async throws(GraphError) in try await find(Self.base + "/catalogs/\(catalogID)/accessPackages", step)
            }
            created = id
            let made = LiveObject(
                id: id, kind: .accessPackage, parentID: catalogID, displayName: step.displayName,
                spec: AccessPackageMapping.objects(["id": .string(id), "displayName": .string(step.displayName)], catalogID: catalogID)?.first?.spec ?? .null)
            return try await updatePackage(made, to: step.spec, patch: false)
        case (.accessPackage, .update):
            return try await updatePackage(try current(step), to: step.spec, patch: true)
        case (.policy, .create):
            let packageID = try parent(step)
            let (id, answer) = try await create(Self.base + "/assignmentPolicies", AssignmentPolicyMapping.body(step.spec, packageID: packageID)) {
                () async throws(GraphError) in
                let package = try await calls.send("GET", Self.base + "/accessPackages/\(packageID)?$expand=assignmentPolicies").body
                return Self.candidate(package?["assignmentPolicies"]?.arrayValue ?? [], step)
            }
            created = id
            // The 201 shows the policy as Graph holds it, but for its questions (a contained
            // navigation property), which only a read with `$expand` shows.
            let answered = answer.flatMap { AssignmentPolicyMapping.policy($0, packageID: packageID) }
            return try await settled(step.spec, answered) { () async throws(GraphError) in try await readPolicy(id, packageID: packageID) }
        case (.policy, .update):
            let object = try current(step)
            let packageID = object.parentID ?? ""
            let url = Self.base + "/assignmentPolicies/\(object.id)"
            // PUT replaces the policy: what entitle does not model is read first and sent back.
            let now = try await calls.send("GET", url + "?$expand=questions,customExtensionStageSettings")
            let body = AssignmentPolicyMapping.replacement(of: now.body ?? [:], with: step.spec, packageID: packageID)
            let answer = try await calls.send("PUT", url, body: body).body
            let answered = answer.flatMap { AssignmentPolicyMapping.policy($0, packageID: packageID) }
            return try await settled(step.spec, answered) { () async throws(GraphError) in try await readPolicy(object.id, packageID: packageID) }
        case (.connectedOrganization, .create):
            let (id, answer) = try await create(Self.base + "/connectedOrganizations", ConnectedOrganizationMapping.body(step.spec)) {
                () async throws(GraphError) in try await find(Self.base + "/connectedOrganizations?$filter=" + Self.nameFilter(step.displayName), step)
            }
            created = id
            try await setSponsors(organizationID: id, from: .null, to: step.spec)
            // The 201 shows no sponsors: it does when there are none.
            return try await settled(step.spec, answer.flatMap(ConnectedOrganizationMapping.organization)) { () async throws(GraphError) in
                try await readOrganization(id)
            }
        case (.connectedOrganization, .update):
            let object = try current(step)
            if Self.scalarsDiffer(object.spec, step.spec, ["displayName", "description", "state"]) {
                try await ignoringBody(
                    "PATCH", Self.base + "/connectedOrganizations/\(object.id)", ConnectedOrganizationMapping.body(step.spec, changing: true))
            }
            try await setSponsors(organizationID: object.id, from: object.spec, to: step.spec)
            return try await settled(step.spec) { () async throws(GraphError) in try await readOrganization(object.id) }
        case (.settings, _):
            try await ignoringBody("PATCH", Self.base + "/settings", SettingsMapping.body(step.spec))
            let body = try await calls.send("GET", Self.base + "/settings").body ?? [:]
            return SettingsMapping.settings(body)
        case (.catalogResource, .update):
            // A resource has nothing to change: it is in the catalog or it is not.
            return try current(step)
        }
    }

    // MARK: Steps

    private func delete(_ step: TenantStep) async throws(GraphError) {
        let object = try current(step)
        let url: String
        switch object.kind {
        case .catalog: url = Self.base + "/catalogs/\(object.id)"
        case .accessPackage: url = Self.base + "/accessPackages/\(object.id)"
        case .policy: url = Self.base + "/assignmentPolicies/\(object.id)"
        case .connectedOrganization: url = Self.base + "/connectedOrganizations/\(object.id)"
        case .catalogResource:
            let body: GraphJSON = [
                "requestType": "adminRemove", "resource": ["id": .string(object.id)], "catalog": ["id": .string(object.parentID ?? "")],
            ]
            // A 404: already gone (an earlier apply was cut off after its request).
            try await post(Self.base + "/resourceRequests", body) { $0.status == 404 }
            return
        case .settings:
            return
        }
        do {
            _ = try await calls.send("DELETE", url)
        } catch {
            guard error.status == 404 else { throw error }
        }
    }

    /// Adds a directory resource to a catalog and reads it back with its roles.
    private func addResource(_ step: TenantStep) async throws(GraphError) -> LiveObject? {
        let catalogID = try parent(step)
        guard let (key, originID) = CatalogMapping.origin(ofResource: step.spec[field: "resource"]) else {
            throw .unexpected(method: "POST", path: "/resourceRequests", reason: "the resource spec names no resource")
        }
        let body: GraphJSON = [
            "requestType": "adminAdd",
            "resource": ["originId": .string(originID), "originSystem": .string(CatalogMapping.originSystem(ofKey: key))],
            "catalog": ["id": .string(catalogID)],
        ]
        // A 409: already in the catalog (an earlier request landed): read it.
        try await post(Self.base + "/resourceRequests", body) { $0.status == 409 }
        let resource = try await catalogResource(catalogID: catalogID, originID: originID, waiting: true)
        if let resource { resources.put(resource, catalogID: catalogID, originID: originID) }
        return resource.flatMap { CatalogMapping.resource($0, catalogID: catalogID) }
    }

    /// A catalog's resource by origin id, with its roles and scopes; `waiting` for it to appear.
    private func catalogResource(catalogID: String, originID: String, waiting: Bool) async throws(GraphError) -> GraphJSON? {
        let filter = DirectoryLookup.encoded("originId eq '\(originID.replacingOccurrences(of: "'", with: "''"))'")
        let url = Self.base + "/catalogs/\(catalogID)/resources?$filter=\(filter)&$expand=roles,scopes"
        var patience = ConsistencyPatience(timeout: waiting ? consistencyTimeout : 0, tries: waiting ? 4 : 1)
        var delay = 0.5
        while true {
            let found = try await calls.list(url).first { $0["originId"]?.stringValue?.lowercased() == originID.lowercased() }
            if found != nil || !patience.another() { return found }
            try? await Task.sleep(for: .seconds(delay))
            delay = min(delay * 2, 8)
        }
    }

    /// Makes a package's display name, description, hidden flag, resource roles and
    /// incompatibilities those of `spec`, then reads it back.
    private func updatePackage(_ object: LiveObject, to spec: CanonicalValue, patch: Bool) async throws(GraphError) -> LiveObject? {
        let url = Self.base + "/accessPackages/\(object.id)"
        if patch, Self.scalarsDiffer(object.spec, spec, ["displayName", "description", "hidden"]) {
            try await ignoringBody("PATCH", url, AccessPackageMapping.body(spec))
        }
        let catalogID = object.parentID ?? ""
        let wanted = Set(AccessPackageMapping.resourceRoles(spec).map(Self.roleKey))
        let had = Set(AccessPackageMapping.resourceRoles(object.spec).map(Self.roleKey))
        if wanted != had, !had.subtracting(wanted).isEmpty {
            // The role scopes as they are now, for the ids of those to remove.
            let scopes = try await calls.list(url + "/resourceRoleScopes?$expand=role,scope")
            for scope in scopes {
                let role = AccessPackageMapping.ResourceRole(
                    key: CatalogMapping.resourceKey(originSystem: scope["scope"]?["originSystem"]?.stringValue ?? ""),
                    originID: scope["scope"]?["originId"]?.stringValue ?? "", role: scope["role"]?["displayName"]?.stringValue ?? "")
                if !wanted.contains(Self.roleKey(role)), let id = scope["id"]?.stringValue {
                    try await ignoringBody("DELETE", url + "/resourceRoleScopes/\(id)", nil, missingIsDone: true)
                }
            }
        }
        for role in AccessPackageMapping.resourceRoles(spec) where !had.contains(Self.roleKey(role)) {
            try await addRoleScope(role, packageURL: url, catalogID: catalogID)
        }
        let (wantedPackages, wantedGroups) = AccessPackageMapping.incompatibilities(spec)
        let (hadPackages, hadGroups) = AccessPackageMapping.incompatibilities(object.spec)
        let graph = client.endpoints.graph + "/v1.0"
        for id in wantedPackages.subtracting(hadPackages).sorted() {
            try await post(
                url + "/incompatibleAccessPackages/$ref", ["@odata.id": .string(graph + Self.base + "/accessPackages/\(id)")], alreadyDone: Self.alreadyExists)
        }
        for id in hadPackages.subtracting(wantedPackages).sorted() {
            try await ignoringBody("DELETE", url + "/incompatibleAccessPackages/\(id)/$ref", nil, missingIsDone: true)
        }
        for id in wantedGroups.subtracting(hadGroups).sorted() {
            try await post(url + "/incompatibleGroups/$ref", ["@odata.id": .string(graph + "/groups/\(id)")], alreadyDone: Self.alreadyExists)
        }
        for id in hadGroups.subtracting(wantedGroups).sorted() {
            try await ignoringBody("DELETE", url + "/incompatibleGroups/\(id)/$ref", nil, missingIsDone: true)
        }
        return try await settled(spec) { () async throws(GraphError) in try await readPackage(object.id, catalogID: catalogID) }
    }

    static func roleKey(_ role: AccessPackageMapping.ResourceRole) -> String { "\(role.originID.lowercased())/\(role.role)" }

    /// Grants a resource role: the role and the root scope come from the catalog's resource.
    private func addRoleScope(_ role: AccessPackageMapping.ResourceRole, packageURL: String, catalogID: String) async throws(GraphError) {
        var known = resources.get(catalogID: catalogID, originID: role.originID)
        if known == nil {
            known = try await catalogResource(catalogID: catalogID, originID: role.originID, waiting: true)
            if let known { resources.put(known, catalogID: catalogID, originID: role.originID) }
        }
        guard let resource = known else {
            throw .unexpected(
                method: "POST", path: packageURL + "/resourceRoleScopes", reason: "\(role.originID) is not a resource of catalog \(catalogID)")
        }
        guard let resourceRole = resource["roles"]?.arrayValue.first(where: { $0["displayName"]?.stringValue == role.role }) else {
            throw .unexpected(
                method: "POST", path: packageURL + "/resourceRoleScopes",
                reason: "the resource \(role.originID) in catalog \(catalogID) has no role '\(role.role)'")
        }
        let scopes = resource["scopes"]?.arrayValue ?? []
        let scope = scopes.first { $0["isRootScope"]?.boolValue == true } ?? scopes.first ?? [:]
        let originSystem = resource["originSystem"]?.stringValue ?? resourceRole["originSystem"]?.stringValue ?? ""
        let body: GraphJSON = [
            "role": [
                "id": resourceRole["id"] ?? .null, "originId": resourceRole["originId"] ?? .null, "originSystem": .string(originSystem),
                "resource": ["id": resource["id"] ?? .null],
            ],
            "scope": ["id": scope["id"] ?? .null, "originId": scope["originId"] ?? .null, "originSystem": .string(originSystem)],
        ]
        // A 409: granted already (an earlier request landed).
        try await post(packageURL + "/resourceRoleScopes", body) { $0.status == 409 }
    }

    /// Adds and removes internal and external sponsors (`$ref`s) from `before`'s to `spec`'s.
    private func setSponsors(organizationID: String, from before: CanonicalValue, to spec: CanonicalValue) async throws(GraphError) {
        let url = Self.base + "/connectedOrganizations/\(organizationID)"
        let graph = client.endpoints.graph + "/v1.0"
        for relation in ["internalSponsors", "externalSponsors"] {
            let wanted = ConnectedOrganizationMapping.sponsors(spec[field: relation])
            let had = ConnectedOrganizationMapping.sponsors(before[field: relation])
            for id in wanted.subtracting(had).sorted() {
                try await post(url + "/\(relation)/$ref", ["@odata.id": .string(graph + "/directoryObjects/\(id)")], alreadyDone: Self.alreadyExists)
            }
            for id in had.subtracting(wanted).sorted() {
                try await ignoringBody("DELETE", url + "/\(relation)/\(id)/$ref", nil, missingIsDone: true)
            }
        }
    }

    // MARK: Reading back

    /// The object read back once it shows what was written (`wanted`): parts of it (role scopes,
    /// references) may take a while to show everywhere. After the consistency timeout, what it
    /// shows then; the next plan says what differs.
    ///
    /// `answered` is the object as the write's own answer shows it (a 201 or 200 with the
    /// object): when that already shows everything written, nothing more is read.
    private func settled(
        _ wanted: CanonicalValue, _ answered: LiveObject? = nil, _ read: () async throws(GraphError) -> LiveObject?
    ) async throws(GraphError) -> LiveObject? {
        if let answered, answered.spec == wanted { return answered }
        var patience = ConsistencyPatience(timeout: consistencyTimeout)
        var delay = 0.25
        while true {
            let object = try await read()
            if object?.spec == wanted || !patience.another() { return object }
            try? await Task.sleep(for: .seconds(delay))
            delay = min(delay * 2, 8)
        }
    }

    private func readCatalog(_ id: String) async throws(GraphError) -> LiveObject? {
        CatalogMapping.catalog(try await readAfterWrite(Self.base + "/catalogs/\(id)"))
    }

    private func readPolicy(_ id: String, packageID: String) async throws(GraphError) -> LiveObject? {
        AssignmentPolicyMapping.policy(try await readAfterWrite(Self.base + "/assignmentPolicies/\(id)?$expand=questions"), packageID: packageID)
    }

    private func readPackage(_ id: String, catalogID: String) async throws(GraphError) -> LiveObject? {
        let url = Self.base + "/accessPackages/\(id)?$expand=resourceRoleScopes($expand=role,scope)"
        var package: GraphJSON
        do {
            package = try await readAfterWrite(url + ",incompatibleAccessPackages($select=id),incompatibleGroups($select=id)")
        } catch {
            // Graph refuses to expand the incompatibilities: their documented lists instead.
            guard error.status == 400 else { throw error }
            package = try await readAfterWrite(url)
            if case .object(var members) = package {
                for relation in ["incompatibleAccessPackages", "incompatibleGroups"] {
                    members[relation] = .array(try await calls.list(Self.base + "/accessPackages/\(id)/\(relation)?$select=id"))
                }
                package = .object(members)
            }
        }
        return AccessPackageMapping.objects(package, catalogID: catalogID)?.first
    }

    private func readOrganization(_ id: String) async throws(GraphError) -> LiveObject? {
        let url = Self.base + "/connectedOrganizations/\(id)"
        guard case .object(var members) = try await readAfterWrite(url) else { return nil }
        for relation in ["internalSponsors", "externalSponsors"] { members[relation] = .array(try await calls.list(url + "/\(relation)")) }
        return ConnectedOrganizationMapping.organization(.object(members))
    }

    /// GET `url`, repeated while Graph answers 404 for an object it has just made, up to the
    /// consistency timeout.
    private func readAfterWrite(_ url: String) async throws(GraphError) -> GraphJSON {
        var patience = ConsistencyPatience(timeout: consistencyTimeout)
        var delay = 0.25
        while true {
            do {
                return try await calls.send("GET", url).body ?? [:]
            } catch {
                guard error.status == 404, patience.another() else { throw error }
                try? await Task.sleep(for: .seconds(delay))
                delay = min(delay * 2, 8)
            }
        }
    }

    // MARK: Calls

    /// POSTs a new object and returns the id Graph gave it.
    ///
    /// A POST that Graph answers 404 for (its parent, made moments ago, not yet everywhere) made
    /// nothing, so it is sent again within the consistency timeout. One whose outcome is unknown
    /// (a 5xx, a broken connection) may have made the object: once Graph would show it, `find`
    /// looks for it, and only if it is not there is the POST sent again. Nothing is made twice.
    /// Returns the id, and the answer's body (none when the object was found).
    private func create(_ url: String, _ body: GraphJSON, find: () async throws(GraphError) -> String?) async throws(GraphError) -> (
        id: String, answer: GraphJSON?
    ) {
        var patience = ConsistencyPatience(timeout: consistencyTimeout)
        var delay = 0.25
        var unknown = 0
        while true {
            let response: GraphClient.Response
            do throws(GraphError) {
                response = try await calls.send("POST", url, body: body)
            } catch {
                if error.status == 404, patience.another() {
                    try? await Task.sleep(for: .seconds(delay))
                    delay = min(delay * 2, 8)
                    continue
                }
                guard Self.isUnknownOutcome(error), unknown < 3 else { throw error }
                unknown += 1
                try? await Task.sleep(for: .seconds(consistencyTimeout))
                if let id = try await find() { return (id, nil) }
                continue
            }
            guard let id = response.body?["id"]?.stringValue else {
                throw GraphError.unexpected(method: "POST", path: url, reason: "the answer (\(response.status)) holds no id")
            }
            return (id, response.body)
        }
    }

    /// The object a create whose outcome was unknown made, among `url`'s: the one with the step's
    /// display name that was not there before.
    private func find(_ url: String, _ step: TenantStep) async throws(GraphError) -> String? {
        Self.candidate(try await calls.list(url), step)
    }

    static func candidate(_ objects: [GraphJSON], _ step: TenantStep) -> String? {
        objects.compactMap { object -> String? in
            guard object["displayName"]?.stringValue == step.displayName, let id = object["id"]?.stringValue, !step.namesakes.contains(id) else { return nil }
            return id
        }.min()
    }

    /// `displayName eq '…'`, quoted and encoded for a URL.
    static func nameFilter(_ name: String) -> String {
        DirectoryLookup.encoded("displayName eq '\(name.replacingOccurrences(of: "'", with: "''"))'")
    }

    /// Whether a call may or may not have landed: a server error or a broken connection.
    static func isUnknownOutcome(_ error: GraphError) -> Bool {
        switch error {
        case .transport: true
        case .http(let failure): [500, 502, 503, 504].contains(failure.status)
        default: false
        }
    }

    /// Whether a `$ref` POST failed because the reference is there already.
    static func alreadyExists(_ error: GraphError) -> Bool {
        guard case .http(let failure) = error else { return false }
        return failure.status == 409 || (failure.status == 400 && failure.message.lowercased().contains("already exist"))
    }

    /// A POST that is safe to send again, since sending it twice is found out (`alreadyDone`: a
    /// 409 for a role scope made already, say): sent again while its outcome is unknown.
    /// A 404 (what it refers to was made moments ago and is not yet everywhere) made nothing: it
    /// is sent again within the consistency timeout.
    private func post(_ url: String, _ body: GraphJSON, alreadyDone: (GraphError) -> Bool) async throws(GraphError) {
        var patience = ConsistencyPatience(timeout: consistencyTimeout)
        var attempt = 0
        while true {
            do throws(GraphError) {
                _ = try await calls.send("POST", url, body: body)
                return
            } catch {
                if alreadyDone(error) { return }
                if error.status == 404, patience.another() {
                    try? await Task.sleep(for: .seconds(0.5))
                    continue
                }
                guard Self.isUnknownOutcome(error), attempt < 4 else { throw error }
                attempt += 1
                try? await Task.sleep(for: .seconds(Double(attempt)))
            }
        }
    }

    /// A call whose answer carries nothing entitle needs. `missingIsDone`: a 404 means it is done
    /// already (a reference removed by an earlier, cut-off apply).
    private func ignoringBody(_ method: String, _ url: String, _ body: GraphJSON?, missingIsDone: Bool = false) async throws(GraphError) {
        do {
            _ = try await calls.send(method, url, body: body)
        } catch {
            guard missingIsDone, error.status == 404 else { throw error }
        }
    }

    private func current(_ step: TenantStep) throws(GraphError) -> LiveObject {
        guard let current = step.current else {
            throw .unexpected(method: step.action.rawValue, path: step.kind.rawValue, reason: "the step names no current object")
        }
        return current
    }

    private func parent(_ step: TenantStep) throws(GraphError) -> String {
        guard let parent = step.parentID else {
            throw .unexpected(method: step.action.rawValue, path: step.kind.rawValue, reason: "the step names no parent object")
        }
        return parent
    }

    static func scalarsDiffer(_ before: CanonicalValue, _ after: CanonicalValue, _ names: [String]) -> Bool {
        names.contains { before[field: $0] != after[field: $0] }
    }
}

/// How long to keep asking for an object Graph has just made: until the consistency timeout, and
/// at least a few times, since an answer can arrive late (a `$batch` answers when all its requests
/// have, throttled ones included) and say 404 for a moment long past.
struct ConsistencyPatience {
    let deadline: Date
    let tries: Int
    var asked = 0

    init(timeout: Double, tries: Int = 4) {
        deadline = Date().addingTimeInterval(timeout)
        self.tries = tries
    }

    /// Whether to ask again after an answer that did not show the object.
    mutating func another() -> Bool {
        asked += 1
        return Date() < deadline || asked < tries
    }
}

/// Catalog resources by catalog and origin id, shared by the steps of an apply.
final class ResourceCache: Sendable {
    private let byKey = Mutex<[String: GraphJSON]>([:])

    func get(catalogID: String, originID: String) -> GraphJSON? { byKey.withLock { $0["\(catalogID)/\(originID.lowercased())"] } }

    func put(_ resource: GraphJSON, catalogID: String, originID: String) { byKey.withLock { $0["\(catalogID)/\(originID.lowercased())"] = resource } }
}
