import Foundation
import Testing
import _TestSupport

/// Every kind of tenant behaves the same: the embedded SQLite store, PostgreSQL and the emulated
/// Graph tenant. The same objects read the same (the tutorial applied to the embedded stores and
/// made through Graph's API in the emulator export to the same manifest, so Graph's JSON maps to
/// exactly the specs entitle's own stores hold), and the same changes plan and apply the same.
@Suite(.serialized) struct TenantConformanceTests {
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

    /// One kind of tenant, driven through the real binary.
    struct Tenant {
        var name: String
        var root: URL
        var run: ([String]) throws -> ProcessOutcome
    }

    /// The changes of a plan of the manifests as `action address [changed paths]`, ids left out.
    static func changes(_ tenant: Tenant, _ extra: [String] = []) throws -> [String] {
        let outcome = try tenant.run(["plan", "manifests", "--format", "json"] + extra)
        #expect(outcome.status == 0, "\(tenant.name): \(outcome.stderr)")
        let plan = try GraphTenantTests.json(outcome.stdout)
        return (plan["changes"] as? [[String: Any]] ?? []).map { change in
            let paths = (change["fieldChanges"] as? [[String: Any]] ?? []).compactMap { $0["path"] as? String }
            let address = (change["address"] as? String ?? "").replacingOccurrences(of: #"resource\..*"#, with: "resource.*", options: .regularExpression)
            return "\(change["action"] ?? "") \(address) \(paths.sorted())"
        }.sorted()
    }

    @Test func theSameChangesPlanAndApplyTheSameOnEveryKindOfTenant() async throws {
        var tenants: [Tenant] = []
        let embedded = try Workspace()
        defer { embedded.remove() }
        try embedded.loadDirectory()
        tenants.append(Tenant(name: "SQLite", root: embedded.root) { try embedded.run($0) })
        let postgres = try Workspace(storeURL: try TestPostgres.url(schema: TestPostgres.uniqueSchema("conformance")))
        defer { postgres.remove() }
        try postgres.loadDirectory()
        tenants.append(Tenant(name: "PostgreSQL", root: postgres.root) { try postgres.run($0) })
        let emulator = try GraphEmulatorProcess(["--directory", "examples/tutorial/directory.yaml"])
        let graph = try GraphTenantTests.GraphWorkspace(emulator: emulator)
        defer { graph.remove() }
        tenants.append(Tenant(name: "Graph", root: graph.root) { try graph.run($0) })

        func same(_ step: String, _ body: (Tenant) throws -> [String]) throws -> [String] {
            let results = try tenants.map { ($0.name, try body($0)) }
            for (name, result) in results.dropFirst() {
                #expect(result == results[0].1, "\(step): \(name) gives \(result), \(results[0].0) gives \(results[0].1)")
            }
            return results[0].1
        }
        func apply(_ tenant: Tenant, _ extra: [String] = []) throws -> [String] {
            let outcome = try tenant.run(["apply", "manifests", "--auto-approve"] + extra)
            #expect(outcome.status == 0, "\(tenant.name): \(outcome.stdout)\n\(outcome.stderr)")
            return outcome.stdout.split(separator: "\n").filter { $0.hasPrefix("Apply complete") }.map { String($0.prefix { $0 != "." }) }
        }

        // A first apply: the same three creates, the same result, then nothing left to do.
        #expect(try same("first plan") { try Self.changes($0) }.count == 3)
        #expect(try same("first apply") { try apply($0) } == ["Apply complete: 3 created, 0 updated, 0 replaced, 0 deleted"])
        #expect(try same("plan after it") { try Self.changes($0) }.isEmpty)
        let exported = try same("export") { tenant in [try Self.exportedPackage(tenant.run, in: tenant.root)] }
        #expect(exported.first?.contains("after: P60D") == true)

        // One field changed: one update of that field.
        for tenant in tenants {
            let file = tenant.root.appendingPathComponent("manifests/external-user-package.yaml")
            let text = try String(contentsOf: file, encoding: .utf8)
            try Data(text.replacingOccurrences(of: "after: 60d", with: "after: 90d").utf8).write(to: file)
        }
        #expect(try same("one change") { try Self.changes($0) } == ["update accessPackage.external-user-package.policy.external-users [\"expiration.after\"]"])
        #expect(try same("its apply") { try apply($0) } == ["Apply complete: 0 created, 1 updated, 0 replaced, 0 deleted"])
        #expect(try same("plan after it") { try Self.changes($0) }.isEmpty)

        // The package removed: it goes with its policy and the catalog resource it alone used.
        for tenant in tenants {
            try FileManager.default.removeItem(at: tenant.root.appendingPathComponent("manifests/external-user-package.yaml"))
            try Data("apiVersion: entitle/v1\nkind: Catalog\nmetadata:\n  name: kept\nspec:\n  displayName: Kept\n".utf8).write(
                to: tenant.root.appendingPathComponent("manifests/kept.yaml"))
        }
        #expect(
            try same("removal") { try Self.changes($0, ["--allow-mass-delete"]) } == [
                "create catalog.kept []", "delete accessPackage.external-user-package []",
                "delete accessPackage.external-user-package.policy.external-users []", "delete catalog.General.resource.* []",
            ])
        _ = try same("its apply") { try apply($0, ["--allow-mass-delete"]) }
        #expect(try same("plan after it") { try Self.changes($0) }.isEmpty)
        let packages = try await emulator.expect(200, "GET", GraphSeed.em + "/accessPackages")["value"] as? [[String: Any]]
        #expect(packages?.isEmpty == true)
    }
}
