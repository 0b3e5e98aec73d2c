/// The items of a sequence, in order.
public struct YAMLSequence: RandomAccessCollection, Sendable {
    let tree: YAMLTree
    let first: Int
    /// The number of elements.
    public let count: Int

    /// No items: what a null stands for where a list is expected.
    public static let empty = YAMLSequence(tree: YAMLTree(records: [], texts: [], children: []), first: 0, count: 0)

    /// Positions count from zero.
    public var startIndex: Int { 0 }
    /// Just past the last element.
    public var endIndex: Int { count }

    /// The item at `position`.
    public subscript(position: Int) -> YAMLNode {
        YAMLNode(tree: tree, index: tree.children[first + position])
    }
}
