import Diagnostics

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The canonical value tree of a spec: ordered, JSON-encodable, and the one form every later
/// stage compares, stores and hashes.
///
/// Lists whose order means something (stages, questions, choices) are `.list`; lists whose order
/// means nothing (approvers, sponsors, resource roles) are `.set`, kept sorted and de-duplicated so
/// that equal sets are equal values and hash identically. Objects keep their fields in canonical
/// field order, so the JSON text is byte-stable.
public enum CanonicalValue: Hashable, Sendable {
    /// No value.
    case null
    /// A boolean.
    case bool(Bool)
    /// An integer.
    case int(Int)
    /// A string.
    case string(String)
    /// An ordered list.
    case list([CanonicalValue])
    /// An unordered collection: always sorted by `canonicalOrder`, without duplicates.
    case set([CanonicalValue])
    /// Fields in canonical order.
    case object([CanonicalField])

    /// Builds a set value from elements in any order: sorted by `canonicalOrder`, duplicates dropped.
    public static func unordered(_ elements: [CanonicalValue]) -> CanonicalValue {
        guard elements.count > 1 else { return .set(elements) }
        let sorted = elements.sorted(by: canonicalOrder)
        var unique: [CanonicalValue] = [sorted[0]]
        unique.reserveCapacity(sorted.count)
        for element in sorted.dropFirst() where element != unique[unique.count - 1] { unique.append(element) }
        return .set(unique)
    }

    /// The total order of set elements: by kind (null, bool, int, string, list, set, object), then by
    /// value; strings by Swift's string order, lists and sets element by element, objects field by field. It
    /// compares values in place, with no JSON text made.
    public static func canonicalOrder(_ a: CanonicalValue, _ b: CanonicalValue) -> Bool {
        switch (a, b) {
        case (.null, .null): return false
        case (.bool(let x), .bool(let y)): return !x && y
        case (.int(let x), .int(let y)): return x < y
        // Swift's own string order, which agrees with its `==` (canonically equivalent text is equal).
        case (.string(let x), .string(let y)): return x < y
        case (.list(let x), .list(let y)), (.set(let x), .set(let y)):
            return x.lexicographicallyPrecedes(y, by: canonicalOrder)
        case (.object(let x), .object(let y)):
            return x.lexicographicallyPrecedes(y) { f, g in
                f.name != g.name ? f.name < g.name : canonicalOrder(f.value, g.value)
            }
        default: return a.rank < b.rank
        }
    }

    private var rank: Int {
        switch self {
        case .null: 0
        case .bool: 1
        case .int: 2
        case .string: 3
        case .list: 4
        case .set: 5
        case .object: 6
        }
    }

    /// Builds an object from `(name, value)` pairs, in the order given.
    public static func fields(_ pairs: KeyValuePairs<String, CanonicalValue>) -> CanonicalValue {
        .object(pairs.map { CanonicalField(name: $0.key, value: $0.value) })
    }

    /// The elements of a list or set; none for any other value.
    public var elements: [CanonicalValue] {
        switch self {
        case .list(let items), .set(let items): items
        default: []
        }
    }

    /// The value of field `name` of an object, if any.
    public subscript(field name: String) -> CanonicalValue? {
        guard case .object(let fields) = self else { return nil }
        return fields.first { $0.name == name }?.value
    }

    /// Compact JSON text, fields in canonical order: the form that is stored and hashed.
    public func jsonText() -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(256)
        writeCompact(to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends the compact JSON text's UTF-8 bytes: the fast path for storing and hashing, which
    /// builds no intermediate strings.
    public func writeCompact(to out: inout [UInt8]) {
        switch self {
        case .null: out.append(contentsOf: "null".utf8)
        case .bool(let value): out.append(contentsOf: (value ? "true" : "false").utf8)
        case .int(let value): out.append(contentsOf: String(value).utf8)
        case .string(let value): Self.writeQuoted(value, to: &out)
        case .list(let items), .set(let items):
            out.append(UInt8(ascii: "["))
            for (index, item) in items.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                item.writeCompact(to: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let fields):
            out.append(UInt8(ascii: "{"))
            for (index, field) in fields.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                Self.writeQuoted(field.name, to: &out)
                out.append(UInt8(ascii: ":"))
                field.value.writeCompact(to: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
    }

    /// Whether `writeCompact` would write exactly `text`: compared as it is walked, with nothing
    /// written, so telling an unchanged stored spec from a changed one allocates nothing (unless a
    /// string holds characters JSON escapes).
    public func isCompactJSON(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { bytes in
            var index = 0
            return matchesCompact(bytes, &index) && index == bytes.count
        }
    }

    private func matchesCompact(_ bytes: UnsafeBufferPointer<UInt8>, _ index: inout Int) -> Bool {
        func next(_ byte: UInt8) -> Bool {
            guard index < bytes.count, bytes[index] == byte else { return false }
            index += 1
            return true
        }
        switch self {
        case .null: return Self.matches(bytes, &index, "null".utf8)
        case .bool(let value): return Self.matches(bytes, &index, (value ? "true" : "false").utf8)
        case .int(let value): return Self.matches(bytes, &index, String(value).utf8)
        case .string(let value): return Self.matchesQuoted(value, bytes, &index)
        case .list(let items), .set(let items):
            guard next(UInt8(ascii: "[")) else { return false }
            for position in items.indices {
                if position > 0, !next(UInt8(ascii: ",")) { return false }
                guard items[position].matchesCompact(bytes, &index) else { return false }
            }
            return next(UInt8(ascii: "]"))
        case .object(let fields):
            guard next(UInt8(ascii: "{")) else { return false }
            for position in fields.indices {
                if position > 0, !next(UInt8(ascii: ",")) { return false }
                guard Self.matchesQuoted(fields[position].name, bytes, &index), next(UInt8(ascii: ":")),
                    fields[position].value.matchesCompact(bytes, &index)
                else {
                    return false
                }
            }
            return next(UInt8(ascii: "}"))
        }
    }

    private static func matches(_ bytes: UnsafeBufferPointer<UInt8>, _ index: inout Int, _ expected: some Collection<UInt8>) -> Bool {
        for byte in expected {
            guard index < bytes.count, bytes[index] == byte else { return false }
            index += 1
        }
        return true
    }

    private static func matchesQuoted(_ text: String, _ bytes: UnsafeBufferPointer<UInt8>, _ index: inout Int) -> Bool {
        guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { return false }
        let matched = text.utf8.withContiguousStorageIfAvailable { utf8 -> Bool? in
            // Text JSON escapes nothing in (almost all of it) is compared as one block of bytes.
            guard !utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) else { return nil }
            let end = index + 1 + utf8.count
            guard end < bytes.count, bytes[end] == UInt8(ascii: "\"") else { return false }
            if let text = utf8.baseAddress, let stored = bytes.baseAddress, memcmp(stored + index + 1, text, utf8.count) != 0 { return false }
            index = end + 1
            return true
        }
        if let matched, let matched { return matched }
        return matches(bytes, &index, JSONString.quote(text).utf8)
    }

    private static func writeQuoted(_ text: String, to out: inout [UInt8]) {
        let utf8 = text.utf8
        if utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) {
            out.append(contentsOf: JSONString.quote(text).utf8)
        } else {
            out.append(UInt8(ascii: "\""))
            out.append(contentsOf: utf8)
            out.append(UInt8(ascii: "\""))
        }
    }

    /// Indented JSON text for people.
    public func prettyJSONText(indent: Int = 2) -> String {
        var out = ""
        write(to: &out, indent: indent, level: 0)
        return out
    }

    private func write(to out: inout String, indent: Int?, level: Int) {
        switch self {
        case .null: out += "null"
        case .bool(let value): out += value ? "true" : "false"
        case .int(let value): out += String(value)
        case .string(let value): out += JSONString.quote(value)
        case .list(let items), .set(let items):
            writeContainer(items, open: "[", close: "]", to: &out, indent: indent, level: level) { item, out in
                item.write(to: &out, indent: indent, level: level + 1)
            }
        case .object(let fields):
            writeContainer(fields, open: "{", close: "}", to: &out, indent: indent, level: level) { field, out in
                out += JSONString.quote(field.name) + (indent == nil ? ":" : ": ")
                field.value.write(to: &out, indent: indent, level: level + 1)
            }
        }
    }

    private func writeContainer<T>(
        _ items: [T], open: String, close: String, to out: inout String, indent: Int?, level: Int,
        element: (T, inout String) -> Void
    ) {
        out += open
        guard !items.isEmpty else {
            out += close
            return
        }
        for (index, item) in items.enumerated() {
            if index > 0 { out += "," }
            if let indent { out += "\n" + String(repeating: " ", count: indent * (level + 1)) }
            element(item, &out)
        }
        if let indent { out += "\n" + String(repeating: " ", count: indent * level) }
        out += close
    }
}

/// One named field of a canonical object.
public struct CanonicalField: Hashable, Sendable {
    /// The field name, in manifest vocabulary.
    public var name: String
    /// The field's value.
    public var value: CanonicalValue

    /// Creates a field.
    public init(name: String, value: CanonicalValue) {
        self.name = name
        self.value = value
    }
}

/// A model value with a canonical form.
public protocol CanonicalEncodable {
    /// The canonical value tree of this value.
    var canonicalValue: CanonicalValue { get }
}

extension CanonicalValue {
    /// A string, or null for `nil`.
    public static func optional(_ text: String?) -> CanonicalValue { text.map(CanonicalValue.string) ?? .null }
}
