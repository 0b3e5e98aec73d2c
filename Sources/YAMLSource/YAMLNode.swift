import Diagnostics

/// The nodes of one YAML file, stored flat: one record per node, the scalars' texts, and the
/// children of every sequence and mapping side by side in one array.
///
/// A file's nodes are made once and only read after, so three arrays hold them all, where a tree
/// of values would make an array for every list and mapping and copy each node into its parent:
/// at 10,000 manifests that was most of the reader's time.
public final class YAMLTree: Sendable {
    /// What one node is, and where its content lives.
    struct Record: Sendable {
        enum Kind: UInt8, Sendable { case scalar, sequence, mapping }
        var kind: Kind
        var style: YAMLScalar.Style
        /// Scalar: index into `texts`. Sequence and mapping: index of the first child in `children`.
        var first: Int32
        /// Sequence: children. Mapping: entries (each is a key's record, then its value's).
        var count: Int32
        var range: SourceRange
        var tag: String?
    }

    let records: [Record]
    let texts: [String]
    let children: [Int32]

    init(records: [Record], texts: [String], children: [Int32]) {
        self.records = records
        self.texts = texts
        self.children = children
    }
}

/// One node of a YAML document, with the source range it came from: a view of its file's
/// `YAMLTree`.
///
/// Aliases are already expanded (sharing content with their anchor), so consumers never see
/// them; the parser's expansion budget bounds how large that expansion may be.
public struct YAMLNode: Sendable {
    /// What a node holds.
    public enum Content: Sendable {
        /// A scalar: its text and how it was written.
        case scalar(YAMLScalar)
        /// A sequence of nodes, in order.
        case sequence(YAMLSequence)
        /// A mapping with string keys, in source order, keys unique.
        case mapping(YAMLMapping)
    }

    let tree: YAMLTree
    let index: Int32

    init(tree: YAMLTree, index: Int32) {
        self.tree = tree
        self.index = index
    }

    private var record: YAMLTree.Record { tree.records[Int(index)] }

    /// The node's content.
    public var content: Content {
        let record = record
        switch record.kind {
        case .scalar: return .scalar(YAMLScalar(value: tree.texts[Int(record.first)], style: record.style))
        case .sequence: return .sequence(YAMLSequence(tree: tree, first: Int(record.first), count: Int(record.count)))
        case .mapping: return .mapping(YAMLMapping(tree: tree, first: Int(record.first), count: Int(record.count)))
        }
    }

    /// From the first character of the node to just past its last.
    public var range: SourceRange { record.range }

    /// The explicit tag in its resolved form (`tag:yaml.org,2002:str`), or `nil` when untagged.
    public var tag: String? { record.tag }

    /// A short word for the node's kind, used in "expected …, found …" messages.
    public var kindDescription: String {
        switch content {
        case .scalar(let scalar):
            switch scalar.resolved(tag: tag) {
            case .null: return "null"
            case .bool: return "a boolean"
            case .int: return "an integer"
            case .float: return "a number"
            case .string: return "a string"
            }
        case .sequence: return "a list"
        case .mapping: return "a mapping"
        }
    }
}

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

/// A scalar's text and style. Plain scalars are resolved by the YAML 1.2 core schema; quoted and
/// block scalars are always strings.
public struct YAMLScalar: Sendable, Hashable {
    /// How a scalar was written in the source.
    public enum Style: Sendable, Hashable {
        /// Unquoted.
        case plain
        /// `'…'`
        case singleQuoted
        /// `"…"`
        case doubleQuoted
        /// `|`
        case literal
        /// `>`
        case folded
    }

    /// The scalar's text after YAML's unescaping and folding.
    public var value: String
    /// How it was written.
    public var style: Style

    /// Creates a scalar.
    public init(value: String, style: Style) {
        self.value = value
        self.style = style
    }
}

/// One `key: value` pair of a mapping; the key is always a scalar.
public struct YAMLMappingEntry: Sendable {
    /// The key's text.
    public var key: String
    /// Where the key is written.
    public var keyRange: SourceRange
    /// The value node.
    public var value: YAMLNode

    /// Creates an entry.
    public init(key: String, keyRange: SourceRange, value: YAMLNode) {
        self.key = key
        self.keyRange = keyRange
        self.value = value
    }
}

/// One document of a YAML file (files may hold several, separated by `---`).
public struct YAMLDocument: Sendable {
    /// The path of the file the document came from.
    public var file: String
    /// 0-based index of the document within its file.
    public var index: Int
    /// The root node.
    public var root: YAMLNode
}
