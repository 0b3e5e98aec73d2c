/// Bounds on what the YAML reader accepts, so a hostile pull request cannot exhaust memory or time.
public struct YAMLLimits: Sendable {
    /// The largest file accepted, in bytes.
    public var maxFileBytes: Int
    /// The deepest nesting of mappings and sequences accepted.
    public var maxDepth: Int
    /// The most nodes a file may expand to once aliases are counted at their full size.
    ///
    /// Real manifests stay far below it (every node costs at least two bytes of text), while an
    /// alias bomb (each level repeating the one before) exceeds it after a few levels, and is
    /// rejected without ever being expanded.
    public var maxExpandedNodes: Int

    /// Creates limits.
    public init(maxFileBytes: Int, maxDepth: Int, maxExpandedNodes: Int) {
        self.maxFileBytes = maxFileBytes
        self.maxDepth = maxDepth
        self.maxExpandedNodes = maxExpandedNodes
    }

    /// The defaults: 32 MiB per file, 64 levels, and a node budget of one node per byte of the
    /// file (at least 100,000).
    public static let `default` = YAMLLimits(maxFileBytes: 32 << 20, maxDepth: 64, maxExpandedNodes: 100_000)

    /// The node budget for a file of `byteCount` bytes.
    func nodeBudget(forFileOf byteCount: Int) -> Int {
        max(maxExpandedNodes, byteCount)
    }
}
