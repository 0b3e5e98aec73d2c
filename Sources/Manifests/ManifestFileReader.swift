import Diagnostics
import Foundation
import YAMLSource

/// Finds and reads manifest files under the paths a user gives.
///
/// Directories are walked recursively in sorted order (so output is stable); hidden directories
/// (`.git`, `.github`, `.entitle`) are skipped, and only `*.yaml` / `*.yml` files are read from
/// them. A file named explicitly is read whatever its extension.
public struct ManifestFileReader: Sendable {
    /// Files larger than this are refused before being read, so a huge file costs no memory.
    public var maxFileBytes: Int

    /// Creates a reader.
    public init(maxFileBytes: Int = YAMLLimits.default.maxFileBytes) {
        self.maxFileBytes = maxFileBytes
    }

    /// Reads every manifest file under `paths`; unreadable paths become diagnostics.
    public func read(paths: [String]) -> (files: [SourceFile], diagnostics: [Diagnostic]) {
        var files: [SourceFile] = []
        var diagnostics: [Diagnostic] = []
        var seen = Set<String>()
        for path in paths {
            for filePath in expand(path, diagnostics: &diagnostics) where seen.insert(filePath).inserted {
                let size = (try? FileManager.default.attributesOfItem(atPath: filePath)[.size] as? Int) ?? nil
                if let size, size > maxFileBytes {
                    diagnostics.append(
                        Diagnostic(
                            .yamlFileTooLarge, "file is \(size) bytes, more than the limit of \(maxFileBytes) bytes",
                            at: SourceLocation(file: filePath, range: SourceRange(start: SourcePosition(line: 1, column: 1))),
                            hints: ["split the manifests into several files"]))
                    continue
                }
                guard let data = FileManager.default.contents(atPath: filePath) else {
                    diagnostics.append(Diagnostic(.manifestUnreadable, "cannot read file", at: SourceLocation(file: filePath)))
                    continue
                }
                files.append(SourceFile(path: filePath, bytes: [UInt8](data)))
            }
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
        walk(path, into: &found, diagnostics: &diagnostics)
        return found
    }

    private func walk(_ directory: String, into found: inout [String], diagnostics: inout [Diagnostic]) {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else {
            diagnostics.append(Diagnostic(.manifestUnreadable, "cannot list directory", at: SourceLocation(file: directory)))
            return
        }
        for name in names.sorted() where !name.hasPrefix(".") {
            let child = directory.hasSuffix("/") ? directory + name : directory + "/" + name
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: child, isDirectory: &isDirectory) else { continue }
            if isDirectory.boolValue {
                walk(child, into: &found, diagnostics: &diagnostics)
            } else if name.hasSuffix(".yaml") || name.hasSuffix(".yml") {
                found.append(child)
            }
        }
    }
}
