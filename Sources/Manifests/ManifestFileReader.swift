import Diagnostics
import EntitlementModel
import Foundation
import Synchronization
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
        var candidates: [(path: String, size: Int)] = []
        for path in paths {
            for candidate in expand(path, diagnostics: &diagnostics) where seen.insert(candidate.path).inserted { candidates.append(candidate) }
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
        for (filePath, size) in candidates {
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
        files.reserveCapacity(sized.count)
        // Room for a byte-order mark beyond the limit: the limit is on what follows it.
        let contents = Self.contents(of: sized, limit: maxFileBytes + 3)
        for (file, bytes) in zip(sized, contents) {
            guard var bytes else {
                diagnostics.append(Diagnostic(.manifestUnreadable, "cannot read file", at: SourceLocation(file: file.path)))
                continue
            }
            // Editors on Windows may start a UTF-8 file with a byte-order mark. libyaml takes one
            // before a plain document but not before '---' or a comment; without it, line 1's
            // columns are the ones the editor shows.
            if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
            guard bytes.count <= maxFileBytes else {
                // It grew since it was sized, or is a pipe.
                diagnostics.append(
                    Diagnostic(
                        .yamlFileTooLarge, "file is more than the limit of \(maxFileBytes) bytes",
                        at: SourceLocation(file: file.path, range: SourceRange(start: SourcePosition(line: 1, column: 1))),
                        hints: ["split the manifests into several files"]))
                continue
            }
            files.append(SourceFile(path: file.path, bytes: bytes))
        }
        return (files, diagnostics)
    }

    /// Reads at most this many files at once.
    static let readsInFlight = 16

    /// The bytes of each file, in order (`nil` for one that cannot be read), read on up to
    /// `readsInFlight` threads (one file alone on the calling thread): reading a file waits for
    /// the disk far longer than it computes
    /// when the file is not in the page cache (a fresh checkout on a busy runner, or files the
    /// system evicted), and a read per core left the cores idle. With the files cached, as many
    /// threads cost nothing measurable.
    static func contents(of files: [(path: String, size: Int)], limit: Int) -> [[UInt8]?] {
        guard files.count > 1 else { return files.map { contents(of: $0.path, size: $0.size, limit: limit) } }
        let results = ReadResults(count: files.count)
        let group = DispatchGroup()
        for _ in 0..<min(files.count, readsInFlight) {
            group.enter()
            Thread.detachNewThread {
                while let position = results.nextPosition() {
                    results.set(position, contents(of: files[position].path, size: files[position].size, limit: limit))
                }
                group.leave()
            }
        }
        group.wait()
        return results.values
    }

    /// The bytes of the file at `path`, to its end (at most `limit + 1` of them), or `nil` if it
    /// cannot be read. The walk has sized it already, so it is read without another `stat`: one
    /// system call fewer for each of thousands of files.
    static func contents(of path: String, size: Int, limit: Int) -> [UInt8]? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var bytes: [UInt8] = []
        // One byte more than the walk found, so a file of that size is read whole in one call,
        // and one that grew is read on.
        var wanted = min(size, limit) + 1
        while bytes.count <= limit {
            let start = bytes.count
            bytes.append(contentsOf: repeatElement(0, count: wanted))
            let count = bytes.withUnsafeMutableBytes { buffer in
                buffer.baseAddress.map { readRetrying(descriptor, $0 + start, wanted) } ?? -1
            }
            guard count >= 0 else { return nil }
            bytes.removeLast(wanted - count)
            // The end; or, short of what was asked, the whole size the walk found (a pipe may
            // give less before its end, a regular file does not).
            if count == 0 || (count < wanted && bytes.count == size) { break }
            wanted = min(64 << 10, limit + 1 - bytes.count)
        }
        return bytes
    }

    /// What `stat` says of a path (following links), or `nil` if it does not exist.
    private struct Status {
        var isDirectory: Bool
        var size: Int
        var identity: FileIdentity
    }

    /// A file's device and inode: what a directory is, whatever the path it is reached by.
    private struct FileIdentity: Hashable {
        var device: UInt64
        var inode: UInt64
    }

    private static func status(_ path: String, followLinks: Bool = true) -> (Status, isLink: Bool)? {
        var info = stat()
        guard (followLinks ? stat(path, &info) : lstat(path, &info)) == 0 else { return nil }
        let type = info.st_mode & S_IFMT
        return (
            Status(
                isDirectory: type == S_IFDIR, size: Int(info.st_size),
                identity: FileIdentity(device: UInt64(truncatingIfNeeded: info.st_dev), inode: UInt64(truncatingIfNeeded: info.st_ino))),
            type == S_IFLNK
        )
    }

    private func expand(_ path: String, diagnostics: inout [Diagnostic]) -> [(path: String, size: Int)] {
        guard let (status, _) = Self.status(path) else {
            diagnostics.append(Diagnostic(.manifestUnreadable, "no such file or directory", at: SourceLocation(file: path)))
            return []
        }
        guard status.isDirectory else { return [(path, status.size)] }
        var found: [(path: String, size: Int)] = []
        let root = Self.realPath(path)
        var visited: Set<FileIdentity> = [status.identity]
        walk(path, root: root, ancestors: [status.identity], visited: &visited, into: &found, diagnostics: &diagnostics)
        return found
    }

    /// Walks `directory`. `ancestors` are the directories on the way down (a link to one of them is a
    /// loop); `visited` are all directories read so far (a second way to one of them is skipped, so
    /// no file is read twice).
    private func walk(
        _ directory: String, root: String, ancestors: Set<FileIdentity>, visited: inout Set<FileIdentity>,
        into found: inout [(path: String, size: Int)], diagnostics: inout [Diagnostic]
    ) {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else {
            diagnostics.append(Diagnostic(.manifestUnreadable, "cannot list directory", at: SourceLocation(file: directory)))
            return
        }
        for name in names.sorted() where !name.hasPrefix(".") {
            let child = directory.hasSuffix("/") ? directory + name : directory + "/" + name
            let isManifest = name.hasSuffix(".yaml") || name.hasSuffix(".yml")
            guard let (own, isLink) = Self.status(child, followLinks: false) else {
                if isManifest { diagnostics.append(Diagnostic(.manifestUnreadable, "cannot read file", at: SourceLocation(file: child))) }
                continue
            }
            var status = own
            if isLink {
                // Links are followed only while they stay inside the directory given.
                let real = Self.realPath(child)
                guard let target = Self.status(child)?.0 else {
                    // A dangling link (or a loop of links) where a manifest should be is never
                    // skipped in silence: a missing manifest would plan deletes.
                    if isManifest {
                        diagnostics.append(
                            Diagnostic(
                                .manifestUnreadable, "symbolic link leads to no readable file", at: SourceLocation(file: child),
                                hints: ["fix or remove the link"]))
                    }
                    continue
                }
                if real != root, !real.hasPrefix(root.hasSuffix("/") ? root : root + "/") {
                    if isManifest || target.isDirectory {
                        diagnostics.append(
                            Diagnostic(
                                .manifestOutsideRoot, "symbolic link leads outside the manifest directory (to \(real)); not followed",
                                at: SourceLocation(file: child), hints: ["copy the manifests into the directory instead of linking to them"]))
                    }
                    continue
                }
                status = target
            }
            if status.isDirectory {
                if ancestors.contains(status.identity) {
                    diagnostics.append(
                        Diagnostic(
                            .manifestSymlinkLoop, "symbolic link loops back to a directory it is in (\(Self.realPath(child))); not followed",
                            at: SourceLocation(file: child)))
                    continue
                }
                // Another way to a directory already read: its files are read once, by the first way.
                guard visited.insert(status.identity).inserted else { continue }
                walk(child, root: root, ancestors: ancestors.union([status.identity]), visited: &visited, into: &found, diagnostics: &diagnostics)
            } else if isManifest {
                found.append((child, status.size))
            }
        }
    }

    /// The path with every symbolic link resolved (`realpath(3)`); the path itself if that fails.
    static func realPath(_ path: String) -> String {
        guard let resolved = realpath(path, nil) else { return path }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}

/// `read(2)`, again when a signal interrupts it.
private func readRetrying(_ descriptor: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int) -> Int {
    while true {
        let result = read(descriptor, buffer, count)
        if result >= 0 || errno != EINTR { return result }
    }
}

/// The files read so far and the next one to read, shared by the reading threads: each position
/// is taken by one thread, which alone writes its result.
private final class ReadResults: @unchecked Sendable {
    private let count: Int
    private let next = Atomic<Int>(0)
    private let lock = NSLock()
    private var results: [[UInt8]?]

    init(count: Int) {
        self.count = count
        results = Array(repeating: nil, count: count)
    }

    /// The next file to read, or `nil` when all are taken.
    func nextPosition() -> Int? {
        let position = next.wrappingAdd(1, ordering: .relaxed).oldValue
        return position < count ? position : nil
    }

    func set(_ position: Int, _ bytes: [UInt8]?) { lock.withLock { results[position] = bytes } }

    var values: [[UInt8]?] { lock.withLock { results } }
}
