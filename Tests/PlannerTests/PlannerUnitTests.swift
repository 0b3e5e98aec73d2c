import Diagnostics
import EntitlementModel
import Foundation
import Manifests
import Planner
import Testing

private let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// Every object of every example set, as canonical values.
private func exampleSpecs() throws -> [(ObjectAddress, CanonicalValue)] {
    let examples = root.appendingPathComponent("examples")
    var specs: [(ObjectAddress, CanonicalValue)] = []
    for set in try FileManager.default.contentsOfDirectory(atPath: examples.path).sorted() where !set.hasPrefix(".") && set != "ci" {
        let result = ManifestLoader().load(paths: [examples.appendingPathComponent(set).path])
        specs += try #require(result.state).canonicalObjects
    }
    return specs
}

@Test func canonicalJSONReadsBackToTheSameValueForEveryExampleObject() throws {
    let specs = try exampleSpecs()
    #expect(specs.count > 15)
    for (address, spec) in specs {
        #expect(try CanonicalJSONParser.parse(spec.jsonText()) == spec, "\(address)")
        #expect(try CanonicalJSONParser.parse(spec.prettyJSONText()) == spec, "\(address)")
    }
}

@Test func canonicalJSONRejectsWhatIsNotJSON() throws {
    for text in ["", "{", "[1,]", "{\"a\" 1}", "tru", "\"unterminated", "1.5", "{} x", String(repeating: "[", count: 200), "\"\\ud800\\u0041\""] {
        #expect(throws: CanonicalJSONParser.Failure.self, "\(text)") { try CanonicalJSONParser.parse(text) }
    }
    #expect(try CanonicalJSONParser.parse("\"\\u00e9\\ud83d\\ude00\\n\"") == .string("é😀\n"))
}

@Test func fieldDiffsFollowSetsListsAndObjects() {
    let before = CanonicalValue.fields([
        "approvers": .unordered([.string("a"), .string("b")]),
        "stages": .list([.fields(["decisionWithin": .string("P14D")])]),
        "expiration": .fields(["after": .string("P60D")]),
    ])
    let reordered = CanonicalValue.fields([
        "approvers": .unordered([.string("b"), .string("a")]),
        "stages": .list([.fields(["decisionWithin": .string("P14D")])]),
        "expiration": .fields(["after": .string("P60D")]),
    ])
    #expect(FieldDiff.changes(from: before, to: reordered).isEmpty)
    let after = CanonicalValue.fields([
        "approvers": .unordered([.string("a"), .string("c")]),
        "stages": .list([.fields(["decisionWithin": .string("P7D")]), .fields(["decisionWithin": .string("P3D")])]),
        "expiration": .fields(["never": .bool(true)]),
    ])
    #expect(
        FieldDiff.changes(from: before, to: after) == [
            FieldChange(path: "approvers", before: .unordered([.string("a"), .string("b")]), after: .unordered([.string("a"), .string("c")])),
            FieldChange(path: "stages[0].decisionWithin", before: .string("P14D"), after: .string("P7D")),
            FieldChange(path: "stages[1]", before: nil, after: .fields(["decisionWithin": .string("P3D")])),
            FieldChange(path: "expiration.never", before: nil, after: .bool(true)),
            FieldChange(path: "expiration.after", before: .string("P60D"), after: nil),
        ])
}

@Test func referencesAreRewrittenWhereverTheyAre() {
    let spec = CanonicalValue.fields([
        "catalog": .string("marketing"),
        "resourceRoles": .unordered([.fields(["group": .string("Sales"), "role": .string("Member")])]),
        "incompatibleWith": .fields(["accessPackages": .unordered([.string("other")]), "groups": .unordered([.string("Sales")])]),
        "approvers": .unordered([.fields(["user": .string("megan@woodgrove.example")]), .string("manager")]),
        "identitySources": .unordered([.fields(["tenant": .string("not-a-reference"), "displayName": .string("Contoso")])]),
    ])
    #expect(
        ReferenceRewriter.references(in: spec).map(\.description).sorted() == [
            "accessPackage 'other'", "catalog 'marketing'", "group 'Sales'", "group 'Sales'", "user 'megan@woodgrove.example'",
        ])
    let rewritten = ReferenceRewriter.rewrite(spec) { kind, name in "\(kind.rawValue):\(name)" }
    #expect(rewritten[field: "catalog"] == .string("catalog:marketing"))
    #expect(rewritten[field: "identitySources"] == spec[field: "identitySources"])
}

@Test func aPlanSurvivesItsJSONForm() throws {
    let plan = Plan(
        toolVersion: "0.1.0", basis: PlanBasis(store: StoreBasis(lineage: "l", serial: 7), desiredDigest: "abc"),
        changes: [
            PlannedChange(
                address: .policy(package: "p", policy: "q"), action: .update, objectID: "id-1", displayName: "Q",
                before: .fields(["approvers": .unordered([.string("a")])]), after: .fields(["approvers": .unordered([.string("b")])]),
                fieldChanges: [FieldChange(path: "approvers", before: .list([.string("a")]), after: .list([.string("b")]))]),
            PlannedChange(address: .accessPackage("gone"), action: .delete, reason: .removedFromManifests, objectID: "id-2", displayName: "Gone"),
        ],
        unchangedCount: 4, labels: ["id-9": "group 'Sales'"])
    let decoded = try PlanJSON.decode(try CanonicalJSONParser.parse(PlanJSON.encode(plan).prettyJSONText()))
    #expect(decoded == plan)
    #expect(throws: PlanJSON.Failure.self) {
        try PlanJSON.decode(.fields(["formatVersion": .string("2.0")]))
    }
}

@Test func planReasonsKeepTheirJSONWordsAndAnUnknownOneIsRefused() throws {
    // The words are part of the plan format (formatVersion 1.x): pipelines match on them.
    #expect(
        PlanReason.allCases.map(\.rawValue) == [
            "catalog-changed", "package-replaced", "scope-crosses-internal-external", "deleted-outside-entitle", "removed-from-manifests",
            "no-longer-used", "stops-managing-built-in", "adopts-tenant-settings", "refers-to-replaced-object", "records-outside-change",
        ])
    let plan = Plan(
        toolVersion: "0.1.0", basis: PlanBasis(store: StoreBasis(lineage: "l", serial: 1), desiredDigest: "d"),
        changes: [PlannedChange(address: .accessPackage("gone"), action: .delete, reason: .noLongerUsed, objectID: "id-2", displayName: "Gone")],
        unchangedCount: 0, labels: [:])
    let text = PlanJSON.encode(plan).prettyJSONText()
    #expect(text.contains("\"reason\": \"no-longer-used\""))
    #expect(try PlanJSON.decode(try CanonicalJSONParser.parse(text)).changes.first?.reason == .noLongerUsed)
    #expect(throws: PlanJSON.Failure.self) {
        try PlanJSON.decode(try CanonicalJSONParser.parse(text.replacingOccurrences(of: "no-longer-used", with: "because")))
    }
}
