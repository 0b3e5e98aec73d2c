import Diagnostics
import Foundation
import YAMLSource

/// Finds and reads manifest files under the paths a user gives.
///
/// Directories are walked recursively in sorted order (so output is stable); hidden directories
/// (`.git`, `.github`, `.entitle`) are skipped, and only `*.yaml` / `*.yml` files are read from
/// them. A file named explicitly is read whatever its extension.
///
/// Manifests come from pull requests, so the walk is defensive: symbolic links are followed only
/// while they stay inside the directory given, a link loop is reported rather than followed, and the
/// number of files, each file's size and the total size are checked with `stat` before anything is
/// read.
public struct ManifestFileReader: Sendable {
    /// Files larger than this are refused before being read, so a huge file costs no memory.
    public var maxFileBytes: Int
    /// All files together may not be larger than this.
    public var maxTotalBytes: Int
    /// At most this many files are read.
    public var maxFiles: Int

    /// Creates a reader.
    public init(maxFileBytes: Int = YAMLLimits.default.maxFileBytes, maxTotalBytes: Int = 256 << 20, maxFiles: Int = 50_000) {
        self.maxFileBytes = maxFileBytes
        self.maxTotalBytes = maxTotalBytes
        self.maxFiles = maxFiles
    }

    /// Reads every manifest file under `paths`; unreadable paths and exceeded limits become diagnostics.
    public func read(paths: [String]) -> (files: [SourceFile], diagnostics: [Diagnostic]) {
        var diagnostics: [Diagnostic] = []
        var seen = Set<String>()
        var candidates: [String] = []
        for path in paths {
            for filePath in expand(path, diagnostics: &diagnostics) where seen.insert(filePath).inserted { candidates.append(filePath) }
        }
        if candidates.count > maxFiles {
            diagnostics.append(
                Diagnostic(
                    .manifestTooManyFiles, "\(candidates.count) manifest files, more than the limit of \(maxFiles)", at: nil,
                    hints: ["point entitle at the directory that holds the manifests, not a parent of it"]))
            return ([], diagnostics)
        }
        var sized: [(path: String, size: Int)] = []
        var total = 0
        for filePath in candidates {
            // The size of what a link leads to, not of the link.
            let size = (try? FileManager.default.attributesOfItem(atPath: Self.realPath(filePath))[.size] as? Int) ?? 0
            if size > maxFileBytes {
                diagnostics.append(
                    Diagnostic(
                        .yamlFileTooLarge, "file is \(size) bytes, more than the limit of \(maxFileBytes) bytes",
                        at: SourceLocation(file: filePath, range: SourceRange(start: SourcePosition(line: 1, column: 1))),
                        hints: ["split the manifests into several files"]))
                continue
            }
            total += size
            sized.append((filePath, size))
        }
        if total > maxTotalBytes {
            diagnostics.append(
                Diagnostic(
                    .manifestTotalTooLarge, "the manifest files hold \(total) bytes in all, more than the limit of \(maxTotalBytes) bytes",
                    at: nil, hints: ["check that no generated or binary files are named *.yaml under the manifest directory"]))
            return ([], diagnostics)
        }
        var files: [SourceFile] = []
        for (filePath, _) in sized {
            guard let data = FileManager.default.contents(atPath: filePath) else {
                diagnostics.append(Diagnostic(.manifestUnreadable, "cannot read file", at: SourceLocation(file: filePath)))
                continue
            }
            files.append(SourceFile(path: filePath, bytes: [UInt8](data)))
        }
        return (files, diagnostics)
    }

    private func expand(_ path: String, diagnostics: inout [Diagnostic]) -> [String] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            diagnostics.append(Diagnostic(.manifestUnreadable, "no such file or directory", at: SourceLocation(file: path)))
            return []
        }
        guard isDirectory.boolValue else { return [path] }
        var found: [String] = []
        let root = Self.realPath(path)
        var visited: Set<String> = [root]
        walk(path, root: root, visited: &visited, into: &found, diagnostics: &diagnostics)
        return found
    }

    private func walk(_ directory: String, root: String, visited: inout Set<String>, into found: inout [String], diagnostics: inout [Diagnostic]) {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else {
            diagnostics.append(Diagnostic(.manifestUnreadable, "cannot list directory", at: SourceLocation(file: directory)))
            return
        }
        for name in names.sorted() where !name.hasPrefix(".") {
            let child = directory.hasSuffix("/") ? directory + name : directory + "/" + name
            let isLink = (try? FileManager.default.attributesOfItem(atPath: child)[.type] as? FileAttributeType) == .typeSymbolicLink
            let real = Self.realPath(child)
            if isLink, real != root, !real.hasPrefix(root.hasSuffix("/") ? root : root + "/") {
                if name.hasSuffix(".yaml") || name.hasSuffix(".yml") || Self.isDirectory(child) {
                    diagnostics.append(
                        Diagnostic(
                            .manifestOutsideRoot, "symbolic link leads outside the manifest directory (to \(real)); not followed",
                            at: SourceLocation(file: child), hints: ["copy the manifests into the directory instead of linking to them"]))
                }
                continue
            }
            guard FileManager.default.fileExists(atPath: child) else { continue }
            if Self.isDirectory(child) {
                guard visited.insert(real).inserted else {
                    diagnostics.append(
                        Diagnostic(
                            .manifestSymlinkLoop, "symbolic link loops back to a directory already read (\(real)); not followed",
                            at: SourceLocation(file: child)))
                    continue
                }
                walk(child, root: root, visited: &visited, into: &found, diagnostics: &diagnostics)
            } else if name.hasSuffix(".yaml") || name.hasSuffix(".yml") {
                found.append(child)
            }
        }
    }

    private static func isDirectory(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
    }

    /// The path with every symbolic link resolved (`realpath(3)`); the path itself if that fails.
    static func realPath(_ path: String) -> String {
        guard let resolved = realpath(path, nil) else { return path }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}
