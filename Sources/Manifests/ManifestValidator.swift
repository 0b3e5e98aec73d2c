import Diagnostics
import EntitlementModel

/// Checks what no single manifest can check alone, and assembles the `DesiredState`:
/// unique names per kind, references between manifests (catalogs, connected organizations,
/// incompatible packages; `General` is built in), and external policies in catalogs that are not
/// enabled for external users.
public struct ManifestValidator: Sendable {
    /// Creates a validator.
    public init() {}

    /// Validates `manifests` together; returns the desired state and any problems.
    public func validate(_ manifests: [Manifest]) -> (state: DesiredState, diagnostics: [Diagnostic]) {
        var diagnostics: [Diagnostic] = []
        var state = DesiredState()
        // Sized once: a manifest's own address and its policies'.
        state.origins.reserveCapacity(manifests.reduce(0) { $0 + 1 + $1.policyLocations.count })
        for manifest in manifests {
            for (reference, sites) in manifest.referenceSites { state.referenceSites[reference, default: []] += sites }
            guard let address = manifest.address else {
                if case .directory(let seed) = manifest.object { state.directorySeeds.append(seed) }
                continue
            }
            // A manifest's address is never a policy's, so the origins tell the first declaration.
            if let first = state.origins[address] {
                let id: DiagnosticID = address == .settings ? .settingsDuplicate : .nameDuplicate
                let message = address == .settings ? "only one EntitlementSettings manifest may exist" : "\(address) is declared twice"
                diagnostics.append(Diagnostic(id, message, at: manifest.nameLocation, notes: [DiagnosticNote("first declared here", at: first)]))
                continue
            }
            state.origins[address] = manifest.nameLocation
            switch manifest.object {
            case .catalog(let catalog): state.catalogs.append(catalog)
            case .accessPackage(let package):
                state.accessPackages.append(package)
                for (policy, location) in manifest.policyLocations { state.origins[.policy(package: package.name, policy: policy)] = location }
            case .connectedOrganization(let organization): state.connectedOrganizations.append(organization)
            case .settings(let settings): state.settings = settings
            case .directory: break
            }
        }
        state.catalogs.sort { $0.name < $1.name }
        state.accessPackages.sort { $0.name < $1.name }
        state.connectedOrganizations.sort { $0.name < $1.name }
        diagnostics += checkReferences(state)
        diagnostics += checkExternalVisibility(state, manifests)
        return (state, diagnostics)
    }

    private func checkReferences(_ state: DesiredState) -> [Diagnostic] {
        let catalogNames = Set(state.catalogs.map(\.name)).union([Catalog.generalDisplayName])
        let packageNames = Set(state.accessPackages.map(\.name))
        let organizationNames = Set(state.connectedOrganizations.map(\.name) + state.connectedOrganizations.map(\.displayName))
        var diagnostics: [Diagnostic] = []
        for (reference, sites) in state.referenceSites {
            let known: Set<String>
            let id: DiagnosticID
            switch reference.kind {
            case .catalog: (known, id) = (catalogNames, .referenceUnknownCatalog)
            case .accessPackage: (known, id) = (packageNames, .referenceUnknownAccessPackage)
            case .connectedOrganization: (known, id) = (organizationNames, .referenceUnknownConnectedOrganization)
            default: continue
            }
            guard !known.contains(reference.name) else { continue }
            var hints: [String] = []
            if let hint = Suggestions.hint(for: reference.name, in: known) { hints.append(hint) }
            if reference.kind == .catalog { hints.append("use a Catalog manifest's metadata.name, or General for the built-in catalog") }
            for site in sites {
                diagnostics.append(Diagnostic(id, "no \(reference.kind.manifestKind) manifest is named '\(reference.name)'", at: site, hints: hints))
            }
        }
        return diagnostics
    }

    private func checkExternalVisibility(_ state: DesiredState, _ manifests: [Manifest]) -> [Diagnostic] {
        let catalogs = Dictionary(state.catalogs.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        var diagnostics: [Diagnostic] = []
        for manifest in manifests {
            guard case .accessPackage(let package) = manifest.object, let catalog = catalogs[package.catalog], !catalog.externallyVisible else { continue }
            for (policy, location) in manifest.externalScopeLocations.sorted(by: { $0.key < $1.key }) {
                diagnostics.append(
                    Diagnostic(
                        .catalogNotExternallyVisible,
                        "policy '\(policy)' admits users outside the directory, but catalog '\(catalog.name)' is not enabled for external users",
                        at: location, hints: ["set 'externallyVisible: true' on the catalog, or limit the policy to users in the directory"],
                        notes: [DiagnosticNote("catalog declared here", at: state.origins[.catalog(catalog.name)])]
                    )
                )
            }
        }
        return diagnostics
    }
}

extension Reference.Kind {
    /// The manifest kind that declares objects of this kind.
    var manifestKind: String {
        switch self {
        case .catalog: "Catalog"
        case .accessPackage: "AccessPackage"
        case .connectedOrganization: "ConnectedOrganization"
        default: rawValue
        }
    }
}
