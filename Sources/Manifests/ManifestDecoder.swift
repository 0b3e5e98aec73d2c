import Diagnostics
import EntitlementModel
import YAMLSource

/// Turns YAML documents into typed manifests, reporting every problem with its place.
///
/// Checks that need only the document itself (field shapes, enum values, durations, approval
/// stages, scopes and targets, questions) happen here, where the source ranges are at hand;
/// checks across manifests (unique names, references) belong to `ManifestValidator`.
public struct ManifestDecoder: Sendable {
    /// The only `apiVersion` this release reads.
    public static let apiVersion = "entitle/v1"

    /// The time the manifests are read at, for warnings about dates already past; `nil` checks
    /// no dates against the clock (the decoder itself never reads one).
    public var now: ISODateTime?

    /// Creates a decoder.
    public init(now: ISODateTime? = nil) { self.now = now }

    /// Decodes one document; `manifest` is `nil` when the document is too broken to use.
    public func decode(_ document: YAMLDocument) -> (manifest: Manifest?, diagnostics: [Diagnostic]) {
        let context = DecodingContext(file: document.file, now: now)
        let manifest = decode(document.root, context)
        guard var manifest else { return (nil, context.diagnostics) }
        manifest.referenceSites = context.referenceSites
        return (manifest, context.diagnostics)
    }

    private func decode(_ root: YAMLNode, _ context: DecodingContext) -> Manifest? {
        guard case .mapping(let entries) = root.content else {
            context.report(
                .manifestType, "expected a manifest (a mapping with apiVersion, kind, metadata and spec), found \(root.kindDescription)", at: root.range)
            return nil
        }
        guard let apiVersionEntry = entries.entry("apiVersion") else {
            context.report(
                .manifestAPIVersion, "missing 'apiVersion'; entitle manifests start with 'apiVersion: \(Self.apiVersion)'",
                at: SourceRange(start: root.range.start))
            return nil
        }
        guard case .scalar(let apiVersion) = apiVersionEntry.value.content, apiVersion.value == Self.apiVersion else {
            context.report(
                .manifestAPIVersion, "unsupported apiVersion; expected '\(Self.apiVersion)'", at: apiVersionEntry.value.range,
                hints: ["every YAML file under a manifest path must be an entitle manifest; move other YAML elsewhere"]
            )
            return nil
        }
        guard let kindEntry = entries.entry("kind") else {
            context.report(.manifestKind, "missing 'kind'; one of \(Manifest.kinds.joined(separator: ", "))", at: SourceRange(start: root.range.start))
            return nil
        }
        guard case .scalar(let kind) = kindEntry.value.content, Manifest.kinds.contains(kind.value) else {
            var hints: [String] = []
            if case .scalar(let kind) = kindEntry.value.content, let hint = Suggestions.hint(for: kind.value, in: Manifest.kinds) { hints.append(hint) }
            context.report(.manifestKind, "unknown kind; expected one of \(Manifest.kinds.joined(separator: ", "))", at: kindEntry.value.range, hints: hints)
            return nil
        }
        if kind.value == "Directory" {
            guard let seed = decodeDirectorySeed(root, context) else { return nil }
            return Manifest(object: .directory(seed), nameLocation: context.location(SourceRange(start: root.range.start)))
        }
        guard let fields = context.mapping(root, "a \(kind.value) manifest", as: .manifest),
            let metadataNode = fields.required("metadata"),
            let metadata = context.mapping(metadataNode, "metadata", as: .metadata),
            let nameNode = metadata.required("name"),
            let name = context.string(nameNode, "metadata.name")
        else { return nil }
        checkName(name, at: nameNode.range, context)
        let nameLocation = context.location(nameNode.range)
        guard let specNode = fields.required("spec") else { return nil }
        switch kind.value {
        case "Catalog":
            return decodeCatalog(name: name, specNode, context).map { Manifest(object: .catalog($0), nameLocation: nameLocation) }
        case "AccessPackage":
            var sites = PackageSites()
            guard let package = decodeAccessPackage(name: name, specNode, context, sites: &sites) else { return nil }
            return Manifest(
                object: .accessPackage(package), nameLocation: nameLocation,
                policyLocations: sites.policyNames, externalScopeLocations: sites.externalScopes
            )
        case "ConnectedOrganization":
            return decodeConnectedOrganization(name: name, specNode, context).map { Manifest(object: .connectedOrganization($0), nameLocation: nameLocation) }
        default:
            return decodeSettings(name: name, specNode, context).map { Manifest(object: .settings($0), nameLocation: nameLocation) }
        }
    }

    /// `metadata.name` (and policy names): lowercase letters, digits and `-`, 1–63 characters,
    /// starting and ending with a letter or digit — a DNS label, safe in addresses and file names.
    func checkName(_ name: String, at range: SourceRange, _ context: DecodingContext) {
        let scalars = Array(name.unicodeScalars)
        let allowed = scalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }
        guard !allowed || scalars.count > 63 || scalars.first == "-" || scalars.last == "-" else { return }
        let suggestion = String(
            String(name.lowercased().map { $0.isLetter || $0.isNumber ? $0 : "-" }).split(separator: "-").joined(separator: "-").prefix(63)
        )
        var hints = ["names are 1 to 63 lowercase letters, digits and '-', starting and ending with a letter or digit"]
        if !suggestion.isEmpty, suggestion != name { hints.append("for example '\(suggestion)'") }
        context.report(.nameFormat, "invalid name '\(name)'", at: range, hints: hints)
    }
}

/// Where parts of an access package are written, gathered while decoding it.
struct PackageSites {
    var policyNames: [String: SourceLocation] = [:]
    var externalScopes: [String: SourceLocation] = [:]
}
