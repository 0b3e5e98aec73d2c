import Diagnostics
import Foundation
import Testing
import YAMLSource
import _TestSupport

private let pipelines = ["ci-samples/github/entitle.yml", "ci-samples/gitlab/.gitlab-ci.yml"]

/// Every scalar in a YAML node tree.
private func scalars(_ node: YAMLNode) -> [String] {
    switch node.content {
    case .scalar(let scalar): [scalar.value]
    case .sequence(let items): items.flatMap(scalars)
    case .mapping(let entries): entries.flatMap { [$0.key] + scalars($0.value) }
    }
}

/// The `entitle …` invocations in shell text: (subcommand path, flags).
private func invocations(in text: String) -> [(command: [String], flags: [String])] {
    var found: [(command: [String], flags: [String])] = []
    for line in text.split(separator: "\n") {
        let tokens = line.split(whereSeparator: { " \t;|&()".contains($0) }).map(String.init)
        for (index, token) in tokens.enumerated() where token == "entitle" && index + 1 < tokens.count {
            var command = [tokens[index + 1]]
            if command == ["directory"], index + 2 < tokens.count { command.append(tokens[index + 2]) }
            guard command[0].allSatisfy(\.isLowercase) else { continue }
            let rest = tokens[(index + 1)...].prefix { !["&&", "||", ">", ">>"].contains($0) }
            let flags = rest.filter { $0.hasPrefix("--") }.map { String($0.split(separator: "=")[0]) }
            found.append((command, flags))
        }
    }
    return found
}

private let script = "ci-samples/entitle-ci.sh"

@Test(arguments: pipelines)
func theCIExampleIsValidYAMLAndEveryEntitleCommandInItExists(path: String) throws {
    let url = EntitleProcess.packageRoot.appendingPathComponent(path)
    let text = try String(contentsOf: url, encoding: .utf8)
    let result = YAMLReader().read(SourceFile(path: path, bytes: Array(Data(text.utf8))))
    #expect(!result.diagnostics.containsErrors, "\(result.diagnostics.map(\.message))")
    let document = try #require(result.documents.first)
    // The pipeline runs the shared script's three steps; its own entitle commands and the
    // script's must all exist with the flags they use.
    let steps = scalars(document.root).joined(separator: "\n")
    for step in ["entitle-ci.sh plan manifests", "entitle-ci.sh apply", "entitle-ci.sh drift manifests"] {
        #expect(steps.contains(step), "\(path) does not run '\(step)'")
    }
    let scriptText = try String(contentsOf: EntitleProcess.packageRoot.appendingPathComponent(script), encoding: .utf8)
    let commands = (scalars(document.root) + [scriptText]).flatMap(invocations)
    let used = Set(commands.map { $0.command.joined(separator: " ") })
    #expect(used.isSuperset(of: ["validate", "plan", "apply", "drift", "show"]), "\(used)")
    for (command, flags) in commands {
        let help = try EntitleProcess.run(command + ["--help"])
        #expect(help.status == 0, "entitle \(command.joined(separator: " ")) --help failed: \(help.stderr)")
        for flag in flags { #expect(help.stdout.contains(flag), "entitle \(command.joined(separator: " ")) has no \(flag)") }
    }
    // It signs in with the platform's OIDC token, keeps the state in PostgreSQL, builds entitle
    // once from where the user keeps it, and names no repository or release of its own.
    #expect(text.contains("api://AzureADTokenExchange"))
    #expect(text.contains("ENTITLE_STATE") && text.contains("postgres://"))
    #expect(text.contains("ENTITLE_GIT_URL") && text.contains("cache"))
    #expect(!text.contains("git clone https://") && !text.contains("--branch v"), "a made-up repository or release")
    #expect(!text.contains("AZURE_CLIENT_SECRET"), "a stored client secret")
}

/// The samples' shell steps, run as the pipelines run them, against the Graph emulator with the
/// state in PostgreSQL: plan on the pull request, apply of exactly that plan on merge, drift on a
/// schedule (in sync, then after a change made in the portal). Signed in as GitLab does (a
/// federated token file) and as GitHub does (its OIDC token, with annotations on).
@Test(arguments: ["gitlab", "github"])
func theCIStepsRunAgainstTheEmulator(platform: String) async throws {
    let emulator = try GraphEmulatorProcess(["--directory", "examples/tutorial/directory.yaml"])
    let root = try EntitleProcess.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: root) }
    try FileManager.default.copyItem(
        at: EntitleProcess.packageRoot.appendingPathComponent("examples/tutorial"), to: root.appendingPathComponent("manifests"))
    var environment = [
        "PATH": EntitleProcess.binary.deletingLastPathComponent().path + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"),
        "AZURE_AUTHORITY_HOST": emulator.url, "ENTITLE_GRAPH_URL": emulator.url, "AZURE_TENANT_ID": GraphEmulatorProcess.tenantID,
        "AZURE_CLIENT_ID": GraphEmulatorProcess.clientID, "ENTITLE_TENANT": "graph://\(GraphEmulatorProcess.domain)",
        "ENTITLE_STATE": try TestPostgres.url(schema: TestPostgres.uniqueSchema("ci_\(platform)")),
    ]
    if platform == "github" {
        environment["GITHUB_ACTIONS"] = "true"
        environment["ENTITLE_AUTH"] = "github"
        environment["ACTIONS_ID_TOKEN_REQUEST_URL"] = "\(emulator.url)/github/token?api-version=2.0"
        environment["ACTIONS_ID_TOKEN_REQUEST_TOKEN"] = "github-request-token"
    } else {
        // GitLab writes its ID token to a file (the pipeline's before_script).
        let token = GraphEmulatorProcess.federatedToken()
        try Data(token.utf8).write(to: root.appendingPathComponent(".azure-id-token"))
        environment["AZURE_FEDERATED_TOKEN_FILE"] = root.appendingPathComponent(".azure-id-token").path
    }
    let scriptPath = EntitleProcess.packageRoot.appendingPathComponent(script).path
    func step(_ arguments: [String]) throws -> ProcessOutcome { try ShellProcess.run(["bash", scriptPath] + arguments, in: root, environment: environment) }

    // Pull request: validate and plan; the saved plan and its markdown are left for the comment.
    let plan = try step(["plan", "manifests"])
    #expect(plan.status == 0, "\(plan.stderr)")
    #expect(plan.stderr.contains(platform == "github" ? "with the GitHub Actions OIDC credential" : "with the federated token file credential"))
    if platform == "github" { #expect(plan.stdout.contains("::warning file=manifests/external-user-package.yaml,line=")) }
    let markdown = try String(contentsOf: root.appendingPathComponent("plan.md"), encoding: .utf8)
    #expect(markdown.contains("accessPackage.external-user-package"), "\(markdown)")
    #expect(FileManager.default.fileExists(atPath: root.appendingPathComponent("plan.json").path))
    // Merge: exactly that plan is applied.
    let apply = try step(["apply"])
    #expect(apply.status == 0, "\(apply.stdout)\n\(apply.stderr)")
    #expect(apply.stdout.contains("Apply complete: 3 created"))
    let packages = try await emulator.expect(200, "GET", "/identityGovernance/entitlementManagement/accessPackages")["value"] as? [[String: Any]] ?? []
    #expect(packages.count == 1)
    // Schedule: in sync, then drift after a change made in the portal.
    let quiet = try step(["drift", "manifests"])
    #expect(quiet.status == 0, "\(quiet.stdout)\n\(quiet.stderr)")
    let packageID = try #require(packages.first?["id"] as? String)
    try await emulator.expect(204, "PATCH", "/identityGovernance/entitlementManagement/accessPackages/\(packageID)", ["description": "Changed in the portal"])
    let drift = try step(["drift", "manifests"])
    #expect(drift.status == 2, "\(drift.stdout)\n\(drift.stderr)")
    let report = try String(contentsOf: root.appendingPathComponent("drift.md"), encoding: .utf8)
    #expect(report.contains("Changed in the portal"), "\(report)")
    #expect(FileManager.default.fileExists(atPath: root.appendingPathComponent("drift.json").path))
}
