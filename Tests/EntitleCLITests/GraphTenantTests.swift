import Foundation
import Testing
import _TestSupport

/// The real `entitle` binary against the real emulator process on loopback: plan, export, import,
/// drift and show read a Microsoft Graph tenant, and entitle's state lives in a SQLite file bound
/// to it.
@Suite(.serialized) struct GraphTenantTests {
    /// A scratch directory driving `entitle … --tenant graph://woodgrove.example` at an emulator.
    struct GraphWorkspace {
        let root: URL
        var emulator: GraphEmulatorProcess
        var extraEnvironment: [String: String] = [:]

        init(emulator: GraphEmulatorProcess, copying example: String? = "tutorial") throws {
            root = try EntitleProcess.temporaryDirectory()
            self.emulator = emulator
            if let example {
                try FileManager.default.copyItem(
                    at: EntitleProcess.packageRoot.appendingPathComponent("examples/" + example), to: root.appendingPathComponent("manifests"))
            }
        }

        var environment: [String: String] { emulator.environment.merging(extraEnvironment) { _, new in new } }

        @discardableResult
        func run(_ arguments: [String]) throws -> ProcessOutcome {
            try EntitleProcess.run(arguments + ["--tenant", "graph://\(GraphEmulatorProcess.domain)"], in: root, environment: environment)
        }

        @discardableResult
        func expect(_ arguments: [String], status: Int32, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> ProcessOutcome {
            let outcome = try run(arguments)
            #expect(
                outcome.status == status,
                "entitle \(arguments.joined(separator: " ")) exited \(outcome.status)\n\(outcome.stdout)\n\(outcome.stderr)", sourceLocation: sourceLocation)
            return outcome
        }

        func remove() { try? FileManager.default.removeItem(at: root) }
    }

    static func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    /// Names go first to advanced queries (many to a filter); those Graph's index does not show
    /// yet are asked again of the directory itself, so a lagging index changes nothing in the plan.
    @Test(arguments: [0, 600])
    func namesTheIndexDoesNotShowYetAreFoundInTheDirectory(indexLag: Int) async throws {
        let emulator = try GraphEmulatorProcess(["--directory", "examples/tutorial/directory.yaml", "--index-lag", String(indexLag)])
        let workspace = try GraphWorkspace(emulator: emulator)
        defer { workspace.remove() }
        let outcome = try workspace.expect(["plan", "manifests", "--format", "json", "--detailed-exitcode"], status: 2)
        let changes = try #require(try Self.json(outcome.stdout)["changes"] as? [[String: Any]])
        #expect(changes.count == 3, "\(outcome.stdout)")
        #expect(!outcome.stdout.contains("E-UNKNOWN") && !outcome.stderr.contains("not found"), "\(outcome.stderr)")
        let lookups = try emulator.requests().compactMap { $0["url"] as? String }.filter { $0.hasPrefix("/groups") || $0.hasPrefix("/users") }
        #expect(lookups.contains { $0.contains("$count=true") }, "\(lookups)")
        // Only when the index lags are names asked again, with plain filters.
        #expect(lookups.contains { !$0.contains("$count=true") } == (indexLag > 0), "\(lookups)")
    }

    @Test func theTutorialPlansAgainstAnEmptyTenant() async throws {
        let emulator = try GraphEmulatorProcess(["--directory", "examples/tutorial/directory.yaml"])
        let workspace = try GraphWorkspace(emulator: emulator)
        defer { workspace.remove() }
        let outcome = try workspace.expect(["plan", "manifests", "--format", "json", "--detailed-exitcode"], status: 2)
        #expect(outcome.stderr.contains("Signing in to graph://woodgrove.example with the client secret credential."))
        let plan = try Self.json(outcome.stdout)
        let changes = try #require(plan["changes"] as? [[String: Any]])
        let groups = try await emulator.expect(200, "GET", "/groups?$filter=displayName%20eq%20'External%20collaboration'")
        let groupID = try #require(((groups["value"] as? [[String: Any]])?.first)?["id"] as? String)
        #expect(
            changes.map { "\($0["action"] ?? "") \($0["address"] ?? "")" } == [
                "create catalog.General.resource.\(groupID)", "create accessPackage.external-user-package",
                "create accessPackage.external-user-package.policy.external-users",
            ])
        // The package's group is the tenant's, found by its name.
        let package = try #require(changes.first { $0["address"] as? String == "accessPackage.external-user-package" })
        let roles = try #require((package["after"] as? [String: Any])?["resourceRoles"] as? [[String: Any]])
        #expect(roles.first?["group"] as? String == groupID)
        // Reads grow with pages, not objects, and the directory is looked up, never listed.
        let requests = try emulator.requests().filter { ($0["path"] as? String)?.hasPrefix("/v1.0/") == true }
        #expect(requests.count <= 8, "\(requests.map { $0["path"] ?? "" })")
        #expect(!requests.contains { $0["path"] as? String == "/v1.0/users" && ($0["query"] as? String ?? "").isEmpty })
        // A plan only reads: the tenant has no state yet, and the plan does not make one.
        #expect(!FileManager.default.fileExists(atPath: workspace.root.appendingPathComponent(".entitle/state-\(GraphEmulatorProcess.tenantID).db").path))

        // A saved plan names the tenant as well as its state's lineage and serial; an embedded
        // store will not take it.
        try workspace.expect(["plan", "manifests", "--out", "plan.json"], status: 0)
        let saved = try Self.json(try String(contentsOf: workspace.root.appendingPathComponent("plan.json"), encoding: .utf8))
        let basis = try #require(saved["basis"] as? [String: Any])
        #expect(basis["tenant"] as? String == GraphEmulatorProcess.tenantID)
        // Made before the tenant had a state: its apply creates the state (see GraphApplyTests).
        #expect(basis["serial"] as? Int == 0 && basis["lineage"] as? String == "none")
        let elsewhere = try EntitleProcess.run(["apply", "--plan", "plan.json", "--store", "sqlite:other.db"], in: workspace.root)
        #expect(elsewhere.status == 1 && elsewhere.stderr.contains("was made for the Microsoft Graph tenant \(GraphEmulatorProcess.tenantID)"))

        // A name the tenant does not have is a diagnostic where the manifest writes it.
        let file = workspace.root.appendingPathComponent("manifests/external-user-package.yaml")
        let original = try String(contentsOf: file, encoding: .utf8)
        try Data(original.replacingOccurrences(of: "group: External collaboration", with: "group: External colaboration").utf8).write(to: file)
        let unknown = try workspace.expect(["plan", "manifests"], status: 1)
        #expect(
            unknown.stderr.contains(
                "external-user-package.yaml:17:14: error[E-REF-UNKNOWN-DIRECTORY-OBJECT]: group 'External colaboration' was not found in graph://woodgrove.example"
            ))
        #expect(unknown.stderr.contains("groups are looked up by display name"))
        try Data(original.utf8).write(to: file)

        // The directory is the tenant's own; nothing is written.
        let before = try emulator.requests().count
        let load = try workspace.expect(["directory", "load", "manifests/directory.yaml"], status: 1)
        #expect(load.stderr.contains("the directory of graph://woodgrove.example is the tenant's own"))
        #expect(try GraphApplyTests.writes(emulator, from: before).isEmpty)
    }

    /// Every example set plans against a tenant holding its directory: users by UPN, groups and
    /// applications by display name and sites by URL are all looked up, and nothing else is.
    @Test(arguments: ["automatic-assignment", "connected-organizations", "multi-stage-approval", "questions-and-reviews", "tenant-settings"])
    func everyExamplePlansAgainstItsTenant(example: String) throws {
        let emulator = try GraphEmulatorProcess(["--directory", "examples/\(example)/directory.yaml"])
        let workspace = try GraphWorkspace(emulator: emulator, copying: example)
        defer { workspace.remove() }
        let plan = try Self.json(try workspace.expect(["plan", "manifests", "--format", "json"], status: 0).stdout)
        let summary = try #require(plan["summary"] as? [String: Any])
        #expect((summary["create"] as? Int ?? 0) > 0 && summary["delete"] as? Int == 0)
        let items = try emulator.requests().compactMap { $0["url"] as? String }
        let lookups = items.filter { $0.hasPrefix("/users") || $0.hasPrefix("/groups") || $0.hasPrefix("/servicePrincipals") || $0.hasPrefix("/sites") }
        #expect(!lookups.isEmpty)
        #expect(lookups.allSatisfy { $0.contains("$filter=") || $0.hasPrefix("/sites/") }, "the directory is looked up by name, never listed: \(lookups)")
    }

    @Test func exportImportThenPlanIsCleanWhateverThePagingAndFaults() async throws {
        let stateFile = try EntitleProcess.temporaryDirectory().appendingPathComponent("tenant.json").path
        let base = ["--directory", "examples/tutorial/directory.yaml", "--state-file", stateFile]
        var emulator = try GraphEmulatorProcess(base + ["--page-size", "5"])
        let made = try await GraphSeed.seed(emulator, packages: 12)
        var workspace = try GraphWorkspace(emulator: emulator, copying: "tutorial")
        defer { workspace.remove() }
        // The tutorial's group is in another catalog already: no collision for the General catalog.
        try workspace.expect(["plan", "manifests"], status: 0)

        // Onboarding: export the tenant, adopt everything, and the plan is clean.
        let export = try workspace.expect(["export", "--out", "exported"], status: 0)
        #expect(export.stdout.contains("not managed yet; adopt them with"))
        let script = workspace.root.appendingPathComponent("exported/import-commands.sh").path
        let imports = try String(contentsOfFile: script, encoding: .utf8).split(separator: "\n").filter { $0.contains(" import ") }
        // The catalog, 12 packages and 12 policies, the organization and the settings (a resource
        // already in a catalog is used as it is, managed or not).
        let expectedImports = 27
        #expect(imports.count == expectedImports, "\(imports.joined(separator: "\n"))")
        let runScript = try ShellProcess.run(
            ["sh", script, "--tenant", "graph://\(GraphEmulatorProcess.domain)"], in: workspace.root,
            environment: workspace.environment.merging(["ENTITLE": EntitleProcess.binary.path]) { _, new in new })
        #expect(runScript.status == 0, "\(runScript.stdout)\n\(runScript.stderr)")
        try workspace.expect(["plan", "exported", "--detailed-exitcode"], status: 0)

        // One policy's expiry changes in the manifests: one update, the same however Graph pages
        // and however often it throttles or fails.
        let policyFile = try #require(
            try FileManager.default.contentsOfDirectory(atPath: workspace.root.appendingPathComponent("exported").path).first {
                $0.contains("sales-package-3")
            })
        let path = workspace.root.appendingPathComponent("exported/\(policyFile)").path
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.contains("after: P60D"))
        try Data(text.replacingOccurrences(of: "after: P60D", with: "after: P90D").utf8).write(to: URL(fileURLWithPath: path))
        let reference = try workspace.expect(["plan", "exported", "--format", "json"], status: 0).stdout
        let summary = try #require(try Self.json(reference)["summary"] as? [String: Any])
        #expect(summary["update"] as? Int == 1 && summary["create"] as? Int == 0 && summary["delete"] as? Int == 0)
        let variants = [
            ["--page-size", "1"], ["--page-size", "7"], ["--page-size", "100"], ["--throttle-every", "3", "--fail-rate", "0.05"],
            // Almost one request in three fails: reads, batches of reads and lookups are all sent again.
            ["--fail-rate", "0.3"],
            ["--documented-expand-only"],
        ]
        for flags in variants {
            emulator.stop()
            emulator = try GraphEmulatorProcess(base + flags)
            workspace.emulator = emulator
            let plan = try workspace.expect(["plan", "exported", "--format", "json"], status: 0)
            #expect(plan.stdout == reference, "the plan differs with \(flags.joined(separator: " "))")
            if flags.contains("--throttle-every") {
                let statuses = try emulator.requests().compactMap { $0["status"] as? Int }
                #expect(statuses.contains(429), "throttling was injected")
            }
        }

        // Another admin changes a policy (a PUT of the whole policy): drift sees it.
        emulator.stop()
        emulator = try GraphEmulatorProcess(base)
        workspace.emulator = emulator
        let policy = try await emulator.expect(200, "GET", GraphSeed.em + "/assignmentPolicies/\(made.policyIDs[0])")
        var changed = policy
        changed["description"] = "Changed in the portal"
        changed["accessPackage"] = ["id": made.packageIDs[0]]
        changed["id"] = nil
        changed["createdDateTime"] = nil
        changed["modifiedDateTime"] = nil
        try await emulator.expect(200, "PUT", GraphSeed.em + "/assignmentPolicies/\(made.policyIDs[0])", changed)
        let drift = try workspace.expect(["drift", "exported", "--format", "json"], status: 2)
        let findings = try #require(try Self.json(drift.stdout)["findings"] as? [[String: Any]])
        let finding = try #require(findings.first { ($0["fields"] as? [[String: Any]])?.contains { $0["path"] as? String == "description" } == true })
        let field = try #require((finding["fields"] as? [[String: Any]])?.first { $0["path"] as? String == "description" })
        #expect(field["current"] as? String == "Changed in the portal")
        #expect(field["lastApplied"] as? String == "Users from Contoso may request package 1")

        // show lists the tenant's objects with their addresses.
        let show = try workspace.expect(["show", "--format", "json"], status: 0)
        #expect(show.stdout.contains("accessPackage.sales-package-1"))
        emulator.stop()
    }

    @Test func aStateBelongsToOneTenant() async throws {
        let emulator = try GraphEmulatorProcess(["--directory", "examples/tutorial/directory.yaml"])
        let workspace = try GraphWorkspace(emulator: emulator)
        defer { workspace.remove() }
        // init creates a state bound to the tenant; a plan never does.
        try workspace.expect(["plan", "manifests", "--state", "sqlite:shared.db"], status: 0)
        #expect(!FileManager.default.fileExists(atPath: workspace.root.appendingPathComponent("shared.db").path))
        let created = try workspace.expect(["init", "--state", "sqlite:shared.db"], status: 0)
        #expect(created.stderr.contains("Created a new state at sqlite:shared.db"), "\(created.stderr)")
        try workspace.expect(["plan", "manifests", "--state", "sqlite:shared.db"], status: 0)
        // Another name of the same tenant (its id) finds the same default state.
        try workspace.expect(["init"], status: 0)
        try workspace.expect(["plan", "manifests", "--out", "plan.json"], status: 0)
        let byID = try EntitleProcess.run(
            ["plan", "manifests", "--tenant", "graph://\(GraphEmulatorProcess.tenantID)", "--out", "plan-by-id.json"], in: workspace.root,
            environment: workspace.environment)
        #expect(byID.status == 0, "\(byID.stderr)")
        let lineage = { (file: String) throws -> String? in
            ((try Self.json(try String(contentsOf: workspace.root.appendingPathComponent(file), encoding: .utf8)))["basis"] as? [String: Any])?["lineage"]
                as? String
        }
        #expect(try lineage("plan.json") == lineage("plan-by-id.json"))
        #expect(try lineage("plan.json")?.count == 36)
        emulator.stop()
        let other = try GraphEmulatorProcess([
            "--directory", "examples/tutorial/directory.yaml", "--tenant-id", "0b0b0b0b-1111-2222-3333-444455556666", "--tenant-domain", "woodgrove.example",
        ])
        var moved = workspace
        moved.emulator = other
        let refused = try moved.expect(["plan", "manifests", "--state", "sqlite:shared.db"], status: 1)
        #expect(refused.stderr.contains("keeps the state of tenant \(GraphEmulatorProcess.tenantID)"))
        // An embedded store is no tenant's state, and a state is no embedded store.
        let embedded = try EntitleProcess.run(["plan", "manifests", "--store", "sqlite:shared.db"], in: workspace.root)
        #expect(embedded.status == 1 && embedded.stderr.contains("keeps the state of a Graph tenant"))
        let both = try moved.expect(["plan", "manifests", "--store", "sqlite:x.db"], status: 1)
        #expect(both.stderr.contains("give either --store, or --tenant with --state"))
        // A copy of a tenant's state stays bound to that tenant.
        let copy = try EntitleProcess.run(["store", "copy", "--from", "sqlite:shared.db", "--to", "sqlite:copy.db"], in: workspace.root)
        #expect(copy.status == 0, "\(copy.stderr)")
        let copied = try moved.expect(["plan", "manifests", "--state", "sqlite:copy.db"], status: 1)
        #expect(copied.stderr.contains("keeps the state of tenant \(GraphEmulatorProcess.tenantID)"))
    }

    /// A tenant's state in PostgreSQL: created bound to the tenant by init, found again by every
    /// plan, and no embedded store.
    @Test(.enabled(if: TestPostgres.isAvailable, "needs ENTITLE_TEST_POSTGRES_URL (scripts/with-postgres)"))
    func aStateInPostgreSQL() throws {
        let emulator = try GraphEmulatorProcess(["--directory", "examples/tutorial/directory.yaml"])
        let workspace = try GraphWorkspace(emulator: emulator)
        defer { workspace.remove() }
        let state = try TestPostgres.url(schema: TestPostgres.uniqueSchema("graph"))
        // Before init creates it, reading commands see a tenant with nothing managed yet.
        try workspace.expect(["drift", "manifests", "--state", state], status: 0)
        try workspace.expect(["init", "--state", state], status: 0)
        try workspace.expect(["plan", "manifests", "--state", state, "--out", "one.json"], status: 0)
        try workspace.expect(["plan", "manifests", "--state", state, "--out", "two.json"], status: 0)
        let basis = { (file: String) throws -> [String: Any]? in
            (try Self.json(try String(contentsOf: workspace.root.appendingPathComponent(file), encoding: .utf8)))["basis"] as? [String: Any]
        }
        #expect(try basis("one.json")?["lineage"] as? String == basis("two.json")?["lineage"] as? String)
        #expect(try basis("one.json")?["lineage"] as? String != "none")
        let embedded = try EntitleProcess.run(["show", "--store", state], in: workspace.root)
        #expect(embedded.status == 1 && embedded.stderr.contains("keeps the state of a Graph tenant"), "\(embedded.stderr)")
    }
}

/// Runs a command other than entitle (a shell script), as a user would.
enum ShellProcess {
    static func run(_ arguments: [String], in directory: URL, environment: [String: String]) throws -> ProcessOutcome {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        process.currentDirectoryURL = directory
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return ProcessOutcome(
            status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self), stderr: String(decoding: errData, as: UTF8.self), seconds: 0)
    }
}
