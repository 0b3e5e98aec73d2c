import Diagnostics

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
    public var kindDescription: String { record.kindDescription(texts: tree.texts) }
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
