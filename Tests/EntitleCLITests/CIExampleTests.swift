import Diagnostics
import Foundation
import Testing
import YAMLSource
import _TestSupport

private let pipelines = ["examples/ci/github/entitle.yml", "examples/ci/gitlab/.gitlab-ci.yml"]

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

@Test(arguments: pipelines)
func theCIExampleIsValidYAMLAndEveryEntitleCommandInItExists(path: String) throws {
    let url = EntitleProcess.packageRoot.appendingPathComponent(path)
    let result = YAMLReader().read(SourceFile(path: path, bytes: Array(try Data(contentsOf: url))))
    #expect(!result.diagnostics.containsErrors, "\(result.diagnostics.map(\.message))")
    let document = try #require(result.documents.first)
    let commands = scalars(document.root).flatMap(invocations)
    let used = Set(commands.map { $0.command.joined(separator: " ") })
    #expect(used.isSuperset(of: ["validate", "plan", "apply", "drift"]), "\(used)")
    for (command, flags) in commands {
        let help = try EntitleProcess.run(command + ["--help"])
        #expect(help.status == 0, "entitle \(command.joined(separator: " ")) --help failed: \(help.stderr)")
        for flag in flags { #expect(help.stdout.contains(flag), "entitle \(command.joined(separator: " ")) has no \(flag)") }
    }
}
