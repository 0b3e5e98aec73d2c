import Foundation

/// What running the built `entitle` binary produced.
public struct ProcessOutcome: Sendable {
    /// The exit status.
    public var status: Int32
    /// Everything written to standard output.
    public var stdout: String
    /// Everything written to standard error.
    public var stderr: String
    /// Wall-clock seconds the run took.
    public var seconds: Double

    /// Creates an outcome.
    public init(status: Int32, stdout: String, stderr: String, seconds: Double) {
        self.status = status
        self.stdout = stdout
        self.stderr = stderr
        self.seconds = seconds
    }
}

/// Runs the real `entitle` binary, as a user would, from the package's build directory.
public enum EntitleProcess {
    /// The package root (two levels above this file's folder).
    public static let packageRoot: URL = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The built binary: `ENTITLE_BINARY`, else `entitle` beside the test bundle.
    public static var binary: URL {
        if let path = ProcessInfo.processInfo.environment["ENTITLE_BINARY"] { return URL(fileURLWithPath: path) }
        let bundle = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        var directory = bundle.deletingLastPathComponent()
        // Under XCTest the bundle may be a directory (…/entitlePackageTests.xctest/…).
        while !FileManager.default.isExecutableFile(atPath: directory.appendingPathComponent("entitle").path), directory.path != "/" {
            directory = directory.deletingLastPathComponent()
        }
        return directory.appendingPathComponent("entitle")
    }

    /// Runs `entitle arguments…` in `directory` (default: the package root) with `environment`
    /// added and the variables in `unsetting` removed.
    public static func run(
        _ arguments: [String], in directory: URL? = nil, environment: [String: String] = [:], unsetting: Set<String> = []
    ) throws -> ProcessOutcome {
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        process.currentDirectoryURL = directory ?? packageRoot
        var env = ProcessInfo.processInfo.environment
        env["NO_COLOR"] = "1"
        for (key, value) in environment { env[key] = value }
        for key in unsetting { env[key] = nil }
        process.environment = env
        // Files rather than pipes: a large output can never block the child.
        let scratch = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: scratch) }
        let outURL = scratch.appendingPathComponent("stdout")
        let errURL = scratch.appendingPathComponent("stderr")
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let out = try FileHandle(forWritingTo: outURL)
        let err = try FileHandle(forWritingTo: errURL)
        defer {
            try? out.close()
            try? err.close()
        }
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        let start = Date()
        try process.run()
        process.waitUntilExit()
        let seconds = Date().timeIntervalSince(start)
        return ProcessOutcome(
            status: process.terminationStatus, stdout: String(decoding: try Data(contentsOf: outURL), as: UTF8.self),
            stderr: String(decoding: try Data(contentsOf: errURL), as: UTF8.self), seconds: seconds
        )
    }

    /// A fresh temporary directory.
    public static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("entitle-test-" + UUID().uuidString)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
