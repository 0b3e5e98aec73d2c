import Foundation
import Testing
import _TestSupport

/// The layering picture at the top of Package.swift lists, for every target that is not a test,
/// what it may import; the package's declarations (which the compiler enforces) must say the same.
@Test func thePackagesLayeringPictureMatchesItsDeclarations() throws {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    // A scratch path of its own: the package's .build is locked while `swift test` runs.
    let scratch = try EntitleProcess.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: scratch) }
    process.arguments = ["swift", "package", "--scratch-path", scratch.path, "dump-package"]
    process.currentDirectoryURL = EntitleProcess.packageRoot
    let output = Pipe()
    process.standardOutput = output
    process.standardError = FileHandle.nullDevice
    try process.run()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    #expect(process.terminationStatus == 0)
    let package = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    var declared: [String: Set<String>] = [:]
    for target in package["targets"] as? [[String: Any]] ?? [] where target["type"] as? String != "test" {
        guard let name = target["name"] as? String else { continue }
        var dependencies = Set<String>()
        for dependency in target["dependencies"] as? [[String: Any]] ?? [] {
            for (_, value) in dependency {
                if let first = (value as? [Any])?.first as? String { dependencies.insert(first) }
            }
        }
        declared[name] = dependencies
    }

    let manifest = try String(contentsOf: EntitleProcess.packageRoot.appendingPathComponent("Package.swift"), encoding: .utf8)
    var pictured: [String: Set<String>] = [:]
    for line in manifest.split(separator: "\n") where line.hasPrefix("//   ") && line.contains(" → ") {
        let parts = line.dropFirst(5).components(separatedBy: " → ")
        let name = parts[0].trimmingCharacters(in: .whitespaces)
        let listed = parts[1].split(whereSeparator: { $0 == "," || $0 == ";" }).map { $0.trimmingCharacters(in: .whitespaces) }
        pictured[name] = Set(listed.filter { $0 != "(nothing)" })
    }
    #expect(declared.count > 10)
    #expect(Set(pictured.keys) == Set(declared.keys), "targets pictured but not declared, or declared but not pictured")
    for (name, dependencies) in declared {
        #expect(pictured[name] == dependencies, "\(name): Package.swift declares \(dependencies.sorted()), the picture says \(pictured[name]?.sorted() ?? [])")
    }
}
