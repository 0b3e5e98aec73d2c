import Diagnostics

/// The canonical value tree of a spec: ordered, JSON-encodable, and the one form every later
/// stage compares, stores and hashes.
///
/// Lists whose order means something (stages, questions, choices) are `.list`; lists whose order
/// means nothing (approvers, sponsors, resource roles) are `.set`, kept sorted and de-duplicated so
/// that equal sets are equal values and hash identically. Objects keep their fields in canonical
/// field order, so the JSON text is byte-stable.
public indirect enum CanonicalValue: Hashable, Sendable {
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
    /// An unordered collection: always sorted by JSON text, without duplicates.
    case set([CanonicalValue])
    /// Fields in canonical order.
    case object([CanonicalField])

    /// Builds a set value from elements in any order.
    public static func unordered(_ elements: [CanonicalValue]) -> CanonicalValue {
        var seen = Set<String>()
        let keyed = elements.map { ($0.jsonText(), $0) }.sorted { $0.0 < $1.0 }
        return .set(keyed.compactMap { seen.insert($0.0).inserted ? $0.1 : nil })
    }

    /// Builds an object from `(name, value)` pairs, in the order given.
    public static func fields(_ pairs: KeyValuePairs<String, CanonicalValue>) -> CanonicalValue {
        .object(pairs.map { CanonicalField(name: $0.key, value: $0.value) })
    }

    /// The value of field `name` of an object, if any.
    public subscript(field name: String) -> CanonicalValue? {
        guard case .object(let fields) = self else { return nil }
        return fields.first { $0.name == name }?.value
    }

    /// Compact JSON text, fields in canonical order: the form that is stored and hashed.
    public func jsonText() -> String {
        var out = ""
        write(to: &out, indent: nil, level: 0)
        return out
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
