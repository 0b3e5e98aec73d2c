import Diagnostics
import EntitlementModel
import Foundation
import Manifests
import Testing
import _TestSupport

/// Every object of a desired state written back as manifests, one document per file.
private func emitted(_ state: DesiredState) -> [SourceFile] {
    var files: [SourceFile] = []
    for catalog in state.catalogs {
        files.append(
            SourceFile(path: "catalog-\(catalog.name).yaml", text: ManifestEmitter.document(kind: "Catalog", name: catalog.name, spec: catalog.canonicalValue)))
    }
    for package in state.accessPackages {
        let text = ManifestEmitter.accessPackage(
            name: package.name, spec: package.canonicalValue, policies: package.policies.map { ($0.name, $0.canonicalValue) })
        files.append(SourceFile(path: "access-package-\(package.name).yaml", text: text))
    }
    for organization in state.connectedOrganizations {
        let text = ManifestEmitter.document(kind: "ConnectedOrganization", name: organization.name, spec: organization.canonicalValue)
        files.append(SourceFile(path: "connected-organization-\(organization.name).yaml", text: text))
    }
    if let settings = state.settings {
        files.append(
            SourceFile(path: "settings.yaml", text: ManifestEmitter.document(kind: "EntitlementSettings", name: settings.name, spec: settings.canonicalValue)))
    }
    return files
}

@Test func everyExampleObjectSurvivesBeingWrittenAndReadBack() throws {
    let examples = EntitleProcess.packageRoot.appendingPathComponent("examples")
    for set in try FileManager.default.contentsOfDirectory(atPath: examples.path).sorted() where !set.hasPrefix(".") && set != "ci" {
        let original = try #require(ManifestLoader().load(paths: [examples.appendingPathComponent(set).path]).state, "\(set)")
        let files = emitted(original)
        let reread = ManifestLoader().load(files: files)
        let errors = reread.diagnostics.filter { $0.severity == .error }
        #expect(errors.isEmpty, "\(set): \(errors.map { "\($0.location?.file ?? ""):\($0.location?.range?.start.line ?? 0) \($0.id) \($0.message)" })")
        guard let state = reread.state else { continue }
        let before = original.canonicalObjects
        let after = state.canonicalObjects
        #expect(before.map(\.address) == after.map(\.address), "\(set)")
        for (old, new) in zip(before, after) { #expect(old.spec == new.spec, "\(set): \(old.address)\n\(old.spec.jsonText())\n\(new.spec.jsonText())") }
    }
}

@Test func scalarsThatWouldReadAsSomethingElseAreQuoted() throws {
    let spec = CanonicalValue.fields([
        "displayName": .string("no"), "description": .string("0755: a # comment-like: text"),
        "published": .bool(true), "externallyVisible": .bool(false),
    ])
    let text = ManifestEmitter.document(kind: "Catalog", name: "c", spec: spec)
    #expect(text.contains("displayName: \"no\"") && text.contains("description: \"0755: a # comment-like: text\""))
    let state = try #require(ManifestLoader().load(files: [SourceFile(path: "c.yaml", text: text)]).state)
    #expect(state.catalogs.first?.displayName == "no")
}
