import Synchronization

/// A spec as a store keeps it: its canonical JSON text, checked when read and parsed only the
/// first time its value is needed. A plan compares a stored spec's text with the desired spec's
/// and parses only those that differ, so a store of tens of thousands of objects is not turned
/// into value trees that nothing looks at (at 10,000 packages those trees were about 100 MB of a
/// plan's peak memory).
public final class StoredSpec: Sendable {
    /// The text a store gave, or `nil` for a spec made in memory (from Graph, by an apply).
    public let text: String?
    private let parsed: Mutex<CanonicalValue?>

    /// A spec already in hand.
    public init(_ value: CanonicalValue) {
        text = nil
        parsed = Mutex(value)
    }

    /// A spec a store wrote, checked to be what `CanonicalJSONParser.parse` reads.
    public init(checking text: String) throws(CanonicalJSONParser.Failure) {
        try CanonicalJSONParser.check(text)
        self.text = text
        parsed = Mutex(nil)
    }

    /// The spec, parsed on first use.
    public var value: CanonicalValue {
        parsed.withLock { cached in
            if let cached { return cached }
            // The text was checked when it was read, so it parses.
            let value = (try? CanonicalJSONParser.parse(text ?? "null")) ?? .null
            cached = value
            return value
        }
    }

    /// Whether the text has been parsed (a value made in memory always is).
    public var isParsed: Bool { parsed.withLock { $0 != nil } }

    /// Whether two stored specs are the same spec: the same text (canonical text is one per
    /// value), else the same value.
    public func isSame(as other: StoredSpec) -> Bool {
        if self === other { return true }
        if let text, let otherText = other.text, text == otherText { return true }
        return value == other.value
    }
}
