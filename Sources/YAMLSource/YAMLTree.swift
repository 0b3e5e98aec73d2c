import Diagnostics

/// The nodes of one YAML file, stored flat: one record per node, the scalars' texts, and the
/// children of every sequence and mapping side by side in one array.
///
/// A file's nodes are made once and only read after, so three arrays hold them all, where a tree
/// of values would make an array for every list and mapping and copy each node into its parent:
/// at 10,000 manifests that was most of the reader's time.
final class YAMLTree: Sendable {
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

extension YAMLTree.Record {
    /// A short word for the node's kind, used in "expected …, found …" messages; `texts` holds
    /// the scalars' texts.
    func kindDescription(texts: [String]) -> String {
        switch kind {
        case .scalar:
            switch YAMLScalar(value: texts[Int(first)], style: style).resolved(tag: tag) {
            case .null: "null"
            case .bool: "a boolean"
            case .int: "an integer"
            case .float: "a number"
            case .string: "a string"
            }
        case .sequence: "a list"
        case .mapping: "a mapping"
        }
    }
}
