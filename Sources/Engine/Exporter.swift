import EntitlementModel
import Manifests
import Planner

/// One manifest file `entitle export` writes.
public struct ExportedFile: Hashable, Sendable {
    /// The file name.
    public var name: String
    /// The YAML text.
    public var text: String
}

/// What `entitle export` produces.
public struct ExportResult: Sendable {
    /// The manifest files, one per object (policies inside their package), plus the directory.
    public var files: [ExportedFile]
    /// `entitle import ADDRESS OBJECT-ID` for every exported object entitle does not manage yet.
    public var importCommands: [String]
}

/// Turns a store snapshot into manifests that plan clean against it: one file per object (a
/// package's policies inside its file), stable names (a managed object keeps its address; an
/// unmanaged one gets a name made from its display name), references by name rather than id, and
/// fields in canonical order.
public enum Exporter {
    /// The file name of the schema the modelines point at.
    public static let schemaFileName = "entitle.schema.json"

    /// Exports every object of `snapshot`, managed or not (the built-in catalog excepted: it is in
    /// every store).
    public static func export(_ snapshot: StoreSnapshot) -> ExportResult {
        let header = ManifestEmitter.modeline(schemaPath: schemaFileName)
        let inventory = Dictionary(snapshot.inventory.map { ($0.objectID, $0.address) }, uniquingKeysWith: { first, _ in first })
        var names = Names()
        // Managed objects keep their names; unmanaged ones get names that collide with none of them.
        for entry in snapshot.inventory {
            switch entry.address {
            case .catalog(let name), .accessPackage(let name), .connectedOrganization(let name): names.reserve(entry.objectID, name, kind: entry.address.kind)
            case .policy(_, let policy): names.reserve(entry.objectID, policy, kind: .policy, scope: entry.objectID)
            default: break
            }
        }
        let objects = snapshot.objects.sorted { ($0.kind, $0.displayName, $0.id) < ($1.kind, $1.displayName, $1.id) }
        for object in objects where inventory[object.id] == nil && !object.isBuiltIn {
            switch object.kind {
            case .catalog, .accessPackage, .connectedOrganization: names.assign(object.id, displayName: object.displayName, kind: object.kind)
            case .policy: names.assign(object.id, displayName: object.displayName, kind: .policy, scope: object.parentID ?? "")
            case .catalogResource, .settings: break
            }
        }
        for object in objects where object.isBuiltIn && object.kind == .catalog { names.fixed(object.id, Catalog.generalDisplayName) }

        let directory = DirectoryNames(snapshot.directory)
        func manifestForm(_ spec: CanonicalValue) -> CanonicalValue {
            ReferenceRewriter.rewrite(spec) { kind, id in
                switch kind {
                case .catalog, .accessPackage, .connectedOrganization: names.name(of: id)
                case .user, .group, .application, .servicePrincipal, .site: directory.name(of: id)
                }
            }
        }

        var files: [ExportedFile] = []
        var imports: [String] = []
        func adopt(_ object: LiveObject, _ address: ObjectAddress) {
            if inventory[object.id] == nil { imports.append("entitle import \(address) \(object.id)") }
        }
        let children = Dictionary(grouping: snapshot.objects.filter { $0.parentID != nil }, by: { $0.parentID ?? "" })
        for object in objects where !object.isBuiltIn || object.kind == .settings {
            switch object.kind {
            case .catalog:
                guard let name = names.name(of: object.id) else { continue }
                var spec = manifestForm(object.spec)
                let resources = (children[object.id] ?? []).filter { $0.kind == .catalogResource }.compactMap { manifestForm($0.spec)[field: "resource"] }
                spec = spec.settingField("resources", .unordered(resources))
                files.append(
                    ExportedFile(name: "catalog-\(name).yaml", text: ManifestEmitter.document(kind: "Catalog", name: name, spec: spec, header: header)))
                adopt(object, .catalog(name))
            case .accessPackage:
                guard let name = names.name(of: object.id) else { continue }
                let policies = (children[object.id] ?? []).filter { $0.kind == .policy }.sorted { $0.displayName < $1.displayName }
                    .compactMap { policy -> (name: String, spec: CanonicalValue)? in
                        guard let policyName = names.name(of: policy.id) else { return nil }
                        adopt(policy, .policy(package: name, policy: policyName))
                        return (policyName, manifestForm(policy.spec))
                    }
                let text = ManifestEmitter.accessPackage(name: name, spec: manifestForm(object.spec), policies: policies, header: header)
                files.append(ExportedFile(name: "access-package-\(name).yaml", text: text))
                adopt(object, .accessPackage(name))
            case .connectedOrganization:
                guard let name = names.name(of: object.id) else { continue }
                let text = ManifestEmitter.document(kind: "ConnectedOrganization", name: name, spec: manifestForm(object.spec), header: header)
                files.append(ExportedFile(name: "connected-organization-\(name).yaml", text: text))
                adopt(object, .connectedOrganization(name))
            case .settings:
                files.append(
                    ExportedFile(
                        name: "settings.yaml",
                        text: ManifestEmitter.document(kind: "EntitlementSettings", name: "tenant", spec: object.spec, header: header)))
                adopt(object, .settings)
            case .policy, .catalogResource:
                break
            }
        }
        if !snapshot.directory.isEmpty {
            files.append(ExportedFile(name: "directory.yaml", text: ManifestEmitter.directory(snapshot.directory, header: header)))
        }
        // Packages before their policies, so each policy's package is managed when it is imported.
        let order: (String) -> Int = { $0.contains(".policy.") ? 1 : 0 }
        imports.sort { order($0) != order($1) ? order($0) < order($1) : $0 < $1 }
        return ExportResult(files: files.sorted { $0.name < $1.name }, importCommands: imports)
    }

    /// Manifest names for store objects.
    private struct Names {
        private var byID: [String: String] = [:]
        private var taken: Set<String> = []

        mutating func reserve(_ id: String, _ name: String, kind: ObjectKind, scope: String = "") {
            byID[id] = name
            taken.insert(key(kind, scope, name))
        }

        mutating func fixed(_ id: String, _ name: String) { byID[id] = name }

        /// A DNS-label name from the display name, made unique with `-2`, `-3`…
        mutating func assign(_ id: String, displayName: String, kind: ObjectKind, scope: String = "") {
            var base = String(
                String(displayName.lowercased().map { $0.isASCII && ($0.isLetter || $0.isNumber) ? $0 : "-" })
                    .split(separator: "-").joined(separator: "-").prefix(56))
            while base.hasSuffix("-") { base.removeLast() }
            if base.isEmpty { base = kind.rawValue.lowercased() }
            var name = base
            var counter = 2
            while taken.contains(key(kind, scope, name)) {
                name = "\(base)-\(counter)"
                counter += 1
            }
            reserve(id, name, kind: kind, scope: scope)
        }

        func name(of id: String) -> String? { byID[id] }

        private func key(_ kind: ObjectKind, _ scope: String, _ name: String) -> String { "\(kind.rawValue)/\(scope)/\(name)" }
    }

    /// How manifests name directory objects: users by UPN, sites by URL, groups and applications by
    /// display name — by object id where a display name is shared.
    private struct DirectoryNames {
        private var byID: [String: String] = [:]

        init(_ directory: [DirectoryObject]) {
            var counts: [String: Int] = [:]
            for object in directory { counts["\(object.kind.rawValue)/\(object.displayName)", default: 0] += 1 }
            for object in directory {
                switch object.kind {
                case .user: byID[object.id] = object.userPrincipalName ?? object.id
                case .site: byID[object.id] = object.url ?? object.id
                case .group, .application:
                    byID[object.id] = counts["\(object.kind.rawValue)/\(object.displayName)"] == 1 ? object.displayName : object.id
                }
            }
        }

        func name(of id: String) -> String? { byID[id] }
    }
}

extension CanonicalValue {
    /// An object with field `name` set to `value` (appended if absent).
    func settingField(_ name: String, _ value: CanonicalValue) -> CanonicalValue {
        guard case .object(var fields) = self else { return self }
        if let index = fields.firstIndex(where: { $0.name == name }) {
            fields[index].value = value
        } else {
            fields.append(CanonicalField(name: name, value: value))
        }
        return .object(fields)
    }
}
