import Diagnostics

/// One node of a YAML document, with the source range it came from.
///
/// Aliases are already expanded (sharing storage with their anchor), so consumers never see
/// them; the parser's expansion budget bounds how large that expansion may be.
public struct YAMLNode: Sendable {
    /// What a node holds.
    public enum Content: Sendable {
        /// A scalar: its text and how it was written.
        case scalar(YAMLScalar)
        /// A sequence of nodes, in order.
        case sequence([YAMLNode])
        /// A mapping with string keys, in source order, keys unique.
        case mapping([YAMLMappingEntry])
    }

    /// The node's content.
    public var content: Content
    /// From the first character of the node to just past its last.
    public var range: SourceRange
    /// The explicit tag in its resolved form (`tag:yaml.org,2002:str`), or `nil` when untagged.
    public var tag: String?

    /// Creates a node.
    public init(content: Content, range: SourceRange, tag: String? = nil) {
        self.content = content
        self.range = range
        self.tag = tag
    }

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
