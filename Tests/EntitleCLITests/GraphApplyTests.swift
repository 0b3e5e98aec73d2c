import Foundation
import Testing
import _TestSupport

/// `entitle apply` against the emulated Graph tenant: the real binary and the emulator process on
/// loopback. Every write is a documented v1.0 call; the state records what landed.
@Suite(.serialized) struct GraphApplyTests {
    typealias Workspace = GraphTenantTests.GraphWorkspace
    static let em = "/identityGovernance/entitlementManagement"

    /// The requests that may change the tenant (not reads, sign-ins or batches of reads), after
    /// the first `from` lines of the log.
    static func writes(_ emulator: GraphEmulatorProcess, from start: Int = 0) throws -> [String] {
        try emulator.requests().dropFirst(start).compactMap { request -> String? in
            let method = request["method"] as? String ?? "GET"
            let path = request["path"] as? String ?? request["url"] as? String ?? ""
            guard method != "GET", !path.hasSuffix("/token"), path != "/v1.0/$batch" else { return nil }
            return "\(method) \(path.replacingOccurrences(of: "/v1.0", with: "").replacingOccurrences(of: em, with: "…"))"
        }
    }

    static func list(_ emulator: GraphEmulatorProcess, _ path: String) async throws -> [[String: Any]] {
        try await emulator.expect(200, "GET", path)["value"] as? [[String: Any]] ?? []
    }

    @Test func theTutorialIsAppliedThenPlansCleanAndAnExpiryChangeIsOnePut() async throws {
        let emulator = try GraphEmulatorProcess(["--directory", "examples/tutorial/directory.yaml"])
        let workspace = try Workspace(emulator: emulator)
        defer { workspace.remove() }
        let apply = try workspace.expect(["apply", "manifests", "--auto-approve"], status: 0)
        #expect(apply.stdout.contains("Apply complete: 3 created"), "\(apply.stdout)")
        #expect(apply.stderr.contains("accessPackage.external-user-package: created (id "))
        // Created as the docs show: a resource request, the package, its role scope, its policy.
        let writes = try Self.writes(emulator)
        #expect(writes.filter { $0.hasPrefix("POST …/resourceRequests") }.count == 1, "\(writes)")
        #expect(writes.filter { $0 == "POST …/accessPackages" }.count == 1, "\(writes)")
        #expect(writes.filter { $0.hasSuffix("/resourceRoleScopes") }.count == 1, "\(writes)")
        #expect(writes.filter { $0 == "POST …/assignmentPolicies" }.count == 1, "\(writes)")
        let packages = try await Self.list(emulator, Self.em + "/accessPackages?$expand=assignmentPolicies,resourceRoleScopes($expand=role,scope)")
        let package = try #require(packages.first { $0["displayName"] as? String == "External user package" })
        let packageID = try #require(package["id"] as? String)
        #expect(apply.stdout.contains("/@woodgrove.example#/access-packages/\(packageID)"))
        let policy = try #require((package["assignmentPolicies"] as? [[String: Any]])?.first)
        #expect(policy["allowedTargetScope"] as? String == "allExternalUsers")
        #expect((policy["expiration"] as? [String: Any])?["duration"] as? String == "P60D")
        let scope = try #require((package["resourceRoleScopes"] as? [[String: Any]])?.first)
        #expect((scope["role"] as? [String: Any])?["displayName"] as? String == "Member")

        try workspace.expect(["plan", "manifests", "--detailed-exitcode"], status: 0)
        try workspace.expect(["drift", "manifests"], status: 0)

        // 60 days become 90: one PUT of the whole policy, and the plan is clean again.
        let file = workspace.root.appendingPathComponent("manifests/external-user-package.yaml")
        let text = try String(contentsOf: file, encoding: .utf8)
        try Data(text.replacingOccurrences(of: "after: 60d", with: "after: 90d").utf8).write(to: file)
        let before = try emulator.requests().count
        try workspace.expect(["apply", "manifests", "--auto-approve"], status: 0)
        let change = try Self.writes(emulator, from: before)
        #expect(change == ["PUT …/assignmentPolicies/\(policy["id"] as? String ?? "")"])
        let updated = try await emulator.expect(200, "GET", Self.em + "/assignmentPolicies/\(policy["id"] as? String ?? "")")
        #expect((updated["expiration"] as? [String: Any])?["duration"] as? String == "P90D")
        #expect(updated["createdDateTime"] as? String == policy["createdDateTime"] as? String)
        try workspace.expect(["plan", "manifests", "--detailed-exitcode"], status: 0)

        // Nothing to do: no writes at all.
        let quiet = try emulator.requests().count
        try workspace.expect(["apply", "manifests", "--auto-approve"], status: 0)
        #expect(try Self.writes(emulator, from: quiet).isEmpty)
    }

    /// Graph shows a new object only after its replicas catch up. A plan read moments after an
    /// apply does not take what the apply made for deleted (its apply would make it twice): it
    /// reads again until it shows. An object deleted long after its apply is reported at once.
    @Test func aPlanRightAfterAnApplyWaitsForWhatItMadeToShow() async throws {
        let emulator = try GraphEmulatorProcess(["--directory", "examples/tutorial/directory.yaml", "--consistency-delay", "4"])
        let workspace = try Workspace(emulator: emulator)
        defer { workspace.remove() }
        try workspace.expect(["apply", "manifests", "--auto-approve"], status: 0)
        let plan = try workspace.expect(["plan", "manifests", "--detailed-exitcode"], status: 0)
        #expect(plan.stderr.contains("do not show in the tenant yet (accessPackage.external-user-package.policy."), "\(plan.stderr)")
        #expect(!plan.stdout.contains("deleted outside entitle"), "\(plan.stdout)")

        // Long after the apply (the window is 2 s here), a policy deleted in the portal.
        try await Task.sleep(for: .seconds(4.5))
        let policy = try #require(try await Self.list(emulator, Self.em + "/assignmentPolicies").first?["id"] as? String)
        _ = try await emulator.expect(204, "DELETE", Self.em + "/assignmentPolicies/\(policy)")
        let gone = try workspace.expect(["plan", "manifests", "--detailed-exitcode", "--consistency-timeout", "2"], status: 2)
        #expect(gone.stdout.contains("(re-create: deleted outside entitle)"), "\(gone.stdout)")
        #expect(!gone.stderr.contains("do not show in the tenant yet"), "\(gone.stderr)")
    }

    /// Every example set: applied to an empty tenant, then clean; then removed from the manifests,
    /// which deletes every object entitle made (a package takes its policies and its catalog
    /// resource with it), and the tenant is as it was.
    @Test(arguments: ["tutorial", "automatic-assignment", "connected-organizations", "multi-stage-approval", "questions-and-reviews", "tenant-settings"])
    func everyExampleIsAppliedCleanAndRemoved(example: String) async throws {
        let emulator = try GraphEmulatorProcess(["--directory", "examples/\(example)/directory.yaml"])
        let workspace = try Workspace(emulator: emulator, copying: example)
        defer { workspace.remove() }
        let empty = try await Self.tenantObjects(emulator)
        try workspace.expect(["apply", "manifests", "--auto-approve"], status: 0)
        let plan = try workspace.expect(["plan", "manifests", "--detailed-exitcode"], status: 0)
        #expect(plan.stdout.contains("No changes"), "\(plan.stdout)")
        try workspace.expect(["drift", "manifests"], status: 0)
        #expect(try await Self.tenantObjects(emulator) != empty)

        // Remove every manifest but the directory: everything entitle made goes.
        for name in try FileManager.default.contentsOfDirectory(atPath: workspace.root.appendingPathComponent("manifests").path)
        where name != "directory.yaml" {
            try FileManager.default.removeItem(at: workspace.root.appendingPathComponent("manifests/" + name))
        }
        try Data("apiVersion: entitle/v1\nkind: Catalog\nmetadata:\n  name: placeholder\nspec:\n  displayName: Placeholder\n".utf8).write(
            to: workspace.root.appendingPathComponent("manifests/placeholder.yaml"))
        try workspace.expect(["apply", "manifests", "--auto-approve", "--allow-mass-delete"], status: 0)
        try workspace.expect(["plan", "manifests", "--detailed-exitcode"], status: 0)
        var left = try await Self.tenantObjects(emulator)
        left.removeAll { $0 == "catalog Placeholder" }
        #expect(left == empty)
    }

    /// Catalogs, catalog resources, packages, policies and connected organizations by display name.
    static func tenantObjects(_ emulator: GraphEmulatorProcess) async throws -> [String] {
        var names: [String] = []
        for catalog in try await list(emulator, em + "/catalogs") {
            names.append("catalog \(catalog["displayName"] as? String ?? "")")
            for resource in try await list(emulator, em + "/catalogs/\(catalog["id"] as? String ?? "")/resources") {
                names.append("resource \(resource["displayName"] as? String ?? "") in \(catalog["displayName"] as? String ?? "")")
            }
        }
        for package in try await list(emulator, em + "/accessPackages?$expand=assignmentPolicies") {
            names.append("package \(package["displayName"] as? String ?? "")")
            for policy in package["assignmentPolicies"] as? [[String: Any]] ?? [] {
                names.append("policy \(policy["displayName"] as? String ?? "") of \(package["displayName"] as? String ?? "")")
            }
        }
        for organization in try await list(emulator, em + "/connectedOrganizations") {
            names.append("organization \(organization["displayName"] as? String ?? "")")
        }
        return names.sorted()
    }

    /// A saved plan whose policy another admin changed since: refused, and nothing is written.
    @Test func aSavedPlanIsRefusedWhenItsObjectChangedInTheTenant() async throws {
        let emulator = try GraphEmulatorProcess(["--directory", "examples/tutorial/directory.yaml"])
        let workspace = try Workspace(emulator: emulator)
        defer { workspace.remove() }
        try workspace.expect(["apply", "manifests", "--auto-approve"], status: 0)
        let file = workspace.root.appendingPathComponent("manifests/external-user-package.yaml")
        let text = try String(contentsOf: file, encoding: .utf8)
        try Data(text.replacingOccurrences(of: "after: 60d", with: "after: 90d").utf8).write(to: file)
        try workspace.expect(["plan", "manifests", "--out", "plan.json"], status: 0)

        // Another admin changes the policy's description in the portal (a PUT of the whole policy).
        let policy = try #require(try await Self.list(emulator, Self.em + "/assignmentPolicies").first)
        var body = policy
        for key in ["id", "createdDateTime", "modifiedDateTime", "@odata.context"] { body[key] = nil }
        body["description"] = "Changed in the portal"
        body["accessPackage"] = ["id": try #require(try await Self.list(emulator, Self.em + "/accessPackages").first?["id"] as? String)]
        try await emulator.expect(200, "PUT", Self.em + "/assignmentPolicies/\(policy["id"] as? String ?? "")", body)

        let before = try emulator.requests().count
        let refused = try workspace.expect(["apply", "--plan", "plan.json"], status: 1)
        #expect(refused.stderr.contains("changed in graph://woodgrove.example since the plan was made"), "\(refused.stderr)")
        #expect(refused.stderr.contains("nothing was changed"))
        #expect(try Self.writes(emulator, from: before).isEmpty)

        // A saved plan that still holds applies exactly as made.
        try workspace.expect(["plan", "manifests", "--out", "plan.json"], status: 0)
        try workspace.expect(["apply", "--plan", "plan.json"], status: 0)
        try workspace.expect(["plan", "manifests", "--detailed-exitcode"], status: 0)
    }

    /// Every kind of object updated in place: a catalog's description, a package's description,
    /// hidden flag and resource roles (a role dropped, its resource then unused), a connected
    /// organization's description and sponsors, a policy; each as the documented call does it.
    @Test func everyKindIsUpdatedInPlace() async throws {
        let emulator = try GraphEmulatorProcess(["--directory", "examples/connected-organizations/directory.yaml"])
        let workspace = try Workspace(emulator: emulator, copying: "connected-organizations")
        defer { workspace.remove() }
        try workspace.expect(["apply", "manifests", "--auto-approve"], status: 0)
        func edit(_ name: String, _ pairs: [(String, String)]) throws {
            let file = workspace.root.appendingPathComponent("manifests/" + name)
            var text = try String(contentsOf: file, encoding: .utf8)
            for (old, new) in pairs {
                #expect(text.contains(old), "\(name) has no '\(old)'")
                text = text.replacingOccurrences(of: old, with: new)
            }
            try Data(text.utf8).write(to: file)
        }
        try edit(
            "catalog.yaml",
            [
                ("Resources shared with auditors, counsel and regulators", "Shared with auditors and counsel"),
                ("    - application: Audit Evidence Portal\n", ""),
            ])
        try edit(
            "external-audit.yaml",
            [
                ("Read audit evidence for the FY2026 statutory audit", "Audit evidence, FY2026"),
                ("    - application: Audit Evidence Portal\n      role: Auditor\n", ""),
            ])
        try edit(
            "organization-contoso-legal.yaml",
            [("Outside counsel; users sign in", "Outside counsel; they sign in"), ("    - group: Legal Partner Managers\n", "")])
        let before = try emulator.requests().count
        let apply = try workspace.expect(["apply", "manifests", "--auto-approve"], status: 0)
        #expect(apply.stdout.contains("Apply complete: 0 created, 3 updated, 0 replaced, 1 deleted"), "\(apply.stdout)")
        let writes = try Self.writes(emulator, from: before)
        #expect(writes.contains { $0.hasPrefix("PATCH …/catalogs/") }, "\(writes)")
        #expect(writes.contains { $0.hasPrefix("PATCH …/accessPackages/") }, "\(writes)")
        #expect(writes.contains { $0.hasPrefix("DELETE …/accessPackages/") && $0.contains("/resourceRoleScopes/") }, "\(writes)")
        #expect(writes.contains { $0 == "POST …/resourceRequests" }, "the unused application leaves the catalog: \(writes)")
        #expect(writes.contains { $0.hasPrefix("PATCH …/connectedOrganizations/") }, "\(writes)")
        #expect(writes.contains { $0.hasPrefix("DELETE …/connectedOrganizations/") && $0.hasSuffix("/$ref") }, "\(writes)")
        #expect(!writes.contains { $0.hasPrefix("PUT ") || $0.hasPrefix("POST …/accessPackages") }, "nothing else is written: \(writes)")
        try workspace.expect(["plan", "manifests", "--detailed-exitcode"], status: 0)
        try workspace.expect(["drift", "manifests"], status: 0)
    }

    /// A package moved to another catalog is replaced: the new one is made first (with its
    /// policy and role), then the old one goes; the plan says that its My Access link changes.
    @Test func aPackageMovingCatalogIsReplaced() async throws {
        let emulator = try GraphEmulatorProcess(["--directory", "examples/tutorial/directory.yaml"])
        let workspace = try Workspace(emulator: emulator)
        defer { workspace.remove() }
        try workspace.expect(["apply", "manifests", "--auto-approve"], status: 0)
        let oldID = try #require(try await Self.list(emulator, Self.em + "/accessPackages").first?["id"] as? String)
        try Data("apiVersion: entitle/v1\nkind: Catalog\nmetadata:\n  name: partners\nspec:\n  displayName: Partners\n".utf8).write(
            to: workspace.root.appendingPathComponent("manifests/partners.yaml"))
        let file = workspace.root.appendingPathComponent("manifests/external-user-package.yaml")
        let text = try String(contentsOf: file, encoding: .utf8)
        try Data(text.replacingOccurrences(of: "catalog: General", with: "catalog: partners").utf8).write(to: file)
        let plan = try workspace.expect(["plan", "manifests"], status: 0)
        #expect(plan.stdout.contains("its My Access link changes"), "\(plan.stdout)")
        let apply = try workspace.expect(["apply", "manifests", "--auto-approve", "--allow-mass-delete"], status: 0)
        let packages = try await Self.list(emulator, Self.em + "/accessPackages?$expand=assignmentPolicies,resourceRoleScopes")
        #expect(packages.count == 1)
        let newID = try #require(packages.first?["id"] as? String)
        #expect(newID != oldID)
        #expect((packages.first?["assignmentPolicies"] as? [Any])?.count == 1 && (packages.first?["resourceRoleScopes"] as? [Any])?.count == 1)
        #expect(apply.stdout.contains("#/access-packages/\(newID)"), "\(apply.stdout)")
        let partners = try await Self.list(emulator, Self.em + "/catalogs?$expand=accessPackages($select=id)").first {
            $0["displayName"] as? String == "Partners"
        }
        #expect((partners?["accessPackages"] as? [[String: Any]])?.first?["id"] as? String == newID)
        try workspace.expect(["plan", "manifests", "--detailed-exitcode"], status: 0)
    }

    /// Applying with read permissions only: Graph's 403 names the write permission (and the one
    /// adding groups to a catalog needs); nothing is left pending and the plan is unchanged.
    @Test func aMissingWritePermissionIsNamed() async throws {
        let emulator = try GraphEmulatorProcess([
            "--directory", "examples/tutorial/directory.yaml", "--permissions",
            "EntitlementManagement.Read.All,User.Read.All,Group.Read.All,Application.Read.All,Sites.Read.All,Organization.Read.All",
        ])
        let workspace = try Workspace(emulator: emulator)
        defer { workspace.remove() }
        let apply = try workspace.expect(["apply", "manifests", "--auto-approve"], status: 1)
        #expect(apply.stdout.contains("Apply stopped: 0 of 3 changes landed"), "\(apply.stdout)")
        #expect(apply.stdout.contains("403 Authorization_RequestDenied"), "\(apply.stdout)")
        #expect(apply.stdout.contains("EntitlementManagement.ReadWrite.All") && apply.stdout.contains("Group.ReadWrite.All"), "\(apply.stdout)")
        #expect(apply.stdout.contains("Not attempted (2)"), "\(apply.stdout)")
        let plan = try workspace.expect(["plan", "manifests", "--format", "json"], status: 0)
        #expect(plan.stderr.isEmpty || !plan.stderr.contains("cut off"), "nothing was left pending: \(plan.stderr)")
        #expect((try GraphTenantTests.json(plan.stdout)["changes"] as? [Any])?.count == 3)
    }

    /// Two applies at once against one tenant and one PostgreSQL state: the second waits for the
    /// first's lease, then finds the state moved and writes nothing; the tenant has one of each.
    @Test func twoAppliesAtOnceNeverInterleave() async throws {
        let emulator = try GraphEmulatorProcess(["--directory", "examples/tutorial/directory.yaml", "--latency", "150"])
        let workspace = try Workspace(emulator: emulator)
        defer { workspace.remove() }
        let state = try TestPostgres.url(schema: TestPostgres.uniqueSchema("graph_apply"))
        try workspace.expect(["plan", "manifests", "--state", state], status: 0)  // creates the state
        let arguments = ["apply", "manifests", "--auto-approve", "--state", state, "--tenant", "graph://\(GraphEmulatorProcess.domain)"]
        let first = try BackgroundProcess(arguments, in: workspace.root, environment: workspace.environment)
        try await Task.sleep(for: .milliseconds(400))
        let second = try BackgroundProcess(arguments, in: workspace.root, environment: workspace.environment)
        let outcomes = [first.wait(), second.wait()]
        #expect(outcomes.filter { $0.status == 0 }.count >= 1, "\(outcomes.map { $0.stderr })")
        let loser = outcomes.first { $0.status != 0 }
        if let loser {
            #expect(loser.stderr.contains("stale plan") && loser.stderr.contains("nothing was changed"), "\(loser.stderr)")
        }
        #expect(outcomes.contains { $0.stderr.contains("waiting for the lease") || $0.stdout.contains("No changes") }, "\(outcomes.map { $0.stderr })")
        // One apply's writes, and one of each object.
        let writes = try Self.writes(emulator)
        #expect(writes.filter { $0 == "POST …/accessPackages" }.count == 1, "\(writes)")
        #expect(writes.filter { $0 == "POST …/assignmentPolicies" }.count == 1, "\(writes)")
        #expect(try await Self.list(emulator, Self.em + "/accessPackages").count == 1)
        try workspace.expect(["plan", "manifests", "--state", state, "--detailed-exitcode"], status: 0)
    }
}

/// An `entitle` run in the background, its output collected.
final class BackgroundProcess: @unchecked Sendable {
    private let process = Process()
    private let out: URL
    private let err: URL

    init(_ arguments: [String], in directory: URL, environment: [String: String]) throws {
        out = directory.appendingPathComponent("out-\(UUID().uuidString)")
        err = directory.appendingPathComponent("err-\(UUID().uuidString)")
        _ = FileManager.default.createFile(atPath: out.path, contents: nil)
        _ = FileManager.default.createFile(atPath: err.path, contents: nil)
        process.executableURL = EntitleProcess.binary
        process.arguments = arguments
        process.currentDirectoryURL = directory
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        process.standardOutput = try FileHandle(forWritingTo: out)
        process.standardError = try FileHandle(forWritingTo: err)
        try process.run()
    }

    var pid: Int32 { process.processIdentifier }

    func wait() -> ProcessOutcome {
        process.waitUntilExit()
        return ProcessOutcome(
            status: process.terminationStatus, stdout: (try? String(contentsOf: out, encoding: .utf8)) ?? "",
            stderr: (try? String(contentsOf: err, encoding: .utf8)) ?? "", seconds: 0)
    }
}
