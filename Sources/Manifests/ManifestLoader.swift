import Crypto
import Diagnostics
import EntitlementModel
import Foundation
import YAMLSource

/// The outcome of loading manifests: the files read, everything found wrong, and — when nothing
/// is an error — the desired state.
public struct ManifestLoadResult: Sendable {
    /// The files read, for quoting lines in diagnostics.
    public var files: [SourceFile]
    /// All problems, sorted by file and position.
    public var diagnostics: [Diagnostic]
    /// The desired state; `nil` when any diagnostic is an error.
    public var state: DesiredState?
    /// The number of manifest documents decoded.
    public var documentCount: Int
}

/// The whole front half of the pipeline: files → YAML → manifests → validated desired state.
public struct ManifestLoader: Sendable {
    /// The YAML limits applied to every file.
    public var limits: YAMLLimits
    /// The time the manifests are read at, for warnings about dates already past (`nil`: none).
    public var now: ISODateTime?

    /// Creates a loader; `now` defaults to the clock's time.
    public init(limits: YAMLLimits = .default, now: ISODateTime? = .now()) {
        self.limits = limits
        self.now = now
    }

    /// Reads and validates every manifest under `paths`.
    public func load(paths: [String]) -> ManifestLoadResult {
        let (files, readProblems) = ManifestFileReader(maxFileBytes: limits.maxFileBytes).read(paths: paths)
        var result = load(files: files)
        // A path that could not be read already explains why nothing was found.
        if !readProblems.isEmpty { result.diagnostics.removeAll { $0.id == .manifestNone } }
        result.diagnostics = Diagnostic.sortedForOutput(readProblems + result.diagnostics)
        if result.diagnostics.containsErrors { result.state = nil }
        return result
    }

    /// Validates manifests already in memory. Files are read and decoded in parallel (each one on
    /// its own; only the cross-manifest validation needs them all), then validated together.
    public func load(files: [SourceFile]) -> ManifestLoadResult {
        let reader = YAMLReader(limits: limits)
        let decoder = ManifestDecoder(now: now)
        let perFile = files.concurrentMap { file -> (diagnostics: [Diagnostic], manifests: [Manifest], documents: Int, digest: [UInt8]) in
            let read = reader.read(file)
            var diagnostics = read.diagnostics
            var manifests: [Manifest] = []
            for document in read.documents {
                let decoded = decoder.decode(document)
                diagnostics += decoded.diagnostics
                if let manifest = decoded.manifest { manifests.append(manifest) }
            }
            return (diagnostics, manifests, read.documents.count, Array(SHA256.hash(data: file.bytes)))
        }
        var diagnostics = perFile.flatMap(\.diagnostics)
        let manifests = perFile.flatMap(\.manifests)
        let documentCount = perFile.reduce(0) { $0 + $1.documents }
        var (state, crossProblems) = ManifestValidator().validate(manifests)
        state.manifestDigest = Self.digest(ofFiles: perFile.map(\.digest))
        diagnostics += crossProblems
        if files.isEmpty {
            diagnostics.append(
                Diagnostic(.manifestNone, "no manifest files found (*.yaml or *.yml)", at: nil, hints: ["give a directory or file holding entitle manifests"]))
        }
        let sorted = Diagnostic.sortedForOutput(diagnostics)
        return ManifestLoadResult(files: files, diagnostics: sorted, state: sorted.containsErrors ? nil : state, documentCount: documentCount)
    }

    /// The SHA-256 of the files' SHA-256 digests, sorted, as lowercase hex: a digest of the
    /// manifests' contents whatever the paths they are read by (`manifests/` or `./manifests`, in
    /// any order). The bytes are in memory already, and each file is hashed where it is decoded:
    /// a hundredth of what hashing every decoded object cost.
    static func digest(ofFiles digests: [[UInt8]]) -> String {
        var hasher = SHA256()
        for digest in digests.sorted(by: { $0.lexicographicallyPrecedes($1) }) { hasher.update(data: digest) }
        return hasher.finalize().map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
    }
}
