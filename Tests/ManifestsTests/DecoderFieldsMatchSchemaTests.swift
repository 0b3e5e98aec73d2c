import Foundation
import Testing
import _TestSupport

@testable import Manifests

// Editors validate manifests against schemas/entitle.schema.json, entitle against the decoders'
// field lists (ManifestMapping). A field only one of them knows is either refused by entitle after
// the editor accepted it, or never offered by the editor: both sides must list the same fields.

/// The schema, as written in the repository.
private func schema() throws -> [String: Any] {
    let url = EntitleProcess.packageRoot.appendingPathComponent("schemas/entitle.schema.json")
    return try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any], "the schema is not a JSON object")
}

/// The schema's `definitions`, by name.
private func schemaDefinitions() throws -> [String: [String: Any]] {
    try #require(try schema()["definitions"] as? [String: [String: Any]], "the schema has no definitions")
}

/// The names in a definition's `properties`.
private func properties(of definition: [String: Any]) -> Set<String>? {
    (definition["properties"] as? [String: Any]).map { Set($0.keys) }
}

/// Records one issue per field that only one side lists, naming the decoder, the field and the
/// side that lacks it.
private func compare(decoder: String, decoderFields: Set<String>, schema: String, schemaFields: Set<String>) {
    for field in decoderFields.subtracting(schemaFields).sorted() {
        Issue.record("the \(decoder) decoder accepts '\(field)', but the schema's \(schema) lacks it")
    }
    for field in schemaFields.subtracting(decoderFields).sorted() {
        Issue.record("the schema's \(schema) has '\(field)', but the \(decoder) decoder lacks it")
    }
}

@Test(arguments: ManifestMapping.allCases)
func theDecoderAndTheSchemaAcceptTheSameFields(_ mapping: ManifestMapping) throws {
    let definitions = try schemaDefinitions()
    for name in mapping.schemaDefinitions {
        let definition = try #require(definitions[name], "the schema has no #/definitions/\(name) for the \(mapping) decoder")
        let schemaFields = try #require(properties(of: definition), "#/definitions/\(name) has no properties")
        compare(decoder: "\(mapping)", decoderFields: Set(mapping.fields), schema: "#/definitions/\(name)", schemaFields: schemaFields)
    }
}

/// The subject lists and the schema definitions of what each may hold.
private let subjectLists: [(SubjectList, String)] = [
    (.requestorTargets, "requestorTarget"), (.approvers, "approverSubject"), (.reviewers, "reviewerSubject"), (.sponsors, "sponsorSubject"),
    (.onBehalfRequestors, "onBehalfRequestorSubject"),
]

@Test(arguments: subjectLists)
func eachSubjectListAllowsTheSubjectsTheSchemaAllows(_ list: SubjectList, _ name: String) throws {
    let definitions = try schemaDefinitions()
    let definition = try #require(definitions[name], "the schema has no #/definitions/\(name) for the \(list.name) decoder")
    let choices = try #require(definition["oneOf"] as? [[String: Any]], "#/definitions/\(name) is not a oneOf")
    // A subject is a keyword (a string enum) or a one-key mapping (a reference to its definition).
    var kinds: Set<String> = []
    for choice in choices {
        if let keywords = choice["enum"] as? [String] { kinds.formUnion(keywords) }
        if let reference = choice["$ref"] as? String {
            let target = String(reference.dropFirst("#/definitions/".count))
            let keys = try #require(definitions[target].flatMap(properties(of:)), "\(reference) in #/definitions/\(name) leads to no object")
            kinds.formUnion(keys)
        }
    }
    compare(decoder: "\(list.name) subject", decoderFields: Set(list.allowedKinds), schema: "#/definitions/\(name)", schemaFields: kinds)
}

@Test func everyObjectTheSchemaDefinesHasADecoder() throws {
    let definitions = try schemaDefinitions()
    let decoded = Set(ManifestMapping.allCases.flatMap(\.schemaDefinitions))
    // Subjects are one-key mappings read by the subject decoder, checked list by list above.
    let subjectKinds = Set(subjectLists.flatMap { $0.0.allowedKinds })
    for (name, definition) in definitions.sorted(by: { $0.key < $1.key }) where !decoded.contains(name) {
        guard let keys = properties(of: definition) else { continue }
        if keys.count == 1, let kind = keys.first, subjectKinds.contains(kind), name == "\(kind)Subject" { continue }
        Issue.record("the schema's #/definitions/\(name) describes an object (\(keys.sorted().joined(separator: ", "))) that no decoder reads")
    }
}

@Test func aDocumentHasTheFieldsOfSomeManifest() throws {
    let schemaFields = try #require(properties(of: try schema()), "the schema's root has no properties")
    let decoderFields = Set(ManifestMapping.manifest.fields + ManifestMapping.directoryManifest.fields)
    compare(decoder: "manifest and directoryManifest", decoderFields: decoderFields, schema: "root", schemaFields: schemaFields)
}
