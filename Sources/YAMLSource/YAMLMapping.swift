/// The entries of a mapping, in source order, keys unique.
public struct YAMLMapping: RandomAccessCollection, Sendable {
    let tree: YAMLTree
    let first: Int
    /// The number of elements.
    public let count: Int

    /// Positions count from zero.
    public var startIndex: Int { 0 }
    /// Just past the last element.
    public var endIndex: Int { count }

    /// The entry at `position`.
    public subscript(position: Int) -> YAMLMappingEntry {
        let key = tree.records[Int(tree.children[first + 2 * position])]
        return YAMLMappingEntry(
            key: tree.texts[Int(key.first)], keyRange: key.range, value: YAMLNode(tree: tree, index: tree.children[first + 2 * position + 1]))
    }

    /// The entry of `key`, if written: compares the keys' texts without making the entries.
    public func entry(_ key: String) -> YAMLMappingEntry? {
        for position in 0..<count where tree.texts[Int(tree.records[Int(tree.children[first + 2 * position])].first)] == key {
            return self[position]
        }
        return nil
    }
}
