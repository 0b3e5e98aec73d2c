import Foundation
import Testing
import _TestSupport

/// The same objects read the same from every kind of tenant: the tutorial applied to the embedded
/// SQLite store (and to PostgreSQL), and made through Graph's API in the emulator, export to the
/// same manifest. So Graph's JSON maps to exactly the specs entitle's own stores hold.
@Suite(.serialized) struct TenantReadConformanceTests {
    /// The tutorial's package and policy, made as an admin would through Graph v1.0.
    static func seedTutorial(_ emulator: GraphEmulatorProcess) async throws {
        let em = GraphSeed.em
        let catalogs = try await emulator.expect(200, "GET", em + "/catalogs?$filter=displayName%20eq%20'General'")
        let general = try #require(((catalogs["value"] as? [[String: Any]])?.first)?["id"] as? String)
        let member = try await GraphSeed.addGroup(emulator, groupID: try await GraphSeed.groupID(emulator, named: "External collaboration"), to: general)
        let package = try await emulator.expect(
            201, "POST", em + "/accessPackages",
            [
                "displayName": "External user package", "description": "Access for external users pending approval", "isHidden": false,
                "catalog": ["id": general],
            ])
        let packageID = try #require(package["id"] as? String)
        try await GraphSeed.grant(emulator, member, to: packageID)
        try await emulator.expect(
            201, "POST", em + "/assignmentPolicies",
            GraphSeed.requestPolicy(
                "External users", description: "Any external user may request; their internal sponsor approves", scope: "allExternalUsers",
                approvers: [["@odata.type": "#microsoft.graph.internalSponsors"]], packageID: packageID))
    }

    /// The exported package manifest of a tenant.
    static func exportedPackage(_ run: ([String]) throws -> ProcessOutcome, in root: URL) throws -> String {
        let out = "export-\(UUID().uuidString.prefix(8))"
        let outcome = try run(["export", "--out", out])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let directory = root.appendingPathComponent(out)
        let file = try #require(try FileManager.default.contentsOfDirectory(atPath: directory.path).first { $0.contains("external-user-package") })
        return try String(contentsOf: directory.appendingPathComponent(file), encoding: .utf8)
    }

    @Test func theTutorialReadsTheSameFromEveryKindOfTenant() async throws {
        // The embedded store: the tutorial applied.
        let embedded = try Workspace()
        defer { embedded.remove() }
        try embedded.loadDirectory()
        try embedded.expect(["apply", "manifests", "--auto-approve"], status: 0)
        let fromSQLite = try Self.exportedPackage({ try embedded.run($0) }, in: embedded.root)
        #expect(fromSQLite.contains("approvers:") && fromSQLite.contains("internalSponsors"))

        // The emulated Graph tenant: the same objects made through its API.
        let emulator = try GraphEmulatorProcess(["--directory", "examples/tutorial/directory.yaml"])
        try await Self.seedTutorial(emulator)
        let graph = try GraphTenantTests.GraphWorkspace(emulator: emulator)
        defer { graph.remove() }
        let fromGraph = try Self.exportedPackage({ try graph.run($0) }, in: graph.root)
        #expect(fromGraph == fromSQLite)
        // And the tutorial's own manifests, once adopted, plan clean against it.
        let packageID = try await Self.objectID(emulator, "accessPackages")
        let policyID = try await Self.objectID(emulator, "assignmentPolicies")
        let imports = try graph.expect(["import", "accessPackage.external-user-package", packageID], status: 0)
        #expect(imports.stdout.contains("imported object"))
        try graph.expect(["import", "accessPackage.external-user-package.policy.external-users", policyID], status: 0)
        try graph.expect(["plan", "manifests", "--detailed-exitcode"], status: 0)

        // PostgreSQL, where the test server is.
        if TestPostgres.baseURL != nil {
            let postgres = try Workspace(storeURL: try TestPostgres.url(schema: TestPostgres.uniqueSchema("read")))
            defer { postgres.remove() }
            try postgres.loadDirectory()
            try postgres.expect(["apply", "manifests", "--auto-approve"], status: 0)
            #expect(try Self.exportedPackage({ try postgres.run($0) }, in: postgres.root) == fromSQLite)
        }
    }

    /// The id of the one object of a collection.
    static func objectID(_ emulator: GraphEmulatorProcess, _ collection: String) async throws -> String {
        let list = try await emulator.expect(200, "GET", GraphSeed.em + "/\(collection)")
        return try #require((list["value"] as? [[String: Any]])?.first?["id"] as? String)
    }
}
