import CYAML
import Diagnostics

/// What reading one file produced: its documents and any problems found.
public struct YAMLReadResult: Sendable {
    /// The non-empty documents, in file order.
    public var documents: [YAMLDocument]
    /// Problems found while reading; any error means the file cannot be trusted.
    public var diagnostics: [Diagnostic]
}

/// Reads YAML files through the system libyaml into node trees with start and end positions.
///
/// libyaml supplies events with marks; this type composes them, and adds what libyaml leaves to its
/// callers: duplicate-key detection, tag policy, the alias-expansion budget, the depth limit,
/// UTF-8 validation with a position, and empty-file detection.
public struct YAMLReader: Sendable {
    /// The limits applied to every file.
    public var limits: YAMLLimits

    /// Creates a reader with the given limits.
    public init(limits: YAMLLimits = .default) {
        self.limits = limits
    }

    /// Reads every document of `file`.
    public func read(_ file: SourceFile) -> YAMLReadResult {
        let start = SourceRange(start: SourcePosition(line: 1, column: 1))
        let whole = SourceLocation(file: file.path, range: start)
        if file.bytes.count > limits.maxFileBytes {
            let diagnostic = Diagnostic(
                .yamlFileTooLarge,
                "file is \(file.bytes.count) bytes, more than the limit of \(limits.maxFileBytes) bytes",
                at: whole,
                hints: ["split the manifests into several files"]
            )
            return YAMLReadResult(documents: [], diagnostics: [diagnostic])
        }
        if let invalid = UTF8Validation.firstInvalidPosition(in: file.bytes) {
            let diagnostic = Diagnostic(
                .yamlInvalidUTF8,
                "file is not valid UTF-8",
                at: SourceLocation(file: file.path, range: SourceRange(start: invalid)),
                hints: ["save the file as UTF-8"]
            )
            return YAMLReadResult(documents: [], diagnostics: [diagnostic])
        }
        var composer = YAMLComposer(file: file.path, budget: limits.nodeBudget(forFileOf: file.bytes.count), maxDepth: limits.maxDepth)
        composer.run(bytes: file.bytes)
        if composer.documentCount == 0, !composer.diagnostics.containsErrors {
            composer.diagnostics.append(
                Diagnostic(.yamlEmptyFile, "file contains no YAML document", at: whole, hints: ["remove the file, or add a manifest to it"])
            )
        }
        return YAMLReadResult(documents: composer.documents, diagnostics: composer.diagnostics)
    }
}

/// Composes libyaml events into a file's `YAMLTree`. Iterative (an explicit stack), so depth
/// never threatens the call stack; the depth limit still applies.
struct YAMLComposer {
    private typealias Record = YAMLTree.Record

    /// An open sequence or mapping. Its finished children wait on `pending` (a mapping's as key,
    /// value, key, value …) until it ends and they move to `children`, side by side.
    private struct Frame {
        var isMapping: Bool
        var start: SourcePosition
        var tag: String?
        var anchor: String?
        /// Where its children start on `pending`.
        var firstPending: Int
        /// The record of the key waiting for its value.
        var pendingKey: Int32?
        var skipValue = false
        /// The keys of a mapping larger than `searchedKeys`, beyond those, by name. Manifests'
        /// mappings are small: their keys are searched, and no dictionary is built for them.
        var seenKeys: [String: SourceRange] = [:]
        var size = 1

        static let searchedKeys = 16
    }

    let file: String
    let budget: Int
    let maxDepth: Int
    var diagnostics: [Diagnostic] = []
    var documentCount = 0

    private var records: [Record] = []
    private var texts: [String] = []
    private var children: [Int32] = []
    private var pending: [Int32] = []
    private var roots: [Int32] = []
    private var stack: [Frame] = []
    private var anchors: [String: (record: Int32, size: Int)] = [:]
    private var expandedNodes = 0
    private var root: Int32?
    private var documentStart = SourcePosition(line: 1, column: 1)

    init(file: String, budget: Int, maxDepth: Int) {
        self.file = file
        self.budget = budget
        self.maxDepth = maxDepth
    }

    /// The documents composed, viewing one tree.
    var documents: [YAMLDocument] {
        let tree = YAMLTree(records: records, texts: texts, children: children)
        return roots.enumerated().map { YAMLDocument(file: file, index: $0.offset, root: YAMLNode(tree: tree, index: $0.element)) }
    }

    mutating func run(bytes: [UInt8]) {
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else {
            diagnostics.append(Diagnostic(.yamlSyntax, "libyaml could not be initialised", at: location(SourcePosition(line: 1, column: 1))))
            return
        }
        defer { yaml_parser_delete(&parser) }
        // libyaml keeps a pointer to the input: the buffer must outlive the whole parse.
        bytes.withUnsafeBufferPointer { buffer in
            yaml_parser_set_input_string(&parser, buffer.baseAddress, buffer.count)
            yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING)
            var event = yaml_event_t()
            while true {
                guard yaml_parser_parse(&parser, &event) == 1 else {
                    reportSyntaxError(parser, bytes: buffer)
                    return
                }
                let keepGoing = handle(event)
                let ended = event.type == YAML_STREAM_END_EVENT
                yaml_event_delete(&event)
                if !keepGoing || ended { return }
            }
        }
    }

    /// Handles one event; returns `false` to stop reading the file.
    private mutating func handle(_ event: yaml_event_t) -> Bool {
        let start = position(event.start_mark)
        let end = position(event.end_mark)
        switch event.type {
        case YAML_DOCUMENT_START_EVENT:
            anchors = [:]
            root = nil
            documentStart = start
        case YAML_DOCUMENT_END_EVENT:
            documentCount += 1
            if let root {
                if isNull(root) {
                    diagnostics.append(Diagnostic(.yamlEmptyDocument, "document is empty", at: location(documentStart)))
                } else {
                    roots.append(root)
                }
            }
        case YAML_SCALAR_EVENT:
            let data = event.data.scalar
            let text = String(decoding: UnsafeBufferPointer(start: data.value, count: data.length), as: UTF8.self)
            let style: YAMLScalar.Style
            switch data.style {
            case YAML_SINGLE_QUOTED_SCALAR_STYLE: style = .singleQuoted
            case YAML_DOUBLE_QUOTED_SCALAR_STYLE: style = .doubleQuoted
            case YAML_LITERAL_SCALAR_STYLE: style = .literal
            case YAML_FOLDED_SCALAR_STYLE: style = .folded
            default: style = .plain
            }
            // Microsoft Graph refuses NUL in strings, and so do PostgreSQL's text and JSON types:
            // a value with one could never be applied, so it is an error here, where it was written.
            if UnsafeBufferPointer(start: data.value, count: data.length).contains(0) {
                diagnostics.append(
                    Diagnostic(
                        .yamlNulCharacter, "this value contains a NUL character (\\0), which Microsoft Graph and the stores cannot hold",
                        at: location(start, end)))
            }
            let tag = checkedTag(data.tag, at: start)
            texts.append(text)
            let record = Record(
                kind: .scalar, style: style, first: Int32(texts.count - 1), count: 0, range: SourceRange(start: start, end: end), tag: tag)
            return complete(record, size: 1, anchor: string(data.anchor), at: start)
        case YAML_SEQUENCE_START_EVENT, YAML_MAPPING_START_EVENT:
            if stack.count >= maxDepth {
                diagnostics.append(
                    Diagnostic(.yamlTooDeep, "nesting is deeper than the limit of \(maxDepth) levels", at: location(start, end))
                )
                return false
            }
            let isMapping = event.type == YAML_MAPPING_START_EVENT
            let tagPointer = isMapping ? event.data.mapping_start.tag : event.data.sequence_start.tag
            let anchorPointer = isMapping ? event.data.mapping_start.anchor : event.data.sequence_start.anchor
            stack.append(
                Frame(
                    isMapping: isMapping, start: start, tag: checkedTag(tagPointer, at: start), anchor: string(anchorPointer),
                    firstPending: pending.count))
            return spend(1, at: start)
        case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
            guard let frame = stack.popLast() else { return true }
            let first = children.count
            children.append(contentsOf: pending[frame.firstPending...])
            pending.removeSubrange(frame.firstPending...)
            let count = children.count - first
            let record = Record(
                kind: frame.isMapping ? .mapping : .sequence, style: .plain, first: Int32(first), count: Int32(frame.isMapping ? count / 2 : count),
                range: SourceRange(start: frame.start, end: end), tag: frame.tag)
            return complete(record, size: frame.size, anchor: frame.anchor, at: frame.start)
        case YAML_ALIAS_EVENT:
            let name = string(event.data.alias.anchor) ?? ""
            guard let anchored = anchors[name] else {
                diagnostics.append(Diagnostic(.yamlUnknownAlias, "alias '*\(name)' refers to no anchor defined before it", at: location(start, end)))
                return false
            }
            guard spend(anchored.size, at: start, end: end) else { return false }
            var record = records[Int(anchored.record)]
            record.range = SourceRange(start: start, end: end)
            return complete(record, size: anchored.size, anchor: nil, at: start, alreadySpent: true)
        default:
            break
        }
        return true
    }

    /// Whether `record` is a null scalar.
    private func isNull(_ record: Int32) -> Bool {
        let record = records[Int(record)]
        return record.kind == .scalar && YAMLScalar(value: texts[Int(record.first)], style: record.style).resolved(tag: record.tag) == .null
    }

    /// Adds a finished node and attaches it to its parent (or makes it the document root).
    /// The parent is changed where it lies on the stack, never copied off it and back.
    private mutating func complete(_ record: Record, size: Int, anchor: String?, at start: SourcePosition, alreadySpent: Bool = false) -> Bool {
        if !alreadySpent, record.kind == .scalar, !spend(1, at: start) { return false }
        records.append(record)
        let index = Int32(records.count - 1)
        if let anchor { anchors[anchor] = (index, size) }
        let top = stack.count - 1
        guard top >= 0 else {
            root = index
            return true
        }
        stack[top].size += size
        guard stack[top].isMapping else {
            pending.append(index)
            return true
        }
        guard let key = stack[top].pendingKey else {
            // This node is a key.
            stack[top].pendingKey = index
            guard record.kind == .scalar, !isNull(index) else {
                diagnostics.append(
                    Diagnostic(
                        .yamlComplexKey, "mapping keys must be plain text, not \(record.kindDescription(texts: texts))",
                        at: location(record.range.start, record.range.end)))
                stack[top].skipValue = true
                return true
            }
            let key = texts[Int(record.first)]
            let firstPending = stack[top].firstPending
            if let first = firstRange(of: key, from: firstPending, seen: stack[top].seenKeys) {
                diagnostics.append(
                    Diagnostic(
                        .yamlDuplicateKey,
                        "duplicate key '\(key)'",
                        at: location(record.range.start, record.range.end),
                        hints: ["remove one of the two; YAML keeps neither reliably"],
                        notes: [DiagnosticNote("first defined here", at: SourceLocation(file: file, range: first))]
                    )
                )
                stack[top].skipValue = true
            } else if (pending.count - firstPending) / 2 >= Frame.searchedKeys {
                stack[top].seenKeys[key] = record.range
            }
            return true
        }
        if !stack[top].skipValue {
            pending.append(key)
            pending.append(index)
        }
        stack[top].pendingKey = nil
        stack[top].skipValue = false
        return true
    }

    /// Where `key` was first written in the mapping whose entries start at `firstPending` on
    /// `pending` (beyond the searched ones, in `seen`), if it was.
    private func firstRange(of key: String, from firstPending: Int, seen: [String: SourceRange]) -> SourceRange? {
        var position = firstPending
        let searched = min(pending.count, firstPending + 2 * Frame.searchedKeys)
        while position < searched {
            let record = records[Int(pending[position])]
            if texts[Int(record.first)] == key { return record.range }
            position += 2
        }
        return seen.isEmpty ? nil : seen[key]
    }

    /// Counts `count` more nodes against the budget; reports and stops past it.
    private mutating func spend(_ count: Int, at start: SourcePosition, end: SourcePosition? = nil) -> Bool {
        expandedNodes += count
        guard expandedNodes > budget else { return true }
        diagnostics.append(
            Diagnostic(
                .yamlAliasBudget,
                "aliases expand this file to more than \(budget) nodes",
                at: location(start, end ?? start),
                hints: ["this looks like an alias bomb; write the repeated content out, or use fewer nested aliases"]
            )
        )
        return false
    }

    private mutating func checkedTag(_ pointer: UnsafeMutablePointer<yaml_char_t>?, at start: SourcePosition) -> String? {
        guard let tag = string(pointer) else { return nil }
        if YAMLTag.allowed.contains(tag) { return tag }
        let shown = tag.hasPrefix("tag:yaml.org,2002:") ? "!!" + tag.dropFirst("tag:yaml.org,2002:".count) : tag
        diagnostics.append(
            Diagnostic(
                .yamlUnknownTag,
                "tag '\(shown)' is not allowed",
                at: location(start),
                hints: ["manifests are plain data; only the core tags !!str, !!int, !!bool, !!float, !!null, !!map and !!seq are accepted"]
            )
        )
        return nil
    }

    private mutating func reportSyntaxError(_ parser: yaml_parser_t, bytes: UnsafeBufferPointer<UInt8>) {
        let problem = parser.problem.map { String(cString: $0) } ?? "syntax error"
        let mark = position(parser.problem_mark)
        var notes: [DiagnosticNote] = []
        if let context = parser.context.map({ String(cString: $0) }) {
            notes.append(DiagnosticNote(context, at: location(position(parser.context_mark))))
        }
        var hints: [String] = []
        if problem.contains("tab") || lineHasTab(bytes: bytes, line: mark.line) {
            hints.append("YAML indentation must use spaces; this line contains a tab")
        }
        diagnostics.append(Diagnostic(.yamlSyntax, problem, at: location(mark), hints: hints, notes: notes))
    }

    private func lineHasTab(bytes: UnsafeBufferPointer<UInt8>, line: Int) -> Bool {
        var current = 1
        for byte in bytes {
            if byte == UInt8(ascii: "\n") {
                current += 1
                if current > line { return false }
            } else if current == line, byte == UInt8(ascii: "\t") {
                return true
            }
        }
        return false
    }

    private func string(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
        guard let pointer else { return nil }
        return String(cString: pointer)
    }

    private func position(_ mark: yaml_mark_t) -> SourcePosition {
        SourcePosition(line: mark.line + 1, column: mark.column + 1)
    }

    private func location(_ start: SourcePosition, _ end: SourcePosition? = nil) -> SourceLocation {
        SourceLocation(file: file, range: SourceRange(start: start, end: end))
    }
}
