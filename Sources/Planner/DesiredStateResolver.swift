import Diagnostics
import EntitlementModel

/// Resolves the names a desired state uses against a store's directory, and lays the state out as
/// plan-form objects, including the catalog resources its packages need.
///
/// Users are found by UPN, display name or object id, groups and applications by display name or object id,
/// sites by URL or object id. An unknown or ambiguous name is a diagnostic at every place the
/// manifests write it, with the closest names the directory has.
public struct DesiredStateResolver: Sendable {
    private let directory: [DirectoryObject]
    private let byID: [String: DirectoryObject]
    /// Per kind and key (0: UPN, URL or display name; 1: a user's display name), exact and lowercased.
    private let exact: [IndexKey: [DirectoryObject]]
    private let folded: [IndexKey: [DirectoryObject]]
    private let candidates: [DirectoryObject.Kind: [String]]
    private let source: DirectorySource

    private struct IndexKey: Hashable {
        var kind: DirectoryObject.Kind
        var key: Int
        var text: String
    }

    /// Creates a resolver over a store's directory, indexing it once so each name is found in constant time.
    public init(directory: [DirectoryObject], source: DirectorySource = .store) {
        self.directory = directory
        self.source = source
        self.byID = Dictionary(directory.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        var exact: [IndexKey: [DirectoryObject]] = [:]
        var folded: [IndexKey: [DirectoryObject]] = [:]
        var candidates: [DirectoryObject.Kind: [String]] = [:]
        for object in directory {
            for (key, text) in Self.keys(of: object).enumerated() {
                guard let text else { continue }
                exact[IndexKey(kind: object.kind, key: key, text: text), default: []].append(object)
                folded[IndexKey(kind: object.kind, key: key, text: text.lowercased()), default: []].append(object)
            }
            if let name = object.kind == .user ? object.userPrincipalName : (object.kind == .site ? object.url : object.displayName) {
                candidates[object.kind, default: []].append(name)
            }
        }
        self.exact = exact
        self.folded = folded
        self.candidates = candidates
    }

    /// The names an object is found by, in order of preference: users by UPN then display name,
    /// sites by URL, groups and applications by display name.
    private static func keys(of object: DirectoryObject) -> [String?] {
        switch object.kind {
        case .user: [object.userPrincipalName?.lowercased(), object.displayName]
        case .site: [object.url.map(normalizedURL)]
        case .group, .application: [object.displayName]
        }
    }

    /// The resolved state, or the diagnostics explaining why names do not resolve.
    public func resolve(_ state: DesiredState) -> (state: ResolvedDesiredState?, diagnostics: [Diagnostic]) {
        var diagnostics: [Diagnostic] = []
        var resolved: [Reference: DirectoryObject] = [:]
        // Directory references only, in a stable order: each one's text is made once for the sort.
        let directoryReferences = state.referenceSites.compactMap { reference, sites in
            directoryKind(of: reference.kind).map { (text: reference.description, reference: reference, kind: $0, sites: sites) }
        }
        for (_, reference, kind, sites) in directoryReferences.sorted(by: { $0.text < $1.text }) {
            switch lookUp(reference.name, kind: kind) {
            case .found(let object): resolved[reference] = object
            case .unknown(let candidates):
                for site in sites {
                    var hints: [String] = []
                    if let hint = Suggestions.hint(for: reference.name, in: candidates) { hints.append(hint) }
                    let message: String
                    switch source {
                    case .tenant(let location):
                        message = "\(reference) was not found in \(location)"
                        hints.append(Self.lookupHint(kind))
                    case .store:
                        message = "\(reference) is not in the store's directory"
                        if let file = state.directorySeeds.compactMap(\.file).first {
                            hints.append("the manifests include a Directory seed; load it with: entitle directory load \(file)")
                        } else {
                            hints.append("load the directory first: entitle directory load FILE")
                        }
                    }
                    diagnostics.append(Diagnostic(.referenceUnknownDirectoryObject, message, at: site, hints: hints))
                }
            case .ambiguous(let matches):
                for site in sites {
                    diagnostics.append(
                        Diagnostic(
                            .referenceAmbiguous, "\(reference) matches \(matches.count) \(kind.rawValue)s in the store's directory",
                            at: site, hints: ["refer to one by object id: " + matches.map { "\($0.id) (\($0.label))" }.joined(separator: ", ")]))
                }
            }
        }
        diagnostics += roleDiagnostics(state, resolved: resolved)
        guard !diagnostics.containsErrors else { return (nil, diagnostics) }

        // Connected organizations by manifest name first, then by a display name only one of them has.
        var organizationNames: [String: String] = [:]
        let byDisplayName = Dictionary(grouping: state.connectedOrganizations, by: \.displayName)
        for (displayName, organizations) in byDisplayName where organizations.count == 1 { organizationNames[displayName] = organizations[0].name }
        for organization in state.connectedOrganizations { organizationNames[organization.name] = organization.name }
        for (reference, sites) in state.referenceSites where reference.kind == .connectedOrganization {
            guard !state.connectedOrganizations.contains(where: { $0.name == reference.name }),
                let matches = byDisplayName[reference.name], matches.count > 1
            else { continue }
            for site in sites {
                diagnostics.append(
                    Diagnostic(
                        .referenceAmbiguous, "\(reference) matches \(matches.count) connected organizations by display name", at: site,
                        hints: ["refer to one by its manifest name: " + matches.map(\.name).sorted().joined(separator: ", ")]))
            }
        }
        guard !diagnostics.containsErrors else { return (nil, diagnostics) }
        let names = organizationNames
        // Only the ids: a lookup then copies a string, not a whole directory object.
        let ids = resolved.mapValues(\.id)
        /// Directory names to object ids, connected organizations' display names to manifest names.
        let resolve: @Sendable (Reference.Kind, String) -> String? = { kind, name in
            if kind == .connectedOrganization { return names[name] }
            return ids[Reference(kind, name)]
        }

        // Sized once for the declared objects and a catalog resource per package's role.
        let expected = state.objectCount + state.accessPackages.reduce(0) { $0 + $1.resourceRoles.count }
        var objects: [DesiredObject] = []
        objects.reserveCapacity(expected)
        var positions: [ObjectAddress: Int] = [:]
        positions.reserveCapacity(expected)
        func insert(_ object: DesiredObject) {
            if let position = positions[object.address] {
                objects[position] = object
            } else {
                positions[object.address] = objects.count
                objects.append(object)
            }
        }
        func add(_ address: ObjectAddress, _ displayName: String, _ spec: CanonicalValue) {
            insert(DesiredObject(address: address, displayName: displayName, origin: state.origins[address], written: { spec }, resolve: resolve))
        }
        func addResource(_ resource: ResourceReference, catalog: String) {
            guard let object = resolved[reference(for: resource)] else { return }
            let address = ObjectAddress.catalogResource(catalog: catalog, resource: object.id)
            guard positions[address] == nil else { return }
            let spec = CanonicalValue.fields(["resource": .object([CanonicalField(name: resource.key, value: .string(object.id))])])
            let origin = state.referenceSites[reference(for: resource)]?.first
            insert(DesiredObject(address: address, displayName: object.displayName, spec: spec, origin: origin))
        }
        for catalog in state.catalogs {
            add(.catalog(catalog.name), catalog.displayName, catalog.canonicalValue.removingField("resources"))
            for resource in catalog.resources { addResource(resource, catalog: catalog.name) }
        }
        // Packages and their policies are most of the objects: their specs are made when the
        // planner asks, on every core, and not kept. Their catalog resources are added in order
        // after them (the first package to need one is its origin).
        for package in state.accessPackages {
            let address = ObjectAddress.accessPackage(package.name)
            insert(
                DesiredObject(
                    address: address, displayName: package.displayName, origin: state.origins[address], written: { package.canonicalValue },
                    resolve: resolve))
            for policy in package.policies {
                let address = ObjectAddress.policy(package: package.name, policy: policy.name)
                insert(
                    DesiredObject(
                        address: address, displayName: policy.displayName, origin: state.origins[address], written: { policy.canonicalValue },
                        resolve: resolve))
            }
        }
        for package in state.accessPackages {
            for role in package.resourceRoles { addResource(role.resource, catalog: package.catalog) }
        }
        for organization in state.connectedOrganizations {
            add(.connectedOrganization(organization.name), organization.displayName, organization.canonicalValue)
        }
        if let settings = state.settings { add(.settings, "Entitlement management settings", settings.canonicalValue) }

        var labels: [String: String] = [:]
        for object in resolved.values { labels[object.id] = "\(object.kind.rawValue) '\(object.label)'" }
        return (ResolvedDesiredState(objects: objects, positions: positions, labels: labels), diagnostics)
    }

    /// How a live tenant is searched for a name of `kind`, so the person can tell a typo from a
    /// missing object.
    private static func lookupHint(_ kind: DirectoryObject.Kind) -> String {
        switch kind {
        case .user: "users are looked up by user principal name (or display name, or object id), exactly"
        case .group: "groups are looked up by display name (or object id), exactly; check the spelling in the tenant"
        case .application: "applications are looked up by their service principal's display name (or object id), exactly"
        case .site: "sites are looked up by URL (https://HOST/sites/NAME)"
        }
    }

    private func reference(for resource: ResourceReference) -> Reference {
        switch resource {
        case .group(let name): Reference(.group, name)
        case .application(let name): Reference(.application, name)
        case .site(let name): Reference(.site, name)
        }
    }

    private func roleDiagnostics(_ state: DesiredState, resolved: [Reference: DirectoryObject]) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        for package in state.accessPackages {
            for role in package.resourceRoles {
                let reference = reference(for: role.resource)
                guard let object = resolved[reference], object.rolesKnown, !object.grantableRoles.contains(role.role) else { continue }
                let offered = object.grantableRoles
                var hints = ["\(object.kind.rawValue) '\(object.label)' offers: " + (offered.isEmpty ? "no roles" : offered.joined(separator: ", "))]
                if let hint = Suggestions.hint(for: role.role, in: offered) { hints.insert(hint, at: 0) }
                if object.kind == .group, object.dynamic, role.role == "Member" {
                    hints.append("membership of a dynamic group is set by its rule; only Owner can be granted")
                }
                diagnostics.append(
                    Diagnostic(
                        .referenceUnknownRole, "role '\(role.role)' is not offered by \(object.kind.rawValue) '\(object.label)'",
                        at: state.referenceSites[reference]?.first ?? state.origins[.accessPackage(package.name)], hints: hints))
            }
        }
        return diagnostics
    }

    private func directoryKind(of kind: Reference.Kind) -> DirectoryObject.Kind? {
        switch kind {
        case .user: .user
        case .group: .group
        case .application, .servicePrincipal: .application
        case .site: .site
        case .connectedOrganization, .catalog, .accessPackage: nil
        }
    }

    private enum LookUp {
        case found(DirectoryObject)
        case unknown(candidates: [String])
        case ambiguous([DirectoryObject])
    }

    private func lookUp(_ name: String, kind: DirectoryObject.Kind) -> LookUp {
        if let object = byID[name], object.kind == kind { return .found(object) }
        let keyCount = kind == .user ? 2 : 1
        for key in 0..<keyCount {
            let wanted = kind == .site ? Self.normalizedURL(name) : (kind == .user && key == 0 ? name.lowercased() : name)
            var matches = exact[IndexKey(kind: kind, key: key, text: wanted)] ?? []
            if matches.isEmpty { matches = folded[IndexKey(kind: kind, key: key, text: wanted.lowercased())] ?? [] }
            switch matches.count {
            case 0: continue
            case 1: return .found(matches[0])
            default: return .ambiguous(matches.sorted { $0.id < $1.id })
            }
        }
        return .unknown(candidates: candidates[kind] ?? [])
    }

    /// A site URL compared without case or a trailing slash.
    static func normalizedURL(_ url: String) -> String {
        var url = url.lowercased()
        while url.hasSuffix("/") { url.removeLast() }
        return url
    }
}

extension CanonicalValue {
    /// An object without the field `name`.
    func removingField(_ name: String) -> CanonicalValue {
        guard case .object(let fields) = self else { return self }
        return .object(fields.filter { $0.name != name })
    }
}
